package dnssec

import (
	"errors"
	"fmt"
	"strings"

	"github.com/miekg/dns"
)

// respClass is the kind of a response, decided before anything in it is
// validated; each class then has its own routine (the structure of
// Unbound's val_classify_response).
type respClass int

const (
	classPositive respClass = iota // the qtype RRset at the name, possibly wildcard-expanded
	classANY                       // qtype ANY with RRsets at the name
	classCNAME                     // a CNAME at the name (qtype not CNAME): follow it
	classDNAME                     // a DNAME at a proper ancestor redirects the name
	classNODATA                    // the name exists without the qtype
	classNXDOMAIN                  // the name does not exist
	classReferral                  // no answer, NS without SOA: not an answer at all
	classRRSIG                     // a positive answer to qtype RRSIG
)

func (c respClass) String() string {
	return [...]string{"positive", "ANY", "CNAME", "DNAME", "NODATA", "NXDOMAIN", "referral", "RRSIG"}[c]
}

// classify decides the class of m as a response to name/qtype.
func classify(m *dns.Msg, name string, qtype uint16) respClass {
	if dnameAbove(m.Answer, name) {
		// RFC 6672 §2.3: nothing exists below a DNAME owner, so a DNAME
		// above the name redirects every qtype, CNAME and DNAME included.
		return classDNAME
	}
	switch {
	case qtype == dns.TypeRRSIG && len(rrsetOf(m.Answer, name, dns.TypeRRSIG)) > 0:
		return classRRSIG
	case qtype == dns.TypeANY && len(anyRRsets(m.Answer, name)) > 0:
		return classANY
	case qtype != dns.TypeANY && len(rrsetOf(m.Answer, name, qtype)) > 0:
		return classPositive
	case qtype != dns.TypeCNAME && len(rrsetOf(m.Answer, name, dns.TypeCNAME)) > 0:
		return classCNAME
	case m.Rcode == dns.RcodeNameError:
		return classNXDOMAIN
	case isReferral(m):
		return classReferral
	}
	return classNODATA
}

// isReferral reports a NOERROR response with no answer whose authority
// section delegates (NS) without the SOA or denial of a negative answer.
func isReferral(m *dns.Msg) bool {
	if m.Rcode != dns.RcodeSuccess || len(m.Answer) > 0 {
		return false
	}
	ns, soa := false, false
	for _, rr := range m.Ns {
		switch rr.Header().Rrtype {
		case dns.TypeNS:
			ns = true
		case dns.TypeSOA, dns.TypeNSEC, dns.TypeNSEC3:
			// A referral that carries a denial (RFC 5155 Appendix B.3)
			// is judged by that denial, as a NODATA.
			soa = true
		}
	}
	return ns && !soa
}

// anyRRsets returns the RRsets owned by name, RRSIGs excepted, in the
// order of their first RR.
func anyRRsets(rrs []dns.RR, name string) [][]dns.RR {
	var types []uint16
	seen := map[uint16]bool{}
	for _, rr := range rrs {
		h := rr.Header()
		if h.Rrtype != dns.TypeRRSIG && !seen[h.Rrtype] && EqualNames(h.Name, name) {
			seen[h.Rrtype] = true
			types = append(types, h.Rrtype)
		}
	}
	var sets [][]dns.RR
	for _, t := range types {
		sets = append(sets, rrsetOf(rrs, name, t))
	}
	return sets
}

// signerOf returns the signer name of the RRSIGs that should authenticate
// the response of class c, or "" when there are none: the chain of trust
// is walked down to that zone (RFC 4035 §5.3.1: the signer is the zone
// containing the RRset).
func signerOf(m *dns.Msg, name string, qtype uint16, c respClass) string {
	first := func(rrs []dns.RR, owner string, types ...uint16) string {
		for _, rr := range rrs {
			s, ok := rr.(*dns.RRSIG)
			if !ok || (owner != "" && !EqualNames(s.Hdr.Name, owner)) {
				continue
			}
			for _, t := range types {
				if s.TypeCovered == t {
					return s.SignerName
				}
			}
		}
		return ""
	}
	switch c {
	case classPositive:
		return first(m.Answer, name, qtype)
	case classANY:
		for _, set := range anyRRsets(m.Answer, name) {
			if s := first(m.Answer, name, set[0].Header().Rrtype); s != "" {
				return s
			}
		}
	case classCNAME:
		return first(m.Answer, name, dns.TypeCNAME)
	case classDNAME:
		if d := dnameFor(m.Answer, name); d != nil {
			return first(m.Answer, d.Hdr.Name, dns.TypeDNAME)
		}
	case classNODATA, classNXDOMAIN:
		return first(m.Ns, "", dns.TypeNSEC, dns.TypeNSEC3, dns.TypeSOA)
	}
	return ""
}

// walkTarget is the name down to which the chain of trust is walked for
// the response: the signer zone when it is an ancestor of the name (of its
// parent for DS, which the parent zone signs, RFC 4035 §5.2), else the
// name itself, so that an unsigned answer is checked against every zone
// cut above it.
func walkTarget(m *dns.Msg, name string, qtype uint16, c respClass) string {
	target := name
	if qtype == dns.TypeDS && !EqualNames(name, ".") {
		target = parentName(name)
	}
	if s := signerOf(m, name, qtype, c); s != "" {
		if _, ok := dns.IsDomainName(s); ok && IsAtOrBelow(target, s) {
			target = dns.Fqdn(s)
		}
	}
	return target
}

// anchoredTarget moves the walk target down to the closest trust anchor of
// the name when that lies below it: data under an anchor is judged from
// that anchor only (RFC 4035 §4.3, §5), whatever zone above signed the
// response.
func (r *run) anchoredTarget(target, name string, qtype uint16) string {
	owner := name
	if qtype == dns.TypeDS && !EqualNames(name, ".") {
		owner = parentName(name)
	}
	if az, _ := r.closestAnchor(owner); az != "" && IsAtOrBelow(az, target) && !EqualNames(az, target) {
		return az
	}
	return target
}

// deniesAnchor reports whether the NXDOMAIN response m, signed by zone
// (secure from its own anchor), proves that the anchored name does not
// exist: then nothing below that anchor exists either, and the denial
// stands (RFC 4035 §5.4; Unbound's val_anchor_nx).
func (r *run) deniesAnchor(m *dns.Msg, zone, anchor string) bool {
	zs := r.walk(zone)
	if zs.verdict != Secure || !EqualNames(zs.zone, zone) {
		return false
	}
	np, p3, err := r.proofs(m, zs)
	return err == nil && r.nxdomain(np, p3, anchor) == nil
}

// answer validates the response to name/qtype: m, or a fresh lookup when
// m is nil. CNAME and DNAME hops recurse with the next name.
func (r *run) answer(name string, qtype uint16, hops int, m *dns.Msg) (Verdict, int) {
	if hops > r.b.lim.cname {
		return r.fail(Bogus, limitErr(name, "CNAME/DNAME hops (MaxCNAMEHops)", r.b.lim.cname))
	}
	if m == nil {
		var err error
		if m, err = r.fetch(name, qtype); err != nil {
			return r.fail(Indeterminate, err)
		}
	}
	r.res.Rcode = m.Rcode
	class := classify(m, name, qtype)
	switch class {
	case classRRSIG:
		return r.rrsigAnswer(m, name)
	case classReferral:
		return r.fail(Indeterminate, &Error{Kind: ErrQuery, Clause: "RFC 4035 §4.9", Name: name, Type: qtype,
			Err: errors.New("the response is a referral, not an answer: the Exchanger must be a recursive resolver")})
	}
	target := walkTarget(m, name, qtype, class)
	if at := r.anchoredTarget(target, name, qtype); at != target && !(class == classNXDOMAIN && r.deniesAnchor(m, target, at)) {
		target = at
	}
	zs := r.walk(target)
	if zs.verdict != Secure {
		if zs.verdict == Insecure {
			r.res.Answer = append(r.res.Answer, m.Answer...)
		}
		return zs.verdict, zs.ede
	}
	if !IsAtOrBelow(name, zs.zone) {
		return r.fail(Bogus, &Error{Kind: ErrSignerName, Clause: "RFC 4035 §5.3.1", Name: name, Err: fmt.Errorf("not in zone %s", zs.zone)})
	}
	switch class {
	case classPositive:
		return r.secureRRset(m, rrsetOf(m.Answer, name, qtype), zs)
	case classANY:
		return r.anyAnswer(m, name, zs)
	case classCNAME:
		return r.cnameAnswer(m, name, qtype, zs, hops)
	case classDNAME:
		return r.dnameAnswer(m, name, qtype, zs, hops)
	case classNXDOMAIN:
		return r.negative(m, name, qtype, zs, true)
	}
	return r.negative(m, name, qtype, zs, false)
}

// secureRRset authenticates one answer RRset with the zone's keys and,
// when it was expanded from a wildcard, the proof that no closer match
// exists (RFC 4035 §5.3.4, RFC 5155 §8.8). It records the RRset.
func (r *run) secureRRset(m *dns.Msg, rrset []dns.RR, zs *zoneState) (Verdict, int) {
	h := rrset[0].Header()
	sig, errs := r.verifyRRset(rrset, sigsOf(m.Answer, h.Name, h.Rrtype), zs)
	if errs != nil {
		r.note(errs[1:]...)
		return r.fail(Bogus, errs[0])
	}
	if src, ok := wildcardExpanded(h.Name, sig); ok {
		if v, ede := r.wildcardProof(m, h.Name, h.Rrtype, src, zs); v != Secure {
			if v == Insecure {
				r.res.Answer = append(r.res.Answer, rrset...)
			}
			return v, ede
		}
	}
	r.res.Answer = append(r.res.Answer, rrset...)
	if ttl := ValidatedTTL(rrset, sig, r.now); r.res.TTL == 0 || ttl < r.res.TTL {
		r.res.TTL = ttl
	}
	r.res.Chain = append(r.res.Chain, Step{Zone: zs.zone, Verdict: Secure, Note: fmt.Sprintf("%s %s signed by %s tag %d", h.Name, dns.Type(h.Rrtype), sig.SignerName, sig.KeyTag)})
	return Secure, EDENone
}

// wildcardProof checks that the name of an RRset expanded from the
// wildcard src has no closer match: an NSEC covers it (RFC 4035 §5.3.4),
// or an NSEC3 covers its next closer name (RFC 5155 §8.8; opt-out there
// leaves it insecure, §9.2).
func (r *run) wildcardProof(m *dns.Msg, name string, qtype uint16, src string, zs *zoneState) (Verdict, int) {
	np, p3, err := r.proofs(m, zs)
	if err != nil {
		if errors.Is(err, ErrNSEC3Iterations) {
			r.note(err)
			return Insecure, int(dns.ExtendedErrorCodeUnsupportedNSEC3IterValue)
		}
		return r.fail(Bogus, err)
	}
	if len(np.nsecs) > 0 {
		if np.covering(name) == nil {
			return r.fail(Bogus, denialErr(name, qtype, "RFC 4035 §5.3.4", "wildcard answer without an NSEC covering the name"))
		}
		return Secure, EDENone
	}
	optOut, err := p3.proveWildcard(name, parentName(src))
	if err != nil {
		return r.fail(Bogus, err)
	}
	if optOut {
		r.res.Chain = append(r.res.Chain, Step{Zone: zs.zone, Verdict: Insecure, Note: "wildcard answer whose next closer name is in an NSEC3 opt-out span (RFC 5155 §9.2)"})
		return Insecure, EDENone
	}
	return Secure, EDENone
}

// anyAnswer authenticates every RRset of a positive ANY answer (RFC 4035
// §5.3: each RRset on its own); the weakest verdict wins.
func (r *run) anyAnswer(m *dns.Msg, name string, zs *zoneState) (Verdict, int) {
	verdict, ede := Secure, EDENone
	for _, set := range anyRRsets(m.Answer, name) {
		v, e := r.secureRRset(m, set, zs)
		switch v {
		case Secure:
		case Insecure:
			verdict, ede = Insecure, e
		default:
			return v, e
		}
	}
	return verdict, ede
}

// cnameAnswer authenticates the CNAME at name and follows it (RFC 4035
// §5.3, RFC 2181 §10.1: one CNAME, never to itself).
func (r *run) cnameAnswer(m *dns.Msg, name string, qtype uint16, zs *zoneState, hops int) (Verdict, int) {
	rrset := rrsetOf(m.Answer, name, dns.TypeCNAME)
	if v, ede := r.secureRRset(m, rrset, zs); v != Secure {
		return v, ede
	}
	c := rrset[0].(*dns.CNAME)
	if len(rrset) != 1 || EqualNames(c.Target, name) {
		return r.fail(Bogus, &Error{Kind: ErrCNAMELoop, Clause: "RFC 2181 §10.1", RR: c})
	}
	return r.answer(c.Target, qtype, hops+1, r.carries(m, c.Target))
}

// carries returns m when it also answers for name, the next name of a
// CNAME or DNAME chain (a recursive resolver returns the whole chain and
// the final answer or denial in one response), else nil: look it up. The
// authority section of a real response belongs to the end of the chain;
// offline chains put every NSEC there, so for them only an SOA counts.
func (r *run) carries(m *dns.Msg, name string) *dns.Msg {
	if m.Rcode == dns.RcodeNameError || dnameAbove(m.Answer, name) {
		return m
	}
	for _, rr := range m.Answer {
		if EqualNames(rr.Header().Name, name) {
			return m
		}
	}
	for _, rr := range m.Ns {
		if rr.Header().Rrtype == dns.TypeSOA {
			return m
		}
		// A denial signed by a zone above the next name is about it (a
		// wildcard proof for an earlier link is signed by that link's zone).
		if s, ok := rr.(*dns.RRSIG); ok && r.strict && (s.TypeCovered == dns.TypeNSEC || s.TypeCovered == dns.TypeNSEC3) &&
			IsAtOrBelow(name, s.SignerName) {
			return m
		}
	}
	return nil
}

// dnameFor returns the DNAME of rrs that redirects name: owned by its
// closest proper ancestor holding one.
func dnameFor(rrs []dns.RR, name string) *dns.DNAME {
	var best *dns.DNAME
	for _, rr := range rrs {
		d, ok := rr.(*dns.DNAME)
		if !ok || EqualNames(name, d.Hdr.Name) || !IsAtOrBelow(name, d.Hdr.Name) {
			continue
		}
		if best == nil || CountLabels(d.Hdr.Name) > CountLabels(best.Hdr.Name) {
			best = d
		}
	}
	return best
}

// dnameTarget substitutes the DNAME target for its owner in name (RFC 6672
// §2.2); ok is false when the result is too long (YXDOMAIN).
func dnameTarget(d *dns.DNAME, name string) (string, bool) {
	labels := dns.SplitDomainName(name)
	n := CountLabels(d.Hdr.Name)
	if n < 0 || n >= len(labels) {
		return "", false
	}
	prefix := strings.Join(labels[:len(labels)-n], ".")
	target := dns.Fqdn(prefix + "." + strings.TrimSuffix(d.Target, "."))
	if d.Target == "." {
		target = dns.Fqdn(prefix)
	}
	if _, ok := dns.IsDomainName(target); !ok || len(target) > 254 {
		return "", false
	}
	return target, true
}

// dnameAnswer authenticates the DNAME that redirects name (RFC 6672 §3.2,
// §5.3.1): the synthesised CNAME is unsigned, so it is recomputed from the
// DNAME, never trusted. For qtype CNAME the synthesised CNAME is the
// answer; otherwise the chain goes on at the new name.
func (r *run) dnameAnswer(m *dns.Msg, name string, qtype uint16, zs *zoneState, hops int) (Verdict, int) {
	d := dnameFor(m.Answer, name)
	dset := rrsetOf(m.Answer, d.Hdr.Name, dns.TypeDNAME)
	if len(dset) != 1 {
		return r.fail(Bogus, &Error{Kind: ErrCNAMELoop, Clause: "RFC 6672 §2.4", RR: d, Err: errors.New("more than one DNAME at the owner")})
	}
	if sigs := sigsOf(m.Answer, d.Hdr.Name, dns.TypeDNAME); len(sigs) > 0 {
		if src, expanded := wildcardExpanded(d.Hdr.Name, sigs[0]); expanded {
			// RFC 4592 §4.4: a DNAME owned by a wildcard is not expanded
			// into a redirection of the names below it; Unbound refuses it too.
			return r.fail(Bogus, &Error{Kind: ErrCNAMELoop, Clause: "RFC 4592 §4.4, RFC 6672 §3.2", RR: d,
				Err: fmt.Errorf("DNAME expanded from the wildcard %s", src)})
		}
	}
	if v, ede := r.secureRRset(m, dset, zs); v != Secure {
		return v, ede
	}
	target, ok := dnameTarget(d, name)
	if !ok {
		return r.fail(Bogus, &Error{Kind: ErrCNAMELoop, Clause: "RFC 6672 §2.2", RR: d, Err: errors.New("substitution yields an overlong name (YXDOMAIN)")})
	}
	if qtype == dns.TypeCNAME {
		for _, rr := range rrsetOf(m.Answer, name, dns.TypeCNAME) {
			if c := rr.(*dns.CNAME); !EqualNames(c.Target, target) {
				return r.fail(Bogus, &Error{Kind: ErrCNAMELoop, Clause: "RFC 6672 §3.2", RR: c, Err: fmt.Errorf("the DNAME synthesises %s", target)})
			}
		}
		syn := &dns.CNAME{Hdr: dns.RR_Header{Name: name, Rrtype: dns.TypeCNAME, Class: dns.ClassINET, Ttl: d.Hdr.Ttl}, Target: target}
		r.res.Answer = append(r.res.Answer, syn)
		return Secure, EDENone
	}
	return r.answer(target, qtype, hops+1, r.carries(m, target))
}

// rrsigAnswer answers a positive qtype RRSIG query: RRSIG RRsets are never
// signed (RFC 4035 §2.2), so the answer cannot be authenticated, which is
// not a failure either: insecure, as Unbound leaves it unvalidated.
func (r *run) rrsigAnswer(m *dns.Msg, name string) (Verdict, int) {
	if zone, _ := r.closestAnchor(name); zone == "" {
		r.note(&Error{Kind: ErrNoTrustAnchor, Clause: "RFC 4035 §4.3", Name: name})
		return Indeterminate, int(dns.ExtendedErrorCodeDNSSECIndeterminate)
	}
	r.res.Answer = append(r.res.Answer, rrsetOf(m.Answer, name, dns.TypeRRSIG)...)
	r.res.Chain = append(r.res.Chain, Step{Zone: name, Verdict: Insecure, Note: "RRSIG RRsets are not signed (RFC 4035 §2.2)"})
	return Insecure, EDENone
}

// negative validates a NODATA or NXDOMAIN response with the zone's NSEC or
// NSEC3 RRs (RFC 4035 §5.4, RFC 5155 §8.4–§8.7). Offline chains carry no
// rcode, so there both proofs are tried.
func (r *run) negative(m *dns.Msg, name string, qtype uint16, zs *zoneState, nx bool) (Verdict, int) {
	np, p3, err := r.proofs(m, zs)
	if err != nil {
		if errors.Is(err, ErrNSEC3Iterations) {
			r.note(err)
			r.res.Chain = append(r.res.Chain, Step{Zone: zs.zone, Verdict: Insecure, Note: err.Error()})
			return Insecure, int(dns.ExtendedErrorCodeUnsupportedNSEC3IterValue)
		}
		return r.fail(Bogus, err)
	}
	if cut := r.insecureCut(np, p3, name, qtype); cut != "" {
		r.res.Chain = append(r.res.Chain, Step{Zone: cut, Verdict: Insecure, Note: "authenticated NSEC/NSEC3 of a delegation without DS above the name (RFC 4035 §5.2)"})
		r.traceZone(cut, Insecure, "authenticated NSEC/NSEC3 of a delegation without DS (RFC 4035 §5.2)")
		r.res.Answer = append(r.res.Answer, m.Answer...)
		return Insecure, EDENone
	}
	var perrs []error
	if !nx {
		v, err := r.nodataAnswer(np, p3, name, qtype, zs)
		if err == nil {
			return v, EDENone
		}
		perrs = append(perrs, err)
	}
	if nx || !r.strict {
		v, err := r.nxdomainAnswer(np, p3, name, zs)
		if err == nil {
			return v, EDENone
		}
		perrs = append(perrs, err)
	}
	r.note(perrs[1:]...)
	return r.fail(Bogus, perrs[0])
}

// insecureCut returns the delegation at or above name (below the zone of
// the proof) that an authenticated NSEC or NSEC3 shows to be unsigned: NS
// without DS and SOA (RFC 4035 §5.2, RFC 5155 §8.9). The data at and below
// it is insecure; a DS query at the cut itself is answered by the parent,
// so there the proof is an ordinary NODATA.
func (r *run) insecureCut(np *nsecProof, p3 *nsec3Proof, name string, qtype uint16) string {
	unsigned := func(bm []uint16) bool {
		return hasType(bm, dns.TypeNS) && !hasType(bm, dns.TypeDS) && !hasType(bm, dns.TypeSOA)
	}
	for a := name; !EqualNames(a, np.zone) && IsAtOrBelow(a, np.zone); a = parentName(a) {
		if EqualNames(a, name) && qtype == dns.TypeDS {
			continue
		}
		if n := np.matching(a); n != nil && unsigned(n.TypeBitMap) {
			return a
		}
		if len(np.nsecs) == 0 && p3 != nil {
			if m, err := p3.matching(a); err == nil && m != nil && unsigned(m.rr.TypeBitMap) {
				return a
			}
		}
	}
	return ""
}

// nodataAnswer checks a NODATA proof (RFC 4035 §5.4, RFC 5155 §8.5–§8.7).
func (r *run) nodataAnswer(np *nsecProof, p3 *nsec3Proof, name string, qtype uint16, zs *zoneState) (Verdict, error) {
	insecure, err := r.nodata(np, p3, name, qtype)
	if err != nil {
		return Bogus, err
	}
	if insecure {
		r.res.Chain = append(r.res.Chain, Step{Zone: zs.zone, Verdict: Insecure, Note: "NSEC3 opt-out span (RFC 5155 §8.6)"})
		return Insecure, nil
	}
	r.res.Chain = append(r.res.Chain, Step{Zone: zs.zone, Verdict: Secure, Note: "authenticated NODATA"})
	return Secure, nil
}

// nxdomainAnswer checks a name error proof (RFC 4035 §5.4, RFC 5155 §8.4).
func (r *run) nxdomainAnswer(np *nsecProof, p3 *nsec3Proof, name string, zs *zoneState) (Verdict, error) {
	err := r.nxdomain(np, p3, name)
	switch {
	case err == nil:
		r.res.Rcode = dns.RcodeNameError
		r.res.Chain = append(r.res.Chain, Step{Zone: zs.zone, Verdict: Secure, Note: "authenticated NXDOMAIN"})
		return Secure, nil
	case err == errOptOut:
		r.res.Rcode = dns.RcodeNameError
		r.res.Chain = append(r.res.Chain, Step{Zone: zs.zone, Verdict: Insecure, Note: "NXDOMAIN in an NSEC3 opt-out span (RFC 5155 §9.2)"})
		return Insecure, nil
	}
	return Bogus, err
}
