package idn

import "errors"

// Whole-label and context rules (RFC 7940 §6.3, §6.4) are compiled into a
// small tree of match operators and run by a backtracking matcher over the
// label's code points. Rules may only reference rules and classes defined
// before them (§6.3.4), so rule trees are acyclic; their depth is bounded by
// the document depth limit and every evaluation is bounded by a step budget
// (MaxLGRMatchSteps), so a hostile LGR cannot make evaluation hang.

type mkind uint8

const (
	mSeq    mkind = iota // children in order (<rule>, look-around bodies)
	mChoice              // <choice>: any one child (§6.3.5)
	mLit                 // <char cp="..."/>: literal code point sequence (§6.3.6)
	mSet                 // <class>, set operators: one code point in the set (§6.2)
	mAny                 // <any/> (§6.3.7)
	mStart               // <start/> (§6.3.2)
	mEnd                 // <end/>
	mAnchor              // <anchor/> (§6.3.8)
	mAhead               // <look-ahead> (§6.3.9)
	mBehind              // <look-behind> (§6.3.9)
)

type mnode struct {
	kind     mkind
	lit      []rune
	set      *cpSet
	kids     []*mnode
	min, max int // count (§6.3.3); max < 0 means unbounded
}

type ruleDef struct {
	name      string
	root      *mnode
	hasAnchor bool
	// anchoredStart: the rule's first match operator is <start/>.
	anchoredStart bool
	text          string // canonical form for diffs
	line          int
}

var errMatchBudget = errors.New("rule evaluation exceeded MaxLGRMatchSteps")

type matcher struct {
	label     []rune
	anchor    []rune
	anchorPos int
	steps     int
	maxSteps  int
	err       error
}

// matchAction reports whether rule r matches somewhere in label (RFC 7940
// §7.1: a rule in an action is searched for anywhere in the label unless it
// contains <start/> or <end/>).
func (l *LGR) matchAction(r *ruleDef, label []rune) (bool, error) {
	ok, _, err := l.matchActionAt(r, label)
	return ok, err
}

// matchActionAt is matchAction that also returns the code point position
// where the first match starts.
func (l *LGR) matchActionAt(r *ruleDef, label []rune) (bool, int, error) {
	m := matcher{label: label, anchorPos: -1, maxSteps: l.maxSteps}
	last := len(label)
	if r.anchoredStart {
		last = 0 // a rule that begins with <start/> can only match at 0
	}
	for s := 0; s <= last; s++ {
		if m.match(r.root, s, acceptAll) {
			return true, s, nil
		}
		if m.err != nil {
			return false, -1, m.err
		}
	}
	return false, -1, m.err
}

// matchContext evaluates rule r as the when/not-when context of the
// element elem found at code point position pos of label (RFC 7940 §6.4):
// the anchor stands for elem at pos. A rule without an anchor is searched
// anywhere in the label.
func (l *LGR) matchContext(r *ruleDef, label []rune, elem []rune, pos int) (bool, error) {
	if !r.hasAnchor {
		return l.matchAction(r, label)
	}
	m := matcher{label: label, anchor: elem, anchorPos: pos, maxSteps: l.maxSteps}
	ok := m.match(r.root, pos, acceptAll)
	if !ok && m.err == nil {
		// Rules with consumed text before the anchor: search from the start.
		for s := 0; s < pos && !ok && m.err == nil; s++ {
			ok = m.match(r.root, s, acceptAll)
		}
	}
	return ok, m.err
}

func acceptAll(int) bool { return true }

func (m *matcher) match(n *mnode, pos int, k func(int) bool) bool {
	if n.min == 1 && n.max == 1 {
		return m.one(n, pos, k)
	}
	return m.rep(n, pos, 0, k)
}

func (m *matcher) rep(n *mnode, pos, count int, k func(int) bool) bool {
	if m.err != nil {
		return false
	}
	if n.max < 0 || count < n.max {
		if m.one(n, pos, func(p int) bool {
			if p == pos {
				return false // an empty iteration cannot make progress
			}
			return m.rep(n, p, count+1, k)
		}) {
			return true
		}
	}
	if count >= n.min {
		return k(pos)
	}
	return false
}

func (m *matcher) seq(kids []*mnode, pos int, k func(int) bool) bool {
	if len(kids) == 0 {
		return k(pos)
	}
	return m.match(kids[0], pos, func(p int) bool { return m.seq(kids[1:], p, k) })
}

func (m *matcher) one(n *mnode, pos int, k func(int) bool) bool {
	m.steps++
	if m.steps > m.maxSteps {
		if m.err == nil {
			m.err = errMatchBudget
		}
		return false
	}
	if m.err != nil {
		return false
	}
	lab := m.label
	switch n.kind {
	case mSeq:
		return m.seq(n.kids, pos, k)
	case mChoice:
		for _, c := range n.kids {
			if m.match(c, pos, k) {
				return true
			}
		}
		return false
	case mLit:
		if pos+len(n.lit) > len(lab) || !runesEqual(lab[pos:pos+len(n.lit)], n.lit) {
			return false
		}
		return k(pos + len(n.lit))
	case mSet:
		if pos >= len(lab) || !n.set.contains(lab[pos]) {
			return false
		}
		return k(pos + 1)
	case mAny:
		if pos >= len(lab) {
			return false
		}
		return k(pos + 1)
	case mStart:
		return pos == 0 && k(pos)
	case mEnd:
		return pos == len(lab) && k(pos)
	case mAnchor:
		if m.anchor == nil || pos != m.anchorPos || pos+len(m.anchor) > len(lab) || !runesEqual(lab[pos:pos+len(m.anchor)], m.anchor) {
			return false
		}
		return k(pos + len(m.anchor))
	case mAhead:
		if !m.seq(n.kids, pos, acceptAll) {
			return false
		}
		return k(pos)
	case mBehind:
		for j := pos; j >= 0; j-- {
			if m.seq(n.kids, j, func(p int) bool { return p == pos }) {
				return k(pos)
			}
			if m.err != nil {
				return false
			}
		}
		return false
	}
	return false
}
