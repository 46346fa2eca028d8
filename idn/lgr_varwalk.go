package idn

import "fmt"

// The variant walk shared by LGR.Variants (enumeration), LGR.VariantOf
// (one candidate) and LGR.AllocatableVariants (pruned enumeration). It
// follows RFC 7940 §8.2 the way ICANN's lgr-core generates variant labels:
// at each position of the original label it branches on every repertoire
// element starting there that has variant mappings and whose context holds
// with the permuted prefix in place (and, when one of them is a sequence,
// on the shorter elements starting there too), so a label is permuted
// along every way of splitting it, not only along the split that made it
// eligible (§8.1). For each element the options are the element itself
// (first, when it has no reflexive mapping) and each variant mapping whose
// when/not-when context holds in the label with the permuted prefix, the
// variant and the original rest (§5.2, §5.3, §8.2). The first path that
// produces a string decides its variant type set (lgr-core keeps the first
// permutation generated).

// varOption is one way to continue a variant walk.
type varOption struct {
	cp      []rune // code points written: the element's or a variant's
	n       int    // code points of the original label consumed
	typ     string // variant type, "" for the element itself
	variant bool   // produced by a variant mapping (reflexive included)
}

// maxVarOptions bounds the options at one position (elements starting
// there times their mappings); an LGR beyond it is refused with
// ErrLimitExceeded rather than walked.
const maxVarOptions = 4096

// varOptions returns the options at position j of orig, with prefix the
// permuted label so far, in generation order.
func (l *LGR) varOptions(orig []rune, j int, prefix []rune) ([]varOption, error) {
	rest := orig[j:]
	isPrefix := func(c *LGRChar) bool { return len(c.CP) <= len(rest) && runesEqual(rest[:len(c.CP)], c.CP) }
	var starting []int32 // elements starting with orig[j], longest first
	starting = append(starting, l.seqs[orig[j]]...)
	if ci, ok := l.single[orig[j]]; ok {
		starting = append(starting, ci)
	}
	ctxLabel := func(cp []rune, n int) []rune {
		s := make([]rune, 0, len(prefix)+len(cp)+len(orig)-j-n)
		return append(append(append(s, prefix...), cp...), orig[j+n:]...)
	}
	var cands []int32
	for _, ci := range starting {
		c := &l.chars[ci]
		if len(c.Variants) == 0 || !isPrefix(c) {
			continue
		}
		ok, err := l.ctxOK(c.ctx, ctxLabel(c.CP, len(c.CP)), c.CP, len(prefix))
		if err != nil {
			return nil, err
		}
		if ok {
			cands = append(cands, ci)
		}
	}
	if len(cands) == 0 {
		// No element with variants here: keep the longest element.
		for _, ci := range starting {
			if isPrefix(&l.chars[ci]) {
				cands = append(cands, ci)
				break
			}
		}
	}
	for _, ci := range cands {
		if n := len(l.chars[ci].CP); n > 1 {
			for _, cj := range starting {
				if c := &l.chars[cj]; len(c.CP) < n && isPrefix(c) {
					cands = append(cands, cj)
				}
			}
		}
	}
	var opts []varOption
	for _, ci := range cands {
		c := &l.chars[ci]
		first := len(opts)
		reflexive := false
		for vi := range c.Variants {
			v := &c.Variants[vi]
			ok, err := l.ctxOK(v.ctx, ctxLabel(v.CP, len(c.CP)), v.CP, len(prefix))
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			reflexive = reflexive || runesEqual(v.CP, c.CP)
			opts = append(opts, varOption{cp: v.CP, n: len(c.CP), typ: v.Type, variant: true})
		}
		if !reflexive {
			opts = append(opts, varOption{})
			copy(opts[first+1:], opts[first:])
			opts[first] = varOption{cp: c.CP, n: len(c.CP)}
		}
		if len(opts) > maxVarOptions {
			return nil, &Error{Kind: ErrLimitExceeded, Rule: "MaxVariantWalkSteps", Rune: orig[j], Pos: j,
				Err: fmt.Errorf("more than %d variant options at one position", maxVarOptions)}
		}
	}
	return opts, nil
}
