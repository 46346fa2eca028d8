package idn

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// The per-LGR tests of issue 19: for each of the 118 embedded 2024 LGRs,
// test labels in RST's idnTableRequest format (testdata/lgr2024/SET/TAG.json)
// derived from the LGR's own repertoire and rules: allocatable labels with
// registrable and blocked variants, and unallocatable labels. The files are
// written by `go test ./idn -run TestLGR2024Labels -args -update` and
// reviewed; the test then checks them with CheckIDNTableRequest (variants
// answered by VariantOf, never by enumeration), cross-checks VariantOf
// against enumeration where the variant set is small enough, and checks
// two expectations derived independently of the engine: a code point
// outside the repertoire makes a label invalid at that position (RFC 7940
// §8.1), and a leading or trailing hyphen is refused (RFC 5891 §4.2.3.1,
// which every reference LGR encodes as a context rule).

type lgr2024Table struct {
	spec, set, tag string
	l, vl          *LGR
}

func lgr2024Tables(t *testing.T) []lgr2024Table {
	t.Helper()
	var out []lgr2024Table
	for _, tag := range ReferenceLGR2024Tags() {
		vl, err := FullVariantLGR2024(tag)
		if err != nil {
			t.Fatal(err)
		}
		for _, set := range []string{SetReference2024, SetFullVariant2024} {
			l, err := LoadEmbeddedLGR(set + ":" + tag)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, lgr2024Table{set + ":" + tag, set, tag, l, vl})
		}
	}
	return out
}

// rstLabel writes a label as RST does: the A-label of an IDN label.
func rstLabel(u string) string {
	a, err := ALabel(u)
	if err != nil {
		return u
	}
	return a
}

// deriveTableRequest builds the test labels of one table from its LGR.
func deriveTableRequest(tb lgr2024Table) *IDNTableRequest {
	req := &IDNTableRequest{Tag: tb.tag, Version: "derived from " + tb.spec,
		TestLabels: RSTTestLabels{AllocatableLabels: []RSTAllocatableLabel{}, UnallocatableLabels: []string{}}}
	seen := map[string]bool{}
	for _, label := range lgrTestLabels(tb.l, 400) {
		if seen[label] {
			continue
		}
		seen[label] = true
		ok := tb.l.Evaluate(label).OK()
		switch {
		case ok && len(req.TestLabels.AllocatableLabels) < 5:
			a := RSTAllocatableLabel{Label: rstLabel(label), VariantTLDAllocatability: []string{tb.tag}, Variants: []RSTVariantLabel{}}
			a.Variants = deriveVariants(tb, label)
			req.TestLabels.AllocatableLabels = append(req.TestLabels.AllocatableLabels, a)
		case !ok && len(req.TestLabels.UnallocatableLabels) < 5:
			req.TestLabels.UnallocatableLabels = append(req.TestLabels.UnallocatableLabels, rstLabel(label))
		}
	}
	// Labels made unallocatable from an allocatable one by the rules every
	// reference LGR has: a code point outside the repertoire (RFC 7940
	// §8.1) and a leading or trailing hyphen (RFC 5891 §4.2.3.1).
	if len(req.TestLabels.AllocatableLabels) > 0 {
		u := rstULabel(req.TestLabels.AllocatableLabels[0].Label)
		for _, r := range outsideCandidates {
			if _, ok := tb.l.Lookup([]rune{r}); !ok && len(tb.l.seqs[r]) == 0 && r != '!' {
				req.TestLabels.UnallocatableLabels = append(req.TestLabels.UnallocatableLabels, rstLabel(u+string(r)))
				break
			}
		}
		if _, ok := tb.l.Lookup([]rune{'-'}); ok {
			req.TestLabels.UnallocatableLabels = append(req.TestLabels.UnallocatableLabels, rstLabel("-"+u), rstLabel(u+"-"))
		}
	}
	return req
}

// deriveVariants picks up to two registrable variants (streamed by
// AllocatableVariants) and up to two non-registrable ones (one-element
// substitutions that VariantOf places in the set) of label.
func deriveVariants(tb lgr2024Table, label string) []RSTVariantLabel {
	out := []RSTVariantLabel{}
	_ = tb.vl.AllocatableVariants(label, func(v VariantLabel) bool {
		al := []string{}
		if tb.l.Evaluate(v.Label).OK() {
			al = []string{tb.tag}
		}
		out = append(out, RSTVariantLabel{Label: rstLabel(v.Label), VariantTLDAllocatability: al})
		return len(out) < 2
	})
	n := 0
	for _, c := range substitutionCandidates(tb.vl, label, 40) {
		if n == 2 || len([]rune(c)) > MaxLGRLabelLength {
			break
		}
		a, err := tb.vl.VariantOf(label, c)
		if err != nil || !a.InSet || a.Registrable() {
			continue
		}
		out = append(out, RSTVariantLabel{Label: rstLabel(c), VariantTLDAllocatability: []string{}})
		n++
	}
	return out
}

func TestLGR2024Labels(t *testing.T) {
	tables := lgr2024Tables(t)
	if len(tables) != 118 {
		t.Fatalf("%d tables, want 118", len(tables))
	}
	var nLabels, nVariants, nCross int
	for _, tb := range tables {
		path := filepath.Join("testdata", "lgr2024", tb.set, tb.tag+".json")
		if *update {
			b, err := json.MarshalIndent(deriveTableRequest(tb), "", " ")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		req, err := ParseIDNTableRequest(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		tl := req.TestLabels
		if len(tl.AllocatableLabels) == 0 || len(tl.UnallocatableLabels) == 0 {
			t.Errorf("%s: %d allocatable and %d unallocatable labels, want some of each", path, len(tl.AllocatableLabels), len(tl.UnallocatableLabels))
		}
		rep, err := CheckIDNTableRequest(req, []RSTTable{{Tag: tb.tag, LGR: tb.l, VariantLGR: tb.vl}})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, e := range rep.Findings {
			t.Errorf("%s: %v", tb.spec, e)
		}
		for _, a := range tl.AllocatableLabels {
			nLabels++
			nVariants += len(a.Variants)
			u := rstULabel(a.Label)
			if crossCheckVariantOf(t, tb.vl, u, 500) {
				nCross++
			}
			checkDerivedInvalid(t, tb, u)
		}
		nLabels += len(tl.UnallocatableLabels)
	}
	t.Logf("118 LGRs: %d test labels, %d variants; %d allocatable labels also cross-checked against enumeration", nLabels, nVariants, nCross)
}

// outsideCandidates are code points tried, in order, as one that is not
// in an LGR's repertoire.
var outsideCandidates = []rune{'!', 0x00DF, 0x0434, 0x05D0, 0x4E00, 'q', 0x0E01, 0x1780, 0xAC00, 0x3042}

// checkDerivedInvalid appends a code point outside the repertoire (found
// with Lookup, not Evaluate) and a hyphen to an allocatable label; both
// must be refused for the reason derived from the LGR's contents.
func checkDerivedInvalid(t *testing.T, tb lgr2024Table, u string) {
	t.Helper()
	n := len([]rune(u))
	for _, r := range outsideCandidates {
		if _, ok := tb.l.Lookup([]rune{r}); ok || len(tb.l.seqs[r]) > 0 {
			continue
		}
		res := tb.l.Evaluate(u + string(r))
		found := false
		for _, p := range res.Findings {
			var e *Error
			found = found || errors.As(p, &e) && errors.Is(e, ErrNotInRepertoire) && e.Pos == n && e.Rune == r
		}
		if res.OK() || !found {
			t.Errorf("%s: %q + U+%04X (not in the repertoire): %s %v, want invalid, ErrNotInRepertoire at %d (RFC 7940 §8.1)", tb.spec, u, r, res.Disposition, res.Findings, n)
		}
		break
	}
	if _, ok := tb.l.Lookup([]rune{'-'}); ok {
		for _, s := range []string{"-" + u, u + "-"} {
			if tb.l.Evaluate(s).OK() {
				t.Errorf("%s: %q accepted; a leading or trailing hyphen is not allowed (RFC 5891 §4.2.3.1)", tb.spec, s)
			}
		}
	}
}

var _ = fmt.Sprintf
