package rsep

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/trustanchor"
)

// anchorSection selects the root trust anchors: from a root-anchors.xml
// document (RFC 9718), its CMS signature when given (and always for the
// publication embedded in package trustanchor), or from DS/DNSKEY lines.
func (r *tldRun) anchorSection() Section {
	var sec Section
	fail := func(subject string, err error) {
		clause := "RFC 9718 §4"
		var te *trustanchor.Error
		if errors.As(err, &te) && te.Clause != "" {
			clause = te.Clause
		}
		sec.Findings = append(sec.Findings, sectionFinding(CheckAnchor, "ANCHOR_UNUSABLE", Failure, SecurityA, clause, subject, "%v", err))
	}
	now := r.now
	cms := &trustanchor.CMSConfig{Now: func() time.Time { return now }}
	var sel *trustanchor.Selection
	in := r.in
	switch {
	case in.Anchor == nil:
		s, sig, err := trustanchor.Root(nil, nil, cms, nil)
		if err != nil {
			fail("embedded root-anchors.xml", err)
			return sec
		}
		sel = s
		sec.Summary = fmt.Sprintf("IANA root-anchors.xml (embedded), CMS signature by %s verified", sig.Signer.Subject.CommonName)
	case bytes.HasPrefix(bytes.TrimSpace(in.Anchor), []byte("<")):
		doc, err := trustanchor.ParseXML(in.Anchor)
		if err != nil {
			fail("root-anchors.xml", err)
			return sec
		}
		if in.AnchorSignature != nil {
			if _, err := cms.Verify(in.Anchor, in.AnchorSignature); err != nil {
				fail("root-anchors.p7s", err)
			}
			sec.Summary = "root-anchors.xml with its CMS signature"
		} else {
			sec.Summary = "root-anchors.xml without a CMS signature (none given; RFC 9718 §3 makes the signature an origin check only)"
		}
		sel = doc.Anchors(now, nil)
	default:
		rrs, err := trustanchor.ReadZoneLines(bytes.NewReader(in.Anchor))
		if err != nil {
			fail("anchor file", err)
			return sec
		}
		r.anchors = rrs
		sec.Summary = fmt.Sprintf("%d DS/DNSKEY anchor records", len(rrs))
		return sec
	}
	for _, ex := range sel.Excluded {
		sec.Findings = append(sec.Findings, sectionFinding(CheckAnchor, "ANCHOR_EXCLUDED", Notice, SecurityA, "RFC 9718 §4", "KeyDigest "+ex.ID, "not used: %v", ex.Reason))
	}
	if err := sel.Err(); err != nil {
		fail("anchors", err)
	}
	r.anchors = sel.RRs()
	var tags []string
	for _, a := range sel.Anchors {
		tags = append(tags, fmt.Sprintf("%d (alg %d)", a.DS.KeyTag, a.DS.Algorithm))
	}
	if len(tags) == 0 {
		sec.Findings = append(sec.Findings, sectionFinding(CheckAnchor, "NO_ANCHOR", Failure, SecurityA, "RFC 9718 §4", "anchors", "no usable trust anchor at the evaluation time"))
	} else {
		sec.Summary += fmt.Sprintf("; usable KSK tags %v", tags)
	}
	return sec
}

// anchorDS turns the selected anchors into DS records for SEC09 (a DNSKEY
// anchor becomes its SHA-256 DS, RFC 4034 §5.1.4).
func anchorDS(rrs []dns.RR) ([]*dns.DS, error) {
	if len(rrs) == 0 {
		return nil, errors.New("no anchors")
	}
	return trustanchor.ToDS(rrs, dns.SHA256)
}
