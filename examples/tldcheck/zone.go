package main

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/dnssec"
)

// checkZone verifies the TLD zone completely (dnssec.VerifyZone) under the
// chain of trust: the root zone is verified against the root anchors, and
// the TLD's DNSKEY RRset must then be signed by a key matching the DS RRset
// the (verified) root zone publishes for it (RFC 4035 §5.2).
func checkZone(in *input) section {
	sec := section{Status: statusOK}
	now := func() time.Time { return in.now }
	report := func(zone string, rep *dnssec.ZoneReport) {
		for _, p := range rep.Problems {
			sec.Findings = append(sec.Findings, finding{Check: "dnssec " + zone, Message: p.Error(), Clause: p.Clause})
		}
		if rep.Omitted > 0 {
			sec.Findings = append(sec.Findings, finding{Check: "dnssec " + zone, Message: fmt.Sprintf("%d more problems not kept (MaxZoneProblems)", rep.Omitted)})
		}
	}
	var tldAnchors []dns.RR
	chain := "no -root given: the TLD's keys are not checked against a parent DS (chain of trust not evaluated)"
	if in.root != nil {
		if len(in.anchors) == 0 {
			sec.Findings = append(sec.Findings, finding{Check: "chain", Message: "no root trust anchor selected: the root zone cannot be trusted", Clause: "RFC 4035 §5"})
		}
		rep, err := dnssec.VerifyZone(context.Background(), bytes.NewReader(in.root), dnssec.ZoneOptions{Origin: ".", Anchors: in.anchors, Now: now, File: "root zone"})
		if err != nil {
			sec.Findings = append(sec.Findings, finding{Check: "dnssec .", Message: err.Error()})
			sec.Status = statusFindings
			return sec
		}
		report(".", rep)
		zp := dns.NewZoneParser(bytes.NewReader(in.root), ".", "root zone")
		for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
			if ds, isDS := rr.(*dns.DS); isDS && dns.CanonicalName(ds.Hdr.Name) == in.tld {
				tldAnchors = append(tldAnchors, ds)
			}
		}
		if len(tldAnchors) == 0 {
			sec.Findings = append(sec.Findings, finding{Check: "chain", Subject: in.tld, Message: "the root zone has no DS RRset for the TLD: the TLD is insecure", Clause: "RFC 4035 §5.2"})
		}
		chain = fmt.Sprintf("root zone serial %d verified against %d anchor record(s), %d signatures; TLD DS RRset: %d record(s)", rep.Serial, len(in.anchors), rep.Verified, len(tldAnchors))
	}
	rep, err := dnssec.VerifyZone(context.Background(), bytes.NewReader(in.zone), dnssec.ZoneOptions{Origin: in.tld, Anchors: tldAnchors, Now: now, File: "zone"})
	if err != nil {
		sec.Findings = append(sec.Findings, finding{Check: "dnssec " + in.tld, Message: err.Error()})
		sec.Status = statusFindings
		return sec
	}
	report(in.tld, rep)
	if len(sec.Findings) > 0 {
		sec.Status = statusFindings
	}
	sec.Summary = fmt.Sprintf("%s serial %d: %d names, %d RRsets, %d/%d signatures verified, denial %s, ZONEMD %s; %s",
		in.tld, rep.Serial, rep.Names, rep.RRsets, rep.Verified, rep.Signatures, rep.Denial, rep.ZONEMD, chain)
	return sec
}
