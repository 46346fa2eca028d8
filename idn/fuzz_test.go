package idn

import (
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// fuzzSeeds returns the label inputs of the tests and testdata.
func fuzzSeeds(f *testing.F) []string {
	var seeds []string
	for _, tc := range labelCases {
		seeds = append(seeds, tc.in)
	}
	b, err := os.ReadFile("testdata/peer-labels.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			seeds = append(seeds, unescapeIdnaTest(line))
		}
	}
	return seeds
}

// FuzzCheckLabel: no panic; every error is well-formed; an accepted label's
// A-label and U-label are accepted and map to each other
// (ToASCII(ToUnicode(x)) is stable), and our Punycode encoder agrees with
// x/net's.
func FuzzCheckLabel(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := CheckLabel(s, nil)
		for _, e := range v.Findings {
			if e.Rule == "" || e.Kind == nil || e.Label != s {
				t.Fatalf("malformed error %#v", e)
			}
			if e.Rune >= 0 && e.Pos < 0 {
				t.Fatalf("error with a code point but no position: %v", e)
			}
		}
		if utf8.ValidString(s) && !strings.ContainsRune(s, '.') && !isASCII(v.ULabel) && v.ULabel != "" && len(s) <= MaxInputBytes {
			want, err := idna.Punycode.ToASCII(v.ULabel)
			if err == nil && toLowerASCII(want) != v.ALabel {
				t.Fatalf("A-label of %+q: ours %q, x/net %q", v.ULabel, v.ALabel, want)
			}
		}
		if v.ALabel != toLowerASCII(v.ALabel) {
			t.Fatalf("A-label %q of %+q has upper case (RFC 5890 §2.3.2.1)", v.ALabel, s)
		}
		if !v.OK() {
			return
		}
		a := CheckLabel(v.ALabel, nil)
		if !a.OK() || a.ALabel != v.ALabel || a.ULabel != v.ULabel {
			t.Fatalf("A-label %q of accepted %+q: ok=%v alabel=%q ulabel=%q %v", v.ALabel, s, a.OK(), a.ALabel, a.ULabel, a.Err())
		}
		u := CheckLabel(v.ULabel, nil)
		if !u.OK() || u.ALabel != v.ALabel || u.ULabel != v.ULabel {
			t.Fatalf("U-label %+q of accepted %+q: ok=%v alabel=%q ulabel=%q %v", v.ULabel, s, u.OK(), u.ALabel, u.ULabel, u.Err())
		}
	})
}

// FuzzCheckTLD: no panic; every error is well-formed; an accepted TLD is an
// accepted label; the Root Zone LGR stage (on in the zero TLDConfig) only
// adds findings after those of the string rules.
func FuzzCheckTLD(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	// Root Zone LGR paths: delegated ASCII and IDN strings, cross-script and
	// Han variants, a code point outside the Latin LGR, a script without an
	// element LGR, an Arabic whole-label rule.
	for _, s := range []string{"photography", "pyc", "москва", "澳门", "中國", "øţàďěcá", "ꆈꌠꁱꂷ", "\u0628\u0643\u06A9", "xn--mix891f"} {
		f.Add(s)
	}
	ex := []string{"com", "xn--p1ai"}
	f.Fuzz(func(t *testing.T, s string) {
		v := CheckTLD(s, &TLDConfig{Existing: ex})
		for _, e := range v.Findings {
			if e.Rule == "" || e.Kind == nil || e.Label != s {
				t.Fatalf("malformed error %#v", e)
			}
			if e.Rune >= 0 && e.Pos < 0 {
				t.Fatalf("error with a code point but no position: %v", e)
			}
		}
		if l := CheckLabel(s, nil); v.OK() && !l.OK() {
			t.Fatalf("CheckTLD accepts %+q, CheckLabel rejects it", s)
		}
		skip := CheckTLD(s, &TLDConfig{Existing: ex, SkipRootZoneLGR: true})
		if got, want := v.Rules(), skip.Rules(); len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
			t.Fatalf("CheckTLD(%+q) rules %v do not start with the string-rule findings %v", s, got, want)
		}
	})
}

// FuzzCheckName: no panic, bounded output.
func FuzzCheckName(f *testing.F) {
	f.Add("www.example.com.")
	f.Add("xn--mnchen-3ya.de")
	f.Add("مثال.0a")
	f.Add("..")
	f.Fuzz(func(t *testing.T, s string) {
		n := CheckName(s, nil)
		if n.OK() && len(n.ALabel) > MaxNameOctets {
			t.Fatalf("accepted name of %d octets", len(n.ALabel))
		}
	})
}

// FuzzSkeleton: no panic; the skeleton is idempotent up to NFD (UTS #39 §4
// skeletons are fixed points for prototypes).
func FuzzSkeleton(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > MaxInputBytes {
			return
		}
		Skeleton(s)
		MixedScript(s)
		ResolvedScripts(s)
	})
}

// FuzzToASCII: the UTS #46 lookup path never panics and, when ToASCII
// succeeds, ToASCII(ToUnicode(x)) is stable.
func FuzzToASCII(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Add("www.Bücher.de")
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ToASCII(s)
		if err != nil {
			return
		}
		u, err := ToUnicode(a)
		if err != nil {
			t.Fatalf("ToUnicode(%q) of ToASCII(%+q): %v", a, s, err)
		}
		a2, err := ToASCII(u)
		if err != nil || a2 != a {
			t.Fatalf("ToASCII(ToUnicode(%q)) = %q, %v", a, a2, err)
		}
	})
}
