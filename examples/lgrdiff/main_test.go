package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

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
	*jsonOut = true
	defer func() { *jsonOut = false }()
	var out, errb bytes.Buffer
	if rc := run([]string{a, b}, &out, &errb); rc != 1 {
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
	if rc := run([]string{a, a}, &out, &errb); rc != 0 {
		t.Errorf("same file: rc %d: %s", rc, out.String())
	}
	if rc := run([]string{a}, &out, &errb); rc != 2 {
		t.Errorf("usage: rc %d", rc)
	}
	if rc := run([]string{a, filepath.Join(dir, "missing.xml")}, &out, &errb); rc != 2 {
		t.Errorf("missing file: rc %d", rc)
	}
}
