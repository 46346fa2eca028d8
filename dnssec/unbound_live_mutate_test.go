package dnssec

// Mutations of signed zones for TestUnboundLive: each one edits the
// records of a zone signed by dnssec-signzone or ldns-signzone and, where
// the forgery needs it, re-signs with the zone's own ZSK (so only the
// property under test is wrong).

import (
	"net"
	"sort"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// rrset returns the records of type t owned by owner (RRSIGs excluded
// unless t is RRSIG).
func (ls *liveSigned) rrset(owner string, t uint16) []dns.RR {
	var out []dns.RR
	for _, rr := range ls.rrs {
		if rr.Header().Rrtype == t && EqualNames(rr.Header().Name, owner) {
			out = append(out, rr)
		}
	}
	return out
}

// sigFor returns the first RRSIG over owner/t, failing the test if none.
func (ls *liveSigned) sigFor(owner string, t uint16) *dns.RRSIG {
	for _, rr := range ls.rrs {
		if s, ok := rr.(*dns.RRSIG); ok && s.TypeCovered == t && EqualNames(s.Hdr.Name, owner) {
			return s
		}
	}
	ls.t.Fatalf("zone %s: no RRSIG over %s/%s", ls.zone, owner, dns.Type(t))
	return nil
}

// remove deletes every record for which drop is true.
func (ls *liveSigned) remove(drop func(dns.RR) bool) {
	out := ls.rrs[:0]
	for _, rr := range ls.rrs {
		if !drop(rr) {
			out = append(out, rr)
		}
	}
	ls.rrs = out
}

// dropSet removes owner/t and the RRSIGs over it.
func (ls *liveSigned) dropSet(owner string, t uint16) {
	ls.remove(func(rr dns.RR) bool {
		if !EqualNames(rr.Header().Name, owner) {
			return false
		}
		if s, ok := rr.(*dns.RRSIG); ok {
			return s.TypeCovered == t
		}
		return rr.Header().Rrtype == t
	})
}

// sign signs rrset with the first ZSK, with the validity window of the
// zone's SOA signature unless mod changes it.
func (ls *liveSigned) sign(rrset []dns.RR, mod func(*dns.RRSIG)) *dns.RRSIG {
	soa := ls.sigFor(ls.zone, dns.TypeSOA)
	k := ls.zsks[0]
	if k.priv == nil {
		ls.t.Fatalf("zone %s: the private key of algorithm %d cannot be read back to re-sign", ls.zone, k.dnskey.Algorithm)
	}
	return k.sign(ls.t, rrset, func(s *dns.RRSIG) {
		s.Inception, s.Expiration = soa.Inception, soa.Expiration
		if mod != nil {
			mod(s)
		}
	})
}

// replaceSet swaps owner/t and its RRSIGs for rrset and sigs.
func (ls *liveSigned) replaceSet(owner string, t uint16, rrset []dns.RR, sigs ...*dns.RRSIG) {
	ls.dropSet(owner, t)
	ls.rrs = append(ls.rrs, rrset...)
	for _, s := range sigs {
		ls.rrs = append(ls.rrs, s)
	}
}

// resignWindow re-signs owner/t with a validity window relative to now
// (RFC 4035 §5.3.1: the validator must reject it outside the window).
func (ls *liveSigned) resignWindow(owner string, t uint16, from, to time.Duration) {
	set := ls.rrset(owner, t)
	now := time.Now()
	sig := ls.sign(set, func(s *dns.RRSIG) {
		s.Inception, s.Expiration = uint32(now.Add(from).Unix()), uint32(now.Add(to).Unix())
	})
	ls.replaceSet(owner, t, set, sig)
}

// dropSigAlg removes the RRSIGs of algorithm alg over owner/t.
func (ls *liveSigned) dropSigAlg(owner string, t uint16, alg uint8) {
	ls.remove(func(rr dns.RR) bool {
		s, ok := rr.(*dns.RRSIG)
		return ok && s.TypeCovered == t && s.Algorithm == alg && EqualNames(s.Hdr.Name, owner)
	})
}

// nsecAt returns the NSEC owned by owner.
func (ls *liveSigned) nsecAt(owner string) *dns.NSEC {
	set := ls.rrset(owner, dns.TypeNSEC)
	if len(set) != 1 {
		ls.t.Fatalf("zone %s: %d NSEC at %s", ls.zone, len(set), owner)
	}
	return set[0].(*dns.NSEC)
}

// stretchNSEC re-signs, with the zone's ZSK, the NSEC at owner with its
// next name replaced by next (RFC 4034 §4.1.1: only the last NSEC wraps,
// and only to the apex).
func (ls *liveSigned) stretchNSEC(owner, next string) {
	n := dns.Copy(ls.nsecAt(owner)).(*dns.NSEC)
	n.NextDomain = next
	ls.replaceSet(owner, dns.TypeNSEC, []dns.RR{n}, ls.sign([]dns.RR{n}, nil))
}

// wildcardNSEC replaces the NSEC at owner by one whose next name is next,
// signed as if synthesised from the wildcard *.<parent of owner>: its
// RRSIG labels field is one less than the owner's label count
// (RFC 4035 §5.3.2; the CVE-2017-15105 class).
func (ls *liveSigned) wildcardNSEC(owner, next string) {
	n := dns.Copy(ls.nsecAt(owner)).(*dns.NSEC)
	if next != "" {
		n.NextDomain = next
	}
	ls.wildcardResign(owner, dns.TypeNSEC, []dns.RR{n})
}

// wildcardResign re-signs rrset at owner as an expansion of the wildcard
// one label up, replacing owner/t.
func (ls *liveSigned) wildcardResign(owner string, t uint16, rrset []dns.RR) {
	ls.wildcardResignFrom(owner, parentName(owner), t, rrset)
}

// wildcardResignFrom re-signs rrset at owner as an expansion of the
// wildcard *.<from>, replacing owner/t.
func (ls *liveSigned) wildcardResignFrom(owner, from string, t uint16, rrset []dns.RR) {
	wild := "*." + from
	var w []dns.RR
	for _, rr := range rrset {
		c := dns.Copy(rr)
		c.Header().Name = wild
		w = append(w, c)
	}
	sig := ls.sign(w, nil) // Labels = labels(owner) - 1
	sig.Hdr.Name = owner
	ls.replaceSet(owner, t, rrset, sig)
}

// rotateNSEC gives every NSEC but the apex's the rdata of the next one in
// zone order, keeping the old RRSIGs: every denial becomes unverifiable.
func (ls *liveSigned) rotateNSEC() {
	var ns []*dns.NSEC
	for _, rr := range ls.rrs {
		if n, ok := rr.(*dns.NSEC); ok && !EqualNames(n.Hdr.Name, ls.zone) {
			ns = append(ns, n)
		}
	}
	sort.Slice(ns, func(i, j int) bool { return CompareNames(ns[i].Hdr.Name, ns[j].Hdr.Name) < 0 })
	if len(ns) < 2 {
		ls.t.Fatalf("zone %s: too few NSEC to swap", ls.zone)
	}
	first := *ns[0]
	for i := 0; i < len(ns)-1; i++ {
		ns[i].NextDomain, ns[i].TypeBitMap = ns[i+1].NextDomain, ns[i+1].TypeBitMap
	}
	ns[len(ns)-1].NextDomain, ns[len(ns)-1].TypeBitMap = first.NextDomain, first.TypeBitMap
}

// nsec3s returns the zone's NSEC3 records sorted by owner hash.
func (ls *liveSigned) nsec3s() []*dns.NSEC3 {
	var out []*dns.NSEC3
	for _, rr := range ls.rrs {
		if n, ok := rr.(*dns.NSEC3); ok {
			out = append(out, n)
		}
	}
	sort.Slice(out, func(i, j int) bool { return nsec3Label(out[i]) < nsec3Label(out[j]) })
	if len(out) < 2 {
		ls.t.Fatalf("zone %s: too few NSEC3 records", ls.zone)
	}
	return out
}

func nsec3Label(n *dns.NSEC3) string {
	return strings.ToUpper(strings.SplitN(n.Hdr.Name, ".", 2)[0])
}

// nsec3For returns the NSEC3 that matches name, or else covers its hash
// (RFC 5155 §7.2.1), in zone order.
func (ls *liveSigned) nsec3For(name string) *dns.NSEC3 {
	all := ls.nsec3s()
	h := strings.ToUpper(dns.HashName(name, all[0].Hash, all[0].Iterations, all[0].Salt))
	best := all[len(all)-1] // wraps: the last one covers names before the first
	for _, n := range all {
		if nsec3Label(n) <= h {
			best = n
		}
	}
	return best
}

// rotateNSEC3 gives every NSEC3 the next hash and type bitmap of the
// next one, keeping the old RRSIGs.
func (ls *liveSigned) rotateNSEC3() {
	all := ls.nsec3s()
	first := *all[0]
	for i := 0; i < len(all)-1; i++ {
		all[i].NextDomain, all[i].TypeBitMap = all[i+1].NextDomain, all[i+1].TypeBitMap
	}
	all[len(all)-1].NextDomain, all[len(all)-1].TypeBitMap = first.NextDomain, first.TypeBitMap
}

// dropNSEC3For removes the NSEC3 matching or covering name and its RRSIG.
func (ls *liveSigned) dropNSEC3For(name string) {
	ls.dropSet(ls.nsec3For(name).Hdr.Name, dns.TypeNSEC3)
}

// wildcardNSEC3For re-signs the NSEC3 matching or covering name as if
// synthesised from a wildcard at the zone apex (RRSIG labels one less than
// the owner's; RFC 5155 §7.2, RFC 4035 §5.3.2).
func (ls *liveSigned) wildcardNSEC3For(name string) {
	n := ls.nsec3For(name)
	ls.wildcardResign(n.Hdr.Name, dns.TypeNSEC3, []dns.RR{n})
}

// forgedWildcardNode adds a node at owner holding only an NSEC to next
// with the given types, signed as the expansion of *.<zone apex>: the
// construction of Unbound's CVE-2017-15105 test (val_nodata_failwc.rpl),
// where the wildcard's own NSEC does not cover owner.
func (ls *liveSigned) forgedWildcardNode(owner, next string, types ...uint16) {
	n := &dns.NSEC{Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypeNSEC, Class: dns.ClassINET, Ttl: 300},
		NextDomain: next, TypeBitMap: types}
	ls.wildcardResignFrom(owner, ls.zone, dns.TypeNSEC, []dns.RR{n})
}

// forgedWildcardAnswer adds owner/A signed as an expansion of *.<parent>
// although no such wildcard exists: the RRSIG verifies (RFC 4035 §5.3.2),
// but no NSEC or NSEC3 can prove that owner itself does not exist.
func (ls *liveSigned) forgedWildcardAnswer(owner, addr string) {
	a := &dns.A{Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 3600}, A: net.ParseIP(addr)}
	ls.wildcardResign(owner, dns.TypeA, []dns.RR{a})
}

// dropSigs removes every RRSIG over owner/t (RFC 4035 §5.3.1: an RRset
// of a signed zone without its RRSIG is bogus).
func (ls *liveSigned) dropSigs(owner string, t uint16) {
	ls.remove(func(rr dns.RR) bool {
		s, ok := rr.(*dns.RRSIG)
		return ok && s.TypeCovered == t && EqualNames(s.Hdr.Name, owner)
	})
}

// dropKSKSigs removes the RRSIGs over the apex DNSKEY RRset made by any
// key but the ZSKs, so no key the DS points to signs it (RFC 4035 §5.2).
func (ls *liveSigned) dropKSKSigs() {
	zsk := map[uint16]bool{}
	for _, k := range ls.zsks {
		zsk[k.dnskey.KeyTag()] = true
	}
	ls.remove(func(rr dns.RR) bool {
		s, ok := rr.(*dns.RRSIG)
		return ok && s.TypeCovered == dns.TypeDNSKEY && !zsk[s.KeyTag]
	})
}

// skipNSEC3For removes the NSEC3 matching name and re-signs its
// predecessor so that the chain skips it, as a signer may for an empty
// non-terminal above opt-out delegations only (RFC 5155 §7.1, erratum
// 3441): the predecessor, with its Opt-Out flag, then covers name.
func (ls *liveSigned) skipNSEC3For(name string) {
	all := ls.nsec3s()
	h := strings.ToUpper(dns.HashName(name, all[0].Hash, all[0].Iterations, all[0].Salt))
	for i, n := range all {
		if nsec3Label(n) != h {
			continue
		}
		prev := dns.Copy(all[(i+len(all)-1)%len(all)]).(*dns.NSEC3)
		prev.NextDomain = n.NextDomain
		ls.dropSet(n.Hdr.Name, dns.TypeNSEC3)
		ls.replaceSet(prev.Hdr.Name, dns.TypeNSEC3, []dns.RR{prev}, ls.sign([]dns.RR{prev}, nil))
		return
	}
	ls.t.Fatalf("zone %s: no NSEC3 matches %s", ls.zone, name)
}
