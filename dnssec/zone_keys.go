package dnssec

import (
	"encoding/base64"
	"errors"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/miekg/dns"
)

// zkey is a zone key of the apex DNSKEY RRset, parsed once.
type zkey struct {
	rr       *dns.DNSKEY
	key      *Key // nil if the key cannot be used
	tag      uint16
	bits     int
	line     int
	anchored bool
	signs    zoneCounter
	// signsKeys is set by a worker when this key validly signs the apex
	// DNSKEY RRset; read after the workers stop.
	signsKeys atomic.Bool
}

// apex handles the apex group before it is indexed: SOA, the DNSKEY
// RRset and its trust, key policy, NSEC3PARAM and ZONEMD.
func (v *zoneVerifier) apex(g *zgroup) {
	sets, _ := zoneSplit(g)
	var soa, dnskeys, zonemds *zrrset
	for _, s := range sets {
		switch s.typ {
		case dns.TypeSOA:
			soa = s
		case dns.TypeDNSKEY:
			dnskeys = s
		case dns.TypeNSEC3PARAM:
			for i, rr := range s.rrs {
				p := rr.(*dns.NSEC3PARAM)
				v.params = append(v.params, zNSEC3PARAM{rr: p, line: s.lines[i]})
			}
		case dns.TypeZONEMD:
			zonemds = s
		}
	}
	if soa == nil {
		v.problem(&Error{Kind: ErrZoneContent, Clause: "RFC 1035 §5.2", Name: g.key, Type: dns.TypeSOA, Line: g.recs[0].line,
			Err: errors.New("no SOA record at the zone apex")})
	} else {
		v.rep.Serial = soa.rrs[0].(*dns.SOA).Serial
		if len(soa.rrs) > 1 {
			v.problem(&Error{Kind: ErrZoneContent, Clause: "RFC 1035 §5.2", RR: soa.rrs[1], Line: soa.line,
				Err: errors.New("more than one SOA record")})
		}
	}
	if zonemds != nil {
		v.zonemd = newZonemdState(zonemds)
	}
	if dnskeys == nil {
		v.problem(&Error{Kind: ErrUnsignedRRset, Clause: "RFC 4035 §2.1", Name: g.key, Type: dns.TypeDNSKEY, Line: g.recs[0].line,
			Err: errors.New("no DNSKEY RRset at the zone apex: the zone is not signed")})
		return
	}
	v.signed = true
	lines := dnskeys.lines
	algs := map[uint8]bool{}
	for i, rr := range dnskeys.rrs {
		k := rr.(*dns.DNSKEY)
		zk := &zkey{rr: k, tag: k.KeyTag(), line: lines[i]}
		zk.bits = zoneKeyBits(k)
		if k.Flags&dns.ZONE == 0 {
			// Not a zone key: cannot sign zone data (RFC 4034 §2.1.1).
			continue
		}
		if k.Protocol != 3 {
			v.problem(&Error{Kind: ErrKeyPolicy, Clause: "RFC 4034 §2.1.2", RR: k, Line: zk.line,
				Err: zoneErrorf("protocol %d, must be 3", k.Protocol)})
			continue
		}
		v.keyPolicy(zk)
		key, err := newKey(k, v.opts.AllowDeprecatedAlgorithms)
		if err != nil {
			v.problem(&Error{Kind: ErrKeyPolicy, Clause: "RFC 8624 §3.1", RR: k, Line: zk.line, Err: err})
		} else {
			zk.key = key
			algs[k.Algorithm] = true
		}
		v.keys = append(v.keys, zk)
		v.keysByTag[zk.tag] = append(v.keysByTag[zk.tag], zk)
	}
	for a := range algs {
		v.algs = append(v.algs, a)
	}
	sort.Slice(v.algs, func(i, j int) bool { return v.algs[i] < v.algs[j] })
	if len(v.opts.Anchors) > 0 {
		v.checkAnchors(dnskeys)
	}
}

// keyPolicy applies RFC 8624 §3.1 (signing column) and the RSA size floor.
func (v *zoneVerifier) keyPolicy(k *zkey) {
	alg := k.rr.Algorithm
	switch alg {
	case dns.RSAMD5, dns.DSA, dns.DSANSEC3SHA1, dns.ECCGOST:
		if !v.opts.AllowDeprecatedAlgorithms {
			v.problem(&Error{Kind: ErrKeyPolicy, Clause: "RFC 8624 §3.1", RR: k.rr, Line: k.line,
				Err: zoneErrorf("algorithm %d (%s) MUST NOT be used for signing", alg, dns.AlgorithmToString[alg])})
		}
	case dns.RSASHA1, dns.RSASHA1NSEC3SHA1, dns.RSASHA512:
		if !v.opts.AllowDeprecatedAlgorithms {
			v.problem(&Error{Kind: ErrKeyPolicy, Clause: "RFC 8624 §3.1", RR: k.rr, Line: k.line,
				Err: zoneErrorf("algorithm %d (%s) is NOT RECOMMENDED for signing", alg, dns.AlgorithmToString[alg])})
		}
	case dns.RSASHA256, dns.ECDSAP256SHA256, dns.ECDSAP384SHA384, dns.ED25519, dns.ED448:
	default:
		v.problem(&Error{Kind: ErrKeyPolicy, Clause: "RFC 8624 §3.1", RR: k.rr, Line: k.line,
			Err: zoneErrorf("unknown or unassigned algorithm %d", alg)})
	}
	switch alg {
	case dns.RSASHA1, dns.RSASHA1NSEC3SHA1, dns.RSASHA256, dns.RSASHA512, dns.RSAMD5:
		if k.bits < v.opts.minRSABits() {
			v.problem(&Error{Kind: ErrKeyPolicy, Clause: "RFC 8624 §3.1, NIST SP 800-57 Part 1 Rev. 5 §5.6.1.1", RR: k.rr, Line: k.line,
				Err: zoneErrorf("RSA modulus of %d bits, below %d", k.bits, v.opts.minRSABits())})
		}
	}
}

// zoneKeyBits returns the size of a DNSKEY's public key in bits: the RSA
// modulus (RFC 3110 §2) or the curve size.
func zoneKeyBits(k *dns.DNSKEY) int {
	switch k.Algorithm {
	case dns.ECDSAP256SHA256, dns.ED25519:
		return 256
	case dns.ECDSAP384SHA384:
		return 384
	case dns.ED448:
		return 456
	case dns.RSASHA1, dns.RSASHA1NSEC3SHA1, dns.RSASHA256, dns.RSASHA512, dns.RSAMD5:
		b, err := base64.StdEncoding.DecodeString(k.PublicKey)
		if err != nil || len(b) < 3 {
			return 0
		}
		n := int(b[0])
		off := 1
		if n == 0 {
			n = int(b[1])<<8 | int(b[2])
			off = 3
		}
		mod := b[min(off+n, len(b)):]
		for len(mod) > 0 && mod[0] == 0 {
			mod = mod[1:]
		}
		if len(mod) == 0 {
			return 0
		}
		bits := 8 * len(mod)
		for c := mod[0]; c&0x80 == 0; c <<= 1 {
			bits--
		}
		return bits
	}
	return 0
}

// checkAnchors requires the DNSKEY RRset to be validly signed by a key that
// matches a configured DS or DNSKEY anchor (RFC 4035 §5.2), and a DNSKEY
// for every anchor algorithm (RFC 6840 §5.11).
func (v *zoneVerifier) checkAnchors(dnskeys *zrrset) {
	matched := false
	anchorAlgs := map[uint8]bool{}
	for _, a := range v.opts.Anchors {
		if !EqualNames(a.Header().Name, v.origin) {
			continue
		}
		var alg uint8
		switch a := a.(type) {
		case *dns.DS:
			alg = a.Algorithm
		case *dns.DNSKEY:
			alg = a.Algorithm
		default:
			continue
		}
		anchorAlgs[alg] = true
		for _, k := range v.keys {
			if k.key == nil || !zoneAnchorMatches(a, k.rr) {
				continue
			}
			// The key must sign the DNSKEY RRset.
			for _, sig := range dnskeys.sigs {
				if sig.KeyTag != k.tag || sig.Algorithm != k.rr.Algorithm {
					continue
				}
				if VerifyRRSIG(dnskeys.rrs, sig, k.key, v.now) == nil {
					k.anchored = true
					matched = true
					break
				}
			}
		}
	}
	if len(anchorAlgs) == 0 {
		v.problem(&Error{Kind: ErrUntrustedKeys, Clause: "RFC 4035 §5.2", Name: v.origin, Type: dns.TypeDNSKEY, Line: dnskeys.line,
			Err: errors.New("no DS or DNSKEY anchor for this zone's apex")})
		return
	}
	if !matched {
		v.problem(&Error{Kind: ErrUntrustedKeys, Clause: "RFC 4035 §5.2", Name: v.origin, Type: dns.TypeDNSKEY, Line: dnskeys.line,
			Err: errors.New("no key matching an anchor validly signs the DNSKEY RRset")})
	}
	for a := range anchorAlgs {
		found := false
		for _, k := range v.keys {
			if k.rr.Algorithm == a {
				found = true
			}
		}
		if !found {
			v.problem(&Error{Kind: ErrUntrustedKeys, Clause: "RFC 6840 §5.11", Name: v.origin, Type: dns.TypeDNSKEY, Line: dnskeys.line,
				Err: zoneErrorf("anchor algorithm %d has no DNSKEY at the apex", a)})
		}
	}
}

// zoneAnchorMatches reports whether DS or DNSKEY anchor a designates key k
// (RFC 4034 §5.1.4 digest, or the same public key).
func zoneAnchorMatches(a dns.RR, k *dns.DNSKEY) bool {
	switch a := a.(type) {
	case *dns.DS:
		if a.KeyTag != k.KeyTag() || a.Algorithm != k.Algorithm {
			return false
		}
		ds := k.ToDS(a.DigestType)
		return ds != nil && strings.EqualFold(ds.Digest, a.Digest)
	case *dns.DNSKEY:
		return a.Algorithm == k.Algorithm && a.Protocol == k.Protocol && a.PublicKey == k.PublicKey
	}
	return false
}

// sepChecks applies the secure-entry-point rule once every signature has
// been checked. A key with the SEP flag is the one a parent DS is made from
// (RFC 3757 §3–4), and a DS authenticates the zone only through a key that
// signs the DNSKEY RRset (RFC 4035 §5.2). So, when the apex has usable
// non-revoked keys with the SEP flag, every algorithm of the zone keys
// needs a valid DNSKEY RRset signature by a non-revoked SEP key of that
// algorithm (dnssec-verify without -z: "No self-signed KSK DNSKEY found",
// "Missing self-signed KSK for algorithm"). A revoked key is not counted
// (RFC 5011 §2.1). With Anchors, checkAnchors decides instead; with
// AllowDNSKEYNotSignedBySEPKey the rule is off (dnssec-verify -z).
func (v *zoneVerifier) sepChecks() {
	if !v.signed || len(v.opts.Anchors) > 0 || v.opts.AllowDNSKEYNotSignedBySEPKey {
		return
	}
	if v.sepUndecided.Load() {
		return // a limit was reached on the DNSKEY RRset and is reported: no verdict
	}
	type algState struct {
		line          int  // first usable key of the algorithm
		sep, signedBy bool // has a SEP key; a SEP key signs the DNSKEY RRset
	}
	algs := map[uint8]*algState{}
	var order []uint8
	anySEP := false
	for _, k := range v.keys {
		if k.key == nil || k.rr.Flags&flagRevoke != 0 {
			continue
		}
		a := algs[k.rr.Algorithm]
		if a == nil {
			a = &algState{line: k.line}
			algs[k.rr.Algorithm] = a
			order = append(order, k.rr.Algorithm)
		}
		if k.rr.Flags&flagSEP != 0 {
			anySEP, a.sep = true, true
			if k.signsKeys.Load() {
				a.signedBy = true
			}
		}
	}
	if !anySEP {
		return // no SEP key at all: nothing to hold the zone to (doc.go, Decisions)
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	for _, alg := range order {
		a := algs[alg]
		if a.signedBy {
			continue
		}
		what := "no key with the SEP flag validly signs the DNSKEY RRset"
		if !a.sep {
			what = "no key with the SEP flag, while other algorithms have one"
		}
		v.problem(&Error{Kind: ErrNoSEPSignature, Clause: "RFC 3757 §3–4, RFC 4035 §5.2", Name: v.origin, Type: dns.TypeDNSKEY, Line: a.line,
			Err: zoneErrorf("algorithm %d (%s): %s; a parent DS made from a SEP key would not authenticate the zone (AllowDNSKEYNotSignedBySEPKey, like dnssec-verify -z, ignores the flag)",
				alg, dns.AlgorithmToString[alg], what)})
	}
}
