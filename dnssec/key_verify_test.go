package dnssec

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"math/big"
	"testing"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec/internal/rsapub"
)

// rawRSAKey is an RSA key pair made with math/big so that the public
// exponent can be 3 (RFC 3110 §2 allows any) and any octet string can be
// "signed" with the raw private operation.
type rawRSAKey struct {
	n, d *big.Int
	e    int
}

func newRawRSAKey(t *testing.T, bitLen, e int) rawRSAKey {
	t.Helper()
	E := big.NewInt(int64(e))
	one := big.NewInt(1)
	for {
		p, err := rand.Prime(rand.Reader, bitLen/2)
		if err != nil {
			t.Fatal(err)
		}
		q, err := rand.Prime(rand.Reader, bitLen-bitLen/2)
		if err != nil {
			t.Fatal(err)
		}
		n := new(big.Int).Mul(p, q)
		if p.Cmp(q) == 0 || n.BitLen() != bitLen {
			continue
		}
		phi := new(big.Int).Mul(new(big.Int).Sub(p, one), new(big.Int).Sub(q, one))
		d := new(big.Int).ModInverse(E, phi)
		if d == nil {
			continue // e shares a factor with φ(n)
		}
		return rawRSAKey{n: n, d: d, e: e}
	}
}

// dnskey encodes the key as an RFC 3110 §2 DNSKEY of algorithm alg.
func (k rawRSAKey) dnskey(alg uint8) *dns.DNSKEY {
	pub := append([]byte{1, byte(k.e)}, k.n.Bytes()...)
	if k.e > 255 {
		pub = append([]byte{3, byte(k.e >> 16), byte(k.e >> 8), byte(k.e)}, k.n.Bytes()...)
	}
	return &dns.DNSKEY{
		Hdr:       dns.RR_Header{Name: "example.", Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET, Ttl: 3600},
		Flags:     256,
		Protocol:  3,
		Algorithm: alg,
		PublicKey: base64.StdEncoding.EncodeToString(pub),
	}
}

// sign applies the private operation to em, as a signature of the
// modulus length.
func (k rawRSAKey) sign(em []byte) []byte {
	s := new(big.Int).Exp(new(big.Int).SetBytes(em), k.d, k.n)
	return s.FillBytes(make([]byte, (k.n.BitLen()+7)/8))
}

// TestRSAPreparedMatchesCryptoRSA verifies well-formed and malformed
// PKCS #1 v1.5 signatures (RFC 8017 §8.2.2, §9.2) with the prepared
// modulus of internal/rsapub and with crypto/rsa (math/big below 1024
// bits), over algorithms 5, 8 and 10, exponents 3 and 65537 and several
// modulus lengths: the verdicts must be the same, and only the
// well-formed signature may pass.
func TestRSAPreparedMatchesCryptoRSA(t *testing.T) {
	data := []byte("RFC 4034 §3.1.8.1 signed data")
	type hashAlg struct {
		alg  uint8
		hash crypto.Hash
		sum  []byte
	}
	s1, s256, s512 := sha1.Sum(data), sha256.Sum256(data), sha512.Sum512(data)
	algs := []hashAlg{{dns.RSASHA1, crypto.SHA1, s1[:]}, {dns.RSASHA256, crypto.SHA256, s256[:]}, {dns.RSASHA512, crypto.SHA512, s512[:]}}
	for _, bitLen := range []int{768, 1024, 1100, 2048} {
		for _, e := range []int{3, 65537} {
			raw := newRawRSAKey(t, bitLen, e)
			size := (bitLen + 7) / 8
			for _, a := range algs {
				name := fmt.Sprintf("%d-bits/e=%d/alg=%d", bitLen, e, a.alg)
				prepared, err := NewKeyAllowDeprecated(raw.dnskey(a.alg))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				prepared.rsaPub, err = rsapub.New(raw.n, uint64(e)) // also without the assembly
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				plain := *prepared
				plain.rsaPub = nil
				if a.hash == crypto.SHA512 && bitLen < 1024 {
					continue // 19 + 64 + 11 octets do not fit in 96: both refuse, nothing to compare
				}
				prefix := digestInfo[a.hash]
				valid := func() []byte {
					em := make([]byte, size)
					em[1] = 1
					tLen := len(prefix) + len(a.sum)
					for i := 2; i < size-tLen-1; i++ {
						em[i] = 0xff
					}
					copy(em[size-tLen:], prefix)
					copy(em[size-len(a.sum):], a.sum)
					return em
				}
				tLen := len(prefix) + len(a.sum)
				cases := []struct {
					name string
					sig  []byte
					ok   bool
				}{
					{"valid", raw.sign(valid()), true},
				}
				addEM := func(name string, mutate func(em []byte) []byte) {
					cases = append(cases, struct {
						name string
						sig  []byte
						ok   bool
					}{name, raw.sign(mutate(valid())), false})
				}
				addEM("block type 2", func(em []byte) []byte { em[1] = 2; return em })
				addEM("padding 0xfe", func(em []byte) []byte { em[5] = 0xfe; return em })
				addEM("no separator", func(em []byte) []byte { em[size-tLen-1] = 0xff; return em })
				addEM("early separator", func(em []byte) []byte { em[6] = 0; return em })
				addEM("prefix changed", func(em []byte) []byte { em[size-tLen+4] ^= 1; return em })
				addEM("digest changed", func(em []byte) []byte { em[size-1] ^= 0x80; return em })
				addEM("short padding", func(em []byte) []byte {
					out := make([]byte, size)
					copy(out, em[:9]) // 00 01 and seven 0xff
					copy(out[10:], em[size-tLen:])
					return out
				})
				good := raw.sign(valid())
				flipped := append([]byte(nil), good...)
				flipped[len(flipped)/2] ^= 4
				cases = append(cases, []struct {
					name string
					sig  []byte
					ok   bool
				}{
					{"signature bit flipped", flipped, false},
					{"signature = n", raw.n.FillBytes(make([]byte, size)), false},
					{"signature all ones", bytesOf(0xff, size), false},
					{"signature zero", make([]byte, size), false},
					{"signature one octet short", good[1:], false},
					{"signature one octet long", append([]byte{0}, good...), false},
					{"empty signature", nil, false},
				}...)
				for _, tc := range cases {
					gotPrepared := prepared.verify(data, tc.sig)
					gotPlain := plain.verify(data, tc.sig)
					if gotPrepared != tc.ok || gotPlain != tc.ok {
						t.Errorf("%s %s: prepared %v, crypto/rsa %v, want %v", name, tc.name, gotPrepared, gotPlain, tc.ok)
					}
				}
			}
		}
	}
}

func bytesOf(b byte, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = b
	}
	return out
}

// TestRSAPreparedEvenModulus: a DNSKEY with an even modulus gets no
// prepared key and every signature fails through crypto/rsa.
func TestRSAPreparedEvenModulus(t *testing.T) {
	raw := newRawRSAKey(t, 1024, 65537)
	raw.n.SetBit(raw.n, 0, 0)
	k, err := NewKey(raw.dnskey(dns.RSASHA256))
	if err != nil {
		t.Fatal(err)
	}
	if k.rsaPub != nil {
		t.Fatal("even modulus was prepared")
	}
	if k.verify([]byte("x"), make([]byte, 128)) {
		t.Fatal("signature accepted under an even modulus")
	}
}

// TestECDSADERMatchesVerify checks that ECDSA verification through
// ecdsaDER and ecdsa.VerifyASN1 gives ecdsa.Verify's verdict for valid
// signatures and for r or s zero, at or above the group order, with high
// bits set or with leading zero octets (RFC 6605 §4 sizes, P-256 and P-384).
func TestECDSADERMatchesVerify(t *testing.T) {
	for _, alg := range []uint8{dns.ECDSAP256SHA256, dns.ECDSAP384SHA384} {
		k := genKey(t, "example.", alg, 257)
		rrset := mustRRs(t, "example. 300 IN A 192.0.2.1")
		sig := k.sign(t, rrset, nil)
		key, err := NewKey(k.dnskey)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := base64.StdEncoding.DecodeString(sig.Signature)
		size := len(raw) / 2
		c := canonPool.Get().(*canonBuf)
		w, _ := appendCanonicalName(nil, "example.")
		data, err := c.signedData(rrset, sig, w, w)
		if err != nil {
			t.Fatal(err)
		}
		data = append([]byte(nil), data...)
		canonPool.Put(c)
		order := key.ecdsa.Curve.Params().N.FillBytes(make([]byte, size))
		variants := map[string][]byte{"valid": raw}
		set := func(name string, r, s []byte) {
			v := append(append([]byte(nil), r...), s...)
			variants[name] = v
		}
		zero, ones := make([]byte, size), bytesOf(0xff, size)
		small := make([]byte, size)
		small[size-1] = 1
		set("r zero", zero, raw[size:])
		set("s zero", raw[:size], zero)
		set("r = n", order, raw[size:])
		set("s = n", raw[:size], order)
		set("r all ones", ones, raw[size:])
		set("s = 1", raw[:size], small)
		set("r = 1", small, raw[size:])
		flipped := append([]byte(nil), raw...)
		flipped[3] ^= 0x10
		variants["bit flipped"] = flipped
		for name, v := range variants {
			var h []byte
			h = key.digest(h, data)
			want := ecdsa.Verify(key.ecdsa, h, new(big.Int).SetBytes(v[:size]), new(big.Int).SetBytes(v[size:]))
			if got := key.verify(data, v); got != want || (name == "valid") != got {
				t.Errorf("alg %d %s: verify %v, ecdsa.Verify %v", alg, name, got, want)
			}
		}
	}
}
