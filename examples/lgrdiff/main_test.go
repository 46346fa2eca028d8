package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssrkit/ssr/examples/internal/cli/clitest"
	"github.com/ssrkit/ssr/idn"
)

const oldLGR = `<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0">
  <meta><version>1</version></meta>
  <data>
    <char cp="0061"><var cp="0062" type="blocked"/></char>
    <char cp="0062"><var cp="0061" type="blocked"/></char>
    <char cp="0063"/>
  </data>
  <rules>
    <rule name="r"><start/><char cp="0063"/></rule>
    <action disp="invalid" match="r"/>
  </rules>
</lgr>`

const newLGR = `<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0">
  <meta><version>2</version></meta>
  <data>
    <char cp="0061"><var cp="0062" type="allocatable"/></char>
    <char cp="0062"><var cp="0061" type="allocatable"/></char>
    <char cp="0064"/>
  </data>
  <rules>
    <rule name="r"><start/><char cp="0064"/></rule>
    <action disp="invalid" match="r"/>
  </rules>
</lgr>`

func TestDiff(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "old.xml"), filepath.Join(dir, "new.xml")
	os.WriteFile(a, []byte(oldLGR), 0o644)
	os.WriteFile(b, []byte(newLGR), 0o644)
	var out, errb bytes.Buffer
	if rc := run([]string{a, b, "-json"}, nil, &out, &errb); rc != 1 {
		t.Fatalf("rc = %d, stderr %s", rc, errb.String())
	}
	var rep idn.LGRDiff
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		"meta changed": 1, "repertoire added": 1, "repertoire removed": 1,
		"variant changed": 2, "rule changed": 1,
	}
	if d := cmp.Diff(want, rep.Summary); d != "" {
		t.Errorf("summary (-want +got):\n%s\n%s", d, out.String())
	}
	out.Reset()
	if rc := run([]string{a, "-"}, strings.NewReader(oldLGR), &out, &errb); rc != 0 {
		t.Errorf("same file: rc %d: %s", rc, out.String())
	}
	if rc := run([]string{a}, nil, &out, &errb); rc != 2 {
		t.Errorf("usage: rc %d", rc)
	}
	if rc := run([]string{"-", "-"}, nil, &out, &errb); rc != 2 {
		t.Errorf("two stdins: rc %d", rc)
	}
	errb.Reset()
	missing := filepath.Join(dir, "missing.xml")
	if rc := run([]string{a, missing}, nil, &out, &errb); rc != 2 || !strings.Contains(errb.String(), missing+": no such file") {
		t.Errorf("missing file: rc %d: %s", rc, errb.String())
	}
}

// TestMax: the text report shows at most -max changes per kind and says
// how many it left out; -v shows all; the exit code is unchanged.
func TestMax(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "old.xml"), filepath.Join(dir, "new.xml")
	os.WriteFile(a, []byte(oldLGR), 0o644)
	os.WriteFile(b, []byte(newLGR), 0o644)
	var out, errb bytes.Buffer
	if rc := run([]string{"-max", "1", a, b}, nil, &out, &errb); rc != 1 {
		t.Fatalf("rc %d: %s", rc, errb.String())
	}
	if n := strings.Count(out.String(), "variant    changed"); n != 1 || !strings.Contains(out.String(), "# variant changed: 2\n# 1 change(s) not shown") {
		t.Errorf("-max 1: %d variant lines:\n%s", n, out.String())
	}
	out.Reset()
	if rc := run([]string{"-v", "-max", "1", a, b}, nil, &out, &errb); rc != 1 {
		t.Fatalf("rc %d", rc)
	}
	if n := strings.Count(out.String(), "variant    changed"); n != 2 || strings.Contains(out.String(), "not shown") {
		t.Errorf("-v: %d variant lines:\n%s", n, out.String())
	}
}

func TestContract(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "old.xml")
	os.WriteFile(a, []byte(oldLGR), 0o644)
	bin := clitest.Build(t)
	t.Run("help", func(t *testing.T) { clitest.CheckHelp(t, bin) })
	t.Run("bad", func(t *testing.T) {
		clitest.CheckBadInputs(t, bin, "../../trustanchor/testdata/testroot-zonemd.zone", map[string]func(string) []string{
			"old": func(p string) []string { return []string{p, a} },
			"new": func(p string) []string { return []string{"-json", a, p} },
		})
	})
	t.Run("golden", func(t *testing.T) {
		r := clitest.Run(t, bin, newLGR, "-json", a, "-")
		if r.Code != 1 {
			t.Fatalf("exit %d: %s", r.Code, r.Stderr)
		}
		clitest.Golden(t, "diff.json", []byte(strings.ReplaceAll(r.Stdout, dir, "DIR")))
	})
}
