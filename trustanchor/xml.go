package trustanchor

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Document is a parsed IANA root-anchors.xml (RFC 9718 §2, RFC 7958 §2).
type Document struct {
	ID         string      // TrustAnchor/@id, opaque (RFC 9718 §2.2)
	Source     string      // TrustAnchor/@source, advisory
	Zone       string      // Zone, presentation format with trailing dot
	KeyDigests []KeyDigest // in document order
}

// KeyDigest is one KeyDigest element: a past, current or future key of the
// zone, by digest and optionally by public key (RFC 9718 §2.1).
type KeyDigest struct {
	ID         string
	ValidFrom  time.Time
	ValidUntil time.Time // zero when absent (open ended)
	KeyTag     uint16
	Algorithm  uint8
	DigestType uint8
	Digest     string // upper-case hex, as IANA publishes it
	PublicKey  string // base64, empty when absent (RFC 7958 documents)
	Flags      uint16 // meaningful only when PublicKey is set
	Line       int    // line of the KeyDigest start tag
}

// HasPublicKey reports whether the element carries PublicKey and Flags.
func (k *KeyDigest) HasPublicKey() bool { return k.PublicKey != "" }

// DS returns the digest as a DS record owned by zone.
func (k *KeyDigest) DS(zone string) *dns.DS {
	return &dns.DS{
		Hdr:        dns.RR_Header{Name: dns.Fqdn(zone), Rrtype: dns.TypeDS, Class: dns.ClassINET},
		KeyTag:     k.KeyTag,
		Algorithm:  k.Algorithm,
		DigestType: k.DigestType,
		Digest:     strings.ToUpper(k.Digest),
	}
}

// DNSKEY returns the public key as a DNSKEY record owned by zone, or nil when
// the element has no PublicKey.
func (k *KeyDigest) DNSKEY(zone string) *dns.DNSKEY {
	if !k.HasPublicKey() {
		return nil
	}
	return &dns.DNSKEY{
		Hdr:       dns.RR_Header{Name: dns.Fqdn(zone), Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET},
		Flags:     k.Flags,
		Protocol:  3,
		Algorithm: k.Algorithm,
		PublicKey: k.PublicKey,
	}
}

func (k *KeyDigest) name() string { return fmt.Sprintf("KeyDigest id %q", k.ID) }

// XMLConfig tunes ParseXML. The zero value is strict and uses the default
// limits.
type XMLConfig struct {
	Name          string // document name used in errors; default "root-anchors.xml"
	MaxSize       int    // default MaxDocumentSize
	MaxKeyDigests int    // default MaxKeyDigests
}

const xmlFile = "root-anchors.xml"

// ParseXML parses an RFC 9718 (or RFC 7958) root-anchors.xml document with
// the default configuration.
func ParseXML(data []byte) (*Document, error) { return (*XMLConfig)(nil).Parse(data) }

// Parse parses a root-anchors.xml document. White space between elements
// and inside values is tolerated and comments are skipped (RFC 9718 §2.2);
// DOCTYPE declarations, entity references other than the five predefined
// ones, processing instructions other than the XML declaration, unknown
// elements and unknown attributes are refused. Every KeyDigest must carry
// KeyTag, Algorithm, DigestType, Digest and validFrom; PublicKey and Flags
// appear together or not at all (RFC 9718 §2.1). A nil c is the zero
// XMLConfig.
func (c *XMLConfig) Parse(data []byte) (*Document, error) {
	if c == nil {
		c = &XMLConfig{}
	}
	name := c.Name
	if name == "" {
		name = xmlFile
	}
	if n := pick(c.MaxSize, MaxDocumentSize); len(data) > n {
		return nil, errorf(ErrLimitExceeded, "", name, 0, "", "document is %d bytes, limit %d", len(data), n)
	}
	p := &xmlParser{
		dec:   xml.NewDecoder(bytes.NewReader(data)),
		name:  name,
		maxKD: pick(c.MaxKeyDigests, MaxKeyDigests),
	}
	p.dec.Strict = true
	p.dec.Entity = nil
	p.dec.CharsetReader = nil
	return p.document()
}

type xmlParser struct {
	dec   *xml.Decoder
	name  string
	maxKD int
}

func (p *xmlParser) line() int {
	l, _ := p.dec.InputPos()
	return l
}

func (p *xmlParser) fail(kind error, clause, anchor, format string, args ...any) error {
	return errorf(kind, clause, p.name, p.line(), anchor, format, args...)
}

// token returns the next token that is not a comment, refusing directives
// and processing instructions (except a leading XML declaration).
func (p *xmlParser) token() (xml.Token, error) {
	for {
		tok, err := p.dec.Token()
		if err != nil {
			if err == io.EOF {
				return nil, err
			}
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, errorf(ErrMalformed, "XML 1.0 §2", p.name, se.Line, "", "%s", se.Msg)
			}
			return nil, p.fail(ErrMalformed, "XML 1.0 §2", "", "%v", err)
		}
		switch t := tok.(type) {
		case xml.Comment:
			continue // RFC 9718 §2.2: comments are allowed
		case xml.Directive:
			return nil, p.fail(ErrUnsupported, "RFC 9718 §2.1", "", "DOCTYPE and other declarations are refused")
		case xml.ProcInst:
			if t.Target == "xml" {
				enc := strings.ToLower(string(t.Inst))
				if strings.Contains(enc, "encoding") && !strings.Contains(enc, "utf-8") {
					return nil, p.fail(ErrUnsupported, "RFC 9718 §2.1", "", "only UTF-8 documents are accepted")
				}
				continue
			}
			return nil, p.fail(ErrUnsupported, "RFC 9718 §2.1", "", "processing instruction %q refused", t.Target)
		case xml.StartElement:
			if t.Name.Space != "" {
				return nil, p.fail(ErrMalformed, "RFC 9718 §2.1", "", "element <%s> in namespace %q not in the schema", t.Name.Local, t.Name.Space)
			}
			return t.Copy(), nil
		case xml.EndElement:
			return t, nil
		case xml.CharData:
			return t.Copy(), nil
		}
	}
}

// text reads the character content of the element just opened, refusing
// nested elements, and returns it with surrounding white space removed and
// inner white space collapsed out.
func (p *xmlParser) text(elem string) (string, error) {
	var b strings.Builder
	for {
		tok, err := p.token()
		if err != nil {
			if err == io.EOF {
				return "", p.fail(ErrMalformed, "XML 1.0 §2", "", "unexpected end of document in <%s>", elem)
			}
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if b.Len()+len(t) > MaxLineLength {
				return "", p.fail(ErrLimitExceeded, "", "", "<%s> longer than %d bytes", elem, MaxLineLength)
			}
			b.Write(t)
		case xml.StartElement:
			return "", p.fail(ErrMalformed, "RFC 9718 §2.1", "", "unexpected <%s> inside <%s>", t.Name.Local, elem)
		case xml.EndElement:
			return strings.Join(strings.Fields(b.String()), ""), nil
		}
	}
}

func isSpace(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

func (p *xmlParser) document() (*Document, error) {
	// Find the root element.
	var root xml.StartElement
	for {
		tok, err := p.token()
		if err == io.EOF {
			return nil, p.fail(ErrMalformed, "RFC 9718 §2.1", "", "no TrustAnchor element")
		}
		if err != nil {
			return nil, err
		}
		if cd, ok := tok.(xml.CharData); ok {
			if !isSpace(cd) {
				return nil, p.fail(ErrMalformed, "XML 1.0 §2.1", "", "text outside the root element")
			}
			continue
		}
		st, ok := tok.(xml.StartElement)
		if !ok || st.Name.Local != "TrustAnchor" {
			return nil, p.fail(ErrMalformed, "RFC 9718 §2.1", "", "root element must be TrustAnchor")
		}
		root = st
		break
	}
	doc := &Document{}
	for _, a := range root.Attr {
		switch {
		case a.Name.Space == "" && a.Name.Local == "id":
			doc.ID = a.Value
		case a.Name.Space == "" && a.Name.Local == "source":
			doc.Source = a.Value
		case a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns"):
			return nil, p.fail(ErrMalformed, "RFC 9718 §2.1", "", "namespaces are not part of the schema")
		default:
			return nil, p.fail(ErrMalformed, "RFC 9718 §2.1", "", "unknown TrustAnchor attribute %q", a.Name.Local)
		}
	}
	if doc.ID == "" || doc.Source == "" {
		return nil, p.fail(ErrMalformed, "RFC 9718 §2.1", "", "TrustAnchor needs id and source attributes")
	}
	var problems []error
	seenZone := false
	for {
		tok, err := p.token()
		if err == io.EOF {
			return nil, p.fail(ErrMalformed, "XML 1.0 §2", "", "unexpected end of document in <TrustAnchor>")
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if !isSpace(t) {
				return nil, p.fail(ErrMalformed, "RFC 9718 §2.1", "", "text directly inside <TrustAnchor>")
			}
		case xml.StartElement:
			switch t.Name.Local {
			case "Zone":
				if seenZone || len(doc.KeyDigests) > 0 {
					return nil, p.fail(ErrMalformed, "RFC 9718 §2.1", "", "Zone must appear once, before the KeyDigests")
				}
				if len(t.Attr) > 0 {
					return nil, p.fail(ErrMalformed, "RFC 9718 §2.1", "", "Zone takes no attributes")
				}
				z, err := p.text("Zone")
				if err != nil {
					return nil, err
				}
				if _, ok := dns.IsDomainName(z); !ok || !dns.IsFqdn(z) {
					return nil, p.fail(ErrMalformed, "RFC 9718 §2.2", "", "Zone %q is not an absolute domain name", z)
				}
				doc.Zone = lowerName(z)
				seenZone = true
			case "KeyDigest":
				if !seenZone {
					return nil, p.fail(ErrMalformed, "RFC 9718 §2.1", "", "KeyDigest before Zone")
				}
				if len(doc.KeyDigests) >= p.maxKD {
					return nil, p.fail(ErrLimitExceeded, "", "", "more than %d KeyDigest elements", p.maxKD)
				}
				kd, errs, err := p.keyDigest(t)
				if err != nil {
					return nil, err
				}
				problems = append(problems, errs...)
				doc.KeyDigests = append(doc.KeyDigests, kd)
			default:
				return nil, p.fail(ErrMalformed, "RFC 9718 §2.1", "", "unknown element <%s> in <TrustAnchor>", t.Name.Local)
			}
		case xml.EndElement:
			if !seenZone {
				return nil, p.fail(ErrMalformed, "RFC 9718 §2.1", "", "TrustAnchor has no Zone")
			}
			if len(doc.KeyDigests) == 0 {
				return nil, p.fail(ErrMalformed, "RFC 9718 §2.1", "", "TrustAnchor has no KeyDigest")
			}
			// Only white space and comments may follow.
			for {
				tok, err := p.token()
				if err == io.EOF {
					break
				}
				if err != nil {
					return nil, err
				}
				if cd, ok := tok.(xml.CharData); ok && isSpace(cd) {
					continue
				}
				return nil, p.fail(ErrMalformed, "XML 1.0 §2.1", "", "content after the root element")
			}
			if len(problems) > 0 {
				return nil, errors.Join(problems...)
			}
			return doc, nil
		}
	}
}

// keyDigest parses one KeyDigest element. Field problems are collected in
// errs so that every one is reported; err is a fatal structural error.
func (p *xmlParser) keyDigest(start xml.StartElement) (kd KeyDigest, errs []error, err error) {
	kd.Line = p.line()
	bad := func(format string, args ...any) {
		errs = append(errs, errorf(ErrMalformed, "RFC 9718 §2.1", p.name, kd.Line, kd.name(), format, args...))
	}
	if err := p.keyDigestAttrs(start, &kd, bad); err != nil {
		return kd, nil, err
	}
	seen := map[string]bool{}
	for {
		tok, err := p.token()
		if err == io.EOF {
			return kd, nil, p.fail(ErrMalformed, "XML 1.0 §2", "", "unexpected end of document in <KeyDigest>")
		}
		if err != nil {
			return kd, nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if !isSpace(t) {
				return kd, nil, p.fail(ErrMalformed, "RFC 9718 §2.1", kd.name(), "text directly inside <KeyDigest>")
			}
		case xml.StartElement:
			el := t.Name.Local
			switch el {
			case "KeyTag", "Algorithm", "DigestType", "Digest", "PublicKey", "Flags":
			default:
				return kd, nil, p.fail(ErrMalformed, "RFC 9718 §2.1", kd.name(), "unknown element <%s>", el)
			}
			if seen[el] {
				return kd, nil, p.fail(ErrMalformed, "RFC 9718 §2.1", kd.name(), "duplicate <%s>", el)
			}
			if len(t.Attr) > 0 {
				return kd, nil, p.fail(ErrMalformed, "RFC 9718 §2.1", kd.name(), "<%s> takes no attributes", el)
			}
			seen[el] = true
			v, err := p.text(el)
			if err != nil {
				return kd, nil, err
			}
			kd.setField(el, v, bad)
		case xml.EndElement:
			kd.finish(seen, bad)
			return kd, errs, nil
		}
	}
}

// keyDigestAttrs reads the id, validFrom and validUntil attributes (RFC
// 9718 §2.1); an unknown attribute is a fatal error.
func (p *xmlParser) keyDigestAttrs(start xml.StartElement, kd *KeyDigest, bad func(string, ...any)) error {
	var from, until string
	for _, a := range start.Attr {
		if a.Name.Space != "" {
			return p.fail(ErrMalformed, "RFC 9718 §2.1", "", "unknown KeyDigest attribute %s:%s", a.Name.Space, a.Name.Local)
		}
		switch a.Name.Local {
		case "id":
			kd.ID = a.Value
		case "validFrom":
			from = a.Value
		case "validUntil":
			until = a.Value
		default:
			return p.fail(ErrMalformed, "RFC 9718 §2.1", "", "unknown KeyDigest attribute %q", a.Name.Local)
		}
	}
	if kd.ID == "" {
		bad("missing id attribute")
	}
	if from == "" {
		bad("missing validFrom attribute")
	} else if t, err := parseDateTime(from); err != nil {
		bad("validFrom: %v", err)
	} else {
		kd.ValidFrom = t
	}
	if until != "" {
		if t, err := parseDateTime(until); err != nil {
			bad("validUntil: %v", err)
		} else {
			kd.ValidUntil = t
		}
	}
	return nil
}

// setField stores the text v of child element el, reporting values that
// do not fit its type (RFC 9718 §2.1).
func (kd *KeyDigest) setField(el, v string, bad func(string, ...any)) {
	switch el {
	case "KeyTag":
		n, err := strconv.ParseUint(v, 10, 16)
		if err != nil {
			bad("KeyTag %q is not an integer 0..65535", v)
		}
		kd.KeyTag = uint16(n)
	case "Algorithm", "DigestType":
		n, err := strconv.ParseUint(v, 10, 8)
		if err != nil {
			bad("%s %q is not an integer 0..255", el, v)
		}
		if el == "Algorithm" {
			kd.Algorithm = uint8(n)
		} else {
			kd.DigestType = uint8(n)
		}
	case "Digest":
		if _, err := hex.DecodeString(v); err != nil || v == "" {
			bad("Digest is not hexBinary")
		}
		kd.Digest = strings.ToUpper(v)
	case "PublicKey":
		if _, err := base64.StdEncoding.DecodeString(v); err != nil || v == "" {
			bad("PublicKey is not base64Binary")
		}
		kd.PublicKey = v
	case "Flags":
		n, err := strconv.ParseUint(v, 10, 16)
		if err != nil {
			bad("Flags %q is not an integer 0..65535", v)
		}
		kd.Flags = uint16(n)
	}
}

// finish checks at </KeyDigest> that the required elements are there,
// PublicKey and Flags together (RFC 9718 §2.1), and the validity period
// in order.
func (kd *KeyDigest) finish(seen map[string]bool, bad func(string, ...any)) {
	for _, el := range []string{"KeyTag", "Algorithm", "DigestType", "Digest"} {
		if !seen[el] {
			bad("missing <%s>", el)
		}
	}
	if seen["PublicKey"] != seen["Flags"] {
		bad("PublicKey and Flags must appear together")
	}
	if !kd.ValidUntil.IsZero() && !kd.ValidFrom.IsZero() && kd.ValidUntil.Before(kd.ValidFrom) {
		bad("validUntil before validFrom")
	}
}

// parseDateTime parses an xsd:dateTime. A value without a time zone is taken
// as UTC.
func parseDateTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an xsd:dateTime", s)
}

// Marshal writes the document in IANA's layout: XML declaration, four-space
// indentation, upper-case hex, one element per line. Marshal of a parsed
// copy of the current IANA file reproduces it byte for byte.
func (d *Document) Marshal() []byte {
	var b bytes.Buffer
	esc := func(s string) string {
		var e bytes.Buffer
		_ = xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, "<TrustAnchor id=\"%s\" source=\"%s\">\n", esc(d.ID), esc(d.Source))
	fmt.Fprintf(&b, "    <Zone>%s</Zone>\n", esc(d.Zone))
	for _, k := range d.KeyDigests {
		fmt.Fprintf(&b, "    <KeyDigest id=\"%s\" validFrom=\"%s\"", esc(k.ID), formatDateTime(k.ValidFrom))
		if !k.ValidUntil.IsZero() {
			fmt.Fprintf(&b, " validUntil=\"%s\"", formatDateTime(k.ValidUntil))
		}
		b.WriteString(">\n")
		fmt.Fprintf(&b, "        <KeyTag>%d</KeyTag>\n", k.KeyTag)
		fmt.Fprintf(&b, "        <Algorithm>%d</Algorithm>\n", k.Algorithm)
		fmt.Fprintf(&b, "        <DigestType>%d</DigestType>\n", k.DigestType)
		fmt.Fprintf(&b, "        <Digest>%s</Digest>\n", strings.ToUpper(k.Digest))
		if k.HasPublicKey() {
			fmt.Fprintf(&b, "        <PublicKey>%s</PublicKey>\n", k.PublicKey)
			fmt.Fprintf(&b, "        <Flags>%d</Flags>\n", k.Flags)
		}
		b.WriteString("    </KeyDigest>\n")
	}
	b.WriteString("</TrustAnchor>\n")
	return b.Bytes()
}

func formatDateTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05") + "+00:00"
}
