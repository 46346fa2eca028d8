package escrow

import (
	"bytes"
	"context"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

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

// TestRyDEOverhead measures, alternating the two so that machine load hits
// both alike, the wall and CPU time of reading the deposit with NewReader
// from the plain XML and from its RyDE form. Run with
// SSR_RYDE_OVERHEAD=<rounds> (and SSR_RYDE_BENCH_DOMAINS=335000 for 200 MB).
func TestRyDEOverhead(t *testing.T) {
	rounds, _ := strconv.Atoi(os.Getenv("SSR_RYDE_OVERHEAD"))
	if rounds == 0 {
		t.Skip("set SSR_RYDE_OVERHEAD=<rounds> to measure")
	}
	dep, _ := rydeBench()
	pieces, _ := rydeWrite(t, dep, 0, "agent", "registry")
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	read := func(r io.Reader) {
		rd := NewReader(r, nil)
		for rd.Next() {
		}
		if rd.Err() != nil {
			t.Fatal(rd.Err())
		}
	}
	var plainWall, rydeWall, plainCPU, rydeCPU []time.Duration
	for i := 0; i < rounds; i++ {
		runtime.GC()
		w, c := time.Now(), cpu()
		read(bytes.NewReader(dep))
		plainWall, plainCPU = append(plainWall, time.Since(w)), append(plainCPU, cpu()-c)
		runtime.GC()
		w, c = time.Now(), cpu()
		rc, _, err := OpenRyDE(context.Background(), pieces, openpgp.EntityList{rydeKey(t, "agent")}, openpgp.EntityList{rydeKey(t, "registry")}, &RyDEConfig{Now: rydeTestNow})
		if err != nil {
			t.Fatal(err)
		}
		read(rc)
		rc.Close()
		rydeWall, rydeCPU = append(rydeWall, time.Since(w)), append(rydeCPU, cpu()-c)
	}
	med := func(d []time.Duration) time.Duration {
		s := append([]time.Duration(nil), d...)
		sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
		return s[len(s)/2]
	}
	pw, rw, pc, rcpu := med(plainWall), med(rydeWall), med(plainCPU), med(rydeCPU)
	t.Logf("deposit %d bytes, .ryde %d bytes, %d rounds", len(dep), pieces[0].Size, rounds)
	t.Logf("wall: plain %v, RyDE %v (%+.1f%%); per round plain %v RyDE %v", pw, rw, 100*(float64(rw)/float64(pw)-1), plainWall, rydeWall)
	t.Logf("CPU:  plain %v, RyDE %v (%+.1f%%)", pc, rcpu, 100*(float64(rcpu)/float64(pc)-1))
}
