package rsep

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// collidingZone builds a zone signed by one RSA key whose DNSKEY RRset
// holds n-1 further keys with the same tag and algorithm, before the real
// one (RFC 4034 Appendix B tags are a 16-bit checksum).
func collidingZone(t *testing.T, n int) *Zone {
	t.Helper()
	inc := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	return signedRSAZone(t, n, inc, inc.AddDate(0, 2, 0))
}

// signedRSAZone is collidingZone with the signatures' validity given.
func signedRSAZone(t *testing.T, n int, inc, exp time.Time) *Zone {
	t.Helper()
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pub := func(e int, mod []byte) string {
		b := []byte{3, byte(e >> 16), byte(e >> 8), byte(e)}
		return base64.StdEncoding.EncodeToString(append(b, mod...))
	}
	hdr := dns.RR_Header{Name: "example.", Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET, Ttl: 3600}
	real := &dns.DNSKEY{Hdr: hdr, Flags: 257, Protocol: 3, Algorithm: dns.RSASHA256, PublicKey: pub(priv.E, priv.N.Bytes())}
	tag := real.KeyTag()
	var keys []dns.RR
	for len(keys) < n-1 {
		mod := make([]byte, 256)
		rand.Read(mod)
		mod[0] |= 0x80
		mod[255] |= 1
		mod[2], mod[3] = 0, 0
		k := &dns.DNSKEY{Hdr: hdr, Flags: 257, Protocol: 3, Algorithm: dns.RSASHA256, PublicKey: pub(65537, mod)}
		base := k.KeyTag()
		for d := -2; d <= 2; d++ {
			v := uint16(int(tag) - int(base) + d)
			mod[2], mod[3] = byte(v>>8), byte(v)
			k.PublicKey = pub(65537, mod)
			if k.KeyTag() == tag {
				keys = append(keys, k)
				break
			}
		}
	}
	keys = append(keys, real)
	rr := func(s string) dns.RR {
		r, err := dns.NewRR(s)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	sets := [][]dns.RR{
		{rr("example. 3600 IN SOA ns1.example. hostmaster.example. 1 14400 3600 1209600 3600")},
		{rr("example. 3600 IN NS ns1.example."), rr("example. 3600 IN NS ns2.example.")},
		keys,
		{rr("ns1.example. 3600 IN A 185.24.64.1")},
		{rr("ns2.example. 3600 IN A 185.24.65.1")},
	}
	var all []dns.RR
	for _, set := range sets {
		sig := &dns.RRSIG{Hdr: dns.RR_Header{Name: set[0].Header().Name, Rrtype: dns.TypeRRSIG, Class: dns.ClassINET, Ttl: 3600},
			Algorithm: dns.RSASHA256, SignerName: "example.", KeyTag: tag, Inception: uint32(inc.Unix()), Expiration: uint32(exp.Unix())}
		if err := sig.Sign(priv, set); err != nil {
			t.Fatal(err)
		}
		all = append(append(all, set...), sig)
	}
	return NewZone("example.", all)
}

// TestKeyTagCollisionsCapped: with 200 keys sharing the signer's tag, each
// RRSIG costs at most MaxKeysPerRRSIG verifications (before the cap: 200,
// so the 5 signatures of SEC02 alone would exhaust a budget of 100), and the
// cap is reported once per check.
func TestKeyTagCollisionsCapped(t *testing.T) {
	z := collidingZone(t, 200)
	rep, err := Run(t.Context(), &Target{Zone: z, Now: at(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)), Checks: []string{"SEC02"}, Limits: Limits{SignatureChecks: 100}})
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, f := range rep.Findings {
		tags = append(tags, f.Tag)
	}
	got := strings.Join(tags, " ")
	if strings.Contains(got, "SIGNATURE_BUDGET") {
		t.Errorf("signature budget exhausted: keys per RRSIG not capped (%s)", got)
	}
	if countCheck(rep, "SEC02") == 0 || !strings.Contains(got, "KEYTAG_COLLISIONS") || strings.Count(got, "KEYTAG_COLLISIONS") != 1 {
		t.Errorf("want one KEYTAG_COLLISIONS finding, got %s", got)
	}
}
