package escrow

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// RyDERecipients lists the keys a RyDE file (its first piece, or a whole
// OpenPGP message) is encrypted to, from the public-key encrypted session
// key packets before the encrypted data (RFC 9580 §5.1), without any secret
// key: upper-case hex key IDs (v3 packets) or fingerprints (v6 packets),
// "0000000000000000" for an anonymous recipient. It reads only the packets
// before the encrypted data, at most MaxKeyRingBytes of r, binary or
// ASCII-armoured. The error
// wraps ErrMalformed or ErrRyDELayout.
func RyDERecipients(r io.Reader) ([]string, error) {
	lr := &io.LimitedReader{R: r, N: MaxKeyRingBytes}
	br := bufio.NewReader(lr)
	var in io.Reader = br
	if head, _ := br.Peek(64); bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n"), []byte("-----BEGIN PGP MESSAGE")) {
		// An ASCII-armoured message (RFC 9580 §6.2), as gpg --armor writes.
		blk, err := armor.Decode(br)
		if err != nil {
			return nil, &Error{Kind: ErrMalformed, Clause: "RFC 9580 §6", Offset: -1, Err: err, Code: codeDecryptionFailed}
		}
		in = blk.Body
	}
	pr := packet.NewReader(in)
	eks, _, err := readEncryptedHeader(pr)
	if err != nil {
		kind := ErrMalformed
		if lr.N <= 0 {
			kind = ErrLimitExceeded
			err = fmt.Errorf("more than MaxKeyRingBytes (%d) bytes before the encrypted data: %w", MaxKeyRingBytes, err)
		}
		return nil, &Error{Kind: kind, Clause: clauseRyDEDecrypt + "; RFC 9580 §5.1", Offset: -1, Err: err, Code: codeDecryptionFailed}
	}
	if len(eks) == 0 {
		return nil, &Error{Kind: ErrRyDELayout, Clause: clauseRyDEDecrypt + "; RFC 9580 §5.1", Offset: -1, Code: codeDecryptionFailed,
			Err: fmt.Errorf("no public-key encrypted session key: the file is not encrypted to an escrow agent's key")}
	}
	out := make([]string, 0, len(eks))
	for _, ek := range eks {
		if len(ek.KeyFingerprint) > 0 {
			out = append(out, fingerprintHex(ek.KeyFingerprint))
			continue
		}
		out = append(out, fmt.Sprintf("%016X", ek.KeyId))
	}
	return out, nil
}
