package rsep

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/miekg/dns"
)

const (
	authNSCount  = "RA Spec 6 §1.5 (at least two name servers reachable over IPv6); IANA name server requirements; RFC 2182 §5"
	authGlue     = "RFC 1034 §4.2.2; RFC 9471 §3; IANA name server requirements (glue matches authoritative data)"
	authReferral = "IANA name server requirements (referral fits in 512 octets without EDNS); RFC 1035 §4.2.1"
	authSpecial  = "RFC 6890 §2.2 (special-purpose address registries); IANA name server requirements; RFC 1123 §2.1"
)

func init() {
	register(
		Check{ID: "DEL01", Title: "fewer than two name servers, shared addresses, fewer than two over IPv6", Mode: ModeZone, Effect: StabilityB, Authority: authNSCount, Zonemaster: []string{"DELEGATION01", "DELEGATION02"}, run: checkNSCount},
		Check{ID: "DEL02", Title: "missing or inconsistent glue; parent and child NS differ", Mode: ModeZone, Effect: StabilityB, Authority: authGlue, Zonemaster: []string{"CONSISTENCY05", "DELEGATION04"}, run: checkGlue},
		Check{ID: "DEL03", Title: "referral larger than 512 octets without EDNS", Mode: ModeZone, Effect: StabilityB, Authority: authReferral, Zonemaster: []string{"DELEGATION03"}, run: checkReferralSize},
		Check{ID: "DEL04", Title: "name-server addresses in special-purpose blocks; invalid name-server names", Mode: ModeZone, Effect: StabilityB, Authority: authSpecial, Zonemaster: []string{"ADDRESS01", "SYNTAX04"}, run: checkSpecial},
	)
}

// authNSSets is the authority for parent/child NS set differences.
const authNSSets = "RFC 1034 §4.2.2 (parent and child NS sets should match); RFC 2181 §5.4.1; IANA name server requirements; Zonemaster DELEGATION07"

// compareNSSets reports, as Zonemaster DELEGATION07 does, the names only the
// parent lists (EXTRA_NAME_PARENT: resolvers sent to a server the zone does
// not list), the names only the child lists (EXTRA_NAME_CHILD: servers
// resolvers never learn from the referral), or no name in common
// (TOTAL_NAME_MISMATCH).
func compareNSSets(e *env, child, parent []string) {
	origin := e.ix.origin
	inChild, inParent := make(map[string]bool), make(map[string]bool)
	for _, h := range child {
		inChild[h] = true
	}
	for _, h := range parent {
		inParent[h] = true
	}
	var onlyParent, onlyChild []string
	for _, h := range parent {
		if !inChild[h] {
			onlyParent = append(onlyParent, h)
		}
	}
	for _, h := range child {
		if !inParent[h] {
			onlyChild = append(onlyChild, h)
		}
	}
	if len(onlyParent) == len(parent) && len(onlyChild) == len(child) && len(parent) > 0 && len(child) > 0 {
		e.addf(Finding{Severity: Failure, Tag: "TOTAL_NAME_MISMATCH", Name: origin, Type: "NS", Authority: authNSSets,
			Message: fmt.Sprintf("the parent's NS set [%s] and the zone's [%s] have no name in common", strings.Join(parent, " "), strings.Join(child, " "))})
		return
	}
	if len(onlyParent) > 0 {
		e.addf(Finding{Severity: Failure, Tag: "EXTRA_NAME_PARENT", Name: origin, Type: "NS", Authority: authNSSets,
			Message: fmt.Sprintf("the parent lists %s, which the zone's apex NS set [%s] does not", strings.Join(onlyParent, ", "), strings.Join(child, " "))})
	}
	if len(onlyChild) > 0 {
		e.addf(Finding{Severity: Warning, Tag: "EXTRA_NAME_CHILD", Name: origin, Type: "NS", Authority: authNSSets,
			Message: fmt.Sprintf("the zone lists %s, which the parent's NS set [%s] does not", strings.Join(onlyChild, ", "), strings.Join(parent, " "))})
	}
}

// nsAddrs maps each apex name server of the zone (and of the parent's NS set
// when given) to the addresses known offline: in-zone records and parent glue.
func (e *env) nsAddrs() (hosts []string, addrs map[string][]netip.Addr) {
	ix := e.ix
	set := make(map[string]bool)
	for _, h := range ix.apexNS() {
		set[h] = true
	}
	if p := e.t.Parent; p != nil {
		for _, h := range p.nsTargets() {
			set[h] = true
		}
	}
	addrs = make(map[string][]netip.Addr)
	for h := range set {
		hosts = append(hosts, h)
		seen := make(map[netip.Addr]bool)
		var rrs []dns.RR
		if dns.IsSubDomain(ix.origin, h) {
			rrs = append(rrs, ix.addrs(h)...)
		}
		if p := e.t.Parent; p != nil {
			rrs = append(rrs, p.glueFor(h)...)
		}
		for _, rr := range rrs {
			if a, ok := rrAddr(rr); ok && !seen[a] {
				seen[a] = true
				addrs[h] = append(addrs[h], a)
			}
		}
		sort.Slice(addrs[h], func(i, j int) bool { return addrs[h][i].Less(addrs[h][j]) })
	}
	sort.Strings(hosts)
	return hosts, addrs
}

func rrAddr(rr dns.RR) (netip.Addr, bool) {
	switch v := rr.(type) {
	case *dns.A:
		a, ok := netip.AddrFromSlice(v.A.To4())
		return a, ok
	case *dns.AAAA:
		a, ok := netip.AddrFromSlice(v.AAAA.To16())
		return a, ok
	}
	return netip.Addr{}, false
}

// checkNSCount is DEL01.
func checkNSCount(e *env) {
	ix := e.ix
	if n := len(ix.apexNS()); n < 2 {
		e.addf(Finding{Severity: Failure, Tag: "NOT_ENOUGH_NS_CHILD", Name: ix.origin, Type: "NS", Message: fmt.Sprintf("the zone lists %d name server(s), at least two are required", n)})
	}
	if p := e.t.Parent; p != nil {
		if n := len(p.nsTargets()); n < 2 {
			e.addf(Finding{Severity: Failure, Tag: "NOT_ENOUGH_NS_DEL", Name: ix.origin, Type: "NS", Message: fmt.Sprintf("the parent lists %d name server(s), at least two are required", n)})
		}
	}
	hosts, addrs := e.nsAddrs()
	owners := make(map[netip.Addr][]string)
	unknown, v4, v6 := 0, 0, 0
	for _, h := range hosts {
		if len(addrs[h]) == 0 {
			unknown++
			e.addf(Finding{Severity: Notice, Tag: "ADDRESS_UNKNOWN", Name: h, Message: "no address known offline (out-of-zone name server); not counted"})
		}
		has4, has6 := false, false
		for _, a := range addrs[h] {
			owners[a] = append(owners[a], h)
			if a.Is6() && !a.Is4In6() {
				has6 = true
			} else {
				has4 = true
			}
		}
		if has6 {
			v6++
		}
		if has4 {
			v4++
		}
	}
	var shared []netip.Addr
	for a, hs := range owners {
		if len(hs) > 1 {
			shared = append(shared, a)
		}
	}
	sort.Slice(shared, func(i, j int) bool { return shared[i].Less(shared[j]) })
	for _, a := range shared {
		e.addf(Finding{Severity: Failure, Tag: "SAME_IP_ADDRESS", Name: a.String(), Message: "address shared by name servers " + strings.Join(owners[a], ", ")})
	}
	if unknown == 0 && len(owners) < 2 && len(hosts) > 0 {
		e.addf(Finding{Severity: Failure, Tag: "NOT_ENOUGH_ADDRESSES", Name: ix.origin, Message: fmt.Sprintf("the name servers have %d distinct address(es), at least two are required", len(owners))})
	}
	if v4 == 0 && unknown == 0 && len(hosts) > 0 {
		e.addf(Finding{Severity: Failure, Tag: "NO_IPV4_NS", Name: ix.origin, Authority: "RFC 3901 §3 (keep at least one IPv4-reachable server per zone); Zonemaster DELEGATION01 (NO_IPV4_NS_CHILD/DEL)",
			Message: "no name server has an IPv4 address: IPv4-only resolvers cannot reach the zone"})
	}
	if v6 < 2 && len(hosts) > 0 {
		sev, scope := Failure, ""
		if unknown > 0 {
			sev, scope = Warning, " of those with addresses known offline"
		}
		e.addf(Finding{Severity: sev, Tag: "NOT_ENOUGH_IPV6_NS", Name: ix.origin, Authority: "RA Spec 6 §1.5", Message: fmt.Sprintf("%d name server(s)%s have an IPv6 address, at least two are required", v6, scope)})
	}
}

// checkGlue is DEL02: every in-domain name server of a delegation (the
// zone's own, in the parent data; each child's, in the zone) has glue, and
// the parent's glue and NS set equal the zone's authoritative data.
func checkGlue(e *env) {
	ix := e.ix
	for _, cut := range sortedKeys(ix.cuts) {
		for _, h := range nsTargets(ix.get(cut, dns.TypeNS)) {
			if !dns.IsSubDomain(ix.origin, h) || len(ix.addrs(h)) > 0 {
				continue
			}
			sev := Warning // sibling glue
			if dns.IsSubDomain(cut, h) {
				sev = Failure // in-domain: the delegation cannot be followed without it
			}
			e.addf(Finding{Severity: sev, Tag: "GLUE_MISSING", Name: cut, Type: "NS", Message: "name server " + h + " is inside the zone but has no address records (glue)"})
		}
	}
	p := e.t.Parent
	if p == nil {
		return
	}
	parent := p.nsTargets()
	compareNSSets(e, ix.apexNS(), parent)
	for _, h := range parent {
		if !dns.IsSubDomain(ix.origin, h) {
			continue
		}
		pg := addrStrings(p.glueFor(h))
		zg := addrStrings(ix.addrs(h))
		switch {
		case len(pg) == 0:
			e.addf(Finding{Severity: Failure, Tag: "GLUE_MISSING", Name: h, Message: "in-domain name server has no glue in the parent"})
		case strings.Join(pg, " ") != strings.Join(zg, " "):
			e.addf(Finding{Severity: Failure, Tag: "GLUE_MISMATCH", Name: h, Authority: authGlue + "; Zonemaster CONSISTENCY05", Message: fmt.Sprintf("parent glue [%s] differs from the zone's addresses [%s]", strings.Join(pg, " "), strings.Join(zg, " "))})
		}
	}
}

func addrStrings(rrs []dns.RR) []string {
	var out []string
	seen := make(map[string]bool)
	for _, rr := range rrs {
		if a, ok := rrAddr(rr); ok && !seen[a.String()] {
			seen[a.String()] = true
			out = append(out, a.String())
		}
	}
	sort.Strings(out)
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// longestName returns a name of 255 octets in wire form ending in zone, the
// worst case for the question section of a referral.
func longestName(zone string) string {
	wire := len(zone) + 1 // wire length of the zone name
	if zone == "." {
		wire = 1
	}
	name := zone
	for wire < 255 {
		n := 255 - wire - 1 // room for a length byte
		if n > 63 {
			n = 63
		}
		if n < 1 {
			break
		}
		name = strings.Repeat("a", n) + "." + strings.TrimPrefix(name, ".")
		if zone == "." && strings.HasSuffix(name, "..") {
			name = strings.TrimSuffix(name, ".")
		}
		wire += n + 1
	}
	return name
}

// referralSize returns the packed size of a referral to zone with the given
// NS set and glue, for the worst-case question, without EDNS and with name
// compression.
func referralSize(zone string, ns []string, glue func(string) []dns.RR) int {
	m := new(dns.Msg)
	m.SetQuestion(longestName(zone), dns.TypeA)
	m.Response = true
	m.Compress = true
	for _, h := range ns {
		m.Ns = append(m.Ns, &dns.NS{Hdr: dns.RR_Header{Name: zone, Rrtype: dns.TypeNS, Class: dns.ClassINET, Ttl: 172800}, Ns: h})
	}
	for _, h := range ns {
		if dns.IsSubDomain(zone, h) {
			m.Extra = append(m.Extra, glue(h)...)
		}
	}
	b, err := m.Pack()
	if err != nil {
		return 1 << 16
	}
	return len(b)
}

// checkReferralSize is DEL03: the referral for the zone (from the parent data,
// or from the apex NS set and in-zone addresses) and each child referral the
// zone serves fit in 512 octets with all in-domain glue.
func checkReferralSize(e *env) {
	ix := e.ix
	ns, glue := ix.apexNS(), ix.addrs
	if p := e.t.Parent; p != nil {
		ns, glue = p.nsTargets(), p.glueFor
	}
	if n := referralSize(ix.origin, ns, glue); n > 512 {
		e.add(Failure, "REFERRAL_SIZE_TOO_LARGE", ix.origin, dns.TypeNS, "referral with all in-domain glue is %d octets, more than 512", n)
	}
	for _, cut := range sortedKeys(ix.cuts) {
		if n := referralSize(cut, nsTargets(ix.get(cut, dns.TypeNS)), ix.addrs); n > 512 {
			e.add(Failure, "REFERRAL_SIZE_TOO_LARGE", cut, dns.TypeNS, "referral with all in-domain glue is %d octets, more than 512", n)
		}
	}
}

// checkSpecial is DEL04: name-server addresses (zone glue and parent glue)
// must not be in special-purpose blocks that are not globally reachable, and
// name-server names must be valid host names.
func checkSpecial(e *env) {
	ix := e.ix
	var rrs []dns.RR
	hosts := make(map[string]bool)
	for _, k := range ix.keys {
		if k.typ == dns.TypeNS {
			for _, h := range nsTargets(ix.get(k.name, k.typ)) {
				hosts[h] = true
			}
		}
	}
	if p := e.t.Parent; p != nil {
		rrs = append(rrs, p.Glue...)
		for _, h := range p.nsTargets() {
			hosts[h] = true
		}
	}
	for _, h := range sortedKeys(hosts) {
		if dns.IsSubDomain(ix.origin, h) {
			rrs = append(rrs, ix.addrs(h)...)
		}
		if !hostnameOK(h) {
			e.addf(Finding{Severity: Failure, Tag: "NS_NAME_SYNTAX", Name: h, Type: "NS", Message: "name-server name is not a valid host name"})
		}
	}
	seen := make(map[string]bool)
	for _, rr := range rrs {
		a, ok := rrAddr(rr)
		key := rr.Header().Name + " " + a.String()
		if !ok || seen[key] {
			continue
		}
		seen[key] = true
		if p, bad := isSpecial(a); bad {
			e.addf(Finding{Severity: Failure, Tag: "SPECIAL_ADDRESS", Name: strings.ToLower(rr.Header().Name), Type: typeName(rr.Header().Rrtype), RST: "dns-address01/" + address01Code(p),
				Message: fmt.Sprintf("name-server address %s is in the special-purpose block %s", a, p)})
		}
	}
}

// address01Code names the Zonemaster ADDRESS01 (engine 8) message RST
// reports for an address in the special-purpose block p: documentation
// prefixes (RFC 5737, RFC 3849), local-use ones (RFC 1918 private, RFC 4193
// unique local, loopback, link-local), or any other block not globally
// reachable (RFC 6890).
func address01Code(p netip.Prefix) string {
	for _, d := range []string{"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"} {
		if p.Overlaps(netip.MustParsePrefix(d)) {
			return "ZM_A01_DOCUMENTATION_ADDR"
		}
	}
	for _, l := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "fc00::/7", "fe80::/10", "::1/128"} {
		if p.Overlaps(netip.MustParsePrefix(l)) {
			return "ZM_A01_LOCAL_USE_ADDR"
		}
	}
	return "ZM_A01_ADDR_NOT_GLOBALLY_REACHABLE"
}
