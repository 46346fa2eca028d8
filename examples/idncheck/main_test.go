package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssrkit/ssr/idn"
)

// jsonLines decodes the -json output, one object of type T per line.
func jsonLines[T any](t *testing.T, out string) []T {
	t.Helper()
	var rows []T
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r T
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		rows = append(rows, r)
	}
	return rows
}

func TestRunJSON(t *testing.T) {
	*jsonOut, *tldMode = true, false
	defer func() { *jsonOut = false }()
	var out, errOut bytes.Buffer
	code := run([]string{"bücher", "a·b", "XN--BCHER-KVA"}, nil, &out, &errOut)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (one invalid label); stderr %s", code, errOut.String())
	}
	type row struct {
		Label  string   `json:"label"`
		ALabel string   `json:"alabel"`
		ULabel string   `json:"ulabel"`
		OK     bool     `json:"ok"`
		Errors []string `json:"errors"`
	}
	got := jsonLines[row](t, out.String())
	want := []row{
		{"bücher", "xn--bcher-kva", "bücher", true, []string{}},
		{"a·b", "xn--ab-0ea", "a·b", false, []string{"RFC5892-A.3"}},
		{"XN--BCHER-KVA", "xn--bcher-kva", "bücher", true, []string{}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestRunStdinTLD(t *testing.T) {
	*tldMode = true
	defer func() { *tldMode = false }()
	var out, errOut bytes.Buffer
	code := run(nil, strings.NewReader("# comment\nphotographers\n\nab\n"), &out, &errOut)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	s := out.String()
	if !strings.Contains(s, "OK\tphotographers") || !strings.Contains(s, "INVALID\tab") || !strings.Contains(s, "AGB-2.2.1.3.2-III-ascii-length") {
		t.Errorf("unexpected output:\n%s", s)
	}
	if code := run(nil, strings.NewReader(""), &out, &errOut); code != 2 {
		t.Errorf("no labels: exit %d, want 2", code)
	}
}

// TestRunTLDRootZone: -tld runs the Root Zone LGR stage by default and the
// JSON carries its RFC 7940 rule codes; -skip-rz-lgr turns it off; -tld with
// -lgr rz adds the disposition without repeating the findings.
func TestRunTLDRootZone(t *testing.T) {
	type detail struct {
		Rule    string `json:"check"`
		Message string `json:"message"`
	}
	type row struct {
		Label       string   `json:"label"`
		OK          bool     `json:"ok"`
		Errors      []string `json:"errors"`
		Details     []detail `json:"details"`
		Disposition string   `json:"disposition"`
	}
	runRows := func(t *testing.T, want int, labels ...string) []row {
		t.Helper()
		var out, errOut bytes.Buffer
		if code := run(labels, nil, &out, &errOut); code != want {
			t.Fatalf("exit %d, want %d; stderr %s", code, want, errOut.String())
		}
		return jsonLines[row](t, out.String())
	}
	*jsonOut, *tldMode = true, true
	defer func() { *jsonOut, *tldMode, *skipRZ, *lgrFile = false, false, false, "" }()

	rows := runRows(t, 1, "пример", "中國", "澳门", "øţàďěcá", "ꆈꌠꁱꂷ", "photography", "pyc")
	got := map[string][]string{}
	for _, r := range rows {
		got[r.Label] = r.Errors
	}
	want := map[string][]string{
		"пример":      {},
		"中國":          {"RFC7940-8.5"}, // delegated, and a variant of delegated 中国
		"澳门":          {"RFC7940-8.5"}, // variant of delegated 澳門
		"øţàďěcá":     {"RFC7940-8.1"}, // U+0163 not in the RZ-LGR-5 Latin repertoire
		"ꆈꌠꁱꂷ":        {"RZ-LGR-5"},    // Yi has no RZ-LGR-5 element LGR
		"photography": {"RFC7940-8.5"}, // delegated ASCII TLD
		"pyc":         {"RFC7940-8.5"}, // variant of delegated рус
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("rule codes (-want +got):\n%s", d)
	}
	if d := rows[1].Details; len(d) != 2 || !strings.Contains(d[0].Message, "variant of delegated TLD 中国 (xn--fiqs8s)") || !strings.Contains(d[1].Message, "already delegated") {
		t.Errorf("中國 details: %+v", d)
	}

	*lgrFile = "rz"
	rows = runRows(t, 1, "中國")
	if r := rows[0]; r.Disposition != "blocked" || len(r.Details) != 2 {
		t.Errorf("-tld -lgr rz: %+v", r)
	}

	*lgrFile, *skipRZ = "", true
	rows = runRows(t, 0, "中國", "øţàďěcá")
	for _, r := range rows {
		if !r.OK || len(r.Errors) != 0 {
			t.Errorf("-skip-rz-lgr %s: %+v", r.Label, r)
		}
	}
}

// TestVariantOf: -variant-of answers without enumeration (issue 19):
// airl-lpack is an allocatable variant of airl·lpack under the Spanish
// full-variant-set LGR (201,599 variant labels); exit 0 only when every
// candidate is a registrable variant.
func TestVariantOf(t *testing.T) {
	defer func() { *lgrFile, *variantOf, *jsonOut = "", "", false }()
	*lgrFile, *variantOf = "fvs:es", "airl·lpack"
	var out, errOut bytes.Buffer
	if code := run([]string{"airl-lpack"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d; %s %s", code, out.String(), errOut.String())
	}
	if !strings.HasPrefix(out.String(), "allocatable\tairl-lpack\talabel=airl-lpack\tvariant-of=airl·lpack\ttypes=fallback") {
		t.Errorf("output %q", out.String())
	}
	out.Reset()
	*jsonOut = true
	if code := run([]string{"áirl-lpack", "xyz", "XN--AIRLLPACK-3PA"}, nil, &out, &errOut); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	type row struct {
		ALabel      string `json:"alabel"`
		ULabel      string `json:"ulabel"`
		InSet       bool   `json:"inVariantSet"`
		Identical   bool   `json:"identical"`
		Disposition string `json:"disposition"`
	}
	got := jsonLines[row](t, out.String())
	want := []row{
		{"xn--irl-lpack-z1a", "áirl-lpack", true, false, "blocked"},
		{"xyz", "xyz", false, false, "not-a-variant"},
		{"xn--airllpack-3pa", "airl·lpack", false, true, "valid"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	*lgrFile = ""
	if code := run([]string{"x"}, nil, &out, &errOut); code != 2 {
		t.Errorf("-variant-of without -lgr: exit %d, want 2", code)
	}
}

// TestVariantsALabels: -variants prints each variant's A-label; with
// -allocatable only registrable variants are listed; -max-variants is
// capped at idn.MaxVariantLabelsCap.
func TestVariantsALabels(t *testing.T) {
	defer func() {
		*lgrFile, *showVariants, *allocatableOnly, *maxVariants = "", false, false, idn.MaxVariantLabels
	}()
	*lgrFile, *showVariants, *allocatableOnly = "fvs:es", true, true
	var out, errOut bytes.Buffer
	if code := run([]string{"ul·lvl·lw"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if want := "\tvariant ul-lvl-lw ul-lvl-lw allocatable\n"; !strings.HasSuffix(out.String(), want) || strings.Count(out.String(), "variant ") != 1 {
		t.Errorf("output %q, want one line %q", out.String(), want)
	}
	*allocatableOnly = false
	out.Reset()
	if code := run([]string{"ñu"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "\tvariant ñú xn--idas blocked\n") {
		t.Errorf("-variants output %q", out.String())
	}
	*maxVariants = idn.MaxVariantLabelsCap + 1
	if code := run([]string{"ab"}, nil, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "-max-variants") {
		t.Errorf("-max-variants above the cap: exit %d, stderr %q", code, errOut.String())
	}
}

// TestMunchenALabel: the A-label printed for a U-label with upper-case
// ASCII is made from the lower-cased string, never "xn--Mnchen-3ya"
// (issue 19).
func TestMunchenALabel(t *testing.T) {
	var out, errOut bytes.Buffer
	run([]string{"München"}, nil, &out, &errOut)
	if strings.Contains(out.String(), "xn--Mnchen") || !strings.Contains(out.String(), "alabel=xn--mnchen-3ya") {
		t.Errorf("output %q", out.String())
	}
}

// TestList: -list names every embedded LGR with tag, date and Unicode
// version, the 118 of 2024 included.
func TestList(t *testing.T) {
	defer func() { *listLGRs = false }()
	*listLGRs = true
	var out, errOut bytes.Buffer
	if code := run(nil, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	s := out.String()
	for _, want := range []string{"ref:es ", "fvs:und-Hani ", "ref:und-Jpan ", "rz:Latn ", "ref:lgr-second-level-spanish-language-31may22-en"} {
		if !strings.Contains(s, want) {
			t.Errorf("-list lacks %q", want)
		}
	}
	if n := strings.Count(s, "date=2024-10-25\tunicode="); n != 118 {
		t.Errorf("%d LGRs dated 2024-10-25, want 118", n)
	}
}

// TestRST: -rst checks ICANN's published Spanish test labels; the one
// disagreement (RST lists ul·lvl·lw as allocatable in de) gives exit 1.
func TestRST(t *testing.T) {
	defer func() { *rstFile, *rstTables = "", "" }()
	*rstFile = "../../idn/testdata/rst-idn/und-Khmr.json"
	var out, errOut bytes.Buffer
	if code := run(nil, nil, &out, &errOut); code != 0 {
		t.Fatalf("und-Khmr: exit %d: %s %s", code, out.String(), errOut.String())
	}
	*rstFile, *rstTables = "../../idn/testdata/rst-idn/es.json", "es,de,und-Latn"
	out.Reset()
	if code := run(nil, nil, &out, &errOut); code != 1 || strings.Count(out.String(), "FINDING") != 1 {
		t.Errorf("es: exit %d: %s", code, out.String())
	}
	*rstFile = "missing.json"
	if code := run(nil, nil, &out, &errOut); code != 2 {
		t.Errorf("missing file: exit %d", code)
	}
}
