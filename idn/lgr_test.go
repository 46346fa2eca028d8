package idn

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// lgrDoc wraps data and rules into a minimal RFC 7940 document with one
// reference (id 0) and a Unicode version.
func lgrDoc(data, rules string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0">
  <meta>
    <version>1</version>
    <unicode-version>11.0.0</unicode-version>
    <references><reference id="0">RFC 7940</reference></references>
  </meta>
  <data>
` + data + `
  </data>
  <rules>
` + rules + `
  </rules>
</lgr>`
}

func mustLGR(t testing.TB, doc string) *LGR {
	t.Helper()
	l, err := ParseLGR(strings.NewReader(doc), &LGRConfig{Name: t.Name()})
	if err != nil {
		t.Fatalf("ParseLGR: %v", err)
	}
	if err := l.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	return l
}

type dispCase struct {
	label string
	want  Disposition
}

func checkDisps(t *testing.T, l *LGR, cases []dispCase) {
	t.Helper()
	for _, c := range cases {
		r := l.Evaluate(c.label)
		if r.Disposition != c.want {
			t.Errorf("Evaluate(%q) = %s (%s; %v), want %s", c.label, r.Disposition, r.Why, r.Findings, c.want)
		}
	}
}

// TestRFC7940Repertoire covers §5.1 (code points, sequences, ranges) and
// §8.1 (labels outside the repertoire are invalid).
func TestRFC7940Repertoire(t *testing.T) {
	l := mustLGR(t, lgrDoc(`
    <char cp="0061" ref="0"/>
    <char cp="0062"/>
    <char cp="0063 0327" comment="c with cedilla as a sequence only"/>
    <range first-cp="0070" last-cp="0072"/>`, ``))
	checkDisps(t, l, []dispCase{
		{"ab", DispositionValid},
		{"pqr", DispositionValid},
		{"c\u0327a", DispositionValid}, // sequence matched as one element
		{"c", DispositionInvalid},      // 0063 only exists inside the sequence
		{"\u0327", DispositionInvalid}, // likewise
		{"abs", DispositionInvalid},    // 0073 outside the range
		{"", DispositionInvalid},       // empty label
		{"A", DispositionInvalid},      // LGRs are case-sensitive
	})
	r := l.Evaluate("abzc")
	var e *Error
	if len(r.Findings) != 2 || !errors.As(r.Findings[0], &e) || e.Rune != 'z' || e.Pos != 2 || !errors.Is(e, ErrNotInRepertoire) {
		t.Fatalf("problems = %v, want z at 2 and c at 3", r.Findings)
	}
	if got := r.Err(); got == nil || !strings.Contains(got.Error(), "RFC7940-8.1") {
		t.Errorf("Err() = %v, want RFC7940-8.1", got)
	}
	if d := cmp.Diff([][]rune{{'c', 0x327}, {'a'}}, l.Evaluate("c\u0327a").Elements); d != "" {
		t.Errorf("elements (-want +got):\n%s", d)
	}
}

// TestRFC7940Contexts covers when/not-when (§5.2) with anchored rules and
// look-around (§6.3.8, §6.3.9, §6.4), after the RFC's example of ZERO WIDTH
// JOINER allowed only after a virama.
func TestRFC7940Contexts(t *testing.T) {
	l := mustLGR(t, lgrDoc(`
    <char cp="0030" not-when="at-start"/>
    <char cp="0061"/>
    <char cp="0062"/>
    <char cp="0064" when="first-or-after-b"/>
    <char cp="0065" when="before-a"/>
    <char cp="0915"/>
    <char cp="094D"/>
    <char cp="200D" when="follows-virama"/>`, `
    <class name="virama">094D</class>
    <rule name="follows-virama"><look-behind><class by-ref="virama"/></look-behind><anchor/></rule>
    <rule name="at-start"><look-behind><start/></look-behind><anchor/></rule>
    <rule name="first-or-after-b"><look-behind><choice><start/><char cp="0062"/></choice></look-behind><anchor/></rule>
    <rule name="before-a"><anchor/><look-ahead><char cp="0061"/></look-ahead></rule>`))
	checkDisps(t, l, []dispCase{
		{"\u0915\u094D\u200D", DispositionValid},
		{"\u0915\u200D", DispositionInvalid},
		{"\u200D", DispositionInvalid},
		{"a0", DispositionValid},
		{"0a", DispositionInvalid},
		{"d", DispositionValid},
		{"bd", DispositionValid},
		{"ad", DispositionInvalid},
		{"ea", DispositionValid},
		{"eb", DispositionInvalid},
		{"e", DispositionInvalid},
	})
	r := l.Evaluate("ad")
	var e *Error
	if len(r.Findings) != 1 || !errors.As(r.Findings[0], &e) || !errors.Is(e, ErrContextRule) || e.Pos != 1 || !strings.Contains(e.Error(), "first-or-after-b") {
		t.Errorf("problems = %v, want context rule first-or-after-b at 1", r.Findings)
	}
}

// TestRFC7940Rules covers the match operators of §6.3 through actions with
// a match attribute (§7.1): a rule in an action matches anywhere in the
// label unless anchored with start or end.
func TestRFC7940Rules(t *testing.T) {
	for _, c := range []struct {
		rule string
		hit  []string
		miss []string
	}{
		{`<start/><char cp="0061"/>`, []string{"ab", "a"}, []string{"ba"}},
		{`<char cp="0061"/><end/>`, []string{"ba"}, []string{"ab"}},
		{`<char cp="0061" count="2"/>`, []string{"aab", "baa"}, []string{"aba"}},
		{`<char cp="0061" count="2+"/><end/>`, []string{"baaa", "aa"}, []string{"baab", "a"}},
		{`<start/><char cp="0061" count="1:2"/><char cp="0062"/>`, []string{"ab", "aab"}, []string{"aaab", "b"}},
		{`<start/><choice><char cp="0061"/><char cp="0062"/></choice><end/>`, []string{"a", "b"}, []string{"c", "ab"}},
		{`<char cp="0061"/><any count="0+"/><char cp="0063"/>`, []string{"ac", "abbc"}, []string{"ca"}},
		{`<char cp="0061 0062"/>`, []string{"cab"}, []string{"acb"}},
		{`<start/><rule by-ref="d"/>`, []string{"da"}, []string{"ad"}},
		{`<rule><char cp="0062"/><char cp="0063"/></rule><end/>`, []string{"abc"}, []string{"bca"}},
		{`<start/><class>0062-0063</class><end/>`, []string{"b", "c"}, []string{"a", "bc"}},
	} {
		l := mustLGR(t, lgrDoc(`<range first-cp="0061" last-cp="0065"/>`,
			`<rule name="d"><char cp="0064"/></rule>
			<rule name="r">`+c.rule+`</rule>
			<action disp="blocked" match="r"/>`))
		for _, s := range c.hit {
			if r := l.Evaluate(s); r.Disposition != DispositionBlocked || r.Rule != "RFC7940-7.1" {
				t.Errorf("%s on %q: %s (%s), want blocked by match", c.rule, s, r.Disposition, r.Why)
			}
		}
		for _, s := range c.miss {
			if r := l.Evaluate(s); r.Disposition != DispositionValid || r.Rule != "RFC7940-7.6" {
				t.Errorf("%s on %q: %s (%s), want valid by the default catch-all", c.rule, s, r.Disposition, r.Why)
			}
		}
	}
}

// TestRFC7940NotMatch is the example of RFC 7940 §7: a label that does not
// start with a letter is invalid.
func TestRFC7940NotMatch(t *testing.T) {
	l := mustLGR(t, lgrDoc(`
    <char cp="0030"/><char cp="0031"/>
    <char cp="0061" tag="letter"/><char cp="0062" tag="letter"/>`, `
    <rule name="leading-letter"><start/><class from-tag="letter"/></rule>
    <action disp="invalid" not-match="leading-letter"/>`))
	checkDisps(t, l, []dispCase{{"a0", DispositionValid}, {"ba1", DispositionValid}, {"0a", DispositionInvalid}, {"1", DispositionInvalid}})
	if r := l.Evaluate("0a"); !strings.Contains(r.Why, `not-match="leading-letter"`) || r.Action != 0 {
		t.Errorf("why = %q, action %d", r.Why, r.Action)
	}
}

// TestRFC7940Classes covers §6.2: code point lists, from-tag, Unicode
// properties (gc, jt) and the set operators.
func TestRFC7940Classes(t *testing.T) {
	ops := map[string]struct {
		xml string
		in  string // members among a..e
	}{
		"union":                {`<union><class by-ref="c1"/><class by-ref="c2"/></union>`, "abcd"},
		"intersection":         {`<intersection><class by-ref="c1"/><class by-ref="c2"/></intersection>`, "bc"},
		"difference":           {`<difference><class by-ref="c1"/><class by-ref="c2"/></difference>`, "a"},
		"symmetric-difference": {`<symmetric-difference><class by-ref="c1"/><class by-ref="c2"/></symmetric-difference>`, "ad"},
		"complement":           {`<complement><class by-ref="c1"/></complement>`, "de"},
		"from-tag":             {`<class from-tag="vowel"/>`, "ae"},
		"list":                 {`<class>0061 0063-0064</class>`, "acd"},
		"named-operator":       {`<class by-ref="u"/>`, "abcd"},
	}
	for name, op := range ops {
		l := mustLGR(t, lgrDoc(`
    <char cp="0061" tag="vowel"/><char cp="0062"/><char cp="0063"/><char cp="0064"/><char cp="0065" tag="vowel"/>`, `
    <class name="c1">0061-0063</class>
    <class name="c2">0062 0063 0064</class>
    <union name="u"><class by-ref="c1"/><class by-ref="c2"/></union>
    <rule name="r"><start/>`+op.xml+`<end/></rule>
    <action disp="blocked" match="r"/>`))
		for _, c := range "abcde" {
			want := DispositionValid
			if strings.ContainsRune(op.in, c) {
				want = DispositionBlocked
			}
			if got := l.Evaluate(string(c)).Disposition; got != want {
				t.Errorf("%s: %c = %s, want %s", name, c, got, want)
			}
		}
	}
	// Properties: the RZ-LGR "leading combining mark" rule (gc:Mn, gc:Mc)
	// and Arabic joining types (jt:D, jt:R).
	l := mustLGR(t, lgrDoc(`
    <char cp="0061"/><char cp="0301"/><char cp="0903"/>
    <char cp="0627"/><char cp="0628"/>`, `
    <rule name="leading-combining-mark"><start/><union><class property="gc:Mn"/><class property="gc:Mc"/></union></rule>
    <rule name="dual"><start/><class property="jt:D"/><class property="jt:R"/><end/></rule>
    <action disp="invalid" match="leading-combining-mark"/>
    <action disp="blocked" match="dual"/>`))
	checkDisps(t, l, []dispCase{
		{"a\u0301", DispositionValid},
		{"\u0301a", DispositionInvalid}, // Mn first
		{"\u0903a", DispositionInvalid}, // Mc first
		{"\u0628\u0627", DispositionBlocked},
		{"\u0627\u0628", DispositionValid},
	})
}

// TestRFC7940Variants covers variant types, reflexive mappings (§5.3.4),
// the action triggers of §7.2, the default actions of §7.6 and variant
// enumeration (§8.2).
func TestRFC7940Variants(t *testing.T) {
	l := mustLGR(t, lgrDoc(`
    <char cp="0061"><var cp="0061" type="r"/><var cp="0062" type="x"/></char>
    <char cp="0062"><var cp="0061" type="x"/><var cp="0062" type="r"/></char>
    <char cp="0063"><var cp="0064" type="allocatable"/></char>
    <char cp="0064"><var cp="0063" type="allocatable"/></char>
    <char cp="0065"><var cp="0066" type="blocked"/></char>
    <char cp="0066"><var cp="0065" type="blocked"/></char>
    <char cp="0067"><var cp="0067" type="activated"/></char>
    <char cp="007A"><var cp="007A" type="invalid" comment="out-of-repertoire target"/></char>`, `
    <action disp="activated" only-variants="r"/>
    <action disp="blocked" all-variants="x"/>`))
	// Originals: reflexive types drive the actions (§8.1.1).
	checkDisps(t, l, []dispCase{
		{"ab", DispositionActivated}, // only reflexive mappings of type r
		{"ac", DispositionValid},     // c has no reflexive mapping: not only-variants; defaults → valid
		{"g", DispositionActivated},  // default: all-variants="activated"
		{"z", DispositionInvalid},    // default: any-variant="invalid"
		{"ce", DispositionValid},
	})
	got := map[string]Disposition{}
	vs, err := l.Variants("ab", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		got[v.Label] = v.Disposition
	}
	// a→{a(r), b(x)}, b→{b(r), a(x)}:
	//   aa {r,x}: not only r, not all x → defaults → valid
	//   bb {x,r}: likewise valid
	//   ba {x}:   only-variants="r" fails, all-variants="x" → blocked
	want := map[string]Disposition{"aa": DispositionValid, "bb": DispositionValid, "ba": DispositionBlocked}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Variants(ab) (-want +got):\n%s", d)
	}
	got = map[string]Disposition{}
	vs, _ = l.Variants("ce", 0)
	for _, v := range vs {
		got[v.Label] = v.Disposition
	}
	// c→d allocatable, e→f blocked: de allocatable, cf blocked, df blocked (any blocked).
	want = map[string]Disposition{"de": DispositionAllocatable, "cf": DispositionBlocked, "df": DispositionBlocked}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Variants(ce) (-want +got):\n%s", d)
	}
	if n, _ := l.VariantCount("ce"); n != 3 {
		t.Errorf("VariantCount(ce) = %d, want 3", n)
	}
	if _, err := l.Variants("ce", 2); !errors.Is(err, ErrLimitExceeded) {
		t.Errorf("Variants over cap: %v, want ErrLimitExceeded", err)
	}
}

// TestRFC7940IndexLabel covers §8.5: labels in the same variant set have the
// same index label.
func TestRFC7940IndexLabel(t *testing.T) {
	l := mustLGR(t, lgrDoc(`
    <char cp="0061"><var cp="0062" type="blocked"/></char>
    <char cp="0062"><var cp="0061" type="blocked"/></char>
    <char cp="0063"/>
    <char cp="0063 0327"><var cp="00E7" type="blocked"/></char>
    <char cp="00E7"><var cp="0063 0327" type="blocked"/></char>`, ``))
	for _, c := range []struct{ label, want string }{
		{"ac", "ac"}, {"bc", "ac"}, {"cc", "cc"},
		{"\u00E7a", "c\u0327a"}, {"c\u0327b", "c\u0327a"},
	} {
		got, err := l.IndexLabel(c.label)
		if err != nil || got != c.want {
			t.Errorf("IndexLabel(%q) = %q, %v; want %q", c.label, got, err, c.want)
		}
	}
	x, err := l.NewLabelIndex([]string{"bc", "cc", "zz"})
	if err == nil || x.Len() != 2 {
		t.Errorf("NewLabelIndex: len %d, err %v; want 2 and an error for zz", x.Len(), err)
	}
	if got, _ := x.Collisions("ac"); !cmp.Equal(got, []string{"bc"}) {
		t.Errorf("Collisions(ac) = %v", got)
	}
	if got, _ := x.Collisions("ca"); len(got) != 0 {
		t.Errorf("Collisions(ca) = %v", got)
	}
}

// TestLGRParseErrors checks that document errors are typed, cite RFC 7940
// and carry the line.
func TestLGRParseErrors(t *testing.T) {
	for _, c := range []struct {
		name, doc string
		kind      error
		rule      string
	}{
		{"namespace", `<lgr xmlns="urn:x"><data><char cp="0061"/></data></lgr>`, ErrMalformed, "RFC7940-4.1"},
		{"not xml", `<lgr`, ErrMalformed, "RFC7940-4"},
		{"no data", `<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0"/>`, ErrMalformed, "RFC7940-4.2"},
		{"bad cp", lgrDoc(`<char cp="61"/>`, ``), ErrMalformed, "RFC7940-5.1"},
		{"surrogate", lgrDoc(`<char cp="D800"/>`, ``), ErrMalformed, "RFC7940-5.1"},
		{"duplicate", lgrDoc(`<char cp="0061"/><char cp="0061"/>`, ``), ErrLGRInvalid, "RFC7940-5.1"},
		{"when and not-when", lgrDoc(`<char cp="0061" when="r" not-when="r"/>`, `<rule name="r"><start/></rule>`), ErrLGRInvalid, "RFC7940-5.2"},
		{"undefined when", lgrDoc(`<char cp="0061" when="nope"/>`, ``), ErrLGRInvalid, "RFC7940-5.2"},
		{"tag on sequence", lgrDoc(`<char cp="0061 0062" tag="x"/>`, ``), ErrLGRInvalid, "RFC7940-5.5"},
		{"undefined ref", lgrDoc(`<char cp="0061" ref="9"/>`, ``), ErrLGRInvalid, "RFC7940-4.3.8"},
		{"class before definition", lgrDoc(`<char cp="0061"/>`, `<rule name="r"><class by-ref="c"/></rule><class name="c">0061</class>`), ErrLGRInvalid, "RFC7940-6.2.1"},
		{"rule before definition", lgrDoc(`<char cp="0061"/>`, `<rule name="r"><rule by-ref="s"/></rule><rule name="s"><start/></rule>`), ErrLGRInvalid, "RFC7940-6.3.4"},
		{"unnamed rule", lgrDoc(`<char cp="0061"/>`, `<rule><start/></rule>`), ErrLGRInvalid, "RFC7940-6.3.4"},
		{"bad count", lgrDoc(`<char cp="0061"/>`, `<rule name="r"><char cp="0061" count="3:1"/></rule>`), ErrLGRInvalid, "RFC7940-6.3.3"},
		{"count on anchor", lgrDoc(`<char cp="0061"/>`, `<rule name="r"><anchor count="2"/></rule>`), ErrLGRInvalid, "RFC7940-6.3.3"},
		{"unknown property", lgrDoc(`<char cp="0061"/>`, `<class name="c" property="xx:Y"/>`), ErrLGRInvalid, "RFC7940-6.2.3"},
		{"match and not-match", lgrDoc(`<char cp="0061"/>`, `<rule name="r"><start/></rule><action disp="invalid" match="r" not-match="r"/>`), ErrLGRInvalid, "RFC7940-7.1"},
		{"undefined action rule", lgrDoc(`<char cp="0061"/>`, `<action disp="invalid" match="r"/>`), ErrLGRInvalid, "RFC7940-7.1"},
		{"two variant triggers", lgrDoc(`<char cp="0061"/>`, `<action disp="invalid" any-variant="a" all-variants="b"/>`), ErrLGRInvalid, "RFC7940-7.2"},
		{"look-ahead without anchor", lgrDoc(`<char cp="0061"/>`, `<rule name="r"><char cp="0061"/><look-ahead><char cp="0061"/></look-ahead></rule>`), ErrLGRInvalid, "RFC7940-6.3.9"},
		{"matcher after anchor", lgrDoc(`<char cp="0061"/>`, `<rule name="r"><anchor/><char cp="0061"/></rule>`), ErrLGRInvalid, "RFC7940-6.3.9"},
		{"start not first", lgrDoc(`<char cp="0061"/>`, `<rule name="r"><char cp="0061"/><start/></rule>`), ErrLGRInvalid, "RFC7940-6.3.2"},
		{"range with variant", lgrDoc(`<range first-cp="0061" last-cp="0062"><var cp="0063"/></range>`, ``), ErrLGRInvalid, "RFC7940-5.1"},
	} {
		_, err := ParseLGR(strings.NewReader(c.doc), &LGRConfig{Name: "doc"})
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.rule) {
			t.Errorf("%s: err = %v, want %v citing %s", c.name, err, c.kind, c.rule)
			continue
		}
		if e.Pos <= 0 && c.name != "no data" && c.name != "not xml" {
			t.Errorf("%s: error without line: %v", c.name, err)
		}
	}
	// Several problems are all reported.
	_, err := ParseLGR(strings.NewReader(lgrDoc(`<char cp="0061"/><char cp="0061"/><char cp="0062" ref="7"/>`, ``)), nil)
	if n := len(err.(interface{ Unwrap() []error }).Unwrap()); n != 2 {
		t.Errorf("got %d errors, want 2: %v", n, err)
	}
}

func TestLGRLimits(t *testing.T) {
	deep := lgrDoc(`<char cp="0061"/>`, `<rule name="r">`+strings.Repeat("<rule>", 80)+`<start/>`+strings.Repeat("</rule>", 80)+`</rule>`)
	if _, err := ParseLGR(strings.NewReader(deep), nil); !errors.Is(err, ErrLimitExceeded) {
		t.Errorf("deep: %v", err)
	}
	big := lgrDoc(`<range first-cp="0061" last-cp="007A"/>`, ``)
	if _, err := ParseLGR(strings.NewReader(big), &LGRConfig{MaxElements: 10}); !errors.Is(err, ErrLimitExceeded) {
		t.Errorf("elements: %v", err)
	}
	if _, err := ParseLGR(strings.NewReader(big), &LGRConfig{MaxBytes: 100}); !errors.Is(err, ErrLimitExceeded) {
		t.Errorf("bytes: %v", err)
	}
	// A rule that backtracks exponentially is cut by the step budget.
	l, err := ParseLGR(strings.NewReader(lgrDoc(`<char cp="0061"/><char cp="0062"/>`,
		`<rule name="r"><rule count="0+"><char cp="0061" count="0+"/></rule><char cp="0062"/></rule>
		<action disp="blocked" match="r"/>`)), &LGRConfig{MaxSteps: 5000})
	if err != nil {
		t.Fatal(err)
	}
	r := l.Evaluate(strings.Repeat("a", 40))
	if r.Disposition != DispositionInvalid || !errors.Is(r.Err(), ErrLimitExceeded) {
		t.Errorf("budget: %s %v", r.Disposition, r.Findings)
	}
	if r := l.Evaluate(strings.Repeat("a", 64)); !errors.Is(r.Err(), ErrLimitExceeded) {
		t.Errorf("long label: %v", r.Err())
	}
}

func TestLGRValidate(t *testing.T) {
	l, err := ParseLGR(strings.NewReader(lgrDoc(`
    <char cp="0061"><var cp="0062"/><var cp="0063"/></char>
    <char cp="0062"><var cp="0061"/></char>
    <char cp="0063"/>`, ``)), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = l.Validate()
	if err == nil {
		t.Fatal("asymmetric, non-transitive LGR validated")
	}
	msg := err.Error()
	for _, want := range []string{"0063 of 0061 has no reverse mapping (symmetry)", "0062 maps to 0061 which maps to 0063"} {
		if !strings.Contains(msg, want) {
			t.Errorf("Validate() = %v, want %q", err, want)
		}
	}
}

// embeddedLGRs loads every embedded RZ-LGR and reference LGR file and the
// IDNA2008 LGRs of testdata.
func embeddedLGRs(t *testing.T) map[string]*LGR {
	t.Helper()
	out := map[string]*LGR{}
	c, err := RootZoneCommon()
	if err != nil {
		t.Fatalf("common: %v", err)
	}
	out["common"] = c
	for _, s := range RootZoneScripts() {
		l, err := RootZoneScript(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		out["rz-"+s] = l
	}
	for _, n := range ReferenceLGRs() {
		l, err := ReferenceLGR(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		out[n] = l
	}
	files, _ := filepath.Glob("testdata/lgr/idna2008_*.xml.gz")
	for _, f := range files {
		l, err := ParseLGR(openGzip(t, f), &LGRConfig{Name: f})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = l
	}
	return out
}

// TestLGREmbedded parses and validates every file of RZ-LGR-5 (common and
// 26 scripts), the 49 Second-Level Reference LGRs and the IDNA2008 LGRs.
func TestLGREmbedded(t *testing.T) {
	all := embeddedLGRs(t)
	// RZ-LGR-5 has 25 element LGRs (Japanese covers Han, Hiragana and
	// Katakana; Korean Hangul and Han) plus the common LGR.
	if n := len(RootZoneScripts()); n != 25 {
		t.Errorf("%d RZ-LGR element LGRs, want 25", n)
	}
	if n := len(ReferenceLGRs()); n != 49 {
		t.Errorf("%d reference LGRs, want 49", n)
	}
	for name, l := range all {
		if err := l.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if len(l.Repertoire()) == 0 {
			t.Errorf("%s: empty repertoire", name)
		}
	}
}

// TestLGRRepertoireDispositions evaluates every repertoire element of every
// embedded LGR as a one-element label. The disposition the file implies is
// derived from the file alone: elements with a context rule are skipped;
// an element with reflexive mappings gets the disposition of the first
// action whose any-variant list names one of their types (or the defaults
// of §7.6); otherwise valid, unless a whole-label rule of an action (match
// or not-match) decides, which the result must then name.
func TestLGRRepertoireDispositions(t *testing.T) {
	for name, l := range embeddedLGRs(t) {
		checked, byRule := 0, 0
		acts := l.Actions()
		effective := append(l.Actions(), DefaultActions()...)
		for _, c := range l.Repertoire() {
			if c.When != "" || c.NotWhen != "" {
				continue
			}
			want := DispositionValid
			var types []string
			for _, v := range c.Variants {
				if runesEqual(v.CP, c.CP) && v.When == "" && v.NotWhen == "" && v.Type != "" {
					types = append(types, v.Type)
				}
			}
			if len(types) > 0 {
				want = ""
				for _, a := range effective {
					if a.Match != "" || a.NotMatch != "" {
						continue
					}
					trig := a.AnyVariant == nil && a.AllVariants == nil && a.OnlyVariants == nil
					for _, t := range types {
						for _, x := range a.AnyVariant {
							trig = trig || x == t
						}
					}
					if a.AllVariants != nil || a.OnlyVariants != nil {
						all := true
						for _, t := range types {
							in := false
							for _, x := range append(append([]string(nil), a.AllVariants...), a.OnlyVariants...) {
								in = in || x == t
							}
							all = all && in
						}
						trig = trig || all
					}
					if trig {
						want = a.Disp
						break
					}
				}
			}
			r := l.Evaluate(string(c.CP))
			checked++
			if r.Disposition == want {
				continue
			}
			// Only a whole-label rule may override the implied disposition.
			if r.Action >= 0 && r.Action < len(acts) && (acts[r.Action].Match != "" || acts[r.Action].NotMatch != "") {
				byRule++
				continue
			}
			t.Errorf("%s: %s = %s (%s), want %s", name, FormatCP(c.CP), r.Disposition, r.Why, want)
		}
		if checked == 0 {
			t.Errorf("%s: nothing checked", name)
		}
		if testing.Verbose() {
			t.Logf("%s: %d elements, %d decided by whole-label rules", name, checked, byRule)
		}
	}
}

// TestLGRVariantSymmetry enumerates the variants of sample labels in RZ-LGR
// element LGRs and checks that the original is a variant of each of its
// variants (variant sets are symmetric).
func TestLGRVariantSymmetry(t *testing.T) {
	for _, c := range []struct{ script, label string }{
		{"Latn", "cafe"}, {"Latn", "pay"}, {"Cyrl", "сайт"}, {"Grek", "αβγ"},
		{"Arab", "شبكة"}, {"Hebr", "קום"}, {"Armn", "հայ"},
	} {
		l, err := RootZoneScript(c.script)
		if err != nil {
			t.Fatal(err)
		}
		vs, err := l.Variants(c.label, 0)
		if err != nil {
			t.Fatalf("%s %q: %v", c.script, c.label, err)
		}
		if len(vs) == 0 {
			t.Errorf("%s %q: no variants", c.script, c.label)
		}
		idx, _ := l.IndexLabel(c.label)
		for _, v := range vs {
			back, err := l.Variants(v.Label, 0)
			if err != nil {
				// Variant labels with out-of-script code points are not
				// eligible themselves in an element LGR; skip them.
				continue
			}
			found := false
			for _, b := range back {
				found = found || b.Label == c.label
			}
			if !found {
				t.Errorf("%s: %q is a variant of %q but not the reverse", c.script, v.Label, c.label)
			}
			if vi, err := l.IndexLabel(v.Label); err == nil && vi != idx {
				t.Errorf("%s: index of %q = %q, of %q = %q", c.script, v.Label, vi, c.label, idx)
			}
		}
	}
}

// TestRootZoneTLDs checks the Root Zone LGR stage on delegated and new TLD
// strings: delegated IDN TLDs collide with themselves and their variants
// (中国/中國 are one variant set in RZ-LGR-5), Cyrillic and Greek strings
// that look Latin collide with ASCII TLDs through the common LGR's
// cross-script variants, and labels outside the repertoire stop at the
// element LGR.
func TestRootZoneTLDs(t *testing.T) {
	for _, c := range []struct {
		label, script string
		disp          Disposition
		collisions    []string
	}{
		{"example", "Latn", DispositionValid, nil},
		{"com", "Latn", DispositionBlocked, []string{"com"}},
		{"xn--p1ai", "Cyrl", DispositionBlocked, []string{"рф"}},
		{"中國", "Hani", DispositionBlocked, []string{"中国", "中國"}},
		{"日本", "Hani", DispositionValid, nil},
		{"αβγ", "Grek", DispositionValid, nil},
		{"сом", "Cyrl", DispositionValid, nil},               // м is not a variant of m
		{"ѕех", "Cyrl", DispositionBlocked, []string{"sex"}}, // ѕ е х are variants of s e x
		{"café1", "Latn", DispositionInvalid, nil},           // digits are not in RZ-LGR-5
	} {
		r := EvaluateRootZone(c.label, nil)
		if r.Script != c.script || r.Disposition != c.disp || !cmp.Equal(r.Collisions, c.collisions) {
			t.Errorf("%s: script %s disp %s collisions %v (%v); want %s %s %v", c.label, r.Script, r.Disposition, r.Collisions, r.Err(), c.script, c.disp, c.collisions)
		}
		if (r.Err() == nil) != (c.disp == DispositionValid) {
			t.Errorf("%s: Err() = %v", c.label, r.Err())
		}
	}
	if r := EvaluateRootZone("aб", nil); r.OK() || !strings.Contains(r.Err().Error(), "mixes scripts") {
		t.Errorf("mixed: %v", r.Err())
	}
	_, skipped, err := DelegatedIndex()
	if err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() {
		t.Logf("%d delegated TLDs, skipped (outside RZ-LGR-5): %v", len(DelegatedTLDs()), skipped)
	}
	// Every delegated IDN TLD that RZ-LGR-5 covers collides with itself.
	x, _, _ := DelegatedIndex()
	for _, tld := range DelegatedTLDs() {
		if !strings.HasPrefix(tld, "xn--") {
			continue
		}
		u, _ := tldULabel(tld)
		got, err := x.Collisions(u)
		if err != nil {
			continue
		}
		found := false
		for _, g := range got {
			found = found || g == u
		}
		if !found {
			t.Errorf("%s (%s): not in its own collision set %v", tld, u, got)
		}
	}
}

func ExampleLGR_Evaluate() {
	doc := `<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0">
  <data>
    <char cp="0061"><var cp="0062" type="blocked"/></char>
    <char cp="0062"><var cp="0061" type="blocked"/></char>
    <char cp="0063"/>
  </data>
</lgr>`
	l, err := ParseLGR(strings.NewReader(doc), nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(l.Evaluate("ac").Disposition)
	fmt.Println(l.Evaluate("ad").Disposition)
	vs, _ := l.Variants("ac", 0)
	for _, v := range vs {
		fmt.Println(v.Label, v.Disposition)
	}
	// Output:
	// valid
	// invalid
	// bc blocked
}

// TestLGRXML covers the XML reader: entities, character references, CDATA,
// comments, a BOM, and refusals (DTD, bad nesting, invalid UTF-8).
func TestLGRXML(t *testing.T) {
	good := "\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- c -->\n<lgr xmlns='urn:ietf:params:xml:ns:lgr-1.0'>" +
		`<meta><description type="text/plain"><![CDATA[a <b> & c]]></description><version comment="&lt;&#x41;&#66;&amp;">1</version></meta>` +
		`<data><char cp="0061" comment="x &quot;y&quot; &apos;z&apos;"/><!-- <char cp="0062"/> --></data></lgr>`
	l, err := ParseLGR(strings.NewReader(good), nil)
	if err != nil {
		t.Fatal(err)
	}
	if l.Meta.Description != "a <b> & c" || l.Meta.VersionComment != "<AB&" || l.Repertoire()[0].Comment != `x "y" 'z'` || len(l.Repertoire()) != 1 {
		t.Errorf("got %q %q %q %d", l.Meta.Description, l.Meta.VersionComment, l.Repertoire()[0].Comment, len(l.Repertoire()))
	}
	for _, bad := range []string{
		`<!DOCTYPE lgr [<!ENTITY x "y">]><lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0"><data/></lgr>`,
		`<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0"><data></lgr></data>`,
		`<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0"><data><char cp="0061"></data></lgr>`,
		"<lgr xmlns=\"urn:ietf:params:xml:ns:lgr-1.0\"><data comment=\"\xff\"/></lgr>",
		`<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0"><data comment="&foo;"/></lgr>`,
		`<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0"><data comment="&#0;"/></lgr>`,
		`<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0"><data a="1" a="2"/></lgr>`,
		`<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0"><data a=1/></lgr>`,
		`<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0"><data/></lgr><lgr/>`,
		`text<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0"><data/></lgr>`,
		`<lgr xmlns="urn:ietf:params:xml:ns:lgr-1.0"><data/><!-- unterminated`,
	} {
		if _, err := ParseLGR(strings.NewReader(bad), nil); !errors.Is(err, ErrMalformed) {
			t.Errorf("%q: err = %v, want ErrMalformed", bad, err)
		}
	}
}

// TestCheckTLDRootZone runs the Root Zone LGR stage of CheckTLD, which is on
// in the zero TLDConfig.
func TestCheckTLDRootZone(t *testing.T) {
	for _, c := range []struct {
		label string
		rules []string
		msgs  []string // substrings of the collision messages, in order
	}{
		{"москва", []string{RuleCollision}, []string{"already delegated"}}, // delegated: in its own variant set
		{"ѕех", []string{RuleCollision}, []string{"variant of delegated TLD sex:"}},
		{"αβγ", nil, nil},                                                        // Greek, free
		{"øţàďěcá", []string{"RFC7940-8.1"}, nil},                                // U+0163 is outside RZ-LGR-5 Latin
		{"xn--80asehdb", []string{RuleCollision}, []string{"already delegated"}}, // онлайн
		{"中國", []string{RuleCollision}, []string{"variant of delegated TLD 中国 (xn--fiqs8s)", "already delegated"}},
		{"example", []string{"AGB-2.2.1.2.1"}, nil},                             // reserved: the stage does not run after an AGB finding
		{"photography", []string{RuleCollision}, []string{"already delegated"}}, // ASCII labels too
		{"pyc", []string{RuleCollision}, []string{"variant of delegated TLD рус (xn--p1acf)"}},
		{"photographers", nil, nil},
	} {
		v := CheckTLD(c.label, nil)
		if d := cmp.Diff(c.rules, v.Rules()); d != "" {
			t.Errorf("CheckTLD(%q) rules (-want +got):\n%s\n%v", c.label, d, v.Err())
		}
		var msgs []string
		for _, e := range v.Findings {
			if e.Rule == RuleCollision {
				if !errors.Is(e, ErrCollision) || !errors.Is(e, ErrInvalidLabel) {
					t.Errorf("CheckTLD(%q): %v is not an ErrCollision", c.label, e)
				}
				msgs = append(msgs, e.Error())
			}
		}
		if len(msgs) != len(c.msgs) {
			t.Errorf("CheckTLD(%q): collision errors %q, want %q", c.label, msgs, c.msgs)
			continue
		}
		for i, m := range c.msgs {
			if !strings.Contains(msgs[i], m) || !strings.HasSuffix(msgs[i], "("+RuleCollision+")") {
				t.Errorf("CheckTLD(%q): %q does not contain %q and end with the rule code", c.label, msgs[i], m)
			}
		}
	}
	if v := CheckTLD("москва", &TLDConfig{SkipRootZoneLGR: true}); len(v.Rules()) != 0 {
		t.Errorf("stage ran with SkipRootZoneLGR: %v", v.Rules())
	}
	// A caller-supplied delegated list replaces the embedded one.
	custom := &TLDConfig{RootZone: RootZoneConfig{Delegated: []string{"sex"}}}
	if v := CheckTLD("москва", custom); len(v.Rules()) != 0 {
		t.Errorf("custom list: %v", v.Err())
	}
	if v := CheckTLD("ѕех", custom); !cmp.Equal(v.Rules(), []string{"RFC7940-8.5"}) || !errors.Is(v.Err(), ErrCollision) || !errors.Is(v.Err(), ErrInvalidLabel) {
		t.Errorf("custom list: %v", v.Err())
	}
}

// TestRZLGRRules checks whole-label rules of RZ-LGR-5 element LGRs with
// labels derived from the rules' own descriptions in the XML files.
func TestRZLGRRules(t *testing.T) {
	for _, c := range []struct {
		script, label string
		want          Disposition
		why           string
	}{
		// Arabic WLE Rule 1: "do not mix Arabic letters KAF and KEHEH".
		{"Arab", "\u0643\u0628\u06A9", DispositionInvalid, "no-mix-kaf-keheh\": do not mix Arabic letters KAF and KEHEH in the same label (rule matched at code point 0)"},
		{"Arab", "\u0628\u0643\u06A9", DispositionInvalid, "(rule matched at code point 1)"},
		{"Arab", "\u0643\u0628", DispositionValid, ""},
		{"Arab", "\u06A9\u0628", DispositionValid, ""},
		// Korean: "mixed Hangul-Hanja labels are invalid".
		{"Kore", "한國", DispositionInvalid, "no-hangul-hanja-mixed-label"},
		{"Kore", "한국", DispositionValid, ""},
		{"Kore", "韓國", DispositionValid, ""},
		// Latin: Cyrillic а (U+0430) is listed only as an out-of-repertoire
		// variant target ("They do not form part of the repertoire").
		{"Latn", "p\u0430y", DispositionInvalid, "out-of-repertoire-var"},
		{"Latn", "pay", DispositionValid, ""},
	} {
		l, err := RootZoneScript(c.script)
		if err != nil {
			t.Fatal(err)
		}
		r := l.Evaluate(c.label)
		if r.Disposition != c.want || !strings.Contains(r.Why, c.why) {
			t.Errorf("%s %q = %s (%s), want %s by %s", c.script, c.label, r.Disposition, r.Why, c.want, c.why)
		}
	}
	// The error of a match action carries where the rule matched.
	l, _ := RootZoneScript("Arab")
	r := l.Evaluate("\u0628\u0643\u06A9")
	var e *Error
	if err := r.Err(); !errors.As(err, &e) || !errors.Is(err, ErrLGRDisposition) || r.MatchPos != 1 || e.Pos != 1 || e.Rune != 0x0643 || e.Rule != "RFC7940-7.1" {
		t.Errorf("Err() = %v (%+v), MatchPos %d; want ErrLGRDisposition at U+0643 position 1, RFC7940-7.1", err, e, r.MatchPos)
	}
	if r := l.Evaluate("\u0628\u0643"); r.MatchPos != -1 {
		t.Errorf("valid label: MatchPos %d, want -1", r.MatchPos)
	}
	// Every element LGR carries the WLE rule "labels with leading combining
	// marks are invalid": a combining mark (gc Mn or Mc) without its own
	// context rule, put before a letter of the repertoire, makes the label
	// invalid.
	marks := map[string]bool{}
	mn, _ := propertySet("gc:Mn")
	mc, _ := propertySet("gc:Mc")
	for _, s := range RootZoneScripts() {
		l, _ := RootZoneScript(s)
		var letter rune = -1
		for _, c := range l.Repertoire() {
			if len(c.CP) == 1 && c.When == "" && c.NotWhen == "" && !mn.contains(c.CP[0]) && !mc.contains(c.CP[0]) && l.Evaluate(string(c.CP)).OK() {
				letter = c.CP[0]
				break
			}
		}
		for _, c := range l.Repertoire() {
			if len(c.CP) != 1 || c.When != "" || c.NotWhen != "" || !(mn.contains(c.CP[0]) || mc.contains(c.CP[0])) {
				continue
			}
			label := string([]rune{c.CP[0], letter})
			if r := l.Evaluate(label); r.Disposition != DispositionInvalid {
				t.Errorf("%s: %s = %s (%s), want invalid", s, FormatCP([]rune(label)), r.Disposition, r.Why)
			}
			marks[s] = true
		}
	}
	if len(marks) == 0 {
		t.Error("no context-free combining mark found in any RZ-LGR element LGR")
	}
}

// TestLGRVariantSetsSymmetric enumerates the variant labels of every
// one-element label of every embedded LGR and checks the relation both ways:
// if v is a variant label of x (and v is itself eligible), x is a variant
// label of v, and both have the same index label.
func TestLGRVariantSetsSymmetric(t *testing.T) {
	for name, l := range embeddedLGRs(t) {
		if name == "common" || strings.HasPrefix(name, "idna2008") {
			continue // no per-script variant sets / no variants
		}
		pairs := 0
		for _, c := range l.Repertoire() {
			x := string(c.CP)
			if len(c.Variants) == 0 || !l.Evaluate(x).OK() {
				continue
			}
			vs, err := l.Variants(x, 0)
			if err != nil {
				continue
			}
			ix, _ := l.IndexLabel(x)
			for _, v := range vs {
				if !l.Evaluate(v.Label).OK() {
					continue // e.g. an out-of-repertoire target
				}
				back, err := l.Variants(v.Label, 0)
				if err != nil {
					t.Errorf("%s: Variants(%s): %v", name, FormatCP([]rune(v.Label)), err)
					continue
				}
				found := false
				for _, b := range back {
					found = found || b.Label == x
				}
				if !found {
					t.Errorf("%s: %s -> %s but not back", name, FormatCP(c.CP), FormatCP([]rune(v.Label)))
				}
				if iv, err := l.IndexLabel(v.Label); err != nil || iv != ix {
					t.Errorf("%s: index %s = %q, %s = %q (%v)", name, FormatCP(c.CP), ix, FormatCP([]rune(v.Label)), iv, err)
				}
				pairs++
			}
		}
		if testing.Verbose() {
			t.Logf("%s: %d variant pairs checked", name, pairs)
		}
	}
}

// TestRootZoneDelegated cross-checks RZ-LGR-5 against the 2022 root zone:
// every delegated IDN TLD is valid in the element LGR of its script, and the
// only delegated TLDs sharing an index label (one variant set) are the
// variant TLDs delegated to the same registry: 中国/中國 (CNNIC), 台湾/台灣
// (TWNIC) and ভারত/ভাৰত (NIXI, Bengali and Assamese spellings).
func TestRootZoneDelegated(t *testing.T) {
	n := 0
	for _, tld := range DelegatedTLDs() {
		if !strings.HasPrefix(tld, "xn--") {
			continue
		}
		n++
		r := EvaluateRootZone(tld, &RootZoneConfig{Index: &LabelIndex{lgr: mustCommon(t), m: map[string][]string{}}})
		if !r.OK() || r.Disposition != DispositionValid {
			t.Errorf("%s (%s, %s): %s %v", tld, r.Label, r.Script, r.Disposition, r.Err())
		}
	}
	if n != 153 {
		t.Errorf("%d IDN TLDs, want 153", n)
	}
	x, skipped, err := DelegatedIndex()
	if err != nil || len(skipped) != 0 || x.Len() != len(DelegatedTLDs()) {
		t.Fatalf("index: %v, skipped %v, %d of %d", err, skipped, x.Len(), len(DelegatedTLDs()))
	}
	var groups [][]string
	for _, v := range x.m {
		if len(v) > 1 {
			g := append([]string(nil), v...)
			sort.Strings(g)
			groups = append(groups, g)
		}
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i][0] < groups[j][0] })
	want := [][]string{{"ভারত", "ভাৰত"}, {"中国", "中國"}, {"台湾", "台灣"}}
	if d := cmp.Diff(want, groups); d != "" {
		t.Errorf("delegated variant groups (-want +got):\n%s", d)
	}
}

func mustCommon(t *testing.T) *LGR {
	t.Helper()
	c, err := RootZoneCommon()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestLGRConcurrent evaluates from several goroutines (run with -race):
// LGRs, the lazy loaders and the delegated index are safe for concurrent use.
func TestLGRConcurrent(t *testing.T) {
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func(g int) {
			defer func() { done <- true }()
			for i := 0; i < 50; i++ {
				l := rzBenchLabels[(g+i)%len(rzBenchLabels)]
				if r := EvaluateRootZone(l, nil); r.Element == nil {
					t.Errorf("%s: %v", l, r.Err())
				}
			}
		}(g)
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}

// TestReferenceLGRGerman follows the German Second-Level Reference LGR by
// hand: ß has a reflexive mapping of type r-eszett (action "valid
// all-variants=r-eszett") and a variant "ss" of type eszett-to-ss (action
// "allocatable"); the sequence "ss" maps back to ß as blocked; code points of
// the extended range are gated by the context rule extended-cp, which
// matches no label (<start/><end/>).
func TestReferenceLGRGerman(t *testing.T) {
	l, err := ReferenceLGR("lgr-second-level-german-language-31may22-en")
	if err != nil {
		t.Fatal(err)
	}
	checkDisps(t, l, []dispCase{
		{"straße", DispositionValid},
		{"strasse", DispositionValid},
		{"à", DispositionInvalid},
		{"bär", DispositionValid},
	})
	if r := l.Evaluate("straße"); !cmp.Equal(r.Types, []string{"r-eszett"}) || !strings.Contains(r.Why, `all-variants="r-eszett"`) {
		t.Errorf("straße: types %v, why %s", r.Types, r.Why)
	}
	if r := l.Evaluate("à"); !errors.Is(r.Err(), ErrContextRule) || !strings.Contains(r.Err().Error(), "extended-cp") {
		t.Errorf("à: %v", r.Err())
	}
	for _, c := range []struct {
		label string
		want  map[string]Disposition
	}{
		{"straße", map[string]Disposition{"strasse": DispositionAllocatable}},
		{"strasse", map[string]Disposition{"straße": DispositionBlocked}},
	} {
		vs, err := l.Variants(c.label, 0)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]Disposition{}
		for _, v := range vs {
			got[v.Label] = v.Disposition
		}
		if d := cmp.Diff(c.want, got); d != "" {
			t.Errorf("Variants(%s) (-want +got):\n%s", c.label, d)
		}
	}
	a, _ := l.IndexLabel("straße")
	b, _ := l.IndexLabel("strasse")
	if a != b {
		t.Errorf("index labels differ: %q %q", a, b)
	}
}
