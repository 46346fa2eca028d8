package rsep

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/miekg/dns"
)

const authRollover = "RFC 6781 §4.1; RFC 7583 §3 (caches hold the old DNSKEY and DS for their TTL); RFC 4035 §5"

// Step is one state of a rollover timeline: from At until the next step's
// At, the zone's servers serve Zone and the parent serves DS.
type Step struct {
	At   time.Time
	Zone *Zone
	DS   []*dns.DS
}

func init() {
	register(Check{ID: "CHG02", Title: "rollover unsafe for caches holding the previous DNSKEY, DS or signatures", Mode: ModeDiff, Effect: StabilityB, Authority: authRollover,
		needs: func(*env) string { return "diff check: use Simulate" }})
}

// Simulate replays a rollover timeline and reports (check CHG02) every step
// at which a validating cache can fail: a cache may have fetched the DNSKEY
// set, the DS set or a signed RRset at any moment of an earlier step and
// keeps it for its TTL, so at step i it can combine
//
//   - a DNSKEY set cached from step j with fresh data of step i: some
//     signature of every authoritative RRset must verify with a cached key;
//   - data cached from step j with the fresh DNSKEY set of step i: some
//     signature of every cached RRset must verify with a served key;
//   - a DS set cached from step k with the fresh DNSKEY set of step i: some
//     cached DS must match a served key that signs the DNSKEY set.
//
// Signature validity is judged at each step's time. Steps must be in time
// order; at most [MaxTimelineSteps]. The report's Time is the first step's.
// ctx is honoured between the combinations of steps.
func Simulate(ctx context.Context, steps []Step) (*Report, error) {
	if len(steps) == 0 {
		return nil, errorf(ErrMalformed, "", 0, "empty timeline")
	}
	if len(steps) > MaxTimelineSteps {
		return nil, errorf(ErrLimitExceeded, "", 0, "%d steps, more than %d (MaxTimelineSteps)", len(steps), MaxTimelineSteps)
	}
	for i, s := range steps {
		if s.Zone == nil {
			return nil, errorf(ErrMalformed, "", 0, "step %d has no zone", i)
		}
		if i > 0 && s.At.Before(steps[i-1].At) {
			return nil, errorf(ErrMalformed, "", 0, "step %d is earlier than step %d", i, i-1)
		}
	}
	c, _ := Lookup("CHG02")
	e := &env{cur: &c, maxFindings: MaxFindings, sigBudget: MaxSignatureChecks, t: &Target{}}
	ixs := make([]*index, len(steps))
	for i, s := range steps {
		ixs[i] = buildIndex(s.Zone)
	}
	// until returns when data fetched during step j with the given TTL
	// leaves the last cache.
	until := func(j int, ttl uint32) time.Time {
		end := steps[j].At
		if j+1 < len(steps) {
			end = steps[j+1].At
		}
		return end.Add(time.Duration(ttl) * time.Second)
	}
	for i := range steps {
		now := steps[i].At
		cur := ixs[i]
		label := fmt.Sprintf("step %d", i)
		for j := 0; j <= i; j++ {
			if err := ctx.Err(); err != nil {
				return nil, cancelled(err)
			}
			old := ixs[j]
			keysOld := old.zoneKeys()
			ttl := rrsetTTL(old.get(old.origin, dns.TypeDNSKEY))
			if j < i && !until(j, ttl).After(now) {
				continue
			}
			// (a) cached DNSKEY set j, fresh data i.
			if len(keysOld) > 0 {
				if bad := e.unverifiable(cur, keysOld, now, nil); len(bad) > 0 {
					e.addf(Finding{Severity: Failure, Tag: "CACHED_DNSKEY_CANNOT_VALIDATE", Name: label, Type: "DNSKEY", Message: fmt.Sprintf("at %s a cache holding the DNSKEY set of step %d (TTL %d) cannot validate %s", now.Format(time.RFC3339), j, ttl, summarize(bad))})
				}
			}
			// (c) cached data j, fresh DNSKEY set i.
			if j < i && len(cur.zoneKeys()) > 0 {
				if bad := e.unverifiable(old, cur.zoneKeys(), now, func(ttl uint32) bool { return until(j, ttl).After(now) }); len(bad) > 0 {
					e.addf(Finding{Severity: Failure, Tag: "CACHED_SIGNATURES_ORPHANED", Name: label, Type: "RRSIG", Message: fmt.Sprintf("at %s RRsets cached during step %d carry no signature by a key served now: %s", now.Format(time.RFC3339), j, summarize(bad))})
				}
			}
		}
		// (b) cached DS set k, fresh DNSKEY set i.
		for k := 0; k <= i; k++ {
			ds := steps[k].DS
			if len(ds) == 0 {
				continue
			}
			if k < i && !until(k, ds[0].Hdr.Ttl).After(now) {
				continue
			}
			if !e.dsValidates(ds, cur, now) {
				e.addf(Finding{Severity: Failure, Tag: "CACHED_DS_NO_KEY", Name: label, Type: "DS", Message: fmt.Sprintf("at %s a cache holding the DS set of step %d (tags %s) finds no served key that it matches and that signs the DNSKEY set", now.Format(time.RFC3339), k, dsTags(ds))})
			}
		}
	}
	sortFindings(e.findings)
	r := &Report{Zone: ixs[0].origin, Time: steps[0].At, Findings: e.findings, Dropped: e.dropped, Checks: []CheckStatus{{ID: "CHG02", Ran: true}}}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	return r, nil
}

func rrsetTTL(rrs []dns.RR) uint32 {
	if len(rrs) == 0 {
		return 0
	}
	return rrs[0].Header().Ttl
}

// unverifiable lists the authoritative RRsets of data (excluding the
// DNSKEY set itself) with no signature that verifies with one of keys at
// now. With a non-nil cached, only RRsets whose TTL it accepts (still in
// some cache at now) are considered.
func (e *env) unverifiable(data *index, keys []*dns.DNSKEY, now time.Time, cached func(ttl uint32) bool) []string {
	var bad []string
	for _, k := range data.authoritative() {
		if k.typ == dns.TypeDNSKEY {
			continue
		}
		rrset := data.get(k.name, k.typ)
		if cached != nil && !cached(rrset[0].Header().Ttl) {
			continue
		}
		ok := false
		for _, sig := range data.sigs[k] {
			if !sig.ValidityPeriod(now) {
				continue
			}
			for _, key := range e.findKeys(keys, sig) {
				if err, within := e.verify(sig, key, rrset); within && err == nil {
					ok = true
					break
				}
			}
			if ok {
				break
			}
		}
		if !ok && len(data.sigs[k]) > 0 {
			bad = append(bad, k.name+"/"+typeName(k.typ))
		}
	}
	return bad
}

func (e *env) dsValidates(ds []*dns.DS, ix *index, now time.Time) bool {
	keys := ix.zoneKeys()
	set := ix.get(ix.origin, dns.TypeDNSKEY)
	for _, d := range ds {
		for _, k := range dsMatches(d, keys) {
			for _, sig := range ix.sigs[rrKey{ix.origin, dns.TypeDNSKEY}] {
				if sig.KeyTag != k.KeyTag() || sig.Algorithm != k.Algorithm || !sig.ValidityPeriod(now) {
					continue
				}
				if err, within := e.verify(sig, k, set); within && err == nil {
					return true
				}
			}
		}
	}
	return false
}

func dsTags(ds []*dns.DS) string {
	var s []string
	for _, d := range ds {
		s = append(s, fmt.Sprintf("%d/alg%d", d.KeyTag, d.Algorithm))
	}
	sort.Strings(s)
	return strings.Join(s, " ")
}

func summarize(names []string) string {
	if len(names) <= 3 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:3], ", "), len(names)-3)
}
