package rsep

import (
	"fmt"
	"net"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/idn"
)

// Authorities cited by the zone checks.
const (
	authExhibitA = "base gTLD RA Exhibit A §1.1-§1.5 (DNS Service - TLD Zone Contents; any other type needs an RSEP request)"
	authWildcard = "RA Spec 6 §2.2 (wildcard prohibition); RFC 4592"
	authDotless  = "SAC053; ICANN NGPC resolution 2013.08.13.01 (dotless domains)"
	authCI       = "RA Spec 6 §6.2.1; ICANN Name Collision Occurrence Assessment 2014-08-04 and Management Framework 2014-07-30 (controlled interruption, 90 days)"
	authOrphan   = "RA Spec 6 §4.2; SAC048 (orphan glue)"
	authLabel    = "RA Spec 6 §1.1; RFC 1123 §2.1; RFC 5891 §4.2.3.1 (hyphens in positions 3 and 4 only in A-labels)"
	authIDN      = "RA Spec 6 §1.4; RFC 5890-5893 (IDNA2008); RFC 7940 (LGR)"
	authReserved = "RA Spec 5 (reserved names)"
	authSanity   = "RFC 1034 §3.6.2, §4.2.1; RFC 2181 §5.2, §6.1, §10.1, §10.3"
)

func init() {
	register(
		Check{ID: "ZC01", Title: "RR type outside the TLD zone allow-list", Mode: ModeZone, Effect: Contract, Authority: authExhibitA, run: checkAllowList},
		Check{ID: "ZC02", Title: "wildcard records", Mode: ModeZone, Effect: StabilityB, Authority: authWildcard, run: checkWildcard},
		Check{ID: "ZC03", Title: "apex A, AAAA or MX (dotless domain)", Mode: ModeZone, Effect: StabilityB, Authority: authDotless, run: checkDotless},
		Check{ID: "ZC04", Title: "controlled interruption records inexact, undeclared or outside the window", Mode: ModeParent, Effect: StabilityB, Authority: authCI, run: checkCI, needs: needClock},
		Check{ID: "ZC05", Title: "orphan glue", Mode: ModeZone, Effect: SecurityB, Authority: authOrphan, run: checkOrphanGlue},
		Check{ID: "ZC06", Title: "label syntax (LDH, length, hyphens at 3-4)", Mode: ModeZone, Effect: StabilityA, Authority: authLabel, Zonemaster: []string{"SYNTAX01", "SYNTAX02", "SYNTAX03", "SYNTAX04", "SYNTAX05", "SYNTAX07"}, run: checkLabels},
		Check{ID: "ZC07", Title: "IDN labels invalid under IDNA2008 or outside the declared IDN scripts", Mode: ModeZone, Effect: StabilityA, Authority: authIDN, run: checkIDN},
		Check{ID: "ZC08", Title: "reserved names delegated", Mode: ModeParent, Effect: Contract, Authority: authReserved, run: checkReserved, needs: func(e *env) string {
			if len(e.pol.Reserved) == 0 {
				return "policy declares no reserved names"
			}
			return ""
		}},
		Check{ID: "ZC09", Title: "SOA, NS and CNAME sanity", Mode: ModeZone, Effect: StabilityA, Authority: authSanity, Zonemaster: []string{"ZONE01", "ZONE02", "ZONE03", "ZONE04", "ZONE05", "ZONE06", "ZONE07", "ZONE08", "ZONE10", "DELEGATION05"}, run: checkSanity},
	)
}

// The TLD zone allow-list of the base gTLD Registry Agreement, Exhibit A
// ("Approved Services"), §1 "DNS Service - TLD Zone Contents", in the form
// used by the 2013 base agreement and its later revisions (it cites
// Applicant Guidebook §2.2.3.3): §1.1 apex SOA; §1.2 apex NS and
// in-bailiwick glue for the TLD's own servers; §1.3 NS and in-bailiwick glue
// of registered names; §1.4 DS of registered names; §1.5 records associated
// with signing the zone, listed as RRSIG, DNSKEY, NSEC and NSEC3. The clause
// says apex A, AAAA and MX (dotless names) are thereby excluded and any other
// type needs an RSEP request. NSEC3PARAM is not in the §1.5 list but is part
// of signing with NSEC3 (RFC 5155 §4) and is accepted here.
//
// An amended Exhibit A found in a number of individual agreements
// (Policy.AmendedExhibitA) numbers the list §1.1.1-§1.1.7 for class IN,
// names NSEC3PARAM in the signing records and adds §1.1.6 an apex TXT record
// for zone versioning and §1.1.7 an apex TYPE65534 record (automatic DNSSEC
// signing state), plus §1.2 CHAOS-class server identification TXT records,
// which are not zone data and not checked here.
// Sources and how they were found: testdata/README.md, "Clause texts".
var (
	apexTypes = typeSet(dns.TypeSOA, dns.TypeNS, dns.TypeDNSKEY, dns.TypeNSEC, dns.TypeNSEC3PARAM, dns.TypeRRSIG)
	// amendedApexTypes are the apex additions of the amended Exhibit A
	// (§1.1.6 TXT, §1.1.7 TYPE65534).
	amendedApexTypes = typeSet(dns.TypeTXT, 65534)
	cutTypes         = typeSet(dns.TypeNS, dns.TypeDS, dns.TypeRRSIG, dns.TypeNSEC)
	glueTypes        = typeSet(dns.TypeA, dns.TypeAAAA)
	nsec3Only        = typeSet(dns.TypeNSEC3, dns.TypeRRSIG)
	ciTypes          = typeSet(dns.TypeA, dns.TypeMX, dns.TypeSRV, dns.TypeTXT)
)

func typeSet(ts ...uint16) map[uint16]bool {
	m := make(map[uint16]bool, len(ts))
	for _, t := range ts {
		m[t] = true
	}
	return m
}

func (e *env) extraTypes() map[uint16]bool {
	m := make(map[uint16]bool)
	for _, s := range e.pol.AllowedTypes {
		if t, ok := parseType(s); ok {
			m[t] = true
		}
	}
	return m
}

// checkAllowList is ZC01: every RRset must be of a type RA Exhibit A allows
// at its position (apex, delegation point, glue, NSEC3 owner), or declared
// in the policy. Wildcards and apex A/AAAA/MX are left to ZC02 and ZC03.
func checkAllowList(e *env) {
	extra := e.extraTypes()
	ix := e.ix
	for _, k := range ix.keys {
		if extra[k.typ] || isWildcard(k.name) {
			continue
		}
		var ok bool
		var where string
		switch {
		case k.name == ix.origin:
			ok, where = apexTypes[k.typ] || (e.pol.AmendedExhibitA && amendedApexTypes[k.typ]), "at the apex"
			if k.typ == dns.TypeA || k.typ == dns.TypeAAAA || k.typ == dns.TypeMX {
				continue // ZC03 (dotless), ZC04 (controlled interruption)
			}
			if !ok && ciTypes[k.typ] && e.pol.ControlledInterruption != nil && allCI(ix.get(k.name, k.typ), ix.origin) {
				continue // exact controlled-interruption records: ZC04
			}
		case ix.cuts[k.name]:
			ok, where = cutTypes[k.typ] || glueTypes[k.typ], "at a delegation point"
		case len(ix.get(k.name, dns.TypeNSEC3)) > 0:
			ok, where = nsec3Only[k.typ], "at an NSEC3 owner"
		default:
			if _, below := ix.cutAt(k.name); below {
				ok, where = glueTypes[k.typ], "below a delegation point"
			} else {
				// Address records here are the registry's own name servers
				// or orphans (ZC05).
				ok, where = glueTypes[k.typ] || k.typ == dns.TypeRRSIG || k.typ == dns.TypeNSEC, "at a name that is neither apex, delegation nor glue"
			}
		}
		if !ok {
			e.add(Failure, "TYPE_NOT_ALLOWED", k.name, k.typ, "%s %s is not in the TLD zone allow-list; publishing it needs a Registry Services request", typeName(k.typ), where)
		}
	}
}

// ciText is the TXT string of controlled interruption, exactly as the Name
// Collision Occurrence Assessment (ICANN, 4 August 2014) gives it.
const ciText = "Your DNS configuration needs immediate attention see https://icann.org/namecollision"

// ciTTL is the TTL of the controlled-interruption records (Name Collision
// Occurrence Assessment, 4 August 2014).
const ciTTL = 3600

// ciRecord is the controlled-interruption record of type t (A, MX, SRV or
// TXT) at owner in the zone origin, as the Name Collision Occurrence
// Assessment (ICANN, 4 August 2014, applied through RA Spec 6 §6.2.1) gives
// it: A 127.0.53.53; MX 10 and SRV 10 10 0 to
// your-dns-needs-immediate-attention.<TLD>.; TXT ciText; TTL 3600. The same
// four records are published at the apex and at *.<TLD>. It is the one
// description of those records that isCIRecord and ZC04's messages use; nil
// for any other type.
func ciRecord(owner, origin string, t uint16) dns.RR {
	target := "your-dns-needs-immediate-attention." + origin
	h := dns.RR_Header{Name: owner, Rrtype: t, Class: dns.ClassINET, Ttl: ciTTL}
	switch t {
	case dns.TypeA:
		return &dns.A{Hdr: h, A: net.IPv4(127, 0, 53, 53)}
	case dns.TypeMX:
		return &dns.MX{Hdr: h, Preference: 10, Mx: target}
	case dns.TypeSRV:
		return &dns.SRV{Hdr: h, Priority: 10, Weight: 10, Port: 0, Target: target}
	case dns.TypeTXT:
		return &dns.TXT{Hdr: h, Txt: []string{ciText}}
	}
	return nil
}

// isCIRecord reports whether rr has the RDATA of the controlled-interruption
// record of its type for the zone origin (ciRecord; names compare
// case-insensitively, the TXT string exactly). The TTL is checked
// separately by ZC04.
func isCIRecord(rr dns.RR, origin string) bool {
	h := rr.Header()
	want := ciRecord(h.Name, origin, h.Rrtype)
	return want != nil && dns.IsDuplicate(rr, want)
}

// ciAllowed reports whether the policy declares controlled interruption and
// the evaluation time (if any) is inside its window.
func (e *env) ciAllowed() bool {
	w := e.pol.ControlledInterruption
	if w == nil {
		return false
	}
	if e.now.IsZero() {
		return true // ZC04 is skipped without a clock; do not double-report here
	}
	return !e.now.Before(w.Start) && e.now.Before(w.End())
}

// checkWildcard is ZC02: no wildcard owner names at any level, except the
// declared controlled-interruption set at *.<TLD> inside its window.
func checkWildcard(e *env) {
	ix := e.ix
	ciOK := e.ciAllowed()
	for _, k := range ix.keys {
		if !isWildcard(k.name) || k.typ == dns.TypeRRSIG || k.typ == dns.TypeNSEC {
			continue
		}
		if ciOK && k.name == "*."+ix.origin && ciTypes[k.typ] && allCI(ix.get(k.name, k.typ), ix.origin) {
			continue
		}
		e.add(Failure, "WILDCARD", k.name, k.typ, "wildcard %s record synthesizes answers for names that are not registered; the TLD must answer NXDOMAIN", typeName(k.typ))
	}
}

func allCI(rrs []dns.RR, origin string) bool {
	for _, rr := range rrs {
		if !isCIRecord(rr, origin) {
			return false
		}
	}
	return len(rrs) > 0
}

// checkDotless is ZC03: no A, AAAA or MX at the apex except the declared
// controlled-interruption set.
func checkDotless(e *env) {
	ix := e.ix
	ciOK := e.ciAllowed()
	for _, t := range []uint16{dns.TypeA, dns.TypeAAAA, dns.TypeMX} {
		rrs := ix.get(ix.origin, t)
		if len(rrs) == 0 || (ciOK && t != dns.TypeAAAA && allCI(rrs, ix.origin)) {
			continue
		}
		e.add(Failure, "DOTLESS", ix.origin, t, "apex %s record makes the TLD itself resolve as a dotless domain", typeName(t))
	}
}

// checkCI is ZC04: controlled-interruption records are only allowed when
// declared and inside the declared window, which lasts at least 90 days;
// while it runs, the apex and *.<TLD> each carry the full set of four
// records (A, MX, SRV, TXT), exactly as specified and with TTL 3600 (Name
// Collision Occurrence Assessment, 4 August 2014, under RA Spec 6 §6.2.1).
func checkCI(e *env) {
	ix := e.ix
	w := e.pol.ControlledInterruption
	owners := []string{ix.origin, "*." + ix.origin}
	var found []dns.RR
	for _, owner := range owners {
		for _, t := range ciTypeList {
			for _, rr := range ix.get(owner, t) {
				if isCIRecord(rr, ix.origin) {
					found = append(found, rr)
				}
			}
		}
	}
	if w == nil {
		for _, rr := range found {
			e.add(Warning, "CI_UNDECLARED", rr.Header().Name, rr.Header().Rrtype, "controlled-interruption record published but no controlled-interruption period is declared in the policy")
		}
		return
	}
	if w.Days != 0 && w.Days < ciMinDays {
		e.add(Warning, "CI_WINDOW_SHORT", ix.origin, 0, "declared controlled-interruption period of %d days is shorter than the %d continuous days required", w.Days, ciMinDays)
	}
	now := e.now
	switch {
	case now.Before(w.Start):
		for _, rr := range found {
			e.add(Warning, "CI_EARLY", rr.Header().Name, rr.Header().Rrtype, "controlled-interruption record published before the declared start %s", w.Start.UTC().Format("2006-01-02"))
		}
	case !now.Before(w.End()):
		for _, rr := range found {
			e.add(Failure, "CI_EXPIRED", rr.Header().Name, rr.Header().Rrtype, "controlled-interruption record still published after the window ended %s", w.End().UTC().Format("2006-01-02"))
		}
	default:
		for _, rr := range found {
			if rr.Header().Ttl != ciTTL {
				e.add(Warning, "CI_TTL", rr.Header().Name, rr.Header().Rrtype, "controlled-interruption record has TTL %d, want %d", rr.Header().Ttl, ciTTL)
			}
		}
		for _, owner := range owners {
			for _, t := range ciTypeList {
				rrs := ix.get(owner, t)
				if len(rrs) == 0 {
					e.add(Warning, "CI_INCOMPLETE", owner, t, "declared controlled-interruption period is active but %s has no %s record; want %s", owner, typeName(t), ciWant(t, ix.origin))
					continue
				}
				for _, rr := range rrs {
					if !isCIRecord(rr, ix.origin) {
						e.add(Warning, "CI_INEXACT", owner, t, "record %s %s differs from the controlled-interruption record %s", typeName(t), rdataText(rr), ciWant(t, ix.origin))
					}
				}
			}
		}
	}
}

// ciMinDays is the length of the controlled-interruption period (Name
// Collision Occurrence Management Framework, 2014: 90 continuous days).
const ciMinDays = 90

// ciTypeList is the order in which ZC04 reports the controlled-interruption
// types.
var ciTypeList = []uint16{dns.TypeA, dns.TypeMX, dns.TypeSRV, dns.TypeTXT}

// ciWant renders the controlled-interruption record expected for type t,
// e.g. "MX 10 your-dns-needs-immediate-attention.example.".
func ciWant(t uint16, origin string) string {
	return typeName(t) + " " + rdataText(ciRecord(origin, origin, t))
}

// rdataText is the presentation form of rr without its header.
func rdataText(rr dns.RR) string {
	return strings.TrimPrefix(rr.String(), rr.Header().String())
}

// checkOrphanGlue is ZC05: address records that no delegation needs. Below a
// delegation point, glue that no NS record refers to; elsewhere (not below
// any cut, not the apex), address records of a name whose own domain is gone
// that no NS refers to (SAC048 orphan) or that only child delegations still
// use (SAC048 "orphan glue in use").
func checkOrphanGlue(e *env) {
	ix := e.ix
	targets := make(map[string]bool) // any NS
	apexTargets := make(map[string]bool)
	for _, k := range ix.keys {
		if k.typ == dns.TypeNS {
			for _, t := range nsTargets(ix.get(k.name, k.typ)) {
				targets[t] = true
				if k.name == ix.origin {
					apexTargets[t] = true
				}
			}
		}
	}
	for _, k := range ix.keys {
		if !glueTypes[k.typ] || k.name == ix.origin || isWildcard(k.name) || apexTargets[k.name] {
			continue
		}
		cut, below := ix.cutAt(k.name)
		switch {
		case below && !targets[k.name]:
			e.add(Failure, "ORPHAN_GLUE", k.name, k.typ, "glue below %s that no NS record refers to", cut)
		case !below && !targets[k.name]:
			e.add(Failure, "ORPHAN_GLUE", k.name, k.typ, "address record of a name that is not delegated and that no NS record refers to (glue left behind by a deleted domain)")
		case !below:
			e.add(Warning, "ORPHAN_GLUE_IN_USE", k.name, k.typ, "address record used as name-server glue by other delegations although its own domain is not delegated")
		}
	}
}

// labelNames lists the names ZC06 and ZC07 look at: every owner name except
// NSEC3 hashes, and every NS target inside the zone, once each.
func (ix *index) labelNames() []string {
	if ix.labelCache != nil {
		return ix.labelCache
	}
	seen := make(map[string]bool)
	var out []string
	addName := func(n string) {
		n = strings.ToLower(n)
		if !seen[n] && dns.IsSubDomain(ix.origin, n) && n != ix.origin {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, n := range ix.names {
		ts := ix.types[n]
		if len(ts) > 0 && (ts[0] == dns.TypeNSEC3 || (len(ts) == 2 && ts[1] == dns.TypeNSEC3)) {
			continue
		}
		addName(n)
	}
	for _, k := range ix.keys {
		if k.typ == dns.TypeNS {
			for _, t := range nsTargets(ix.get(k.name, k.typ)) {
				addName(t)
			}
		}
	}
	sort.Strings(out)
	ix.labelCache = out
	return out
}

// relLabels returns the labels of name below the origin.
func (ix *index) relLabels(name string) []string {
	rel := strings.TrimSuffix(strings.TrimSuffix(name, ix.origin), ".")
	if rel == "" {
		return nil
	}
	return dns.SplitDomainName(rel)
}

// checkLabels is ZC06: LDH syntax, length and the hyphen rule for labels
// that are not A-labels (A-labels are ZC07's).
func checkLabels(e *env) {
	for _, n := range e.ix.labelNames() {
		for i, l := range e.ix.relLabels(n) {
			if i == 0 && l == "*" {
				continue // wildcards are ZC02's
			}
			if len(l) >= 4 && strings.EqualFold(l[:4], "xn--") {
				continue
			}
			v := idn.CheckLabel(l, nil)
			for _, err := range v.Findings {
				e.add(Failure, "LABEL_SYNTAX", n, 0, "label %q: %v", l, err)
			}
		}
	}
}

// checkIDN is ZC07: A-labels must be valid IDNA2008 labels; when the policy
// declares IDN scripts, be written in one of them; when it declares LGRs,
// be valid under one of them, and no two delegated labels may be variants
// of each other under an LGR (RFC 7940 §8.5 index labels; RST idn-01: a
// variant must be blocked or bundled with its primary, not delegated to
// someone else).
func checkIDN(e *env) {
	scripts := e.pol.IDNScripts
	var lgrs []*idn.LGR
	for _, name := range e.pol.LGRs {
		l, err := idn.ReferenceLGR(name)
		if err != nil {
			e.addf(Finding{Severity: Failure, Tag: "IDN_LGR_UNAVAILABLE", Name: e.ix.origin, Message: fmt.Sprintf("LGR %s: %v", name, err)})
			continue
		}
		lgrs = append(lgrs, l)
	}
	// index[i][indexLabel] lists the delegated labels of LGR i with that index.
	index := make([]map[string][]string, len(lgrs))
	for i := range index {
		index[i] = make(map[string][]string)
	}
	for _, n := range e.ix.labelNames() {
		for pos, l := range e.ix.relLabels(n) {
			if len(l) < 4 || !strings.EqualFold(l[:4], "xn--") {
				if pos == 0 && len(e.ix.relLabels(n)) == 1 && e.ix.cuts[n] {
					addIndex(lgrs, index, strings.ToLower(l), n)
				}
				continue
			}
			v := idn.CheckLabel(l, nil)
			for _, err := range v.Findings {
				e.add(Failure, "IDN_INVALID", n, 0, "A-label %q: %v", l, err)
			}
			if !v.OK() {
				continue
			}
			if s := labelScript(v.ULabel); len(scripts) > 0 && s != "" && !contains(scripts, s) {
				e.add(Failure, "IDN_SCRIPT", n, 0, "A-label %q (%s) is in script %s, which is not among the declared IDN tables %v", l, v.ULabel, s, scripts)
			}
			if len(lgrs) == 0 {
				continue
			}
			valid := false
			var why []string
			for _, g := range lgrs {
				r := g.Evaluate(v.ULabel)
				if r.OK() && (r.Disposition == idn.DispositionValid || r.Disposition == idn.DispositionAllocatable) {
					valid = true
				} else {
					why = append(why, fmt.Sprintf("%s: %s", g.Name, r.Disposition))
				}
			}
			if !valid {
				e.add(Failure, "IDN_LGR_INVALID", n, 0, "U-label %q is not valid under any declared LGR (%s)", v.ULabel, strings.Join(why, "; "))
			} else if pos == 0 && len(e.ix.relLabels(n)) == 1 && e.ix.cuts[n] {
				addIndex(lgrs, index, v.ULabel, n)
			}
		}
	}
	for i, g := range lgrs {
		keys := make([]string, 0, len(index[i]))
		for k := range index[i] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if names := index[i][k]; len(names) > 1 {
				sort.Strings(names)
				e.addf(Finding{Severity: Warning, Tag: "IDN_VARIANT_DELEGATED", Name: names[0], Authority: authIDN + "; RFC 7940 §8.5; RST idn-01", Message: fmt.Sprintf("%s are variants of each other under %s (index label %q): variants must be blocked or bundled", strings.Join(names, ", "), g.Name, k)})
			}
		}
	}
}

// addIndex records a delegated label under each LGR it is valid in.
func addIndex(lgrs []*idn.LGR, index []map[string][]string, ulabel, owner string) {
	for i, g := range lgrs {
		if r := g.Evaluate(ulabel); !r.OK() {
			continue
		}
		if k, err := g.IndexLabel(ulabel); err == nil {
			index[i][k] = append(index[i][k], owner)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// checkReserved is ZC08: a reserved label not released must not be delegated.
func checkReserved(e *env) {
	res := e.pol.reserved()
	for _, n := range e.ix.names {
		if !e.ix.cuts[n] {
			continue
		}
		ls := e.ix.relLabels(n)
		if len(ls) == 1 && res[ls[0]] {
			e.add(Failure, "RESERVED_DELEGATED", n, dns.TypeNS, "reserved name %q is delegated without having been released", ls[0])
		}
	}
}

// checkSanity is ZC09: one SOA at the apex and none elsewhere, apex NS,
// MNAME/RNAME syntax, SOA timers (advisory), CNAME exclusivity, NS/MX/MNAME
// not aliases, RRset TTLs equal.
func checkSanity(e *env) {
	ix := e.ix
	soas := ix.get(ix.origin, dns.TypeSOA)
	if len(soas) != 1 {
		e.addf(Finding{Severity: Failure, Tag: "SOA_COUNT", Name: ix.origin, Type: "SOA", Authority: "RFC 1035 §5.2; RFC 2181 §6.1; Zonemaster ZONE10", Message: "the apex must hold exactly one SOA record, found " + itoa(len(soas))})
	}
	if len(ix.get(ix.origin, dns.TypeNS)) == 0 {
		e.addf(Finding{Severity: Failure, Tag: "NO_APEX_NS", Name: ix.origin, Type: "NS", Authority: "RFC 1034 §4.2.1", Message: "the apex has no NS records"})
	}
	for _, k := range ix.keys {
		if k.typ == dns.TypeSOA && k.name != ix.origin {
			e.addf(Finding{Severity: Failure, Tag: "SOA_NOT_APEX", Name: k.name, Type: "SOA", Authority: "RFC 1034 §4.2.1", Message: "SOA record below the apex"})
		}
	}
	if len(soas) > 0 {
		soa := soas[0].(*dns.SOA)
		checkSOA(e, soa)
	}
	aliases := make(map[string]bool)
	for _, k := range ix.keys {
		if k.typ == dns.TypeCNAME {
			aliases[k.name] = true
			if k.name == ix.origin {
				e.addf(Finding{Severity: Failure, Tag: "CNAME_APEX", Name: k.name, Type: "CNAME", Authority: "RFC 1034 §3.6.2; RFC 2181 §10.1", Message: "CNAME at the zone apex"})
			}
			for _, t := range ix.types[k.name] {
				if t != dns.TypeCNAME && t != dns.TypeRRSIG && t != dns.TypeNSEC {
					e.addf(Finding{Severity: Failure, Tag: "CNAME_AND_OTHER", Name: k.name, Type: typeName(t), Authority: "RFC 1034 §3.6.2; RFC 2181 §10.1", Message: "CNAME owner also holds " + typeName(t) + " data"})
				}
			}
		}
	}
	for _, k := range ix.keys {
		var targets []string
		var what, zm string
		switch k.typ {
		case dns.TypeNS:
			targets, what, zm = nsTargets(ix.get(k.name, k.typ)), "NS", "DELEGATION05"
		case dns.TypeMX:
			for _, rr := range ix.get(k.name, k.typ) {
				targets = append(targets, strings.ToLower(rr.(*dns.MX).Mx))
			}
			what, zm = "MX", "ZONE08"
		case dns.TypeSOA:
			targets, what, zm = []string{strings.ToLower(ix.get(k.name, k.typ)[0].(*dns.SOA).Ns)}, "SOA MNAME", "ZONE07"
		default:
			continue
		}
		for _, t := range targets {
			if aliases[t] {
				e.addf(Finding{Severity: Failure, Tag: "TARGET_IS_CNAME", Name: k.name, Type: typeName(k.typ), Authority: "RFC 2181 §10.3; Zonemaster " + zm, Message: what + " target " + t + " is an alias (CNAME)"})
			}
		}
	}
	for _, k := range ix.keys {
		if k.typ == dns.TypeRRSIG {
			continue
		}
		rrs := ix.get(k.name, k.typ)
		for _, rr := range rrs[1:] {
			if rr.Header().Ttl != rrs[0].Header().Ttl {
				e.addf(Finding{Severity: Warning, Tag: "TTL_MISMATCH", Name: k.name, Type: typeName(k.typ), Authority: "RFC 2181 §5.2", Message: "records of one RRset have different TTLs"})
				break
			}
		}
		if len(rrs) < 2 {
			continue
		}
	dup:
		for i := range rrs {
			for j := i + 1; j < len(rrs) && j < i+64; j++ {
				if dns.IsDuplicate(rrs[i], rrs[j]) {
					e.addf(Finding{Severity: Notice, Tag: "DUPLICATE_RR", Name: k.name, Type: typeName(k.typ), Authority: "RFC 2181 §5", Message: "duplicate record in an RRset"})
					break dup
				}
			}
		}
	}
}

// checkSOA applies the Zonemaster ZONE01–06 and SYNTAX05–07 rules to the
// apex SOA. Timer values are advisory (notice).
func checkSOA(e *env, soa *dns.SOA) {
	name := soa.Hdr.Name
	soaF := func(sev Severity, tag, auth, msg string) {
		e.addf(Finding{Severity: sev, Tag: tag, Name: name, Type: "SOA", Authority: auth, Message: msg})
	}
	if !hostnameOK(soa.Ns) {
		soaF(Failure, "MNAME_SYNTAX", "RFC 1123 §2.1; Zonemaster SYNTAX07", "MNAME "+soa.Ns+" is not a valid host name")
	}
	checkRNAME(soaF, soa.Mbox)
	if soa.Refresh < 14400 {
		soaF(Notice, "SOA_REFRESH", "RFC 1912 §2.2; Zonemaster ZONE02", "SOA refresh "+itoa(int(soa.Refresh))+" is lower than 14400")
	}
	if soa.Retry >= soa.Refresh {
		soaF(Notice, "SOA_RETRY_REFRESH", "RFC 1912 §2.2; Zonemaster ZONE03", "SOA retry is not lower than refresh")
	}
	if soa.Retry < 3600 {
		soaF(Notice, "SOA_RETRY", "RFC 1912 §2.2; Zonemaster ZONE04", "SOA retry "+itoa(int(soa.Retry))+" is lower than 3600")
	}
	// Zonemaster ZONE05 grades both EXPIRE_MINIMUM_VALUE_LOWER and
	// EXPIRE_LOWER_THAN_REFRESH as WARNING: a secondary that cannot reach
	// the primary for less than a week stops answering for the zone.
	if soa.Expire < 604800 || soa.Expire < soa.Refresh {
		soaF(Warning, "SOA_EXPIRE", "RFC 1912 §2.2 (expire 2-4 weeks); Zonemaster ZONE05 (EXPIRE_MINIMUM_VALUE_LOWER: 604800)", "SOA expire "+itoa(int(soa.Expire))+" is lower than 604800 (one week) or than refresh")
	}
	if soa.Minttl < 300 || soa.Minttl > 86400 {
		soaF(Notice, "SOA_MINIMUM", "RFC 2308 §5; Zonemaster ZONE06", "SOA minimum "+itoa(int(soa.Minttl))+" is outside 300..86400")
	}
}

// checkRNAME applies Zonemaster SYNTAX05 and SYNTAX06 to the SOA RNAME: a
// mailbox domain name (RFC 1035 §3.3.13, §8: the first label is the local
// part), without '@', whose mailbox is an RFC 5322 §3.4.1 address (dot-atom
// local part) on a mail domain other than localhost.
func checkRNAME(soaF func(Severity, string, string, string), mbox string) {
	labels := dns.SplitDomainName(mbox)
	if mbox == "." || len(labels) < 2 {
		soaF(Failure, "RNAME_SYNTAX", "RFC 1035 §3.3.13; Zonemaster SYNTAX06", "RNAME "+mbox+" is not a mailbox domain name")
		return
	}
	local := unescapeLabel(labels[0])
	if strings.Contains(local, "@") {
		soaF(Warning, "RNAME_AT_SIGN", "RFC 1035 §8 (the mailbox's local part is the first label); Zonemaster SYNTAX05 (RNAME_MISUSED_AT_SIGN)", "RNAME "+mbox+" contains '@'")
		return
	}
	if !dotAtom(local) {
		soaF(Warning, "RNAME_RFC822_INVALID", "RFC 5322 §3.4.1 (dot-atom local part); RFC 1035 §8; Zonemaster SYNTAX06 (RNAME_RFC822_INVALID)", "RNAME "+mbox+" does not encode a valid mailbox: local part "+strconv.Quote(local))
	}
	if strings.EqualFold(strings.Join(labels[1:], "."), "localhost") {
		soaF(Warning, "RNAME_LOCALHOST", "RFC 6761 §6.3 (localhost); Zonemaster SYNTAX06 (RNAME_MAIL_DOMAIN_LOCALHOST)", "RNAME "+mbox+" has the mail domain localhost")
	}
}

// unescapeLabel turns a presentation-format label into its text: \X is X
// and \DDD the octet DDD (RFC 1035 §5.1).
func unescapeLabel(l string) string {
	var b strings.Builder
	for i := 0; i < len(l); i++ {
		c := l[i]
		if c == '\\' && i+1 < len(l) {
			if i+3 < len(l) && isDigit(l[i+1]) && isDigit(l[i+2]) && isDigit(l[i+3]) {
				v := int(l[i+1]-'0')*100 + int(l[i+2]-'0')*10 + int(l[i+3]-'0')
				b.WriteByte(byte(v))
				i += 3
				continue
			}
			i++
			c = l[i]
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// dotAtom reports whether s is an RFC 5322 §3.2.3 dot-atom: atext runs
// separated by single dots, none empty.
func dotAtom(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for i := 0; i < len(part); i++ {
			c := part[i]
			switch {
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			case strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0:
			default:
				return false
			}
		}
	}
	return true
}

// hostnameOK reports whether name is a syntactically valid host name (LDH
// labels, RFC 1123 §2.1), using the idn package's label rules.
func hostnameOK(name string) bool {
	if name == "." || name == "" {
		return false
	}
	for _, l := range dns.SplitDomainName(name) {
		if v := idn.CheckLabel(l, nil); !v.OK() {
			return false
		}
	}
	return true
}

// special-purpose address blocks of the IANA registries (RFC 6890 and its
// updates) that are not globally reachable.
var specialPurpose = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
		"192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
		"203.0.113.0/24", "240.0.0.0/4", "255.255.255.255/32",
		"::/128", "::1/128", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64", "2001:2::/48", "2001:10::/28", "2001:db8::/32",
		"2002::/16", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10",
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

func isSpecial(a netip.Addr) (netip.Prefix, bool) {
	a = a.Unmap()
	for _, p := range specialPurpose {
		if p.Contains(a) {
			return p, true
		}
	}
	return netip.Prefix{}, false
}
