package dnssec

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"math/big"
	"testing"

	"github.com/miekg/dns"
)

var benchAlgs = []struct {
	name string
	alg  uint8
}{{"8", dns.RSASHA256}, {"13", dns.ECDSAP256SHA256}, {"15", dns.ED25519}}

// benchSetup signs a typical two-address RRset, given out of canonical
// order and in mixed case so that the canonicalisation work is real.
func benchSetup(b *testing.B, alg uint8) ([]dns.RR, *dns.RRSIG, *Key, []byte) {
	k := genKey(b, "example.com.", alg, 256)
	rrset := mustRRs(b, "www.example.com. 300 IN A 192.0.2.2\nwww.example.com. 300 IN A 192.0.2.1")
	sig := k.sign(b, rrset, nil)
	rrset = mustRRs(b, "WWW.example.com. 250 IN A 192.0.2.2\nwww.Example.com. 250 IN A 192.0.2.1")
	key, err := NewKey(k.dnskey)
	if err != nil {
		b.Fatal(err)
	}
	c := canonPool.Get().(*canonBuf)
	w, _ := appendCanonicalName(nil, "example.com.")
	o, _ := appendCanonicalName(nil, "www.example.com.")
	data, err := c.signedData(rrset, sig, w, o)
	if err != nil {
		b.Fatal(err)
	}
	return rrset, sig, key, append([]byte(nil), data...)
}

// BenchmarkVerifyRRset measures VerifyRRSIG: every RFC 4035 §5.3 check,
// canonical form and the cryptographic verification.
func BenchmarkVerifyRRset(b *testing.B) {
	for _, a := range benchAlgs {
		b.Run("alg="+a.name, func(b *testing.B) {
			rrset, sig, key, _ := benchSetup(b, a.alg)
			b.ReportAllocs()
			defer cpuMetric(b)()
			for b.Loop() {
				if err := VerifyRRSIG(rrset, sig, key, testNow); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifyOverhead measures everything VerifyRRSIG does except the
// public-key operation: the overhead on top of BenchmarkRawVerify.
func BenchmarkVerifyOverhead(b *testing.B) {
	for _, a := range benchAlgs {
		b.Run("alg="+a.name, func(b *testing.B) {
			rrset, sig, key, _ := benchSetup(b, a.alg)
			b.ReportAllocs()
			defer cpuMetric(b)()
			for b.Loop() {
				c := canonPool.Get().(*canonBuf)
				if _, _, err := c.check(rrset, sig, key, testNow); err != nil {
					b.Fatal(err)
				}
				canonPool.Put(c)
			}
		})
	}
}

// BenchmarkRawVerify measures the bare standard-library verification of
// the same signed data (hash plus public-key operation, key already
// parsed): the floor VerifyRRSIG's overhead is measured against. For RSA,
// alg=8-prepared is the same with the modulus prepared once per key
// (internal/rsapub), which is what VerifyRRSIG uses where rsapub has its
// assembly.
func BenchmarkRawVerify(b *testing.B) {
	for _, a := range benchAlgs {
		_, sig, key, data := benchSetup(b, a.alg)
		raw, _ := base64.StdEncoding.DecodeString(sig.Signature)
		b.Run("alg="+a.name, func(b *testing.B) {
			b.ReportAllocs()
			defer cpuMetric(b)()
			switch a.alg {
			case dns.RSASHA256:
				for b.Loop() {
					h := sha256.Sum256(data)
					if rsa.VerifyPKCS1v15(key.rsa, crypto.SHA256, h[:], raw) != nil {
						b.Fatal("bad")
					}
				}
			case dns.ECDSAP256SHA256:
				r, s := new(big.Int).SetBytes(raw[:32]), new(big.Int).SetBytes(raw[32:])
				for b.Loop() {
					h := sha256.Sum256(data)
					if !ecdsa.Verify(key.ecdsa, h[:], r, s) {
						b.Fatal("bad")
					}
				}
			case dns.ED25519:
				for b.Loop() {
					if !ed25519.Verify(key.ed25519, data, raw) {
						b.Fatal("bad")
					}
				}
			}
		})
		if key.rsaPub == nil {
			continue
		}
		b.Run("alg="+a.name+"-prepared", func(b *testing.B) {
			b.ReportAllocs()
			defer cpuMetric(b)()
			var em [512]byte
			for b.Loop() {
				h := sha256.Sum256(data)
				out, ok := key.rsaPub.RSAVP1(em[:0], raw)
				if !ok || !pkcs1v15Encoded(out, crypto.SHA256, h[:]) {
					b.Fatal("bad")
				}
			}
		})
	}
}

func BenchmarkNSEC3Hash(b *testing.B) {
	salt := []byte{0xaa, 0xbb, 0xcc, 0xdd}
	for b.Loop() {
		if _, err := NSEC3Hash("www.example.com.", 1, 0, salt); err != nil {
			b.Fatal(err)
		}
	}
}

// cpuMetric reports process CPU time per op as "cpu-ns/op".
func cpuMetric(b *testing.B) func() {
	start := processCPU()
	return func() {
		if d := processCPU() - start; d > 0 && b.N > 0 {
			b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}

// BenchmarkValidateChain measures a whole offline validation: root DNSKEY
// (ECDSA P-256) → DS → example. DNSKEY (Ed25519) → A, four signature
// verifications and two DS digests.
func BenchmarkValidateChain(b *testing.B) {
	c := newTestChain(b)
	v := c.validator(b)
	chain := &Chain{RRs: c.rrs}
	b.ReportAllocs()
	defer cpuMetric(b)()
	for b.Loop() {
		if res := v.ValidateChain(chain, "www.example.", dns.TypeA); res.Verdict != Secure {
			b.Fatal(res.Err())
		}
	}
}
