package escrow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
)

// armourSig returns the ASCII-armoured form of a binary signature, as RST's
// rde.signatureFile is.
func armourSig(t testing.TB, sig []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := armor.Encode(&b, "PGP SIGNATURE", nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(sig)
	w.Close()
	return b.Bytes()
}

// rstRyDECodes makes RyDE sets of the clean RST deposit: signed with an
// ASCII-armoured signature it opens and verifies without findings; a
// tampered piece gives RDE_INVALID_SIGNATURE, the wrong agent key
// RDE_DECRYPTION_FAILED, a bad name RDE_INVALID_FILENAME (rde-01 … rde-03).
func rstRyDECodes(t *testing.T) []string {
	t.Helper()
	pieces, _ := rydeWrite(t, []byte(rstBase), 0, "agent", "registry")
	if len(pieces) != 1 {
		t.Fatalf("%d pieces", len(pieces))
	}
	p := pieces[0]
	p.Signature = armourSig(t, p.Signature)
	rc, info, err := OpenRyDE(context.Background(), []Piece{p}, openpgp.EntityList{rydeKey(t, "agent")},
		openpgp.EntityList{rydeKey(t, "registry")}, &RyDEConfig{Now: rydeTestNow})
	if err != nil {
		t.Fatalf("armoured signature: %v", err)
	}
	ro := rstBaseOptions()
	ro.FileName = info.Name.String()
	rep := rstVerify(t, string(mustRead(t, rc)), ro, nil)
	rc.Close()
	for _, f := range rep.Findings {
		t.Errorf("clean RyDE deposit: %v", f)
	}
	var out []string
	try := func(want string, ps []Piece, key string) {
		_, _, err := OpenRyDE(context.Background(), ps, openpgp.EntityList{rydeKey(t, key)},
			openpgp.EntityList{rydeKey(t, "registry")}, &RyDEConfig{Now: rydeTestNow})
		var e *Error
		if !errors.As(err, &e) || e.Code != want || RyDECode(err) != want {
			t.Errorf("want %s, got %v", want, err)
			return
		}
		out = append(out, want)
	}
	b := make([]byte, p.Size)
	p.Data.ReadAt(b, 0)
	b[len(b)/2] ^= 1
	bad := p
	bad.Data, bad.Size = bytes.NewReader(b), int64(len(b))
	try("RDE_INVALID_SIGNATURE", []Piece{bad}, "agent")
	try("RDE_DECRYPTION_FAILED", []Piece{p}, "other")
	badName := p
	badName.Name = "example_2026-11-22_full_S1.ryde"
	try("RDE_INVALID_FILENAME", []Piece{badName}, "agent")
	return out
}

func mustRead(t *testing.T, r io.Reader) []byte {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRyDEArmouredSignatureVariants: CRLF line ends, a Comment header and
// blank lines before the armour are accepted (RFC 9580 §6.2).
func TestRyDEArmouredSignatureVariants(t *testing.T) {
	pieces, _ := rydeWrite(t, []byte(rstBase), 0, "agent", "registry")
	var b bytes.Buffer
	w, _ := armor.Encode(&b, "PGP SIGNATURE", map[string]string{"Comment": "made by a test"})
	w.Write(pieces[0].Signature)
	w.Close()
	pieces[0].Signature = append([]byte("\n\r\n"), bytes.ReplaceAll(b.Bytes(), []byte("\n"), []byte("\r\n"))...)
	if _, _, err := rydeOpen(t, pieces, "agent", "registry", nil); err != nil {
		t.Fatal(err)
	}
}

// TestRyDEArmouredSignatureWrongType: armour of another block type is
// refused as a signature.
func TestRyDEArmouredSignatureWrongType(t *testing.T) {
	pieces, _ := rydeWrite(t, []byte(rstBase), 0, "agent", "registry")
	var b bytes.Buffer
	w, _ := armor.Encode(&b, "PGP MESSAGE", nil)
	w.Write(pieces[0].Signature)
	w.Close()
	pieces[0].Signature = b.Bytes()
	_, _, err := rydeOpen(t, pieces, "agent", "registry", nil)
	if !errors.Is(err, ErrSignature) {
		t.Fatalf("got %v, want ErrSignature", err)
	}
}

func TestRyDEExpectedName(t *testing.T) {
	pieces, _ := rydeWrite(t, []byte(rstBase), 0, "agent", "registry")
	for _, cfg := range []*RyDEConfig{{ExpectType: "diff"}, {ExpectTLDs: []string{"other", "test"}}} {
		_, _, err := rydeOpen(t, pieces, "agent", "registry", cfg)
		if !errors.Is(err, ErrFileName) || RyDECode(err) != "RDE_INVALID_FILENAME" {
			t.Errorf("%+v: got %v", cfg, err)
		}
	}
	if _, _, err := rydeOpen(t, pieces, "agent", "registry", &RyDEConfig{ExpectType: "full", ExpectTLDs: []string{"EXAMPLE."}}); err != nil {
		t.Error(err)
	}
}

func TestRyDERecipients(t *testing.T) {
	pieces, _ := rydeWrite(t, []byte(rstBase), 0, "agent", "registry")
	ids, err := RyDERecipients(io.NewSectionReader(pieces[0].Data, 0, pieces[0].Size))
	if err != nil {
		t.Fatal(err)
	}
	agent := rydeKey(t, "agent")
	found := false
	for _, sk := range agent.Subkeys {
		for _, id := range ids {
			if id == fmt.Sprintf("%016X", sk.PublicKey.KeyId) || id == fingerprintHex(sk.PublicKey.Fingerprint) {
				found = true
			}
		}
	}
	if len(ids) != 1 || !found {
		t.Errorf("recipients %v, not the agent's encryption subkey", ids)
	}
	// ASCII-armoured, with CRLF line ends and blank lines before it.
	raw := make([]byte, pieces[0].Size)
	pieces[0].Data.ReadAt(raw, 0)
	var arm bytes.Buffer
	w, _ := armor.Encode(&arm, "PGP MESSAGE", map[string]string{"Comment": "test"})
	w.Write(raw)
	w.Close()
	crlf := append([]byte("\r\n\n"), bytes.ReplaceAll(arm.Bytes(), []byte("\n"), []byte("\r\n"))...)
	if ids2, err := RyDERecipients(bytes.NewReader(crlf)); err != nil || !slices.Equal(ids, ids2) {
		t.Errorf("armoured: %v %v, want %v", ids2, err, ids)
	}
	if _, err := RyDERecipients(bytes.NewReader([]byte("not openpgp"))); err == nil {
		t.Error("no error for garbage")
	}
	if _, err := RyDERecipients(bytes.NewReader(pieces[0].Signature)); err == nil {
		t.Error("no error for a signature")
	}
}

// TestRyDEFilesCodes: errors of OpenRyDEFiles before OpenRyDE (a bad name,
// a missing .sig) carry their RST code too.
func TestRyDEFilesCodes(t *testing.T) {
	dir := t.TempDir()
	bad := dir + "/example_2026-11-22_full.ryde"
	nosig := dir + "/example_2026-11-22_full_S1_R0.ryde"
	for _, p := range []string{bad, nosig} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for p, want := range map[string]string{bad: "RDE_INVALID_FILENAME", nosig: "RDE_INVALID_SIGNATURE"} {
		_, _, err := OpenRyDEFiles(context.Background(), []string{p}, openpgp.EntityList{rydeKey(t, "agent")}, openpgp.EntityList{rydeKey(t, "registry")}, nil)
		var e *Error
		if !errors.As(err, &e) || e.Code != want {
			t.Errorf("%s: %v, want code %s", p, err, want)
		}
	}
}
