package idn

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/idna"
)

type labelCase struct {
	in     string
	alabel string
	ulabel string
	rules  []string // rule codes in order, without duplicates; nil = valid
}

// labelCases cover every rule of CheckLabel; the source of each expectation
// is the RFC section in the rule code.
var labelCases = []labelCase{
	// LDH and NR-LDH labels (RFC 5890 §2.3.1).
	{"example", "example", "example", nil},
	{"EXAMPLE", "example", "example", nil},
	{"a", "a", "a", nil},
	{"0123", "0123", "0123", nil},
	{"a-b", "a-b", "a-b", nil},
	{"_dmarc", "_dmarc", "_dmarc", []string{RuleLDH}},
	{"a b", "a b", "a b", []string{RuleLDH}},
	{"a.b", "a.b", "a.b", []string{RuleLDH}},
	// Hyphen restrictions (RFC 5891 §4.2.3.1), by code point.
	{"-abc", "-abc", "-abc", []string{RuleHyphen}},
	{"abc-", "abc-", "abc-", []string{RuleHyphen}},
	{"ab--cd", "ab--cd", "ab--cd", []string{RuleHyphen}},
	{"-", "-", "-", []string{RuleHyphen}},
	{"ü--x", "*", "ü--x", nil},                    // "--" at code points 2-3, bytes 3-4 (golang/go#81026)
	{"üa--x", "*", "üa--x", []string{RuleHyphen}}, // code points 3-4
	{"-ü", "*", "-ü", []string{RuleHyphen}},
	// A-labels (RFC 5890 §2.3.2.1, RFC 5891 §5.3).
	{"xn--mnchen-3ya", "xn--mnchen-3ya", "münchen", nil},
	{"XN--MNCHEN-3YA", "xn--mnchen-3ya", "münchen", nil},
	{"Xn--Mnchen-3ya", "xn--mnchen-3ya", "münchen", nil},
	{"xn--", "xn--", "", []string{RuleALabelSyntax}},
	{"xn--abc-", "xn--abc-", "", []string{RuleALabelSyntax}},
	{"xn--a", "xn--a", "\u0080", []string{RuleCodePoint}}, // decodes to U+0080
	{"xn--が-", "", "", []string{RuleALabelSyntax}},
	{"xn--zz-zzzz", "xn--zz-zzzz", "", []string{RuleALabelSyntax}},
	{"xn--nxasmm1c", "xn--nxasmm1c", "βόλος", nil},
	{"xn--Mnchen-3ya", "xn--mnchen-3ya", "münchen", nil},
	{"xn--MNCHEN-3ya", "xn--mnchen-3ya", "münchen", nil},
	// U-labels with upper-case ASCII are not U-labels (U+004D is
	// DISALLOWED); their ACE form is still made from the lower-cased
	// string, never the non-A-label "xn--Mnchen-3ya" (issue 19).
	{"München", "xn--mnchen-3ya", "München", []string{RuleCodePoint}},
	{"MÜNCHEN", "xn--mnchen-psa", "MÜNCHEN", []string{RuleCodePoint}},
	{"xn--tda", "xn--tda", "ü", nil},
	// NFC (RFC 5891 §4.2.1).
	{"a\u0308", "*", "a\u0308", []string{RuleNFC}},
	{"\u212b", "*", "\u212b", []string{RuleCodePoint, RuleNFC}},
	// Code points (RFC 5892 derived property; RFC 5891 §4.2.2).
	{"☃", "*", "☃", []string{RuleCodePoint}},
	{"a☃b", "*", "a☃b", []string{RuleCodePoint}},
	{"\u0640", "*", "\u0640", []string{RuleCodePoint}},
	{"Ü", "*", "Ü", []string{RuleCodePoint}},
	{"ẞ", "*", "ẞ", []string{RuleCodePoint}},
	{"ß", "*", "ß", nil},
	{"ς", "*", "ς", nil},
	{"😀", "*", "😀", []string{RuleCodePoint}},
	{"ａｂｃ", "*", "ａｂｃ", []string{RuleCodePoint}},
	{"a\u0378", "*", "a\u0378", []string{RuleCodePoint}},         // UNASSIGNED
	{"\U000E0001x", "*", "\U000E0001x", []string{RuleCodePoint}}, // no RTL code point: no Bidi rule,
	// Leading combining mark (RFC 5891 §4.2.3.2).
	{"\u0301a", "*", "\u0301a", []string{RuleLeadingMark}},
	{"\u093fक", "*", "\u093fक", []string{RuleLeadingMark}},
	// CONTEXTJ (RFC 5892 A.1, A.2).
	{"a\u200cb", "*", "a\u200cb", []string{RuleA1}},
	{"क\u094d\u200cष", "*", "क\u094d\u200cष", nil},  // after virama
	{"ب\u200cب", "*", "ب\u200cب", nil},              // D ZWNJ D
	{"ا\u200cب", "*", "ا\u200cب", []string{RuleA1}}, // R before ZWNJ
	{"ب\u064e\u200cب", "*", "ب\u064e\u200cب", nil},  // T between
	{"\u200cب", "*", "\u200cب", []string{RuleA1, RuleBidi1}},
	{"a\u200db", "*", "a\u200db", []string{RuleA2}},
	{"क\u094d\u200dष", "*", "क\u094d\u200dष", nil},
	// CONTEXTO (RFC 5892 A.3-A.9).
	{"l·l", "*", "l·l", nil},
	{"a·l", "*", "a·l", []string{RuleA3}},
	{"l·", "*", "l·", []string{RuleA3}},
	{"·l", "*", "·l", []string{RuleA3}},
	{"\u0375α", "*", "\u0375α", nil},
	{"\u0375a", "*", "\u0375a", []string{RuleA4}},
	{"α\u0375", "*", "α\u0375", []string{RuleA4}},
	{"א\u05f3", "*", "א\u05f3", nil},
	{"a\u05f3", "*", "a\u05f3", []string{RuleA5, RuleBidi5, RuleBidi6}},
	{"\u05f3א", "*", "\u05f3א", []string{RuleA5}},
	{"א\u05f4", "*", "א\u05f4", nil},
	{"a\u05f4", "*", "a\u05f4", []string{RuleA6, RuleBidi5, RuleBidi6}},
	{"ア\u30fbイ", "*", "ア\u30fbイ", nil},
	{"漢\u30fb字", "*", "漢\u30fb字", nil},
	{"a\u30fbb", "*", "a\u30fbb", []string{RuleA7}},
	{"\u30fb", "*", "\u30fb", []string{RuleA7}},
	{"ب\u0660", "*", "ب\u0660", nil},
	{"ب\u06f0", "*", "ب\u06f0", nil},
	{"ب\u0660\u06f0", "*", "ب\u0660\u06f0", []string{RuleA8, RuleA9, RuleBidi4}},
	// Bidi (RFC 5893 §2).
	{"שלום", "*", "שלום", nil},
	{"مثال", "*", "مثال", nil},
	{"مثال1", "*", "مثال1", nil},
	{"1مثال", "*", "1مثال", []string{RuleBidi1}},
	{"مثالa", "*", "مثالa", []string{RuleBidi2, RuleBidi3}},
	{"שלום-", "*", "שלום-", []string{RuleHyphen, RuleBidi3}},
	{"ש1١", "*", "ש1١", []string{RuleBidi4}},
	{"aש", "*", "aש", []string{RuleBidi5, RuleBidi6}},
	// Input (RFC 5891 §4.1).
	{"a\xffb", "", "", []string{RuleUnicode}},
	// Lengths (RFC 5891 §4.4, RFC 1035 §2.3.4).
	{"", "", "", []string{RuleNameLength}},
	{strings.Repeat("a", 63), strings.Repeat("a", 63), strings.Repeat("a", 63), nil},
	{strings.Repeat("a", 64), strings.Repeat("a", 64), strings.Repeat("a", 64), []string{RuleLabelLength}},
	{strings.Repeat("ü", 60), "*", strings.Repeat("ü", 60), []string{RuleLabelLength}},
}

func TestCheckLabel(t *testing.T) {
	for _, tc := range labelCases {
		v := CheckLabel(tc.in, nil)
		got := labelCase{tc.in, v.ALabel, v.ULabel, v.Rules()}
		want := tc
		if want.alabel == "*" {
			// The A-label of a U-label input is x/net's Punycode
			// encoding, an independent implementation of RFC 3492.
			a, err := idna.Punycode.ToASCII(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			want.alabel = a
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(labelCase{})); diff != "" {
			t.Errorf("CheckLabel(%+q) (-want +got):\n%s\n%v", tc.in, diff, v.Err())
		}
		if (v.Err() == nil) != v.OK() {
			t.Errorf("CheckLabel(%+q): Err and OK disagree", tc.in)
		}
		for _, e := range v.Findings {
			if !errors.Is(e, ErrInvalidLabel) {
				t.Errorf("CheckLabel(%+q): %v does not wrap ErrInvalidLabel", tc.in, e)
			}
			if e.Label != tc.in {
				t.Errorf("CheckLabel(%+q): error label %q", tc.in, e.Label)
			}
		}
	}
}

// TestCheckLabelLimits: input beyond CheckConfig.MaxInputBytes is refused
// without further work, and the limit is configurable.
func TestCheckLabelLimits(t *testing.T) {
	long := strings.Repeat("ü", 200) // 400 bytes
	v := CheckLabel(long, nil)
	if diff := cmp.Diff([]string{RuleInputLimit}, v.Rules()); diff != "" {
		t.Errorf("default limit (-want +got):\n%s", diff)
	}
	if !errors.Is(v.Err(), ErrLimitExceeded) {
		t.Errorf("error %v does not wrap ErrLimitExceeded", v.Err())
	}
	v = CheckLabel(long, &CheckConfig{MaxInputBytes: 1000})
	if diff := cmp.Diff([]string{RuleLabelLength}, v.Rules()); diff != "" {
		t.Errorf("raised limit (-want +got):\n%s", diff)
	}
	if v := CheckLabel("abcdef", &CheckConfig{MaxInputBytes: 4}); !errors.Is(v.Err(), ErrLimitExceeded) {
		t.Errorf("lowered limit: %v", v.Err())
	}
	n := CheckName(strings.Repeat("a.", 600), nil)
	if !errors.Is(n.Err(), ErrLimitExceeded) || len(n.Labels) != 0 {
		t.Errorf("CheckName over MaxNameInputBytes: %v, %d labels", n.Err(), len(n.Labels))
	}
}
