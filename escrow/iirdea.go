package escrow

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
)

// IIRDEAResult is one iirdea:result: the answer of ICANN's reporting
// interfaces to a report or notification, and the failure reasons inside a
// DVFN notification (draft-lozano-icann-registry-interfaces §9.1).
type IIRDEAResult struct {
	Code        int
	Msg         string
	Description string // optional
}

// IIRDEA result codes seen in ICANN's answers and their meaning.
const (
	iirdeaSuccess           = 1000 // report accepted
	iirdeaSchemaError       = 2001 // the report does not validate
	iirdeaDateInFuture      = 2004 // a date in the report is in the future
	iirdeaIDMismatch        = 2006 // the id in the URL and in the report differ
	iirdeaInterfaceDisabled = 2007 // the interface is disabled for this TLD
	iirdeaTLDMismatch       = 2202 // the TLD in the URL and in the report differ
	iirdeaDiffBeforeFull    = 2205 // a DIFF was reported before any FULL
	iirdeaBothDomainModels  = 2206 // csvDomain and rdeDomain are both counted
	iirdeaRCDNMismatch      = 2210 // a count carries an unexpected rcdn attribute
	iirdeaDuplicateCount    = 2211 // several counts share uri, rcdn and registrarId
	iirdeaInvalidLabel      = 2212 // an invalid label or domain name
	iirdeaDateBeforeFeature = 2214 // the queried date precedes the interface
)

var iirdeaText = map[int]string{
	iirdeaSuccess:           "accepted",
	iirdeaSchemaError:       "report does not validate against the schema",
	iirdeaDateInFuture:      "date in the future",
	iirdeaIDMismatch:        "id in the URL and in the report differ",
	iirdeaInterfaceDisabled: "interface disabled for this TLD",
	iirdeaTLDMismatch:       "TLD in the URL and in the report differ",
	iirdeaDiffBeforeFull:    "DIFF reported before any FULL",
	iirdeaBothDomainModels:  "csvDomain and rdeDomain both counted",
	iirdeaRCDNMismatch:      "unexpected rcdn attribute",
	iirdeaDuplicateCount:    "duplicate count element",
	iirdeaInvalidLabel:      "invalid label or domain name",
	iirdeaDateBeforeFeature: "date earlier than the interface's deployment",
}

// IIRDEACodeText describes a result code, or returns "" for an unknown one.
func IIRDEACodeText(code int) string { return iirdeaText[code] }

// OK reports whether the result is success (code 1000). ICANN may send a
// rejection with HTTP status 200, so the code decides, not the status.
func (r IIRDEAResult) OK() bool { return r.Code == iirdeaSuccess }

func (r IIRDEAResult) String() string {
	s := fmt.Sprintf("%d %s", r.Code, r.Msg)
	if r.Description != "" {
		s += ": " + r.Description
	}
	return s
}

type xmlIIRDEAResult struct {
	Code        string `xml:"code,attr"`
	Msg         string `xml:"urn:ietf:params:xml:ns:iirdea-1.0 msg"`
	Description string `xml:"urn:ietf:params:xml:ns:iirdea-1.0 description"`
}

type xmlIIRDEAResponse struct {
	XMLName xml.Name          `xml:"urn:ietf:params:xml:ns:iirdea-1.0 response"`
	Results []xmlIIRDEAResult `xml:"urn:ietf:params:xml:ns:iirdea-1.0 result"`
}

func (x xmlIIRDEAResult) result(p *reportProblems) IIRDEAResult {
	r := IIRDEAResult{Msg: collapse(x.Msg), Description: collapse(x.Description)}
	c := trimXMLSpace(x.Code)
	n, err := strconv.Atoi(c)
	if err != nil || n < 1000 || n > 9999 {
		p.add("result code %q is not a four-digit number", c)
	} else {
		r.Code = n
	}
	if r.Msg == "" {
		p.add("result %s has no msg", c)
	}
	return r
}

// ReadIIRDEAResponse reads an iirdea:response document (the body of ICANN's
// answer to a report or notification) and returns its result.
func ReadIIRDEAResponse(r io.Reader) (*IIRDEAResult, error) {
	var x xmlIIRDEAResponse
	if err := readSmallXML(r, &x, clauseIIRDEA); err != nil {
		return nil, err
	}
	p := &reportProblems{kind: ErrInvalid, clause: clauseIIRDEA, object: "iirdea:response"}
	if len(x.Results) != 1 {
		p.add("response has %d result elements, want 1", len(x.Results))
		return nil, p.err()
	}
	res := x.Results[0].result(p)
	return &res, p.err()
}

// marshalIIRDEAResponse writes an iirdea:response document with one result.
func marshalIIRDEAResponse(r IIRDEAResult) ([]byte, error) {
	p := &reportProblems{kind: ErrInvalid, clause: clauseIIRDEA, object: "iirdea:response"}
	if r.Code < 1000 || r.Code > 9999 {
		p.add("result code %d is not a four-digit number", r.Code)
	}
	if r.Msg == "" {
		p.add("result %d has no msg", r.Code)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<iirdea:response xmlns:iirdea="` + NSIIRDEA + `">` + "\n")
	writeIIRDEAResult(&b, r, "  ")
	b.WriteString("</iirdea:response>\n")
	return b.Bytes(), nil
}

func writeIIRDEAResult(b *bytes.Buffer, r IIRDEAResult, indent string) {
	b.WriteString(indent + `<iirdea:result code="` + strconv.Itoa(r.Code) + `">` + "\n")
	b.WriteString(indent + "  <iirdea:msg>")
	xml.EscapeText(b, []byte(r.Msg))
	b.WriteString("</iirdea:msg>\n")
	if r.Description != "" {
		b.WriteString(indent + "  <iirdea:description>")
		xml.EscapeText(b, []byte(r.Description))
		b.WriteString("</iirdea:description>\n")
	}
	b.WriteString(indent + "</iirdea:result>\n")
}
