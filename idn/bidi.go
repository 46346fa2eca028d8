package idn

import "errors"

// Rule codes of the RFC 5893 §2 Bidi rule.
const (
	RuleBidi1 = "RFC5893-rule1"
	RuleBidi2 = "RFC5893-rule2"
	RuleBidi3 = "RFC5893-rule3"
	RuleBidi4 = "RFC5893-rule4"
	RuleBidi5 = "RFC5893-rule5"
	RuleBidi6 = "RFC5893-rule6"
)

// checkBidi applies the six conditions of RFC 5893 §2 with the pinned
// Bidi_Class table, reporting every violation. A label whose first code point
// is not L, R or AL breaks rule 1; it is then checked as right-to-left if it
// has an R or AL code point, else as left-to-right.
func checkBidi(v *Verdict, rs []rune, ps []props) {
	if len(rs) == 0 {
		return
	}
	first := ps[0].bidi()
	rtl := first == bcR || first == bcAL
	if first != bcL && !rtl {
		v.add(ErrBidi, RuleBidi1, rs[0], 0, errors.New("first character is not of Bidi class L, R or AL"))
		for _, p := range ps {
			if b := p.bidi(); b == bcR || b == bcAL {
				rtl = true
				break
			}
		}
	}
	// Last code point that is not NSM.
	last := len(ps) - 1
	for last > 0 && ps[last].bidi() == bcNSM {
		last--
	}
	if rtl {
		var en, an = -1, -1
		for i, p := range ps {
			switch b := p.bidi(); b {
			case bcR, bcAL, bcES, bcCS, bcET, bcON, bcBN, bcNSM:
			case bcEN:
				if en < 0 {
					en = i
				}
			case bcAN:
				if an < 0 {
					an = i
				}
			default:
				v.add(ErrBidi, RuleBidi2, rs[i], i, errors.New("Bidi class "+b.String()+" in a right-to-left label"))
			}
		}
		switch ps[last].bidi() {
		case bcR, bcAL, bcEN, bcAN:
		default:
			v.add(ErrBidi, RuleBidi3, rs[last], last, errors.New("right-to-left label does not end with R, AL, EN or AN"))
		}
		if en >= 0 && an >= 0 {
			i := max(en, an)
			v.add(ErrBidi, RuleBidi4, rs[i], i, errors.New("both European (EN) and Arabic-Indic (AN) digits"))
		}
		return
	}
	for i, p := range ps {
		switch b := p.bidi(); b {
		case bcL, bcEN, bcES, bcCS, bcET, bcON, bcBN, bcNSM:
		default:
			v.add(ErrBidi, RuleBidi5, rs[i], i, errors.New("Bidi class "+b.String()+" in a left-to-right label"))
		}
	}
	switch ps[last].bidi() {
	case bcL, bcEN:
	default:
		v.add(ErrBidi, RuleBidi6, rs[last], last, errors.New("left-to-right label does not end with L or EN"))
	}
}
