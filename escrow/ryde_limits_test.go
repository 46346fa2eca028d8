package escrow

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// pkesk is a minimal v3 public-key encrypted session key packet (RFC 9580
// §5.1): new-format header, key ID 0102030405060708, RSA, a one-octet MPI.
func pkesk() []byte {
	body := []byte{3, 1, 2, 3, 4, 5, 6, 7, 8, 1, 0, 8, 0xFF}
	return append([]byte{0xC1, byte(len(body))}, body...)
}

// TestRyDERecipientsLimits: the session-key packet count and the bytes read
// are bounded, and reaching either says which exported limit it was.
func TestRyDERecipientsLimits(t *testing.T) {
	many := bytes.Repeat(pkesk(), maxSessionKeyPackets+1)
	_, err := RyDERecipients(bytes.NewReader(many))
	if !errors.Is(err, ErrLimitExceeded) || !strings.Contains(err.Error(), "maxSessionKeyPackets") {
		t.Errorf("%d packets: %v, want ErrLimitExceeded naming maxSessionKeyPackets", maxSessionKeyPackets+1, err)
	}
	// One packet whose declared length runs past MaxKeyRingBytes.
	body := pkesk()[2:]
	n := MaxKeyRingBytes + 1<<20
	big := append([]byte{0xC1, 0xFF, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}, body...)
	big = append(big, make([]byte, n-len(body))...)
	_, err = RyDERecipients(bytes.NewReader(big))
	if !errors.Is(err, ErrLimitExceeded) || !strings.Contains(err.Error(), "MaxKeyRingBytes") {
		t.Errorf("%d-byte packet: %v, want ErrLimitExceeded naming MaxKeyRingBytes", n, err)
	}
	// OpenRyDE's reading of the same packets stops at the same limit.
	if _, _, err := readEncryptedHeaderBytes(many); !errors.Is(err, ErrLimitExceeded) {
		t.Errorf("readEncryptedHeader: %v, want ErrLimitExceeded", err)
	}
}

func readEncryptedHeaderBytes(b []byte) (int, bool, error) {
	eks, edp, err := readEncryptedHeader(packet.NewReader(bytes.NewReader(b)))
	return len(eks), edp != nil, err
}
