package escrow

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// prefixes used by the Writer for the namespaces it knows. Readers must not
// depend on them (RFC 8909 §4); they match the RFC 9022 examples.
var writerPrefixes = []struct{ prefix, uri string }{
	{"rde", NSRDE}, {"rdeHeader", NSHeader}, {"rdeDomain", NSDomain}, {"rdeHost", NSHost},
	{"rdeContact", NSContact}, {"rdeRegistrar", NSRegistrar}, {"rdeIDN", NSIDN}, {"rdeNNDN", NSNNDN},
	{"rdeEppParams", NSEppParams}, {"rdePolicy", NSPolicy}, {"rdeCsv", NSCSV},
	{"csvDomain", NSCSVDomain}, {"csvHost", NSCSVHost}, {"csvContact", NSCSVContact},
	{"csvRegistrar", NSCSVRegistrar}, {"csvIDN", NSCSVIDN}, {"csvNNDN", NSCSVNNDN},
	{"epp", nsEPP}, {"domain", nsEPPDomain}, {"host", nsEPPHost}, {"contact", nsEPPContact},
	{"secDNS", nsSecDNS}, {"rgp", nsRGP},
}

var prefixOf = func() map[string]string {
	m := map[string]string{}
	for _, p := range writerPrefixes {
		m[p.uri] = p.prefix
	}
	return m
}()

// Writer writes a deposit (RFC 8909 §5) object by object. Deletes must be
// written before contents (RFC 8909 §5.1 element order); Close ends the
// document. The output is UTF-8 and uses the RFC 9022 example prefixes;
// elements of other namespaces get local declarations.
type Writer struct {
	w       *bufio.Writer
	section string // "", "deletes", "contents"
	model   string // open csvX wrapper namespace
	err     error
	closed  bool
	count   int64
}

// NewWriter writes the XML declaration and the deposit envelope (root
// attributes, watermark, rdeMenu) of dep to w.
func NewWriter(w io.Writer, dep *Deposit) (*Writer, error) {
	if dep.Type != Full && dep.Type != Incremental && dep.Type != Differential {
		return nil, &Error{Kind: ErrInvalid, Clause: "RFC 8909 §5.1", Err: fmt.Errorf("deposit type %q", dep.Type)}
	}
	if !validDepositID(dep.ID) || (dep.PrevID != "" && !validDepositID(dep.PrevID)) {
		return nil, &Error{Kind: ErrInvalid, Clause: "RFC 8909 §5.1", Err: fmt.Errorf("deposit id %q / prevId %q do not match \\w{1,13}", dep.ID, dep.PrevID)}
	}
	if dep.Type == Differential && dep.PrevID == "" {
		return nil, &Error{Kind: ErrInvalid, Clause: "RFC 8909 §5.1", Err: errors.New("DIFF deposit needs prevId")}
	}
	wr := &Writer{w: bufio.NewWriterSize(w, 256<<10)}
	b := wr.w
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rde:deposit type=\"")
	b.WriteString(string(dep.Type))
	b.WriteString("\" id=\"")
	escapeAttr(b, dep.ID)
	b.WriteString("\"")
	if dep.PrevID != "" {
		b.WriteString(" prevId=\"")
		escapeAttr(b, dep.PrevID)
		b.WriteString("\"")
	}
	if dep.Resend != 0 {
		b.WriteString(" resend=\"" + strconv.Itoa(dep.Resend) + "\"")
	}
	for _, p := range writerPrefixes {
		b.WriteString("\n  xmlns:" + p.prefix + "=\"" + p.uri + "\"")
	}
	b.WriteString(">\n  <rde:watermark>")
	wm := dep.WatermarkText
	if wm == "" {
		wm = dep.Watermark.UTC().Format(time.RFC3339Nano)
	}
	escapeText(b, wm)
	b.WriteString("</rde:watermark>\n  <rde:rdeMenu>\n    <rde:version>")
	v := dep.Version
	if v == "" {
		v = "1.0"
	}
	escapeText(b, v)
	b.WriteString("</rde:version>\n")
	for _, u := range dep.ObjURIs {
		b.WriteString("    <rde:objURI>")
		escapeText(b, u)
		b.WriteString("</rde:objURI>\n")
	}
	b.WriteString("  </rde:rdeMenu>\n")
	return wr, nil
}

// Write writes one object. Objects with Delete set go to <rde:deletes>, which
// must come before <rde:contents>.
func (w *Writer) Write(o *Object) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return errors.New("escrow: write after Close")
	}
	if o.Elem == nil {
		return &Error{Kind: ErrInvalid, Err: errors.New("object without element")}
	}
	want := "contents"
	if o.Delete {
		want = "deletes"
	}
	if want != w.section {
		if w.section == "contents" {
			w.err = &Error{Kind: ErrInvalid, Clause: "RFC 8909 §5.1", Object: o.Describe(), Err: errors.New("delete written after contents")}
			return w.err
		}
		w.closeWrapper()
		if w.section != "" {
			w.w.WriteString("  </rde:" + w.section + ">\n")
		}
		w.section = want
		w.w.WriteString("  <rde:" + want + ">\n")
	}
	model := ""
	if o.Kind == KindCSV {
		model = o.Model
		if prefixOf[model] == "" || csvModelKind(model) == KindUnknown {
			w.err = &Error{Kind: ErrInvalid, Clause: "RFC 9022 §4.6", Object: o.Describe(), Err: fmt.Errorf("CSV object with unknown model %q", model)}
			return w.err
		}
	}
	if model != w.model {
		w.closeWrapper()
		if model != "" {
			w.w.WriteString("    <" + prefixOf[model] + ":" + want + ">\n")
			w.model = model
		}
	}
	indent := 4
	if w.model != "" {
		indent = 6
	}
	writeElement(w.w, o.Elem, indent, nil)
	w.count++
	return nil
}

func (w *Writer) closeWrapper() {
	if w.model != "" {
		w.w.WriteString("    </" + prefixOf[w.model] + ":" + w.section + ">\n")
		w.model = ""
	}
}

// Close ends the deposit and flushes. It does not close the underlying writer.
func (w *Writer) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err != nil {
		return w.err
	}
	w.closeWrapper()
	if w.section != "" {
		w.w.WriteString("  </rde:" + w.section + ">\n")
	}
	w.w.WriteString("</rde:deposit>\n")
	w.err = w.w.Flush()
	return w.err
}

// writeElement writes e. local holds extra namespace bindings (uri→prefix)
// declared by ancestors for unknown namespaces.
func writeElement(b *bufio.Writer, e *Element, indent int, local map[string]string) {
	for range indent {
		b.WriteByte(' ')
	}
	writeTree(b, e, indent, local)
	b.WriteByte('\n')
}

func writeTree(b *bufio.Writer, e *Element, indent int, local map[string]string) {
	var decl []string
	qname := func(space, local2 string, attr bool) string {
		if space == "" {
			return local2
		}
		if p, ok := prefixOf[space]; ok {
			return p + ":" + local2
		}
		if p, ok := local[space]; ok {
			return p + ":" + local2
		}
		nl := make(map[string]string, len(local)+1)
		for k, v := range local {
			nl[k] = v
		}
		p := "ns" + strconv.Itoa(len(nl)+1)
		nl[space] = p
		local = nl
		decl = append(decl, p, space)
		return p + ":" + local2
	}
	name := qname(e.Name.Space, e.Name.Local, false)
	b.WriteByte('<')
	b.WriteString(name)
	var attrNames []string
	for _, a := range e.Attrs {
		attrNames = append(attrNames, qname(a.Name.Space, a.Name.Local, true))
	}
	for i := 0; i < len(decl); i += 2 {
		b.WriteString(" xmlns:" + decl[i] + "=\"")
		escapeAttr(b, decl[i+1])
		b.WriteByte('"')
	}
	for i, a := range e.Attrs {
		b.WriteByte(' ')
		b.WriteString(attrNames[i])
		b.WriteString("=\"")
		escapeAttr(b, a.Value)
		b.WriteByte('"')
	}
	if len(e.Children) == 0 && e.Text == "" {
		b.WriteString("/>")
		return
	}
	b.WriteByte('>')
	escapeText(b, e.Text)
	if len(e.Children) > 0 {
		for _, c := range e.Children {
			b.WriteByte('\n')
			for range indent + 2 {
				b.WriteByte(' ')
			}
			writeTree(b, c, indent+2, local)
		}
		b.WriteByte('\n')
		for range indent {
			b.WriteByte(' ')
		}
	}
	b.WriteString("</")
	b.WriteString(name)
	b.WriteByte('>')
}

func escapeText(b *bufio.Writer, s string) {
	for {
		i := strings.IndexAny(s, "<>&\r")
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		switch s[i] {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\r':
			b.WriteString("&#13;")
		}
		s = s[i+1:]
	}
}

func escapeAttr(b *bufio.Writer, s string) {
	for {
		i := strings.IndexAny(s, "<&\"\t\n\r")
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		switch s[i] {
		case '<':
			b.WriteString("&lt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\t':
			b.WriteString("&#9;")
		case '\n':
			b.WriteString("&#10;")
		case '\r':
			b.WriteString("&#13;")
		}
		s = s[i+1:]
	}
}

// NewElement returns an element with the given name and text, for building
// objects to write.
func NewElement(space, local, text string, attrs ...Attr) *Element {
	return &Element{Name: Name{space, local}, Text: text, Attrs: attrs}
}

// Add appends children to e and returns e.
func (e *Element) Add(children ...*Element) *Element {
	e.Children = append(e.Children, children...)
	return e
}
