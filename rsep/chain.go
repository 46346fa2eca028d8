package rsep

import (
	"fmt"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/trustanchor"
)

const authChain = "RA Spec 6 §1.3 (validation with the IANA root KSK as trust anchor); RFC 4035 §5; RFC 9718 §4"

func init() {
	register(Check{ID: "SEC09", Title: "no chain of trust from the root anchor to the zone's keys", Mode: ModeParent, Effect: SecurityA, Authority: authChain, Zonemaster: []string{"DNSSEC07", "DNSSEC11"}, run: checkChain,
		needs: func(e *env) string {
			switch {
			case len(e.t.Anchors) == 0:
				return "no trust anchors (Target.Anchors)"
			case e.t.Parent == nil || len(e.t.Parent.Keys) == 0:
				return "no parent DNSKEY set in the parent data"
			}
			return needClock(e)
		}})
}

// RootAnchors reads IANA's root-anchors.xml (RFC 9718) with package
// trustanchor and returns the DS records of the anchors valid at time at.
// The XML's CMS signature is not checked here: verify it first with
// trustanchor.Root or trustanchor.VerifyCMS when the file comes from the
// network.
func RootAnchors(xml []byte, at time.Time) ([]*dns.DS, error) {
	doc, err := trustanchor.ParseXML(xml)
	if err != nil {
		return nil, &Error{Kind: ErrMalformed, Clause: "RFC 9718 §2", Err: err}
	}
	sel := doc.Anchors(at, nil)
	if err := sel.Err(); err != nil {
		return nil, &Error{Kind: ErrMalformed, Clause: "RFC 9718 §4", Err: err}
	}
	return sel.DS(), nil
}

// verifiedBy reports whether some RRSIG in sigs over rrset verifies, at now,
// with a key of keys.
func (e *env) verifiedBy(sigs []*dns.RRSIG, covered uint16, owner string, keys []*dns.DNSKEY, rrset []dns.RR, now time.Time) (bool, bool) {
	for _, sig := range sigs {
		if sig.TypeCovered != covered || !strings.EqualFold(sig.Hdr.Name, owner) || !sig.ValidityPeriod(now) {
			continue
		}
		for _, k := range e.findKeys(keys, sig) {
			err, ok := e.verify(sig, k, rrset)
			if !ok {
				return false, false
			}
			if err == nil {
				return true, true
			}
		}
	}
	return false, true
}

// checkChain is SEC09: anchor DS -> parent KSK that signs the parent DNSKEY
// set -> parent key that signs the zone's DS set -> DS that matches a zone
// key signing the zone's DNSKEY set, every signature valid at Now.
func checkChain(e *env) {
	p, ix, now := e.t.Parent, e.ix, e.now
	apex := strings.ToLower(p.Keys[0].Hdr.Name)
	for _, a := range e.t.Anchors {
		if !strings.EqualFold(a.Hdr.Name, apex) {
			e.add(Failure, "ANCHOR_NOT_PARENT", apex, dns.TypeDS, "trust anchor for %s, but the parent keys are at %s", a.Hdr.Name, apex)
			return
		}
	}
	keySet := make([]dns.RR, len(p.Keys))
	for i, k := range p.Keys {
		keySet[i] = k
	}
	var anchored []*dns.DNSKEY
	for _, a := range e.t.Anchors {
		anchored = append(anchored, dsMatches(a, p.Keys)...)
	}
	if len(anchored) == 0 {
		e.add(Failure, "ANCHOR_NO_KEY", apex, dns.TypeDNSKEY, "no DNSKEY of %s matches a trust anchor (anchor tags %s)", apex, dsTags(e.t.Anchors))
		return
	}
	ok, within := e.verifiedBy(p.Sigs, dns.TypeDNSKEY, apex, anchored, keySet, now)
	if !within {
		e.budgetExhausted()
		return
	}
	if !ok {
		e.add(Failure, "PARENT_DNSKEY_UNTRUSTED", apex, dns.TypeDNSKEY, "the DNSKEY set of %s has no valid signature at %s by an anchored key", apex, now.Format(time.RFC3339))
		return
	}
	if len(p.DS) == 0 {
		e.add(Failure, "NO_DS", ix.origin, dns.TypeDS, "the parent publishes no DS for the zone: the zone is not in the chain of trust")
		return
	}
	dsSet := make([]dns.RR, len(p.DS))
	for i, d := range p.DS {
		dsSet[i] = d
	}
	ok, within = e.verifiedBy(p.Sigs, dns.TypeDS, ix.origin, p.Keys, dsSet, now)
	if !within {
		e.budgetExhausted()
		return
	}
	if !ok {
		e.add(Failure, "DS_UNSIGNED", ix.origin, dns.TypeDS, "the DS set has no valid signature by a key of %s at %s", apex, now.Format(time.RFC3339))
		return
	}
	keys := ix.zoneKeys()
	for _, d := range p.DS {
		cands := dsMatches(d, keys)
		ok, within := e.verifiedBy(ix.sigs[rrKey{ix.origin, dns.TypeDNSKEY}], dns.TypeDNSKEY, ix.origin, cands, ix.get(ix.origin, dns.TypeDNSKEY), now)
		if !within {
			e.budgetExhausted()
			return
		}
		if ok {
			return // chain complete
		}
	}
	e.add(Failure, "NO_CHAIN", ix.origin, dns.TypeDNSKEY, "%s", fmt.Sprintf("no DS of the signed DS set leads to a key that signs the zone's DNSKEY set at %s", now.Format(time.RFC3339)))
}
