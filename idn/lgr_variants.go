package idn

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// VariantLabel is one variant label of a label with its disposition
// (RFC 7940 §8.2, §8.3).
type VariantLabel struct {
	Label       string
	Disposition Disposition
	Types       []string // variant types of the mappings used, sorted
	Action      int      // as in LGRResult.Action
	Why         string
}

// VariantCount estimates the number of variant labels of label: the product
// over its repertoire elements of one plus the number of their
// non-reflexive variant mappings, minus the label itself. Contexts are not
// applied, so it is an upper bound of what [LGR.Variants] enumerates. It
// saturates at math.MaxUint64.
func (l *LGR) VariantCount(label string) (uint64, error) {
	runes := []rune(label)
	if len(runes) == 0 || len(runes) > MaxLGRLabelLength {
		return 0, &Error{Kind: ErrLimitExceeded, Rule: "MaxLGRLabelLength", Label: label, Rune: -1, Pos: -1, Err: fmt.Errorf("label has %d code points", len(runes))}
	}
	elems, probs := l.segment(runes, label, true)
	if len(probs) > 0 {
		return 0, errors.Join(probs...)
	}
	n := uint64(1)
	for _, e := range elems {
		c := &l.chars[e.idx]
		k := uint64(1)
		for _, v := range c.Variants {
			if !runesEqual(v.CP, c.CP) {
				k++
			}
		}
		if n > math.MaxUint64/k {
			return math.MaxUint64, nil
		}
		n *= k
	}
	return n - 1, nil
}

// Variants enumerates the variant labels of label with their dispositions
// (RFC 7940 §8.2): every combination of the variant mappings of its
// elements whose contexts hold, each evaluated by §8.3 with the set of
// variant types used; variant labels with disposition invalid are dropped
// (§8.2 step 5). The label must itself be eligible. When the count
// estimate of [LGR.VariantCount] exceeds max (zero means MaxVariantLabels),
// nothing is enumerated and an ErrLimitExceeded error is returned. A max
// above [MaxVariantLabelsCap] is lowered to it: the result is held in
// memory. [LGR.VariantOf] and [LGR.AllocatableVariants] answer variant
// questions on larger sets without enumerating them.
func (l *LGR) Variants(label string, max int) ([]VariantLabel, error) {
	return l.variants(label, max, false)
}

// variants is Variants; withInvalid keeps the variant labels whose
// disposition is invalid (for the cross-check of VariantOf).
func (l *LGR) variants(label string, max int, withInvalid bool) ([]VariantLabel, error) {
	if max <= 0 {
		max = MaxVariantLabels
	}
	if max > MaxVariantLabelsCap {
		max = MaxVariantLabelsCap
	}
	res := l.Evaluate(label)
	if len(res.Findings) > 0 {
		return nil, errors.Join(res.Findings...)
	}
	est, err := l.VariantCount(label)
	if err != nil {
		return nil, err
	}
	if est > uint64(max) {
		return nil, &Error{Kind: ErrLimitExceeded, Rule: "MaxVariantLabels", Label: label, Rune: -1, Pos: -1,
			Err: fmt.Errorf("about %d variant labels, more than the cap of %d", est, max)}
	}
	orig := []rune(label)
	elems, _ := l.segment(orig, label, false)
	// The walk branches on every mapping, reflexive ones (with distinct
	// contexts) included; bound that too so no LGR can make it explode.
	bound := uint64(1)
	for _, e := range elems {
		k := uint64(len(l.chars[e.idx].Variants) + 1)
		if bound > math.MaxUint64/k {
			bound = math.MaxUint64
			break
		}
		bound *= k
	}
	if bound > 8*uint64(max) {
		return nil, &Error{Kind: ErrLimitExceeded, Rule: "MaxVariantLabels", Label: label, Rune: -1, Pos: -1,
			Err: fmt.Errorf("up to %d variant mapping combinations, more than 8 times the cap of %d", bound, max)}
	}
	g := &vgen{l: l, label: label, orig: orig, seen: map[string]bool{label: true}}
	g.leaf = func(prefix []rune, types []string, only bool) {
		s := string(prefix)
		if g.seen[s] {
			return
		}
		g.seen[s] = true
		v := g.dispose(prefix, types, only)
		if v.Disposition != DispositionInvalid || withInvalid {
			g.out = append(g.out, v)
		}
	}
	g.walk(0, make([]rune, 0, len(orig)), nil, true)
	if g.err != nil {
		return nil, g.err
	}
	return g.out, nil
}

// vgen walks the variant labels of a label (lgr_varwalk.go): leaf gets
// each complete string with its variant type set; prune, when set, cuts
// branches.
type vgen struct {
	l     *LGR
	label string
	orig  []rune
	out   []VariantLabel
	seen  map[string]bool
	leaf  func(prefix []rune, types []string, only bool)
	prune func(types []string, only bool) bool
	steps int
	stop  bool
	err   error
}

// walk extends prefix (the permuted label so far) from position j of the
// original label.
func (g *vgen) walk(j int, prefix []rune, types []string, only bool) {
	if g.err != nil || g.stop {
		return
	}
	if g.steps++; g.steps > MaxVariantWalkSteps {
		g.err = &Error{Kind: ErrLimitExceeded, Rule: "MaxVariantWalkSteps", Label: g.label, Rune: -1, Pos: -1,
			Err: fmt.Errorf("more than %d steps walking the variant mappings", MaxVariantWalkSteps)}
		return
	}
	if g.prune != nil && g.prune(types, only) {
		return
	}
	if j == len(g.orig) {
		if string(prefix) != g.label {
			g.leaf(prefix, types, only)
		}
		return
	}
	opts, err := g.l.varOptions(g.orig, j, prefix)
	if err != nil {
		g.err = err
		return
	}
	for _, o := range opts {
		g.walk(j+o.n, append(prefix[:len(prefix):len(prefix)], o.cp...), addType(append([]string(nil), types...), o.typ), only && o.variant)
	}
}

// dispose applies §8.3 to a variant label.
func (g *vgen) dispose(label []rune, types []string, only bool) VariantLabel {
	v, err := g.l.disposeVariant(label, types, only)
	if err != nil {
		g.err = err
	}
	return v
}

// disposeVariant applies §8.3 to a variant label reached with the variant
// type set types (only: every element was replaced through a mapping).
func (l *LGR) disposeVariant(label []rune, types []string, only bool) (VariantLabel, error) {
	s := string(label)
	v := VariantLabel{Label: s, Types: types, Action: -1}
	// Step 1: the variant label must be eligible: in the repertoire, contexts
	// satisfied, and not invalid on its own (§8.1).
	if _, probs := l.segment(label, s, false); len(probs) > 0 {
		v.Disposition, v.Why = DispositionInvalid, "variant label not in the repertoire or context failed (RFC 7940 §8.1)"
		return v, nil
	}
	ai, _, err := l.applyActions(label, nil, false)
	if err == nil && l.acts[ai].Disp == DispositionInvalid {
		v.Disposition, v.Action = DispositionInvalid, ai
		v.Why = l.acts[ai].why
		return v, nil
	}
	if err == nil {
		ai, _, err = l.applyActions(label, types, only && len(types) > 0)
	}
	if err != nil {
		return v, err
	}
	r := &LGRResult{}
	l.describe(r, ai)
	v.Disposition, v.Action, v.Why = r.Disposition, r.Action, r.Why
	return v, nil
}

// IndexLabel computes the index label of label (RFC 7940 §8.5; RZ-LGR
// Overview §5.5.4): for every way of splitting the label into repertoire
// elements whose contexts hold, each element is replaced by the least (in
// code point order) of itself and its variants whose contexts hold in
// place; the least result over all splittings is the index label. Two
// labels collide when their index labels are equal. The LGR's variant sets
// must be symmetric and transitive ([LGR.Validate]).
func (l *LGR) IndexLabel(label string) (string, error) {
	runes := []rune(label)
	if len(runes) == 0 || len(runes) > MaxLGRLabelLength {
		return "", &Error{Kind: ErrLimitExceeded, Rule: "MaxLGRLabelLength", Label: label, Rune: -1, Pos: -1, Err: fmt.Errorf("label has %d code points", len(runes))}
	}
	if l.maxSeq == 0 {
		// No sequences: exactly one splitting.
		out := make([]rune, 0, len(runes))
		for i, r := range runes {
			ci, ok := l.single[r]
			if !ok {
				return "", &Error{Kind: ErrNotInRepertoire, Rule: "RFC7940-8.5", Label: label, Rune: r, Pos: i, Err: fmt.Errorf("U+%04X is not in the repertoire of %s", r, l.Name)}
			}
			c := &l.chars[ci]
			if ok, err := l.ctxOK(c.ctx, runes, c.CP, i); err != nil || !ok {
				return "", &Error{Kind: ErrContextRule, Rule: "RFC7940-8.5", Label: label, Rune: r, Pos: i, Err: fmt.Errorf("U+%04X: context rule not satisfied", r)}
			}
			m, err := l.minVariant(c, runes, i)
			if err != nil {
				return "", err
			}
			out = append(out, m...)
		}
		return string(out), nil
	}
	var best []rune
	var walkErr error
	parts := 0
	var walk func(i int, acc []rune)
	walk = func(i int, acc []rune) {
		if walkErr != nil || parts > 256 {
			return
		}
		if i == len(runes) {
			parts++
			if best == nil || runesLess(acc, best) {
				best = append([]rune(nil), acc...)
			}
			return
		}
		try := func(ci int32) {
			c := &l.chars[ci]
			if len(c.CP) > len(runes)-i || !runesEqual(runes[i:i+len(c.CP)], c.CP) {
				return
			}
			ok, err := l.ctxOK(c.ctx, runes, c.CP, i)
			if err != nil {
				walkErr = err
				return
			}
			if !ok {
				return
			}
			m, err := l.minVariant(c, runes, i)
			if err != nil {
				walkErr = err
				return
			}
			walk(i+len(c.CP), append(acc, m...))
		}
		for _, ci := range l.seqs[runes[i]] {
			try(ci)
		}
		if ci, ok := l.single[runes[i]]; ok {
			try(ci)
		}
	}
	walk(0, make([]rune, 0, len(runes)))
	if walkErr != nil {
		return "", walkErr
	}
	if best == nil {
		elems, probs := l.segment(runes, label, true)
		_ = elems
		if len(probs) > 0 {
			return "", errors.Join(probs...)
		}
		return "", &Error{Kind: ErrNotInRepertoire, Rule: "RFC7940-8.5", Label: label, Rune: -1, Pos: -1, Err: errors.New("label cannot be split into repertoire elements")}
	}
	return string(best), nil
}

// minVariant returns the least of c and its variants whose context holds
// with the variant in place at pos.
func (l *LGR) minVariant(c *LGRChar, label []rune, pos int) ([]rune, error) {
	best := c.CP
	for vi := range c.Variants {
		v := &c.Variants[vi]
		if !runesLess(v.CP, best) {
			continue
		}
		if v.ctx.when != nil || v.ctx.notWhen != nil {
			cand := make([]rune, 0, len(label)-len(c.CP)+len(v.CP))
			cand = append(append(append(cand, label[:pos]...), v.CP...), label[pos+len(c.CP):]...)
			ok, err := l.ctxOK(v.ctx, cand, v.CP, pos)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		best = v.CP
	}
	return best, nil
}

// LabelIndex holds the index labels (RFC 7940 §8.5) of a set of existing
// labels, for collision checks of new labels against them.
type LabelIndex struct {
	lgr *LGR
	m   map[string][]string
	n   int
}

// NewLabelIndex indexes existing labels under l. Labels that have no index
// label (outside the repertoire) are skipped and reported in the returned
// error; the index is usable either way.
func (l *LGR) NewLabelIndex(existing []string) (*LabelIndex, error) {
	x := &LabelIndex{lgr: l, m: make(map[string][]string, len(existing))}
	var errs []error
	for _, s := range existing {
		if err := x.Add(s); err != nil {
			errs = append(errs, err)
		}
	}
	return x, errors.Join(errs...)
}

// Add indexes one more existing label.
func (x *LabelIndex) Add(label string) error {
	k, err := x.lgr.IndexLabel(label)
	if err != nil {
		return err
	}
	for _, s := range x.m[k] {
		if s == label {
			return nil
		}
	}
	x.m[k] = append(x.m[k], label)
	x.n++
	return nil
}

// Len returns the number of labels indexed.
func (x *LabelIndex) Len() int { return x.n }

// Collisions returns the existing labels whose index label equals that of
// label (the label itself included when it is already present), sorted.
func (x *LabelIndex) Collisions(label string) ([]string, error) {
	k, err := x.lgr.IndexLabel(label)
	if err != nil {
		return nil, err
	}
	out := append([]string(nil), x.m[k]...)
	sort.Strings(out)
	return out, nil
}
