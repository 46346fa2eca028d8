package dnssec

import (
	"bytes"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"sort"
	"strings"

	"github.com/miekg/dns"
)

var zoneB32 = base32.HexEncoding.WithPadding(base32.NoPadding)

// zNSEC3 is the compact form of one NSEC3 record kept for the chain check.
// It keeps only what the checks need, not the parsed record.
type zNSEC3 struct {
	owner  string
	types  []uint16 // type bitmap
	params zoneNSEC3Params
	line   int32
	flags  uint8
	used   bool
	hash   [zoneSHA1Size]byte
	next   [zoneSHA1Size]byte
}

const zoneSHA1Size = 20

// err builds a problem about this NSEC3 record.
func (n *zNSEC3) err(kind error, clause string, cause error) *Error {
	return &Error{Kind: kind, Clause: clause, Name: n.owner, Type: dns.TypeNSEC3, Line: int(n.line), Err: cause}
}

type zNSEC3PARAM struct {
	rr   *dns.NSEC3PARAM
	line int
}

type zoneNSEC3Params struct {
	alg  uint8
	iter uint16
	salt string // upper-case hex
}

func zoneParamsOf(rr *dns.NSEC3) zoneNSEC3Params {
	return zoneNSEC3Params{rr.Hash, rr.Iterations, strings.ToUpper(rr.Salt)}
}

// paramsCache interns parameter sets so every zNSEC3 shares one salt string.
var _ = zoneParamsOf

func (p zoneNSEC3Params) String() string {
	s := p.salt
	if s == "" {
		s = "-"
	}
	return zoneErrorf("%d %d %s", p.alg, p.iter, s).Error()
}

// addNSEC3 records the NSEC3 records of one owner (RFC 5155 §3).
func (v *zoneVerifier) addNSEC3(s *zrrset) {
	for i, rr := range s.rrs {
		n := rr.(*dns.NSEC3)
		v.nsec3Recs++
		line := s.lines[i]
		label, rest, _ := strings.Cut(strings.ToLower(n.Hdr.Name), ".")
		h, err := zoneDecodeHash(label)
		if err != nil || rest == "" || !EqualNames(rest, v.origin) && !(rest == "" && v.origin == ".") {
			v.problem(&Error{Kind: ErrNSEC3Chain, Clause: "RFC 5155 §3", RR: n, Line: line,
				Err: errors.New("owner is not a base32hex hash label directly below the apex")})
			continue
		}
		next, err := zoneDecodeHash(n.NextDomain)
		if err != nil || (n.Hash == dns.SHA1 && (len(next) != zoneSHA1Size || len(h) != zoneSHA1Size)) {
			v.problem(&Error{Kind: ErrNSEC3Chain, Clause: "RFC 5155 §3.3", RR: n, Line: line,
				Err: errors.New("hashed owner or next hashed owner is not a base32hex SHA-1 hash")})
			continue
		}
		if n.Flags&^1 != 0 {
			v.problem(&Error{Kind: ErrNSEC3Chain, Clause: "RFC 5155 §3.1.2", RR: n, Line: line,
				Err: zoneErrorf("undefined flag bits set (flags %d)", n.Flags)})
		}
		p := zoneParamsOf(n)
		if v.lastParams == p {
			p = v.lastParams // share the salt string
		}
		v.lastParams = p
		z := zNSEC3{owner: n.Hdr.Name, types: n.TypeBitMap, params: p, line: int32(line), flags: n.Flags}
		copy(z.hash[:], h)
		copy(z.next[:], next)
		v.nsec3 = append(v.nsec3, z)
	}
}

// zoneDecodeHash decodes a base32hex hash without padding, in either case
// (RFC 5155 §3.3, RFC 4648 §7). The 32 characters of a SHA-1 hash are
// decoded directly; anything else goes through encoding/base32.
func zoneDecodeHash(s string) ([]byte, error) {
	if len(s) != 32 {
		return zoneB32.DecodeString(strings.ToUpper(s))
	}
	out := make([]byte, zoneSHA1Size)
	for q := range 4 { // 8 characters → 5 octets
		var v uint64
		for _, c := range []byte(s[8*q : 8*q+8]) {
			d := zoneB32Value[c]
			if d == 0xff {
				return zoneB32.DecodeString(strings.ToUpper(s)) // its error
			}
			v = v<<5 | uint64(d)
		}
		for i := range 5 {
			out[5*q+i] = byte(v >> (32 - 8*i))
		}
	}
	return out, nil
}

// zoneB32Value maps base32hex characters of either case to their value, and
// every other octet to 0xff.
var zoneB32Value = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i, c := range "0123456789ABCDEFGHIJKLMNOPQRSTUV" {
		t[c] = byte(i)
		if c >= 'A' {
			t[c+'a'-'A'] = byte(i)
		}
	}
	return t
}()

// nsec3Chain checks the NSEC3PARAM record, the RFC 9276 policy and every
// NSEC3 chain: one NSEC3 per authoritative name and empty non-terminal
// (insecure delegations may be left to an opt-out NSEC3), hash order and
// wrap-around, bitmaps and no orphans (RFC 5155 §7.1, §3.1.7, §3.2.1, §6).
func (v *zoneVerifier) nsec3Chain() {
	// Chains by parameter set.
	chains := map[zoneNSEC3Params][]zNSEC3{}
	for _, n := range v.nsec3 {
		chains[n.params] = append(chains[n.params], n)
	}
	v.nsec3 = nil
	var active []zoneNSEC3Params
	seen := map[zoneNSEC3Params]bool{}
	for _, p := range v.params {
		if p.rr.Flags != 0 {
			v.problem(&Error{Kind: ErrNSEC3Param, Clause: "RFC 5155 §4.1.2", RR: p.rr, Line: p.line,
				Err: zoneErrorf("flags %d, must be 0", p.rr.Flags)})
		}
		pp := zoneNSEC3Params{p.rr.Hash, p.rr.Iterations, strings.ToUpper(p.rr.Salt)}
		if seen[pp] {
			continue
		}
		seen[pp] = true
		v.nsec3Policy(pp, p.rr, p.line)
		if _, ok := chains[pp]; !ok {
			v.problem(&Error{Kind: ErrNSEC3Param, Clause: "RFC 5155 §4", RR: p.rr, Line: p.line,
				Err: zoneErrorf("no NSEC3 chain with parameters %s", pp)})
			continue
		}
		active = append(active, pp)
	}
	if len(v.params) == 0 {
		v.problem(&Error{Kind: ErrNSEC3Param, Clause: "RFC 5155 §4", Name: v.origin, Type: dns.TypeNSEC3PARAM,
			Err: errors.New("NSEC3 records but no NSEC3PARAM at the apex")})
	}
	// Chains not announced by an NSEC3PARAM: report, and check them anyway
	// when there is no announced chain at all.
	var extra []zoneNSEC3Params
	for p := range chains {
		if !seen[p] {
			extra = append(extra, p)
		}
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].String() < extra[j].String() })
	for _, p := range extra {
		first := chains[p][0]
		if len(v.params) > 0 {
			v.problem(first.err(ErrNSEC3Param, "RFC 5155 §4",
				zoneErrorf("%d NSEC3 records with parameters %s not announced by NSEC3PARAM", len(chains[p]), p)))
		}
		if len(active) == 0 {
			active = append(active, p)
			v.nsec3Policy(p, &dns.NSEC3{Hdr: dns.RR_Header{Name: first.owner, Rrtype: dns.TypeNSEC3, Class: dns.ClassINET},
				Hash: p.alg, Iterations: p.iter, Salt: p.salt}, int(first.line))
		}
	}
	optout := false
	for _, p := range active {
		if v.checkNSEC3Chain(p, chains[p]) {
			optout = true
		}
	}
	if optout {
		v.rep.Denial = v.rep.Denial.withOptOut()
	}
}

// nsec3Policy applies RFC 9276 §3.1 and the hash work limit.
func (v *zoneVerifier) nsec3Policy(p zoneNSEC3Params, rr dns.RR, line int) {
	if p.alg != dns.SHA1 {
		v.problem(&Error{Kind: ErrNSEC3Param, Clause: "RFC 5155 §11", RR: rr, Line: line,
			Err: zoneErrorf("unknown NSEC3 hash algorithm %d", p.alg)})
	}
	if p.iter > 0 && !v.opts.AllowNSEC3Iterations {
		v.problem(&Error{Kind: ErrNSEC3Policy, Clause: "RFC 9276 §3.1", RR: rr, Line: line,
			Err: zoneErrorf("%d additional iterations, must be 0", p.iter)})
	}
	if p.salt != "" && !v.opts.AllowNSEC3Salt {
		v.problem(&Error{Kind: ErrNSEC3Policy, Clause: "RFC 9276 §3.1", RR: rr, Line: line,
			Err: errors.New("salt must be empty")})
	}
	if p.iter > MaxZoneNSEC3Iterations {
		v.problem(&Error{Kind: ErrLimitExceeded, Clause: "RFC 9276 §3.2, limits.go MaxZoneNSEC3Iterations", RR: rr, Line: line,
			Err: zoneErrorf("%d iterations above %d: chain not hashed", p.iter, MaxZoneNSEC3Iterations)})
	}
}

// checkNSEC3Chain checks one chain and reports whether it uses opt-out.
func (v *zoneVerifier) checkNSEC3Chain(p zoneNSEC3Params, chain []zNSEC3) (optout bool) {
	if p.alg != dns.SHA1 || p.iter > MaxZoneNSEC3Iterations {
		return false
	}
	salt, err := hex.DecodeString(p.salt)
	if err != nil {
		return false
	}
	sort.Slice(chain, func(i, j int) bool { return bytes.Compare(chain[i].hash[:], chain[j].hash[:]) < 0 })
	for i := range chain {
		if chain[i].flags&1 != 0 {
			optout = true
		}
		if i > 0 && chain[i].hash == chain[i-1].hash {
			v.problem(chain[i].err(ErrNSEC3Chain, "RFC 5155 §7.1", errors.New("more than one NSEC3 record with this hashed owner")))
		}
	}
	// Which empty non-terminals exist only because of insecure delegations
	// (those may be left out with opt-out, RFC 5155 §7.1)? An ENT is needed
	// when a name below it is not an insecure delegation.
	// Keyed by canonical wire name (names.go); the buffers are reused.
	needed := map[string]bool{}
	origin := []byte(canonicalKey(v.origin))
	var nb []byte
	var lb []int
	for i := range v.names {
		n := &v.names[i]
		if n.flags&zENT != 0 || (n.flags&zDeleg != 0 && n.flags&zSecure == 0) {
			continue
		}
		w, err := appendCanonicalName(nb[:0], n.name)
		if err != nil {
			continue
		}
		nb, lb = w, wireLabels(lb[:0], w)
		if len(lb) < 2 {
			continue // the root or a top-level name: no ancestor below the root
		}
		for _, off := range lb[1:] { // proper ancestors, nearest first
			a := w[off:]
			if !atOrBelowWire(a, origin) || needed[string(a)] {
				break // above the zone, or already marked with its ancestors
			}
			needed[string(a)] = true
		}
	}
	find := func(h []byte) int {
		i := sort.Search(len(chain), func(i int) bool { return bytes.Compare(chain[i].hash[:], h) >= 0 })
		if i < len(chain) && bytes.Equal(chain[i].hash[:], h) {
			return i
		}
		return -1
	}
	cover := func(h []byte) int { // index of the NSEC3 whose interval covers h
		i := sort.Search(len(chain), func(i int) bool { return bytes.Compare(chain[i].hash[:], h) >= 0 })
		return (i - 1 + len(chain)) % len(chain)
	}
	for i := range v.names {
		n := &v.names[i]
		h, err := NSEC3Hash(n.name, p.alg, p.iter, salt)
		if err != nil {
			v.problem(&Error{Kind: ErrNSEC3Chain, Clause: "RFC 5155 §5", Name: n.name, Line: n.line, Err: err})
			continue
		}
		insecure := (n.flags&zDeleg != 0 && n.flags&zSecure == 0) || (n.flags&zENT != 0 && !needed[canonicalKey(n.name)])
		j := -1
		if len(chain) > 0 {
			j = find(h)
		}
		if j < 0 {
			if insecure && len(chain) > 0 {
				c := &chain[cover(h)]
				if c.flags&1 != 0 {
					continue
				}
				v.problem(&Error{Kind: ErrNSEC3Chain, Clause: "RFC 5155 §6, §7.1", Name: n.name, Type: dns.TypeNSEC3, Line: n.line,
					Err: zoneErrorf("insecure delegation has no NSEC3 and the covering NSEC3 %s (line %d) has no opt-out flag", c.owner, c.line)})
				continue
			}
			v.problem(&Error{Kind: ErrNSEC3Chain, Clause: "RFC 5155 §7.1", Name: n.name, Type: dns.TypeNSEC3, Line: n.line,
				Err: zoneErrorf("no NSEC3 record for this name (hash %s)", strings.ToLower(zoneB32.EncodeToString(h)))})
			continue
		}
		c := &chain[j]
		c.used = true
		if d := zoneBitmapDiff(n.types, c.types); d != "" {
			v.problem(c.err(ErrTypeBitmap, "RFC 5155 §3.2.1", zoneErrorf("for %s: %s", n.name, d)))
		}
	}
	for i := range chain {
		c := &chain[i]
		if !c.used {
			v.problem(c.err(ErrNSEC3Chain, "RFC 5155 §7.1", errors.New("orphan: matches no authoritative name or empty non-terminal")))
		}
		want := chain[(i+1)%len(chain)].hash
		if c.next != want {
			v.problem(c.err(ErrNSEC3Chain, "RFC 5155 §3.1.7", zoneErrorf("next hashed owner %s, want %s",
				strings.ToLower(zoneB32.EncodeToString(c.next[:])), strings.ToLower(zoneB32.EncodeToString(want[:])))))
		}
	}
	return optout
}
