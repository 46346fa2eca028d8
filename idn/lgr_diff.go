package idn

import (
	"fmt"
	"sort"
	"strings"
)

// LGRChange is one difference between two LGRs: Kind says what changed
// (repertoire, variant, class, rule, action or meta), Op how (added,
// removed or changed).
type LGRChange struct {
	Kind   LGRChangeKind `json:"kind"`
	Op     LGRChangeOp   `json:"op"`
	Item   string        `json:"item"`
	Old    string        `json:"old,omitempty"`
	New    string        `json:"new,omitempty"`
	Detail string        `json:"detail,omitempty"`
}

// LGRChangeKind is what an [LGRChange] is about.
type LGRChangeKind string

// The kinds of LGR changes.
const (
	ChangeMeta       LGRChangeKind = "meta"
	ChangeRepertoire LGRChangeKind = "repertoire"
	ChangeVariant    LGRChangeKind = "variant"
	ChangeClass      LGRChangeKind = "class"
	ChangeRule       LGRChangeKind = "rule"
	ChangeAction     LGRChangeKind = "action"
)

// LGRChangeOp is how an [LGRChange] changes its item.
type LGRChangeOp string

// The operations of LGR changes.
const (
	OpAdded   LGRChangeOp = "added"
	OpRemoved LGRChangeOp = "removed"
	OpChanged LGRChangeOp = "changed"
)

// LGRDiff is the result of [DiffLGR]: the changes in order (metadata,
// repertoire and variants by code point, classes, rules, actions) and a
// count per "<kind> <op>".
type LGRDiff struct {
	Old     string         `json:"old"`
	New     string         `json:"new"`
	Summary map[string]int `json:"summary"`
	Changes []LGRChange    `json:"changes"`
}

// DiffLGR reports what changes from LGR a to LGR b (RFC 7940 §4.3 meta,
// §5 repertoire and variants, §6 classes and rules, §7 actions, whose
// order matters): the evidence an RSEP request to change a registry's IDN
// table needs.
//
// Repertoire elements are compared in code point order by merging the two
// repertoires; code points that come from <range> elements and are added
// or removed together are reported as one change per run
// ("U+0000..U+FFFFE, 1048575 code points"), so the report and the work stay
// proportional to the documents, not to the code points their ranges
// span.
func DiffLGR(a, b *LGR) *LGRDiff {
	r := &LGRDiff{Old: a.Name, New: b.Name, Summary: map[string]int{}, Changes: []LGRChange{}}
	add := func(c LGRChange) {
		r.Changes = append(r.Changes, c)
		r.Summary[string(c.Kind)+" "+string(c.Op)]++
	}
	diffMeta(a, b, add)
	diffRepertoire(a, b, add)
	diffNamed(ChangeClass, a, b, a.ClassNames(), b.ClassNames(), (*LGR).ClassText, add)
	diffNamed(ChangeRule, a, b, a.RuleNames(), b.RuleNames(), (*LGR).RuleText, add)
	diffActions(a, b, r, add)
	return r
}

func diffMeta(a, b *LGR, add func(LGRChange)) {
	for _, m := range []struct{ name, o, n string }{
		{"version", a.Meta.Version, b.Meta.Version},
		{"date", a.Meta.Date, b.Meta.Date},
		{"unicode-version", a.Meta.UnicodeVersion, b.Meta.UnicodeVersion},
		{"language", strings.Join(a.Meta.Languages, " "), strings.Join(b.Meta.Languages, " ")},
	} {
		if m.o != m.n {
			add(LGRChange{Kind: ChangeMeta, Op: OpChanged, Item: m.name, Old: m.o, New: m.n})
		}
	}
}

func cpString(cp []rune) string { return fmt.Sprintf("%s (%s)", FormatCP(cp), string(cp)) }

func ctxString(when, notWhen string) string {
	switch {
	case when != "":
		return "when=" + when
	case notWhen != "":
		return "not-when=" + notWhen
	}
	return ""
}

func charDesc(c *LGRChar) string {
	var parts []string
	if s := ctxString(c.When, c.NotWhen); s != "" {
		parts = append(parts, s)
	}
	if len(c.Tags) > 0 {
		t := append([]string(nil), c.Tags...)
		sort.Strings(t)
		parts = append(parts, "tags="+strings.Join(t, " "))
	}
	return strings.Join(parts, " ")
}

// sortedElems returns the indexes of l's repertoire elements in code point
// order (4 bytes per element; no per-element strings).
func sortedElems(l *LGR) []int32 {
	idx := make([]int32, len(l.chars))
	for i := range idx {
		idx[i] = int32(i)
	}
	sort.Slice(idx, func(i, j int) bool { return runesLess(l.chars[idx[i]].CP, l.chars[idx[j]].CP) })
	return idx
}

// elemRun accumulates consecutive range code points added or removed with
// the same description, reported as one change.
type elemRun struct {
	op          LGRChangeOp
	desc        string
	first, last rune
	n           int
}

func diffRepertoire(a, b *LGR, add func(LGRChange)) {
	ai, bi := sortedElems(a), sortedElems(b)
	var run elemRun
	flush := func() {
		if run.n == 0 {
			return
		}
		item := cpString([]rune{run.first})
		if run.n > 1 {
			item = fmt.Sprintf("%04X..%04X (range, %d code points)", run.first, run.last, run.n)
		}
		add(LGRChange{Kind: ChangeRepertoire, Op: run.op, Item: item, Detail: run.desc})
		run = elemRun{}
	}
	// single reports an added or removed element; range code points
	// extend the current run.
	single := func(op LGRChangeOp, c *LGRChar) {
		d := charDesc(c)
		if c.FromRange && len(c.Variants) == 0 {
			if run.n > 0 && run.op == op && run.desc == d && c.CP[0] == run.last+1 {
				run.last = c.CP[0]
				run.n++
				return
			}
			flush()
			run = elemRun{op: op, desc: d, first: c.CP[0], last: c.CP[0], n: 1}
			return
		}
		flush()
		add(LGRChange{Kind: ChangeRepertoire, Op: op, Item: cpString(c.CP), Detail: d})
		for _, v := range c.Variants {
			vc := LGRChange{Kind: ChangeVariant, Op: op, Item: cpString(c.CP) + " -> " + cpString(v.CP), Detail: ctxString(v.When, v.NotWhen)}
			if op == OpAdded {
				vc.New = v.Type
			} else {
				vc.Old = v.Type
			}
			add(vc)
		}
	}
	i, j := 0, 0
	for i < len(ai) || j < len(bi) {
		switch {
		case j == len(bi) || i < len(ai) && runesLess(a.chars[ai[i]].CP, b.chars[bi[j]].CP):
			single(OpRemoved, &a.chars[ai[i]])
			i++
		case i == len(ai) || runesLess(b.chars[bi[j]].CP, a.chars[ai[i]].CP):
			single(OpAdded, &b.chars[bi[j]])
			j++
		default:
			flush()
			diffElement(&a.chars[ai[i]], &b.chars[bi[j]], add)
			i++
			j++
		}
	}
	flush()
}

// diffElement compares one element present in both LGRs.
func diffElement(oc, nc *LGRChar, add func(LGRChange)) {
	if d1, d2 := charDesc(oc), charDesc(nc); d1 != d2 {
		add(LGRChange{Kind: ChangeRepertoire, Op: OpChanged, Item: cpString(nc.CP), Old: d1, New: d2})
	}
	if len(oc.Variants) == 0 && len(nc.Variants) == 0 {
		return
	}
	type vkey struct{ to, when, notWhen string }
	ov := map[vkey]*LGRVariant{}
	for k := range oc.Variants {
		v := &oc.Variants[k]
		ov[vkey{FormatCP(v.CP), v.When, v.NotWhen}] = v
	}
	seen := map[vkey]bool{}
	for k := range nc.Variants {
		v := &nc.Variants[k]
		key := vkey{FormatCP(v.CP), v.When, v.NotWhen}
		seen[key] = true
		item := cpString(nc.CP) + " -> " + cpString(v.CP)
		if o, ok := ov[key]; !ok {
			add(LGRChange{Kind: ChangeVariant, Op: OpAdded, Item: item, New: v.Type, Detail: ctxString(v.When, v.NotWhen)})
		} else if o.Type != v.Type {
			add(LGRChange{Kind: ChangeVariant, Op: OpChanged, Item: item, Old: o.Type, New: v.Type, Detail: ctxString(v.When, v.NotWhen)})
		}
	}
	for k := range oc.Variants {
		v := &oc.Variants[k]
		if !seen[vkey{FormatCP(v.CP), v.When, v.NotWhen}] {
			add(LGRChange{Kind: ChangeVariant, Op: OpRemoved, Item: cpString(oc.CP) + " -> " + cpString(v.CP), Old: v.Type, Detail: ctxString(v.When, v.NotWhen)})
		}
	}
}

// diffNamed compares classes or rules by their canonical text.
func diffNamed(kind LGRChangeKind, a, b *LGR, oldNames, newNames []string, text func(*LGR, string) (string, bool), add func(LGRChange)) {
	for _, n := range oldNames {
		if _, ok := text(b, n); !ok {
			t, _ := text(a, n)
			add(LGRChange{Kind: kind, Op: OpRemoved, Item: n, Old: t})
		}
	}
	for _, n := range newNames {
		nt, _ := text(b, n)
		ot, ok := text(a, n)
		switch {
		case !ok:
			add(LGRChange{Kind: kind, Op: OpAdded, Item: n, New: nt})
		case ot != nt:
			add(LGRChange{Kind: kind, Op: OpChanged, Item: n, Old: ot, New: nt})
		}
	}
}

func actionDesc(a LGRAction) string {
	s := "disp=" + string(a.Disp)
	if a.Match != "" {
		s += " match=" + a.Match
	}
	if a.NotMatch != "" {
		s += " not-match=" + a.NotMatch
	}
	if a.AnyVariant != nil {
		s += " any-variant=" + strings.Join(a.AnyVariant, " ")
	}
	if a.AllVariants != nil {
		s += " all-variants=" + strings.Join(a.AllVariants, " ")
	}
	if a.OnlyVariants != nil {
		s += " only-variants=" + strings.Join(a.OnlyVariants, " ")
	}
	return s
}

// diffActions compares the action sequences (RFC 7940 §7.4: order
// matters, the first action that triggers wins).
func diffActions(a, b *LGR, r *LGRDiff, add func(LGRChange)) {
	oa, na := a.actions, b.actions
	olds := make([]string, len(oa))
	news := make([]string, len(na))
	for i, x := range oa {
		olds[i] = actionDesc(x)
	}
	for i, x := range na {
		news[i] = actionDesc(x)
	}
	if strings.Join(olds, "\n") == strings.Join(news, "\n") {
		return
	}
	count := func(xs []string) map[string]int {
		m := map[string]int{}
		for _, x := range xs {
			m[x]++
		}
		return m
	}
	oc, nc := count(olds), count(news)
	for i, x := range olds {
		if nc[x] == 0 {
			add(LGRChange{Kind: ChangeAction, Op: OpRemoved, Item: fmt.Sprintf("#%d", i+1), Old: x})
		} else {
			nc[x]--
		}
	}
	for i, x := range news {
		if oc[x] == 0 {
			add(LGRChange{Kind: ChangeAction, Op: OpAdded, Item: fmt.Sprintf("#%d", i+1), New: x})
		} else {
			oc[x]--
		}
	}
	if r.Summary["action added"]+r.Summary["action removed"] == 0 {
		add(LGRChange{Kind: ChangeAction, Op: OpChanged, Item: "order", Detail: "same actions in a different order (RFC 7940 §7.4: first match wins)"})
	}
}
