package dnssec

import (
	"crypto"
	"errors"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// testKey is a generated key pair; miekg/dns signs (an independent
// implementation of RFC 4034 §6 canonical form) and we verify.
type testKey struct {
	dnskey *dns.DNSKEY
	priv   crypto.Signer
}

func genKey(t testing.TB, owner string, alg uint8, flags uint16) testKey {
	t.Helper()
	k := &dns.DNSKEY{Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET, Ttl: 3600},
		Flags: flags, Protocol: 3, Algorithm: alg}
	bits := map[uint8]int{dns.RSASHA256: 2048, dns.RSASHA512: 2048, dns.ECDSAP256SHA256: 256, dns.ECDSAP384SHA384: 384, dns.ED25519: 256}[alg]
	priv, err := k.Generate(bits)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{k, priv.(crypto.Signer)}
}

var testNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func (k testKey) sign(t testing.TB, rrset []dns.RR, mod func(*dns.RRSIG)) *dns.RRSIG {
	t.Helper()
	h := rrset[0].Header()
	sig := &dns.RRSIG{Hdr: dns.RR_Header{Name: h.Name, Rrtype: dns.TypeRRSIG, Class: h.Class, Ttl: h.Ttl},
		TypeCovered: h.Rrtype, Algorithm: k.dnskey.Algorithm, Labels: uint8(dns.CountLabel(h.Name)), OrigTtl: h.Ttl,
		Inception: uint32(testNow.Add(-24 * time.Hour).Unix()), Expiration: uint32(testNow.Add(24 * time.Hour).Unix()),
		KeyTag: k.dnskey.KeyTag(), SignerName: k.dnskey.Hdr.Name}
	if mod != nil {
		mod(sig)
	}
	if err := sig.Sign(k.priv, rrset); err != nil {
		t.Fatal(err)
	}
	return sig
}

func TestVerifyRRSIGGenerated(t *testing.T) {
	zsk := genKey(t, "example.com.", dns.ECDSAP256SHA256, 256)
	revoked := genKey(t, "example.com.", dns.ECDSAP256SHA256, 257|flagRevoke)
	nonZone := genKey(t, "example.com.", dns.ECDSAP256SHA256, 0)
	proto2 := genKey(t, "example.com.", dns.ECDSAP256SHA256, 256)
	proto2.dnskey.Protocol = 2
	a := mustRRs(t, "www.example.com. 300 IN A 192.0.2.1\nwww.example.com. 300 IN A 192.0.2.2")
	wild := mustRRs(t, "*.example.com. 300 IN TXT \"w\"")
	keys := []dns.RR{zsk.dnskey, revoked.dnskey}

	cases := []struct {
		name  string
		key   testKey
		rrset []dns.RR
		sig   func() *dns.RRSIG
		check []dns.RR // RRset given to VerifyRRSIG (default rrset)
		now   time.Time
		want  error
	}{
		{name: "valid", key: zsk, rrset: a},
		{name: "valid, RRs reversed and upper-case, TTL decremented", key: zsk, rrset: a,
			check: mustRRs(t, "WWW.EXAMPLE.COM. 17 IN A 192.0.2.2\nwww.Example.com. 17 IN A 192.0.2.1")},
		{name: "valid, duplicate RR", key: zsk, rrset: a,
			check: mustRRs(t, "www.example.com. 300 IN A 192.0.2.1\nwww.example.com. 300 IN A 192.0.2.2\nwww.example.com. 300 IN A 192.0.2.1")},
		{name: "missing RR", key: zsk, rrset: a, check: a[:1], want: ErrBadSignature},
		{name: "wildcard expansion", key: zsk, rrset: wild, check: mustRRs(t, "a.b.example.com. 300 IN TXT \"w\"")},
		{name: "wildcard expansion to the wrong zone", key: zsk, rrset: wild, check: mustRRs(t, "a.b.example.org. 300 IN TXT \"w\""), want: ErrSignerName},
		{name: "revoked key signs A", key: revoked, rrset: a, want: ErrRevoked},
		{name: "revoked key signs its DNSKEY RRset", key: revoked, rrset: keys},
		{name: "no zone key flag", key: nonZone, rrset: a, want: ErrNotZoneKey},
		{name: "protocol 2", key: proto2, rrset: a, want: ErrProtocol},
		{name: "class differs", key: zsk, rrset: a, check: mustRRs(t, "www.example.com. 300 CH A 192.0.2.1"), want: ErrRRset},
		{name: "type differs", key: zsk, rrset: a, check: mustRRs(t, "www.example.com. 300 IN AAAA 2001:db8::1"), want: ErrRRset},
		{name: "mixed owners", key: zsk, rrset: a, check: mustRRs(t, "www.example.com. 300 IN A 192.0.2.1\nwww2.example.com. 300 IN A 192.0.2.2"), want: ErrRRset},
		{name: "expiration before inception", key: zsk, rrset: a, sig: func() *dns.RRSIG {
			return zsk.sign(t, a, func(s *dns.RRSIG) { s.Inception, s.Expiration = s.Expiration, s.Inception })
		}, want: ErrExpiredBeforeValid},
		{name: "serial arithmetic across 2^32", key: zsk, rrset: a, sig: func() *dns.RRSIG {
			return zsk.sign(t, a, func(s *dns.RRSIG) { s.Inception, s.Expiration = 1<<32-100, 1000 })
		}, now: time.Unix(1<<32+50, 0)},
		{name: "expired across 2^32", key: zsk, rrset: a, sig: func() *dns.RRSIG {
			return zsk.sign(t, a, func(s *dns.RRSIG) { s.Inception, s.Expiration = 1<<32-100, 1000 })
		}, now: time.Unix(1<<32+1001, 0), want: ErrExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var sig *dns.RRSIG
			if c.sig != nil {
				sig = c.sig()
			} else {
				sig = c.key.sign(t, c.rrset, nil)
			}
			if c.name == "wildcard expansion" || c.name == "wildcard expansion to the wrong zone" {
				sig.Labels = 2
				sig = c.key.sign(t, c.rrset, func(s *dns.RRSIG) { s.Labels = 2 })
				sig.Hdr.Name = c.check[0].Header().Name
			}
			check := c.rrset
			if c.check != nil {
				check = c.check
				if sig.Hdr.Name != check[0].Header().Name && c.want != ErrRRset {
					sig.Hdr.Name = check[0].Header().Name
				}
				sig.Hdr.Class = c.rrset[0].Header().Class
			}
			now := c.now
			if now.IsZero() {
				now = testNow
			}
			key, err := NewKey(c.key.dnskey)
			if err != nil {
				t.Fatal(err)
			}
			err = VerifyRRSIG(check, sig, key, now)
			if c.want == nil && err != nil {
				t.Fatalf("VerifyRRSIG: %v", err)
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("VerifyRRSIG = %v, want %v", err, c.want)
			}
			if c.want != nil && !errors.Is(err, ErrBogus) {
				t.Fatalf("VerifyRRSIG = %v, not ErrBogus", err)
			}
		})
	}
}

func TestWildcardExpanded(t *testing.T) {
	sig := &dns.RRSIG{Labels: 2}
	if w, ok := wildcardExpanded("a.b.example.com.", sig); !ok || w != "*.example.com." {
		t.Errorf("wildcardExpanded = %q, %v", w, ok)
	}
	if _, ok := wildcardExpanded("*.example.com.", sig); ok {
		t.Error("the wildcard RRset itself reported as an expansion")
	}
	if _, ok := wildcardExpanded("www.example.com.", &dns.RRSIG{Labels: 3}); ok {
		t.Error("plain RRset reported as an expansion")
	}
}

func TestValidatedTTL(t *testing.T) {
	sig := &dns.RRSIG{Hdr: dns.RR_Header{Ttl: 500}, OrigTtl: 400, Expiration: uint32(testNow.Unix()) + 100}
	rrs := mustRRs(t, "a.example. 300 IN A 192.0.2.1")
	if got := ValidatedTTL(rrs, sig, testNow); got != 100 {
		t.Errorf("ValidatedTTL = %d, want 100 (time to expiration)", got)
	}
	sig.Expiration += 10000
	if got := ValidatedTTL(rrs, sig, testNow); got != 300 {
		t.Errorf("ValidatedTTL = %d, want 300", got)
	}
}

func TestNewKeyErrors(t *testing.T) {
	for _, c := range []struct {
		key  string
		want error
	}{
		{"example. 3600 IN DNSKEY 256 3 13 AAAA", ErrBadKey},
		{"example. 3600 IN DNSKEY 256 3 15 AAAA", ErrBadKey},
		{"example. 3600 IN DNSKEY 256 3 16 AAAA", ErrBadKey},
		{"example. 3600 IN DNSKEY 256 3 8 AQ==", ErrBadKey},
		{"example. 3600 IN DNSKEY 256 3 12 AAAA", ErrUnsupportedAlgorithm},
		{"example. 3600 IN DNSKEY 256 3 3 AAAA", ErrUnsupportedAlgorithm},
		{"example. 3600 IN DNSKEY 256 3 200 AAAA", ErrUnsupportedAlgorithm},
	} {
		_, err := NewKey(mustRR(t, c.key).(*dns.DNSKEY))
		if !errors.Is(err, c.want) {
			t.Errorf("NewKey(%s) = %v, want %v", c.key, err, c.want)
		}
	}
	// An ECDSA point that is not on the curve.
	bad := &dns.DNSKEY{Hdr: dns.RR_Header{Name: "example."}, Flags: 256, Protocol: 3, Algorithm: 13,
		PublicKey: "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/QA=="}
	if _, err := NewKey(bad); !errors.Is(err, ErrBadKey) {
		t.Errorf("NewKey(point off curve) = %v, want ErrBadKey", err)
	}
}
