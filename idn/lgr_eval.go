package idn

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// LGRResult is the evaluation of one label against an LGR (RFC 7940 §8).
type LGRResult struct {
	Label       string
	Disposition Disposition
	// Action is the index of the action that set the disposition: an index
	// into LGR.Actions(), or len(Actions())+k for the k-th default action of
	// §7.6; -1 when the label failed the repertoire or context test (§8.1).
	Action int
	Rule   string // RFC 7940 section behind the disposition, e.g. "RFC7940-7.6"
	Why    string // human-readable reason: the action, its rule and comment
	// MatchPos is the code point position where the rule of a triggering
	// match action first matched; -1 otherwise.
	MatchPos int
	// Elements is the label split into repertoire elements (§8.1).
	Elements [][]rune
	// Types is the set of variant types of reflexive mappings that applied
	// (§5.3.4, §8.1.1), sorted.
	Types []string
	// Findings lists every code point outside the repertoire and every
	// unsatisfied context rule, each an [*Error] with its position.
	Findings []error
}

// OK reports whether the disposition lets the label be registered:
// valid, allocatable or activated (RFC 7940 §7.3).
func (r *LGRResult) OK() bool {
	switch r.Disposition {
	case DispositionValid, DispositionAllocatable, DispositionActivated:
		return true
	}
	return false
}

// Err returns nil when [LGRResult.OK], else all problems found, or an
// [*Error] of kind ErrLGRDisposition naming the action that decided and,
// for a match action, the code point where its rule matched (MatchPos).
func (r *LGRResult) Err() error {
	if r.OK() {
		return nil
	}
	if len(r.Findings) > 0 {
		return errors.Join(r.Findings...)
	}
	e := &Error{Kind: ErrLGRDisposition, Rule: r.Rule, Label: r.Label, Rune: -1, Pos: r.MatchPos,
		Err: fmt.Errorf("%s: %s", r.Disposition, r.Why)}
	if rs := []rune(r.Label); r.MatchPos >= 0 && r.MatchPos < len(rs) {
		e.Rune = rs[r.MatchPos]
	}
	return e
}

// Evaluate determines the disposition of label against the LGR (RFC 7940
// §8.1, §8.3): the label is split into repertoire elements, longest match
// first, taking the first element whose when/not-when context is satisfied;
// a code point that starts no such element makes the label invalid. The
// types of applicable reflexive variants then drive the actions in document
// order, followed by the default actions of §7.6; the first action that
// triggers sets the disposition.
func (l *LGR) Evaluate(label string) *LGRResult {
	res := &LGRResult{Label: label, Action: -1, MatchPos: -1}
	runes := []rune(label)
	if len(runes) == 0 || len(runes) > MaxLGRLabelLength {
		res.Disposition, res.Rule = DispositionInvalid, "MaxLGRLabelLength"
		res.Why = fmt.Sprintf("label has %d code points, want 1 to %d", len(runes), MaxLGRLabelLength)
		res.Findings = append(res.Findings, &Error{Kind: ErrLimitExceeded, Rule: "MaxLGRLabelLength", Label: label, Rune: -1, Pos: -1, Err: errors.New(res.Why)})
		return res
	}
	elems, probs := l.segment(runes, label, true)
	res.Elements = make([][]rune, len(elems))
	for i, e := range elems {
		res.Elements[i] = l.chars[e.idx].CP
	}
	if len(probs) > 0 {
		res.Disposition, res.Rule, res.Findings = DispositionInvalid, "RFC7940-8.1", probs
		res.Why = "label not eligible: " + probs[0].(*Error).Err.Error()
		return res
	}
	// Reflexive mappings (§5.3.4, §8.1.1).
	only := true
	var types []string
	for _, e := range elems {
		c := &l.chars[e.idx]
		has := false
		for vi := range c.Variants {
			v := &c.Variants[vi]
			if !runesEqual(v.CP, c.CP) {
				continue
			}
			ok, err := l.ctxOK(v.ctx, runes, c.CP, e.pos)
			if err != nil {
				return l.budgetFail(res, err)
			}
			if ok {
				has = true
				types = addType(types, v.Type)
			}
		}
		only = only && has
	}
	res.Types = types
	ai, pos, err := l.applyActions(runes, types, only && len(types) > 0)
	if err != nil {
		return l.budgetFail(res, err)
	}
	l.describe(res, ai)
	if pos >= 0 {
		res.MatchPos = pos
		res.Why += fmt.Sprintf(" (rule matched at code point %d)", pos)
	}
	return res
}

func (l *LGR) budgetFail(res *LGRResult, err error) *LGRResult {
	res.Disposition, res.Rule, res.Action = DispositionInvalid, "MaxLGRMatchSteps", -1
	res.Why = err.Error()
	res.Findings = append(res.Findings, &Error{Kind: ErrLimitExceeded, Rule: "MaxLGRMatchSteps", Label: res.Label, Rune: -1, Pos: -1, Err: err})
	return res
}

func (l *LGR) describe(res *LGRResult, ai int) {
	a := &l.acts[ai]
	res.Disposition, res.Action, res.Rule, res.Why = a.Disp, ai, a.rule, a.why
}

// actionWhy builds the description and RFC 7940 section of action ai.
func (l *LGR) actionWhy(ai int) (why, rule string) {
	a := &l.acts[ai]
	var b strings.Builder
	if ai >= len(l.actions) {
		rule = "RFC7940-7.6"
		fmt.Fprintf(&b, "default action %d", ai-len(l.actions)+1)
	} else {
		rule = "RFC7940-7"
		fmt.Fprintf(&b, "action %d (line %d)", ai+1, a.Line)
	}
	switch {
	case a.Match != "":
		fmt.Fprintf(&b, " match=%q", a.Match)
		rule = "RFC7940-7.1"
	case a.NotMatch != "":
		fmt.Fprintf(&b, " not-match=%q", a.NotMatch)
		rule = "RFC7940-7.1"
	}
	switch {
	case a.AnyVariant != nil:
		fmt.Fprintf(&b, " any-variant=%q", strings.Join(a.AnyVariant, " "))
	case a.AllVariants != nil:
		fmt.Fprintf(&b, " all-variants=%q", strings.Join(a.AllVariants, " "))
	case a.OnlyVariants != nil:
		fmt.Fprintf(&b, " only-variants=%q", strings.Join(a.OnlyVariants, " "))
	}
	if (a.AnyVariant != nil || a.AllVariants != nil || a.OnlyVariants != nil) && ai < len(l.actions) && a.Match == "" && a.NotMatch == "" {
		rule = "RFC7940-7.2"
	}
	if a.Comment != "" {
		fmt.Fprintf(&b, ": %s", a.Comment)
	}
	return b.String(), rule
}

func addType(types []string, t string) []string {
	if t == "" {
		return types
	}
	i := sort.SearchStrings(types, t)
	if i < len(types) && types[i] == t {
		return types
	}
	types = append(types, "")
	copy(types[i+1:], types[i:])
	types[i] = t
	return types
}

type elem struct{ idx, pos int }

// segment splits runes into repertoire elements (RFC 7940 §8.1). With
// report it returns one *Error per failing position.
func (l *LGR) segment(runes []rune, label string, report bool) ([]elem, []error) {
	var elems []elem
	var probs []error
	for i := 0; i < len(runes); {
		r := runes[i]
		found := -1
		var failed []string
		try := func(ci int32) bool {
			c := &l.chars[ci]
			if len(c.CP) > len(runes)-i || !runesEqual(runes[i:i+len(c.CP)], c.CP) {
				return false
			}
			ok, err := l.ctxOK(c.ctx, runes, c.CP, i)
			if err != nil {
				failed = append(failed, err.Error())
				return false
			}
			if !ok {
				if c.When != "" {
					failed = append(failed, "when="+c.When)
				} else {
					failed = append(failed, "not-when="+c.NotWhen)
				}
				return false
			}
			found = int(ci)
			return true
		}
		for _, ci := range l.seqs[r] {
			if try(ci) {
				break
			}
		}
		if found < 0 {
			if ci, ok := l.single[r]; ok {
				try(ci)
			}
		}
		if found < 0 {
			if !report {
				return nil, []error{nil}
			}
			if failed == nil {
				probs = append(probs, &Error{Kind: ErrNotInRepertoire, Rule: "RFC7940-8.1", Label: label, Rune: r, Pos: i,
					Err: fmt.Errorf("U+%04X is not in the repertoire of %s", r, l.Name)})
			} else {
				probs = append(probs, &Error{Kind: ErrContextRule, Rule: "RFC7940-6.4", Label: label, Rune: r, Pos: i,
					Err: fmt.Errorf("U+%04X: context rule %s not satisfied", r, strings.Join(failed, ", "))})
			}
			i++
			continue
		}
		elems = append(elems, elem{found, i})
		i += len(l.chars[found].CP)
	}
	return elems, probs
}

// ctxOK evaluates a when/not-when pair for element cp at pos of label.
func (l *LGR) ctxOK(c ctxRef, label, cp []rune, pos int) (bool, error) {
	if c.when != nil {
		ok, err := l.matchContext(c.when, label, cp, pos)
		return ok, err
	}
	if c.notWhen != nil {
		ok, err := l.matchContext(c.notWhen, label, cp, pos)
		return !ok && err == nil, err
	}
	return true, nil
}

// applyActions returns the index of the first action that triggers
// (RFC 7940 §7.1, §7.2, §8.3) and, when it is a match action, the code point
// position where its rule first matched (else -1). The last default action
// always triggers.
func (l *LGR) applyActions(label []rune, types []string, onlyVariants bool) (ai, matchPos int, err error) {
	for i := range l.acts {
		a := &l.acts[i]
		switch {
		case a.any != nil:
			hit := false
			for _, t := range types {
				if a.any[t] {
					hit = true
					break
				}
			}
			if !hit {
				continue
			}
		case a.all != nil:
			if !subsetOf(types, a.all) {
				continue
			}
		case a.only != nil:
			if !onlyVariants || !subsetOf(types, a.only) {
				continue
			}
		}
		pos := -1
		if a.match != nil {
			ok, at, err := l.matchActionAt(a.match, label)
			if err != nil {
				return 0, -1, err
			}
			if !ok {
				continue
			}
			pos = at
		} else if a.notMatch != nil {
			ok, err := l.matchAction(a.notMatch, label)
			if err != nil {
				return 0, -1, err
			}
			if ok {
				continue
			}
		}
		return i, pos, nil
	}
	return len(l.acts) - 1, -1, nil
}

func subsetOf(types []string, set map[string]bool) bool {
	if len(types) == 0 {
		return false
	}
	for _, t := range types {
		if !set[t] {
			return false
		}
	}
	return true
}
