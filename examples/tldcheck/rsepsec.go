package main

import (
	"bytes"
	"context"
	"fmt"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/rsep"
)

// checkRSEP runs the offline RSEP check catalogue over the zone, with the
// root zone's delegation as parent data when it is available. Live checks
// need the network and are not run (no Prober).
func checkRSEP(in *input) section {
	sec := section{Status: statusOK}
	z, err := rsep.ReadZone(bytes.NewReader(in.zone), in.tld, "zone", nil)
	if err != nil {
		return section{Status: statusFindings, Findings: []finding{{Check: "rsep", Message: err.Error()}}}
	}
	t := &rsep.Target{Zone: z, Now: in.now, Policy: in.policy}
	exempt := ""
	if in.sample {
		// The sample uses documentation addresses (RFC 5737, RFC 3849) on
		// purpose, which DEL04 rightly rejects for a real TLD (RFC 6890).
		exempt = "DEL04"
		for _, c := range rsep.Catalogue() {
			if c.ID != exempt {
				t.Checks = append(t.Checks, c.ID)
			}
		}
	}
	if in.root != nil {
		d, err := rsep.ReadDelegation(bytes.NewReader(delegationOf(in.root, in.tld)), in.tld, "root zone", nil)
		if err != nil {
			return section{Status: statusFindings, Findings: []finding{{Check: "rsep", Message: err.Error()}}}
		}
		t.Parent = d
	}
	rep, err := rsep.Run(context.Background(), t)
	if err != nil {
		return section{Status: statusFindings, Findings: []finding{{Check: "rsep", Message: err.Error()}}}
	}
	ran, skipped := 0, 0
	for _, c := range rep.Checks {
		if c.Skipped != "" {
			skipped++
		} else {
			ran++
		}
	}
	for _, f := range rep.Findings {
		sec.Findings = append(sec.Findings, finding{
			Check:   f.Check + " " + f.Severity.String() + " " + f.Effect.String(),
			Subject: f.Name,
			Message: f.Message,
			Clause:  f.Authority,
		})
	}
	if rep.Err() != nil {
		sec.Status = statusFindings
	}
	sec.Summary = fmt.Sprintf("%d checks run, %d skipped (no live probing, or inputs missing), %d findings", ran, skipped, len(rep.Findings))
	if exempt != "" {
		sec.Summary += "; " + exempt + " not run on the sample, whose addresses are documentation prefixes (RFC 5737, RFC 3849) by design"
	}
	return sec
}

// delegationOf extracts, from a parent zone, what the parent serves for the
// delegation of zone: its NS and DS RRsets with the DS signatures, the glue,
// and the parent's DNSKEY RRset with its signatures (RFC 4035 §2.2, §3.1.4).
func delegationOf(parent []byte, zone string) []byte {
	var b bytes.Buffer
	zp := dns.NewZoneParser(bytes.NewReader(parent), "", "parent")
	var apex string
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		h := rr.Header()
		name := dns.CanonicalName(h.Name)
		if h.Rrtype == dns.TypeSOA {
			apex = name
		}
		keep := false
		switch h.Rrtype {
		case dns.TypeNS, dns.TypeDS:
			keep = name == zone
		case dns.TypeA, dns.TypeAAAA:
			keep = dns.IsSubDomain(zone, name)
		case dns.TypeDNSKEY:
			keep = name == apex
		case dns.TypeRRSIG:
			sig := rr.(*dns.RRSIG)
			keep = (name == zone && sig.TypeCovered == dns.TypeDS) || (name == apex && sig.TypeCovered == dns.TypeDNSKEY)
		}
		if keep {
			b.WriteString(rr.String())
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}
