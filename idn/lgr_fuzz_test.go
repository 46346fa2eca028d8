package idn

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseLGR feeds arbitrary documents to ParseLGR: it must return an
// LGR or a typed *Error, never panic or hang, and a parsed LGR must
// evaluate, enumerate variants and compute index labels without panicking.
func FuzzParseLGR(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/lgr/*.xml")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(lgrDoc(`<char cp="0061"><var cp="0062"/></char><char cp="0062"><var cp="0061"/></char>`, `<rule name="r"><start/><char cp="0061" count="1+"/><end/></rule><action disp="blocked" match="r"/>`)))
	f.Add([]byte(`<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0"><data><range first-cp="0061" last-cp="007A"/></data></lgr>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		l, err := ParseLGR(strings.NewReader(string(doc)), &LGRConfig{MaxElements: 5000, MaxSteps: 2000})
		if err != nil {
			if l != nil {
				t.Fatal("LGR returned with an error")
			}
			return
		}
		_ = l.Validate()
		for _, label := range []string{"a", "ab", "abc", "pp0", "\u0915\u094D\u200D", "c\u0327a"} {
			l.Evaluate(label)
			l.Variants(label, 50)
			l.IndexLabel(label)
		}
	})
}

// FuzzLGREvaluate evaluates arbitrary labels against the RZ-LGR Arabic
// element LGR (rules, classes, contexts) and the hand-written example.
func FuzzLGREvaluate(f *testing.F) {
	for _, s := range []string{"a", "abc", "шبكة", "شبكة", "\u0627\u0644", "", "\x00", strings.Repeat("ب", 70), "c\u0327\u00e7"} {
		f.Add(s)
	}
	arab, err := RootZoneScript("Arab")
	if err != nil {
		f.Fatal(err)
	}
	b, err := os.ReadFile("testdata/lgr/example.xml")
	if err != nil {
		f.Fatal(err)
	}
	ex, err := ParseLGR(strings.NewReader(string(b)), nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, label string) {
		for _, l := range []*LGR{arab, ex} {
			r := l.Evaluate(label)
			if r.Disposition == "" {
				t.Fatalf("%q: empty disposition", label)
			}
			if r.OK() && !utf8.ValidString(label) {
				t.Fatalf("%q: invalid UTF-8 accepted", label)
			}
			vs, err := l.Variants(label, 20)
			if err == nil && len(vs) > 20 {
				t.Fatalf("%q: %d variants over the cap", label, len(vs))
			}
			l.IndexLabel(label)
		}
	})
}

// FuzzVariantOf asks VariantOf arbitrary (label, candidate) questions on
// the Spanish full-variant-set LGR (sequences, contexts, fallback and
// blocked types) and the hand-written example: never a panic, and whenever
// the label's variant set can be enumerated the answer must equal the
// enumeration's (membership, disposition, types), and AllocatableVariants
// must yield exactly its registrable labels.
func FuzzVariantOf(f *testing.F) {
	for _, s := range [][2]string{{"airl·lpack", "airl-lpack"}, {"ul·lvl·lw", "ul-lvl·lw"}, {"shell-land", "shell·land"},
		{"ab", "ba"}, {"cañon", "canon"}, {"a", "á"}, {"", "a"}, {"a\x00", "a"}} {
		f.Add(s[0], s[1])
	}
	es, err := FullVariantLGR2024("es")
	if err != nil {
		f.Fatal(err)
	}
	b, err := os.ReadFile("testdata/lgr/example.xml")
	if err != nil {
		f.Fatal(err)
	}
	ex, err := ParseLGR(strings.NewReader(string(b)), nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, label, cand string) {
		for _, l := range []*LGR{es, ex} {
			a, err := l.VariantOf(label, cand)
			if err != nil {
				if a != nil {
					t.Fatal("answer returned with an error")
				}
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("untyped error %v", err)
				}
				continue
			}
			if a.InSet && a.Identical {
				t.Fatal("both in the set and identical")
			}
			all, err := l.variants(label, 300, true)
			if err != nil {
				continue // not enumerable: nothing to compare
			}
			var in *VariantLabel
			var reg []string
			for i := range all {
				if all[i].Label == cand {
					in = &all[i]
				}
				if registrableDisp(all[i].Disposition) {
					reg = append(reg, all[i].Label)
				}
			}
			switch {
			case in == nil && a.InSet:
				t.Fatalf("%s: VariantOf(%q, %q) in the set, enumeration does not produce it", l.Name, label, cand)
			case in != nil && (!a.InSet || a.Disposition != in.Disposition || strings.Join(a.Types, " ") != strings.Join(in.Types, " ")):
				t.Fatalf("%s: VariantOf(%q, %q) = %v %s %v, enumeration %s %v", l.Name, label, cand, a.InSet, a.Disposition, a.Types, in.Disposition, in.Types)
			}
			var got []string
			if err := l.AllocatableVariants(label, func(v VariantLabel) bool { got = append(got, v.Label); return true }); err != nil {
				t.Fatalf("AllocatableVariants(%q): %v", label, err)
			}
			slices.Sort(got)
			slices.Sort(reg)
			if !slices.Equal(got, reg) {
				t.Fatalf("%s: AllocatableVariants(%q) = %q, enumeration %q", l.Name, label, got, reg)
			}
		}
	})
}

// FuzzParseIDNTableRequest: arbitrary JSON gives a request or a typed
// error, and a parsed request can be checked against the Spanish tables
// without panicking.
func FuzzParseIDNTableRequest(f *testing.F) {
	for _, name := range []string{"testdata/rst-idn/es.json", "testdata/rst-idn/und-Khmr.json"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"tag":"es","testLabels":{"allocatableLabels":[{"label":"xn--","variants":[{"label":"\u0000"}]}],"unallocatableLabels":["-"]}}`))
	f.Add([]byte(`{"tag":"es","eppSafeCodePoints":["U+ZZZZ","U+110000"]}`))
	tables, err := RSTTablesFor("es")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		req, err := ParseIDNTableRequest(strings.NewReader(string(doc)))
		if err != nil {
			var e *Error
			if req != nil || !errors.As(err, &e) {
				t.Fatalf("request %v with error %v", req, err)
			}
			return
		}
		req.Tag = "es"
		rep, err := CheckIDNTableRequest(req, tables)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range rep.Findings {
			if e.Rule == "" || !errors.Is(e, ErrRSTMismatch) {
				t.Fatalf("malformed finding %v", e)
			}
		}
	})
}
