//go:build !purego

package rsapub

import "golang.org/x/sys/cpu"

// Accelerated reports whether RSAVP1 runs on the assembly multiply-add
// (amd64 with ADX and BMI2); without it crypto/rsa is the faster choice.
var Accelerated = cpu.X86.HasADX && cpu.X86.HasBMI2

// addMulVVWADX sets z[0:n] += x[0:n]·y and returns the carry limb, for n ≥ 1.
//
//go:noescape
func addMulVVWADX(z, x *uint64, n int, y uint64) uint64

func addMulVVW(z, x []uint64, y uint64) uint64 {
	if Accelerated && len(x) > 0 {
		_ = z[len(x)-1]
		return addMulVVWADX(&z[0], &x[0], len(x), y)
	}
	return addMulVVWGeneric(z, x, y)
}
