package rsep

import (
	"context"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Target is everything one evaluation ([Run], [Classify]) looks at. It is
// the input of the job, not a Config: it holds the data evaluated (zone,
// parent data, policy, anchors) beside the settings that tune the run, and
// without its Zone there is nothing to evaluate, so a nil Target is an
// error rather than a default. Its settings follow the Config rules all the
// same: nil or zero is safe and strict, Now defaults to time.Now, and
// Limits can move a limit but never remove it. Only Zone is required;
// checks whose inputs are missing are listed as skipped in the report.
type Target struct {
	Zone    *Zone
	Parent  *Delegation // optional: the parent's NS, glue and DS for the zone
	Policy  *Policy     // optional: nil is the strict zero Policy
	Prober  Prober      // optional: nil skips live checks
	Servers []Server    // optional: servers to probe; default: the zone's NS with their glue on port 53
	// Now returns the evaluation time; nil means time.Now. Run reads it
	// once, as it starts; no check reads the clock. A Now that returns the
	// zero time skips the time-dependent checks (signature validity,
	// controlled-interruption window) and lets no waiver with an expiry
	// apply.
	Now func() time.Time
	// Anchors are the trust anchors (DS) of the parent apex, for a TLD the
	// root's, e.g. from [RootAnchors]; with Parent.Keys they enable SEC09.
	Anchors []*dns.DS
	Checks  []string // check IDs to run; empty: the whole catalogue
	Limits  Limits
	// ServerAddrs overrides, per name-server host name (fully qualified,
	// lower case), the addresses the live checks query, like Zonemaster's
	// --ns name/address: for servers not yet in the DNS, or a lab.
	ServerAddrs map[string][]netip.AddrPort
	// AllowSpecialAddresses lets the live checks query name-server
	// addresses from the zone or parent data that are special-purpose
	// (RFC 6890: documentation, private, loopback...). Off: they are
	// skipped and a PROBE_SPECIAL_SKIPPED notice lists them.
	AllowSpecialAddresses bool
	// Resolver is a recursive resolver for the reverse (PTR) lookups of the
	// name-server addresses (NS04); zero skips them.
	Resolver netip.AddrPort
	// Progress, when set, is called as each check starts and as each live
	// server is probed, with a short description.
	Progress func(string)
}

// Run evaluates the target with the selected checks. The error is non-nil
// only when no evaluation was possible (no zone, unknown check ID, invalid
// policy, ctx ended: it is honoured between checks and by every live
// query); problems found in the zone are findings in the report, whose Err
// method summarizes them.
func Run(ctx context.Context, t *Target) (*Report, error) {
	if t == nil || t.Zone == nil {
		return nil, errorf(ErrMalformed, "", 0, "no zone to evaluate")
	}
	sel := make(map[string]bool)
	for _, id := range t.Checks {
		if _, ok := Lookup(id); !ok {
			return nil, &Error{Kind: ErrUnknownCheck, Check: id, Err: fmt.Errorf("%q is not in the catalogue", id)}
		}
		sel[id] = true
	}
	pol := t.Policy
	if pol == nil {
		pol = new(Policy)
	}
	if err := pol.Validate(); err != nil {
		return nil, err
	}
	e := &env{ctx: ctx, t: t, now: clock(t.Now), pol: pol, ix: buildIndex(t.Zone), lim: t.Limits}
	e.maxFindings = orDefault(t.Limits.Findings, MaxFindings)
	e.sigBudget = orDefault(t.Limits.SignatureChecks, MaxSignatureChecks)
	e.queryBudget = orDefault(t.Limits.ProbeQueries, MaxProbeQueries)
	rep := &Report{Zone: t.Zone.Origin, Time: e.now}
	for i := range catalogue {
		c := &catalogue[i]
		if len(sel) > 0 && !sel[c.ID] {
			continue
		}
		if why := e.skip(c); why != "" {
			rep.Checks = append(rep.Checks, CheckStatus{ID: c.ID, Skipped: why})
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, cancelled(err)
		}
		e.cur = c
		if t.Progress != nil {
			t.Progress(c.ID + " " + c.Title)
		}
		c.run(e)
		rep.Checks = append(rep.Checks, CheckStatus{ID: c.ID, Ran: true})
	}
	if e.dropped > 0 {
		e.findings = append(e.findings, Finding{Check: "RSEP", Tag: "TOO_MANY_FINDINGS", Severity: Warning, Effect: StabilityB, Authority: "rsep MaxFindings", Message: fmt.Sprintf("%d further findings dropped (MaxFindings %d)", e.dropped, e.maxFindings)})
	}
	rep.Dropped = e.dropped
	e.findings = append(e.findings, applyWaivers(e.findings, pol.Waivers, e.now)...)
	sortFindings(e.findings)
	rep.Findings = e.findings
	if rep.Findings == nil {
		rep.Findings = []Finding{}
	}
	return rep, nil
}

// env is the state of one Run shared by the checks.
type env struct {
	ctx         context.Context
	t           *Target
	now         time.Time // the evaluation time, read once (Target.Now)
	pol         *Policy
	ix          *index
	lim         Limits
	cur         *Check
	findings    []Finding
	maxFindings int
	dropped     int
	sigBudget   int
	queryBudget int
	probeCache  map[probeKey]probeResult
	keys        map[*dns.DNSKEY]keyOrErr // parsed once per run
	capped      map[string]bool          // KEYTAG_COLLISIONS already reported
	serverList  []Server                 // live servers, computed once per run
}

func (e *env) skip(c *Check) string {
	if c.needs != nil {
		return c.needs(e)
	}
	switch c.Mode {
	case ModeParent:
		if e.t.Parent == nil {
			return "no parent data"
		}
	case ModeLive:
		if e.t.Prober == nil {
			return "no prober (offline run)"
		}
	}
	return ""
}

func needClock(e *env) string {
	if e.now.IsZero() {
		return "no evaluation time (Target.Now)"
	}
	return ""
}

// add records a finding of the current check with its default effect and
// authority.
func (e *env) add(sev Severity, tag, name string, typ uint16, format string, args ...any) {
	e.addf(Finding{Severity: sev, Tag: tag, Name: name, Type: typeOrEmpty(typ), Message: fmt.Sprintf(format, args...)})
}

// addf records a finding; empty Check, Effect and Authority take the
// current check's.
func (e *env) addf(f Finding) {
	if f.Check == "" {
		f.Check = e.cur.ID
	}
	if f.Effect == 0 {
		f.Effect = e.cur.Effect
	}
	if f.Authority == "" {
		f.Authority = e.cur.Authority
	}
	if f.RST == "" {
		f.RST = rstFor(&f)
	}
	if len(e.findings) >= e.maxFindings {
		e.dropped++
		return
	}
	e.findings = append(e.findings, f)
}

// clock returns now(), or the wall clock when now is nil: the one place a
// run reads the time (README "Conventions").
func clock(now func() time.Time) time.Time {
	if now == nil {
		return time.Now()
	}
	return now()
}

func typeOrEmpty(t uint16) string {
	if t == 0 {
		return ""
	}
	return typeName(t)
}

// rrKey names an RRset.
type rrKey struct {
	name string
	typ  uint16
}

// index is the zone organised for the checks.
type index struct {
	origin string
	sets   map[rrKey][]dns.RR
	keys   []rrKey // sorted by name, then type
	types  map[string][]uint16
	sigs   map[rrKey][]*dns.RRSIG // by owner and covered type
	cuts   map[string]bool        // delegation points below the apex
	names  []string               // sorted owner names

	labelCache []string // labelNames, computed once
}

func buildIndex(z *Zone) *index {
	ix := &index{origin: z.Origin, sets: make(map[rrKey][]dns.RR), types: make(map[string][]uint16), sigs: make(map[rrKey][]*dns.RRSIG), cuts: make(map[string]bool)}
	for _, rr := range z.Records {
		h := rr.Header()
		name := strings.ToLower(h.Name)
		if sig, ok := rr.(*dns.RRSIG); ok {
			k := rrKey{name, sig.TypeCovered}
			ix.sigs[k] = append(ix.sigs[k], sig)
		}
		k := rrKey{name, h.Rrtype}
		if _, ok := ix.sets[k]; !ok {
			ix.keys = append(ix.keys, k)
			ix.types[name] = append(ix.types[name], h.Rrtype)
		}
		ix.sets[k] = append(ix.sets[k], rr)
		if h.Rrtype == dns.TypeNS && name != z.Origin {
			ix.cuts[name] = true
		}
	}
	sort.Slice(ix.keys, func(i, j int) bool {
		if ix.keys[i].name != ix.keys[j].name {
			return ix.keys[i].name < ix.keys[j].name
		}
		return ix.keys[i].typ < ix.keys[j].typ
	})
	for n, ts := range ix.types {
		sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
		ix.names = append(ix.names, n)
	}
	sort.Strings(ix.names)
	return ix
}

func (ix *index) get(name string, t uint16) []dns.RR { return ix.sets[rrKey{name, t}] }

// cutAt returns the delegation point at or above name (below the apex), if any.
func (ix *index) cutAt(name string) (string, bool) {
	for n := name; n != ix.origin && dns.IsSubDomain(ix.origin, n); {
		if ix.cuts[n] {
			return n, true
		}
		i, end := dns.NextLabel(n, 0)
		if end {
			break
		}
		n = n[i:]
	}
	return "", false
}

// occluded reports whether an RRset is glue or other data below a zone cut
// (not authoritative): anything below a cut, and anything at a cut except
// NS, DS, NSEC and their RRSIGs.
func (ix *index) occluded(k rrKey) bool {
	cut, ok := ix.cutAt(k.name)
	if !ok {
		return false
	}
	if cut == k.name {
		switch k.typ {
		case dns.TypeNS, dns.TypeDS, dns.TypeNSEC, dns.TypeRRSIG:
			return false
		}
	}
	return true
}

// apexNS returns the apex NS targets, sorted and lower case.
func (ix *index) apexNS() []string {
	return nsTargets(ix.get(ix.origin, dns.TypeNS))
}

func nsTargets(rrs []dns.RR) []string {
	var out []string
	seen := make(map[string]bool)
	for _, rr := range rrs {
		if ns, ok := rr.(*dns.NS); ok {
			n := strings.ToLower(ns.Ns)
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

// addrs returns the A and AAAA data of name in the zone.
func (ix *index) addrs(name string) []dns.RR {
	return append(append([]dns.RR(nil), ix.get(name, dns.TypeA)...), ix.get(name, dns.TypeAAAA)...)
}

func (ix *index) signed() bool { return len(ix.get(ix.origin, dns.TypeDNSKEY)) > 0 }

func isWildcard(name string) bool { return strings.HasPrefix(name, "*.") || name == "*." }
