package dnssec

import (
	"github.com/miekg/dns"
)

// Denial-of-existence errors.
var (
	// ErrDenial reports a missing or insufficient NSEC/NSEC3 proof.
	ErrDenial = newKind("no valid proof of non-existence", ErrBogus)
)

// hasType reports whether the type bitmap lists t.
func hasType(bitmap []uint16, t uint16) bool {
	for _, b := range bitmap {
		if b == t {
			return true
		}
	}
	return false
}

// NSECCovers reports whether nsec proves that name does not exist: name
// sorts strictly between the NSEC owner and its Next Domain Name in
// canonical order (RFC 4034 §4.1.1, §6.1), the last NSEC of a zone
// wrapping around to the apex. An exact match of owner or next is not
// covered. It knows no zone, so it applies neither the zone-cut rules of
// RFC 6840 §4.1 nor the rule that the next name stays in the zone and only
// the last NSEC wraps, to the apex (RFC 4034 §4.1.1); the validator applies
// both.
func NSECCovers(nsec *dns.NSEC, name string) bool {
	owner, next := nsec.Hdr.Name, nsec.NextDomain
	if CompareNames(owner, next) < 0 { // an ordinary interval
		return CompareNames(owner, name) < 0 && CompareNames(name, next) < 0
	}
	// The last NSEC of the zone (next is the apex, or a one-NSEC zone
	// whose next is its own owner): everything after the owner.
	return CompareNames(owner, name) < 0 || CompareNames(name, next) < 0
}

// nsecAncestorBlocks reports whether nsec may not deny name:
// an NSEC at a delegation point (NS without SOA) or at a DNAME owner comes
// from above a zone cut or a redirection and cannot prove anything about
// names below its owner (RFC 6840 §4.1, RFC 4035 §5.4).
func nsecAncestorBlocks(nsec *dns.NSEC, name string) bool {
	if !IsAtOrBelow(name, nsec.Hdr.Name) || EqualNames(name, nsec.Hdr.Name) {
		return false
	}
	delegation := hasType(nsec.TypeBitMap, dns.TypeNS) && !hasType(nsec.TypeBitMap, dns.TypeSOA)
	return delegation || hasType(nsec.TypeBitMap, dns.TypeDNAME)
}

// commonAncestor returns the longest common ancestor of a and b.
func commonAncestor(a, b string) string {
	wa, la, err1 := canonicalLabels(a)
	wb, lb, err2 := canonicalLabels(b)
	if err1 != nil || err2 != nil {
		return "."
	}
	i, j := len(la)-1, len(lb)-1
	best := len(wa) - 1 // offset of the root label
	for ; i >= 0 && j >= 0; i, j = i-1, j-1 {
		x := wa[la[i] : la[i]+1+int(wa[la[i]])]
		y := wb[lb[j] : lb[j]+1+int(wb[lb[j]])]
		if string(x) != string(y) {
			break
		}
		best = la[i]
	}
	return wireToName(wa[best:])
}

// parentName returns name without its first label ("." for TLDs and the
// root).
func parentName(name string) string {
	w, ls, err := canonicalLabels(name)
	if err != nil || len(ls) <= 1 {
		return "."
	}
	return wireToName(w[ls[1]:])
}

// nsecProof holds the authenticated NSEC RRs of a response.
type nsecProof struct {
	zone  string
	nsecs []*dns.NSEC
}

// matching returns the NSEC owned by name.
func (p *nsecProof) matching(name string) *dns.NSEC {
	for _, n := range p.nsecs {
		if EqualNames(n.Hdr.Name, name) {
			return n
		}
	}
	return nil
}

// covering returns an NSEC that proves name does not exist, honouring
// the zone-cut and DNAME rules of RFC 6840 §4.1 and keeping the proof
// inside the zone.
func (p *nsecProof) covering(name string) *dns.NSEC {
	if !IsAtOrBelow(name, p.zone) {
		return nil
	}
	for _, n := range p.nsecs {
		if NSECCovers(n, name) && p.nextInZone(n) && !nsecAncestorBlocks(n, name) && !emptyNonTerminal(n, name) {
			return n
		}
	}
	return nil
}

// nextInZone reports whether the Next Domain Name of n stays in the zone:
// the NSEC chain links the zone's own names, and only the last NSEC wraps,
// back to the apex (RFC 4034 §4.1.1). An NSEC whose next name leaves the
// zone, or wraps to anything but the apex, overreaches and covers nothing.
func (p *nsecProof) nextInZone(n *dns.NSEC) bool {
	if !IsAtOrBelow(n.NextDomain, p.zone) {
		return false
	}
	if CompareNames(n.Hdr.Name, n.NextDomain) >= 0 {
		return EqualNames(n.NextDomain, p.zone)
	}
	return true
}

// emptyNonTerminal reports whether name is an empty non-terminal according
// to nsec: the next name is below name, so name exists (RFC 4035 §3.1.3.2
// note; RFC 5155 §7.2.3 for the NSEC3 analogue).
func emptyNonTerminal(n *dns.NSEC, name string) bool {
	return IsAtOrBelow(n.NextDomain, name) && !EqualNames(n.NextDomain, name)
}

// closestEncloser derives the closest encloser of a non-existent name from
// the covering NSEC: the longer of the common ancestors of name with the
// NSEC owner and with its next name (RFC 4035 §5.4, RFC 6840 §4.1).
func closestEncloserNSEC(n *dns.NSEC, name string) string {
	a := commonAncestor(n.Hdr.Name, name)
	b := commonAncestor(n.NextDomain, name)
	if CountLabels(b) > CountLabels(a) {
		return b
	}
	return a
}

// proveNXDOMAIN checks an NSEC name-error proof (RFC 4035 §5.4): an NSEC
// covers name, and an NSEC covers (or, for a NODATA-wildcard, matches) the
// wildcard at the closest encloser.
func (p *nsecProof) proveNXDOMAIN(name string) error {
	c := p.covering(name)
	if c == nil {
		return denialErr(name, 0, "RFC 4035 §5.4", "no NSEC covers the name")
	}
	ce := closestEncloserNSEC(c, name)
	wc := "*." + ce
	if ce == "." {
		wc = "*."
	}
	if p.covering(wc) == nil {
		return denialErr(name, 0, "RFC 4035 §5.4", "no NSEC proves the wildcard "+wc+" absent")
	}
	return nil
}

// proveNODATA checks an NSEC no-data proof (RFC 4035 §5.4, RFC 6840 §4.1
// and §4.3): an NSEC at name without qtype and CNAME (for DS: from the
// parent side), or an empty non-terminal, or a wildcard no-data.
func (p *nsecProof) proveNODATA(name string, qtype uint16) error {
	if n := p.matching(name); n != nil {
		if hasType(n.TypeBitMap, qtype) || hasType(n.TypeBitMap, dns.TypeCNAME) {
			return denialErr(name, qtype, "RFC 4035 §5.4", "the NSEC lists the type (or CNAME) as present")
		}
		delegation := hasType(n.TypeBitMap, dns.TypeNS) && !hasType(n.TypeBitMap, dns.TypeSOA)
		if qtype == dns.TypeDS {
			if hasType(n.TypeBitMap, dns.TypeSOA) && !EqualNames(name, ".") {
				return denialErr(name, qtype, "RFC 6840 §4.4", "DS denial must come from the parent zone, not the child apex")
			}
		} else if delegation {
			return denialErr(name, qtype, "RFC 6840 §4.4", "a delegation NSEC from the parent cannot deny data at the child")
		}
		return nil
	}
	// Empty non-terminal: an NSEC before name whose next name is below it.
	for _, n := range p.nsecs {
		if CompareNames(n.Hdr.Name, name) < 0 && emptyNonTerminal(n, name) && IsAtOrBelow(name, p.zone) {
			return nil
		}
	}
	// Wildcard no-data: name is covered, and the wildcard at the closest
	// encloser exists without qtype.
	c := p.covering(name)
	if c == nil {
		return denialErr(name, qtype, "RFC 4035 §5.4", "no NSEC matches or covers the name")
	}
	ce := closestEncloserNSEC(c, name)
	w := p.matching("*." + ce)
	if w == nil || hasType(w.TypeBitMap, qtype) || hasType(w.TypeBitMap, dns.TypeCNAME) {
		return denialErr(name, qtype, "RFC 4035 §5.4", "no NSEC proves a wildcard no-data at *."+ce)
	}
	return nil
}

// delegationStatus tells, for a proven DS no-data at name, whether name is
// an (insecure) delegation: its NSEC has NS (RFC 4035 §5.2).
func (p *nsecProof) isDelegation(name string) bool {
	n := p.matching(name)
	return n != nil && hasType(n.TypeBitMap, dns.TypeNS)
}

func denialErr(name string, qtype uint16, clause, msg string) error {
	return &Error{Kind: ErrDenial, Clause: clause, Name: name, Type: qtype, Err: errString(msg)}
}

type errString string

func (e errString) Error() string { return string(e) }
