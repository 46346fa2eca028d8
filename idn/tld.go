package idn

import (
	"bufio"
	"embed"
	"errors"
	"strings"
	"sync"
	"unicode/utf8"
)

// Sentinels of the TLD string requirements. Each wraps [ErrInvalidLabel].
var (
	ErrTLDString   error = &subKind{"not a permitted TLD string", ErrInvalidLabel}            // AGB §2.2.1.3.2
	ErrReserved    error = &subKind{"reserved or blocked name", ErrInvalidLabel}              // AGB §2.2.1.2.1, §2.2.1.4.1
	ErrMixedScript error = &subKind{"code points from more than one script", ErrInvalidLabel} // AGB §2.2.1.3.2 Part II, UAX #24
	ErrConfusable  error = &subKind{"confusable with another string", ErrInvalidLabel}        // AGB §2.2.1.3.2 Part III, UTS #39
)

// Rule codes reported by [CheckTLD] in addition to those of [CheckLabel].
// The Applicant Guidebook (version 2012-06-04) is cited by section and Part;
// the suffix names the requirement.
const (
	RuleTLDLetters     = "AGB-2.2.1.3.2-I-letters"        // ASCII label: letters a–z only
	RuleTLDASCIILength = "AGB-2.2.1.3.2-III-ascii-length" // ASCII label: at least 3 characters (2 is the ISO 3166-1 space)
	RuleTLDCategory    = "AGB-2.2.1.3.2-II-category"      // IDN: General_Category in {Ll, Lo, Lm, Mn, Mc}
	RuleTLDScript      = "AGB-2.2.1.3.2-II-single-script" // IDN: one script (UAX #24 Script_Extensions; UTS #39 §5.1 Jpan/Kore/Hanb)
	RuleTLDIDNLength   = "AGB-2.2.1.3.2-III-idn-length"   // IDN: at least 2 characters
	RuleTLDTwoChar     = "AGB-2.2.1.3.2-III-two-char"     // two-character IDN not confusable with 1-char or 2-character ASCII
	RuleTLDReserved    = "AGB-2.2.1.2.1"                  // Top-Level Reserved Names
	RuleTLDAlpha3      = "AGB-2.2.1.4.1"                  // ISO 3166-1 alpha-3 codes are not available
	RuleTLDConfusable  = "AGB-2.2.1.1-similarity"         // same UTS #39 skeleton as an existing string
)

// TLDConfig configures [CheckTLD]; nil means the zero value, which uses
// the embedded data files (data/README); each list, when non-nil, replaces
// the embedded one.
type TLDConfig struct {
	// Label configures the IDNA2008 check applied first.
	Label CheckConfig
	// Reserved replaces the Top-Level Reserved Names (AGB §2.2.1.2.1;
	// embedded: data/agb-reserved-names.txt). Compared case-insensitively.
	Reserved []string
	// Alpha3 replaces the ISO 3166-1 alpha-3 codes (AGB §2.2.1.4.1;
	// embedded: data/iso3166-1-alpha3.txt).
	Alpha3 []string
	// Existing lists strings (delegated TLDs, other applications, as U-labels
	// or A-labels) the label must not be confusable with (same UTS #39
	// skeleton). Nil means no comparison.
	Existing []string
	// RootZone configures the Root Zone LGR stage (lgr_rz.go) applied to
	// ASCII and IDN labels; the zero value uses the embedded RZ-LGR-5 and
	// the embedded list of delegated TLDs.
	RootZone RootZoneConfig
	// SkipRootZoneLGR turns the Root Zone LGR stage off, leaving only the
	// IDNA2008 and Applicant Guidebook string rules. The RZ-LGR (element LGR
	// of the label's script, then the RFC 7940 §8.5 collision check against
	// the delegated TLDs and their variants) decides whether a TLD string
	// can be delegated, so skipping it is only acceptable when that
	// question is asked elsewhere: when checking strings that are already
	// delegated (they collide with themselves), reproducing pre-RZ-LGR
	// verdicts, or running the RZ-LGR separately with [EvaluateRootZone].
	SkipRootZoneLGR bool
}

// tldStage is one step of CheckTLD; stages append to v.Findings and never stop
// the others, so every problem is reported.
type tldStage func(v *Verdict, p *TLDConfig)

// tldStages run in order. Add a stage by appending to this list.
var tldStages = []tldStage{
	tldASCII,
	tldIDN,
	tldReserved,
	tldExisting,
	tldRootZone,
}

// CheckTLD checks an applied-for top-level label against the string
// requirements of the new gTLD Applicant Guidebook §2.2.1.3.2 Parts I–III
// after the IDNA2008 checks of [CheckLabel]:
//
//   - Part I: an ASCII label consists of letters a–z only (case-insensitive).
//   - Part II: an IDN is a valid A-label/U-label pair whose code points have
//     General_Category Ll, Lo, Lm, Mn or Mc and come from one script (UAX #24
//     Script_Extensions with the UTS #39 §5.1 augmentations, so Japanese
//     mixing Han, Hiragana and Katakana is one script).
//   - Part III: ASCII labels have at least 3 characters (two letters are the
//     ISO 3166-1 alpha-2 space); IDN labels at least 2, and a two-character
//     IDN must not be confusable (UTS #39 skeleton) with a one-character label
//     or a two-character ASCII string.
//   - Reserved names (§2.2.1.2.1) and ISO 3166-1 alpha-3 codes (§2.2.1.4.1).
//   - Optionally, confusability with p.Existing (§2.2.1.1 string similarity
//     pre-filter; the panel's judgement is not automated).
//   - For labels that pass the rules above, ASCII and IDN, the Root Zone LGR
//     (RZ-LGR-5, RFC 7940), unless p.SkipRootZoneLGR: the element LGR of the
//     label's script (code points outside its repertoire: RFC7940-8.1;
//     context and whole-label rules: RFC7940-6.4, RFC7940-7.x), then the
//     index-label collision check (RFC7940-8.5) against the delegated TLDs
//     and their variants. A string that is already delegated, or is a
//     variant of a delegated TLD, is reported as a collision.
func CheckTLD(label string, cfg *TLDConfig) Verdict {
	var p TLDConfig
	if cfg != nil {
		p = *cfg
	}
	v := CheckLabel(label, &p.Label)
	if v.ALabel == "" && v.ULabel == "" {
		return v // input too large, empty or not decodable: nothing more to check
	}
	for _, st := range tldStages {
		st(&v, &p)
	}
	return v
}

func isIDN(v *Verdict) bool { return v.ULabel != "" && !isASCII(v.ULabel) }

// tldASCII applies Part I (letters only) and Part III (length ≥ 3) to ASCII
// labels.
func tldASCII(v *Verdict, _ *TLDConfig) {
	if hasACEPrefix(v.Input) || !isASCII(v.Input) {
		return
	}
	for i := 0; i < len(v.Input); i++ {
		c := v.Input[i] | 0x20
		if c < 'a' || c > 'z' {
			v.add(ErrTLDString, RuleTLDLetters, rune(v.Input[i]), i, errors.New("an ASCII TLD label must consist of letters a-z only"))
		}
	}
	if len(v.Input) < 3 {
		msg := "an ASCII TLD label must have at least 3 characters (2-letter strings are the ISO 3166-1 alpha-2 space)"
		if len(v.Input) == 2 && ISO3166Alpha2(v.Input) {
			msg += "; " + strings.ToUpper(v.Input) + " is an assigned alpha-2 code"
		}
		v.add(ErrTLDString, RuleTLDASCIILength, -1, -1, errors.New(msg))
	}
}

// tldIDN applies Parts II and III to IDN labels.
func tldIDN(v *Verdict, _ *TLDConfig) {
	if !isIDN(v) {
		if hasACEPrefix(v.Input) && v.ULabel == "" {
			return // the A-label errors are already reported
		}
		return
	}
	u := v.ULabel
	n := 0
	for i, r := range []rune(u) {
		switch propsOf(r).gc() {
		case gcLl, gcLo, gcLm, gcMn, gcMc:
		default:
			v.add(ErrTLDString, RuleTLDCategory, r, i, errors.New("General_Category "+propsOf(r).gc().String()+" not in {Ll, Lo, Lm, Mn, Mc}"))
		}
		n++
	}
	if mixed, pos := MixedScript(u); mixed {
		r := []rune(u)[pos]
		v.add(ErrMixedScript, RuleTLDScript, r, pos, nil)
	}
	if n < 2 {
		v.add(ErrTLDString, RuleTLDIDNLength, -1, -1, errors.New("an IDN TLD label must have at least 2 characters"))
	}
	if n == 2 {
		sk := Skeleton(u)
		if similar, what := twoCharConfusable(sk); similar {
			v.add(ErrConfusable, RuleTLDTwoChar, -1, -1, errors.New("two-character IDN confusable with "+what))
		}
	}
}

var (
	twoCharOnce      sync.Once
	twoCharSkeletons map[string]string // skeleton -> ASCII string or one code point
)

// twoCharConfusable reports whether skeleton sk equals the skeleton of a
// two-character ASCII string or of a single code point.
func twoCharConfusable(sk string) (bool, string) {
	twoCharOnce.Do(func() {
		m := map[string]string{}
		const alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
		for i := 0; i < len(alnum); i++ {
			for j := 0; j < len(alnum); j++ {
				s := alnum[i:i+1] + alnum[j:j+1]
				m[Skeleton(s)] = "the ASCII string " + s
			}
		}
		// Every single code point's skeleton is either itself or one of
		// the prototypes.
		for _, to := range confusableTo {
			k := Skeleton(to)
			if _, ok := m[k]; !ok {
				m[k] = "a one-character label"
			}
		}
		twoCharSkeletons = m
	})
	if what, ok := twoCharSkeletons[sk]; ok {
		return true, what
	}
	if utf8.RuneCountInString(sk) == 1 {
		return true, "a one-character label"
	}
	return false, ""
}

//go:embed data/agb-reserved-names.txt data/iso3166-1-alpha3.txt data/iso3166-1-alpha2.txt
var dataFS embed.FS

var (
	dataOnce                     sync.Once
	embeddedReserved, embeddedA3 map[string]bool
	embeddedA2                   map[string]bool
)

func readList(name string) map[string]bool {
	b, err := dataFS.ReadFile(name)
	if err != nil {
		panic("idn: embedded " + name + ": " + err.Error()) // build is broken
	}
	m := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		m[strings.ToLower(line)] = true
	}
	return m
}

func loadData() {
	dataOnce.Do(func() {
		embeddedReserved = readList("data/agb-reserved-names.txt")
		embeddedA3 = readList("data/iso3166-1-alpha3.txt")
		embeddedA2 = readList("data/iso3166-1-alpha2.txt")
	})
}

func listSet(list []string, def map[string]bool) map[string]bool {
	if list == nil {
		return def
	}
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[strings.ToLower(s)] = true
	}
	return m
}

// ISO3166Alpha2 reports whether s is an assigned ISO 3166-1 alpha-2 code in
// the embedded list (case-insensitive).
func ISO3166Alpha2(s string) bool {
	loadData()
	return embeddedA2[strings.ToLower(s)]
}

// tldReserved rejects reserved names and alpha-3 codes, comparing the
// A-label and U-label forms case-insensitively.
func tldReserved(v *Verdict, p *TLDConfig) {
	loadData()
	res := listSet(p.Reserved, embeddedReserved)
	a3 := listSet(p.Alpha3, embeddedA3)
	for _, s := range []string{v.ALabel, v.ULabel} {
		if s == "" {
			continue
		}
		k := strings.ToLower(s)
		if res[k] {
			v.add(ErrReserved, RuleTLDReserved, -1, -1, errors.New("Top-Level Reserved Name"))
			break
		}
	}
	if a3[strings.ToLower(v.ALabel)] {
		v.add(ErrReserved, RuleTLDAlpha3, -1, -1, errors.New("ISO 3166-1 alpha-3 code"))
	}
}

// tldExisting compares the skeleton with p.Existing.
func tldExisting(v *Verdict, p *TLDConfig) {
	if len(p.Existing) == 0 || v.ULabel == "" {
		return
	}
	sk := Skeleton(v.ULabel)
	for _, e := range p.Existing {
		u := e
		if hasACEPrefix(e) {
			if ev := CheckLabel(e, &p.Label); ev.ULabel != "" {
				u = ev.ULabel
			}
		}
		u = strings.ToLower(u)
		if u == v.ULabel || Skeleton(u) != sk {
			continue
		}
		v.add(ErrConfusable, RuleTLDConfusable, -1, -1, errors.New("same UTS #39 skeleton as existing string "+e))
	}
}
