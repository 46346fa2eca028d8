package escrow

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Namespaces of the ICANN registry interfaces
// (draft-lozano-icann-registry-interfaces, §9.1–§9.3 of draft -26).
const (
	NSReport       = "urn:ietf:params:xml:ns:rdeReport-1.0"
	nsNotification = "urn:ietf:params:xml:ns:rdeNotification-1.0"
	NSIIRDEA       = "urn:ietf:params:xml:ns:iirdea-1.0"
)

const (
	clauseReport       = "draft-lozano-icann-registry-interfaces-26 §9.2"
	clauseNotification = "draft-lozano-icann-registry-interfaces-26 §9.3"
	clauseIIRDEA       = "draft-lozano-icann-registry-interfaces-26 §9.1"
)

// RDEReport is the deposit report a registry sends to ICANN for each deposit
// (RA Specification 2 Part A §7; element rdeReport:report,
// draft-lozano-icann-registry-interfaces §9.2).
type RDEReport struct {
	ID              string      // the deposit id (RFC 8909 §5.1)
	Version         int         // report version, 1
	RydeSpecEscrow  string      // the escrow specification followed, e.g. "RFC8909"
	RydeSpecMapping string      // the mapping specification followed, e.g. "RFC9022"
	Resend          int         // resend number of the deposit (RFC 8909 §5.1)
	CrDate          time.Time   // creation of the report
	Kind            DepositType // deposit type: FULL, INCR or DIFF (RFC 8909 §5.1)
	Watermark       time.Time   // the deposit's watermark
	Header          RDEHeader   // the deposit's rdeHeader:header (RFC 9022 §5.7)
}

// RDEHeader is the rdeHeader:header element of RFC 9022 §5.7 as it appears
// in a report.
type RDEHeader struct {
	TLD    string
	Counts []RDEHeaderCount
}

// RDEHeaderCount is one rdeHeader:count: the number of objects of the type
// named by URI in the repository at the watermark.
type RDEHeaderCount struct {
	URI         string
	RCDN        string // optional rcdn attribute
	RegistrarID string // optional registrarId attribute
	Count       int64
}

// xml mirrors; every element is matched by namespace name, never prefix.
type xmlReport struct {
	XMLName         xml.Name  `xml:"urn:ietf:params:xml:ns:rdeReport-1.0 report"`
	ID              string    `xml:"urn:ietf:params:xml:ns:rdeReport-1.0 id"`
	Version         string    `xml:"urn:ietf:params:xml:ns:rdeReport-1.0 version"`
	RydeSpecEscrow  string    `xml:"urn:ietf:params:xml:ns:rdeReport-1.0 rydeSpecEscrow"`
	RydeSpecMapping string    `xml:"urn:ietf:params:xml:ns:rdeReport-1.0 rydeSpecMapping"`
	Resend          string    `xml:"urn:ietf:params:xml:ns:rdeReport-1.0 resend"`
	CrDate          string    `xml:"urn:ietf:params:xml:ns:rdeReport-1.0 crDate"`
	Kind            string    `xml:"urn:ietf:params:xml:ns:rdeReport-1.0 kind"`
	Watermark       string    `xml:"urn:ietf:params:xml:ns:rdeReport-1.0 watermark"`
	Header          xmlHeader `xml:"urn:ietf:params:xml:ns:rdeHeader-1.0 header"`
}

type xmlHeader struct {
	TLD    []string   `xml:"urn:ietf:params:xml:ns:rdeHeader-1.0 tld"`
	Counts []xmlCount `xml:"urn:ietf:params:xml:ns:rdeHeader-1.0 count"`
}

type xmlCount struct {
	URI         string `xml:"uri,attr"`
	RCDN        string `xml:"rcdn,attr"`
	RegistrarID string `xml:"registrarId,attr"`
	Value       string `xml:",chardata"`
}

// reportProblems collects every problem of one document.
type reportProblems struct {
	kind   error
	clause string
	object string
	errs   []error
}

func (p *reportProblems) add(format string, args ...any) {
	p.errs = append(p.errs, &Error{Kind: p.kind, Clause: p.clause, Object: p.object, Offset: -1, Err: fmt.Errorf(format, args...)})
}

func (p *reportProblems) err() error { return errors.Join(p.errs...) }

// readSmallXML reads a whole document of at most MaxReportBytes and decodes
// it into v, refusing DTDs and a missing root.
func readSmallXML(r io.Reader, v any, clause string) error {
	b, err := io.ReadAll(io.LimitReader(r, MaxReportBytes+1))
	if err != nil {
		return &Error{Kind: ErrMalformed, Clause: clause, Offset: -1, Err: err}
	}
	if len(b) > MaxReportBytes {
		return &Error{Kind: ErrLimitExceeded, Clause: clause, Offset: -1, Err: fmt.Errorf("document is larger than %d bytes", MaxReportBytes)}
	}
	if bytes.Contains(b, []byte("<!DOCTYPE")) || bytes.Contains(b, []byte("<!ENTITY")) {
		return &Error{Kind: ErrMalformed, Clause: clause, Offset: -1, Err: errors.New("document type declarations are not accepted")}
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	if err := d.Decode(v); err != nil {
		return &Error{Kind: ErrMalformed, Clause: clause, Offset: d.InputOffset(), Err: err}
	}
	// Nothing but white space, comments and processing instructions may follow the root.
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &Error{Kind: ErrMalformed, Clause: clause, Offset: d.InputOffset(), Err: err}
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) == 0 {
				continue
			}
		case xml.Comment, xml.ProcInst:
			continue
		}
		return &Error{Kind: ErrMalformed, Clause: clause, Offset: d.InputOffset(), Err: errors.New("content after the root element")}
	}
}

// ReadRDEReport reads and validates an rdeReport:report document. It
// returns every problem found (joined) and, when the document parsed, the
// report even if it is invalid.
func ReadRDEReport(r io.Reader) (*RDEReport, error) {
	var x xmlReport
	if err := readSmallXML(r, &x, clauseReport); err != nil {
		return nil, err
	}
	p := &reportProblems{kind: ErrInvalid, clause: clauseReport, object: "rdeReport"}
	rep := reportFromXML(&x, p)
	return rep, p.err()
}

func reportFromXML(x *xmlReport, p *reportProblems) *RDEReport {
	rep := &RDEReport{
		ID:              collapse(x.ID),
		RydeSpecEscrow:  collapse(x.RydeSpecEscrow),
		RydeSpecMapping: collapse(x.RydeSpecMapping),
		Kind:            DepositType(collapse(x.Kind)),
	}
	rep.Version = parseIntField(p, "version", x.Version)
	rep.Resend = parseIntField(p, "resend", x.Resend)
	rep.CrDate = parseTimeField(p, "crDate", x.CrDate)
	rep.Watermark = parseTimeField(p, "watermark", x.Watermark)
	switch len(x.Header.TLD) {
	case 0:
		p.add("rdeHeader:header has no tld (RFC 9022 §5.7)")
	case 1:
		rep.Header.TLD = collapse(x.Header.TLD[0])
	default:
		p.add("rdeHeader:header has %d tld elements (RFC 9022 §5.7)", len(x.Header.TLD))
	}
	for _, c := range x.Header.Counts {
		hc := RDEHeaderCount{URI: collapse(c.URI), RCDN: collapse(c.RCDN), RegistrarID: collapse(c.RegistrarID)}
		v := trimXMLSpace(c.Value)
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			p.add("rdeHeader:count %q for %s is not an integer (RFC 9022 §5.7)", v, hc.URI)
		}
		hc.Count = n
		rep.Header.Counts = append(rep.Header.Counts, hc)
	}
	p.errs = append(p.errs, rep.validate()...)
	return rep
}

func parseIntField(p *reportProblems, name, s string) int {
	s = trimXMLSpace(s)
	if s == "" {
		p.add("%s is missing", name)
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 65535 {
		p.add("%s %q is not an unsignedShort", name, s)
		return 0
	}
	return n
}

func parseTimeField(p *reportProblems, name, s string) time.Time {
	s = trimXMLSpace(s)
	if s == "" {
		p.add("%s is missing", name)
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		p.add("%s %q is not an xs:dateTime with time zone (RFC 3339)", name, s)
		return time.Time{}
	}
	return t
}

func parseDateField(p *reportProblems, name, s string) time.Time {
	s = trimXMLSpace(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		p.add("%s %q is not an xs:date YYYY-MM-DD", name, s)
		return time.Time{}
	}
	return t
}

// Validate reports every rule the report breaks, joined.
func (rep *RDEReport) Validate() error { return errors.Join(rep.validate()...) }

func (rep *RDEReport) validate() []error {
	p := &reportProblems{kind: ErrInvalid, clause: clauseReport, object: "rdeReport"}
	if rep.ID != "" {
		p.object = fmt.Sprintf("rdeReport %s", quoteName(rep.ID))
	}
	if !validReportID(rep.ID) {
		p.add("id %q is not 1 to 13 word characters (RFC 8909 §5.1)", rep.ID)
	}
	if rep.Version != 1 {
		p.add("version %d is not 1", rep.Version)
	}
	if rep.RydeSpecEscrow == "" {
		p.add("rydeSpecEscrow is empty")
	}
	if rep.RydeSpecMapping == "" {
		p.add("rydeSpecMapping is empty")
	}
	switch rep.Kind {
	case Full, Incremental, Differential:
	default:
		p.add("kind %q is not FULL, INCR or DIFF (RFC 8909 §5.1)", rep.Kind)
	}
	if rep.Resend < 0 || rep.Resend > 65535 {
		p.add("resend %d is not an unsignedShort", rep.Resend)
	}
	if rep.Header.TLD == "" {
		p.add("rdeHeader:tld is empty (RFC 9022 §5.7)")
	} else if _, err := checkALabelTLD(rep.Header.TLD); err != nil {
		p.add("rdeHeader:tld %q: %v", rep.Header.TLD, err)
	}
	if len(rep.Header.Counts) == 0 {
		p.add("rdeHeader:header has no count (RFC 9022 §5.7)")
	}
	seen := map[[3]string]bool{}
	var csvDomain, xmlDomain bool
	for _, c := range rep.Header.Counts {
		if c.URI == "" {
			p.add("rdeHeader:count without uri (RFC 9022 §5.7)")
		}
		if c.Count < 0 {
			p.add("rdeHeader:count %d for %s is negative", c.Count, c.URI)
		}
		k := [3]string{c.URI, c.RCDN, c.RegistrarID}
		if seen[k] {
			p.add("two rdeHeader:count elements for %s with the same rcdn and registrarId (ICANN result code 2211)", c.URI)
		}
		seen[k] = true
		switch c.URI {
		case NSDomain:
			xmlDomain = true
		case NSCSVDomain:
			csvDomain = true
		}
	}
	if xmlDomain && csvDomain {
		p.add("both rdeDomain and csvDomain are counted; an object type uses one model (RFC 9022 §2; ICANN result code 2206)")
	}
	return p.errs
}

func validReportID(s string) bool {
	if len(s) < 1 || len(s) > 13 {
		return false
	}
	for _, c := range s {
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// xmlTime formats a dateTime in UTC with a Z.
func xmlTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// MarshalRDEReport writes the report as a standalone document after
// validating it.
func MarshalRDEReport(rep *RDEReport) ([]byte, error) {
	if err := rep.Validate(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	writeReportElement(&b, rep, true, "")
	return b.Bytes(), nil
}

// writeReportElement writes <rdeReport:report>; decl adds the namespace declarations.
func writeReportElement(b *bytes.Buffer, rep *RDEReport, decl bool, indent string) {
	b.WriteString(indent + "<rdeReport:report")
	if decl {
		b.WriteString(` xmlns:rdeReport="` + NSReport + `" xmlns:rdeHeader="` + NSHeader + `"`)
	}
	b.WriteString(">\n")
	in := indent + "  "
	el := func(name, v string) {
		b.WriteString(in + "<rdeReport:" + name + ">")
		xml.EscapeText(b, []byte(v))
		b.WriteString("</rdeReport:" + name + ">\n")
	}
	el("id", rep.ID)
	el("version", strconv.Itoa(rep.Version))
	el("rydeSpecEscrow", rep.RydeSpecEscrow)
	el("rydeSpecMapping", rep.RydeSpecMapping)
	el("resend", strconv.Itoa(rep.Resend))
	el("crDate", xmlTime(rep.CrDate))
	el("kind", string(rep.Kind))
	el("watermark", xmlTime(rep.Watermark))
	b.WriteString(in + "<rdeHeader:header>\n")
	b.WriteString(in + "  <rdeHeader:tld>")
	xml.EscapeText(b, []byte(rep.Header.TLD))
	b.WriteString("</rdeHeader:tld>\n")
	for _, c := range rep.Header.Counts {
		b.WriteString(in + `  <rdeHeader:count uri="`)
		xml.EscapeText(b, []byte(c.URI))
		b.WriteString(`"`)
		if c.RCDN != "" {
			b.WriteString(` rcdn="`)
			xml.EscapeText(b, []byte(c.RCDN))
			b.WriteString(`"`)
		}
		if c.RegistrarID != "" {
			b.WriteString(` registrarId="`)
			xml.EscapeText(b, []byte(c.RegistrarID))
			b.WriteString(`"`)
		}
		b.WriteString(">" + strconv.FormatInt(c.Count, 10) + "</rdeHeader:count>\n")
	}
	b.WriteString(in + "</rdeHeader:header>\n")
	b.WriteString(indent + "</rdeReport:report>\n")
}
