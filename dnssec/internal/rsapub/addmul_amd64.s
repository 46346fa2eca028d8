//go:build !purego

#include "textflag.h"

// func addMulVVWADX(z, x *uint64, n int, y uint64) uint64
//
// z[0:n] += x[0:n]·y, returning the carry limb. Blocks of eight limbs use
// two carry chains (ADCX for the high halves of the products, ADOX for z),
// folded into the carry limb at the end of each block: the block's result
// z + x·y + carry is below 2^(64·9), so the fold cannot overflow. The
// remaining n mod 8 limbs use one chain.
TEXT ·addMulVVWADX(SB), NOSPLIT, $0-40
	MOVQ z+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ y+24(FP), DX
	XORQ BX, BX
	XORQ R10, R10
	MOVQ CX, R11
	SHRQ $3, R11
	ANDQ $7, CX
	TESTQ R11, R11
	JZ   tail

block:
	XORQ  AX, AX // clears CF and OF
	MULXQ 0(SI), AX, R8
	ADCXQ BX, AX
	ADOXQ 0(DI), AX
	MOVQ  AX, 0(DI)
	MULXQ 8(SI), AX, R9
	ADCXQ R8, AX
	ADOXQ 8(DI), AX
	MOVQ  AX, 8(DI)
	MULXQ 16(SI), AX, R8
	ADCXQ R9, AX
	ADOXQ 16(DI), AX
	MOVQ  AX, 16(DI)
	MULXQ 24(SI), AX, R9
	ADCXQ R8, AX
	ADOXQ 24(DI), AX
	MOVQ  AX, 24(DI)
	MULXQ 32(SI), AX, R8
	ADCXQ R9, AX
	ADOXQ 32(DI), AX
	MOVQ  AX, 32(DI)
	MULXQ 40(SI), AX, R9
	ADCXQ R8, AX
	ADOXQ 40(DI), AX
	MOVQ  AX, 40(DI)
	MULXQ 48(SI), AX, R8
	ADCXQ R9, AX
	ADOXQ 48(DI), AX
	MOVQ  AX, 48(DI)
	MULXQ 56(SI), AX, BX
	ADCXQ R8, AX
	ADOXQ 56(DI), AX
	MOVQ  AX, 56(DI)
	ADCXQ R10, BX
	ADOXQ R10, BX
	LEAQ  64(SI), SI
	LEAQ  64(DI), DI
	DECQ  R11
	JNZ   block

tail:
	TESTQ CX, CX
	JZ    done

tailloop:
	MULXQ 0(SI), AX, R8
	ADDQ  BX, AX
	ADCQ  $0, R8
	ADDQ  0(DI), AX
	ADCQ  $0, R8
	MOVQ  AX, 0(DI)
	MOVQ  R8, BX
	LEAQ  8(SI), SI
	LEAQ  8(DI), DI
	DECQ  CX
	JNZ   tailloop

done:
	MOVQ BX, ret+32(FP)
	RET
