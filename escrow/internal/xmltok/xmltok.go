// Package xmltok is a fast, bounded, namespace-aware XML 1.0 tokenizer for the
// subset of XML that registry data escrow deposits use (RFC 8909 §4, RFC 9022).
//
// It reads elements, attributes, character data, CDATA sections, comments and
// processing instructions; it resolves namespace prefixes with correct
// scoping (Namespaces in XML 1.0 §6); it decodes the five predefined entities
// and character references (XML 1.0 §4.6, §4.1). It refuses document type
// declarations, and therefore any other entity (XML 1.0 §2.8), which closes
// the door on entity-expansion attacks. Every size is bounded.
//
// Token data (names, text, attribute values) is only valid until the next
// call to Next.
package xmltok

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// Kind is the kind of a token.
type Kind uint8

const (
	// EOF means the document ended well-formed.
	EOF Kind = iota
	// StartElement is an element start tag (also for an empty-element tag).
	StartElement
	// EndElement is an end tag (also synthesized after an empty-element tag).
	EndElement
	// Text is character data (including CDATA sections), entity-decoded.
	Text
)

// Well-known namespace names.
const (
	xmlNS   = "http://www.w3.org/XML/1998/namespace"
	xmlnsNS = "http://www.w3.org/2000/xmlns/"
)

// Limits bounds the tokenizer. Zero fields take the defaults.
type Limits struct {
	MaxDepth      int // element nesting depth (default 64)
	MaxAttrs      int // attributes per element (default 64)
	MaxNameLen    int // bytes in a qualified name (default 256)
	MaxTokenBytes int // bytes in one markup token or text run (default 4 MiB)
	MaxNamespaces int // namespace bindings in scope (default 256)
}

func (l Limits) withDefaults() Limits {
	if l.MaxDepth <= 0 {
		l.MaxDepth = 64
	}
	if l.MaxAttrs <= 0 {
		l.MaxAttrs = 64
	}
	if l.MaxNameLen <= 0 {
		l.MaxNameLen = 256
	}
	if l.MaxTokenBytes <= 0 {
		l.MaxTokenBytes = 4 << 20
	}
	if l.MaxNamespaces <= 0 {
		l.MaxNamespaces = 256
	}
	return l
}

// Error kinds.
var (
	// ErrSyntax reports input that is not well-formed XML 1.0.
	ErrSyntax = errors.New("not well-formed XML")
	// ErrLimit reports that a limit was reached.
	ErrLimit = errors.New("limit exceeded")
	// ErrUnsupported reports XML features refused by design (DTDs, entities).
	ErrUnsupported = errors.New("unsupported XML feature")
)

// SyntaxError is the error returned by the tokenizer.
type SyntaxError struct {
	Kind   error // ErrSyntax, ErrLimit or ErrUnsupported
	Msg    string
	Offset int64
	Line   int
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// Unwrap returns the kind.
func (e *SyntaxError) Unwrap() error { return e.Kind }

// Name is an expanded name. Space and Local are interned strings.
type Name struct {
	Space string
	Local string
}

// Attr is an attribute with its expanded name. Value is valid until Next.
type Attr struct {
	Name  Name
	Value []byte
}

type binding struct {
	prefix string
	uri    string
}

type frame struct {
	name    Name
	nsMark  int
	defNS   string
	nameEnd int
}

// cacheEntry maps a raw qualified name to its expanded name, valid while the
// namespace bindings are unchanged (gen).
type cacheEntry struct {
	qname string
	name  Name
	gen   uint64
}

const cacheSize = 512

// Tokenizer reads tokens from an io.Reader.
type Tokenizer struct {
	r   io.Reader
	lim Limits
	err error

	buf      []byte
	pos, end int
	base     int64 // offset of buf[0] in the input
	eof      bool

	lineBase int   // lines before lineOff
	lineOff  int64 // offset up to which lines are counted

	stack  []frame
	names  []byte // storage for open element qnames
	ns     []binding
	defNS  string
	intern map[string]string

	cache   [cacheSize]cacheEntry
	gen     uint64 // incremented whenever namespace bindings change
	isSpace bool

	seenRoot   bool
	rootDone   bool
	pendingEnd bool

	// current token
	kind      Kind
	name      Name
	attrs     []Attr
	text      []byte
	tokOff    int64
	scratch   []byte
	rawAttrs  []rawAttr
	selfClose bool
}

type rawAttr struct {
	name, nameLen int // relative to pos
	val, valEnd   int
}

// New returns a tokenizer reading from r.
func New(r io.Reader, lim Limits) *Tokenizer {
	t := &Tokenizer{r: r, lim: lim.withDefaults(), intern: make(map[string]string, 128)}
	t.buf = make([]byte, 256<<10)
	t.ns = append(t.ns, binding{"xml", xmlNS})
	return t
}

// Offset returns the byte offset of the start of the current token.
func (t *Tokenizer) Offset() int64 { return t.tokOff }

// Line returns the 1-based line of the start of the current token.
func (t *Tokenizer) Line() int {
	rel := int(t.tokOff - t.base)
	if rel < 0 || t.tokOff < t.lineOff {
		return t.lineBase + 1
	}
	from := int(t.lineOff - t.base)
	if from < 0 {
		from = 0
	}
	t.lineBase += bytes.Count(t.buf[from:rel], nl)
	t.lineOff = t.tokOff
	return t.lineBase + 1
}

var nl = []byte{'\n'}

// Depth returns the number of open elements.
func (t *Tokenizer) Depth() int { return len(t.stack) }

// Name returns the expanded name of the current start or end element.
func (t *Tokenizer) Name() Name { return t.name }

// Attrs returns the attributes of the current start element (namespace
// declarations excluded).
func (t *Tokenizer) Attrs() []Attr { return t.attrs }

// Text returns the decoded character data of the current Text token.
func (t *Tokenizer) Text() []byte { return t.text }

// internAttr interns an unprefixed attribute name through the name cache
// (unprefixed attributes are in no namespace, so the entry is always valid).
func (t *Tokenizer) internAttr(b []byte) string {
	ce := &t.cache[(hashName(b)^0x5bd1e995)%cacheSize]
	if ce.gen == ^uint64(0) && ce.qname == string(b) {
		return ce.name.Local
	}
	s := t.Intern(b)
	if len(b) <= 64 {
		*ce = cacheEntry{qname: s, name: Name{Local: s}, gen: ^uint64(0)}
	}
	return s
}

// Preintern adds strings to the intern table, so that names equal to them
// come back as these very strings (comparisons then short-cut on pointers).
func (t *Tokenizer) Preintern(ss ...string) {
	for _, s := range ss {
		t.intern[s] = s
	}
}

// Intern returns the interned string for b.
func (t *Tokenizer) Intern(b []byte) string {
	if s, ok := t.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(t.intern) < 4096 {
		t.intern[s] = s
	}
	return s
}

func (t *Tokenizer) fail(kind error, format string, args ...any) error {
	t.tokOff = t.base + int64(t.pos)
	t.err = &SyntaxError{Kind: kind, Msg: fmt.Sprintf(format, args...), Offset: t.tokOff}
	t.err.(*SyntaxError).Line = t.Line()
	return t.err
}

// fill makes sure at least need bytes from pos are buffered, or EOF.
// It returns false at EOF with fewer bytes.
func (t *Tokenizer) fill(need int) bool {
	for t.end-t.pos < need {
		if t.eof {
			return false
		}
		if t.pos > 0 {
			// Count lines in the discarded prefix before moving.
			if from := int(t.lineOff - t.base); from < t.pos {
				if from < 0 {
					from = 0
				}
				t.lineBase += bytes.Count(t.buf[from:t.pos], nl)
				t.lineOff = t.base + int64(t.pos)
			}
			n := copy(t.buf, t.buf[t.pos:t.end])
			t.base += int64(t.pos)
			t.end = n
			t.pos = 0
		}
		if need > len(t.buf) {
			nb := make([]byte, max(need, 2*len(t.buf)))
			copy(nb, t.buf[:t.end])
			t.buf = nb
		}
		n, err := t.r.Read(t.buf[t.end:])
		t.end += n
		if err == io.EOF {
			t.eof = true
		} else if err != nil {
			t.err = err
			return false
		}
	}
	return true
}

// indexFrom finds c at or after pos+from, reading more input as needed, up
// to the token limit. It returns the index relative to pos, or -1.
func (t *Tokenizer) indexFrom(from int, c byte) int {
	for {
		if i := bytes.IndexByte(t.buf[t.pos+from:t.end], c); i >= 0 {
			return from + i
		}
		from = t.end - t.pos
		if from > t.lim.MaxTokenBytes {
			return -2
		}
		if !t.fill(from + 1) {
			return -1
		}
	}
}

// indexSeq finds seq at or after pos+from.
func (t *Tokenizer) indexSeq(from int, seq []byte) int {
	for {
		if i := bytes.Index(t.buf[t.pos+from:t.end], seq); i >= 0 {
			return from + i
		}
		from = max(from, t.end-t.pos-len(seq)+1)
		if t.end-t.pos > t.lim.MaxTokenBytes {
			return -2
		}
		if !t.fill(t.end - t.pos + 1) {
			return -1
		}
	}
}

// Next advances to the next token.
func (t *Tokenizer) Next() (Kind, error) {
	if t.err != nil {
		return EOF, t.err
	}
	if t.pendingEnd {
		t.pendingEnd = false
		return t.popEnd()
	}
	for {
		if t.pos >= t.end && !t.fill(1) {
			if t.err != nil {
				return EOF, t.err
			}
			if !t.seenRoot {
				return EOF, t.fail(ErrSyntax, "no root element")
			}
			if len(t.stack) > 0 {
				return EOF, t.fail(ErrSyntax, "unexpected end of input inside <%s>", t.names[t.stack[len(t.stack)-1].nameEnd:])
			}
			return EOF, nil
		}
		t.tokOff = t.base + int64(t.pos)
		if t.buf[t.pos] != '<' {
			k, err := t.readText()
			if err != nil || k == Text {
				return k, err
			}
			continue
		}
		if !t.fill(2) {
			return EOF, t.fail(ErrSyntax, "unexpected end of input after '<'")
		}
		switch c := t.buf[t.pos+1]; {
		case c == '/':
			return t.readEnd()
		case c == '?':
			if err := t.skipPI(); err != nil {
				return EOF, err
			}
		case c == '!':
			k, err := t.readBang()
			if err != nil || k == Text {
				return k, err
			}
		default:
			return t.readStart()
		}
	}
}

// readText reads character data up to the next '<'.
func (t *Tokenizer) readText() (Kind, error) {
	i := t.indexFrom(0, '<')
	if i == -2 {
		return EOF, t.fail(ErrLimit, "character data longer than %d bytes", t.lim.MaxTokenBytes)
	}
	if i == -1 {
		if t.err != nil {
			return EOF, t.err
		}
		i = t.end - t.pos
	}
	raw := t.buf[t.pos : t.pos+i]
	var acc uint8
	for _, c := range raw {
		acc |= charClass[c]
	}
	t.isSpace = acc&clNonSpace == 0
	if len(t.stack) == 0 {
		// Outside the root only white space is allowed (XML 1.0 §2.1 Misc).
		if !t.isSpace {
			return EOF, t.fail(ErrSyntax, "character data outside the root element")
		}
		t.pos += i
		return EOF, nil // caller continues
	}
	txt := raw
	if acc&clSpecial != 0 {
		if bytes.Contains(raw, []byte("]]>")) {
			return EOF, t.fail(ErrSyntax, "']]>' in character data")
		}
		var err error
		txt, err = t.decode(raw)
		if err != nil {
			return EOF, err
		}
		t.isSpace = true
		for _, c := range txt {
			if !isSpace(c) {
				t.isSpace = false
				break
			}
		}
	}
	t.pos += i
	t.text = txt
	t.kind = Text
	return Text, nil
}

// decode validates raw character data and decodes references.
func (t *Tokenizer) decode(raw []byte) ([]byte, error) {
	if !validText(raw) {
		return nil, t.fail(ErrSyntax, "invalid UTF-8 or control character in character data")
	}
	amp := bytes.IndexByte(raw, '&')
	if amp < 0 {
		return raw, nil
	}
	out := append(t.scratch[:0], raw[:amp]...)
	raw = raw[amp:]
	for len(raw) > 0 {
		if raw[0] != '&' {
			j := bytes.IndexByte(raw, '&')
			if j < 0 {
				j = len(raw)
			}
			out = append(out, raw[:j]...)
			raw = raw[j:]
			continue
		}
		semi := bytes.IndexByte(raw, ';')
		if semi < 0 || semi > 12 {
			return nil, t.fail(ErrSyntax, "unterminated reference")
		}
		ref := raw[1:semi]
		raw = raw[semi+1:]
		switch string(ref) {
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "amp":
			out = append(out, '&')
		case "apos":
			out = append(out, '\'')
		case "quot":
			out = append(out, '"')
		default:
			if len(ref) < 2 || ref[0] != '#' {
				return nil, t.fail(ErrUnsupported, "entity reference &%s; (only the five predefined entities are allowed)", ref)
			}
			r, ok := parseCharRef(ref[1:])
			if !ok {
				return nil, t.fail(ErrSyntax, "invalid character reference &%s;", ref)
			}
			out = utf8.AppendRune(out, r)
		}
	}
	t.scratch = out
	return out, nil
}

func parseCharRef(b []byte) (rune, bool) {
	base := 10
	if len(b) > 0 && b[0] == 'x' {
		base = 16
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 8 {
		return 0, false
	}
	var v rune
	for _, c := range b {
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return 0, false
		}
		v = v*rune(base) + d
	}
	return v, isXMLChar(v)
}

// isXMLChar reports whether r is a Char (XML 1.0 §2.2).
func isXMLChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}

// validText reports whether b is UTF-8 made of XML Chars.
func validText(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 || !isXMLChar(r) {
			return false
		}
		i += n
	}
	return true
}

const (
	clNonSpace = 1 << iota // not XML white space
	clSpecial              // '&', ']', a control character or a non-ASCII byte: needs the slow path
)

var charClass = func() (t [256]uint8) {
	for c := range 256 {
		if !isSpace(byte(c)) {
			t[c] |= clNonSpace
		}
		if c == '&' || c == ']' || c >= 0x80 || (c < 0x20 && !isSpace(byte(c))) {
			t[c] |= clSpecial
		}
	}
	return
}()

// TextIsSpace reports whether the current Text token is only white space.
func (t *Tokenizer) TextIsSpace() bool { return t.isSpace }

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

var nameByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = isNameByte(byte(c))
	}
	return
}()

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80
}

func (t *Tokenizer) skipPI() error {
	i := t.indexSeq(2, []byte("?>"))
	if i < 0 {
		if i == -2 {
			return t.fail(ErrLimit, "processing instruction too long")
		}
		return t.fail(ErrSyntax, "unterminated processing instruction")
	}
	body := t.buf[t.pos+2 : t.pos+i]
	if len(body) >= 3 && (body[0]|0x20) == 'x' && (body[1]|0x20) == 'm' && (body[2]|0x20) == 'l' &&
		(len(body) == 3 || isSpace(body[3])) {
		if t.base+int64(t.pos) != 0 {
			return t.fail(ErrSyntax, "XML declaration not at the start of the document")
		}
		if bytes.Contains(body, []byte("encoding")) {
			lb := bytes.ToLower(body)
			if !bytes.Contains(lb, []byte("utf-8")) && !bytes.Contains(lb, []byte("us-ascii")) {
				return t.fail(ErrUnsupported, "encoding other than UTF-8 (RFC 8909 §4)")
			}
		}
	}
	t.pos += i + 2
	return nil
}

func (t *Tokenizer) readBang() (Kind, error) {
	t.fill(9)
	rest := t.buf[t.pos:t.end]
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		i := t.indexSeq(4, []byte("--"))
		if i < 0 {
			if i == -2 {
				return EOF, t.fail(ErrLimit, "comment too long")
			}
			return EOF, t.fail(ErrSyntax, "unterminated comment")
		}
		if !t.fill(i+3) || t.buf[t.pos+i+2] != '>' {
			return EOF, t.fail(ErrSyntax, "'--' inside comment")
		}
		if !validText(t.buf[t.pos+4 : t.pos+i]) {
			return EOF, t.fail(ErrSyntax, "invalid character in comment")
		}
		t.pos += i + 3
		return EOF, nil
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		if len(t.stack) == 0 {
			return EOF, t.fail(ErrSyntax, "CDATA section outside the root element")
		}
		i := t.indexSeq(9, []byte("]]>"))
		if i < 0 {
			if i == -2 {
				return EOF, t.fail(ErrLimit, "CDATA section longer than %d bytes", t.lim.MaxTokenBytes)
			}
			return EOF, t.fail(ErrSyntax, "unterminated CDATA section")
		}
		raw := t.buf[t.pos+9 : t.pos+i]
		if !validText(raw) {
			return EOF, t.fail(ErrSyntax, "invalid UTF-8 or control character in CDATA section")
		}
		t.text = raw
		t.isSpace = true
		for _, c := range raw {
			if !isSpace(c) {
				t.isSpace = false
				break
			}
		}
		t.pos += i + 3
		t.kind = Text
		return Text, nil
	case bytes.HasPrefix(rest, []byte("<!DOCTYPE")):
		return EOF, t.fail(ErrUnsupported, "document type declaration (DTDs and entities are refused)")
	}
	return EOF, t.fail(ErrSyntax, "invalid markup after '<!'")
}

func (t *Tokenizer) lookup(prefix []byte) (string, bool) {
	for i := len(t.ns) - 1; i >= 0; i-- {
		if t.ns[i].prefix == string(prefix) {
			return t.ns[i].uri, true
		}
	}
	return "", false
}

// LookupPrefix returns the namespace name bound to prefix in the current
// scope ("" for the default namespace).
func (t *Tokenizer) LookupPrefix(prefix string) (string, bool) {
	if prefix == "" {
		return t.defNS, true
	}
	return t.lookup([]byte(prefix))
}

func splitQName(q []byte) (prefix, local []byte, ok bool) {
	i := bytes.IndexByte(q, ':')
	if i < 0 {
		return nil, q, len(q) > 0
	}
	prefix, local = q[:i], q[i+1:]
	return prefix, local, len(prefix) > 0 && len(local) > 0 && bytes.IndexByte(local, ':') < 0
}

func validNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

// readStart reads a start tag or empty-element tag (XML 1.0 §3.1) at pos:
// its name, its attributes, then the namespace declarations among them
// (Namespaces in XML 1.0 §3) before the other attributes are expanded.
func (t *Tokenizer) readStart() (Kind, error) {
	if t.rootDone {
		return EOF, t.fail(ErrSyntax, "content after the root element")
	}
	if len(t.stack) >= t.lim.MaxDepth {
		return EOF, t.fail(ErrLimit, "element nesting deeper than %d", t.lim.MaxDepth)
	}
	end := t.indexFrom(1, '>')
	// '>' may appear inside attribute values; scanAttrs re-scans with quote awareness.
	if end < 0 {
		if end == -2 {
			return EOF, t.fail(ErrLimit, "start tag longer than %d bytes", t.lim.MaxTokenBytes)
		}
		return EOF, t.fail(ErrSyntax, "unexpected end of input in start tag")
	}
	// The name, hashed for resolveElem's cache.
	const q = 1 // the name starts after '<'
	p := q
	h := uint32(2166136261)
	for {
		if t.pos+p >= t.end {
			return EOF, t.fail(ErrSyntax, "unexpected end of input in start tag")
		}
		c := t.buf[t.pos+p]
		if !nameByte[c] {
			break
		}
		h = (h ^ uint32(c)) * 16777619
		p++
	}
	qname := t.buf[t.pos+q : t.pos+p]
	if len(qname) == 0 || !validNameStart(qname[0]) {
		return EOF, t.fail(ErrSyntax, "invalid element name")
	}
	if len(qname) > t.lim.MaxNameLen {
		return EOF, t.fail(ErrLimit, "element name longer than %d bytes", t.lim.MaxNameLen)
	}
	nsMark := len(t.ns)
	defNS := t.defNS
	t.rawAttrs = t.rawAttrs[:0]
	t.selfClose = false
	t.attrs = t.attrs[:0]
	if t.buf[t.pos+p] == '>' { // most tags: no attributes
		p++
	} else {
		var err error
		if p, err = t.scanAttrs(p, end, qname); err != nil {
			return EOF, err
		}
		// Re-slice after possible buffer moves: offsets are relative to pos.
		qname = t.buf[t.pos+q : t.pos+q+len(qname)]
		if err := t.bindNamespaces(qname); err != nil {
			return EOF, err
		}
		if err := t.expandAttrs(); err != nil {
			return EOF, err
		}
	}
	if len(t.ns) != nsMark || t.defNS != defNS {
		t.gen++
	}
	name, err := t.resolveElem(qname, h)
	if err != nil {
		return EOF, err
	}
	t.name = name
	ns := len(t.names)
	t.names = append(t.names, qname...)
	t.stack = append(t.stack, frame{name: name, nsMark: nsMark, defNS: defNS, nameEnd: ns})
	t.seenRoot = true
	t.pos += p
	if t.selfClose {
		t.pendingEnd = true
	}
	t.kind = StartElement
	return StartElement, nil
}

// scanAttrs scans the attributes of a start tag from offset p to its '>' or
// '/>' (XML 1.0 §3.1), recording their offsets in rawAttrs and setting
// selfClose. end is the offset of the first '>' after the name; a '>' inside
// an attribute value moves it. It returns the offset after the tag.
func (t *Tokenizer) scanAttrs(p, end int, qname []byte) (int, error) {
	for {
		// Ensure the buffer covers up to the next '>' outside quotes.
		sp := p
		for t.pos+p < t.end && isSpace(t.buf[t.pos+p]) {
			p++
		}
		if t.pos+p >= t.end {
			if !t.fill(p + 1) {
				return 0, t.fail(ErrSyntax, "unexpected end of input in start tag")
			}
			continue
		}
		c := t.buf[t.pos+p]
		if c == '>' {
			return p + 1, nil
		}
		if c == '/' {
			if !t.fill(p+2) || t.buf[t.pos+p+1] != '>' {
				return 0, t.fail(ErrSyntax, "expected '>' after '/' in start tag")
			}
			t.selfClose = true
			return p + 2, nil
		}
		if sp == p {
			return 0, t.fail(ErrSyntax, "missing white space before attribute in <%s>", qname)
		}
		if len(t.rawAttrs) >= t.lim.MaxAttrs {
			return 0, t.fail(ErrLimit, "more than %d attributes in <%s>", t.lim.MaxAttrs, qname)
		}
		var err error
		if p, end, err = t.scanAttr(p, end, qname); err != nil {
			return 0, err
		}
	}
}

// scanAttr scans one attribute, name = quoted value (XML 1.0 §3.1 Attribute),
// at offset p and appends it to rawAttrs. It returns the offset after the
// closing quote and the tag's end offset, moved past the value if the value
// contains '>'.
func (t *Tokenizer) scanAttr(p, end int, qname []byte) (int, int, error) {
	an := p
	for t.pos+p < t.end && nameByte[t.buf[t.pos+p]] {
		p++
	}
	aq := t.buf[t.pos+an : t.pos+p]
	if len(aq) == 0 || !validNameStart(aq[0]) {
		return 0, 0, t.fail(ErrSyntax, "invalid attribute name in <%s>", qname)
	}
	if len(aq) > t.lim.MaxNameLen {
		return 0, 0, t.fail(ErrLimit, "attribute name longer than %d bytes", t.lim.MaxNameLen)
	}
	for t.pos+p < t.end && isSpace(t.buf[t.pos+p]) {
		p++
	}
	if t.pos+p >= t.end || t.buf[t.pos+p] != '=' {
		return 0, 0, t.fail(ErrSyntax, "expected '=' after attribute %s", aq)
	}
	p++
	for t.pos+p < t.end && isSpace(t.buf[t.pos+p]) {
		p++
	}
	if t.pos+p >= t.end {
		return 0, 0, t.fail(ErrSyntax, "unexpected end of input in start tag")
	}
	quote := t.buf[t.pos+p]
	if quote != '"' && quote != '\'' {
		return 0, 0, t.fail(ErrSyntax, "attribute value not quoted")
	}
	p++
	// The value may contain '>' so make sure the closing quote is buffered.
	vs := p
	qi := t.indexFrom(p, quote)
	if qi < 0 {
		if qi == -2 {
			return 0, 0, t.fail(ErrLimit, "start tag longer than %d bytes", t.lim.MaxTokenBytes)
		}
		return 0, 0, t.fail(ErrSyntax, "unterminated attribute value")
	}
	// Buffer may have moved; offsets are relative to pos.
	p = qi + 1
	if p > end {
		// The value contained '>': find the real end of the tag.
		if end = t.indexFrom(p, '>'); end < 0 {
			if end == -2 {
				return 0, 0, t.fail(ErrLimit, "start tag longer than %d bytes", t.lim.MaxTokenBytes)
			}
			return 0, 0, t.fail(ErrSyntax, "unexpected end of input in start tag")
		}
	}
	if bytes.IndexByte(t.buf[t.pos+vs:t.pos+qi], '<') >= 0 {
		return 0, 0, t.fail(ErrSyntax, "'<' in attribute value")
	}
	t.rawAttrs = append(t.rawAttrs, rawAttr{name: an, nameLen: len(aq), val: vs, valEnd: qi})
	return p, end, nil
}

// bindNamespaces applies the namespace declarations among the scanned
// attributes (xmlns and xmlns:prefix, Namespaces in XML 1.0 §3), refusing
// the reserved prefixes' illegal bindings and empty prefixed names.
func (t *Tokenizer) bindNamespaces(qname []byte) error {
	for i := range t.rawAttrs {
		a := t.resolveRaw(i)
		if !a.ok {
			return t.fail(ErrSyntax, "invalid attribute name in <%s>", qname)
		}
		switch {
		case a.prefix == nil && string(a.local) == "xmlns":
			v, err := t.attrValue(a.value)
			if err != nil {
				return err
			}
			t.defNS = t.Intern(v)
		case string(a.prefix) == "xmlns":
			v, err := t.attrValue(a.value)
			if err != nil {
				return err
			}
			if len(v) == 0 {
				return t.fail(ErrSyntax, "empty namespace name for prefix %s (Namespaces in XML 1.0 §3)", a.local)
			}
			if string(a.local) == "xmlns" || (string(a.local) == "xml") != (string(v) == xmlNS) {
				return t.fail(ErrSyntax, "illegal binding of reserved prefix %s", a.local)
			}
			if len(t.ns) >= t.lim.MaxNamespaces {
				return t.fail(ErrLimit, "more than %d namespace bindings in scope", t.lim.MaxNamespaces)
			}
			t.ns = append(t.ns, binding{t.Intern(a.local), t.Intern(v)})
		}
	}
	return nil
}

// expandAttrs expands the names of the other attributes in the scope the
// declarations made (Namespaces in XML 1.0 §6.3: unprefixed attributes are
// in no namespace), decodes their values and refuses duplicates (§6.3, XML
// 1.0 §3.1 Unique Att Spec).
func (t *Tokenizer) expandAttrs() error {
	for i := range t.rawAttrs {
		a := t.resolveRaw(i)
		if (a.prefix == nil && string(a.local) == "xmlns") || string(a.prefix) == "xmlns" {
			continue
		}
		var an Name
		if a.prefix != nil {
			uri, ok := t.lookup(a.prefix)
			if !ok {
				return t.fail(ErrSyntax, "undeclared namespace prefix %s", a.prefix)
			}
			an.Space = uri
			an.Local = t.Intern(a.local)
		} else {
			an.Local = t.internAttr(a.local)
		}
		v, err := t.attrValue(a.value)
		if err != nil {
			return err
		}
		for _, b := range t.attrs {
			if b.Name == an {
				return t.fail(ErrSyntax, "duplicate attribute %s", a.local)
			}
		}
		t.attrs = append(t.attrs, Attr{Name: an, Value: v})
	}
	return nil
}

func hashName(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}

// resolveElem expands an element's qualified name (Namespaces in XML 1.0 §6.2).
func (t *Tokenizer) resolveElem(qname []byte, h uint32) (Name, error) {
	ce := &t.cache[h%cacheSize]
	if ce.gen == t.gen && ce.qname == string(qname) {
		return ce.name, nil
	}
	pre, loc, ok := splitQName(qname)
	if !ok {
		return Name{}, t.fail(ErrSyntax, "invalid element name %s", qname)
	}
	var n Name
	n.Local = t.Intern(loc)
	if pre != nil {
		uri, ok := t.lookup(pre)
		if !ok {
			return Name{}, t.fail(ErrSyntax, "undeclared namespace prefix %s", pre)
		}
		n.Space = uri
	} else {
		n.Space = t.defNS
	}
	if len(qname) <= 64 {
		*ce = cacheEntry{qname: string(qname), name: n, gen: t.gen}
	}
	return n, nil
}

type resolved struct {
	prefix, local, value []byte
	ok                   bool
}

func (t *Tokenizer) resolveRaw(i int) resolved {
	a := t.rawAttrs[i]
	pre, loc, ok := splitQName(t.buf[t.pos+a.name : t.pos+a.name+a.nameLen])
	return resolved{pre, loc, t.buf[t.pos+a.val : t.pos+a.valEnd], ok}
}

// attrValue validates and decodes an attribute value, normalizing white
// space characters to spaces (XML 1.0 §3.3.3).
func (t *Tokenizer) attrValue(v []byte) ([]byte, error) {
	if !validText(v) {
		return nil, t.fail(ErrSyntax, "invalid UTF-8 or control character in attribute value")
	}
	needs := bytes.IndexByte(v, '&') >= 0
	if !needs {
		for _, c := range v {
			if c == '\n' || c == '\t' || c == '\r' {
				needs = true
				break
			}
		}
	}
	if !needs {
		return v, nil
	}
	// Literal white space becomes a space first; character references are
	// then decoded as written (XML 1.0 §3.3.3).
	norm := make([]byte, len(v))
	for i, c := range v {
		if c == '\n' || c == '\t' || c == '\r' {
			c = ' '
		}
		norm[i] = c
	}
	d, err := t.decode(norm)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(d))
	copy(out, d)
	return out, nil
}

func (t *Tokenizer) readEnd() (Kind, error) {
	i := t.indexFrom(2, '>')
	if i < 0 {
		if i == -2 {
			return EOF, t.fail(ErrLimit, "end tag too long")
		}
		return EOF, t.fail(ErrSyntax, "unexpected end of input in end tag")
	}
	qn := t.buf[t.pos+2 : t.pos+i]
	for len(qn) > 0 && isSpace(qn[len(qn)-1]) {
		qn = qn[:len(qn)-1]
	}
	if len(t.stack) == 0 {
		return EOF, t.fail(ErrSyntax, "end tag </%s> without start tag", qn)
	}
	f := t.stack[len(t.stack)-1]
	if string(qn) != string(t.names[f.nameEnd:]) {
		return EOF, t.fail(ErrSyntax, "end tag </%s> does not match <%s>", qn, t.names[f.nameEnd:])
	}
	t.pos += i + 1
	return t.popEnd()
}

func (t *Tokenizer) popEnd() (Kind, error) {
	f := t.stack[len(t.stack)-1]
	t.name = f.name
	t.stack = t.stack[:len(t.stack)-1]
	t.names = t.names[:f.nameEnd]
	if len(t.ns) != f.nsMark || t.defNS != f.defNS {
		t.ns = t.ns[:f.nsMark]
		t.defNS = f.defNS
		t.gen++
	}
	if len(t.stack) == 0 {
		t.rootDone = true
	}
	t.attrs = t.attrs[:0]
	t.kind = EndElement
	return EndElement, nil
}
