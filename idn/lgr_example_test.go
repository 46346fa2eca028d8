package idn_test

import (
	"fmt"
	"strings"

	"github.com/ssrkit/ssr/idn"
)

// A Cyrillic string that looks like the delegated .sex collides with it
// through the cross-script variants of the RZ-LGR common LGR.
func ExampleEvaluateRootZone() {
	for _, label := range []string{"αβγ", "ѕех", "xn--p1ai"} {
		r := idn.EvaluateRootZone(label, nil)
		fmt.Println(r.Label, r.Script, r.Disposition, r.Collisions)
	}
	// Output:
	// αβγ Grek valid []
	// ѕех Cyrl blocked [sex]
	// рф Cyrl blocked [рф]
}

// Labels in one variant set share an index label (RFC 7940 §8.5).
func ExampleLGR_IndexLabel() {
	l, err := idn.ParseLGR(strings.NewReader(`<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0"><data>
  <char cp="006F"><var cp="0030" type="blocked"/></char>
  <char cp="0030"><var cp="006F" type="blocked"/></char>
  <char cp="006B"/>
</data></lgr>`), nil)
	if err != nil {
		panic(err)
	}
	x, _ := l.NewLabelIndex([]string{"ok"})
	c, _ := x.Collisions("0k")
	fmt.Println(c)
	// Output: [ok]
}

func ExampleParseLGR_errors() {
	_, err := idn.ParseLGR(strings.NewReader(`<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0">
<data>
  <char cp="0061" when="after-b"/>
</data>
</lgr>`), &idn.LGRConfig{Name: "table.xml"})
	fmt.Println(err)
	// Output: idn: "table.xml" at 3: LGR document violates RFC 7940: char 0061 when names undefined rule "after-b" (RFC7940-5.2)
}

// CheckTLD runs the Root Zone LGR by default: a new string passes, a string
// that is delegated or a variant of a delegated TLD collides (RFC 7940
// §8.5), and a code point outside the element LGR's repertoire is refused.
func ExampleCheckTLD_rootZone() {
	for _, label := range []string{"пример", "澳门", "москва", "øţàďěcá"} {
		v := idn.CheckTLD(label, nil)
		if v.OK() {
			fmt.Println(label, "OK")
			continue
		}
		for _, e := range v.Findings {
			fmt.Println(e)
		}
	}
	// Output:
	// пример OK
	// idn: "澳门": variant collision with existing label: variant of delegated TLD 澳門 (xn--mix891f): same index label under the RZ-LGR-5 common LGR (RFC7940-8.5)
	// idn: "москва": variant collision with existing label: already delegated (RFC7940-8.5)
	// idn: "øţàďěcá" U+0163 at 1: code point not in LGR repertoire: U+0163 is not in the repertoire of lgr-5-latin-script-26may22-en.xml (RFC7940-8.1)
}

// VariantOf answers a variant question without enumerating the variant set:
// airl·lpack has 201,599 variant labels under ICANN's Spanish
// full-variant-set LGR, and airl-lpack is the one that is allocatable.
func ExampleLGR_VariantOf() {
	l, err := idn.LoadEmbeddedLGR("fvs:es")
	if err != nil {
		panic(err)
	}
	for _, c := range []string{"airl-lpack", "áirl-lpack", "airl-lpacx"} {
		a, err := l.VariantOf("airl·lpack", c)
		if err != nil {
			panic(err)
		}
		fmt.Println(c, a.InSet, a.Disposition, a.Types)
	}
	l.AllocatableVariants("airl·lpack", func(v idn.VariantLabel) bool {
		a, _ := idn.ALabel(v.Label)
		fmt.Println("allocatable:", v.Label, a)
		return true
	})
	// Output:
	// airl-lpack true allocatable [fallback]
	// áirl-lpack true blocked [blocked fallback]
	// airl-lpacx false  []
	// allocatable: airl-lpack airl-lpack
}

// CheckIDNTableRequest recomputes an RST idnTableRequest's expectations
// from the LGRs of the tables a zone offers.
func ExampleCheckIDNTableRequest() {
	req, err := idn.ParseIDNTableRequest(strings.NewReader(`{"tag": "es", "testLabels": {
	  "allocatableLabels": [{"label": "xn--airllpack-3pa", "variantTLDAllocatability": ["es"],
	    "variants": [{"label": "airl-lpack", "variantTLDAllocatability": ["de", "es"]}]}],
	  "unallocatableLabels": ["xn--shawn-tja"]}}`))
	if err != nil {
		panic(err)
	}
	tables, err := idn.RSTTablesFor("es", "de")
	if err != nil {
		panic(err)
	}
	rep, err := idn.CheckIDNTableRequest(req, tables)
	if err != nil {
		panic(err)
	}
	for _, r := range rep.Labels {
		fmt.Println(r.Kind, r.ULabel, r.Disposition, r.Allocatable)
	}
	fmt.Println("findings:", len(rep.Findings))
	// Output:
	// unallocatable shaw·n invalid []
	// allocatable airl·lpack valid [es]
	// variant airl-lpack allocatable [de es]
	// findings: 0
}
