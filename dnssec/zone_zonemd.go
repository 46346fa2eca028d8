package dnssec

import (
	"bytes"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"hash"
	"sort"
	"strings"

	"github.com/miekg/dns"
)

// ZONEMD (RFC 8976): scheme SIMPLE (1) with SHA-384 (1) or SHA-512 (2).
// The digest runs over every record of the zone at or below the apex,
// glue and occluded data included, except the apex ZONEMD RRset and the
// RRSIGs covering it (§3.3.1.1), in DNSSEC canonical form and order
// (RFC 4034 §6), duplicates once (§3.3.1.2). Input that streams in
// canonical order is hashed as it arrives.
type zonemdState struct {
	rrs    []*dns.ZONEMD
	lines  []int
	hashes map[uint8]hash.Hash
	buf    []byte
	recs   []zoneCanonRec
	// Records with no canonical wire form are left out of the digest; the
	// first is reported with their count.
	unpackable     int
	unpackableRR   dns.RR
	unpackableLine int
}

type zoneCanonRec struct {
	typ   uint16
	wire  []byte // whole canonical RR
	rdata int    // offset of RDATA in wire
}

func newZonemdState(s *zrrset) *zonemdState {
	z := &zonemdState{hashes: map[uint8]hash.Hash{}, buf: make([]byte, 0, 4096)}
	lines := s.lines
	for i, rr := range s.rrs {
		m := rr.(*dns.ZONEMD)
		z.rrs = append(z.rrs, m)
		z.lines = append(z.lines, lines[i])
		if m.Scheme == 1 {
			switch m.Hash {
			case 1:
				if z.hashes[1] == nil {
					z.hashes[1] = sha512.New384()
				}
			case 2:
				if z.hashes[2] == nil {
					z.hashes[2] = sha512.New()
				}
			}
		}
	}
	return z
}

// add hashes one owner group (which arrives in canonical owner order).
func (z *zonemdState) add(g *zgroup, apex bool) {
	if len(z.hashes) == 0 {
		return
	}
	z.recs = z.recs[:0]
	for _, r := range g.recs {
		rr := r.rr
		h := rr.Header()
		if apex {
			if h.Rrtype == dns.TypeZONEMD {
				continue
			}
			if sig, ok := rr.(*dns.RRSIG); ok && sig.TypeCovered == dns.TypeZONEMD {
				continue
			}
		}
		wire, rdata, ok := zoneCanonicalWire(rr)
		if !ok {
			if z.unpackable == 0 {
				z.unpackableRR, z.unpackableLine = rr, r.line
			}
			z.unpackable++
			continue
		}
		z.recs = append(z.recs, zoneCanonRec{typ: h.Rrtype, wire: wire, rdata: rdata})
	}
	sort.Slice(z.recs, func(i, j int) bool {
		a, b := &z.recs[i], &z.recs[j]
		if a.typ != b.typ {
			return a.typ < b.typ
		}
		return bytes.Compare(a.wire[a.rdata:], b.wire[b.rdata:]) < 0
	})
	for i, c := range z.recs {
		if i > 0 {
			p := z.recs[i-1]
			if p.typ == c.typ && bytes.Equal(p.wire[p.rdata:], c.wire[c.rdata:]) {
				continue // duplicate RR
			}
		}
		for _, h := range z.hashes {
			h.Write(c.wire)
		}
	}
}

// zoneCanonicalWire returns the RFC 4034 §6.2 canonical wire form of rr: owner
// and the embedded names of the listed types in lower case, no compression.
func zoneCanonicalWire(rr dns.RR) (wire []byte, rdata int, ok bool) {
	rr = withSortedBitmap(rr)
	if zoneNeedsLower(rr) {
		rr = dns.Copy(rr)
		lowerZoneRdataNames(rr)
	}
	buf := make([]byte, dns.Len(rr)+16)
	off, err := dns.PackRR(rr, buf, 0, nil, false)
	if err != nil {
		return nil, 0, false
	}
	buf = buf[:off]
	// Owner: lower-case the label bytes (length octets are < 64, never A–Z).
	i := 0
	for i < len(buf) && buf[i] != 0 {
		l := int(buf[i])
		for j := i + 1; j <= i+l && j < len(buf); j++ {
			if c := buf[j]; c >= 'A' && c <= 'Z' {
				buf[j] = c + 32
			}
		}
		i += l + 1
	}
	return buf, i + 1 + 10, true
}

// zoneNeedsLower reports whether rr has upper-case letters in a name that the
// canonical form lower-cases inside RDATA (RFC 4034 §6.2 item 3 as amended
// by RFC 6840 §5.1, which drops NSEC).
func zoneNeedsLower(rr dns.RR) bool {
	up := func(s ...string) bool {
		for _, x := range s {
			if strings.ToLower(x) != x {
				return true
			}
		}
		return false
	}
	switch r := rr.(type) {
	case *dns.NS:
		return up(r.Ns)
	case *dns.CNAME:
		return up(r.Target)
	case *dns.SOA:
		return up(r.Ns, r.Mbox)
	case *dns.PTR:
		return up(r.Ptr)
	case *dns.MX:
		return up(r.Mx)
	case *dns.MINFO:
		return up(r.Rmail, r.Email)
	case *dns.RP:
		return up(r.Mbox, r.Txt)
	case *dns.AFSDB:
		return up(r.Hostname)
	case *dns.RT:
		return up(r.Host)
	case *dns.PX:
		return up(r.Map822, r.Mapx400)
	case *dns.NAPTR:
		return up(r.Replacement)
	case *dns.KX:
		return up(r.Exchanger)
	case *dns.SRV:
		return up(r.Target)
	case *dns.DNAME:
		return up(r.Target)
	case *dns.RRSIG:
		return up(r.SignerName)
	case *dns.MB:
		return up(r.Mb)
	case *dns.MG:
		return up(r.Mg)
	case *dns.MR:
		return up(r.Mr)
	case *dns.MD:
		return up(r.Md)
	case *dns.MF:
		return up(r.Mf)
	}
	return false
}

func lowerZoneRdataNames(rr dns.RR) {
	l := strings.ToLower
	switch r := rr.(type) {
	case *dns.NS:
		r.Ns = l(r.Ns)
	case *dns.CNAME:
		r.Target = l(r.Target)
	case *dns.SOA:
		r.Ns, r.Mbox = l(r.Ns), l(r.Mbox)
	case *dns.PTR:
		r.Ptr = l(r.Ptr)
	case *dns.MX:
		r.Mx = l(r.Mx)
	case *dns.MINFO:
		r.Rmail, r.Email = l(r.Rmail), l(r.Email)
	case *dns.RP:
		r.Mbox, r.Txt = l(r.Mbox), l(r.Txt)
	case *dns.AFSDB:
		r.Hostname = l(r.Hostname)
	case *dns.RT:
		r.Host = l(r.Host)
	case *dns.PX:
		r.Map822, r.Mapx400 = l(r.Map822), l(r.Mapx400)
	case *dns.NAPTR:
		r.Replacement = l(r.Replacement)
	case *dns.KX:
		r.Exchanger = l(r.Exchanger)
	case *dns.SRV:
		r.Target = l(r.Target)
	case *dns.DNAME:
		r.Target = l(r.Target)
	case *dns.RRSIG:
		r.SignerName = l(r.SignerName)
	case *dns.MB:
		r.Mb = l(r.Mb)
	case *dns.MG:
		r.Mg = l(r.Mg)
	case *dns.MR:
		r.Mr = l(r.Mr)
	case *dns.MD:
		r.Md = l(r.Md)
	case *dns.MF:
		r.Mf = l(r.Mf)
	}
}

// finish compares the digests (RFC 8976 §4).
func (z *zonemdState) finish(v *zoneVerifier) {
	type key struct{ scheme, hash uint8 }
	count := map[key]int{}
	for _, m := range z.rrs {
		count[key{m.Scheme, m.Hash}]++
	}
	supported, verified, failed := false, false, false
	if z.unpackable > 0 {
		v.problem(&Error{Kind: ErrZONEMD, Clause: "RFC 8976 §3.3.1", RR: z.unpackableRR, Line: z.unpackableLine,
			Err: zoneErrorf("%d record(s) have no canonical wire form (RFC 4034 §6.2), so the digest cannot cover them", z.unpackable)})
		failed = true
	}
	for i, m := range z.rrs {
		line := z.lines[i]
		if m.Serial != v.rep.Serial {
			v.problem(&Error{Kind: ErrZONEMD, Clause: "RFC 8976 §4", RR: m, Line: line,
				Err: zoneErrorf("serial %d differs from the SOA serial %d", m.Serial, v.rep.Serial)})
			failed = true
			continue
		}
		h := z.hashes[m.Hash]
		if m.Scheme != 1 || h == nil {
			continue // unsupported scheme or hash: not usable (§4 step 5)
		}
		supported = true
		if count[key{m.Scheme, m.Hash}] > 1 {
			v.problem(&Error{Kind: ErrZONEMD, Clause: "RFC 8976 §4", RR: m, Line: line,
				Err: zoneErrorf("more than one ZONEMD with scheme %d and hash %d", m.Scheme, m.Hash)})
			failed = true
			continue
		}
		want, err := hex.DecodeString(m.Digest)
		if err != nil || len(want) != h.Size() {
			v.problem(&Error{Kind: ErrZONEMD, Clause: "RFC 8976 §2.2.4", RR: m, Line: line,
				Err: zoneErrorf("digest is not %d octets", h.Size())})
			failed = true
			continue
		}
		if got := h.Sum(nil); !bytes.Equal(got, want) {
			v.problem(&Error{Kind: ErrZONEMD, Clause: "RFC 8976 §4", RR: m, Line: line,
				Err: errors.New("digest does not match the zone (computed " + hex.EncodeToString(got) + ")")})
			failed = true
			continue
		}
		verified = true
	}
	switch {
	case failed:
		v.rep.ZONEMD = "failed"
	case verified:
		v.rep.ZONEMD = "verified"
	case !supported:
		v.rep.ZONEMD = "unsupported"
	}
}
