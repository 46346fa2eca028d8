package escrow

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
)

const gnupgFixtureDepositSHA256 = "2b6d9faaf5bd45f276a00173f71b04227024aa57d3dae3520ad152e3ecb04472"

func gnupgFixtureKeys(t *testing.T) (keys, signers openpgp.EntityList) {
	t.Helper()
	keys, err := readKeyRingFile(filepath.Join("testdata", "ryde", "agent.sec.asc"))
	if err != nil {
		t.Fatal(err)
	}
	signers, err = readKeyRingFile(filepath.Join("testdata", "ryde", "registry.pub.asc"))
	if err != nil {
		t.Fatal(err)
	}
	return keys, signers
}

// TestRyDEGnuPGFixtures opens RyDE files GnuPG 2.2.40 made (see
// testdata/ryde/README.md) and hands the deposit to the deposit Reader.
func TestRyDEGnuPGFixtures(t *testing.T) {
	keys, signers := gnupgFixtureKeys(t)
	path := filepath.Join("testdata", "ryde", "test_2010-10-17_full_S1_R0.ryde")
	rc, info, err := OpenRyDEFiles(context.Background(), []string{path}, keys, signers, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	rd := NewReader(io.TeeReader(rc, h), nil)
	var objects int
	for rd.Next() {
		objects++
	}
	rc.Close()
	if rd.Err() != nil {
		t.Fatal(rd.Err())
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != gnupgFixtureDepositSHA256 {
		t.Errorf("deposit SHA-256 %s, want %s", got, gnupgFixtureDepositSHA256)
	}
	if objects == 0 {
		t.Error("no objects read from the deposit")
	}
	if info.Encryption != "SEIPDv1" || info.Cipher != "AES128" || info.Compression != "ZIP" ||
		info.Signers[0] != "C13BA4D05752002387DBEDC6BE1D160A892DF4F2" || info.Member != "test_2010-10-17_full_S1_R0.xml" {
		t.Errorf("info %+v", info)
	}
	t.Logf("%d objects; %+v", objects, info)

	// One flipped byte: a signature error and no reader.
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := os.ReadFile(filepath.Join("testdata", "ryde", "test_2010-10-17_full_S1_R0.sig"))
	if err != nil {
		t.Fatal(err)
	}
	for _, off := range []int{0, len(b) / 2, len(b) - 1} {
		bad := append([]byte(nil), b...)
		bad[off] ^= 0x80
		rc, _, err := OpenRyDE(context.Background(), []Piece{{Name: filepath.Base(path), Data: bytes.NewReader(bad), Size: int64(len(bad)), Signature: sig}}, keys, signers, nil)
		if !errors.Is(err, ErrSignature) || rc != nil {
			t.Errorf("byte %d flipped: %v, want ErrSignature and no reader", off, err)
		}
	}
}

// TestRyDEGnuPGNoMDC opens the fixture GnuPG wrote with --rfc2440.
func TestRyDEGnuPGNoMDC(t *testing.T) {
	keys, signers := gnupgFixtureKeys(t)
	path := filepath.Join("testdata", "ryde", "test_2010-10-17_full_S1_R1.ryde")
	if _, _, err := OpenRyDEFiles(context.Background(), []string{path}, keys, signers, nil); !errors.Is(err, ErrNoIntegrity) {
		t.Fatalf("error %v, want ErrNoIntegrity", err)
	}
	rc, info, err := OpenRyDEFiles(context.Background(), []string{path}, keys, signers, &RyDEConfig{InsecureAllowUnauthenticatedDeposit: true})
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	_, err = io.Copy(h, rc)
	rc.Close()
	if err != nil || hex.EncodeToString(h.Sum(nil)) != gnupgFixtureDepositSHA256 || info.Integrity || info.Encryption != "SED" {
		t.Errorf("insecure open: %v, %x, %+v", err, h.Sum(nil), info)
	}
}
