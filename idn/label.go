package idn

import (
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// subKind is a category sentinel that is also a member of a broader one, so
// errors.Is(err, ErrInvalidLabel) holds for every label rule.
type subKind struct {
	msg    string
	parent error
}

func (k *subKind) Error() string { return k.msg }
func (k *subKind) Unwrap() error { return k.parent }

// Sentinels of the label rules. Each wraps [ErrInvalidLabel].
var (
	ErrALabel        error = &subKind{"invalid A-label", ErrInvalidLabel}                  // RFC 5890 §2.3.2.1, RFC 5891 §5.3
	ErrLDH           error = &subKind{"not a letter, digit or hyphen", ErrInvalidLabel}    // RFC 5890 §2.3.1
	ErrDisallowed    error = &subKind{"code point DISALLOWED", ErrInvalidLabel}            // RFC 5892 §2, RFC 5891 §4.2.2
	ErrUnassigned    error = &subKind{"code point UNASSIGNED", ErrInvalidLabel}            // RFC 5892 §2.10, RFC 5891 §4.2.2
	ErrNotNFC        error = &subKind{"not in Normalization Form C", ErrInvalidLabel}      // RFC 5891 §4.2.1
	ErrHyphen        error = &subKind{"hyphen restriction", ErrInvalidLabel}               // RFC 5891 §4.2.3.1
	ErrCombiningMark error = &subKind{"leading combining mark", ErrInvalidLabel}           // RFC 5891 §4.2.3.2
	ErrContext       error = &subKind{"contextual rule not satisfied", ErrInvalidLabel}    // RFC 5892 Appendix A
	ErrBidi          error = &subKind{"Bidi rule not satisfied", ErrInvalidLabel}          // RFC 5893 §2
	ErrLength        error = &subKind{"length out of range", ErrInvalidLabel}              // RFC 1035 §2.3.4, RFC 5891 §4.4
	ErrEmptyLabel    error = &subKind{"empty label", ErrInvalidLabel}                      // RFC 1035 §2.3.4
	ErrNotUnicode    error = &subKind{"not valid UTF-8", ErrInvalidLabel}                  // RFC 5891 §4.1
	errInputTooLarge error = &subKind{"input longer than MaxInputBytes", ErrLimitExceeded} // limits.go
)

// Rule codes reported in [Error.Rule] by [CheckLabel].
const (
	RuleALabel       = "RFC5891-5.3"     // A-label must round-trip through its U-label
	RuleALabelSyntax = "RFC5890-2.3.2.1" // A-label: ASCII, non-empty payload, decodes to non-ASCII
	RuleLDH          = "RFC5890-2.3.1"   // ASCII labels are LDH
	RuleNFC          = "RFC5891-4.2.1"
	RuleCodePoint    = "RFC5891-4.2.2" // with RFC 5892 derived property DISALLOWED/UNASSIGNED
	RuleHyphen       = "RFC5891-4.2.3.1"
	RuleLeadingMark  = "RFC5891-4.2.3.2"
	RuleLabelLength  = "RFC5891-4.4"   // A-label at most 63 octets
	RuleNameLength   = "RFC1035-2.3.4" // empty labels and names over 253 octets
	RuleInputLimit   = "idn-MaxInputBytes"
	RuleUnicode      = "RFC5891-4.1" // input must be Unicode (valid UTF-8)
)

// CheckConfig configures [CheckLabel] and [CheckName]; nil means the zero
// value, the strict IDNA2008 registration check.
type CheckConfig struct {
	// MaxInputBytes bounds the input label; zero means [MaxInputBytes].
	MaxInputBytes int
	// MaxNameInputBytes bounds the input of [CheckName]; zero means
	// [MaxNameInputBytes].
	MaxNameInputBytes int
	// BidiDomain applies the RFC 5893 Bidi rule even when the label itself has
	// no right-to-left character, as required for every label of a Bidi
	// domain name (RFC 5893 §2). [CheckName] sets it when the name has one
	// RTL label.
	BidiDomain bool
}

// Verdict is the outcome of [CheckLabel] or [CheckTLD]: the label in both
// forms (when they could be computed) and every rule it breaks.
type Verdict struct {
	Input    string   // the label as given
	ALabel   string   // ASCII form: the A-label, or the lower-cased LDH label
	ULabel   string   // Unicode form: the U-label, or the lower-cased LDH label
	Findings []*Error // every rule broken, in label order per check; empty if OK
}

// OK reports whether no rule was broken.
func (v *Verdict) OK() bool { return len(v.Findings) == 0 }

// Err returns nil if the label is valid, otherwise all errors joined
// ([errors.Join]); each is an [*Error].
func (v *Verdict) Err() error {
	if len(v.Findings) == 0 {
		return nil
	}
	errs := make([]error, len(v.Findings))
	for i, e := range v.Findings {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// Rules returns the rule codes of v.Findings in order, without duplicates.
func (v *Verdict) Rules() []string {
	var out []string
	for _, e := range v.Findings {
		dup := false
		for _, r := range out {
			if r == e.Rule {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, e.Rule)
		}
	}
	return out
}

func (v *Verdict) add(kind error, rule string, r rune, pos int, cause error) {
	v.Findings = append(v.Findings, &Error{Kind: kind, Rule: rule, Label: v.Input, Rune: r, Pos: pos, Err: cause})
}

const acePrefix = "xn--"

func hasACEPrefix(s string) bool {
	return len(s) >= 4 && (s[0]|0x20) == 'x' && (s[1]|0x20) == 'n' && s[2] == '-' && s[3] == '-'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// CheckLabel checks one DNS label for registration under IDNA2008: an LDH
// label, an A-label ("xn--…", prefix case-insensitive) or a U-label. It
// reports every rule broken:
//
//   - A-labels (RFC 5890 §2.3.2.1, RFC 5891 §5.3): ASCII only, non-empty
//     Punycode payload that decodes to a label with a non-ASCII code point,
//     and that re-encodes to the same A-label (compared case-insensitively);
//     the decoded U-label then gets all the checks below.
//   - LDH labels (RFC 5890 §2.3.1): letters, digits and hyphen only.
//   - NFC (RFC 5891 §4.2.1); RFC 5892 derived property from the pinned table
//     (DISALLOWED, UNASSIGNED: RFC 5891 §4.2.2); hyphens at the start, end or
//     code point positions 3 and 4 (RFC 5891 §4.2.3.1); leading combining mark
//     (RFC 5891 §4.2.3.2); every CONTEXTJ and CONTEXTO rule of RFC 5892
//     Appendix A (RFC 5891 §4.2.3.3); the RFC 5893 Bidi rule when the label
//     has a right-to-left code point (RFC 5891 §4.2.3.4); A-label length at
//     most 63 octets and no empty label (RFC 5891 §4.4, RFC 1035 §2.3.4).
//
// Each [*Error] carries the rule code, the offending code point and its
// position: a 0-based index in code points into the U-label (for an A-label
// input, into its decoded form), or a byte offset for invalid UTF-8 and
// non-LDH ASCII; Rune and Pos are -1 when the rule is about the whole label.
//
// Results depend only on the pinned tables ([DerivedPropertyVersion],
// [PropertyVersion]), not on the Go toolchain: the Bidi rule uses the pinned
// Bidi_Class table rather than x/text/secure/bidirule, and NFC is decided by
// the pinned NFC_Quick_Check and combining classes, falling back to
// golang.org/x/text/unicode/norm only for labels with a code point that may
// compose (normalization of code points assigned in both Unicode versions is
// stable). Punycode decoding is golang.org/x/net/idna's; encoding is this
// package's (appendALabel, tested against x/net), which avoids re-decoding
// the label at every step.
func CheckLabel(label string, cfg *CheckConfig) Verdict {
	var p CheckConfig
	if cfg != nil {
		p = *cfg
	}
	v := Verdict{Input: label}
	maxIn := p.MaxInputBytes
	if maxIn <= 0 {
		maxIn = MaxInputBytes
	}
	if len(label) > maxIn {
		v.add(errInputTooLarge, RuleInputLimit, -1, -1, nil)
		return v
	}
	if label == "" {
		v.add(ErrEmptyLabel, RuleNameLength, -1, -1, nil)
		return v
	}
	if !utf8.ValidString(label) {
		// RFC 5891 §4.1: the input is a string of Unicode code points.
		for i := 0; i < len(label); {
			r, n := utf8.DecodeRuneInString(label[i:])
			if r == utf8.RuneError && n == 1 {
				v.add(ErrNotUnicode, RuleUnicode, -1, i, errors.New("invalid UTF-8 byte at this byte offset"))
				break
			}
			i += n
		}
		return v
	}
	if isASCII(label) {
		if hasACEPrefix(label) {
			checkALabel(&v, label, p)
			return v
		}
		checkLDH(&v, label)
		if p.BidiDomain {
			// RFC 5893 §2 applies to every label of a Bidi domain name,
			// LDH labels included.
			var rb [MaxInputBytes]rune
			var pb [MaxInputBytes]props
			rs, ps := rb[:0], pb[:0]
			for i := 0; i < len(label); i++ {
				rs = append(rs, rune(label[i]))
				ps = append(ps, asciiProps[label[i]])
			}
			checkBidi(&v, rs, ps)
		}
		return v
	}
	if hasACEPrefix(label) {
		// A label that looks like an A-label must be one: no non-ASCII
		// (RFC 5890 §2.3.2.1).
		pos := 0
		for _, r := range label {
			if r >= utf8.RuneSelf {
				v.add(ErrALabel, RuleALabelSyntax, r, pos, errors.New("non-ASCII code point in an A-label"))
			}
			pos++
		}
		return v
	}
	v.ULabel = label
	checkULabel(&v, label, p)
	return v
}

// checkLDH checks an all-ASCII label that is not an A-label.
func checkLDH(v *Verdict, label string) {
	lower := toLowerASCII(label)
	v.ALabel, v.ULabel = lower, lower
	for i := 0; i < len(label); i++ {
		c := label[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			v.add(ErrLDH, RuleLDH, rune(c), i, nil)
		}
	}
	checkHyphens(v, label, func(i int) byte { return label[i] }, len(label))
	if len(label) > MaxLabelOctets {
		v.add(ErrLength, RuleLabelLength, -1, -1, errors.New("label longer than 63 octets"))
	}
}

func toLowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// checkHyphens applies RFC 5891 §4.2.3.1 by code point: at(i) reports
// whether code point i is U+002D (as the byte '-').
func checkHyphens(v *Verdict, label string, at func(int) byte, n int) {
	if n == 0 {
		return
	}
	if at(0) == '-' {
		v.add(ErrHyphen, RuleHyphen, '-', 0, errors.New("label starts with a hyphen"))
	}
	if at(n-1) == '-' {
		v.add(ErrHyphen, RuleHyphen, '-', n-1, errors.New("label ends with a hyphen"))
	}
	if n >= 4 && at(2) == '-' && at(3) == '-' {
		v.add(ErrHyphen, RuleHyphen, '-', 2, errors.New(`"--" in the third and fourth positions`))
	}
}

// checkALabel checks an all-ASCII label with the ACE prefix.
func checkALabel(v *Verdict, label string, p CheckConfig) {
	lower := toLowerASCII(label)
	v.ALabel = lower
	if len(label) > MaxLabelOctets {
		v.add(ErrLength, RuleLabelLength, -1, -1, errors.New("the A-label is longer than 63 octets"))
	}
	if len(lower) == len(acePrefix) {
		v.add(ErrALabel, RuleALabelSyntax, -1, -1, errors.New("empty Punycode payload"))
		return
	}
	u, err := idna.Punycode.ToUnicode(lower)
	if err != nil {
		msg := "the Punycode payload does not decode"
		if strings.HasSuffix(lower, "-") {
			// "xn--abc-": basic code points only.
			msg = "the Punycode payload decodes to an all-ASCII label"
		}
		v.add(ErrALabel, RuleALabelSyntax, -1, -1, errors.New(msg))
		return
	}
	if isASCII(u) {
		v.add(ErrALabel, RuleALabelSyntax, -1, -1, errors.New("the Punycode payload decodes to an all-ASCII label"))
		return
	}
	// Round trip (RFC 5891 §5.3): the decoded string must re-encode to the
	// same A-label.
	back, err := idna.Punycode.ToASCII(u)
	if err != nil || back != lower {
		v.add(ErrALabel, RuleALabel, -1, -1, errors.New("the A-label does not round-trip through its U-label"))
		return
	}
	v.ULabel = u
	checkULabel(v, u, p)
}

// checkULabel applies the IDNA2008 code point and label rules to a non-ASCII
// label.
func checkULabel(v *Verdict, u string, p CheckConfig) {
	var (
		buf     [64]props
		bufR    [64]rune
		ps      = buf[:0]
		rs      = bufR[:0]
		rtl     bool
		context bool
	)
	nfcYes := props(1 << 25)
	for _, r := range u {
		pr := propsOf(r)
		nfcYes &= pr
		ps = append(ps, pr)
		rs = append(rs, r)
		switch pr.bidi() {
		case bcR, bcAL, bcAN:
			rtl = true
		}
		switch pr.derived() {
		case dpPVALID:
		case dpCONTEXTJ, dpCONTEXTO:
			context = true
		case dpUNASSIGNED:
			v.add(ErrUnassigned, RuleCodePoint, r, len(rs)-1, nil)
		default:
			v.add(ErrDisallowed, RuleCodePoint, r, len(rs)-1, nil)
		}
	}
	// NFC (RFC 5891 §4.2.1). When every code point has ccc 0 and
	// NFC_Quick_Check=Yes in the pinned tables the label is in NFC (UAX #15
	// §9); otherwise x/text decides.
	if nfcYes == 0 {
		if n := norm.NFC.QuickSpanString(u); n != len(u) && !norm.NFC.IsNormalString(u) {
			pos := utf8.RuneCountInString(u[:n])
			r, _ := utf8.DecodeRuneInString(u[n:])
			v.add(ErrNotNFC, RuleNFC, r, pos, nil)
		}
	}
	checkHyphens(v, u, func(i int) byte {
		if rs[i] == '-' {
			return '-'
		}
		return 0
	}, len(rs))
	if len(ps) > 0 && ps[0].isMark() {
		v.add(ErrCombiningMark, RuleLeadingMark, rs[0], 0, nil)
	}
	if context {
		checkContext(v, rs, ps)
	}
	if rtl || p.BidiDomain {
		checkBidi(v, rs, ps)
	}
	if v.ALabel == "" {
		// U-label input: compute the A-label and check its length
		// (RFC 5891 §4.4).
		var ab [MaxLabelOctets + 1]byte
		a, err := appendALabel(ab[:0], rs)
		if err != nil {
			v.add(ErrALabel, RuleLabelLength, -1, -1, err)
			return
		}
		v.ALabel = string(a)
		if len(a) > MaxLabelOctets {
			v.add(ErrLength, RuleLabelLength, -1, -1, errors.New("the A-label is longer than 63 octets"))
		}
	}
}
