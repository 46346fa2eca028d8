package escrow

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"time"
)

// Notification statuses of an escrow agent (RA Specification 2 Part B §7;
// draft-lozano-icann-registry-interfaces §9.3).
const (
	statusDepositPassed  = "DVPN" // deposit received and verified
	statusDepositFailed  = "DVFN" // deposit received, verification failed
	statusDepositMissing = "DRFN" // deposit not received
)

// notificationDoc is the rdeNotification:notification an escrow agent sends
// to ICANN after receiving (or not receiving) a deposit.
type notificationDoc struct {
	DEAName      string         // the escrow agent's name
	Version      int            // 1
	RepDate      time.Time      // the date reported on (xs:date)
	Status       string         // DVPN, DVFN or DRFN
	Results      []IIRDEAResult // reasons of a DVFN
	ReDate       time.Time      // when the deposit was received; zero if absent
	VaDate       time.Time      // when it was validated; zero if absent
	LastFullDate time.Time      // date of the last full deposit (xs:date); zero if absent
	Report       *RDEReport     // the deposit's report, if the deposit was opened
}

type xmlNotification struct {
	XMLName xml.Name `xml:"urn:ietf:params:xml:ns:rdeNotification-1.0 notification"`
	DEAName string   `xml:"urn:ietf:params:xml:ns:rdeNotification-1.0 deaName"`
	Version string   `xml:"urn:ietf:params:xml:ns:rdeNotification-1.0 version"`
	RepDate string   `xml:"urn:ietf:params:xml:ns:rdeNotification-1.0 repDate"`
	Status  string   `xml:"urn:ietf:params:xml:ns:rdeNotification-1.0 status"`
	Results *struct {
		Result []xmlIIRDEAResult `xml:"urn:ietf:params:xml:ns:iirdea-1.0 result"`
	} `xml:"urn:ietf:params:xml:ns:rdeNotification-1.0 results"`
	ReDate       string     `xml:"urn:ietf:params:xml:ns:rdeNotification-1.0 reDate"`
	VaDate       string     `xml:"urn:ietf:params:xml:ns:rdeNotification-1.0 vaDate"`
	LastFullDate string     `xml:"urn:ietf:params:xml:ns:rdeNotification-1.0 lastFullDate"`
	Report       *xmlReport `xml:"urn:ietf:params:xml:ns:rdeReport-1.0 report"`
}

// readRDENotification reads and validates an rdeNotification:notification
// document. It returns every problem found (joined) and, when the document
// parsed, the notification even if it is invalid.
func readRDENotification(r io.Reader) (*notificationDoc, error) {
	var x xmlNotification
	if err := readSmallXML(r, &x, clauseNotification); err != nil {
		return nil, err
	}
	p := &reportProblems{kind: ErrInvalid, clause: clauseNotification, object: "rdeNotification"}
	n := &notificationDoc{DEAName: collapse(x.DEAName), Status: collapse(x.Status)}
	n.Version = parseIntField(p, "version", x.Version)
	n.RepDate = parseDateField(p, "repDate", x.RepDate)
	if trimXMLSpace(x.RepDate) == "" {
		p.add("repDate is missing")
	}
	if trimXMLSpace(x.ReDate) != "" {
		n.ReDate = parseTimeField(p, "reDate", x.ReDate)
	}
	if trimXMLSpace(x.VaDate) != "" {
		n.VaDate = parseTimeField(p, "vaDate", x.VaDate)
	}
	n.LastFullDate = parseDateField(p, "lastFullDate", x.LastFullDate)
	if x.Results != nil {
		pr := &reportProblems{kind: ErrInvalid, clause: clauseIIRDEA, object: "rdeNotification results"}
		for _, r := range x.Results.Result {
			n.Results = append(n.Results, r.result(pr))
		}
		if len(x.Results.Result) == 0 {
			pr.add("results element without iirdea:result")
		}
		p.errs = append(p.errs, pr.errs...)
	}
	if x.Report != nil {
		pr := &reportProblems{kind: ErrInvalid, clause: clauseReport, object: "rdeReport"}
		n.Report = reportFromXML(x.Report, pr)
		p.errs = append(p.errs, pr.errs...)
	}
	p.errs = append(p.errs, n.validate(false)...)
	return n, p.err()
}

// check reports every rule the notification breaks, joined.
func (n *notificationDoc) check() error { return errors.Join(n.validate(true)...) }

func (n *notificationDoc) validate(withReport bool) []error {
	p := &reportProblems{kind: ErrInvalid, clause: clauseNotification, object: "rdeNotification"}
	if n.DEAName == "" {
		p.add("deaName is empty")
	}
	if n.Version != 1 {
		p.add("version %d is not 1", n.Version)
	}
	if n.RepDate.IsZero() {
		p.add("repDate is missing")
	}
	switch n.Status {
	case statusDepositPassed, statusDepositMissing:
		if len(n.Results) > 0 {
			p.add("status %s carries %d results; only DVFN explains a failure", n.Status, len(n.Results))
		}
	case statusDepositFailed:
		if len(n.Results) == 0 {
			p.add("status DVFN without any iirdea:result saying why")
		}
	default:
		p.add("status %q is not DVPN, DVFN or DRFN", n.Status)
	}
	if n.Status == statusDepositMissing && n.Report != nil {
		p.add("status DRFN (deposit not received) with a deposit report")
	}
	if withReport && n.Report != nil {
		p.errs = append(p.errs, n.Report.validate()...)
	}
	return p.errs
}

// marshalRDENotification writes the notification as a standalone document
// after validating it.
func marshalRDENotification(n *notificationDoc) ([]byte, error) {
	if err := n.check(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<rdeNotification:notification xmlns:rdeNotification="` + nsNotification +
		`" xmlns:rdeReport="` + NSReport + `" xmlns:rdeHeader="` + NSHeader + `" xmlns:iirdea="` + NSIIRDEA + `">` + "\n")
	el := func(name, v string) {
		b.WriteString("  <rdeNotification:" + name + ">")
		xml.EscapeText(&b, []byte(v))
		b.WriteString("</rdeNotification:" + name + ">\n")
	}
	el("deaName", n.DEAName)
	el("version", strconv.Itoa(n.Version))
	el("repDate", n.RepDate.Format(time.DateOnly))
	el("status", n.Status)
	if len(n.Results) > 0 {
		b.WriteString("  <rdeNotification:results>\n")
		for _, r := range n.Results {
			writeIIRDEAResult(&b, r, "    ")
		}
		b.WriteString("  </rdeNotification:results>\n")
	}
	if !n.ReDate.IsZero() {
		el("reDate", xmlTime(n.ReDate))
	}
	if !n.VaDate.IsZero() {
		el("vaDate", xmlTime(n.VaDate))
	}
	if !n.LastFullDate.IsZero() {
		el("lastFullDate", n.LastFullDate.Format(time.DateOnly))
	}
	if n.Report != nil {
		writeReportElement(&b, n.Report, false, "  ")
	}
	b.WriteString("</rdeNotification:notification>\n")
	return b.Bytes(), nil
}
