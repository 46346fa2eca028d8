package idn

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCheckTLD covers the AGB §2.2.1.3.2 Parts I–III, §2.2.1.2.1 and
// §2.2.1.4.1 requirements.
func TestCheckTLD(t *testing.T) {
	for _, tc := range []struct {
		in    string
		p     *TLDConfig
		rules []string
	}{
		{"photographers", &TLDConfig{}, nil},
		{"PHOTOGRAPHERS", &TLDConfig{}, nil},
		// The Root Zone LGR stage covers ASCII labels too (the RZ-LGR-5 Latin
		// LGR has a-z): a delegated string collides with itself, and "pyc"
		// is in the variant set of the delegated Cyrillic рус through the
		// common LGR's cross-script variants.
		{"photography", &TLDConfig{}, []string{RuleCollision}},
		{"PHOTOGRAPHY", &TLDConfig{}, []string{RuleCollision}},
		{"photography", &TLDConfig{SkipRootZoneLGR: true}, nil},
		{"pyc", &TLDConfig{}, []string{RuleCollision}},
		{"pyc", &TLDConfig{SkipRootZoneLGR: true}, nil},
		{"ab", &TLDConfig{}, []string{RuleTLDASCIILength}},             // ISO 3166-1 alpha-2 space
		{"a1b", &TLDConfig{}, []string{RuleTLDLetters}},                // Part I: letters only
		{"ab-cd", &TLDConfig{}, []string{RuleTLDLetters}},              // hyphen is not a letter
		{"ab--cd", &TLDConfig{}, []string{RuleHyphen, RuleTLDLetters}}, // both rules, every hyphen
		{"example", &TLDConfig{}, []string{RuleTLDReserved}},           // §2.2.1.2.1
		{"Whois", &TLDConfig{}, []string{RuleTLDReserved}},             // case-insensitive
		{"deu", &TLDConfig{}, []string{RuleTLDAlpha3}},                 // §2.2.1.4.1
		{"deu", &TLDConfig{Alpha3: []string{}}, nil},                   // caller's list replaces the embedded one
		{"photographers", &TLDConfig{Reserved: []string{"PHOTOGRAPHERS"}}, []string{RuleTLDReserved}},
		// Delegated IDN TLDs pass the AGB string rules but, as applications,
		// collide with themselves under the Root Zone LGR (RFC 7940 §8.5),
		// which runs by default.
		{"xn--p1ai", &TLDConfig{}, []string{RuleCollision}}, // рф, already delegated
		{"рф", &TLDConfig{}, []string{RuleCollision}},
		{"онлайн", &TLDConfig{}, []string{RuleCollision}},
		{"한국", &TLDConfig{}, []string{RuleCollision}},
		{"xn--p1ai", &TLDConfig{SkipRootZoneLGR: true}, nil}, // AGB rules only
		{"рф", &TLDConfig{SkipRootZoneLGR: true}, nil},       // two-character IDN, not confusable
		{"онлайн", &TLDConfig{SkipRootZoneLGR: true}, nil},
		{"한국", &TLDConfig{SkipRootZoneLGR: true}, nil},
		// New IDN strings, valid in their RZ-LGR-5 element LGR and not in
		// the variant set of any delegated TLD.
		{"日本", &TLDConfig{}, nil},
		{"ひらがな漢字カタカナ", &TLDConfig{}, nil}, // Japanese: Hira+Hani+Kana is one script (Jpan)
		{"مثال", &TLDConfig{}, nil},
		{"пример", &TLDConfig{}, nil},
		{"例子", &TLDConfig{}, nil},
		{"ελλάδα", &TLDConfig{}, nil}, // ελ is delegated, ελλάδα is not
		// Variants of delegated TLDs (RZ-LGR-5 variant sets): Han
		// traditional/simplified, Arabic KAF/KEHEH and TEH MARBUTA/HEH, and
		// the common LGR's Cyrillic-Latin cross-script variants.
		{"遊戲", &TLDConfig{}, []string{RuleCollision}},   // variant of 游戏 (xn--unup4y)
		{"澳门", &TLDConfig{}, []string{RuleCollision}},   // variant of 澳門 (xn--mix891f)
		{"شبکه", &TLDConfig{}, []string{RuleCollision}}, // variant of شبكة (xn--ngbc5azd)
		{"ѕех", &TLDConfig{}, []string{RuleCollision}},  // variant of sex
		{"ѕех", &TLDConfig{SkipRootZoneLGR: true}, nil}, // no skeleton match without Existing
		// Outside the RZ-LGR-5 repertoire: U+0163 is not in the Latin LGR;
		// Yi has no element LGR in RZ-LGR-5.
		{"øţàďěcá", &TLDConfig{}, []string{"RFC7940-8.1"}},
		{"øţàďěcá", &TLDConfig{SkipRootZoneLGR: true}, nil},
		{"ꆈꌠꁱꂷ", &TLDConfig{}, []string{RuleRootZoneLGR}},
		{"пpимep", &TLDConfig{}, []string{RuleTLDScript}},                                          // Cyrillic with Latin p and e
		{"ひらがなhiragana", &TLDConfig{}, []string{RuleTLDScript}},                                    // Hiragana with Latin
		{"παράδειγμα1", &TLDConfig{}, []string{RuleTLDCategory}},                                   // digit: Nd
		{"مثال\u0660", &TLDConfig{}, []string{RuleTLDCategory}},                                    // Arabic-Indic digit
		{"l·l", &TLDConfig{}, []string{RuleTLDCategory}},                                           // MIDDLE DOT is Po
		{"ß", &TLDConfig{}, []string{RuleTLDIDNLength}},                                            // IDN at least 2 characters
		{"ее", &TLDConfig{}, []string{RuleTLDTwoChar}},                                             // Cyrillic "ее" looks like ASCII "ee"
		{"ѕо", &TLDConfig{}, []string{RuleTLDTwoChar}},                                             // "so"
		{"cοm", &TLDConfig{Existing: []string{"com"}}, []string{RuleTLDScript, RuleTLDConfusable}}, // Greek omicron
		{"соm", &TLDConfig{Existing: []string{"org", "com"}}, []string{RuleTLDScript, RuleTLDConfusable}},
		{"ѕсоре", &TLDConfig{Existing: []string{"scope"}}, []string{RuleTLDConfusable}}, // all Cyrillic, still confusable
		{"xn--", &TLDConfig{}, []string{RuleALabelSyntax}},
		{"☃☃", &TLDConfig{}, []string{RuleCodePoint, RuleTLDCategory}},
	} {
		v := CheckTLD(tc.in, tc.p)
		if diff := cmp.Diff(tc.rules, v.Rules()); diff != "" {
			t.Errorf("CheckTLD(%+q) rules (-want +got):\n%s\n%v", tc.in, diff, v.Err())
		}
		for _, e := range v.Findings {
			if !errors.Is(e, ErrInvalidLabel) {
				t.Errorf("CheckTLD(%+q): %v does not wrap ErrInvalidLabel", tc.in, e)
			}
		}
	}
}

func TestISO3166Alpha2(t *testing.T) {
	for s, want := range map[string]bool{"de": true, "US": true, "uk": false, "gb": true, "zz": false} {
		if got := ISO3166Alpha2(s); got != want {
			t.Errorf("ISO3166Alpha2(%q) = %v", s, got)
		}
	}
}

// TestSkeleton checks UTS #39 §4 skeletons with confusables.txt pairs.
func TestSkeleton(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"paypal", "pаypal", true}, // U+0430
		{"google", "gооgle", true}, // U+043E
		{"apple", "аррlе", true},
		{"com", "cοm", true},
		{"rn", "m", true},
		{"example", "exarnple", true},
		{"l", "1", true},
		{"abc", "abd", false},
		{"日本", "日本", true},
		{"日本", "中国", false},
	} {
		if got := Confusable(tc.a, tc.b); got != tc.want {
			t.Errorf("Confusable(%q, %q) = %v; skeletons %+q %+q", tc.a, tc.b, got, Skeleton(tc.a), Skeleton(tc.b))
		}
	}
}

// TestMixedScript checks the UTS #39 §5.1 resolved script set.
func TestMixedScript(t *testing.T) {
	for _, tc := range []struct {
		in      string
		mixed   bool
		pos     int
		scripts []string
	}{
		{"paypal", false, -1, []string{"Latn"}},
		{"pаypal", true, 1, []string{}},
		{"ひらがな漢字カタカナ", false, -1, []string{"Jpan"}},
		{"한국어漢字", false, -1, []string{"Kore"}},
		{"漢字", false, -1, []string{"Hanb", "Hani", "Jpan", "Kore"}},
		{"123", false, -1, nil},
		{"a1", false, -1, []string{"Latn"}},
		{"абв", false, -1, []string{"Cyrl"}},
		{"ab\u0301", false, -1, []string{"Latn"}},
		{"\u0660ب", false, -1, []string{"Arab"}}, // U+0660 has Script_Extensions {Arab, Thaa, Yezi}
		{"\u0660a", true, 1, []string{}},
	} {
		mixed, pos := MixedScript(tc.in)
		got := ResolvedScripts(tc.in)
		if mixed != tc.mixed || pos != tc.pos || !cmp.Equal(got, tc.scripts) {
			t.Errorf("%+q: mixed=%v pos=%d scripts=%q; want %v %d %q", tc.in, mixed, pos, got, tc.mixed, tc.pos, tc.scripts)
		}
	}
}

func TestCheckName(t *testing.T) {
	for _, tc := range []struct {
		in     string
		ok     bool
		alabel string
	}{
		{"www.example.com", true, "www.example.com"},
		{"www.example.com.", true, "www.example.com"},
		{"bücher.de", true, "xn--bcher-kva.de"},
		{"مثال.0a", false, "xn--mgbh0fb.0a"}, // Bidi domain name: "0a" breaks RFC 5893 rule 1
		{"مثال.a0", true, "xn--mgbh0fb.a0"},
		{"a..b", false, "a..b"},
		{"", false, ""},
		{"a。b", false, ""},
	} {
		n := CheckName(tc.in, nil)
		if n.OK() != tc.ok || (tc.alabel != "" && n.ALabel != tc.alabel) {
			t.Errorf("CheckName(%q): ok=%v alabel=%q; want %v %q; %v", tc.in, n.OK(), n.ALabel, tc.ok, tc.alabel, n.Err())
		}
	}
	long := ""
	for i := 0; i < 5; i++ {
		long += "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghij."
	}
	if n := CheckName(long, nil); n.OK() {
		t.Errorf("CheckName accepted a %d-octet name", len(long))
	}
}
