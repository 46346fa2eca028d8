package dnssec

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sync"

	"github.com/miekg/dns"
)

// canonBuf holds the scratch space for building the data an RRSIG signs.
// Buffers are pooled so that a verification allocates almost nothing.
type canonBuf struct {
	out   []byte // the signed data
	rd    []byte // canonical RDATA of every RR, back to back
	spans []span
	pack  []byte // wire form of one RR
	sig   []byte // decoded signature
}

type span struct{ start, end int }

var canonPool = sync.Pool{New: func() any {
	return &canonBuf{pack: make([]byte, dns.MaxMsgSize+maxNameWire+16)}
}}

// appendRRSIGPrefix appends the RRSIG RDATA without its signature field,
// with the signer name canonical (RFC 4034 §3.1.8.1, RFC 6840 §5.1: names
// in RRSIG RDATA are lower-cased).
func appendRRSIGPrefix(dst []byte, sig *dns.RRSIG, signer []byte) []byte {
	dst = binary.BigEndian.AppendUint16(dst, sig.TypeCovered)
	dst = append(dst, sig.Algorithm, sig.Labels)
	dst = binary.BigEndian.AppendUint32(dst, sig.OrigTtl)
	dst = binary.BigEndian.AppendUint32(dst, sig.Expiration)
	dst = binary.BigEndian.AppendUint32(dst, sig.Inception)
	dst = binary.BigEndian.AppendUint16(dst, sig.KeyTag)
	return append(dst, signer...)
}

// signedData builds the octets an RRSIG signs (RFC 4034 §3.1.8.1): the
// RRSIG RDATA prefix followed by the RRset in canonical form (§6.2) and
// canonical order (§6.3), duplicates removed, every owner replaced by
// owner (already canonical, and already the wildcard owner when §5.3.2 of
// RFC 4035 applies), every TTL by the RRSIG's Original TTL.
func (c *canonBuf) signedData(rrset []dns.RR, sig *dns.RRSIG, signer, owner []byte) ([]byte, error) {
	c.out = appendRRSIGPrefix(c.out[:0], sig, signer)
	c.rd = c.rd[:0]
	c.spans = c.spans[:0]
	for _, rr := range rrset {
		w, rdata, err := packCanonical(rr, c.pack)
		if err != nil {
			return nil, err
		}
		start := len(c.rd)
		c.rd = append(c.rd, w[rdata:]...)
		c.spans = append(c.spans, span{start, len(c.rd)})
	}
	if len(c.spans) > 1 {
		slices.SortFunc(c.spans, func(a, b span) int {
			return bytes.Compare(c.rd[a.start:a.end], c.rd[b.start:b.end])
		})
	}
	h := rrset[0].Header()
	var prev []byte
	for i, s := range c.spans {
		rd := c.rd[s.start:s.end]
		if i > 0 && bytes.Equal(rd, prev) {
			continue // RFC 4034 §6.3: duplicate RRs are removed
		}
		prev = rd
		c.out = append(c.out, owner...)
		c.out = binary.BigEndian.AppendUint16(c.out, h.Rrtype)
		c.out = binary.BigEndian.AppendUint16(c.out, h.Class)
		c.out = binary.BigEndian.AppendUint32(c.out, sig.OrigTtl)
		c.out = binary.BigEndian.AppendUint16(c.out, uint16(len(rd)))
		c.out = append(c.out, rd...)
	}
	return c.out, nil
}

// packCanonical packs rr into buf in its canonical wire form (RFC 4034
// §6.2): no name compression, the owner name and the domain names inside
// the RDATA of the types lowerRdataNames lists in lower case, on the wire
// octets (so \DDD-escaped capitals are lowered too), and an NSEC or NSEC3
// type bitmap sorted. It returns the record (a prefix of buf) and the
// offset of its RDATA. This is the one canonical form of the package: the
// data an RRSIG signs (signedData), the ZONEMD digest (zone_zonemd.go) and
// through appendCanonicalName the name order of NSEC and NSEC3 checks use
// it. buf must hold dns.MaxMsgSize octets.
func packCanonical(rr dns.RR, buf []byte) (wire []byte, rdata int, err error) {
	n, err := dns.PackRR(withSortedBitmap(rr), buf, 0, nil, false)
	if err != nil {
		return nil, 0, err
	}
	w := buf[:n]
	ol := lowerWireName(w)
	if ol < 0 || ol+10 > n {
		return nil, 0, dns.ErrRdata
	}
	lowerRdataNames(binary.BigEndian.Uint16(w[ol:]), w[ol+10:])
	return w, ol + 10, nil
}

// withSortedBitmap returns rr, or a copy of an NSEC or NSEC3 RR whose type
// list is sorted. The presentation format may list the types in any order
// (RFC 4034 §4.2, RFC 5155 §3.3; RFC 5155 Appendix A writes "MX DNSKEY NS
// SOA NSEC3PARAM RRSIG"), the wire bitmap is a set (RFC 4034 §4.1.2), and
// miekg/dns packs only a sorted list. Every place that packs a record
// (signed data, ZONEMD digest, chain wire form) goes through it.
func withSortedBitmap(rr dns.RR) dns.RR {
	switch x := rr.(type) {
	case *dns.NSEC:
		if !slices.IsSorted(x.TypeBitMap) {
			c := *x
			c.TypeBitMap = slices.Sorted(slices.Values(x.TypeBitMap))
			return &c
		}
	case *dns.NSEC3:
		if !slices.IsSorted(x.TypeBitMap) {
			c := *x
			c.TypeBitMap = slices.Sorted(slices.Values(x.TypeBitMap))
			return &c
		}
	}
	return rr
}

// lowerAt lower-cases the wire name at rd[off:] and returns the offset
// after it (len(rd) if it is truncated).
func lowerAt(rd []byte, off int) int {
	if off >= len(rd) {
		return len(rd)
	}
	n := lowerWireName(rd[off:])
	if n < 0 {
		return len(rd)
	}
	return off + n
}

// lowerRdataNames lower-cases the domain names embedded in the RDATA of
// the types listed in RFC 4034 §6.2 item 3, minus NSEC (RFC 6840 §5.1:
// names in NSEC RDATA keep their case; names in RRSIG RDATA are lowered).
// HINFO is in the list but carries no domain name.
func lowerRdataNames(t uint16, rd []byte) {
	switch t {
	case dns.TypeNS, dns.TypeMD, dns.TypeMF, dns.TypeCNAME, dns.TypeMB, dns.TypeMG,
		dns.TypeMR, dns.TypePTR, dns.TypeDNAME, dns.TypeNXT:
		lowerAt(rd, 0)
	case dns.TypeSOA, dns.TypeMINFO, dns.TypeRP:
		lowerAt(rd, lowerAt(rd, 0))
	case dns.TypeMX, dns.TypeAFSDB, dns.TypeRT, dns.TypeKX:
		lowerAt(rd, 2)
	case dns.TypePX:
		lowerAt(rd, lowerAt(rd, 2))
	case dns.TypeSRV:
		lowerAt(rd, 6)
	case dns.TypeNAPTR:
		off := 4 // order, preference, then flags, services, regexp
		for range 3 {
			if off >= len(rd) {
				return
			}
			off += 1 + int(rd[off])
		}
		lowerAt(rd, off)
	case dns.TypeSIG, dns.TypeRRSIG:
		lowerAt(rd, 18)
	case typeA6:
		if len(rd) == 0 {
			return
		}
		if pl := int(rd[0]); pl > 0 && pl <= 128 {
			lowerAt(rd, 1+(128-pl+7)/8)
		}
	}
}

// typeA6 is the obsolete A6 RR type (RFC 2874 §3.1, RFC 6563), still in
// the RFC 4034 §6.2 list.
const typeA6 = 38
