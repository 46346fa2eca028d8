// Package rsapub computes the RSA verification primitive RSAVP1 (RFC 8017
// §5.2.2), s^e mod n, with the modulus prepared once per key.
//
// crypto/rsa rebuilds its Montgomery modulus (R² mod n) on every
// verification, about a third of the cost of a 2048-bit verification. A
// zone verifier checks hundreds of thousands of signatures made by one or
// two keys, so this package keeps that value with the key and uses a
// dedicated Montgomery squaring for the 16 squarings of e = 65537.
//
// Only public values pass through it (the modulus, the exponent and a
// signature), so it is not constant-time, like math/big.
package rsapub

import (
	"errors"
	"math/big"
	"math/bits"
)

// MaxModulusBits is the largest modulus New accepts (RFC 3110 §2 sets 4096).
const MaxModulusBits = 4096

const maxLimbs = MaxModulusBits / 64

// ErrKey reports a modulus or exponent New does not accept.
var ErrKey = errors.New("rsapub: modulus must be odd and 3–4096 bits, exponent odd and at least 3")

// PublicKey is an RSA public key ready for RSAVP1. It is safe for
// concurrent use.
type PublicKey struct {
	n     []uint64 // modulus, little-endian 64-bit limbs
	n0inv uint64   // -n⁻¹ mod 2⁶⁴
	rr    []uint64 // R² mod n, R = 2^(64·len(n))
	e     uint64
	size  int // modulus length in octets (RFC 8017 §8.2.2 k)
}

// New prepares the public key (n, e).
func New(n *big.Int, e uint64) (*PublicKey, error) {
	if n.Sign() <= 0 || n.Bit(0) == 0 || n.BitLen() < 2 || n.BitLen() > MaxModulusBits || e < 3 || e&1 == 0 {
		return nil, ErrKey
	}
	k := (n.BitLen() + 63) / 64
	key := &PublicKey{n: make([]uint64, k), rr: make([]uint64, k), e: e, size: (n.BitLen() + 7) / 8}
	setBig(key.n, n)
	// Newton iteration for n[0]⁻¹ mod 2⁶⁴: each step doubles the correct
	// low bits, starting from 3 correct bits (any odd x is its own inverse
	// mod 8).
	inv := key.n[0]
	for range 5 {
		inv *= 2 - key.n[0]*inv
	}
	key.n0inv = -inv
	rr := new(big.Int).Lsh(big.NewInt(1), uint(128*k))
	setBig(key.rr, rr.Mod(rr, n))
	return key, nil
}

// Size is the modulus length in octets.
func (k *PublicKey) Size() int { return k.size }

// RSAVP1 appends s^e mod n, as Size() big-endian octets, to dst. It
// reports false when s is not Size() octets long (RFC 8017 §8.2.2 step 1)
// or is not below n (RFC 8017 §5.2.2 step 1).
func (k *PublicKey) RSAVP1(dst, s []byte) ([]byte, bool) {
	if len(s) != k.size {
		return dst, false
	}
	l := len(k.n)
	var xb, zb [maxLimbs]uint64
	x, z := xb[:l], zb[:l]
	setBytes(x, s)
	if !less(x, k.n) {
		return dst, false
	}
	k.exp(z, x)
	return appendBytes(dst, z, k.size), true
}

// exp sets z = x^e mod n for x < n, by left-to-right square and multiply in
// Montgomery form. The last multiplication is by x itself rather than by
// its Montgomery form, which leaves Montgomery form for free (e is odd).
func (k *PublicKey) exp(z, x []uint64) {
	l := len(k.n)
	var tb [2 * maxLimbs]uint64
	var xmb [maxLimbs]uint64
	t, xm := tb[:2*l], xmb[:l]
	k.montMul(xm, x, k.rr, t) // x·R mod n
	copy(z, xm)
	for i := bits.Len64(k.e) - 2; i >= 0; i-- {
		k.montSqr(z, z, t)
		if k.e>>uint(i)&1 == 1 {
			if i == 0 {
				k.montMul(z, z, x, t)
			} else {
				k.montMul(z, z, xm, t)
			}
		}
	}
}

// montMul sets z = x·y·R⁻¹ mod n for x, y < n (operand scanning; z may
// alias x or y). t is scratch of 2·len(n) limbs.
func (k *PublicKey) montMul(z, x, y, t []uint64) {
	l := len(k.n)
	clear(t)
	var c uint64
	for i := range l {
		c1 := addMulVVW(t[i:i+l], x, y[i])
		c2 := addMulVVW(t[i:i+l], k.n, t[i]*k.n0inv)
		t[i+l], c = bits.Add64(c1, c2, c)
	}
	k.reduceOnce(z, t[l:], c)
}

// montSqr sets z = x²·R⁻¹ mod n for x < n: the cross products once, doubled,
// plus the squares of the limbs, then Montgomery reduction. z may alias x.
func (k *PublicKey) montSqr(z, x, t []uint64) {
	l := len(k.n)
	clear(t)
	for i := 0; i < l-1; i++ {
		t[i+l] = addMulVVW(t[2*i+1:i+l], x[i+1:], x[i])
	}
	// Double the cross products and add the squares in one pass; x² < R²,
	// so no bit or carry leaves t.
	var top, c uint64
	x = x[:l]
	t = t[:2*l]
	for i, v := range x {
		hi, lo := bits.Mul64(v, v)
		a, b := t[2*i], t[2*i+1]
		a2, b2 := a<<1|top, b<<1|a>>63
		top = b >> 63
		t[2*i], c = bits.Add64(a2, lo, c)
		t[2*i+1], c = bits.Add64(b2, hi, c)
	}
	c = 0
	for i := range l {
		c2 := addMulVVW(t[i:i+l], k.n, t[i]*k.n0inv)
		t[i+l], c = bits.Add64(t[i+l], c2, c)
	}
	k.reduceOnce(z, t[l:], c)
}

// reduceOnce sets z = (c·R + v) mod n for c·R + v < 2n.
func (k *PublicKey) reduceOnce(z, v []uint64, c uint64) {
	if c == 0 && less(v, k.n) {
		copy(z, v)
		return
	}
	var b uint64
	for i, ni := range k.n {
		z[i], b = bits.Sub64(v[i], ni, b)
	}
}

// less reports x < y for equal-length limb slices.
func less(x, y []uint64) bool {
	for i := len(x) - 1; i >= 0; i-- {
		if x[i] != y[i] {
			return x[i] < y[i]
		}
	}
	return false
}

// addMulVVWGeneric sets z += x·y and returns the carry limb.
func addMulVVWGeneric(z, x []uint64, y uint64) uint64 {
	var c uint64
	for i, xi := range x {
		hi, lo := bits.Mul64(xi, y)
		var cc uint64
		lo, cc = bits.Add64(lo, z[i], 0)
		hi += cc
		lo, cc = bits.Add64(lo, c, 0)
		hi += cc
		z[i] = lo
		c = hi
	}
	return c
}

// setBig sets z from v ≥ 0, which fits in len(z) limbs (through bytes:
// big.Word is 32 bits on some platforms).
func setBig(z []uint64, v *big.Int) { setBytes(z, v.Bytes()) }

// setBytes sets z from big-endian b, which fits in len(z) limbs.
func setBytes(z []uint64, b []byte) {
	clear(z)
	for i, j := len(b)-1, 0; i >= 0; i, j = i-1, j+1 {
		z[j/8] |= uint64(b[i]) << (8 * uint(j%8))
	}
}

// appendBytes appends the size low-order octets of z, big-endian.
func appendBytes(dst []byte, z []uint64, size int) []byte {
	for j := size - 1; j >= 0; j-- {
		dst = append(dst, byte(z[j/8]>>(8*uint(j%8))))
	}
	return dst
}
