package main

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/ssrkit/ssr/trustanchor"
)

// checkAnchor selects the root trust anchors: from a root-anchors.xml
// document (RFC 9718), its CMS signature when given (and always for the
// embedded IANA publication), or from DS/DNSKEY zone lines.
func checkAnchor(in *input) section {
	sec := section{Status: statusOK}
	fail := func(subject string, err error) {
		f := finding{Check: "anchor", Subject: subject, Message: err.Error()}
		var te *trustanchor.Error
		if errors.As(err, &te) {
			f.Clause = te.Clause
		}
		sec.Findings = append(sec.Findings, f)
		sec.Status = statusFindings
	}
	cms := trustanchor.CMSConfig{Now: func() time.Time { return in.now }}
	var sel *trustanchor.Selection
	switch {
	case in.anchor == nil:
		// Real data without -anchor: IANA's publication as embedded, with
		// its signature checked against the embedded ICANN CA bundle.
		s, sig, err := trustanchor.Root(nil, nil, cms, trustanchor.Policy{})
		if err != nil {
			fail("embedded root-anchors.xml", err)
			return sec
		}
		sel = s
		sec.Summary = fmt.Sprintf("IANA root-anchors.xml (embedded), CMS signature by %s verified", sig.Signer.Subject.CommonName)
	case bytes.HasPrefix(bytes.TrimSpace(in.anchor), []byte("<")):
		doc, err := trustanchor.ParseXML(in.anchor)
		if err != nil {
			fail("root-anchors.xml", err)
			return sec
		}
		if in.p7s != nil {
			if _, err := cms.Verify(in.anchor, in.p7s); err != nil {
				fail("root-anchors.p7s", err)
			}
		}
		sel = doc.Anchors(in.now, trustanchor.Policy{})
		switch {
		case in.p7s != nil:
			sec.Summary = "root-anchors.xml with CMS signature"
		case in.sample:
			sec.Summary = "sample root-anchors.xml for the private test root (unsigned: IANA's CMS signature applies only to the real publication)"
		default:
			sec.Summary = "root-anchors.xml without a signature (give -p7s to check it)"
		}
	default:
		rrs, err := trustanchor.ReadZoneLines(bytes.NewReader(in.anchor))
		if err != nil {
			fail("anchor file", err)
			return sec
		}
		in.anchors = rrs
		sec.Summary = fmt.Sprintf("%d DS/DNSKEY anchor records", len(rrs))
		return sec
	}
	for _, ex := range sel.Excluded {
		sec.Findings = append(sec.Findings, finding{Check: "anchor", Subject: "KeyDigest " + ex.ID, Message: "not used: " + ex.Reason.Error()})
	}
	if err := sel.Err(); err != nil {
		fail("anchors", err)
	}
	in.anchors = sel.RRs()
	var tags []string
	for _, a := range sel.Anchors {
		tags = append(tags, fmt.Sprintf("%d (alg %d)", a.DS.KeyTag, a.DS.Algorithm))
	}
	if len(tags) == 0 {
		fail("anchors", errors.New("no usable trust anchor at the evaluation time (RFC 9718 §4)"))
	} else {
		sec.Summary += fmt.Sprintf("; usable KSK tags %v", tags)
	}
	return sec
}
