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
