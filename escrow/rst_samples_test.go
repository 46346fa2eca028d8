package escrow

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// rfcCSVFiles maps the file names of the RFC 9022 §16/§17 CSV deposits to
// the CSV files printed in the RFC (testdata/rfc9022-csv).
func rfcCSVFiles(t *testing.T) fstest.MapFS {
	fsys := fstest.MapFS{}
	paths, _ := filepath.Glob("testdata/rfc9022-csv/*.csv")
	slices.Sort(paths) // §5 files after §4 ones: the §5 examples win
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, name, _ := strings.Cut(filepath.Base(p), "-")
		fsys[name] = &fstest.MapFile{Data: b}
	}
	return fsys
}

// TestRSTSampleCodes: the RST codes the RFC 9022 examples and the registry
// samples give (zero RSTConfig: maximum data model, host objects, no IDN
// tables, no TLD or file name) are those of the table in doc.go.
func TestRSTSampleCodes(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/rfc9022/*.xml")
	n, _ := filepath.Glob("testdata/nomulus/*.xml")
	for _, p := range append(files, n...) {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Verify(context.Background(), f, &VerifyConfig{Name: filepath.Base(p), Files: rfcCSVFiles(t),
			Now: func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }, RST: &RSTConfig{}})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, x := range rep.Findings {
			c := x.Code
			if c == "" {
				c = "(none)"
			}
			count[c]++
		}
		var parts []string
		for c, k := range count {
			parts = append(parts, fmt.Sprintf("%s×%d", c, k))
		}
		slices.Sort(parts)
		line := fmt.Sprintf("//	%s: %s", filepath.Base(p), strings.Join(parts, ", "))
		if !strings.Contains(string(doc), line+"\n") {
			t.Errorf("doc.go lacks the line\n%s", line)
		}
	}
}
