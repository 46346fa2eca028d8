package dnssec

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/miekg/dns"
)

// Chain is a set of RRs (with their RRSIGs) that should prove an answer:
// the answer RRsets, CNAMEs, DNSKEY and DS RRsets of every zone cut, and
// NSEC/NSEC3 denial records. It is the input of offline validation, as in
// the DNSSEC chain of RFC 9102 §3.
type Chain struct {
	RRs []dns.RR
}

// ErrChainFormat reports a malformed RFC 9102 chain.
var ErrChainFormat = newKind("malformed DNSSEC chain", ErrMalformed)

// ParseChainExtension parses the extension_data of the RFC 9102 §2
// dnssec_chain TLS extension: a 16-bit ExtSupportLifetime (hours) followed
// by the AuthenticationChain, a 16-bit length and a sequence of
// uncompressed wire-format RRs.
func ParseChainExtension(b []byte) (c *Chain, lifetime uint16, err error) {
	if len(b) < 4 {
		return nil, 0, &Error{Kind: ErrChainFormat, Clause: "RFC 9102 §2", Err: errors.New("shorter than its two length fields")}
	}
	lifetime = binary.BigEndian.Uint16(b)
	n := int(binary.BigEndian.Uint16(b[2:]))
	if n == 0 || 4+n != len(b) {
		return nil, 0, &Error{Kind: ErrChainFormat, Clause: "RFC 9102 §2", Err: fmt.Errorf("AuthenticationChain length %d, %d octets follow", n, len(b)-4)}
	}
	c, err = ParseChainWire(b[4:])
	return c, lifetime, err
}

// ParseChainWire parses a sequence of uncompressed wire-format RRs (RFC
// 9102 §3, the AuthenticationChain contents).
func ParseChainWire(b []byte) (*Chain, error) {
	if len(b) > MaxChainBytes {
		return nil, &Error{Kind: ErrLimitExceeded, Clause: "RFC 9102 §3", Err: fmt.Errorf("%d octets, limit %d (MaxChainBytes)", len(b), MaxChainBytes)}
	}
	c := &Chain{}
	for off := 0; off < len(b); {
		if len(c.RRs) >= MaxChainRRs {
			return nil, &Error{Kind: ErrLimitExceeded, Clause: "RFC 9102 §3", Err: fmt.Errorf("more than %d RRs (MaxChainRRs)", MaxChainRRs)}
		}
		rr, next, err := dns.UnpackRR(b, off)
		if err != nil || rr == nil || next <= off {
			if err == nil {
				err = errors.New("empty RR")
			}
			return nil, &Error{Kind: ErrChainFormat, Clause: "RFC 9102 §3", Err: fmt.Errorf("RR %d at offset %d: %v", len(c.RRs)+1, off, err)}
		}
		if !compressionFree(b[off:next]) {
			return nil, &Error{Kind: ErrChainFormat, Clause: "RFC 9102 §3", RR: rr, Err: errors.New("compressed names are not allowed")}
		}
		c.RRs = append(c.RRs, rr)
		off = next
	}
	if len(c.RRs) == 0 {
		return nil, &Error{Kind: ErrChainFormat, Clause: "RFC 9102 §3", Err: errors.New("no RRs")}
	}
	return c, nil
}

// compressionFree reports whether the owner name of the wire RR uses no
// compression pointer (RFC 9102 §3: RRs are uncompressed).
func compressionFree(b []byte) bool {
	for i := 0; i < len(b); {
		l := b[i]
		if l == 0 {
			return true
		}
		if l&0xC0 != 0 {
			return false
		}
		i += int(l) + 1
	}
	return false
}

// appendWire appends the chain as uncompressed wire-format RRs.
func (c *Chain) appendWire(dst []byte) ([]byte, error) {
	buf := make([]byte, dns.MaxMsgSize)
	for _, rr := range c.RRs {
		n, err := dns.PackRR(withSortedBitmap(rr), buf, 0, nil, false)
		if err != nil {
			return dst, err
		}
		dst = append(dst, buf[:n]...)
	}
	return dst, nil
}

// ReadChain reads a chain in zone-file presentation format (one RR per
// entry, comments allowed), at most MaxChainRRs RRs and MaxChainBytes
// octets.
func ReadChain(r io.Reader) (*Chain, error) {
	lr := &io.LimitedReader{R: r, N: MaxChainBytes + 1}
	zp := dns.NewZoneParser(lr, ".", "chain")
	c := &Chain{}
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if len(c.RRs) >= MaxChainRRs {
			return nil, &Error{Kind: ErrLimitExceeded, Clause: "RFC 9102 §3", Err: fmt.Errorf("more than %d RRs (MaxChainRRs)", MaxChainRRs)}
		}
		c.RRs = append(c.RRs, rr)
	}
	if lr.N <= 0 {
		return nil, &Error{Kind: ErrLimitExceeded, Clause: "RFC 9102 §3", Err: fmt.Errorf("input over %d octets (MaxChainBytes)", MaxChainBytes)}
	}
	if err := zp.Err(); err != nil {
		return nil, &Error{Kind: ErrChainFormat, Clause: "RFC 1035 §5.1", Err: err} // err carries the line
	}
	if len(c.RRs) == 0 {
		return nil, &Error{Kind: ErrChainFormat, Clause: "RFC 9102 §3", Err: errors.New("no RRs")}
	}
	return c, nil
}

// ValidateChain validates name/qtype offline, using only the RRs of c.
// The chain stands in for the DNS: a lookup returns the matching RRset
// (or CNAME) with its RRSIGs and every NSEC and NSEC3 of the chain (the
// proof a wildcard answer needs), or else every NSEC, NSEC3 and SOA of the
// chain as the authority section.
func (v *Validator) ValidateChain(c *Chain, name string, qtype uint16) *Result {
	return v.run(context.Background(), &chainExchanger{c}, false, name, qtype)
}

type chainExchanger struct{ c *Chain }

func (x *chainExchanger) Exchange(_ context.Context, q *dns.Msg) (*dns.Msg, error) {
	if len(q.Question) != 1 {
		return nil, errors.New("one question expected")
	}
	name, qtype := q.Question[0].Name, q.Question[0].Qtype
	m := new(dns.Msg)
	m.SetReply(q)
	m.Authoritative = true
	add := func(t uint16) bool {
		set := rrsetOf(x.c.RRs, name, t)
		if len(set) == 0 {
			return false
		}
		m.Answer = append(m.Answer, set...)
		for _, s := range sigsOf(x.c.RRs, name, t) {
			m.Answer = append(m.Answer, s)
		}
		return true
	}
	// A positive answer carries the NSEC/NSEC3 RRs too: a wildcard
	// expansion is proven by them (RFC 4035 §3.1.3.3, RFC 5155 §7.2.6).
	positive := false
	if qtype == dns.TypeANY {
		// RFC 1035 §3.2.3: every RRset of the name (RFC 4035 §3.1.1: with
		// its RRSIGs).
		for _, set := range anyRRsets(x.c.RRs, name) {
			positive = add(set[0].Header().Rrtype) || positive
		}
	} else {
		positive = add(qtype) || (qtype != dns.TypeCNAME && add(dns.TypeCNAME))
	}
	if d := dnameFor(x.c.RRs, name); d != nil && !positive {
		// A DNAME above the name redirects it (RFC 6672 §2.3); the
		// validator recomputes the CNAME it synthesises.
		m.Answer = append(m.Answer, rrsetOf(x.c.RRs, d.Hdr.Name, dns.TypeDNAME)...)
		for _, s := range sigsOf(x.c.RRs, d.Hdr.Name, dns.TypeDNAME) {
			m.Answer = append(m.Answer, s)
		}
		positive = true
	}
	isDenial := func(t uint16) bool {
		return t == dns.TypeNSEC || t == dns.TypeNSEC3 || (!positive && t == dns.TypeSOA)
	}
	for _, rr := range x.c.RRs {
		t := rr.Header().Rrtype
		if s, ok := rr.(*dns.RRSIG); ok {
			t = s.TypeCovered
		}
		if isDenial(t) {
			m.Ns = append(m.Ns, rr)
		}
	}
	return m, nil
}
