package idn

import (
	"errors"
	"fmt"
)

// Validate checks the variant relation of the LGR (RFC 7940 §5.3, §8.5):
//
//   - symmetry: every variant target is itself a repertoire element (or a
//     listed out-of-repertoire target) that maps back to the source;
//   - transitivity: if A maps to B and B maps to C, A maps to C, for
//     mappings without when/not-when contexts (conditional mappings only
//     hold in some labels, so their closure is not required).
//
// Index labels and collision checks (§8.5) are only meaningful when both
// hold. Every violation is reported (joined), each an [*Error] with the
// document line; nil means the LGR is well-behaved.
func (l *LGR) Validate() error {
	var errs []error
	add := func(rule string, line int, format string, args ...any) {
		if len(errs) < 1000 {
			errs = append(errs, lgrErr(ErrLGRInvalid, rule, l.Name, line, format, args...))
		}
	}
	has := func(c *LGRChar, cp []rune) bool {
		for _, v := range c.Variants {
			if runesEqual(v.CP, cp) {
				return true
			}
		}
		return false
	}
	for i := range l.chars {
		a := &l.chars[i]
		for _, v := range a.Variants {
			if runesEqual(v.CP, a.CP) {
				continue
			}
			bi := l.find(v.CP)
			if bi < 0 {
				add("RFC7940-5.3.1", v.Line, "variant %s of %s is not listed as a code point, so the mapping cannot be symmetric", FormatCP(v.CP), FormatCP(a.CP))
				continue
			}
			b := &l.chars[bi]
			if !has(b, a.CP) {
				add("RFC7940-5.3.1", v.Line, "variant %s of %s has no reverse mapping (symmetry)", FormatCP(v.CP), FormatCP(a.CP))
			}
			if v.When != "" || v.NotWhen != "" {
				continue // transitivity is only required of unconditional mappings
			}
			for _, w := range b.Variants {
				if runesEqual(w.CP, a.CP) || runesEqual(w.CP, b.CP) || w.When != "" || w.NotWhen != "" {
					continue
				}
				if !has(a, w.CP) {
					add("RFC7940-5.3.1", a.Line, "%s maps to %s which maps to %s, but %s does not map to %s (transitivity)",
						FormatCP(a.CP), FormatCP(v.CP), FormatCP(w.CP), FormatCP(a.CP), FormatCP(w.CP))
				}
			}
		}
	}
	return errors.Join(errs...)
}

// String describes the LGR briefly.
func (l *LGR) String() string {
	nv := 0
	for _, c := range l.chars {
		nv += len(c.Variants)
	}
	return fmt.Sprintf("%s: %d elements, %d variants, %d classes, %d rules, %d actions", l.Name, len(l.chars), nv, len(l.classOrd), len(l.ruleOrd), len(l.actions))
}
