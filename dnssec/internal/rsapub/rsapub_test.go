package rsapub

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"math/big"
	mrand "math/rand/v2"
	"testing"
)

// randOdd returns a random odd modulus of exactly bitLen bits.
func randOdd(r *mrand.Rand, bitLen int) *big.Int {
	b := make([]byte, (bitLen+7)/8)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	n := new(big.Int).SetBytes(b)
	n.SetBit(n, bitLen-1, 1)
	for i := bitLen; i < len(b)*8; i++ {
		n.SetBit(n, i, 0)
	}
	return n.SetBit(n, 0, 1)
}

// TestAddMulVVW compares the assembly multiply-add with the generic one on
// every length up to 70 limbs and on all-ones operands (largest carries).
func TestAddMulVVW(t *testing.T) {
	r := mrand.New(mrand.NewPCG(1, 2))
	for n := 1; n <= 70; n++ {
		for trial := range 20 {
			x, z := make([]uint64, n), make([]uint64, n)
			y := r.Uint64()
			for i := range x {
				x[i], z[i] = r.Uint64(), r.Uint64()
				if trial == 0 {
					x[i], z[i], y = ^uint64(0), ^uint64(0), ^uint64(0)
				}
			}
			want := new(big.Int).Mul(limbsBig(x), new(big.Int).SetUint64(y))
			want.Add(want, limbsBig(z))
			z2 := append([]uint64(nil), z...)
			c := addMulVVW(z, x, y)
			c2 := addMulVVWGeneric(z2, x, y)
			if c != c2 || !equal(z, z2) {
				t.Fatalf("n=%d trial %d: addMulVVW differs from the generic version", n, trial)
			}
			if got := limbsBig(append(z, c)); got.Cmp(want) != 0 {
				t.Fatalf("n=%d trial %d: z + x·y = %x, want %x", n, trial, got, want)
			}
		}
	}
}

func equal(a, b []uint64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

func limbsBig(z []uint64) *big.Int {
	v := new(big.Int)
	for i := len(z) - 1; i >= 0; i-- {
		v.Lsh(v, 64)
		v.Or(v, new(big.Int).SetUint64(z[i]))
	}
	return v
}

// TestRSAVP1MathBig compares RSAVP1 with math/big's Exp over many modulus
// sizes (including ones that are not a whole number of limbs), exponents and
// operands, including 0, 1, n−1 and n (refused).
func TestRSAVP1MathBig(t *testing.T) {
	r := mrand.New(mrand.NewPCG(3, 4))
	sizes := []int{2, 3, 63, 64, 65, 127, 128, 129, 511, 512, 513, 1023, 1024, 1025, 1280, 1536, 2047, 2048, 2049, 3072, 4095, 4096}
	exps := []uint64{3, 5, 17, 65537, 1<<31 - 1, 0x10001 | 1<<40, 1<<64 - 1}
	for _, bitLen := range sizes {
		for trial := range 6 {
			n := randOdd(r, bitLen)
			if trial == 1 { // all ones: the largest modulus of this length
				n = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(bitLen)), big.NewInt(1))
			}
			e := exps[(bitLen+trial)%len(exps)]
			key, err := New(n, e)
			if err != nil {
				t.Fatalf("%d bits: %v", bitLen, err)
			}
			size := key.Size()
			nm1 := new(big.Int).Sub(n, big.NewInt(1))
			inputs := []*big.Int{big.NewInt(0), big.NewInt(1), nm1, randBelow(r, n)}
			for _, s := range inputs {
				got, ok := key.RSAVP1(nil, s.FillBytes(make([]byte, size)))
				want := new(big.Int).Exp(s, new(big.Int).SetUint64(e), n).FillBytes(make([]byte, size))
				if !ok || !bytes.Equal(got, want) {
					t.Fatalf("%d bits e=%d s=%x: got %x %v, want %x", bitLen, e, s, got, ok, want)
				}
			}
			if _, ok := key.RSAVP1(nil, n.FillBytes(make([]byte, size))); ok {
				t.Errorf("%d bits: s = n accepted (RFC 8017 §5.2.2 step 1)", bitLen)
			}
			if _, ok := key.RSAVP1(nil, make([]byte, size+1)); ok {
				t.Errorf("%d bits: signature one octet long accepted (RFC 8017 §8.2.2 step 1)", bitLen)
			}
		}
	}
}

// randBelow returns a random value below n.
func randBelow(r *mrand.Rand, n *big.Int) *big.Int {
	b := make([]byte, len(n.Bytes())+8)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return new(big.Int).Mod(new(big.Int).SetBytes(b), n)
}

// signedFixture makes an RSA key of bitLen bits, a PKCS #1 v1.5 SHA-256
// signature by crypto/rsa and the prepared public key.
func signedFixture(tb testing.TB, bitLen int) (*rsa.PrivateKey, [32]byte, []byte, *PublicKey) {
	tb.Helper()
	priv, err := rsa.GenerateKey(rand.Reader, bitLen)
	if err != nil {
		tb.Fatal(err)
	}
	h := sha256.Sum256([]byte("rsapub"))
	sig, err := rsa.SignPKCS1v15(nil, priv, crypto.SHA256, h[:])
	if err != nil {
		tb.Fatal(err)
	}
	key, err := New(priv.N, uint64(priv.E))
	if err != nil {
		tb.Fatal(err)
	}
	return priv, h, sig, key
}

// TestRSAVP1CryptoRSA checks real PKCS #1 v1.5 signatures against
// crypto/rsa: RSAVP1 recovers the encoded message that crypto/rsa accepts.
func TestRSAVP1CryptoRSA(t *testing.T) {
	for _, bitLen := range []int{1024, 2048, 3072} {
		_, h, sig, key := signedFixture(t, bitLen)
		em, ok := key.RSAVP1(nil, sig)
		if !ok || em[0] != 0 || em[1] != 1 || !bytes.HasSuffix(em, h[:]) {
			t.Fatalf("%d bits: encoded message %x", bitLen, em)
		}
	}
}

func TestNewRefuses(t *testing.T) {
	for _, tc := range []struct {
		n *big.Int
		e uint64
	}{
		{big.NewInt(0), 3}, {big.NewInt(-7), 3}, {big.NewInt(1), 3}, {big.NewInt(10), 3},
		{big.NewInt(11), 2}, {big.NewInt(11), 1}, {new(big.Int).Lsh(big.NewInt(1), 4096), 3},
	} {
		if _, err := New(tc.n, tc.e); err == nil {
			t.Errorf("New(%v, %d) accepted", tc.n, tc.e)
		}
	}
}

func BenchmarkRSAVP1(b *testing.B) {
	for _, bitLen := range []int{1024, 2048, 4096} {
		priv, h, sig, key := signedFixture(b, bitLen)
		b.Run(bitsName(bitLen)+"/rsapub", func(b *testing.B) {
			var buf [512]byte
			for b.Loop() {
				if _, ok := key.RSAVP1(buf[:0], sig); !ok {
					b.Fatal("refused")
				}
			}
		})
		b.Run(bitsName(bitLen)+"/crypto-rsa", func(b *testing.B) {
			for b.Loop() {
				if err := rsa.VerifyPKCS1v15(&priv.PublicKey, crypto.SHA256, h[:], sig); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func bitsName(n int) string { return big.NewInt(int64(n)).String() }
