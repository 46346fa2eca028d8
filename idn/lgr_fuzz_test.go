package idn

import (
	"os"
	"path/filepath"
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
