package escrow

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ssrkit/ssr/escrow/internal/xmltok"
)

// DepositType is the type attribute of <rde:deposit> (RFC 8909 §5.1).
type DepositType string

// Deposit types (RFC 8909 §2, §5.1).
const (
	Full         DepositType = "FULL"
	Incremental  DepositType = "INCR"
	Differential DepositType = "DIFF"
)

// Deposit is the envelope of a deposit: the attributes of <rde:deposit>, the
// watermark and the rdeMenu (RFC 8909 §5.1).
type Deposit struct {
	Type          DepositType
	ID            string
	PrevID        string
	Resend        int
	Watermark     time.Time // zero if absent or unparsable (then a finding is recorded)
	WatermarkText string
	Version       string   // rdeMenu version
	ObjURIs       []string // rdeMenu objURI values, trimmed
	Attrs         []Attr   // all attributes of <rde:deposit> other than namespace declarations
}

// Object is one object of a deposit: a child of <rde:contents> or
// <rde:deletes> (for the CSV model, one <rdeCsv:csv> element). Elem holds the
// complete element tree, nothing dropped. The Object and its tree are only
// valid until the next call to Next; use Clone to keep them.
type Object struct {
	Kind   Kind
	Delete bool   // the object is inside <rde:deletes>
	Model  string // for KindCSV, the namespace of the csvX wrapper (e.g. NSCSVDomain)
	Elem   *Element
	Line   int   // line of the object's start tag
	Offset int64 // byte offset of the object's start tag
	seq    int64 // 0-based index of the object in the file
	// Policy holds the scope and element of a KindPolicy object with their
	// prefixes resolved in the namespace context of the <rdePolicy:policy>
	// element (RFC 9022 §5.9); nil for other kinds.
	Policy *RDEPolicy
}

// RDEPolicy is a resolved <rdePolicy:policy> (RFC 9022 §5.9): objects matching
// Scope (an XPath of element names) must contain Element.
type RDEPolicy struct {
	Scope   []Name // location steps of the scope attribute
	Element []Name // steps of the element attribute
	Err     string // why the attributes could not be resolved, if they could not
}

// Clone returns a deep copy of o.
func (o *Object) Clone() *Object {
	c := *o
	c.Elem = o.Elem.Clone()
	return &c
}

// Describe returns a short description of the object for messages, for
// example `domain "example.test" (roid D1-TEST)`.
func (o *Object) Describe() string {
	e := o.Elem
	if e == nil {
		return o.Kind.String()
	}
	if o.Kind == KindCSV {
		name, _ := e.Attr("name")
		if o.Delete {
			return fmt.Sprintf("csv %q delete (%s)", name, o.Model)
		}
		return fmt.Sprintf("csv %q (%s)", name, o.Model)
	}
	if o.Delete {
		return fmt.Sprintf("%s delete", o.Kind)
	}
	var key, roid string
	switch o.Kind {
	case KindDomain, KindHost:
		key = e.ChildText(e.Name.Space, "name")
		roid = e.ChildText(e.Name.Space, "roid")
	case KindContact:
		key = e.ChildText(NSContact, "id")
		roid = e.ChildText(NSContact, "roid")
	case KindRegistrar:
		key = e.ChildText(NSRegistrar, "id")
	case KindIDNTableRef:
		key, _ = e.Attr("id")
	case KindNNDN:
		key = e.ChildText(NSNNDN, "aName")
	case KindCSV:
		key, _ = e.Attr("name")
		return fmt.Sprintf("csv %q (%s)", key, o.Model)
	case KindUnknown:
		return fmt.Sprintf("element {%s}%s", e.Name.Space, e.Name.Local)
	default:
		return o.Kind.String()
	}
	s := fmt.Sprintf("%s %q", o.Kind, key)
	if roid != "" {
		s += fmt.Sprintf(" (roid %s)", roid)
	}
	return s
}

// ReaderConfig configures a Reader. The zero value is safe and strict.
type ReaderConfig struct {
	// Name is the file name reported in errors.
	Name string
	// MaxDepth, MaxAttrs, MaxNameLen, MaxTokenBytes, MaxObjectBytes and
	// MaxObjectElements override the package defaults when non-zero.
	MaxDepth          int
	MaxAttrs          int
	MaxNameLen        int
	MaxTokenBytes     int
	MaxObjectBytes    int
	MaxObjectElements int
}

// Reader streams the objects of an RFC 8909 deposit. Use Deposit for the
// envelope and Next/Object/Err to iterate:
//
//	r := escrow.NewReader(f, nil)
//	for r.Next() {
//		obj := r.Object()
//		...
//	}
//	if err := r.Err(); err != nil { ... }
//
// Memory is bounded by the options' limits, independent of the file size.
type Reader struct {
	tok  *xmltok.Tokenizer
	opts ReaderConfig
	err  error

	dep      Deposit
	depDone  bool // envelope (watermark, rdeMenu) read
	started  bool
	finished bool
	findings []*Error
	dropped  int // findings beyond MaxFindings, counted

	section    string // "", "deletes", "contents"
	csvWrapper string // namespace of an open csvX:contents/deletes wrapper
	seenOrder  int    // 0 none,1 watermark,2 rdeMenu,3 deletes,4 contents
	pending    *xmltok.Name
	pendAttrs  []xmltok.Attr

	obj   Object
	batch bool // objects of a batch share the slab (see fillBatch)
	seq   int64
	slab  [][]Element
	slabN int
	arena []byte
	fix   []attrFix
	stack []*Element
}

type attrFix struct {
	el         *Element
	idx        int
	start, end int
}

// NewReader returns a Reader for the deposit XML read from r. opts may be nil.
func NewReader(r io.Reader, opts *ReaderConfig) *Reader {
	rd := &Reader{}
	if opts != nil {
		rd.opts = *opts
	}
	o := &rd.opts
	o.MaxDepth = orDefault(o.MaxDepth, MaxDepth)
	o.MaxAttrs = orDefault(o.MaxAttrs, MaxAttrs)
	o.MaxNameLen = orDefault(o.MaxNameLen, MaxNameLen)
	o.MaxTokenBytes = orDefault(o.MaxTokenBytes, MaxTokenBytes)
	o.MaxObjectBytes = orDefault(o.MaxObjectBytes, MaxObjectBytes)
	o.MaxObjectElements = orDefault(o.MaxObjectElements, MaxObjectElements)
	rd.tok = xmltok.New(r, xmltok.Limits{
		MaxDepth: o.MaxDepth, MaxAttrs: o.MaxAttrs, MaxNameLen: o.MaxNameLen, MaxTokenBytes: o.MaxTokenBytes,
	})
	rd.tok.Preintern(knownNames()...)
	return rd
}

func orDefault(v, d int) int {
	if v <= 0 {
		return d
	}
	return v
}

// Err returns the first fatal error: malformed XML, a limit, an I/O error or
// a broken envelope. Per-object findings are not errors; see Verify.
func (r *Reader) Err() error { return r.err }

// envelopeFindings returns the problems found in the envelope so far (element order,
// unknown elements around the objects, bad attributes). Verify includes them.
func (r *Reader) envelopeFindings() []*Error { return r.findings }

// droppedFindings returns how many envelope findings were not kept beyond
// MaxFindings (Verify adds them to Report.Dropped).
func (r *Reader) droppedFindings() int { return r.dropped }

// Object returns the current object.
func (r *Reader) Object() *Object { return &r.obj }

// inputOffset returns the current byte offset in the input.
func (r *Reader) inputOffset() int64 { return r.tok.Offset() }

func (r *Reader) finding(clause, object, format string, args ...any) {
	if len(r.findings) >= MaxFindings {
		r.dropped++
		return
	}
	r.findings = append(r.findings, &Error{Kind: ErrInvalid, Clause: clause, Object: object, File: r.opts.Name,
		Line: r.tok.Line(), Offset: r.tok.Offset(), Err: fmt.Errorf(format, args...)})
}

func (r *Reader) fail(err error) bool {
	if r.err != nil {
		return false
	}
	var se *xmltok.SyntaxError
	if errors.As(err, &se) {
		kind := ErrMalformed
		if errors.Is(se.Kind, xmltok.ErrLimit) {
			kind = ErrLimitExceeded
		}
		r.err = &Error{Kind: kind, Clause: "XML 1.0; RFC 8909 §4", File: r.opts.Name, Line: se.Line, Offset: se.Offset, Err: errors.New(se.Msg)}
		return false
	}
	if _, ok := err.(*Error); ok {
		r.err = err
		return false
	}
	r.err = &Error{Kind: ErrMalformed, File: r.opts.Name, Line: r.tok.Line(), Offset: r.tok.Offset(), Err: err}
	return false
}

// Deposit reads the envelope up to the first object, if not done yet, and
// returns it. It returns an error if the input is not an RFC 8909 deposit.
func (r *Reader) Deposit() (*Deposit, error) {
	if !r.depDone && r.err == nil {
		r.advance(true)
	}
	if r.err != nil && !r.depDone {
		return nil, r.err
	}
	return &r.dep, nil
}

// Next advances to the next object. It returns false at the end of the
// deposit or on a fatal error (see Err).
func (r *Reader) Next() bool {
	if r.err != nil || r.finished {
		return false
	}
	return r.advance(false)
}

// advance runs the envelope state machine. With envOnly it stops before the
// first object (leaving it pending).
func (r *Reader) advance(envOnly bool) bool {
	t := r.tok
	for {
		kind, name, attrs, err := r.nextToken()
		if err != nil {
			return r.fail(err)
		}
		depth := t.Depth()
		switch kind {
		case xmltok.EOF:
			if !r.started {
				return r.fail(&Error{Kind: ErrMalformed, Clause: "RFC 8909 §5.1", File: r.opts.Name, Err: errors.New("no <rde:deposit> element")})
			}
			r.finished = true
			r.depDone = true
			return false
		case xmltok.Text:
			if !isSpaceOnly(t.Text()) && depth <= 3 {
				r.finding("RFC 8909 §6.1", "", "unexpected character data %.40q", t.Text())
			}
		case xmltok.EndElement:
			r.endElement(depth)
		case xmltok.StartElement:
			if stop, ok := r.startElement(depth, name, attrs, envOnly); stop {
				return ok
			}
		}
	}
}

// nextToken returns the start tag held back by an envelope-only advance,
// else the tokenizer's next token with its name and attributes.
func (r *Reader) nextToken() (xmltok.Kind, xmltok.Name, []xmltok.Attr, error) {
	if r.pending != nil {
		name, attrs := *r.pending, r.pendAttrs
		r.pending = nil
		return xmltok.StartElement, name, attrs, nil
	}
	k, err := r.tok.Next()
	if err != nil {
		return k, xmltok.Name{}, nil, err
	}
	if k == xmltok.StartElement || k == xmltok.EndElement {
		return k, r.tok.Name(), r.tok.Attrs(), nil
	}
	return k, xmltok.Name{}, nil, nil
}

// endElement closes the deposit (depth 0), a <rde:deletes> or <rde:contents>
// section (1) or a csvX wrapper (2).
func (r *Reader) endElement(depth int) {
	switch depth {
	case 0:
		// </rde:deposit>
		r.depDone = true
		r.checkEnvelope()
	case 1:
		r.section = ""
	case 2:
		r.csvWrapper = ""
	}
}

// startElement handles a start tag at depth: the root (1), a child of
// <rde:deposit> (2), an object or csvX wrapper (3), or an <rdeCsv:csv>
// object (4). stop reports that advance must return ok.
func (r *Reader) startElement(depth int, name xmltok.Name, attrs []xmltok.Attr, envOnly bool) (stop, ok bool) {
	switch depth {
	case 1:
		if name.Space != NSRDE || name.Local != "deposit" {
			return true, r.fail(&Error{Kind: ErrMalformed, Clause: "RFC 8909 §5.1", File: r.opts.Name, Line: r.tok.Line(), Offset: r.tok.Offset(),
				Err: fmt.Errorf("root element is {%s}%s, not {%s}deposit", name.Space, name.Local, NSRDE)})
		}
		r.started = true
		r.readDepositAttrs(attrs)
	case 2:
		return r.envelopeElement(name, envOnly)
	case 3:
		del := r.section == "deletes"
		if csvModelKind(name.Space) != KindUnknown && ((del && name.Local == "deletes") || (!del && name.Local == "contents")) {
			r.csvWrapper = name.Space
			return false, false
		}
		if envOnly {
			return true, r.holdBack(name, attrs)
		}
		return true, r.readObject(name, attrs, objectKind(name.Space, name.Local, del), del, "")
	case 4:
		del := r.section == "deletes"
		if envOnly {
			return true, r.holdBack(name, attrs)
		}
		k := KindUnknown
		if name.Space == NSCSV && name.Local == "csv" {
			k = KindCSV
		}
		return true, r.readObject(name, attrs, k, del, r.csvWrapper)
	}
	return false, false
}

// holdBack keeps the first object's start tag for the next advance: the
// envelope ends where the objects begin.
func (r *Reader) holdBack(name xmltok.Name, attrs []xmltok.Attr) bool {
	n := name
	r.pending = &n
	r.pendAttrs = attrs
	r.depDone = true
	return true
}

// envelopeElement handles a child of <rde:deposit> in the order RFC 8909
// §5.1 sets: watermark, rdeMenu, deletes, contents; anything else is a
// finding and skipped (§6.1 schema). stop reports that advance must return ok.
func (r *Reader) envelopeElement(name xmltok.Name, envOnly bool) (stop, ok bool) {
	order := 0
	if name.Space == NSRDE {
		switch name.Local {
		case "watermark":
			order = 1
		case "rdeMenu":
			order = 2
		case "deletes":
			order = 3
		case "contents":
			order = 4
		}
	}
	if order == 0 {
		if name.Space != NSRDE {
			r.finding("RFC 8909 §6.1", "", "unexpected element {%s}%s in <rde:deposit>", name.Space, name.Local)
		} else {
			r.finding("RFC 8909 §6.1", "", "unexpected element <rde:%s> in <rde:deposit>", name.Local)
		}
		if err := r.skip(); err != nil {
			return true, r.fail(err)
		}
		return false, false
	}
	if order <= r.seenOrder {
		r.finding("RFC 8909 §5.1", "", "<rde:%s> out of order or repeated (order is watermark, rdeMenu, deletes, contents)", name.Local)
	}
	r.seenOrder = order
	switch name.Local {
	case "watermark":
		s, err := r.textOnly()
		if err != nil {
			return true, r.fail(err)
		}
		r.dep.WatermarkText = s
		wm, err := parseDateTime(s)
		if err != nil {
			r.finding("RFC 8909 §5.1", "watermark", "watermark %q is not an XML Schema dateTime: %v", s, err)
		} else {
			r.dep.Watermark = wm
		}
	case "rdeMenu":
		if err := r.readMenu(); err != nil {
			return true, r.fail(err)
		}
	case "deletes", "contents":
		r.depDone = true
		if r.dep.Type == Full && name.Local == "deletes" {
			r.finding("RFC 8909 §5.1", "", "<rde:deletes> in a FULL deposit (MUST NOT be present; ignored)")
		}
		r.section = name.Local
		if envOnly {
			return true, true
		}
	}
	return false, false
}

func (r *Reader) checkEnvelope() {
	if r.seenOrder < 1 {
		r.finding("RFC 8909 §5.1", "", "missing <rde:watermark>")
	}
	if r.seenOrder < 2 {
		r.finding("RFC 8909 §5.1", "", "missing <rde:rdeMenu>")
	}
}

func isSpaceOnly(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\n' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

func (r *Reader) readDepositAttrs(attrs []xmltok.Attr) {
	var haveType, haveID bool
	for _, a := range attrs {
		v := string(a.Value)
		r.dep.Attrs = append(r.dep.Attrs, Attr{Name: Name(a.Name), Value: v})
		if a.Name.Space != "" {
			continue
		}
		v = trimXMLSpace(v)
		switch a.Name.Local {
		case "type":
			haveType = true
			r.dep.Type = DepositType(v)
			if r.dep.Type != Full && r.dep.Type != Incremental && r.dep.Type != Differential {
				r.finding("RFC 8909 §5.1", "deposit", "type %q is not FULL, INCR or DIFF", v)
			}
		case "id":
			haveID = true
			r.dep.ID = v
			if !validDepositID(v) {
				r.finding("RFC 8909 §5.1", "deposit", "id %q does not match \\w{1,13}", v)
			}
		case "prevId":
			r.dep.PrevID = v
			if !validDepositID(v) {
				r.finding("RFC 8909 §5.1", "deposit", "prevId %q does not match \\w{1,13}", v)
			}
		case "resend":
			n, err := strconv.ParseUint(v, 10, 16)
			if err != nil {
				r.finding("RFC 8909 §5.1", "deposit", "resend %q is not an unsignedShort", v)
			}
			r.dep.Resend = int(n)
		default:
			r.finding("RFC 8909 §6.1", "deposit", "unknown attribute %q", a.Name.Local)
		}
	}
	if !haveType {
		r.finding("RFC 8909 §5.1", "deposit", "missing required attribute type")
	}
	if !haveID {
		r.finding("RFC 8909 §5.1", "deposit", "missing required attribute id")
	}
	if r.dep.Type == Differential && r.dep.PrevID == "" {
		r.finding("RFC 8909 §5.1", "deposit", "DIFF deposit without prevId (REQUIRED for DIFF)")
	}
}

// validDepositID checks \w{1,13} for the ASCII word characters deposits use.
func validDepositID(s string) bool {
	if len(s) == 0 || len(s) > 13*4 {
		return false
	}
	n := 0
	for _, c := range s {
		n++
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c > 0x7f) {
			return false
		}
	}
	return n <= 13
}

// textOnly reads the text of the current element, which must have no
// children, and consumes its end tag.
func (r *Reader) textOnly() (string, error) {
	var sb []byte
	for {
		k, err := r.tok.Next()
		if err != nil {
			return "", err
		}
		switch k {
		case xmltok.Text:
			if len(sb)+len(r.tok.Text()) > r.opts.MaxTokenBytes {
				return "", &Error{Kind: ErrLimitExceeded, File: r.opts.Name, Line: r.tok.Line(), Err: errors.New("text too long")}
			}
			sb = append(sb, r.tok.Text()...)
		case xmltok.StartElement:
			r.finding("RFC 8909 §6.1", "", "unexpected element {%s}%s in a simple-typed element", r.tok.Name().Space, r.tok.Name().Local)
			if err := r.skip(); err != nil {
				return "", err
			}
		case xmltok.EndElement:
			return strings.Trim(string(sb), " \t\r\n"), nil
		}
	}
}

func (r *Reader) readMenu() error {
	var haveVersion bool
	nURI := 0
	for {
		k, err := r.tok.Next()
		if err != nil {
			return err
		}
		switch k {
		case xmltok.Text:
			if !isSpaceOnly(r.tok.Text()) {
				r.finding("RFC 8909 §5.1", "rdeMenu", "unexpected character data")
			}
		case xmltok.EndElement:
			if !haveVersion {
				r.finding("RFC 8909 §5.1", "rdeMenu", "missing <rde:version>")
			}
			if nURI == 0 {
				r.finding("RFC 8909 §5.1", "rdeMenu", "no <rde:objURI> (at least one is required)")
			}
			return nil
		case xmltok.StartElement:
			n := r.tok.Name()
			if n.Space != NSRDE || (n.Local != "version" && n.Local != "objURI") {
				r.finding("RFC 8909 §6.1", "rdeMenu", "unexpected element {%s}%s", n.Space, n.Local)
				if err := r.skip(); err != nil {
					return err
				}
				continue
			}
			local := n.Local
			s, err := r.textOnly()
			if err != nil {
				return err
			}
			if local == "version" {
				if haveVersion || nURI > 0 {
					r.finding("RFC 8909 §5.1", "rdeMenu", "<rde:version> repeated or out of order")
				}
				haveVersion = true
				r.dep.Version = s
				if s != "1.0" {
					r.finding("RFC 8909 §5.1", "rdeMenu", "version %q is not 1.0", s)
				}
			} else {
				nURI++
				if len(r.dep.ObjURIs) < maxMenuURIs {
					r.dep.ObjURIs = append(r.dep.ObjURIs, s)
				}
			}
		}
	}
}

// skip consumes the rest of the current element.
func (r *Reader) skip() error {
	d := r.tok.Depth()
	for {
		k, err := r.tok.Next()
		if err != nil {
			return err
		}
		if k == xmltok.EndElement && r.tok.Depth() < d {
			return nil
		}
	}
}

const slabChunk = 256

func (r *Reader) newElement() *Element {
	ci, ei := r.slabN/slabChunk, r.slabN%slabChunk
	if ci == len(r.slab) {
		r.slab = append(r.slab, make([]Element, slabChunk))
	}
	r.slabN++
	e := &r.slab[ci][ei]
	ch, at := e.Children[:0], e.Attrs[:0]
	*e = Element{Children: ch, Attrs: at}
	return e
}

// readObject reads one object rooted at the current start element.
func (r *Reader) readObject(name xmltok.Name, attrs []xmltok.Attr, kind Kind, del bool, model string) bool {
	t := r.tok
	if !r.batch {
		r.slabN = 0
	}
	startN := r.slabN
	r.arena = r.arena[:0]
	r.fix = r.fix[:0]
	r.stack = r.stack[:0]
	line, off := t.Line(), t.Offset()
	var pol *RDEPolicy
	if kind == KindPolicy {
		pol = r.resolvePolicy(attrs)
	}
	root := r.openElement(name, attrs, line)
	r.stack = append(r.stack, root)
	base := t.Depth()
	for len(r.stack) > 0 {
		k, err := t.Next()
		if err != nil {
			return r.fail(err)
		}
		top := r.stack[len(r.stack)-1]
		switch k {
		case xmltok.Text:
			txt := t.Text()
			if len(top.Children) > 0 {
				if t.TextIsSpace() {
					continue
				}
				top.Mixed = true // text after a child element
			}
			if top.textEnd != len(r.arena) {
				// First run, or a run after a child: start a new range
				// only if nothing is kept yet.
				if top.textEnd > top.textStart {
					top.Mixed = true
					continue // keep the first run only
				}
				top.textStart = len(r.arena)
			}
			r.arena = append(r.arena, txt...)
			top.textEnd = len(r.arena)
			if len(r.arena) > r.opts.MaxObjectBytes {
				return r.fail(&Error{Kind: ErrLimitExceeded, File: r.opts.Name, Line: line, Offset: off, Object: kind.String(),
					Err: fmt.Errorf("object larger than %d bytes", r.opts.MaxObjectBytes)})
			}
		case xmltok.StartElement:
			if r.slabN-startN >= r.opts.MaxObjectElements {
				return r.fail(&Error{Kind: ErrLimitExceeded, File: r.opts.Name, Line: line, Offset: off, Object: kind.String(),
					Err: fmt.Errorf("object has more than %d elements", r.opts.MaxObjectElements)})
			}
			if top.textEnd > top.textStart {
				if isSpaceOnly(r.arena[top.textStart:top.textEnd]) {
					if top.textEnd == len(r.arena) {
						r.arena = r.arena[:top.textStart]
					}
					top.textStart, top.textEnd = 0, 0
				} else {
					top.Mixed = true
				}
			}
			el := r.openElement(t.Name(), t.Attrs(), t.Line())
			top.Children = append(top.Children, el)
			r.stack = append(r.stack, el)
		case xmltok.EndElement:
			r.stack = r.stack[:len(r.stack)-1]
		}
		_ = base
	}
	// One string for all of the object's text and attribute values.
	s := string(r.arena)
	for n := startN; n < r.slabN; n++ {
		e := &r.slab[n/slabChunk][n%slabChunk]
		if e.textEnd > e.textStart {
			e.Text = s[e.textStart:e.textEnd]
		}
	}
	for _, f := range r.fix {
		f.el.Attrs[f.idx].Value = s[f.start:f.end]
	}
	r.obj = Object{Kind: kind, Delete: del, Model: model, Elem: root, Line: line, Offset: off, seq: r.seq, Policy: pol}
	r.seq++
	return true
}

func (r *Reader) openElement(name xmltok.Name, attrs []xmltok.Attr, line int) *Element {
	e := r.newElement()
	e.Name = Name(name)
	e.Line = line
	for _, a := range attrs {
		st := len(r.arena)
		r.arena = append(r.arena, a.Value...)
		r.fix = append(r.fix, attrFix{e, len(e.Attrs), st, len(r.arena)})
		e.Attrs = append(e.Attrs, Attr{Name: Name(a.Name)})
	}
	return e
}

// resolvePolicy resolves the prefixes of a policy's scope and element
// attributes with the bindings in scope at its start tag.
func (r *Reader) resolvePolicy(attrs []xmltok.Attr) *RDEPolicy {
	p := &RDEPolicy{}
	steps := func(v string) []Name {
		var out []Name
		for _, st := range strings.Split(trimXMLSpace(v), "/") {
			if st == "" {
				continue
			}
			pre, local, ok := strings.Cut(st, ":")
			if !ok {
				pre, local = "", st
			}
			uri, found := r.tok.LookupPrefix(pre)
			if !found {
				p.Err = fmt.Sprintf("undeclared prefix %q in %q", pre, v)
				return nil
			}
			out = append(out, Name{uri, local})
		}
		return out
	}
	for _, a := range attrs {
		switch {
		case a.Name.Space == "" && a.Name.Local == "scope":
			p.Scope = steps(string(a.Value))
		case a.Name.Space == "" && a.Name.Local == "element":
			p.Element = steps(string(a.Value))
		}
	}
	return p
}

// parseDateTime parses an XML Schema dateTime. RFC 8909 §4 requires UTC
// with a "Z"; other offsets are accepted here and reported by Verify.
func parseDateTime(s string) (time.Time, error) {
	s = strings.Trim(s, " \t\r\n")
	if len(s) < 20 {
		return time.Time{}, errors.New("too short")
	}
	return time.Parse(time.RFC3339Nano, s)
}

// objBatch is a run of objects whose element trees stay valid together, so
// that one goroutine can read while another verifies.
type objBatch struct {
	slab [][]Element
	objs []Object
}

// fillBatch reads up to n objects into b, which owns their elements until it
// is filled again. It reports whether more objects may follow.
func (r *Reader) fillBatch(b *objBatch, n int) bool {
	r.slab, b.slab = b.slab, r.slab
	r.slabN = 0
	r.batch = true
	b.objs = b.objs[:0]
	more := true
	for len(b.objs) < n {
		if !r.Next() {
			more = false
			break
		}
		b.objs = append(b.objs, r.obj)
	}
	r.batch = false
	r.slab, b.slab = b.slab, r.slab
	return more
}
