package idn

import (
	"runtime"
	"strings"
	"testing"
)

// TestDiffLGRRange: an LGR whose one range spans 262,143 code points is
// diffed in three changes (one per run), and the diff itself allocates a
// few bytes per element, not a map entry and a change per code point
// (issue 19: with a range of 1,048,575 code points the lgrdiff program used
// 1.2 GB and 43 s before, 211 MB and 6.6 s after, most of it parsing).
func TestDiffLGRRange(t *testing.T) {
	if testing.Short() {
		t.Skip("parses a million-element LGR")
	}
	big, err := ParseLGR(strings.NewReader(`<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0"><meta><version>1</version></meta>
<data><range first-cp="0000" last-cp="3FFFE"/></data></lgr>`), nil)
	if err != nil {
		t.Fatal(err)
	}
	small, err := ParseLGR(strings.NewReader(lgrDoc(`<char cp="0061"/>`, ``)), nil)
	if err != nil {
		t.Fatal(err)
	}
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	d := DiffLGR(big, small)
	runtime.ReadMemStats(&m1)
	if got := d.Summary["repertoire removed"]; got != 3 {
		t.Errorf("repertoire removed: %d changes, want 3 runs: %+v", got, d.Changes)
	}
	if d.Changes[len(d.Changes)-1].Item != "E000..3FFFE (range, 204799 code points)" {
		t.Errorf("last change %+v", d.Changes[len(d.Changes)-1])
	}
	if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 16<<20 {
		t.Errorf("DiffLGR allocated %d MB for a one-range LGR", alloc>>20)
	} else {
		t.Logf("DiffLGR allocated %.1f MB", float64(alloc)/(1<<20))
	}
	// The reverse direction reports additions the same way.
	if got := DiffLGR(small, big).Summary["repertoire added"]; got != 3 {
		t.Errorf("reverse: %d added", got)
	}
}

// TestDiffLGRElements: element, variant, class, rule and action changes.
func TestDiffLGRElements(t *testing.T) {
	a, err := ParseLGR(strings.NewReader(lgrDoc(`<char cp="0061"><var cp="0062" type="blocked"/></char><char cp="0062"><var cp="0061" type="blocked"/></char><char cp="0063"/>`,
		`<rule name="r"><start/><char cp="0063"/></rule><action disp="invalid" match="r"/>`)), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseLGR(strings.NewReader(lgrDoc(`<char cp="0061"><var cp="0062" type="allocatable"/></char><char cp="0062"><var cp="0061" type="allocatable"/></char><char cp="0064" tag="x"/>`,
		`<rule name="r"><start/><char cp="0064"/></rule><action disp="invalid" match="r"/>`)), nil)
	if err != nil {
		t.Fatal(err)
	}
	d := DiffLGR(a, b)
	want := map[string]int{"repertoire added": 1, "repertoire removed": 1, "variant changed": 2, "rule changed": 1}
	for k, v := range want {
		if d.Summary[k] != v {
			t.Errorf("%s: %d, want %d (%+v)", k, d.Summary[k], v, d.Changes)
		}
	}
	if len(DiffLGR(a, a).Changes) != 0 {
		t.Error("an LGR differs from itself")
	}
}
