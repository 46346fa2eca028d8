//go:build escrow_openpgp

package escrow

import (
	"bytes"
	"context"
	"io"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
)

// rydeBench is a generated deposit and its RyDE form, built once.
// SSR_RYDE_BENCH_DOMAINS sets the number of domains (default 20000, about
// 13 MB of XML; 335000 gives the 200 MB deposit of the escrow notes).
var rydeBench = sync.OnceValues(func() ([]byte, []Piece) {
	n := 20000
	if s := os.Getenv("SSR_RYDE_BENCH_DOMAINS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	var b bytes.Buffer
	if err := generate(&b, genSpec{Domains: n, Hosts: max(n/150, 2), Contacts: max(n/60, 1), Registrars: 100}); err != nil {
		panic(err)
	}
	return b.Bytes(), nil
})

func rydeBenchPieces(b *testing.B) ([]byte, []Piece) {
	dep, _ := rydeBench()
	pieces, _ := rydeWrite(b, dep, 0, "agent", "registry")
	return dep, pieces
}

func rydeBenchOpen(b *testing.B, pieces []Piece) io.ReadCloser {
	rc, _, err := OpenRyDE(context.Background(), pieces, openpgp.EntityList{rydeKey(b, "agent")}, openpgp.EntityList{rydeKey(b, "registry")}, &RyDEConfig{Now: rydeTestNow})
	if err != nil {
		b.Fatal(err)
	}
	return rc
}

func rydeBenchRead(b *testing.B, r io.Reader) {
	rd := NewReader(r, nil)
	for rd.Next() {
	}
	if rd.Err() != nil {
		b.Fatal(rd.Err())
	}
}

// BenchmarkRyDEPlainXML is the baseline: the deposit reader over the plain XML.
func BenchmarkRyDEPlainXML(b *testing.B) {
	dep, _ := rydeBench()
	b.SetBytes(int64(len(dep)))
	b.ReportAllocs()
	for b.Loop() {
		rydeBenchRead(b, bytes.NewReader(dep))
	}
}

// BenchmarkRyDEOpenAndRead opens the RyDE form (signature, authenticated
// decryption pass, decrypt+inflate+untar) and runs the same reader over it.
func BenchmarkRyDEOpenAndRead(b *testing.B) {
	dep, pieces := rydeBenchPieces(b)
	b.SetBytes(int64(len(dep)))
	b.ReportAllocs()
	for b.Loop() {
		rc := rydeBenchOpen(b, pieces)
		rydeBenchRead(b, rc)
		rc.Close()
	}
}

// BenchmarkRyDEOpenRaw is the RyDE layer alone: open and copy the member to io.Discard.
func BenchmarkRyDEOpenRaw(b *testing.B) {
	dep, pieces := rydeBenchPieces(b)
	b.SetBytes(int64(len(dep)))
	b.ReportAllocs()
	for b.Loop() {
		rc := rydeBenchOpen(b, pieces)
		if n, err := io.Copy(io.Discard, rc); err != nil || n != int64(len(dep)) {
			b.Fatal(n, err)
		}
		rc.Close()
	}
}
