package rsep

import (
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec"
)

const (
	authReach   = "IANA name server requirements; RFC 7766 §6.1 (TCP); RFC 1035 §4.2"
	authConsist = "IANA name server requirements (identical NS and SOA); RST dns-zz-consistency"
	authEDNS    = "RFC 6891 §6.1.3, §7; RFC 4343 §4.1 (case preserved)"
	authRTT     = "RA Spec 10 §2 (DNS RTT: UDP 500 ms, TCP 1500 ms; indicative, single vantage point)"
	authNX      = "RA Spec 6 §2.2 (NXDOMAIN for names not registered); RFC 4035 §3.1.3; RFC 5155 §7.2.2"
)

func init() {
	register(
		Check{ID: "NS01", Title: "no UDP or TCP answer, not authoritative, open recursion", Mode: ModeLive, Effect: StabilityB, Authority: authReach, Zonemaster: []string{"CONNECTIVITY01", "CONNECTIVITY02", "DELEGATION04", "NAMESERVER01"}, run: checkReach},
		Check{ID: "NS02", Title: "SOA, NS or DNSKEY differ across servers", Mode: ModeLive, Effect: StabilityB, Authority: authConsist, Zonemaster: []string{"CONSISTENCY01", "CONSISTENCY04"}, run: checkConsistency},
		Check{ID: "NS03", Title: "EDNS non-conformance; QNAME case not preserved", Mode: ModeLive, Effect: StabilityA, Authority: authEDNS, Zonemaster: []string{"NAMESERVER02", "NAMESERVER09", "NAMESERVER10", "NAMESERVER11"}, run: checkEDNS},
		Check{ID: "SLA01", Title: "RTT above the Spec 10 thresholds (indicative)", Mode: ModeLive, Effect: StabilityB, Authority: authRTT, run: checkRTT},
		Check{ID: "SLA02", Title: "unregistered name not NXDOMAIN with a valid denial proof", Mode: ModeLive, Effect: StabilityB, Authority: authNX, run: checkNXDOMAIN},
	)
}

// checkReach is NS01.
func checkReach(e *env) {
	origin := e.ix.origin
	v6 := make(map[string]bool) // name servers that answered over IPv6
	servers := e.servers()
	for _, s := range servers {
		for _, network := range []string{"udp", "tcp"} {
			r := e.query(s, network, origin, dns.TypeSOA, "", false)
			if r.err != nil {
				tag := "NO_RESPONSE_UDP"
				if network == "tcp" {
					tag = "NO_RESPONSE_TCP"
				}
				e.addf(Finding{Severity: Failure, Tag: tag, Name: s.String(), Message: fmt.Sprintf("no answer to SOA over %s: %v", strings.ToUpper(network), r.err)})
				continue
			}
			tag := "NOT_AUTHORITATIVE"
			if network == "tcp" {
				tag = "NOT_AUTHORITATIVE_TCP"
			} else if s.Addr.Addr().Is6() && !s.Addr.Addr().Is4In6() {
				v6[s.Name] = true
			}
			if !r.m.Authoritative || r.m.Rcode != dns.RcodeSuccess || !hasType(r.m.Answer, dns.TypeSOA) {
				e.addf(Finding{Severity: Failure, Tag: tag, Name: s.String(), Message: fmt.Sprintf("SOA answer over %s is not authoritative (aa=%v rcode=%s, %d answers)", strings.ToUpper(network), r.m.Authoritative, dns.RcodeToString[r.m.Rcode], len(r.m.Answer))})
			}
		}
		// Open recursion: a recursive query for a name outside the zone.
		r := e.query(s, "udp", "rsep-recursion-probe.invalid.", dns.TypeA, "", true)
		if r.err == nil && r.m.RecursionAvailable && (r.m.Rcode == dns.RcodeNameError || len(r.m.Answer) > 0) {
			e.addf(Finding{Severity: Failure, Tag: "IS_A_RECURSOR", Effect: SecurityB, Name: s.String(), Authority: "IANA name server requirements (no open recursion); RFC 5358 §4; Zonemaster NAMESERVER01", Message: "server offers recursion to arbitrary clients"})
		}
	}
	if len(servers) > 0 && len(v6) < 2 {
		e.addf(Finding{Severity: Failure, Tag: "NOT_ENOUGH_IPV6_REACHABLE", Name: origin, Authority: "RA Spec 6 §1.5 (at least two name servers reachable over IPv6)", Message: fmt.Sprintf("%d name server(s) answered over IPv6, at least two are required", len(v6))})
	}
}

func hasType(rrs []dns.RR, t uint16) bool {
	for _, rr := range rrs {
		if rr.Header().Rrtype == t {
			return true
		}
	}
	return false
}

func rdataSet(rrs []dns.RR, t uint16) string {
	var out []string
	for _, rr := range rrs {
		if rr.Header().Rrtype != t {
			continue
		}
		s := rr.String()
		out = append(out, strings.ToLower(s[len(rr.Header().String()):]))
	}
	sort.Strings(out)
	return strings.Join(out, " | ")
}

// consistencyQuery is one query NS02 compares across servers and
// transports (RST dns-zz-consistency).
type consistencyQuery struct {
	name string
	t    uint16
	tag  string
}

// checkConsistency is NS02: every server, over UDP and TCP, gives the same
// answer (rcode and data) to the apex SOA (serial excepted), NS, DNSKEY and
// NSEC3PARAM queries and to the nic.<tld> NS and DS queries, which must
// have data (RST dns-zz-consistency); queries that fail are
// CONSISTENCY_QUERY_FAILED. SOA serials that differ are a separate warning
// (Zonemaster CONSISTENCY01).
func checkConsistency(e *env) {
	origin := e.ix.origin
	nic := "nic." + origin
	qs := []consistencyQuery{{origin, dns.TypeSOA, "SOA_DIFFERS"}, {origin, dns.TypeNS, "NS_SET_DIFFERS"}, {origin, dns.TypeDNSKEY, "DNSKEY_SET_DIFFERS"},
		{origin, dns.TypeNSEC3PARAM, "NSEC3PARAM_DIFFERS"}, {nic, dns.TypeNS, "NIC_DIFFERS"}, {nic, dns.TypeDS, "NIC_DIFFERS"}}
	serials := make(map[string][]string)
	failed := make(map[string][]string) // server → failed queries
	var order []string
	for _, q := range qs {
		seen := make(map[string][]string)
		var missing []string
		for _, s := range e.servers() {
			for _, network := range []string{"udp", "tcp"} {
				// RST sets DO and asks for the NSID on every query; the NSID
				// names the anycast node in the report.
				r := e.query(s, network, q.name, q.t, "nsid", false)
				who := s.String() + "/" + network + nsidOf(r.m)
				if r.err != nil {
					if failed[s.String()] == nil {
						order = append(order, s.String())
					}
					failed[s.String()] = append(failed[s.String()], fmt.Sprintf("%s %s over %s (%v)", q.name, typeName(q.t), strings.ToUpper(network), r.err))
					continue
				}
				v := consistencyValue(r.m, q.t, serials, who)
				seen[v] = append(seen[v], who)
				if q.name == nic && (r.m.Rcode != dns.RcodeSuccess || !hasType(append(r.m.Answer, r.m.Ns...), q.t)) {
					missing = append(missing, who+" "+dns.RcodeToString[r.m.Rcode])
				}
			}
		}
		if len(seen) > 1 {
			e.add(Failure, q.tag, q.name, q.t, "servers disagree: %s", describeViews(seen))
		}
		if len(missing) > 0 && (q.t == dns.TypeNS || e.ix.signed()) {
			e.add(Failure, "NIC_MISSING", nic, q.t, "no %s RRset for %s from %s; RST requires nic.<tld> NS and DS in the TLD zone", typeName(q.t), nic, strings.Join(missing, ", "))
		}
	}
	for _, srv := range order {
		e.addf(Finding{Severity: Failure, Tag: "CONSISTENCY_QUERY_FAILED", Name: srv, Authority: authConsist,
			Message: fmt.Sprintf("%d queries failed: %s", len(failed[srv]), strings.Join(failed[srv], "; "))})
	}
	if len(serials) > 1 {
		e.addf(Finding{Severity: Warning, Tag: "SOA_SERIAL_DIFFERS", Name: origin, Type: "SOA", Authority: "Zonemaster CONSISTENCY01 (MULTIPLE_SOA_SERIALS); RFC 1996 §1 (secondaries follow the primary)",
			Message: "SOA serials differ: " + describeViews(serials)})
	}
}

// consistencyValue normalizes a response for comparison: rcode, and the
// answer and authority data of type t (lower case, sorted), the SOA without
// its serial, which it records in serials.
func consistencyValue(m *dns.Msg, t uint16, serials map[string][]string, who string) string {
	v := dns.RcodeToString[m.Rcode] + " " + rdataSet(m.Answer, t)
	if t != dns.TypeSOA {
		if len(m.Answer) == 0 {
			v += " authority: " + rdataSet(m.Ns, t)
		}
		return v
	}
	for _, rr := range m.Answer {
		if soa, ok := rr.(*dns.SOA); ok {
			c := *soa
			serials[fmt.Sprint(c.Serial)] = append(serials[fmt.Sprint(c.Serial)], who)
			c.Serial = 0
			v = dns.RcodeToString[m.Rcode] + " " + strings.ToLower(c.String()[len(c.Hdr.String()):])
		}
	}
	return v
}

// nsidOf returns " (nsid X)" for a response with an NSID option (RFC 5001
// §2.3), or "".
func nsidOf(m *dns.Msg) string {
	if m == nil || m.IsEdns0() == nil {
		return ""
	}
	for _, o := range m.IsEdns0().Option {
		if n, ok := o.(*dns.EDNS0_NSID); ok && n.Nsid != "" {
			b, err := hex.DecodeString(n.Nsid)
			if err != nil {
				return " (nsid " + n.Nsid + ")"
			}
			return " (nsid " + strconv.QuoteToASCII(string(b)) + ")"
		}
	}
	return ""
}

func describeViews(seen map[string][]string) string {
	var parts []string
	for v, ss := range seen {
		parts = append(parts, fmt.Sprintf("%s: %s", strings.Join(ss, ","), v))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

// mixCase returns name with every other letter upper case (RFC 4343 §4.1).
func mixCase(name string) string {
	b := []byte(name)
	up := true
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			if up {
				b[i] = c - 'a' + 'A'
			}
			up = !up
		}
	}
	return string(b)
}

// checkEDNS is NS03.
func checkEDNS(e *env) {
	origin := e.ix.origin
	for _, s := range e.servers() {
		mixed := mixCase(origin)
		if r := e.query(s, "udp", mixed, dns.TypeSOA, "", false); r.err == nil && len(r.m.Question) == 1 && r.m.Question[0].Name != mixed {
			e.addf(Finding{Severity: Failure, Tag: "QNAME_CASE_CHANGED", Name: s.String(), Authority: "RFC 4343 §4.1; Zonemaster NAMESERVER08 (QNAME_CASE_INSENSITIVE)", Message: fmt.Sprintf("question %s returned as %s", mixed, r.m.Question[0].Name)})
		}
		// EDNS support, versions and unknown options are only judged on a
		// server that answers a plain EDNS query normally: a server that
		// refuses or drops everything is NS01's problem, not an EDNS one,
		// and is not sent the other EDNS queries.
		plain := e.query(s, "udp", origin, dns.TypeSOA, "edns0", false)
		ednsOK := plain.err == nil && plain.m.Rcode == dns.RcodeSuccess
		if ednsOK && plain.m.IsEdns0() == nil {
			e.addf(Finding{Severity: Failure, Tag: "NO_EDNS_SUPPORT", Name: s.String(), Authority: "RFC 6891 §7; Zonemaster NAMESERVER02", Message: "response to an EDNS query has no OPT record"})
		}
		if !ednsOK {
			continue
		}
		if r := e.query(s, "udp", origin, dns.TypeSOA, "edns1", false); r.err == nil {
			if r.m.Rcode != dns.RcodeBadVers || r.m.IsEdns0() == nil || r.m.IsEdns0().Version() != 0 || len(r.m.Answer) > 0 {
				e.addf(Finding{Severity: Failure, Tag: "NO_EDNS_BADVERS", Name: s.String(), Authority: "RFC 6891 §6.1.3; Zonemaster NAMESERVER10", Message: fmt.Sprintf("EDNS version 1 query answered with rcode %s and %d answers, want BADVERS with an OPT of version 0", dns.RcodeToString[r.m.Rcode], len(r.m.Answer))})
			}
		}
		if r := e.query(s, "udp", origin, dns.TypeSOA, "opt", false); r.err == nil {
			echoed := false
			if o := r.m.IsEdns0(); o != nil {
				for _, op := range o.Option {
					if op.Option() == 65001 {
						echoed = true
					}
				}
			}
			if r.m.Rcode != dns.RcodeSuccess || echoed {
				e.addf(Finding{Severity: Failure, Tag: "UNKNOWN_OPTION", Name: s.String(), Authority: "RFC 6891 §6.1.2; Zonemaster NAMESERVER11", Message: fmt.Sprintf("query with an unknown EDNS option answered with rcode %s (option echoed: %v)", dns.RcodeToString[r.m.Rcode], echoed)})
			}
		}
	}
}

// checkRTT is SLA01: indicative only (one vantage point, one query each).
func checkRTT(e *env) {
	origin := e.ix.origin
	for _, s := range e.servers() {
		for _, network := range []string{"udp", "tcp"} {
			limit := e.pol.udpRTT()
			if network == "tcp" {
				limit = e.pol.tcpRTT()
			}
			r := e.query(s, network, origin, dns.TypeSOA, "", false)
			if r.err == nil && r.rtt > limit {
				e.addf(Finding{Severity: Notice, Tag: "RTT_" + strings.ToUpper(network), Name: s.String(), Message: fmt.Sprintf("%s round trip %s exceeds %s", strings.ToUpper(network), r.rtt.Round(1e6), limit)})
			}
		}
	}
}

// nxName picks a label that is not in the zone, deterministically.
func (e *env) nxName() string {
	for i := 0; ; i++ {
		n := fmt.Sprintf("rsep-nxdomain-probe-%d.%s", i, e.ix.origin)
		if len(e.ix.types[n]) == 0 {
			if _, below := e.ix.cutAt(n); !below {
				return n
			}
		}
	}
}

// checkNXDOMAIN is SLA02: a name that is not registered gets NXDOMAIN, and
// in a signed zone a denial of existence that covers it and whose
// signatures verify with the zone's keys.
func checkNXDOMAIN(e *env) {
	name := e.nxName()
	keys := e.ix.zoneKeys()
	for _, s := range e.servers() {
		// Only a server that answers the apex SOA normally is judged: one
		// that refuses everything is NS01's (NOT_AUTHORITATIVE).
		if soa := e.query(s, "udp", e.ix.origin, dns.TypeSOA, "", false); soa.err != nil || soa.m.Rcode != dns.RcodeSuccess {
			continue
		}
		r := e.query(s, "udp", name, dns.TypeA, "do", false)
		if r.err != nil {
			continue
		}
		if r.m.Rcode != dns.RcodeNameError {
			e.addf(Finding{Severity: Failure, Tag: "NO_NXDOMAIN", Name: s.String(), Message: fmt.Sprintf("%s answered %s with %d records, want NXDOMAIN", name, dns.RcodeToString[r.m.Rcode], len(r.m.Answer))})
			continue
		}
		if len(keys) == 0 {
			continue
		}
		if why := e.denialProof(name, r.m, keys); why != "" {
			e.addf(Finding{Severity: Failure, Tag: "BAD_DENIAL_PROOF", Name: s.String(), Message: fmt.Sprintf("NXDOMAIN for %s: %s", name, why)})
		}
	}
}

// denialProof checks that the authority section of an NXDOMAIN response
// proves the name does not exist: signed SOA, and NSEC records covering
// the name and the wildcard, or NSEC3 records covering the next closer
// name and the wildcard at the closest encloser. Signatures are verified
// with the zone's keys; "" means the proof holds.
func (e *env) denialProof(name string, m *dns.Msg, keys []*dns.DNSKEY) string {
	sets := make(map[rrKey][]dns.RR)
	sigs := make(map[rrKey][]*dns.RRSIG)
	for _, rr := range m.Ns {
		h := rr.Header()
		n := strings.ToLower(h.Name)
		if s, ok := rr.(*dns.RRSIG); ok {
			sigs[rrKey{n, s.TypeCovered}] = append(sigs[rrKey{n, s.TypeCovered}], s)
			continue
		}
		sets[rrKey{n, h.Rrtype}] = append(sets[rrKey{n, h.Rrtype}], rr)
	}
	for k, rrs := range sets {
		ok := false
		for _, sig := range sigs[k] {
			for _, key := range e.findKeys(keys, sig) {
				err, within := e.verify(sig, key, rrs)
				if !within {
					return "signature budget exhausted"
				}
				if err == nil && (e.now.IsZero() || sig.ValidityPeriod(e.now)) {
					ok = true
				}
			}
		}
		if !ok {
			return fmt.Sprintf("%s/%s has no valid signature", k.name, typeName(k.typ))
		}
	}
	if len(sets[rrKey{e.ix.origin, dns.TypeSOA}]) == 0 {
		return "no SOA in the authority section (RFC 2308 §3)"
	}
	var nsecs []*dns.NSEC
	var nsec3s []*dns.NSEC3
	for _, rr := range m.Ns {
		switch v := rr.(type) {
		case *dns.NSEC:
			nsecs = append(nsecs, v)
		case *dns.NSEC3:
			nsec3s = append(nsec3s, v)
		}
	}
	// The closest encloser of a name not in the zone: its longest existing
	// ancestor (the apex for the names nxName picks).
	ce := e.ix.origin
	wild := "*." + ce
	switch {
	case len(nsecs) > 0:
		if !nsecCovers(nsecs, name) {
			return "no NSEC covers the name"
		}
		if !nsecCovers(nsecs, wild) {
			return "no NSEC covers the wildcard " + wild
		}
	case len(nsec3s) > 0:
		labels := dns.SplitDomainName(name)
		nextCloser := strings.Join(labels[len(labels)-len(dns.SplitDomainName(ce))-1:], ".") + "."
		if p := nsec3s[0]; int(p.Iterations) > MaxNSEC3Iterations {
			return fmt.Sprintf("NSEC3 iterations %d exceed MaxNSEC3Iterations", p.Iterations)
		}
		match, cover, wcover := false, false, false
		for _, n3 := range nsec3s {
			match = match || n3.Match(ce)
			cover = cover || n3.Cover(nextCloser)
			wcover = wcover || n3.Cover(wild)
		}
		if !match || !cover || !wcover {
			return fmt.Sprintf("NSEC3 proof incomplete (closest encloser matched %v, next closer covered %v, wildcard covered %v)", match, cover, wcover)
		}
	default:
		return "no NSEC or NSEC3 records in the authority section"
	}
	return ""
}

func nsecCovers(nsecs []*dns.NSEC, name string) bool {
	for _, n := range nsecs {
		if dnssec.NSECCovers(n, name) {
			return true
		}
	}
	return false
}
