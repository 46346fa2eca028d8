package dnssec

import (
	"crypto/sha1"
	"errors"
	"fmt"
)

// ErrNSEC3Iterations reports an NSEC3 iteration count above the limit:
// above MaxNSEC3Iterations a validator treats the zone as insecure (RFC
// 9276 §3.2), above MaxNSEC3HashIterations nothing is hashed at all.
var ErrNSEC3Iterations = errors.New("NSEC3 iterations above limit")

// NSEC3Hash computes the RFC 5155 §5 hash of name: IH(salt, x, 0) =
// H(x || salt), IH(salt, x, k) = H(IH(salt, x, k-1) || salt), with x the
// canonical wire form of name (lower-cased, RFC 5155 §5 and RFC 4034
// §6.2) and H SHA-1, the only hash algorithm defined (RFC 5155 §11,
// algorithm 1). It returns an *Error for another algorithm
// (ErrUnsupportedAlgorithm), more than MaxNSEC3HashIterations iterations
// (ErrNSEC3Iterations) or a malformed name.
func NSEC3Hash(name string, alg uint8, iterations uint16, salt []byte) ([]byte, error) {
	if alg != 1 {
		return nil, &Error{Kind: ErrUnsupportedAlgorithm, Clause: "RFC 5155 §11", Name: name, Err: fmt.Errorf("NSEC3 hash algorithm %d", alg)}
	}
	if iterations > MaxNSEC3HashIterations {
		return nil, &Error{Kind: ErrNSEC3Iterations, Clause: "RFC 5155 §10.3, RFC 9276 §3.2", Name: name,
			Err: fmt.Errorf("%d iterations, at most %d are hashed", iterations, MaxNSEC3HashIterations)}
	}
	var b [maxNameWire + 1 + 255]byte
	w, err := appendCanonicalName(b[:0], name)
	if err != nil {
		return nil, &Error{Kind: ErrMalformed, Clause: "RFC 1035 §3.1", Name: name, Err: err}
	}
	return nsec3Hash(w, iterations, salt), nil
}

// nsec3Hash hashes an already canonical wire name.
func nsec3Hash(w []byte, iterations uint16, salt []byte) []byte {
	h := sha1.New()
	h.Write(w)
	h.Write(salt)
	var d [sha1.Size]byte
	sum := h.Sum(d[:0])
	for range iterations {
		h.Reset()
		h.Write(sum)
		h.Write(salt)
		sum = h.Sum(d[:0])
	}
	return append([]byte(nil), sum...)
}
