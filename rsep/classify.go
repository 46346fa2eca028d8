package rsep

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/idn"
)

// ChangeKind names a class of registry change that the RSEP process and the
// Registry System Testing (RST) plans distinguish.
type ChangeKind string

const (
	ChangeNSOperator    ChangeKind = "new-ns-operator"   // a name server run by an operator not serving the zone before
	ChangeNSSet         ChangeKind = "ns-set"            // NS hosts changed, same operators
	ChangeSigning       ChangeKind = "signing"           // the zone became signed or unsigned
	ChangeAlgorithm     ChangeKind = "algorithm-roll"    // the set of DNSKEY algorithms changed
	ChangeKeyRoll       ChangeKind = "key-roll"          // same algorithms, different keys
	ChangeDenial        ChangeKind = "denial"            // NSEC <-> NSEC3
	ChangeOptOut        ChangeKind = "opt-out"           // NSEC3 opt-out switched on or off
	ChangeNSEC3Params   ChangeKind = "nsec3-parameters"  // iterations or salt changed
	ChangeNewType       ChangeKind = "new-rr-type"       // an RR type outside RA Exhibit A the zone did not publish before
	ChangeIDNScript     ChangeKind = "new-idn-script"    // registrations in a script not seen before
	ChangeIDNTable      ChangeKind = "idn-table"         // an IDN table added, removed or versioned
	ChangeReleasedNames ChangeKind = "released-reserved" // reserved names released or delegated
	ChangeSerial        ChangeKind = "serial"            // SOA serial did not increase (RFC 1982)
)

func (k ChangeKind) String() string { return string(k) }

// MarshalText renders the change kind by name in JSON reports; a kind
// outside the ChangeKind constants is an error.
func (k ChangeKind) MarshalText() ([]byte, error) {
	if _, ok := routes[k]; !ok {
		return nil, fmt.Errorf("rsep: unknown change kind %q", string(k))
	}
	return []byte(k), nil
}

// UnmarshalText parses a change kind name.
func (k *ChangeKind) UnmarshalText(b []byte) error {
	if _, ok := routes[ChangeKind(b)]; !ok {
		return fmt.Errorf("rsep: unknown change kind %q", b)
	}
	*k = ChangeKind(b)
	return nil
}

// Change is one classified difference between a before and an after state,
// with the RSEP track it needs and the RST test plan that applies.
type Change struct {
	Kind      ChangeKind `json:"kind"`
	Detail    string     `json:"detail"`
	Track     string     `json:"track"`     // RSEP track or other authorization route
	Plan      string     `json:"plan"`      // RST test plan or suite that exercises it
	Effect    Effect     `json:"effect"`    // RSEP category the change bears on
	Authority string     `json:"authority"` // clause the routing rests on
}

// routes maps each change kind to its track, plan, effect and authority.
var routes = map[ChangeKind]Change{
	ChangeNSOperator:    {Track: "Material Subcontracting Arrangement change (RA §2.9(c)); registry service provider change", Plan: "RST v2.0 'DNS RSP Change' (StandardDNS, DNSSEC)", Effect: StabilityB, Authority: "RA §2.9(c); RST v2.0 plans"},
	ChangeNSSet:         {Track: "operational (no RSEP); keep Spec 6 §1.5 and IANA requirements", Plan: "Zonemaster delegation and connectivity cases", Effect: StabilityB, Authority: "RA Spec 6 §1.5; IANA name server requirements"},
	ChangeSigning:       {Track: "Standard RSEP (material change of the DNS service; RSTEP precedent: PIR .ORG DNSSEC, 2008)", Plan: "RST DNSSEC suite", Effect: SecurityA, Authority: "RSEP policy §2; RA Spec 6 §1.3"},
	ChangeAlgorithm:     {Track: "operational (no RSEP), must stay safe for caches", Plan: "RST dnssecOps03 (algorithm rollover, RFC 6781)", Effect: StabilityB, Authority: "RFC 6781 §4.1.4; RFC 7583 §3"},
	ChangeKeyRoll:       {Track: "operational (no RSEP), must stay safe for caches", Plan: "RST dnssecOps01/02 (ZSK/KSK rollover)", Effect: StabilityB, Authority: "RFC 6781 §4.1; RFC 7583 §3"},
	ChangeDenial:        {Track: "Standard RSEP (material change of the DNSSEC service)", Plan: "RST DNSSEC suite (Zonemaster DNSSEC module, dnssec-93)", Effect: StabilityA, Authority: "RFC 5155 §10.4; RFC 9276"},
	ChangeOptOut:        {Track: "Standard RSEP (material change of the DNSSEC service)", Plan: "RST dnssecOps (no opt-out)", Effect: SecurityB, Authority: "RFC 5155 §6; RFC 9276 §3.1"},
	ChangeNSEC3Params:   {Track: "operational (no RSEP)", Plan: "RST dnssec-93 (iterations 0, empty salt)", Effect: StabilityA, Authority: "RFC 9276 §3.1"},
	ChangeNewType:       {Track: "Standard RSEP (RR type outside RA Exhibit A §1.1-§1.5)", Plan: "RST StandardDNS", Effect: Contract, Authority: "RA Exhibit A §1.1-§1.5"},
	ChangeIDNScript:     {Track: "Fast Track RSEP (IDN is a known service; use a pre-approved reference LGR)", Plan: "RST 'IDN Test' (idn-01, idn-02)", Effect: StabilityA, Authority: "RA Spec 6 §1.4; Fast Track RSEP authorization language (2019)"},
	ChangeIDNTable:      {Track: "Fast Track RSEP (IDN table change)", Plan: "RST 'IDN Test' (idn-01, idn-02)", Effect: StabilityA, Authority: "RA Spec 6 §1.4; IDN Guidelines"},
	ChangeReleasedNames: {Track: "RA Spec 5 release (authorization or notice per the reservation category)", Plan: "none (contract)", Effect: Contract, Authority: "RA Spec 5"},
	ChangeSerial:        {Track: "defect: fix before deployment", Plan: "Zonemaster CONSISTENCY01", Effect: StabilityB, Authority: "RFC 1982 §3; RFC 1035 §3.3.13"},
}

func (k ChangeKind) change(format string, args ...any) Change {
	c := routes[k]
	c.Kind = k
	c.Detail = fmt.Sprintf(format, args...)
	return c
}

// operator names the operator of a name-server host: the policy's entry for
// the longest matching suffix, otherwise the host's parent domain (the host
// name without its first label), which stands for the operator's domain.
func operator(host string, p *Policy) string {
	best, bestLen := "", -1
	if p != nil {
		for suf, op := range p.Operators {
			suf = canon(suf)
			if dns.IsSubDomain(suf, host) && len(suf) > bestLen {
				best, bestLen = op, len(suf)
			}
		}
	}
	if bestLen >= 0 {
		return best
	}
	if i, end := dns.NextLabel(host, 0); !end {
		return host[i:]
	}
	return host
}

// Classify compares two states of a TLD (zone and policy) and lists the
// changes between them, each routed to its RSEP track and RST plan. Either
// target's Policy may be nil; a nil target or one without a zone has no
// changes. On zones of millions of records it runs for a minute (the IDN
// labels are evaluated one by one): ctx is honoured between its steps and
// between labels, and the error is non-nil only when ctx ended.
func Classify(ctx context.Context, before, after *Target) ([]Change, error) {
	var out []Change
	if before == nil || after == nil || before.Zone == nil || after.Zone == nil {
		return out, nil
	}
	st := &states{ctx: ctx, b: buildIndex(before.Zone), a: buildIndex(after.Zone), bp: before.Policy, ap: after.Policy}
	if st.bp == nil {
		st.bp = new(Policy)
	}
	if st.ap == nil {
		st.ap = new(Policy)
	}
	for _, step := range []func(*states) []Change{
		classifyNS, classifyDNSSEC, classifyTypes, classifyIDN, classifyReleased, classifySerial,
	} {
		if err := ctx.Err(); err != nil {
			return nil, cancelled(err)
		}
		out = append(out, step(st)...)
	}
	if err := ctx.Err(); err != nil {
		return nil, cancelled(err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out, nil
}

// states is the before and after state Classify compares: each zone's index
// and each side's policy (never nil).
type states struct {
	ctx    context.Context
	b, a   *index
	bp, ap *Policy
}

// classifyNS finds name servers of a new operator, else a changed NS set.
func classifyNS(st *states) []Change {
	b, a := st.b, st.a
	bOps := make(map[string]bool)
	for _, h := range b.apexNS() {
		bOps[operator(h, st.bp)] = true
	}
	var newOps []string
	for _, h := range a.apexNS() {
		if op := operator(h, st.ap); !bOps[op] && !contains(newOps, op) {
			newOps = append(newOps, op)
		}
	}
	if len(newOps) > 0 {
		sort.Strings(newOps)
		return []Change{ChangeNSOperator.change("name servers of new operator(s) %s", strings.Join(newOps, ", "))}
	}
	if strings.Join(b.apexNS(), " ") != strings.Join(a.apexNS(), " ") {
		return []Change{ChangeNSSet.change("NS set [%s] -> [%s]", strings.Join(b.apexNS(), " "), strings.Join(a.apexNS(), " "))}
	}
	return nil
}

// classifyDNSSEC finds signing switched on or off, algorithm and key rolls,
// and changes of the denial of existence (NSEC/NSEC3, opt-out, parameters).
func classifyDNSSEC(st *states) []Change {
	b, a := st.b, st.a
	var out []Change
	switch {
	case !b.signed() && a.signed():
		out = append(out, ChangeSigning.change("the zone becomes signed"))
	case b.signed() && !a.signed():
		out = append(out, ChangeSigning.change("the zone becomes unsigned (RA Spec 6 §1.3 requires signing)"))
	case b.signed() && a.signed():
		ba, aa := algSet(b), algSet(a)
		if ba != aa {
			out = append(out, ChangeAlgorithm.change("DNSKEY algorithms [%s] -> [%s]", ba, aa))
		} else if keySet(b) != keySet(a) {
			out = append(out, ChangeKeyRoll.change("DNSKEY key tags [%s] -> [%s]", keySet(b), keySet(a)))
		}
	}
	bd, ad := denialOf(b), denialOf(a)
	if bd.kind != ad.kind && bd.kind != "" && ad.kind != "" {
		out = append(out, ChangeDenial.change("%s -> %s", bd.kind, ad.kind))
	}
	if bd.kind == "NSEC3" && ad.kind == "NSEC3" {
		if bd.optOut != ad.optOut {
			out = append(out, ChangeOptOut.change("NSEC3 opt-out %v -> %v", bd.optOut, ad.optOut))
		}
		if bd.params != ad.params {
			out = append(out, ChangeNSEC3Params.change("NSEC3 parameters %s -> %s", bd.params, ad.params))
		}
	} else if ad.kind == "NSEC3" && ad.optOut && bd.kind != "NSEC3" {
		out = append(out, ChangeOptOut.change("NSEC3 opt-out introduced"))
	}
	return out
}

// classifyTypes finds RR types outside RA Exhibit A that the after state
// publishes and the before state did not.
func classifyTypes(st *states) []Change {
	b, a := st.b, st.a
	bt := make(map[uint16]bool)
	for _, k := range b.keys {
		bt[k.typ] = true
	}
	var newTypes []string
	seen := make(map[uint16]bool)
	for _, k := range a.keys {
		exhibitA := apexTypes[k.typ] || cutTypes[k.typ] || glueTypes[k.typ] || nsec3Only[k.typ] ||
			(st.ap.AmendedExhibitA && k.name == a.origin && amendedApexTypes[k.typ])
		if !bt[k.typ] && !seen[k.typ] && !exhibitA {
			seen[k.typ] = true
			newTypes = append(newTypes, typeName(k.typ))
		}
	}
	if len(newTypes) == 0 {
		return nil
	}
	sort.Strings(newTypes)
	return []Change{ChangeNewType.change("new RR type(s) %s", strings.Join(newTypes, " "))}
}

// classifyIDN finds first registrations in a new script among the
// delegated names, and IDN tables or reference LGRs declared, removed or
// versioned by the policies.
func classifyIDN(st *states) []Change {
	var out []Change
	bs, as := idnScripts(st.ctx, st.b), idnScripts(st.ctx, st.a)
	var newScripts []string
	for s := range as {
		if !bs[s] {
			newScripts = append(newScripts, s)
		}
	}
	if len(newScripts) > 0 {
		sort.Strings(newScripts)
		out = append(out, ChangeIDNScript.change("first registrations in script(s) %s", strings.Join(newScripts, ", ")))
	}
	bp, ap := st.bp, st.ap
	var tableChanges []string
	for tag, v := range ap.IDNTables {
		if old, ok := bp.IDNTables[tag]; !ok {
			tableChanges = append(tableChanges, fmt.Sprintf("%s added (%s)", tag, v))
		} else if old != v {
			tableChanges = append(tableChanges, fmt.Sprintf("%s %s -> %s", tag, old, v))
		}
	}
	for tag := range bp.IDNTables {
		if _, ok := ap.IDNTables[tag]; !ok {
			tableChanges = append(tableChanges, tag+" removed")
		}
	}
	if d := lgrDiff(bp.LGRs, ap.LGRs); d != "" {
		tableChanges = append(tableChanges, d)
	}
	if len(tableChanges) > 0 {
		sort.Strings(tableChanges)
		out = append(out, ChangeIDNTable.change("IDN tables: %s", strings.Join(tableChanges, "; ")))
	}
	return out
}

// classifyReleased finds reserved names (RA Spec 5) released by the
// policy, or newly delegated.
func classifyReleased(st *states) []Change {
	b, a, bp := st.b, st.a, st.bp
	var released []string
	for l := range bp.reserved() {
		if !st.ap.reserved()[l] {
			released = append(released, l)
		}
	}
	for _, n := range sortedKeys(a.cuts) {
		ls := a.relLabels(n)
		if len(ls) == 1 && contains(bp.Reserved, ls[0]) && !b.cuts[n] && !contains(released, ls[0]) {
			released = append(released, ls[0])
		}
	}
	if len(released) == 0 {
		return nil
	}
	sort.Strings(released)
	return []Change{ChangeReleasedNames.change("reserved name(s) released: %s", strings.Join(released, ", "))}
}

// classifySerial finds a SOA serial that does not increase in serial
// number arithmetic (RFC 1982 §3).
func classifySerial(st *states) []Change {
	if bs, as := soaSerial(st.b), soaSerial(st.a); bs != nil && as != nil && *bs != *as && !serialGreater(*as, *bs) {
		return []Change{ChangeSerial.change("SOA serial %d -> %d does not increase in serial number arithmetic", *bs, *as)}
	}
	return nil
}

func soaSerial(ix *index) *uint32 {
	if s := ix.get(ix.origin, dns.TypeSOA); len(s) > 0 {
		v := s[0].(*dns.SOA).Serial
		return &v
	}
	return nil
}

// serialGreater is RFC 1982 §3.2 for SERIAL_BITS 32.
func serialGreater(a, b uint32) bool {
	return (a < b && b-a > 1<<31) || (a > b && a-b < 1<<31)
}

func algSet(ix *index) string {
	m := make(map[int]bool)
	for _, k := range ix.zoneKeys() {
		m[int(k.Algorithm)] = true
	}
	var s []int
	for a := range m {
		s = append(s, a)
	}
	sort.Ints(s)
	return strings.Trim(fmt.Sprint(s), "[]")
}

func keySet(ix *index) string {
	var s []int
	for _, k := range ix.zoneKeys() {
		s = append(s, int(k.KeyTag()))
	}
	sort.Ints(s)
	return strings.Trim(fmt.Sprint(s), "[]")
}

type denial struct {
	kind   string
	optOut bool
	params string
}

func denialOf(ix *index) denial {
	if p := ix.nsec3Param(); p != nil {
		d := denial{kind: "NSEC3", params: fmt.Sprintf("iterations %d salt %q", p.Iterations, p.Salt)}
		for _, k := range ix.keys {
			if k.typ == dns.TypeNSEC3 {
				for _, rr := range ix.get(k.name, k.typ) {
					d.optOut = d.optOut || rr.(*dns.NSEC3).Flags&1 == 1
				}
			}
		}
		return d
	}
	if len(ix.get(ix.origin, dns.TypeNSEC)) > 0 {
		return denial{kind: "NSEC"}
	}
	return denial{}
}

// idnScripts returns the scripts of the delegated A-labels directly below
// the origin; it stops early, with part of them, when ctx ends.
func idnScripts(ctx context.Context, ix *index) map[string]bool {
	m := make(map[string]bool)
	i := 0
	for n := range ix.cuts {
		if i++; i%ctxEvery == 0 && ctx.Err() != nil {
			break
		}
		ls := ix.relLabels(n)
		if len(ls) != 1 || len(ls[0]) < 4 || !strings.EqualFold(ls[0][:4], "xn--") {
			continue
		}
		v := idn.CheckLabel(ls[0], nil)
		if !v.OK() {
			continue
		}
		for _, s := range labelScripts(v.ULabel) {
			m[s] = true
		}
	}
	return m
}

// lgrDiff compares the union repertoires of two sets of reference LGRs and
// describes the LGRs added and removed and the code points (repertoire
// elements) that became available or unavailable; "" if nothing changed.
func lgrDiff(before, after []string) string {
	rep := func(names []string) map[string]bool {
		m := make(map[string]bool)
		for _, n := range names {
			l, err := idn.ReferenceLGR(n)
			if err != nil {
				continue
			}
			for _, c := range l.Repertoire() {
				m[idn.FormatCP(c.CP)] = true
			}
		}
		return m
	}
	var parts []string
	for _, n := range after {
		if !contains(before, n) {
			parts = append(parts, "LGR "+n+" added")
		}
	}
	for _, n := range before {
		if !contains(after, n) {
			parts = append(parts, "LGR "+n+" removed")
		}
	}
	if len(parts) == 0 {
		return ""
	}
	b, a := rep(before), rep(after)
	var added, removed []string
	for cp := range a {
		if !b[cp] {
			added = append(added, cp)
		}
	}
	for cp := range b {
		if !a[cp] {
			removed = append(removed, cp)
		}
	}
	sort.Strings(added)
	sort.Strings(removed)
	return fmt.Sprintf("%s; repertoire +%d -%d elements%s", strings.Join(parts, "; "), len(added), len(removed), sample(added, removed))
}

func sample(added, removed []string) string {
	var s []string
	for i, cp := range added {
		if i == 3 {
			break
		}
		s = append(s, "+"+cp)
	}
	for i, cp := range removed {
		if i == 3 {
			break
		}
		s = append(s, "-"+cp)
	}
	if len(s) == 0 {
		return ""
	}
	return " (" + strings.Join(s, " ") + " …)"
}
