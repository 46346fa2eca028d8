package idn

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssrkit/ssr/idn/internal/peer"
	"github.com/ssrkit/ssr/idn/internal/rzlgr"
)

// TestLGRPeerXmllint validates every embedded LGR and the example against
// the RFC 7940 RELAX NG schema with xmllint (libxml2), the peer for the
// document format, and compares verdicts on malformed documents: whatever
// the schema rejects, ParseLGR must reject too; ParseLGR additionally
// enforces what a schema cannot (references resolve, no duplicates).
func TestLGRPeerXmllint(t *testing.T) {
	xmllint := peer.Need(t, "xmllint")
	dir := t.TempDir()
	var files []string
	for _, set := range []string{rzlgr.RootZoneDir, rzlgr.SecondLevelDir, rzlgr.Reference2024Dir, rzlgr.FullVariant2024Dir} {
		for _, name := range rzlgr.List(set) {
			rc, err := rzlgr.Open(set, name)
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, p)
		}
	}
	files = append(files, "testdata/lgr/example.xml")
	out, err := exec.Command(xmllint, append([]string{"--noout", "--relaxng", "testdata/lgr/lgr.rng"}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint rejects an LGR ParseLGR accepts: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), " validates"); n != len(files) {
		t.Errorf("xmllint validated %d of %d files:\n%s", n, len(files), out)
	}

	for _, c := range []struct {
		name, doc   string
		schemaValid bool // xmllint --relaxng verdict
		ourValid    bool // ParseLGR verdict
	}{
		{"minimal", lgrDoc(`<char cp="0061"/>`, ``), true, true},
		{"missing cp", lgrDoc(`<char/>`, ``), false, false},
		{"bad cp", lgrDoc(`<char cp="61"/>`, ``), false, false},
		{"unknown element", lgrDoc(`<char cp="0061"/><foo/>`, ``), false, false},
		{"var in range", lgrDoc(`<range first-cp="0061" last-cp="0062"><var cp="0063"/></range>`, ``), false, false},
		{"look-ahead without anchor", lgrDoc(`<char cp="0061"/>`, `<rule name="r"><char cp="0061"/><look-ahead><char cp="0061"/></look-ahead></rule>`), false, false},
		{"unnamed top rule", lgrDoc(`<char cp="0061"/>`, `<rule><start/></rule>`), false, false},
		{"bad count", lgrDoc(`<char cp="0061"/>`, `<rule name="r"><char cp="0061" count="x"/></rule>`), false, false},
		// Beyond the schema: RFC 7940 §4.3.8, §5.1, §5.2, §6.3.4.
		{"undefined ref", lgrDoc(`<char cp="0061" ref="9"/>`, ``), true, false},
		{"duplicate", lgrDoc(`<char cp="0061"/><char cp="0061"/>`, ``), true, false},
		{"undefined when", lgrDoc(`<char cp="0061" when="nope"/>`, ``), false, false}, // the schema types when as an IDREF
		{"rule before definition", lgrDoc(`<char cp="0061"/>`, `<rule name="r"><rule by-ref="s"/></rule><rule name="s"><start/></rule>`), true, false},
	} {
		p := filepath.Join(dir, "case.xml")
		if err := os.WriteFile(p, []byte(c.doc), 0o644); err != nil {
			t.Fatal(err)
		}
		err := exec.Command(xmllint, "--noout", "--relaxng", "testdata/lgr/lgr.rng", p).Run()
		if (err == nil) != c.schemaValid {
			t.Errorf("%s: xmllint valid=%v, want %v", c.name, err == nil, c.schemaValid)
		}
		_, perr := ParseLGR(strings.NewReader(c.doc), nil)
		if (perr == nil) != c.ourValid {
			t.Errorf("%s: ParseLGR err=%v, want valid=%v", c.name, perr, c.ourValid)
		}
	}
}
