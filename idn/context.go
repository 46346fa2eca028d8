package idn

import "errors"

// Rule codes of the RFC 5892 Appendix A contextual rules.
const (
	RuleA1 = "RFC5892-A.1" // ZERO WIDTH NON-JOINER
	RuleA2 = "RFC5892-A.2" // ZERO WIDTH JOINER
	RuleA3 = "RFC5892-A.3" // MIDDLE DOT
	RuleA4 = "RFC5892-A.4" // GREEK LOWER NUMERAL SIGN (KERAIA)
	RuleA5 = "RFC5892-A.5" // HEBREW PUNCTUATION GERESH
	RuleA6 = "RFC5892-A.6" // HEBREW PUNCTUATION GERSHAYIM
	RuleA7 = "RFC5892-A.7" // KATAKANA MIDDLE DOT
	RuleA8 = "RFC5892-A.8" // ARABIC-INDIC DIGITS
	RuleA9 = "RFC5892-A.9" // EXTENDED ARABIC-INDIC DIGITS
	// RuleNoContextRule is reported for a CONTEXTJ or CONTEXTO code point
	// without a rule in Appendix A (RFC 5892 §2.7, §2.8: not permitted).
	RuleNoContextRule = "RFC5892-2.7"
)

// checkContext applies RFC 5892 Appendix A to every CONTEXTJ and CONTEXTO
// code point of the label (RFC 5891 §4.2.3.3).
func checkContext(v *Verdict, rs []rune, ps []props) {
	var hasArabicIndic, hasExtArabicIndic, hasKanaHan bool
	for i, r := range rs {
		switch {
		case r >= 0x0660 && r <= 0x0669:
			hasArabicIndic = true
		case r >= 0x06F0 && r <= 0x06F9:
			hasExtArabicIndic = true
		case r != 0x30FB:
			switch ps[i].script() {
			case scriptHira, scriptKana, scriptHani:
				hasKanaHan = true
			}
		}
	}
	for i, r := range rs {
		d := ps[i].derived()
		if d != dpCONTEXTJ && d != dpCONTEXTO {
			continue
		}
		switch {
		case r == 0x200C: // A.1
			if i > 0 && ps[i-1].virama() {
				continue
			}
			if !zwnjJoining(ps, i) {
				v.add(ErrContext, RuleA1, r, i, errors.New("ZERO WIDTH NON-JOINER neither after a virama nor between joining characters"))
			}
		case r == 0x200D: // A.2
			if i == 0 || !ps[i-1].virama() {
				v.add(ErrContext, RuleA2, r, i, errors.New("ZERO WIDTH JOINER not after a virama"))
			}
		case r == 0x00B7: // A.3
			if i == 0 || i == len(rs)-1 || rs[i-1] != 'l' || rs[i+1] != 'l' {
				v.add(ErrContext, RuleA3, r, i, errors.New("MIDDLE DOT not between two U+006C"))
			}
		case r == 0x0375: // A.4
			if i == len(rs)-1 || ps[i+1].script() != scriptGrek {
				v.add(ErrContext, RuleA4, r, i, errors.New("KERAIA not followed by a Greek character"))
			}
		case r == 0x05F3: // A.5
			if i == 0 || ps[i-1].script() != scriptHebr {
				v.add(ErrContext, RuleA5, r, i, errors.New("GERESH not preceded by a Hebrew character"))
			}
		case r == 0x05F4: // A.6
			if i == 0 || ps[i-1].script() != scriptHebr {
				v.add(ErrContext, RuleA6, r, i, errors.New("GERSHAYIM not preceded by a Hebrew character"))
			}
		case r == 0x30FB: // A.7
			if !hasKanaHan {
				v.add(ErrContext, RuleA7, r, i, errors.New("KATAKANA MIDDLE DOT in a label without Hiragana, Katakana or Han"))
			}
		case r >= 0x0660 && r <= 0x0669: // A.8
			if hasExtArabicIndic {
				v.add(ErrContext, RuleA8, r, i, errors.New("ARABIC-INDIC DIGIT in a label with EXTENDED ARABIC-INDIC DIGITS"))
			}
		case r >= 0x06F0 && r <= 0x06F9: // A.9
			if hasArabicIndic {
				v.add(ErrContext, RuleA9, r, i, errors.New("EXTENDED ARABIC-INDIC DIGIT in a label with ARABIC-INDIC DIGITS"))
			}
		default:
			v.add(ErrContext, RuleNoContextRule, r, i, errors.New("no contextual rule defined"))
		}
	}
}

// zwnjJoining reports whether the ZWNJ at i matches
// (Joining_Type:{L,D})(Joining_Type:T)*\u200C(Joining_Type:T)*(Joining_Type:{R,D})
// (RFC 5892 A.1).
func zwnjJoining(ps []props, i int) bool {
	ok := false
	for j := i - 1; j >= 0; j-- {
		jt := ps[j].joining()
		if jt == jtT {
			continue
		}
		ok = jt == jtL || jt == jtD
		break
	}
	if !ok {
		return false
	}
	for j := i + 1; j < len(ps); j++ {
		jt := ps[j].joining()
		if jt == jtT {
			continue
		}
		return jt == jtR || jt == jtD
	}
	return false
}
