package idn

import (
	"errors"
	"fmt"
)

// Variant questions that never enumerate the variant set (RFC 7940 §8.2,
// §8.3). A label's variant set is the product of the variant mappings of
// its repertoire elements, so it grows geometrically with the label (the
// Spanish full-variant-set LGR gives "airl·lpack" about 200,000 variant
// labels) while the question "is C a variant of L, and how" only needs the
// mappings that produce C. [LGR.VariantOf] walks the label's elements and
// the candidate's code points together; [LGR.AllocatableVariants] prunes
// every branch whose variant type set already fixes a disposition that is
// not allocatable.

// VariantAnswer is the answer of [LGR.VariantOf].
type VariantAnswer struct {
	Label     string
	Candidate string
	// Identical is set when the candidate is the label itself (not a
	// variant of it; Disposition is then the label's own, §8.3).
	Identical bool
	// InSet reports whether the candidate is produced by the variant
	// mappings of the label's elements whose when/not-when contexts hold
	// (RFC 7940 §8.2 steps 1-4); Disposition is then its disposition as a
	// variant label (§8.3; invalid variant labels are in the generated set
	// but §8.2 step 5 removes them from the variant set [LGR.Variants]
	// returns).
	InSet       bool
	Disposition Disposition
	// Types is the variant type set of the mappings used (§8.3), sorted.
	Types []string
	// Action, Rule and Why are as in [LGRResult].
	Action int
	Rule   string
	Why    string
}

// Registrable reports whether the candidate is in the label's variant set
// with a disposition that lets it be registered (valid, allocatable or
// activated; RFC 7940 §7.3).
func (a *VariantAnswer) Registrable() bool {
	if !a.InSet && !a.Identical {
		return false
	}
	switch a.Disposition {
	case DispositionValid, DispositionAllocatable, DispositionActivated:
		return true
	}
	return false
}

// VariantOf answers whether candidate is a variant label of label under
// the LGR and with which disposition, without enumerating the variant set.
// The answer equals what [LGR.Variants] would give for candidate (same
// membership, disposition, variant type set and action), including the
// case where several mapping paths produce the same string: the first path
// in enumeration order decides, as it does there.
//
// Cost: the walk visits states (code point j of the label, code point p of
// the candidate); a state that cannot be completed is remembered, so each
// is expanded once, with one context evaluation per element and variant
// mapping starting at j (lgr_varwalk.go). When the mappings at a position
// have the length of what they replace (true of most LGRs) p is fixed by j
// and the work is linear in the label's length; in general it is bounded
// by label × candidate code points × options per position. The disposition
// of the one variant label found is then computed as in §8.3
// (eligibility, actions).
func (l *LGR) VariantOf(label, candidate string) (*VariantAnswer, error) {
	res := l.Evaluate(label)
	if len(res.Findings) > 0 {
		return nil, errors.Join(res.Findings...)
	}
	ans := &VariantAnswer{Label: label, Candidate: candidate, Action: -1}
	cand := []rune(candidate)
	if len(cand) == 0 || len(cand) > MaxLGRLabelLength {
		return nil, &Error{Kind: ErrLimitExceeded, Rule: "MaxLGRLabelLength", Label: candidate, Rune: -1, Pos: -1,
			Err: fmt.Errorf("candidate has %d code points, want 1 to %d", len(cand), MaxLGRLabelLength)}
	}
	if candidate == label {
		ans.Identical, ans.Disposition, ans.Types, ans.Action, ans.Rule = true, res.Disposition, res.Types, res.Action, res.Rule
		ans.Why = "the candidate is the label itself: " + res.Why
		return ans, nil
	}
	w := &vofWalk{l: l, orig: []rune(label), cand: cand, failed: make([]bool, (len([]rune(label))+1)*(len(cand)+1))}
	found, err := w.walk(0, 0, nil, true)
	if err != nil {
		return nil, err
	}
	if !found {
		ans.Disposition, ans.Rule = "", "RFC7940-8.2"
		ans.Why = "not produced by any variant mapping of the label's elements whose context holds (RFC 7940 §8.2)"
		return ans, nil
	}
	v, err := l.disposeVariant(cand, w.types, w.only)
	if err != nil {
		return nil, err
	}
	ans.InSet, ans.Disposition, ans.Types, ans.Action, ans.Why = true, v.Disposition, v.Types, v.Action, v.Why
	ans.Rule = "RFC7940-8.3"
	if v.Action >= 0 {
		ans.Rule = l.acts[v.Action].rule
	}
	return ans, nil
}

type vofWalk struct {
	l      *LGR
	orig   []rune
	cand   []rune
	failed []bool // state (j, p) known not to complete
	types  []string
	only   bool
}

// walk tries, in the order the enumeration generates them
// (lgr_varwalk.go), the options at position j of the original label that
// write cand[p:], and records the variant types and the only-variants flag
// of the first complete path. The options at (j, p) depend only on j and
// the permuted prefix, which is cand[:p], so a state that fails once fails
// always.
func (w *vofWalk) walk(j, p int, types []string, only bool) (bool, error) {
	if j == len(w.orig) {
		if p != len(w.cand) {
			return false, nil
		}
		w.types, w.only = types, only
		return true, nil
	}
	key := j*(len(w.cand)+1) + p
	if w.failed[key] {
		return false, nil
	}
	opts, err := w.l.varOptions(w.orig, j, w.cand[:p])
	if err != nil {
		return false, err
	}
	rest := w.cand[p:]
	for _, o := range opts {
		if len(o.cp) > len(rest) || !runesEqual(rest[:len(o.cp)], o.cp) {
			continue
		}
		found, err := w.walk(j+o.n, p+len(o.cp), addType(append([]string(nil), types...), o.typ), only && o.variant)
		if found || err != nil {
			return found, err
		}
	}
	w.failed[key] = true
	return false, nil
}

// registrableDisp reports whether d lets a label be registered (RFC 7940
// §7.3: valid, allocatable, activated).
func registrableDisp(d Disposition) bool {
	return d == DispositionValid || d == DispositionAllocatable || d == DispositionActivated
}

// AllocatableVariants calls yield with each variant label of label whose
// disposition lets it be registered (valid, allocatable or activated;
// RFC 7940 §7.3), in enumeration order, until yield returns false. It
// never builds the others: a branch of the walk is cut as soon as the
// variant types chosen so far make the first action that can still
// trigger one with another disposition (for example any-variant="blocked"
// once a blocked mapping is used, RFC 7940 §7.2, §8.3), so the work
// follows the number of registrable variants, not the size of the variant
// set. Each label yielded is checked with [LGR.VariantOf], so a string
// that an earlier (pruned) path reaches with a blocked disposition is not
// reported. The walk is bounded by [MaxVariantWalkSteps]; reaching it
// returns an ErrLimitExceeded error naming it. Memory grows with the number
// of labels yielded (duplicates are suppressed), so the caller bounds it by
// stopping.
func (l *LGR) AllocatableVariants(label string, yield func(VariantLabel) bool) error {
	res := l.Evaluate(label)
	if len(res.Findings) > 0 {
		return errors.Join(res.Findings...)
	}
	orig := []rune(label)
	g := &vgen{l: l, label: label, orig: orig, seen: map[string]bool{}, prune: l.surelyUnregistrable}
	g.leaf = func(prefix []rune, _ []string, _ bool) {
		// The first path to this string decides its disposition; an
		// earlier path may have been pruned, so ask VariantOf.
		s := string(prefix)
		if g.seen[s] {
			return
		}
		a, err := l.VariantOf(label, s)
		if err != nil {
			g.err = err
			return
		}
		if !a.InSet || !registrableDisp(a.Disposition) {
			return
		}
		g.seen[s] = true
		if !yield(VariantLabel{Label: s, Disposition: a.Disposition, Types: a.Types, Action: a.Action, Why: a.Why}) {
			g.stop = true
		}
	}
	g.walk(0, make([]rune, 0, len(orig)), nil, true)
	return g.err
}

// surelyUnregistrable reports whether every variant label completing a
// path with variant types ⊇ types (and, when only is false, not made of
// mappings only) gets a disposition other than valid, allocatable or
// activated: scanning the actions in order (RFC 7940 §7.4: first match
// wins), an action whose trigger is already certain (an any-variant type
// already chosen, no match or not-match rule) decides unless an earlier
// action that may still trigger has a registrable disposition. Actions
// that can no longer trigger (all-variants or only-variants with a type
// outside their set) are skipped.
func (l *LGR) surelyUnregistrable(types []string, only bool) bool {
	for i := range l.acts {
		a := &l.acts[i]
		certain := true
		switch {
		case a.any != nil:
			hit := false
			for _, t := range types {
				if a.any[t] {
					hit = true
					break
				}
			}
			certain = hit
		case a.all != nil:
			if len(types) > 0 && !subsetOf(types, a.all) {
				continue
			}
			certain = false
		case a.only != nil:
			if !only || len(types) > 0 && !subsetOf(types, a.only) {
				continue
			}
			certain = false
		}
		if a.match != nil || a.notMatch != nil {
			certain = false
		}
		if registrableDisp(a.Disp) {
			return false
		}
		if certain {
			return true
		}
	}
	return false
}
