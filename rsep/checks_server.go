package rsep

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/miekg/dns"
)

const authServerChecks = "IANA name server requirements; RFC 1035 §4.1.1; RFC 6891 §6.1.4, §7; Zonemaster NAMESERVER04, NAMESERVER05, NAMESERVER12, NAMESERVER13, ADDRESS02, DNSSEC05"

func init() {
	register(Check{ID: "NS04", Title: "answers from another address, AAAA mishandled, Z flags set, TC without OPT, no RRSIG for DO, no PTR", Mode: ModeLive, Effect: StabilityB, Authority: authServerChecks,
		Zonemaster: []string{"NAMESERVER04", "NAMESERVER05", "NAMESERVER12", "NAMESERVER13", "ADDRESS02"}, run: checkServer})
}

// checkServer is NS04: for each name-server address, over UDP (and TCP
// where the transport matters), the behaviours IANA's requirements and
// Zonemaster's name-server cases look at, each against its own clause.
func checkServer(e *env) {
	for _, s := range e.servers() {
		if e.t.Progress != nil {
			e.t.Progress("NS04 " + s.String())
		}
		checkSource(e, s)
		checkAAAA(e, s)
		checkZFlags(e, s)
		checkTruncated(e, s)
		checkDO(e, s)
	}
	checkPTR(e)
}

// checkSource: the response to a UDP query comes from the address queried
// (IANA name server requirements; RFC 1035 §4.2.1 / RFC 5452 §9.1 matching
// of responses by address; Zonemaster NAMESERVER04 DIFFERENT_SOURCE_IP).
func checkSource(e *env, s Server) {
	r := e.query(s, "udp", e.ix.origin, dns.TypeSOA, "", false)
	if r.err != nil || !r.from.IsValid() {
		return
	}
	if r.from.Addr() != s.Addr.Addr().Unmap() {
		e.addf(Finding{Severity: Failure, Tag: "DIFFERENT_SOURCE_IP", Name: s.String(), Authority: "IANA name server requirements (same source address); RFC 5452 §9.1; Zonemaster NAMESERVER04",
			Message: fmt.Sprintf("the UDP response came from %s, not from the address queried: resolvers discard it", r.from.Addr())})
	}
}

// checkAAAA: a server that answers A for the apex also answers AAAA with
// NOERROR (data or NODATA), neither dropping nor refusing it (RFC 4074 §3,
// §4; Zonemaster NAMESERVER05).
func checkAAAA(e *env, s Server) {
	const auth = "RFC 4074 §3, §4 (AAAA queries must not be dropped or refused); RFC 3596 §2; Zonemaster NAMESERVER05"
	origin := e.ix.origin
	a := e.query(s, "udp", origin, dns.TypeA, "edns0", false)
	if a.err != nil {
		return // NS01 reports unreachable servers
	}
	if a.m.Rcode != dns.RcodeSuccess {
		e.addf(Finding{Severity: Failure, Tag: "A_UNEXPECTED_RCODE", Name: s.String(), Authority: auth,
			Message: fmt.Sprintf("A query for %s answered %s, want NOERROR", origin, dns.RcodeToString[a.m.Rcode])})
		return
	}
	q := e.query(s, "udp", origin, dns.TypeAAAA, "edns0", false)
	switch {
	case q.err != nil:
		e.addf(Finding{Severity: Failure, Tag: "AAAA_QUERY_DROPPED", Name: s.String(), Authority: auth,
			Message: fmt.Sprintf("AAAA query for %s unanswered (%v) although the A query was answered", origin, q.err)})
	case q.m.Rcode != dns.RcodeSuccess:
		e.addf(Finding{Severity: Failure, Tag: "AAAA_UNEXPECTED_RCODE", Name: s.String(), Authority: auth,
			Message: fmt.Sprintf("AAAA query for %s answered %s, want NOERROR", origin, dns.RcodeToString[q.m.Rcode])})
	}
}

// checkZFlags: the header Z bit and undefined EDNS flags are zero in
// responses even when the query set them (RFC 1035 §4.1.1: "Must be zero
// in all queries and responses"; RFC 6891 §6.1.4: Z "MUST be set to zero by
// senders"; Zonemaster NAMESERVER12 Z_FLAGS_NOTCLEAR).
func checkZFlags(e *env, s Server) {
	r := e.query(s, "udp", e.ix.origin, dns.TypeSOA, "z", false)
	if r.err != nil {
		return
	}
	var set []string
	if r.m.Zero {
		set = append(set, "header Z bit")
	}
	if o := r.m.IsEdns0(); o != nil && o.Z() != 0 {
		set = append(set, fmt.Sprintf("EDNS Z flags 0x%04x", o.Z()))
	}
	if len(set) > 0 {
		e.addf(Finding{Severity: Failure, Tag: "Z_FLAGS_NOTCLEAR", Name: s.String(), Authority: "RFC 1035 §4.1.1; RFC 6891 §6.1.4; Zonemaster NAMESERVER12",
			Message: "response has " + strings.Join(set, " and ") + " set (copied from the query)"})
	}
}

// checkTruncated: a truncated response to an EDNS query still carries the
// OPT record (RFC 6891 §7: the responder includes an OPT RR in every
// response to a request with one; Zonemaster NAMESERVER13
// MISSING_OPT_IN_TRUNCATED). The query asks for the DNSKEY RRset with DO
// and a 512-octet buffer, which a signed zone's answer exceeds.
func checkTruncated(e *env, s Server) {
	r := e.query(s, "udp", e.ix.origin, dns.TypeDNSKEY, "tc512", false)
	if r.err != nil || !r.m.Truncated {
		return
	}
	if r.m.IsEdns0() == nil {
		e.addf(Finding{Severity: Failure, Tag: "MISSING_OPT_IN_TRUNCATED", Name: s.String(), Authority: "RFC 6891 §7; Zonemaster NAMESERVER13",
			Message: "truncated response (TC) to an EDNS query has no OPT record"})
	}
}

// checkDO: a server of a signed zone returns the RRSIGs of the DNSKEY
// RRset to a query with DO (RFC 3225 §3; RFC 4035 §3.1.1; Zonemaster
// DNSSEC05 DS05_SERVER_NO_DNSSEC).
func checkDO(e *env, s Server) {
	if !e.ix.signed() {
		return
	}
	r := e.query(s, "tcp", e.ix.origin, dns.TypeDNSKEY, "do", false)
	if r.err != nil || r.m.Rcode != dns.RcodeSuccess || !hasType(r.m.Answer, dns.TypeDNSKEY) {
		return // NS02 reports failed and differing answers
	}
	if !hasType(r.m.Answer, dns.TypeRRSIG) {
		e.addf(Finding{Severity: Failure, Tag: "NO_DNSSEC_RRSIG", Name: s.String(), Authority: "RFC 3225 §3; RFC 4035 §3.1.1; Zonemaster DNSSEC05 (DS05_SERVER_NO_DNSSEC)",
			Message: "DNSKEY answer to a query with DO has no RRSIG: validators cannot validate through this server"})
	}
}

// checkPTR: each name-server address has a reverse (PTR) record, looked up
// through Target.Resolver (Zonemaster ADDRESS02; RFC 1912 §2.1: every
// address should map back to a name).
func checkPTR(e *env) {
	if !e.t.Resolver.IsValid() {
		return
	}
	const auth = "RFC 1912 §2.1 (PTR records for every address); Zonemaster ADDRESS02"
	rsv := Server{Name: "resolver", Addr: e.t.Resolver}
	seen := make(map[netip.Addr]bool)
	for _, s := range e.servers() {
		a := s.Addr.Addr().Unmap()
		if seen[a] {
			continue
		}
		seen[a] = true
		rev, err := dns.ReverseAddr(a.String())
		if err != nil {
			continue
		}
		r := e.query(rsv, "udp", rev, dns.TypePTR, "", true)
		switch {
		case r.err != nil:
			e.addf(Finding{Severity: Warning, Tag: "PTR_QUERY_FAILED", Name: s.String(), Authority: auth, Message: fmt.Sprintf("PTR query for %s failed: %v", rev, r.err)})
		case r.m.Rcode != dns.RcodeSuccess || !hasType(r.m.Answer, dns.TypePTR):
			e.addf(Finding{Severity: Warning, Tag: "NO_PTR", Name: s.String(), Authority: auth, Message: fmt.Sprintf("no PTR record for %s (%s, %s)", a, rev, dns.RcodeToString[r.m.Rcode])})
		}
	}
}
