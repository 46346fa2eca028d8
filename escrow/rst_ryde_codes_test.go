package escrow

import (
	"bytes"
	"context"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// TestRyDENotEncryptedCode: a correctly signed .ryde file that is not an
// OpenPGP encrypted message cannot be decrypted, RST's
// RDE_DECRYPTION_FAILED (rde-03), not RDE_MISSING_FILES, which is about the
// files decryption yields (rde-04).
func TestRyDENotEncryptedCode(t *testing.T) {
	pieces, _ := rydeWrite(t, []byte(rstBase), 0, "agent", "registry")
	p := pieces[0]
	for _, g := range [][]byte{
		[]byte("not an OpenPGP message at all"),
		{0xC3, 0x04, 0x04, 0x03, 0x08, 0x01}, // a symmetric-key session key packet, then nothing
		bytes.Repeat([]byte{0xCA, 0x00}, 3),  // marker-like packets, no encrypted data
	} {
		var sig bytes.Buffer
		if err := openpgp.DetachSign(&sig, rydeKey(t, "registry"), bytes.NewReader(g), &packet.Config{Time: rydeTestNow}); err != nil {
			t.Fatal(err)
		}
		bad := p
		bad.Data, bad.Size, bad.Signature = bytes.NewReader(g), int64(len(g)), sig.Bytes()
		_, _, err := OpenRyDE(context.Background(), []Piece{bad}, openpgp.EntityList{rydeKey(t, "agent")},
			openpgp.EntityList{rydeKey(t, "registry")}, &RyDEConfig{Now: rydeTestNow})
		if got := RyDECode(err); got != codeDecryptionFailed {
			t.Errorf("%q: code %q (%v), want %s", g, got, err, codeDecryptionFailed)
		}
	}
}
