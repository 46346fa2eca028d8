package escrow_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/ssrkit/ssr/escrow"
)

// memDir keeps the files WriteRyDE creates.
type memDir map[string]*bytes.Buffer

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

func (d memDir) create(name string) (io.WriteCloser, error) {
	d[name] = new(bytes.Buffer)
	return nopCloser{d[name]}, nil
}

func Example_ryde() {
	now := time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC)
	cfg := &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA, Time: func() time.Time { return now.Add(-time.Hour) }}
	agent, _ := openpgp.NewEntity("Escrow Agent", "", "agent@example.test", cfg)
	registry, _ := openpgp.NewEntity("Registry", "", "rde@nic.example", cfg)

	// The registry writes the deposit as a RyDE set, split in pieces of 1 KiB.
	deposit := []byte(`<rde:deposit xmlns:rde="urn:ietf:params:xml:ns:rde-1.0" type="FULL" id="1">` +
		strings.Repeat("<!-- padding that does not compress well: 7f3a9c -->", 1) + `</rde:deposit>`)
	dir := memDir{}
	name := escrow.FileName{TLD: "example", Date: now.Truncate(24 * time.Hour), Type: "full"}
	res, err := escrow.WriteRyDE(context.Background(), name, bytes.NewReader(deposit), int64(len(deposit)), &escrow.RyDEWriteConfig{
		Recipients: openpgp.EntityList{agent}, Signer: registry, Create: dir.create, SplitSize: 1024, Now: func() time.Time { return now },
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// The escrow agent verifies every piece, decrypts and reads the deposit.
	var pieces []escrow.Piece
	for i, p := range res.Pieces {
		b := dir[p].Bytes()
		pieces = append(pieces, escrow.Piece{Name: p, Data: bytes.NewReader(b), Size: int64(len(b)), Signature: dir[res.Signatures[i]].Bytes()})
	}
	rc, info, err := escrow.OpenRyDE(context.Background(), pieces, openpgp.EntityList{agent}, openpgp.EntityList{registry},
		&escrow.RyDEConfig{Now: func() time.Time { return now }})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	fmt.Println(bytes.Equal(got, deposit), err)
	fmt.Println(info.Encryption, info.Cipher, info.Compression, info.Member)
	// Output:
	// true <nil>
	// SEIPDv1 AES128 ZIP example_2026-11-22_full_S1_R0.xml
}
