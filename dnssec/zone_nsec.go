package dnssec

import (
	"errors"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// denialChecks verifies the NSEC and/or NSEC3 chains over the name index.
func (v *zoneVerifier) denialChecks() {
	hasNSEC := v.nsecRecs > 0
	hasNSEC3 := v.nsec3Recs > 0 || len(v.params) > 0
	switch {
	case hasNSEC && hasNSEC3:
		v.rep.Denial = DenialMixed
	case hasNSEC:
		v.rep.Denial = DenialNSEC
	case hasNSEC3:
		v.rep.Denial = DenialNSEC3
	}
	if hasNSEC || (!hasNSEC3 && v.signed) {
		v.nsecChain()
	}
	if hasNSEC3 {
		v.nsec3Chain()
	}
}

// nsecChain checks that every authoritative name (not empty non-terminals)
// has one NSEC whose Next Domain is the following name in canonical order,
// the last pointing back to the apex, and whose bitmap lists exactly the
// types present (RFC 4035 §2.3, RFC 4034 §4.1.1, §4.1.2).
func (v *zoneVerifier) nsecChain() {
	if v.nsecRecs == 0 {
		v.problem(&Error{Kind: ErrNSECChain, Clause: "RFC 4035 §2.3", Name: v.origin, Line: 0,
			Err: errors.New("signed zone has neither an NSEC nor an NSEC3 chain")})
		return
	}
	var idx []int
	for i := range v.names {
		if v.names[i].flags&zENT == 0 {
			idx = append(idx, i)
		}
	}
	for k, i := range idx {
		n := &v.names[i]
		next := v.names[idx[(k+1)%len(idx)]].name
		if n.nsec == nil {
			v.problem(&Error{Kind: ErrNSECChain, Clause: "RFC 4035 §2.3", Name: n.name, Type: dns.TypeNSEC, Line: n.line,
				Err: zoneErrorf("authoritative name has no NSEC record (next name is %s)", next)})
			continue
		}
		if n.nsecs > 1 {
			v.problem(&Error{Kind: ErrNSECChain, Clause: "RFC 4035 §2.3", RR: n.nsec, Line: n.nsecLine,
				Err: zoneErrorf("%d NSEC records at one name", n.nsecs)})
		}
		if !EqualNames(n.nsec.NextDomain, next) {
			v.problem(&Error{Kind: ErrNSECChain, Clause: "RFC 4034 §4.1.1", RR: n.nsec, Line: n.nsecLine,
				Err: zoneErrorf("next domain %s, want %s", n.nsec.NextDomain, next)})
		}
		if d := zoneBitmapDiff(n.types, n.nsec.TypeBitMap); d != "" {
			v.problem(&Error{Kind: ErrTypeBitmap, Clause: "RFC 4034 §4.1.2, RFC 4035 §2.3", RR: n.nsec, Line: n.nsecLine, Err: errors.New(d)})
		}
	}
}

// zoneBitmapDiff describes how bitmap differs from the types present ("" if equal).
func zoneBitmapDiff(present, bitmap []uint16) string {
	b := slices.Clone(bitmap)
	slices.Sort(b)
	b = slices.Compact(b)
	var extra, missing []string
	i, j := 0, 0
	for i < len(present) || j < len(b) {
		switch {
		case j == len(b) || (i < len(present) && present[i] < b[j]):
			missing = append(missing, dns.Type(present[i]).String())
			i++
		case i == len(present) || b[j] < present[i]:
			extra = append(extra, dns.Type(b[j]).String())
			j++
		default:
			i++
			j++
		}
	}
	if len(extra) == 0 && len(missing) == 0 {
		return ""
	}
	var s []string
	if len(missing) > 0 {
		s = append(s, "bitmap lacks "+strings.Join(missing, " "))
	}
	if len(extra) > 0 {
		s = append(s, "bitmap lists absent "+strings.Join(extra, " "))
	}
	return strings.Join(s, "; ")
}
