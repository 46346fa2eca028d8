package idn

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A small, strict XML reader for LGR documents. encoding/xml allocates a
// token per element and attribute, which made parsing the 3.5 MB RZ-LGR
// Chinese file take several hundred milliseconds; this reader scans the
// document in place and allocates only the element nodes. It accepts the
// XML that LGR files use: a prolog, comments, processing instructions,
// CDATA sections, elements with quoted attributes, the five predefined
// entities and character references. A document type declaration is
// refused (no entity expansion), as is anything malformed: unbalanced tags,
// bad names, invalid UTF-8, stray '<' or '&'.

type xattr struct {
	name  string
	value string
}

type xnode struct {
	name  string
	attrs []xattr
	kids  []*xnode
	text  string
	line  int
}

// addText appends character data; only leaf elements keep text (the
// white space between child elements carries no meaning in RFC 7940).
func (n *xnode) addText(t string) {
	if len(n.kids) > 0 {
		return
	}
	n.text += t
}

func (n *xnode) attr(name string) (string, bool) {
	for _, a := range n.attrs {
		if a.name == name {
			return a.value, true
		}
	}
	return "", false
}

func (n *xnode) get(name string) string { v, _ := n.attr(name); return v }

// intern returns the names of RFC 7940 elements and attributes as
// constants, so that nodes do not keep the document alive through them.
func intern(b string) string {
	switch b {
	case "lgr":
		return "lgr"
	case "meta":
		return "meta"
	case "version":
		return "version"
	case "date":
		return "date"
	case "language":
		return "language"
	case "scope":
		return "scope"
	case "description":
		return "description"
	case "validity-start":
		return "validity-start"
	case "validity-end":
		return "validity-end"
	case "unicode-version":
		return "unicode-version"
	case "references":
		return "references"
	case "reference":
		return "reference"
	case "data":
		return "data"
	case "char":
		return "char"
	case "var":
		return "var"
	case "range":
		return "range"
	case "rules":
		return "rules"
	case "class":
		return "class"
	case "rule":
		return "rule"
	case "action":
		return "action"
	case "union":
		return "union"
	case "complement":
		return "complement"
	case "intersection":
		return "intersection"
	case "difference":
		return "difference"
	case "symmetric-difference":
		return "symmetric-difference"
	case "start":
		return "start"
	case "end":
		return "end"
	case "anchor":
		return "anchor"
	case "any":
		return "any"
	case "choice":
		return "choice"
	case "look-ahead":
		return "look-ahead"
	case "look-behind":
		return "look-behind"
	case "cp":
		return "cp"
	case "first-cp":
		return "first-cp"
	case "last-cp":
		return "last-cp"
	case "when":
		return "when"
	case "not-when":
		return "not-when"
	case "tag":
		return "tag"
	case "ref":
		return "ref"
	case "comment":
		return "comment"
	case "type":
		return "type"
	case "name":
		return "name"
	case "by-ref":
		return "by-ref"
	case "from-tag":
		return "from-tag"
	case "property":
		return "property"
	case "count":
		return "count"
	case "disp":
		return "disp"
	case "match":
		return "match"
	case "not-match":
		return "not-match"
	case "any-variant":
		return "any-variant"
	case "all-variants":
		return "all-variants"
	case "only-variants":
		return "only-variants"
	case "id":
		return "id"
	case "xmlns":
		return "xmlns"
	}
	return b
}

type xmlScanner struct {
	data     string // attribute values and text are substrings of it
	pos      int
	line     int
	linePos  int
	doc      string
	maxDepth int
	maxElems int

	slab  []xnode // all nodes; never grows past its first capacity
	arena []xattr // all attributes
	stack []*xnode
	root  *xnode
	count int
}

func (s *xmlScanner) lineAt(p int) int {
	if p > s.linePos {
		s.line += strings.Count(s.data[s.linePos:p], "\n")
		s.linePos = p
	}
	return s.line
}

func (s *xmlScanner) fail(kind error, rule, format string, args ...any) error {
	return lgrErr(kind, rule, s.doc, s.lineAt(s.pos), format, args...)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':' || c >= 0x80
}

func (s *xmlScanner) name() (string, error) {
	start := s.pos
	for s.pos < len(s.data) && isNameByte(s.data[s.pos]) {
		s.pos++
	}
	if s.pos == start || (s.data[start] >= '0' && s.data[start] <= '9') || s.data[start] == '-' || s.data[start] == '.' {
		return "", s.fail(ErrMalformed, "RFC7940-4", "bad XML name")
	}
	n := s.data[start:s.pos]
	if i := strings.LastIndexByte(n, ':'); i >= 0 && !strings.HasPrefix(n, "xmlns:") {
		n = n[i+1:] // drop a namespace prefix
	}
	return n, nil
}

func (s *xmlScanner) skipSpace() {
	for s.pos < len(s.data) && isSpace(s.data[s.pos]) {
		s.pos++
	}
}

// unescape decodes entity and character references.
func (s *xmlScanner) unescape(b string) (string, error) {
	if strings.IndexByte(b, '&') < 0 {
		return b, nil
	}
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		i := strings.IndexByte(b, '&')
		if i < 0 {
			out = append(out, b...)
			break
		}
		out = append(out, b[:i]...)
		b = b[i:]
		j := strings.IndexByte(b, ';')
		if j < 0 || j > 12 {
			return "", s.fail(ErrMalformed, "RFC7940-4", "unterminated entity reference")
		}
		ent := b[1:j]
		b = b[j+1:]
		switch ent {
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "amp":
			out = append(out, '&')
		case "quot":
			out = append(out, '"')
		case "apos":
			out = append(out, '\'')
		default:
			var v uint64
			var err error
			switch {
			case len(ent) > 2 && ent[0] == '#' && ent[1] == 'x':
				v, err = strconv.ParseUint(ent[2:], 16, 32)
			case len(ent) > 1 && ent[0] == '#':
				v, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				err = errors.New("unknown entity")
			}
			if err != nil || v == 0 || v > utf8.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
				return "", s.fail(ErrMalformed, "RFC7940-4", "bad entity reference &%s;", ent)
			}
			out = utf8.AppendRune(out, rune(v))
		}
	}
	return string(out), nil
}

func (s *xmlScanner) skipPast(end string, what string) error {
	i := strings.Index(s.data[s.pos:], end)
	if i < 0 {
		return s.fail(ErrMalformed, "RFC7940-4", "unterminated %s", what)
	}
	s.pos += i + len(end)
	return nil
}

// parseXMLTree reads the document into a tree of xnodes.
func parseXMLTree(data string, doc string, maxDepth, maxElems int) (*xnode, error) {
	data = strings.TrimPrefix(data, "\xef\xbb\xbf")
	if !utf8.ValidString(data) {
		return nil, lgrErr(ErrMalformed, "RFC7940-4", doc, -1, "document is not valid UTF-8")
	}
	s := &xmlScanner{data: data, line: 1, doc: doc, maxDepth: maxDepth, maxElems: maxElems}
	// Upper bound on elements, so nodes can live in one slab.
	est := strings.Count(data, "<")
	if est > maxElems+1 {
		est = maxElems + 1
	}
	s.slab = make([]xnode, 0, est)
	// Attributes of all nodes, in one array: at most one per '=' in the
	// document (so it never grows and is copied), capped like the nodes.
	na := strings.Count(data, "=")
	if na > 8*(maxElems+1) {
		na = 8 * (maxElems + 1)
	}
	s.arena = make([]xattr, 0, na)
	for s.pos < len(data) {
		lt := strings.IndexByte(data[s.pos:], '<')
		if lt < 0 {
			lt = len(data) - s.pos
		}
		var err error
		if lt > 0 {
			err = s.charData(data[s.pos : s.pos+lt])
		} else {
			err = s.markup()
		}
		if err != nil {
			return nil, err
		}
	}
	if len(s.stack) != 0 {
		return nil, lgrErr(ErrMalformed, "RFC7940-4", doc, -1, "unexpected end of document inside <%s>", s.stack[len(s.stack)-1].name)
	}
	if s.root == nil {
		return nil, lgrErr(ErrMalformed, "RFC7940-4", doc, -1, "no root element")
	}
	return s.root, nil
}

// charData takes the text before the next '<'.
func (s *xmlScanner) charData(text string) error {
	if strings.IndexByte(text, '>') >= 0 && strings.Contains(text, "]]>") {
		return s.fail(ErrMalformed, "RFC7940-4", "']]>' in text")
	}
	if len(s.stack) == 0 {
		if len(strings.TrimSpace(text)) > 0 {
			return s.fail(ErrMalformed, "RFC7940-4", "text outside the root element")
		}
	} else {
		t, err := s.unescape(text)
		if err != nil {
			return err
		}
		s.stack[len(s.stack)-1].addText(t)
	}
	s.pos += len(text)
	return nil
}

// markup reads what starts at '<': a processing instruction, comment,
// CDATA section, end tag or start tag.
func (s *xmlScanner) markup() error {
	rest := s.data[s.pos:]
	switch {
	case strings.HasPrefix(rest, "<?"):
		return s.skipPast("?>", "processing instruction")
	case strings.HasPrefix(rest, "<!--"):
		s.pos += 4
		return s.skipPast("-->", "comment")
	case strings.HasPrefix(rest, "<![CDATA["):
		start := s.pos + 9
		s.pos = start
		if err := s.skipPast("]]>", "CDATA section"); err != nil {
			return err
		}
		if len(s.stack) == 0 {
			return s.fail(ErrMalformed, "RFC7940-4", "CDATA outside the root element")
		}
		s.stack[len(s.stack)-1].addText(s.data[start : s.pos-3])
		return nil
	case strings.HasPrefix(rest, "<!"):
		return s.fail(ErrMalformed, "RFC7940-4", "document type declarations are not allowed")
	case strings.HasPrefix(rest, "</"):
		return s.endTag()
	}
	return s.startTag()
}

func (s *xmlScanner) endTag() error {
	s.pos += 2
	n, err := s.name()
	if err != nil {
		return err
	}
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != '>' {
		return s.fail(ErrMalformed, "RFC7940-4", "malformed end tag")
	}
	s.pos++
	if len(s.stack) == 0 || s.stack[len(s.stack)-1].name != n {
		return s.fail(ErrMalformed, "RFC7940-4", "unexpected end element </%s>", n)
	}
	s.stack = s.stack[:len(s.stack)-1]
	return nil
}

func (s *xmlScanner) startTag() error {
	line := s.lineAt(s.pos)
	s.pos++
	n, err := s.name()
	if err != nil {
		return err
	}
	s.count++
	if s.count > s.maxElems {
		return s.fail(ErrLimitExceeded, "MaxLGRElements", "more than %d elements", s.maxElems)
	}
	if len(s.stack) >= s.maxDepth {
		return s.fail(ErrLimitExceeded, "MaxLGRDepth", "elements nested deeper than %d", s.maxDepth)
	}
	if s.root != nil && len(s.stack) == 0 {
		return s.fail(ErrMalformed, "RFC7940-4.2", "more than one root element")
	}
	s.slab = append(s.slab, xnode{name: intern(n), line: line})
	node := &s.slab[len(s.slab)-1]
	selfClose, err := s.attributes(node)
	if err != nil {
		return err
	}
	if len(s.stack) == 0 {
		s.root = node
	} else {
		top := s.stack[len(s.stack)-1]
		top.kids = append(top.kids, node)
		top.text = ""
	}
	if !selfClose {
		s.stack = append(s.stack, node)
	}
	return nil
}

// attributes reads the attributes of a start tag up to '>' or '/>'.
func (s *xmlScanner) attributes(node *xnode) (selfClose bool, err error) {
	data := s.data
	for {
		s.skipSpace()
		if s.pos >= len(data) {
			return false, s.fail(ErrMalformed, "RFC7940-4", "unterminated start tag <%s>", node.name)
		}
		c := data[s.pos]
		if c == '>' {
			s.pos++
			return false, nil
		}
		if c == '/' {
			if s.pos+1 >= len(data) || data[s.pos+1] != '>' {
				return false, s.fail(ErrMalformed, "RFC7940-4", "malformed start tag <%s>", node.name)
			}
			s.pos += 2
			return true, nil
		}
		an, err := s.name()
		if err != nil {
			return false, err
		}
		s.skipSpace()
		if s.pos >= len(data) || data[s.pos] != '=' {
			return false, s.fail(ErrMalformed, "RFC7940-4", "attribute %s without value", an)
		}
		s.pos++
		s.skipSpace()
		if s.pos >= len(data) || (data[s.pos] != '"' && data[s.pos] != '\'') {
			return false, s.fail(ErrMalformed, "RFC7940-4", "attribute %s value not quoted", an)
		}
		q := data[s.pos]
		s.pos++
		end := strings.IndexByte(data[s.pos:], q)
		if end < 0 {
			return false, s.fail(ErrMalformed, "RFC7940-4", "unterminated attribute %s", an)
		}
		raw := data[s.pos : s.pos+end]
		if strings.IndexByte(raw, '<') >= 0 {
			return false, s.fail(ErrMalformed, "RFC7940-4", "'<' in attribute %s", an)
		}
		value, err := s.unescape(raw)
		if err != nil {
			return false, err
		}
		s.pos += end + 1
		name := intern(an)
		if _, dup := node.attr(name); dup {
			return false, s.fail(ErrMalformed, "RFC7940-4", "attribute %s repeated", name)
		}
		s.arena = append(s.arena, xattr{name: name, value: value})
		node.attrs = s.arena[len(s.arena)-len(node.attrs)-1 : len(s.arena) : len(s.arena)]
	}
}
