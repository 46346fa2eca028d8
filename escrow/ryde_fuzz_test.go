package escrow

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
)

// FuzzOpenRyDE feeds arbitrary bytes to OpenRyDE as one piece. When sig is
// empty, the bytes are signed with the trusted registry key first, so the
// fuzzer reaches the decryption, decompression and tar layers.
func FuzzOpenRyDE(f *testing.F) {
	dep := rydeDeposit(4 << 10)
	for _, k := range [][2]string{{"agent", "registry"}, {"agent6", "registry6"}} {
		pieces, _ := rydeWrite(f, dep, 0, k[0], k[1])
		b := make([]byte, pieces[0].Size)
		pieces[0].Data.ReadAt(b, 0)
		f.Add(b, []byte(nil))
		f.Add(b, pieces[0].Signature)
	}
	name := rydeName
	name.Seq, name.Ext = 1, "ryde"
	f.Add(rydeSEDMessage(f, dep, rydeKey(f, "agent"), name.WithExt("xml").String()), []byte(nil))
	f.Add([]byte{}, []byte(nil))
	keys := openpgp.EntityList{rydeKey(f, "agent"), rydeKey(f, "agent6")}
	signers := openpgp.EntityList{rydeKey(f, "registry"), rydeKey(f, "registry6")}
	f.Fuzz(func(t *testing.T, data, sig []byte) {
		if len(sig) == 0 {
			sig = rydeSign(t, rydeKey(t, "registry"), data)
		}
		pieces := []Piece{{Name: name.String(), Data: bytes.NewReader(data), Size: int64(len(data)), Signature: sig}}
		rc, info, err := OpenRyDE(context.Background(), pieces, keys, signers, &RyDEConfig{Now: rydeTestNow, MaxInflated: 1 << 20})
		if err != nil {
			if rc != nil || info != nil {
				t.Fatal("reader or info returned with an error")
			}
			var ie *Error
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *Error", err)
			}
			return
		}
		defer rc.Close()
		n, err := io.Copy(io.Discard, rc)
		if n > 1<<20 {
			t.Fatalf("read %d bytes past the 1 MiB inflation limit", n)
		}
		if err != nil {
			var ie *Error
			if !errors.As(err, &ie) {
				t.Fatalf("read error %v is not an *Error", err)
			}
		}
	})
}
