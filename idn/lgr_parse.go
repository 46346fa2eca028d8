package idn

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// LGRNamespace is the XML namespace of RFC 7940 documents (RFC 7940 §4.1).
const LGRNamespace = "urn:ietf:params:xml:ns:lgr-1.0"

// LGRConfig sets limits for [ParseLGR]. The zero value uses the package
// defaults MaxLGRBytes, MaxLGRDepth, MaxLGRElements and MaxLGRMatchSteps.
type LGRConfig struct {
	Name        string // document name used in error messages
	MaxBytes    int
	MaxDepth    int
	MaxElements int
	MaxSteps    int // rule matcher steps per rule evaluation
}

func (c *LGRConfig) limits() (bytes, depth, elems, steps int) {
	bytes, depth, elems, steps = MaxLGRBytes, MaxLGRDepth, MaxLGRElements, MaxLGRMatchSteps
	if c == nil {
		return
	}
	if c.MaxBytes > 0 {
		bytes = c.MaxBytes
	}
	if c.MaxDepth > 0 {
		depth = c.MaxDepth
	}
	if c.MaxElements > 0 {
		elems = c.MaxElements
	}
	if c.MaxSteps > 0 {
		steps = c.MaxSteps
	}
	return
}

// ParseLGR reads and checks an RFC 7940 LGR document. It reports every
// problem found (joined), each an [*Error] with the document line in Pos
// and the RFC 7940 section in Rule; on error no LGR is returned.
// Variant symmetry and transitivity are checked separately by
// [LGR.Validate].
func ParseLGR(r io.Reader, cfg *LGRConfig) (*LGR, error) {
	maxBytes, _, _, _ := cfg.limits()
	name := "lgr"
	if cfg != nil && cfg.Name != "" {
		name = cfg.Name
	}
	data, err := readString(io.LimitReader(r, int64(maxBytes)+1))
	if err != nil {
		return nil, &Error{Kind: ErrMalformed, Rule: "RFC7940-4", Label: name, Rune: -1, Pos: -1, Err: err}
	}
	return parseLGRData(data, cfg)
}

// readString reads r to the end into chunks of growing size, then copies
// them once into a string of the exact length (a growing buffer would copy
// a large document several times, and string([]byte) once more).
func readString(r io.Reader) (string, error) {
	var chunks [][]byte
	size, total := 64<<10, 0
	for {
		buf := make([]byte, size)
		n, err := io.ReadFull(r, buf)
		chunks = append(chunks, buf[:n])
		total += n
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return "", err
		}
		size = min(2*size, 4<<20)
	}
	var b strings.Builder
	b.Grow(total)
	for _, c := range chunks {
		b.Write(c)
	}
	return b.String(), nil
}

// parseLGRData is ParseLGR on a document already in memory.
func parseLGRData(data string, cfg *LGRConfig) (*LGR, error) {
	maxBytes, maxDepth, maxElems, maxSteps := cfg.limits()
	name := "lgr"
	if cfg != nil && cfg.Name != "" {
		name = cfg.Name
	}
	if len(data) > maxBytes {
		return nil, lgrErr(ErrLimitExceeded, "MaxLGRBytes", name, -1, "document larger than %d bytes", maxBytes)
	}
	root, err := parseXMLTree(data, name, maxDepth, maxElems)
	if err != nil {
		return nil, err
	}
	p := &lgrParser{doc: name, maxElems: maxElems, l: &LGR{
		Name:     name,
		single:   make(map[rune]int32),
		seqs:     make(map[rune][]int32),
		classes:  make(map[string]*cpSet),
		rules:    make(map[string]*ruleDef),
		maxSteps: maxSteps,
	}}
	p.interpret(root)
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return p.l, nil
}

type lgrParser struct {
	doc      string
	l        *LGR
	errs     []error
	maxElems int
	nelems   int
	refs     map[string]bool
	tags     map[string][]rune // tag -> single code points (§5.5)
	pendCtx  []pendingRef
	fields   map[string][]string // shared results of strings.Fields for repeated attribute values
	refsOK   map[string]bool     // ref attribute values found valid against refs
	runes    []rune              // backing array for parsed code point lists
	vars     []LGRVariant        // backing array for the variants of <char> elements
}

// cps parses a code point list into the parser's rune arena, so a
// document's thousands of short lists share a few allocations.
func (p *lgrParser) cps(s string) ([]rune, error) {
	if cap(p.runes)-len(p.runes) < 16 {
		p.runes = make([]rune, 0, 4096)
	}
	n := len(p.runes)
	out, err := appendCPs(p.runes[n:n], s)
	if err != nil {
		return nil, err
	}
	if cap(out) == cap(p.runes)-n { // still in the arena
		p.runes = p.runes[:n+len(out)]
	}
	return out[:len(out):len(out)], nil
}

// fieldsOf splits an attribute value; equal values share one slice, which
// callers must not modify.
func (p *lgrParser) fieldsOf(v string) []string {
	if f, ok := p.fields[v]; ok {
		return f
	}
	if p.fields == nil {
		p.fields = map[string][]string{}
	}
	f := strings.Fields(v)
	if len(f) == 0 {
		f = nil
	}
	p.fields[v] = f
	return f
}

type pendingRef struct {
	name, what string
	line       int
}

func (p *lgrParser) errf(kind error, rule string, line int, format string, args ...any) {
	if len(p.errs) < 1000 {
		p.errs = append(p.errs, lgrErr(kind, rule, p.doc, line, format, args...))
	}
}

func (p *lgrParser) interpret(root *xnode) {
	if root.name != "lgr" {
		p.errf(ErrMalformed, "RFC7940-4.2", root.line, "root element is <%s>, want <lgr>", root.name)
		return
	}
	if ns, _ := root.attr("xmlns"); ns != LGRNamespace {
		p.errf(ErrMalformed, "RFC7940-4.1", root.line, "namespace %q, want %q", ns, LGRNamespace)
	}
	p.refs = map[string]bool{}
	p.tags = map[string][]rune{}
	var data, rules *xnode
	for _, k := range root.kids {
		switch k.name {
		case "meta":
			p.meta(k)
		case "data":
			if data != nil {
				p.errf(ErrMalformed, "RFC7940-4.2", k.line, "more than one <data> element")
			}
			data = k
		case "rules":
			if rules != nil {
				p.errf(ErrMalformed, "RFC7940-4.2", k.line, "more than one <rules> element")
			}
			rules = k
		default:
			p.errf(ErrMalformed, "RFC7940-4.2", k.line, "unexpected element <%s> in <lgr>", k.name)
		}
	}
	if data == nil {
		p.errf(ErrMalformed, "RFC7940-4.2", root.line, "missing <data> element")
		return
	}
	p.data(data)
	if rules != nil {
		p.rules(rules)
	}
	// Context rules named by when/not-when must exist (RFC 7940 §5.2).
	for _, pr := range p.pendCtx {
		if _, ok := p.l.rules[pr.name]; !ok {
			p.errf(ErrLGRInvalid, "RFC7940-5.2", pr.line, "%s names undefined rule %q", pr.what, pr.name)
		}
	}
	// Resolve context rule names once.
	res := func(name string) *ruleDef {
		if name == "" {
			return nil
		}
		return p.l.rules[name]
	}
	for i := range p.l.chars {
		c := &p.l.chars[i]
		c.ctx = ctxRef{res(c.When), res(c.NotWhen)}
		for j := range c.Variants {
			v := &c.Variants[j]
			v.ctx = ctxRef{res(v.When), res(v.NotWhen)}
		}
	}
	types := map[string]bool{}
	for _, c := range p.l.chars {
		for _, v := range c.Variants {
			if v.Type != "" {
				types[v.Type] = true
			}
		}
	}
	for t := range types {
		p.l.varTypes = append(p.l.varTypes, t)
	}
	sort.Strings(p.l.varTypes)
	for i := range defaultActions {
		p.addAction(defaultActions[i])
	}
	for i := range p.l.acts {
		p.l.acts[i].why, p.l.acts[i].rule = p.l.actionWhy(i)
	}
}

func (p *lgrParser) meta(n *xnode) {
	m := &p.l.Meta
	for _, k := range n.kids {
		text := strings.TrimSpace(k.text)
		switch k.name {
		case "version":
			m.Version, m.VersionComment = text, k.get("comment")
		case "date":
			m.Date = text
		case "language":
			m.Languages = append(m.Languages, text)
		case "scope":
			m.Scopes = append(m.Scopes, LGRScope{Type: k.get("type"), Value: text})
		case "description":
			m.Description, m.DescriptionType = k.text, k.get("type")
		case "validity-start":
			m.ValidityStart = text
		case "validity-end":
			m.ValidityEnd = text
		case "unicode-version":
			m.UnicodeVersion = text
			if !validUnicodeVersion(text) {
				p.errf(ErrLGRInvalid, "RFC7940-4.3.7", k.line, "unicode-version %q is not of the form x.y.z", text)
			}
		case "references":
			for _, r := range k.kids {
				if r.name != "reference" {
					p.errf(ErrMalformed, "RFC7940-4.3.8", r.line, "unexpected <%s> in <references>", r.name)
					continue
				}
				id, ok := r.attr("id")
				if !ok || id == "" {
					p.errf(ErrLGRInvalid, "RFC7940-4.3.8", r.line, "reference without id")
					continue
				}
				if p.refs[id] {
					p.errf(ErrLGRInvalid, "RFC7940-4.3.8", r.line, "duplicate reference id %q", id)
				}
				p.refs[id] = true
				clear(p.refsOK) // checked against fewer references
				m.References = append(m.References, LGRReference{ID: id, Text: strings.TrimSpace(r.text), Comment: r.get("comment")})
			}
		default:
			p.errf(ErrMalformed, "RFC7940-4.3", k.line, "unexpected element <%s> in <meta>", k.name)
		}
	}
}

func validUnicodeVersion(s string) bool {
	f := strings.Split(s, ".")
	if len(f) != 3 {
		return false
	}
	for _, x := range f {
		if _, err := strconv.Atoi(x); err != nil {
			return false
		}
	}
	return true
}

func (p *lgrParser) refList(n *xnode) []string {
	v, ok := n.attr("ref")
	if !ok {
		return nil
	}
	ids := p.fieldsOf(v)
	if p.refsOK[v] {
		return ids
	}
	ok = true
	for i, id := range ids {
		for _, o := range ids[:i] {
			if o == id {
				p.errf(ErrLGRInvalid, "RFC7940-4.3.8", n.line, "reference %q repeated in ref attribute", id)
				ok = false
			}
		}
		if !p.refs[id] {
			p.errf(ErrLGRInvalid, "RFC7940-4.3.8", n.line, "ref %q does not name a reference in <meta>", id)
			ok = false
		}
	}
	if ok {
		if p.refsOK == nil {
			p.refsOK = map[string]bool{}
		}
		p.refsOK[v] = true
	}
	return ids
}

func (p *lgrParser) context(n *xnode, whatf func() string) (when, notWhen string) {
	when, hw := n.attr("when")
	notWhen, hn := n.attr("not-when")
	if !hw && !hn {
		return
	}
	what := whatf()
	if hw && hn {
		p.errf(ErrLGRInvalid, "RFC7940-5.2", n.line, "%s has both when and not-when", what)
	}
	if hw {
		p.pendCtx = append(p.pendCtx, pendingRef{when, what + " when", n.line})
	}
	if hn {
		p.pendCtx = append(p.pendCtx, pendingRef{notWhen, what + " not-when", n.line})
	}
	return
}

func (p *lgrParser) addChar(c LGRChar) {
	l := p.l
	if len(c.CP) == 1 {
		if _, dup := l.single[c.CP[0]]; dup {
			p.errf(ErrLGRInvalid, "RFC7940-5.1", c.Line, "code point %s listed more than once", FormatCP(c.CP))
			return
		}
	} else if l.find(c.CP) >= 0 {
		p.errf(ErrLGRInvalid, "RFC7940-5.1", c.Line, "code point %s listed more than once", FormatCP(c.CP))
		return
	}
	p.nelems += 1 + len(c.Variants)
	if p.nelems > p.maxElems {
		if p.nelems-1-len(c.Variants) <= p.maxElems {
			p.errf(ErrLimitExceeded, "MaxLGRElements", c.Line, "more than %d repertoire elements and variants", p.maxElems)
		}
		return
	}
	idx := int32(len(l.chars))
	l.chars = append(l.chars, c)
	if len(c.CP) == 1 {
		l.single[c.CP[0]] = idx
	} else {
		l.seqs[c.CP[0]] = append(l.seqs[c.CP[0]], idx)
		if len(c.CP) > l.maxSeq {
			l.maxSeq = len(c.CP)
		}
	}
	if len(c.CP) == 1 {
		for _, t := range c.Tags {
			p.tags[t] = append(p.tags[t], c.CP[0])
		}
	}
}

func (p *lgrParser) tagList(n *xnode, seq bool) []string {
	v, ok := n.attr("tag")
	if !ok {
		return nil
	}
	tags := p.fieldsOf(v)
	if seq && len(tags) > 0 {
		p.errf(ErrLGRInvalid, "RFC7940-5.5", n.line, "tag attribute on a code point sequence")
	}
	for i, t := range tags {
		for _, o := range tags[:i] {
			if o == t {
				p.errf(ErrLGRInvalid, "RFC7940-5.5", n.line, "tag %q repeated", t)
			}
		}
	}
	return tags
}

func (p *lgrParser) data(n *xnode) {
	defer func() {
		for _, s := range p.l.seqs {
			sort.SliceStable(s, func(i, j int) bool { return len(p.l.chars[s[i]].CP) > len(p.l.chars[s[j]].CP) })
		}
	}()
	est, nvars := 0, 0
	for _, k := range n.kids {
		if k.name == "char" {
			nvars += len(k.kids)
		}
		if k.name == "range" {
			a, err1 := parseCP(strings.TrimSpace(k.get("first-cp")))
			b, err2 := parseCP(strings.TrimSpace(k.get("last-cp")))
			if err1 == nil && err2 == nil && b >= a && int(b-a) < p.maxElems {
				est += int(b-a) + 1
			}
		} else {
			est++
		}
	}
	if est > p.maxElems {
		est = p.maxElems
	}
	p.l.chars = make([]LGRChar, 0, est)
	p.l.single = make(map[rune]int32, est)
	p.vars = make([]LGRVariant, 0, min(nvars, p.maxElems))
	for _, k := range n.kids {
		switch k.name {
		case "char":
			cp, err := p.cps(k.get("cp"))
			if err != nil {
				p.errf(ErrMalformed, "RFC7940-5.1", k.line, "char cp: %v", err)
				continue
			}
			c := LGRChar{CP: cp, Refs: p.refList(k), Comment: k.get("comment"), Line: k.line, Tags: p.tagList(k, len(cp) > 1)}
			c.When, c.NotWhen = p.context(k, func() string { return "char " + FormatCP(cp) })
			if nv := len(k.kids); nv > 0 && cap(p.vars)-len(p.vars) >= nv {
				c.Variants = p.vars[len(p.vars) : len(p.vars) : len(p.vars)+nv]
				p.vars = p.vars[:len(p.vars)+nv]
			} else if nv > 0 {
				c.Variants = make([]LGRVariant, 0, nv)
			}
			for _, v := range k.kids {
				if v.name != "var" {
					p.errf(ErrMalformed, "RFC7940-5.3", v.line, "unexpected <%s> in <char>", v.name)
					continue
				}
				vcp, err := p.cps(v.get("cp"))
				if err != nil {
					p.errf(ErrMalformed, "RFC7940-5.3", v.line, "var cp: %v", err)
					continue
				}
				vv := LGRVariant{CP: vcp, Type: v.get("type"), Refs: p.refList(v), Comment: v.get("comment"), Line: v.line}
				vv.When, vv.NotWhen = p.context(v, func() string { return "variant " + FormatCP(vcp) + " of " + FormatCP(cp) })
				if strings.HasPrefix(vv.Type, "_") || strings.ContainsAny(vv.Type, " \t\n") {
					p.errf(ErrLGRInvalid, "RFC7940-5.3.2", v.line, "variant type %q starts with '_' or contains white space", vv.Type)
				}
				for _, o := range c.Variants {
					if runesEqual(o.CP, vcp) && o.When == vv.When && o.NotWhen == vv.NotWhen {
						p.errf(ErrLGRInvalid, "RFC7940-5.3", v.line, "variant %s of %s listed twice with the same context", FormatCP(vcp), FormatCP(cp))
					}
				}
				c.Variants = append(c.Variants, vv)
			}
			p.addChar(c)
		case "range":
			first, err1 := parseCP(strings.TrimSpace(k.get("first-cp")))
			last, err2 := parseCP(strings.TrimSpace(k.get("last-cp")))
			if err := errors.Join(err1, err2); err != nil {
				p.errf(ErrMalformed, "RFC7940-5.1", k.line, "range: %v", err)
				continue
			}
			if first > last {
				p.errf(ErrLGRInvalid, "RFC7940-5.1", k.line, "range first-cp %04X after last-cp %04X", first, last)
				continue
			}
			if len(k.kids) > 0 {
				p.errf(ErrLGRInvalid, "RFC7940-5.1", k.line, "range elements cannot have variants")
			}
			if int(last-first) > p.maxElems {
				p.errf(ErrLimitExceeded, "MaxLGRElements", k.line, "range of %d code points", last-first+1)
				continue
			}
			refs, tags, comment := p.refList(k), p.tagList(k, false), k.get("comment")
			when, notWhen := p.context(k, func() string { return fmt.Sprintf("range %04X-%04X", first, last) })
			// One backing array for the range's code points instead of one
			// allocation each.
			cps := make([]rune, int(last-first)+1)
			for r := first; r <= last; r++ {
				if r >= 0xD800 && r <= 0xDFFF {
					continue
				}
				i := int(r - first)
				cps[i] = r
				p.addChar(LGRChar{CP: cps[i : i+1 : i+1], When: when, NotWhen: notWhen, Refs: refs, Tags: tags, Comment: comment, Line: k.line, FromRange: true})
			}
		default:
			p.errf(ErrMalformed, "RFC7940-5", k.line, "unexpected element <%s> in <data>", k.name)
		}
	}
}

var setOps = map[string]bool{"class": true, "union": true, "complement": true, "intersection": true, "difference": true, "symmetric-difference": true}

func (p *lgrParser) rules(n *xnode) {
	for _, k := range n.kids {
		switch {
		case setOps[k.name]:
			name, ok := k.attr("name")
			if !ok || name == "" {
				p.errf(ErrLGRInvalid, "RFC7940-6.2.1", k.line, "<%s> directly in <rules> must be named", k.name)
				continue
			}
			if _, dup := p.l.classes[name]; dup {
				p.errf(ErrLGRInvalid, "RFC7940-6.2.1", k.line, "class %q defined twice", name)
				continue
			}
			s := p.class(k, true, 0)
			if s != nil {
				p.l.classes[name] = s
				p.l.classOrd = append(p.l.classOrd, name)
			}
		case k.name == "rule":
			name, ok := k.attr("name")
			if !ok || name == "" {
				p.errf(ErrLGRInvalid, "RFC7940-6.3.4", k.line, "<rule> directly in <rules> must be named")
				continue
			}
			if _, dup := p.l.rules[name]; dup {
				p.errf(ErrLGRInvalid, "RFC7940-6.3.4", k.line, "rule %q defined twice", name)
				continue
			}
			if _, has := k.attr("by-ref"); has {
				p.errf(ErrLGRInvalid, "RFC7940-6.3.4", k.line, "named rule %q cannot have by-ref", name)
				continue
			}
			var text strings.Builder
			root, anchors := p.matchers(k.kids, 0, &text)
			root.min, root.max = 1, 1
			if anchors > 1 {
				p.errf(ErrLGRInvalid, "RFC7940-6.3.8", k.line, "rule %q has more than one anchor", name)
			}
			rd := &ruleDef{name: name, root: root, hasAnchor: anchors > 0, text: text.String(), line: k.line}
			rd.anchoredStart = len(root.kids) > 0 && root.kids[0].kind == mStart
			p.l.rules[name] = rd
			p.l.ruleOrd = append(p.l.ruleOrd, name)
		case k.name == "action":
			a := LGRAction{Disp: Disposition(k.get("disp")), Comment: k.get("comment"), Refs: p.refList(k), Line: k.line}
			if a.Disp == "" {
				p.errf(ErrLGRInvalid, "RFC7940-7", k.line, "action without disp")
				continue
			}
			a.Match, a.NotMatch = k.get("match"), k.get("not-match")
			if a.Match != "" && a.NotMatch != "" {
				p.errf(ErrLGRInvalid, "RFC7940-7.1", k.line, "action has both match and not-match")
			}
			a.AnyVariant = fieldsOrNil(k.get("any-variant"))
			a.AllVariants = fieldsOrNil(k.get("all-variants"))
			a.OnlyVariants = fieldsOrNil(k.get("only-variants"))
			nv := 0
			for _, x := range [][]string{a.AnyVariant, a.AllVariants, a.OnlyVariants} {
				if len(x) > 0 {
					nv++
				}
			}
			if nv > 1 {
				p.errf(ErrLGRInvalid, "RFC7940-7.2", k.line, "action has more than one of any-variant, all-variants, only-variants")
			}
			p.l.actions = append(p.l.actions, a)
			p.addAction(a)
		default:
			p.errf(ErrMalformed, "RFC7940-6", k.line, "unexpected element <%s> in <rules>", k.name)
		}
	}
}

func (p *lgrParser) addAction(a LGRAction) {
	ca := compiledAction{LGRAction: a}
	for _, x := range []struct {
		name string
		dst  **ruleDef
	}{{a.Match, &ca.match}, {a.NotMatch, &ca.notMatch}} {
		if x.name == "" {
			continue
		}
		r, ok := p.l.rules[x.name]
		if !ok {
			p.errf(ErrLGRInvalid, "RFC7940-7.1", a.Line, "action names undefined rule %q", x.name)
			continue
		}
		*x.dst = r
	}
	set := func(xs []string) map[string]bool {
		if len(xs) == 0 {
			return nil
		}
		m := make(map[string]bool, len(xs))
		for _, x := range xs {
			m[x] = true
		}
		return m
	}
	ca.any, ca.all, ca.only = set(a.AnyVariant), set(a.AllVariants), set(a.OnlyVariants)
	p.l.acts = append(p.l.acts, ca)
}

// class builds the code point set of a class or set operator element
// (RFC 7940 §6.2).
func (p *lgrParser) class(n *xnode, top bool, depth int) *cpSet {
	if depth > MaxLGRDepth {
		p.errf(ErrLimitExceeded, "MaxLGRDepth", n.line, "classes nested too deeply")
		return nil
	}
	if !top {
		if _, named := n.attr("name"); named {
			p.errf(ErrLGRInvalid, "RFC7940-6.2.1", n.line, "nested <%s> must not be named", n.name)
		}
	}
	if ref, ok := n.attr("by-ref"); ok {
		if top || len(n.kids) > 0 || len(strings.TrimSpace(n.text)) > 0 {
			p.errf(ErrLGRInvalid, "RFC7940-6.2.1", n.line, "by-ref class with a name or content")
		}
		s, ok := p.l.classes[ref]
		if !ok {
			p.errf(ErrLGRInvalid, "RFC7940-6.2.1", n.line, "class %q referenced before its definition", ref)
			return nil
		}
		return s
	}
	switch n.name {
	case "class":
		if tag, ok := n.attr("from-tag"); ok {
			rs := make([]cpRange, 0, len(p.tags[tag]))
			for _, r := range p.tags[tag] {
				rs = append(rs, cpRange{r, r})
			}
			return newCPSet(rs)
		}
		if prop, ok := n.attr("property"); ok {
			s, err := propertySet(prop)
			if err != nil {
				p.errf(ErrLGRInvalid, "RFC7940-6.2.3", n.line, "%v", err)
				return nil
			}
			return s
		}
		var rs []cpRange
		for _, f := range strings.Fields(n.text) {
			lo, hi, isRange := strings.Cut(f, "-")
			a, err := parseCP(lo)
			b := a
			if err == nil && isRange {
				b, err = parseCP(hi)
			}
			if err != nil || b < a {
				p.errf(ErrMalformed, "RFC7940-6.2.4", n.line, "class content %q: not a code point or range", f)
				continue
			}
			rs = append(rs, cpRange{a, b})
		}
		return newCPSet(rs)
	case "complement":
		if len(n.kids) != 1 {
			p.errf(ErrLGRInvalid, "RFC7940-6.2.5", n.line, "complement needs exactly one operand")
			return nil
		}
		s := p.class(n.kids[0], false, depth+1)
		if s == nil {
			return nil
		}
		return s.complement()
	default: // union, intersection, difference, symmetric-difference
		var ops []*cpSet
		for _, k := range n.kids {
			if !setOps[k.name] {
				p.errf(ErrLGRInvalid, "RFC7940-6.2.5", k.line, "<%s> is not a class operand", k.name)
				return nil
			}
			s := p.class(k, false, depth+1)
			if s == nil {
				return nil
			}
			ops = append(ops, s)
		}
		if len(ops) < 2 || (n.name != "union" && n.name != "intersection" && len(ops) != 2) {
			p.errf(ErrLGRInvalid, "RFC7940-6.2.5", n.line, "<%s> has %d operands", n.name, len(ops))
			return nil
		}
		s := ops[0]
		for _, t := range ops[1:] {
			switch n.name {
			case "union":
				s = s.union(t)
			case "intersection":
				s = s.intersect(t)
			case "difference":
				s = s.minus(t)
			case "symmetric-difference":
				s = s.symDiff(t)
			}
		}
		return s
	}
}

// parseCount parses the count attribute (RFC 7940 §6.3.3): "n", "n+" or
// "n:m".
func parseCount(s string) (lo, hi int, err error) {
	if s == "" {
		return 1, 1, nil
	}
	bad := fmt.Errorf("count %q: want n, n+ or n:m", s)
	if a, ok := strings.CutSuffix(s, "+"); ok {
		n, e := strconv.Atoi(a)
		if e != nil || n < 0 || n > 1000 {
			return 0, 0, bad
		}
		return n, -1, nil
	}
	if a, b, ok := strings.Cut(s, ":"); ok {
		n, e1 := strconv.Atoi(a)
		m, e2 := strconv.Atoi(b)
		if e1 != nil || e2 != nil || n < 0 || m < n || m > 1000 {
			return 0, 0, bad
		}
		return n, m, nil
	}
	n, e := strconv.Atoi(s)
	if e != nil || n < 0 || n > 1000 {
		return 0, 0, bad
	}
	return n, n, nil
}

// matchers compiles the children of a rule or look-around element into a
// sequence node; it returns the number of anchors found.
func (p *lgrParser) matchers(kids []*xnode, depth int, text *strings.Builder) (*mnode, int) {
	p.checkShape(kids)
	seq := &mnode{kind: mSeq, min: 1, max: 1}
	anchors := 0
	for i, k := range kids {
		if i > 0 {
			text.WriteByte(' ')
		}
		m, a := p.matcher(k, depth+1, text)
		anchors += a
		if m != nil {
			seq.kids = append(seq.kids, m)
		}
	}
	return seq, anchors
}

func (p *lgrParser) matcher(k *xnode, depth int, text *strings.Builder) (*mnode, int) {
	if depth > MaxLGRDepth {
		p.errf(ErrLimitExceeded, "MaxLGRDepth", k.line, "rules nested too deeply")
		return nil, 0
	}
	cnt := k.get("count")
	lo, hi, err := parseCount(cnt)
	if err != nil {
		p.errf(ErrLGRInvalid, "RFC7940-6.3.3", k.line, "%v", err)
		lo, hi = 1, 1
	}
	noCount := func() {
		if cnt != "" {
			p.errf(ErrLGRInvalid, "RFC7940-6.3.3", k.line, "<%s> cannot have a count", k.name)
		}
	}
	suffix := ""
	if cnt != "" {
		suffix = "{" + cnt + "}"
	}
	anchors := 0
	var m *mnode
	switch {
	case k.name == "start" || k.name == "end" || k.name == "anchor" || k.name == "any":
		kind := map[string]mkind{"start": mStart, "end": mEnd, "anchor": mAnchor, "any": mAny}[k.name]
		if k.name != "any" {
			noCount()
			lo, hi = 1, 1
		}
		if k.name == "anchor" {
			anchors = 1
		}
		m = &mnode{kind: kind}
		text.WriteString(k.name + suffix)
	case k.name == "char":
		cp, err := parseCPs(k.get("cp"))
		if err != nil {
			p.errf(ErrMalformed, "RFC7940-6.3.6", k.line, "char cp: %v", err)
			return nil, 0
		}
		m = &mnode{kind: mLit, lit: cp}
		text.WriteString("char(" + FormatCP(cp) + ")" + suffix)
	case setOps[k.name]:
		s := p.class(k, false, depth)
		if s == nil {
			return nil, 0
		}
		m = &mnode{kind: mSet, set: s}
		if ref, ok := k.attr("by-ref"); ok {
			text.WriteString("class:" + ref + suffix)
		} else {
			text.WriteString("[" + s.String() + "]" + suffix)
		}
	case k.name == "rule":
		if _, named := k.attr("name"); named {
			p.errf(ErrLGRInvalid, "RFC7940-6.3.4", k.line, "nested rule must not be named")
		}
		if ref, ok := k.attr("by-ref"); ok {
			if len(k.kids) > 0 {
				p.errf(ErrLGRInvalid, "RFC7940-6.3.4", k.line, "by-ref rule with content")
			}
			r, ok := p.l.rules[ref]
			if !ok {
				p.errf(ErrLGRInvalid, "RFC7940-6.3.4", k.line, "rule %q referenced before its definition", ref)
				return nil, 0
			}
			if r.hasAnchor {
				anchors = 1
			}
			m = &mnode{kind: mSeq, kids: []*mnode{r.root}}
			text.WriteString("rule:" + ref + suffix)
		} else {
			text.WriteString("(")
			m, anchors = p.matchers(k.kids, depth, text)
			text.WriteString(")" + suffix)
		}
	case k.name == "choice":
		m = &mnode{kind: mChoice}
		text.WriteString("(")
		for i, c := range k.kids {
			if i > 0 {
				text.WriteString(" | ")
			}
			cm, a := p.matcher(c, depth+1, text)
			anchors += a
			if cm != nil {
				m.kids = append(m.kids, cm)
			}
		}
		text.WriteString(")" + suffix)
		if anchors > 1 {
			anchors = 1 // one anchor per alternative
		}
	case k.name == "look-ahead" || k.name == "look-behind":
		noCount()
		lo, hi = 1, 1
		kind := mAhead
		if k.name == "look-behind" {
			kind = mBehind
		}
		text.WriteString(k.name + "(")
		body, a := p.matchers(k.kids, depth, text)
		text.WriteString(")")
		if a > 0 {
			p.errf(ErrLGRInvalid, "RFC7940-6.3.9", k.line, "anchor inside <%s>", k.name)
		}
		m = &mnode{kind: kind, kids: body.kids}
	default:
		p.errf(ErrMalformed, "RFC7940-6.3", k.line, "unexpected element <%s> in rule", k.name)
		return nil, 0
	}
	m.min, m.max = lo, hi
	return m, anchors
}

func fieldsOrNil(s string) []string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return nil
	}
	return f
}

// checkShape enforces the two shapes RFC 7940 allows for the match
// operators directly inside a rule (§6.3.2, §6.3.8, §6.3.9; the RELAX NG
// schema's match-operators): a positional rule is [look-behind] anchor
// [look-ahead]; any other rule may start with <start/> and end with
// <end/>, and contains no anchor or look-around.
func (p *lgrParser) checkShape(kids []*xnode) {
	pos := false
	for _, k := range kids {
		if k.name == "anchor" || k.name == "look-ahead" || k.name == "look-behind" {
			pos = true
		}
	}
	if pos {
		i := 0
		if i < len(kids) && kids[i].name == "look-behind" {
			i++
		}
		if i >= len(kids) || kids[i].name != "anchor" {
			p.errf(ErrLGRInvalid, "RFC7940-6.3.9", kids[0].line, "a rule with anchor or look-around must be [look-behind] anchor [look-ahead]")
			return
		}
		i++
		if i < len(kids) && kids[i].name == "look-ahead" {
			i++
		}
		if i != len(kids) {
			p.errf(ErrLGRInvalid, "RFC7940-6.3.9", kids[i].line, "<%s> after the anchor and look-ahead of a rule", kids[i].name)
		}
		return
	}
	for i, k := range kids {
		if k.name == "start" && i != 0 {
			p.errf(ErrLGRInvalid, "RFC7940-6.3.2", k.line, "<start/> must be the first match operator of a rule")
		}
		if k.name == "end" && i != len(kids)-1 {
			p.errf(ErrLGRInvalid, "RFC7940-6.3.2", k.line, "<end/> must be the last match operator of a rule")
		}
	}
}
