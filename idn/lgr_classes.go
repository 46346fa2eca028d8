package idn

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Character classes of RFC 7940 §6.2 are sets of code points. They are kept
// as sorted, non-overlapping, non-adjacent ranges, so the set operators of
// §6.2.5 (union, intersection, difference, symmetric-difference, complement)
// are linear merges and membership is a binary search.

type cpRange struct{ lo, hi rune }

type cpSet struct{ r []cpRange }

const maxCodePoint = 0x10FFFF

func newCPSet(rs []cpRange) *cpSet {
	sort.Slice(rs, func(i, j int) bool { return rs[i].lo < rs[j].lo })
	out := rs[:0:0]
	for _, x := range rs {
		if n := len(out); n > 0 && x.lo <= out[n-1].hi+1 {
			if x.hi > out[n-1].hi {
				out[n-1].hi = x.hi
			}
			continue
		}
		out = append(out, x)
	}
	return &cpSet{r: out}
}

func (s *cpSet) contains(r rune) bool {
	rs := s.r
	if len(rs) <= 8 {
		for _, x := range rs {
			if r < x.lo {
				return false
			}
			if r <= x.hi {
				return true
			}
		}
		return false
	}
	i := sort.Search(len(rs), func(i int) bool { return rs[i].hi >= r })
	return i < len(rs) && rs[i].lo <= r
}

func (s *cpSet) complement() *cpSet {
	var out []cpRange
	next := rune(0)
	for _, x := range s.r {
		if x.lo > next {
			out = append(out, cpRange{next, x.lo - 1})
		}
		next = x.hi + 1
	}
	if next <= maxCodePoint {
		out = append(out, cpRange{next, maxCodePoint})
	}
	return &cpSet{r: out}
}

func (s *cpSet) union(t *cpSet) *cpSet {
	rs := make([]cpRange, 0, len(s.r)+len(t.r))
	rs = append(rs, s.r...)
	rs = append(rs, t.r...)
	return newCPSet(rs)
}

func (s *cpSet) intersect(t *cpSet) *cpSet {
	var out []cpRange
	i, j := 0, 0
	for i < len(s.r) && j < len(t.r) {
		a, b := s.r[i], t.r[j]
		lo, hi := max(a.lo, b.lo), min(a.hi, b.hi)
		if lo <= hi {
			out = append(out, cpRange{lo, hi})
		}
		if a.hi < b.hi {
			i++
		} else {
			j++
		}
	}
	return &cpSet{r: out}
}

func (s *cpSet) minus(t *cpSet) *cpSet { return s.intersect(t.complement()) }

func (s *cpSet) symDiff(t *cpSet) *cpSet { return s.union(t).minus(s.intersect(t)) }

// String renders the set as RFC 7940 class content ("0061-007A 00E9").
func (s *cpSet) String() string {
	var b strings.Builder
	for i, x := range s.r {
		if i > 0 {
			b.WriteByte(' ')
		}
		if x.lo == x.hi {
			fmt.Fprintf(&b, "%04X", x.lo)
		} else {
			fmt.Fprintf(&b, "%04X-%04X", x.lo, x.hi)
		}
	}
	return b.String()
}

// Unicode properties usable in <class property="..."> (RFC 7940 §6.2.3).
// The values come from the package's pinned, generated Unicode tables
// (tables.go and props.go, Unicode [PropertyVersion], shared with the
// IDNA2008 checks), never from the Go toolchain. An LGR's unicode-version
// (11.0.0 for RZ-LGR-5) may be older; property values that changed between
// that version and PropertyVersion are not compensated for.
//
//	gc:XX  General_Category (two-letter values and one-letter groups)
//	jt:X   Joining_Type (ArabicShaping.txt, with T derived for Mn, Me, Cf)
//	sc:Xxxx Script (ISO 15924 code)
//	bc:XX  Bidi_Class
//
// Any other property makes the LGR unusable here and is reported as an
// error rather than silently matching nothing.

var propCache sync.Map // "gc:Mn" -> *cpSet

func propertySet(spec string) (*cpSet, error) {
	if v, ok := propCache.Load(spec); ok {
		return v.(*cpSet), nil
	}
	name, val, ok := strings.Cut(spec, ":")
	if !ok || val == "" {
		return nil, fmt.Errorf("property %q: want name:value", spec)
	}
	var pred func(v uint32) bool
	switch name {
	case "gc", "General_Category":
		var want []int
		for i, n := range generalCategoryNames {
			if n == val || (len(val) == 1 && n[0] == val[0]) {
				want = append(want, i)
			}
		}
		if len(want) == 0 {
			return nil, fmt.Errorf("property %q: unknown General_Category value", spec)
		}
		pred = func(v uint32) bool {
			g := int(props(v).gc())
			for _, w := range want {
				if g == w {
					return true
				}
			}
			return false
		}
	case "jt", "Joining_Type":
		w := -1
		for i, n := range joiningTypeNames {
			if n == val {
				w = i
			}
		}
		if w < 0 {
			return nil, fmt.Errorf("property %q: unknown Joining_Type value", spec)
		}
		pred = func(v uint32) bool { return int(props(v).joining()) == w }
	case "sc", "Script":
		w := -1
		for i, n := range scriptCodes {
			if n == val {
				w = i
			}
		}
		if w < 0 {
			return nil, fmt.Errorf("property %q: unknown Script value", spec)
		}
		pred = func(v uint32) bool { return int(props(v).script()) == w }
	case "bc", "Bidi_Class":
		w := -1
		for i, n := range bidiClassNames {
			if n == val {
				w = i
			}
		}
		if w < 0 {
			return nil, fmt.Errorf("property %q: unknown Bidi_Class value", spec)
		}
		pred = func(v uint32) bool { return int(props(v).bidi()) == w }
	default:
		return nil, fmt.Errorf("property %q: unsupported property (supported: gc, jt, sc, bc)", spec)
	}
	var rs []cpRange
	for i, start := range propStarts {
		if !pred(propVals[i]) {
			continue
		}
		end := rune(maxCodePoint)
		if i+1 < len(propStarts) {
			end = rune(propStarts[i+1]) - 1
		}
		rs = append(rs, cpRange{rune(start), end})
	}
	s := newCPSet(rs)
	propCache.Store(spec, s)
	return s, nil
}
