package trustanchor

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGoldenFormats writes today's IANA root anchors in every format and
// compares with testdata/golden (go test -run Golden -update rewrites them).
func TestGoldenFormats(t *testing.T) {
	sel, _, err := Root(nil, nil, &CMSConfig{Now: at(today)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rrs := sel.RRs()
	tp, err := NewTrustPoint(rrs, date(today))
	if err != nil {
		t.Fatal(err)
	}
	tp.LastQueried, tp.LastSuccess = date(today), date(today)
	tp.QueryInterval, tp.RetryTime = ProbeTimes(172800e9, 14*24*3600e9)
	tp.NextProbe = date(today).Add(tp.QueryInterval)
	outputs := map[string]func(*bytes.Buffer) error{
		"root.ds":           func(b *bytes.Buffer) error { return WriteDS(b, rrs) },
		"root.key":          func(b *bytes.Buffer) error { return WriteDNSKEY(b, rrs) },
		"bind-initial.conf": func(b *bytes.Buffer) error { return WriteBIND(b, BINDAnchors(rrs, false)) },
		"bind-static.conf":  func(b *bytes.Buffer) error { return WriteBIND(b, BINDAnchors(rrs, true)) },
		"unbound.key":       func(b *bytes.Buffer) error { return WriteUnbound(b, tp) },
		"kresd.keys":        func(b *bytes.Buffer) error { return WriteKresd(b, tp) },
		"managed-keys.bind": func(b *bytes.Buffer) error {
			var kds []KeyData
			for _, k := range tp.Keys {
				kd, err := KeyDataFrom(k, tp.NextProbe, 0)
				if err != nil {
					return err
				}
				kds = append(kds, *kd)
			}
			return WriteKeyData(b, kds)
		},
	}
	for name, write := range outputs {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		path := filepath.Join("testdata", "golden", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if d := cmp.Diff(string(want), b.String()); d != "" {
			t.Errorf("%s (-golden +got):\n%s", name, d)
		}
	}
}
