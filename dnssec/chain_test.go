package dnssec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// testChain builds a signed root → example. → www.example. chain in Go.
type testChain struct {
	anchor  *dns.DS
	rrs     []dns.RR
	rootKey testKey
	exKey   testKey
}

func signed(t testing.TB, k testKey, rrs ...dns.RR) []dns.RR {
	return append(rrs, k.sign(t, rrs, nil))
}

func newTestChain(t testing.TB) *testChain {
	c := &testChain{rootKey: genKey(t, ".", dns.ECDSAP256SHA256, 257), exKey: genKey(t, "example.", dns.ED25519, 257)}
	c.anchor = c.rootKey.dnskey.ToDS(dns.SHA256)
	ds := c.exKey.dnskey.ToDS(dns.SHA256)
	ds.Hdr.Ttl = 3600
	c.rrs = append(c.rrs, signed(t, c.rootKey, c.rootKey.dnskey)...)
	c.rrs = append(c.rrs, signed(t, c.rootKey, ds)...)
	c.rrs = append(c.rrs, signed(t, c.exKey, c.exKey.dnskey)...)
	c.rrs = append(c.rrs, signed(t, c.exKey, mustRR(t, "www.example. 300 IN A 192.0.2.1"))...)
	return c
}

func (c *testChain) validator(t testing.TB) *Validator {
	v, err := NewValidator(&Config{Anchors: []dns.RR{c.anchor}, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestValidateChain(t *testing.T) {
	c := newTestChain(t)
	v := c.validator(t)
	res := v.ValidateChain(&Chain{RRs: c.rrs}, "www.example.", dns.TypeA)
	if res.Verdict != Secure || res.Err() != nil || len(res.Answer) != 1 {
		t.Fatalf("secure chain: %v EDE %d %v", res.Verdict, res.EDE, res.Err())
	}
	if len(res.Chain) < 2 || res.Chain[0].Zone != "." || res.Chain[1].Zone != "example." {
		t.Errorf("chain walked = %+v", res.Chain)
	}

	// Wire round trip through the RFC 9102 extension format.
	wire, err := (&Chain{RRs: c.rrs}).appendWire(nil)
	if err != nil {
		t.Fatal(err)
	}
	ext := binary.BigEndian.AppendUint16(nil, 24)
	ext = binary.BigEndian.AppendUint16(ext, uint16(len(wire)))
	ext = append(ext, wire...)
	parsed, life, err := ParseChainExtension(ext)
	if err != nil || life != 24 || len(parsed.RRs) != len(c.rrs) {
		t.Fatalf("ParseChainExtension: %v, lifetime %d, %d RRs", err, life, len(parsed.RRs))
	}
	if res := v.ValidateChain(parsed, "www.example.", dns.TypeA); res.Verdict != Secure {
		t.Errorf("parsed chain: %v %v", res.Verdict, res.Err())
	}

	// Presentation format round trip.
	var text strings.Builder
	for _, rr := range c.rrs {
		text.WriteString(rr.String() + "\n")
	}
	rc, err := ReadChain(strings.NewReader(text.String()))
	if err != nil {
		t.Fatal(err)
	}
	if res := v.ValidateChain(rc, "www.example.", dns.TypeA); res.Verdict != Secure {
		t.Errorf("text chain: %v %v", res.Verdict, res.Err())
	}

	// Tampered answer, missing DS, wrong anchor, no anchor.
	bad := append([]dns.RR(nil), c.rrs...)
	a := dns.Copy(bad[len(bad)-2]).(*dns.A)
	a.A[3] = 2
	bad[len(bad)-2] = a
	if res := v.ValidateChain(&Chain{RRs: bad}, "www.example.", dns.TypeA); res.Verdict != Bogus || !errors.Is(res.Err(), ErrBadSignature) {
		t.Errorf("tampered: %v %v", res.Verdict, res.Err())
	}
	noDS := append(append([]dns.RR(nil), c.rrs[:2]...), c.rrs[4:]...)
	if res := v.ValidateChain(&Chain{RRs: noDS}, "www.example.", dns.TypeA); res.Verdict != Bogus {
		t.Errorf("missing DS: %v %v", res.Verdict, res.Err())
	}
	if res := v.ValidateChain(&Chain{RRs: c.rrs}, "www.example.", dns.TypeA); res.EDE != EDENone {
		t.Errorf("secure result carries EDE %d", res.EDE)
	}
	other := genKey(t, "org.", dns.ECDSAP256SHA256, 257)
	vo, _ := NewValidator(&Config{Anchors: []dns.RR{other.dnskey}, Now: func() time.Time { return testNow }})
	if res := vo.ValidateChain(&Chain{RRs: c.rrs}, "www.example.", dns.TypeA); res.Verdict != Indeterminate || res.EDE != 5 {
		t.Errorf("no anchor: %v EDE %d", res.Verdict, res.EDE)
	}
	vl, _ := NewValidator(&Config{Anchors: []dns.RR{c.anchor}, Now: func() time.Time { return testNow.Add(72 * time.Hour) }})
	if res := vl.ValidateChain(&Chain{RRs: c.rrs}, "www.example.", dns.TypeA); res.Verdict != Bogus || res.EDE != 7 {
		t.Errorf("expired: %v EDE %d", res.Verdict, res.EDE)
	}
}

func TestParseChainErrors(t *testing.T) {
	for name, b := range map[string][]byte{
		"short":     {0, 1},
		"length":    {0, 1, 0, 9, 1, 2},
		"garbage":   {0, 1, 0, 3, 0xff, 0xff, 0xff},
		"truncated": append([]byte{0, 1, 0, 12}, bytes.Repeat([]byte{3, 'w', 'w', 'w'}, 3)...),
	} {
		if _, _, err := ParseChainExtension(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
	if _, err := ReadChain(strings.NewReader("example. IN A not-an-address\n")); !errors.Is(err, ErrMalformed) {
		t.Errorf("ReadChain bad text: %v", err)
	}
}

// TestKeyTrap checks that a DNSKEY RRset with many colliding key tags and
// many bogus signatures (CVE-2023-50387) fails fast and within the limits.
func TestKeyTrap(t *testing.T) {
	real := genKey(t, ".", dns.RSASHA256, 257)
	collide := collidingKeys(t, real.dnskey, 60)
	for _, realFirst := range []bool{true, false} {
		var keys []dns.RR
		if realFirst {
			keys = append(keys, real.dnskey)
		}
		for _, k := range collide {
			keys = append(keys, k)
		}
		if !realFirst {
			keys = append(keys, real.dnskey)
		}
		rrs := append([]dns.RR(nil), keys...)
		good := real.sign(t, keys, nil)
		for i := range 60 {
			s := *good
			raw, _ := decodeSignature(good.Signature)
			raw[i%len(raw)] ^= 0xff
			s.Signature = toBase64(raw)
			rrs = append(rrs, &s)
		}
		v, err := NewValidator(&Config{Anchors: []dns.RR{real.dnskey.ToDS(dns.SHA256)}, Now: func() time.Time { return testNow }})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		res := v.ValidateChain(&Chain{RRs: rrs}, ".", dns.TypeDNSKEY)
		took := time.Since(start)
		if res.Verdict != Bogus {
			t.Errorf("realFirst=%v: verdict %v", realFirst, res.Verdict)
		}
		if took > 100*time.Millisecond {
			t.Errorf("realFirst=%v: KeyTrap validation took %v, want < 100ms", realFirst, took)
		}
		if !errors.Is(res.Err(), ErrLimitExceeded) && !errors.Is(res.Err(), ErrBadSignature) {
			t.Errorf("realFirst=%v: %v", realFirst, res.Err())
		}
		t.Logf("realFirst=%v: %v in %v, %d errors", realFirst, res.Verdict, took, len(res.Findings))
	}
}

// TestRFC4035ChainDNSKEYAnchor validates the RFC 4035 B.1 answer offline
// from a DNSKEY trust anchor (RSASHA1, so only with deprecated algorithms
// allowed; without, the zone is insecure, RFC 4035 §5.2).
func TestRFC4035ChainDNSKEYAnchor(t *testing.T) {
	c, err := ReadChain(strings.NewReader(mustReadFile(t, "testdata/rfc4035-b1.chain")))
	if err != nil {
		t.Fatal(err)
	}
	k := mustRR(t, rfc4035KSK)
	now := func() time.Time { return time.Date(2004, 4, 20, 12, 0, 0, 0, time.UTC) }
	v, _ := NewValidator(&Config{Anchors: []dns.RR{k}, AllowDeprecatedAlgorithms: true, Now: now})
	if res := v.ValidateChain(c, "x.w.example.", dns.TypeMX); res.Verdict != Secure {
		t.Errorf("with deprecated algorithms: %v %v", res.Verdict, res.Err())
	}
	strict, _ := NewValidator(&Config{Anchors: []dns.RR{k}, Now: now})
	if res := strict.ValidateChain(c, "x.w.example.", dns.TypeMX); res.Verdict != Insecure || res.EDE != 1 {
		t.Errorf("RSASHA1 without AllowDeprecatedAlgorithms: %v EDE %d, want insecure EDE 1", res.Verdict, res.EDE)
	}
}

func mustReadFile(t testing.TB, p string) string {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRFC4509DigestPreference: a SHA-1 DS is ignored when a SHA-256 DS is
// present (RFC 4509 §3), so a wrong SHA-256 digest is not rescued by a
// right SHA-1 one, while a wrong SHA-1 digest next to a right SHA-256 one
// does no harm.
func TestRFC4509DigestPreference(t *testing.T) {
	c := newTestChain(t)
	good1 := c.exKey.dnskey.ToDS(dns.SHA1)
	good2 := c.exKey.dnskey.ToDS(dns.SHA256)
	bad1, bad2 := *good1, *good2
	bad1.Digest = strings.Repeat("00", 20)
	bad2.Digest = strings.Repeat("00", 32)
	v := c.validator(t)
	for _, tc := range []struct {
		name string
		ds   []*dns.DS
		want Verdict
	}{
		{"SHA-256 only", []*dns.DS{good2}, Secure},
		{"SHA-1 only", []*dns.DS{good1}, Secure},
		{"right SHA-1, wrong SHA-256", []*dns.DS{good1, &bad2}, Bogus},
		{"wrong SHA-1, right SHA-256", []*dns.DS{&bad1, good2}, Secure},
	} {
		var dsRRs []dns.RR
		for _, d := range tc.ds {
			d.Hdr.Ttl = 3600
			dsRRs = append(dsRRs, d)
		}
		rrs := append([]dns.RR(nil), c.rrs[:2]...)
		rrs = append(rrs, signed(t, c.rootKey, dsRRs...)...)
		rrs = append(rrs, c.rrs[4:]...)
		res := v.ValidateChain(&Chain{RRs: rrs}, "www.example.", dns.TypeA)
		if res.Verdict != tc.want {
			t.Errorf("%s: %v, want %v (%v)", tc.name, res.Verdict, tc.want, res.Err())
		}
		if res.Verdict == Secure && (res.TTL == 0 || res.TTL > 300) {
			t.Errorf("%s: TTL %d, want 1..300", tc.name, res.TTL)
		}
	}
}
