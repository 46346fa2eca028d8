package dnssec

import (
	"bytes"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/miekg/dns"
)

var b32hex = base32.HexEncoding.WithPadding(base32.NoPadding)

// NSEC3Covers reports whether the NSEC3 record proves that a name with
// hash h does not exist: h lies strictly between the owner hash and the
// Next Hashed Owner Name, the last record wrapping around (RFC 5155 §8.3).
// Hashes are compared as decoded octets, so the case of the base32hex text
// does not matter; an exact match is not a cover (unlike miekg/dns's
// NSEC3.Cover). Records that do not decode cover nothing.
func NSEC3Covers(n *dns.NSEC3, h []byte) bool {
	owner, next, ok := nsec3Hashes(n)
	if !ok {
		return false
	}
	return hashCovers(owner, next, h)
}

// nsec3Matches reports whether the NSEC3 record's owner hash is h.
func nsec3Matches(n *dns.NSEC3, h []byte) bool {
	owner, _, ok := nsec3Hashes(n)
	return ok && bytes.Equal(owner, h)
}

func hashCovers(owner, next, h []byte) bool {
	if bytes.Compare(owner, next) < 0 {
		return bytes.Compare(owner, h) < 0 && bytes.Compare(h, next) < 0
	}
	return bytes.Compare(owner, h) < 0 || bytes.Compare(h, next) < 0 // last record wraps
}

// nsec3Hashes decodes the owner's first label and the next hashed owner.
func nsec3Hashes(n *dns.NSEC3) (owner, next []byte, ok bool) {
	label := n.Hdr.Name
	if i := strings.IndexByte(label, '.'); i >= 0 {
		label = label[:i]
	}
	owner, err1 := b32hex.DecodeString(strings.ToUpper(label))
	next, err2 := b32hex.DecodeString(strings.ToUpper(n.NextDomain))
	if err1 != nil || err2 != nil || len(owner) == 0 || len(owner) != len(next) {
		return nil, nil, false
	}
	return owner, next, true
}

type nsec3rec struct {
	rr          *dns.NSEC3
	owner, next []byte
	salt        string // raw salt octets
}

// nsec3Proof holds the authenticated, usable NSEC3 RRs of a response.
type nsec3Proof struct {
	zone   string
	recs   []nsec3rec
	b      *budget
	hashes map[string][]byte
}

// newNSEC3Proof keeps the NSEC3 RRs a validator may use (RFC 5155 §8.1,
// §8.2): hash algorithm 1, Flags 0 or 1 (opt-out), owner directly below
// the zone apex. It reports ErrNSEC3Iterations when a usable record has
// more than maxIter iterations (RFC 9276 §3.2: the answer is insecure).
func newNSEC3Proof(zone string, rrs []*dns.NSEC3, maxIter int, b *budget) (*nsec3Proof, error) {
	p := &nsec3Proof{zone: zone, b: b, hashes: map[string][]byte{}}
	for _, n := range rrs {
		if n.Hash != dns.SHA1 || n.Flags > 1 || !EqualNames(parentName(n.Hdr.Name), zone) {
			continue
		}
		owner, next, ok := nsec3Hashes(n)
		if !ok {
			continue
		}
		if int(n.Iterations) > maxIter {
			return nil, &Error{Kind: ErrNSEC3Iterations, Clause: "RFC 9276 §3.2", RR: n,
				Err: fmt.Errorf("%d iterations, limit %d: treated as insecure", n.Iterations, maxIter)}
		}
		salt := ""
		if n.Salt != "-" && n.Salt != "" {
			s, err := hex.DecodeString(n.Salt)
			if err != nil {
				continue
			}
			salt = string(s)
		}
		p.recs = append(p.recs, nsec3rec{n, owner, next, salt})
	}
	return p, nil
}

// hash hashes name with the parameters of r, charging the budget.
func (p *nsec3Proof) hash(name string, r *nsec3rec) ([]byte, error) {
	key := fmt.Sprintf("%d/%x/%s", r.rr.Iterations, r.salt, strings.ToLower(name))
	if h, ok := p.hashes[key]; ok {
		return h, nil
	}
	if err := p.b.nsec3(name); err != nil {
		return nil, err
	}
	h, err := NSEC3Hash(name, 1, r.rr.Iterations, []byte(r.salt))
	if err != nil {
		return nil, err
	}
	p.hashes[key] = h
	return h, nil
}

func (p *nsec3Proof) matching(name string) (*nsec3rec, error) {
	for i := range p.recs {
		r := &p.recs[i]
		h, err := p.hash(name, r)
		if err != nil {
			return nil, err
		}
		if bytes.Equal(h, r.owner) {
			return r, nil
		}
	}
	return nil, nil
}

func (p *nsec3Proof) covering(name string) (*nsec3rec, error) {
	for i := range p.recs {
		r := &p.recs[i]
		h, err := p.hash(name, r)
		if err != nil {
			return nil, err
		}
		if hashCovers(r.owner, r.next, h) {
			return r, nil
		}
	}
	return nil, nil
}

// closestEncloser finds the closest encloser of name and the NSEC3 covering
// the next closer name (RFC 5155 §8.3). A matching NSEC3 at a delegation
// (NS without SOA) or a DNAME cannot serve as closest encloser.
func (p *nsec3Proof) closestEncloser(name string) (ce string, nc *nsec3rec, err error) {
	if !IsAtOrBelow(name, p.zone) {
		return "", nil, denialErr(name, 0, "RFC 5155 §8.3", "name is outside the zone "+p.zone)
	}
	candidate, next := name, ""
	for {
		m, err := p.matching(candidate)
		if err != nil {
			return "", nil, err
		}
		if m != nil && candidate != name {
			bm := m.rr.TypeBitMap
			if hasType(bm, dns.TypeDNAME) || (hasType(bm, dns.TypeNS) && !hasType(bm, dns.TypeSOA)) {
				return "", nil, denialErr(name, 0, "RFC 5155 §8.3", "closest encloser candidate "+candidate+" is a delegation or DNAME")
			}
			ce = candidate
			break
		}
		if m != nil { // name itself exists
			return candidate, nil, nil
		}
		if EqualNames(candidate, p.zone) {
			return "", nil, denialErr(name, 0, "RFC 5155 §8.3", "no NSEC3 matches any ancestor up to the apex")
		}
		next, candidate = candidate, parentName(candidate)
	}
	nc, err = p.covering(next)
	if err != nil {
		return "", nil, err
	}
	if nc == nil {
		return "", nil, denialErr(name, 0, "RFC 5155 §8.3", "no NSEC3 covers the next closer name "+next)
	}
	return ce, nc, nil
}

func wildcardAt(ce string) string {
	if ce == "." {
		return "*."
	}
	return "*." + ce
}

// proveNXDOMAIN checks an NSEC3 name-error proof (RFC 5155 §8.4). With an
// opt-out NSEC3 covering the next closer name the name may exist as an
// unsigned delegation, so the answer is only insecure (optOut true).
func (p *nsec3Proof) proveNXDOMAIN(name string) (optOut bool, err error) {
	ce, nc, err := p.closestEncloser(name)
	if err != nil {
		return false, err
	}
	if nc == nil {
		return false, denialErr(name, 0, "RFC 5155 §8.4", "an NSEC3 matches the name: it exists")
	}
	w, err := p.covering(wildcardAt(ce))
	if err != nil {
		return false, err
	}
	if w == nil {
		return false, denialErr(name, 0, "RFC 5155 §8.4", "no NSEC3 covers the wildcard "+wildcardAt(ce))
	}
	return nc.rr.Flags&1 == 1, nil
}

// proveNODATA checks NSEC3 no-data proofs: a matching NSEC3 without qtype
// and CNAME (RFC 5155 §8.5), a DS no-data with opt-out (§8.6) or a wildcard
// no-data (§8.7). optOut reports an opt-out NSEC3 covering the next closer
// name (§8.6, and §9.2 for the wildcard no-data): the answer is insecure.
func (p *nsec3Proof) proveNODATA(name string, qtype uint16) (optOut bool, err error) {
	m, err := p.matching(name)
	if err != nil {
		return false, err
	}
	if m != nil {
		bm := m.rr.TypeBitMap
		if hasType(bm, qtype) || hasType(bm, dns.TypeCNAME) {
			return false, denialErr(name, qtype, "RFC 5155 §8.5", "the NSEC3 lists the type (or CNAME) as present")
		}
		if qtype == dns.TypeDS && hasType(bm, dns.TypeSOA) && !EqualNames(name, ".") {
			return false, denialErr(name, qtype, "RFC 5155 §8.6", "DS denial must come from the parent zone, not the child apex")
		}
		if qtype != dns.TypeDS && hasType(bm, dns.TypeNS) && !hasType(bm, dns.TypeSOA) {
			return false, denialErr(name, qtype, "RFC 5155 §8.5", "a delegation NSEC3 from the parent cannot deny data at the child")
		}
		return false, nil
	}
	ce, nc, err := p.closestEncloser(name)
	if err != nil {
		return false, err
	}
	if qtype == dns.TypeDS && nc.rr.Flags&1 == 1 {
		return true, nil // RFC 5155 §8.6: opt-out covers a possible unsigned delegation
	}
	// Otherwise only a wildcard no-data can deny the type (§8.7; for DS
	// too, when the name is synthesised from a wildcard).
	w, err := p.matching(wildcardAt(ce))
	if err != nil {
		return false, err
	}
	if w != nil && (hasType(w.rr.TypeBitMap, qtype) || hasType(w.rr.TypeBitMap, dns.TypeCNAME)) {
		// The wildcard exists with the type (or a CNAME): the name would
		// have been synthesised from it, opt-out or not (RFC 5155 §8.7).
		return false, denialErr(name, qtype, "RFC 5155 §8.7", "the wildcard "+wildcardAt(ce)+" has the type (or CNAME)")
	}
	if w == nil {
		if nc.rr.Flags&1 == 1 {
			return true, nil // empty non-terminal of an unsigned delegation in an opt-out span
		}
		return false, denialErr(name, qtype, "RFC 5155 §8.7", "no NSEC3 proves a wildcard no-data at "+wildcardAt(ce))
	}
	// RFC 5155 §9.2: with an opt-out NSEC3 covering the next closer name
	// the wildcard no-data is only insecure (no AD bit).
	return nc.rr.Flags&1 == 1, nil
}

// isDelegation reports whether the NSEC3 matching name has NS (RFC 4035
// §5.2 with RFC 5155 §8.6).
func (p *nsec3Proof) isDelegation(name string) bool {
	m, err := p.matching(name)
	return err == nil && m != nil && hasType(m.rr.TypeBitMap, dns.TypeNS)
}

// proveWildcard checks that no closer match exists for an answer
// synthesised from the wildcard whose closest encloser is ce (RFC 5155
// §8.8): an NSEC3 covers the next closer name.
func (p *nsec3Proof) proveWildcard(name, ce string) (optOut bool, err error) {
	nc := nextCloser(name, ce)
	r, err := p.covering(nc)
	if err != nil {
		return false, err
	}
	if r == nil {
		return false, denialErr(name, 0, "RFC 5155 §8.8", "no NSEC3 covers the next closer name "+nc)
	}
	return r.rr.Flags&1 == 1, nil
}

// nextCloser is the ancestor of name one label longer than ce.
func nextCloser(name, ce string) string {
	w, ls, err := canonicalLabels(name)
	n := CountLabels(ce)
	if err != nil || len(ls) <= n {
		return name
	}
	return wireToName(w[ls[len(ls)-n-1]:])
}
