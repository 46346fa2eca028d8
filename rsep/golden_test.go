package rsep

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden reports in testdata")

// TestGoldenReports pins the JSON form of whole reports (the determinism
// the package promises: same input, same bytes).
func TestGoldenReports(t *testing.T) {
	for _, c := range []struct {
		golden string
		tg     func() *Target
	}{
		{"bad.report.json", func() *Target { return &Target{Zone: loadZone(t, "bad.zone"), Now: at(evalTime)} }},
		{"good.report.json", func() *Target {
			return &Target{Zone: loadZone(t, "good.zone"), Parent: loadParent(t, "parent-good.txt"), Now: at(evalTime), Policy: &Policy{Reserved: []string{"www"}, IDNScripts: []string{"Latin"}}}
		}},
	} {
		t.Run(c.golden, func(t *testing.T) {
			var outs [][]byte
			for i := 0; i < 2; i++ {
				b, err := json.MarshalIndent(run(t, c.tg()), "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				outs = append(outs, append(b, '\n'))
			}
			if !bytes.Equal(outs[0], outs[1]) {
				t.Fatal("two runs over the same input differ")
			}
			path := filepath.Join("testdata", c.golden)
			if *update {
				if err := os.WriteFile(path, outs[0], 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), string(outs[0])); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
			var back Report
			if err := json.Unmarshal(outs[0], &back); err != nil {
				t.Fatalf("report does not read back: %v", err)
			}
		})
	}
}
