package idn

import (
	"sort"
	"testing"
	"time"

	"github.com/ssrkit/ssr/idn/internal/rzlgr"
)

// embeddedFiles lists every embedded LGR file: the 2024 reference and
// full-variant-set LGRs, the 2022 reference LGRs and RZ-LGR-5.
func embeddedFiles() [][2]string {
	var out [][2]string
	for _, dir := range []string{rzlgr.Reference2024Dir, rzlgr.FullVariant2024Dir, rzlgr.SecondLevelDir, rzlgr.RootZoneDir} {
		for _, f := range rzlgr.List(dir) {
			out = append(out, [2]string{dir, f})
		}
	}
	return out
}

func loadEmbeddedFile(tb testing.TB, dir, file string) {
	data, err := rzlgr.ReadAll(dir, file, MaxLGRBytes)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := parseLGRData(data, &LGRConfig{Name: file}); err != nil {
		tb.Fatal(err)
	}
}

// maxLGRLoad is issue 19's bound on loading one embedded LGR (decompress
// and parse); TestLGRLoadAllEmbedded fails only past three times it, in
// process CPU time, as the shared test machine stretches wall time.
const maxLGRLoad = 150 * time.Millisecond

// TestLGRLoadAllEmbedded loads every embedded LGR once, as the lazy loader
// does, and logs the slowest (run with -v to see them; the figures are
// BenchmarkLGRLoadEmbedded's).
func TestLGRLoadAllEmbedded(t *testing.T) {
	if testing.Short() {
		t.Skip("parses every embedded LGR")
	}
	type res struct {
		name      string
		wall, cpu time.Duration
	}
	var all []res
	for _, f := range embeddedFiles() {
		c0, t0 := cpuTime(), time.Now()
		loadEmbeddedFile(t, f[0], f[1])
		all = append(all, res{f[0] + "/" + f[1], time.Since(t0), cpuTime() - c0})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].cpu > all[j].cpu })
	for _, r := range all[:5] {
		t.Logf("%-50s CPU %v, wall %v", r.name, r.cpu, r.wall)
	}
	if all[0].cpu > 3*maxLGRLoad && !raceEnabled {
		t.Errorf("%s: loading took %v of CPU, over 3×%v", all[0].name, all[0].cpu, maxLGRLoad)
	}
}

// BenchmarkLGRLoadEmbedded: decompress and parse each embedded LGR file
// (the lazy loader's path), one sub-benchmark per file
// (-bench 'LGRLoadEmbedded/fvs-2024:ja' to pick one).
func BenchmarkLGRLoadEmbedded(b *testing.B) {
	for _, f := range embeddedFiles() {
		b.Run(f[0]+":"+f[1], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				loadEmbeddedFile(b, f[0], f[1])
			}
		})
	}
}
