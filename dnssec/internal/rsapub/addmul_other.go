//go:build !amd64 || purego

package rsapub

// Accelerated reports whether RSAVP1 runs on the assembly multiply-add
// (amd64 with ADX and BMI2); without it crypto/rsa is the faster choice.
var Accelerated = false

func addMulVVW(z, x []uint64, y uint64) uint64 { return addMulVVWGeneric(z, x, y) }
