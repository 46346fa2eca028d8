package dnssec

import "github.com/miekg/dns"

// This file records the structure of the chain of trust a validation
// walked, for callers that show it (a graph in the manner of DNSViz, as
// examples/validate -graph draws). Only pointers to RRs already held by
// the validation are kept, so recording costs an append per step.

// ZoneTrust is how one zone's DNSKEY RRset was judged from its DS RRset
// or DNSKEY trust anchors (RFC 4035 §5.2), or why the walk stopped at the
// zone (an insecure delegation, a DS RRset that does not validate).
type ZoneTrust struct {
	Zone    string
	Verdict Verdict
	// Anchored: DS and AnchorKeys are configured trust anchors
	// (RFC 4035 §4.4), not a DS RRset from the parent.
	Anchored   bool
	DS         []*dns.DS     // the DS RRs (or DS anchors), all of them
	UsableDS   []*dns.DS     // those of a supported algorithm and digest (RFC 8624, RFC 4509 §3)
	AnchorKeys []*dns.DNSKEY // DNSKEY trust anchors, all of them
	// UsableAnchorKeys are those of an algorithm validated under the
	// configuration (RFC 8624 §3.1).
	UsableAnchorKeys []*dns.DNSKEY
	DNSKEY           []*dns.DNSKEY // the zone's DNSKEY RRset as received; nil if not fetched
	// Matched are the DNSKEYs a usable DS digests or a DNSKEY anchor
	// equals (RFC 4034 §5.1.4): the keys that may sign the DNSKEY RRset.
	Matched []*dns.DNSKEY
	Note    string // what proved or broke the zone's keys
}

// SignedRRset is one RRset the validation tried to authenticate with the
// keys of Zone (RFC 4035 §5.3): a DS RRset (signed by the parent), a
// DNSKEY RRset, an answer RRset or an NSEC/NSEC3 RR of a denial.
type SignedRRset struct {
	Zone   string       // the zone whose keys were tried (the expected signer)
	RRset  []dns.RR     //
	RRSIGs []*dns.RRSIG // every RRSIG that covered the RRset in the response
	// Verified is the RRSIG that verified the RRset with a trusted key,
	// nil when none did (then Verdict is Bogus, and Err says why).
	Verified *dns.RRSIG
	Verdict  Verdict
	Err      error
}

// traceRRset records one authentication attempt of verifyRRset.
func (r *run) traceRRset(zone string, rrset []dns.RR, sigs []*dns.RRSIG, sig *dns.RRSIG, errs []error) {
	s := SignedRRset{Zone: zone, RRset: rrset, RRSIGs: sigs, Verified: sig, Verdict: Secure}
	if sig == nil {
		s.Verdict = Bogus
		if len(errs) > 0 {
			s.Err = errs[0]
		}
	}
	if r.res.RRsets == nil {
		r.res.RRsets = make([]SignedRRset, 0, 8) // a two-zone chain and its answer in one allocation
	}
	r.res.RRsets = append(r.res.RRsets, s)
}

// traceZone records the judgement of a zone that ended without keys.
func (r *run) traceZone(zone string, v Verdict, note string) {
	r.res.Zones = append(r.res.Zones, ZoneTrust{Zone: zone, Verdict: v, Note: note})
}
