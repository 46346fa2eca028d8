package rsapub

import (
	"bytes"
	"math/big"
	"testing"
)

// FuzzRSAVP1 compares RSAVP1 with math/big's Exp for any odd modulus,
// exponent and operand, and checks the refusals of RFC 8017 §5.2.2 step 1
// and §8.2.2 step 1.
func FuzzRSAVP1(f *testing.F) {
	f.Add([]byte{0xc5, 0x01}, uint64(3), []byte{0x12, 0x34})
	f.Add(bytes.Repeat([]byte{0xff}, 256), uint64(65537), bytes.Repeat([]byte{0xfe}, 256))
	f.Add(append([]byte{0x80}, make([]byte, 127)...), uint64(65537), append([]byte{0x7f}, bytes.Repeat([]byte{0xff}, 127)...))
	f.Add(bytes.Repeat([]byte{0x5a}, 129), uint64(1<<64-1), bytes.Repeat([]byte{0x33}, 129))
	f.Fuzz(func(t *testing.T, mod []byte, e uint64, s []byte) {
		n := new(big.Int).SetBytes(mod)
		key, err := New(n, e)
		if err != nil {
			if n.Bit(0) == 1 && n.BitLen() >= 2 && n.BitLen() <= MaxModulusBits && e >= 3 && e&1 == 1 {
				t.Fatalf("New refused a valid key: %v", err)
			}
			return
		}
		sv := new(big.Int).SetBytes(s)
		if _, ok := key.RSAVP1(nil, s); ok != (len(s) == key.Size() && sv.Cmp(n) < 0) {
			t.Fatalf("s of %d octets (size %d), s ≥ n %v: accepted %v", len(s), key.Size(), sv.Cmp(n) >= 0, ok)
		}
		// The arithmetic, on s reduced to a valid operand.
		sv.Mod(sv, n)
		got, ok := key.RSAVP1(nil, sv.FillBytes(make([]byte, key.Size())))
		want := new(big.Int).Exp(sv, new(big.Int).SetUint64(e), n).FillBytes(make([]byte, key.Size()))
		if !ok || !bytes.Equal(got, want) {
			t.Fatalf("RSAVP1(%x) = %x (%v), want %x", sv, got, ok, want)
		}
	})
}
