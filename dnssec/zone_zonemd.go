package dnssec

import (
	"bytes"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"hash"
	"sort"

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
	pack   []byte         // packCanonical's buffer
	arena  []byte         // canonical records of the current owner group
	recs   []zoneCanonRec // into arena
	// Records with no canonical wire form are left out of the digest; the
	// first is reported with their count.
	unpackable     int
	unpackableRR   dns.RR
	unpackableLine int
}

// zoneCanonRec locates one canonical record in zonemdState.arena.
type zoneCanonRec struct {
	typ               uint16
	start, rdata, end int // record, its RDATA, its end
}

func newZonemdState(s *zrrset) *zonemdState {
	z := &zonemdState{hashes: map[uint8]hash.Hash{}, pack: make([]byte, dns.MaxMsgSize+maxNameWire+16)}
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

// add hashes one owner group (which arrives in canonical owner order). Each
// record is put in the package's one canonical wire form (packCanonical,
// RFC 4034 §6.2 as updated by RFC 6840 §5.1), so names written with
// escaped capitals hash as their lower-case form.
func (z *zonemdState) add(g *zgroup, apex bool) {
	if len(z.hashes) == 0 {
		return
	}
	z.recs, z.arena = z.recs[:0], z.arena[:0]
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
		wire, rdata, err := packCanonical(rr, z.pack)
		if err != nil {
			if z.unpackable == 0 {
				z.unpackableRR, z.unpackableLine = rr, r.line
			}
			z.unpackable++
			continue
		}
		start := len(z.arena)
		z.arena = append(z.arena, wire...)
		z.recs = append(z.recs, zoneCanonRec{typ: h.Rrtype, start: start, rdata: start + rdata, end: len(z.arena)})
	}
	rd := func(c *zoneCanonRec) []byte { return z.arena[c.rdata:c.end] }
	// RFC 8976 §3.3.1.2: canonical order (RFC 4034 §6.3) within the owner:
	// by type, then by RDATA; duplicates once.
	sort.Slice(z.recs, func(i, j int) bool {
		a, b := &z.recs[i], &z.recs[j]
		if a.typ != b.typ {
			return a.typ < b.typ
		}
		return bytes.Compare(rd(a), rd(b)) < 0
	})
	for i := range z.recs {
		c := &z.recs[i]
		if i > 0 {
			p := &z.recs[i-1]
			if p.typ == c.typ && bytes.Equal(rd(p), rd(c)) {
				continue // duplicate RR
			}
		}
		for _, h := range z.hashes {
			h.Write(z.arena[c.start:c.end])
		}
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
		v.rep.ZONEMD = ZONEMDFailed
	case verified:
		v.rep.ZONEMD = ZONEMDVerified
	case !supported:
		v.rep.ZONEMD = ZONEMDUnsupported
	}
}
