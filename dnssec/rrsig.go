package dnssec

import (
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/miekg/dns"
)

// RRSIG verification errors. Each is also ErrBogus.
var (
	ErrRRset              = newKind("RRSIG does not cover this RRset", ErrBogus)
	ErrSignerName         = newKind("signer name is not the zone apex at or above the owner", ErrBogus)
	ErrLabels             = newKind("labels field exceeds the owner name's labels", ErrBogus)
	ErrKeyTag             = newKind("key does not match the RRSIG's signer, algorithm or key tag", ErrBogus)
	ErrProtocol           = newKind("DNSKEY protocol is not 3", ErrBogus)
	ErrNotZoneKey         = newKind("DNSKEY has no Zone Key flag", ErrBogus)
	ErrRevoked            = newKind("DNSKEY is revoked", ErrBogus)
	ErrExpired            = newKind("signature expired", ErrBogus)
	ErrNotYetValid        = newKind("signature not yet valid", ErrBogus)
	ErrExpiredBeforeValid = newKind("signature expires before its inception", ErrBogus)
	ErrBadSignature       = newKind("signature does not verify", ErrBogus)
)

// DNSKEY flag bits (RFC 4034 §2.1.1, RFC 5011 §7).
const (
	flagZone   = 0x0100
	flagRevoke = 0x0080
	flagSEP    = 0x0001
)

// serialLess reports a < b in RFC 1982 serial number arithmetic, as RFC
// 4034 §3.1.5 requires for the inception and expiration fields.
func serialLess(a, b uint32) bool { return a != b && int32(b-a) > 0 }

// VerifyRRSIG does every check of RFC 4035 §5.3 on one signature with one
// key, then the cryptographic verification:
//
//   - rrset is one RRset (same owner, class and type, compared
//     case-insensitively, in any order), and sig has its owner and class
//     and covers its type (§5.3.1);
//   - the signer name is the owner or an ancestor of it on a label
//     boundary (§5.3.1);
//   - the labels field is at most the owner's label count (§5.3.1), and a
//     smaller value reconstructs the wildcard owner (§5.3.2);
//   - the key's owner, algorithm and tag match the RRSIG (§5.3.1), its
//     protocol is 3 (RFC 4034 §2.1.2), its Zone Key flag is set (RFC 4034
//     §2.1.1) and it is not revoked unless it signs its own DNSKEY RRset
//     (RFC 5011 §3);
//   - now is within [inception, expiration] by RFC 1982 serial arithmetic
//     (RFC 4034 §3.1.5);
//   - the signature verifies over the canonical form and order of the
//     RRset with the Original TTL (RFC 4034 §3.1.8.1, §6).
//
// It returns nil or an *Error whose Kind is one of the ErrXxx sentinels
// (all of them also match ErrBogus). Algorithm policy is the Key's: see
// NewKey and NewKeyAllowDeprecated.
func VerifyRRSIG(rrset []dns.RR, sig *dns.RRSIG, key *Key, now time.Time) error {
	c := canonPool.Get().(*canonBuf)
	defer canonPool.Put(c)
	data, raw, err := c.check(rrset, sig, key, now)
	if err != nil {
		return err
	}
	if !key.verify(data, raw) {
		return &Error{Kind: ErrBadSignature, Clause: "RFC 4034 §3.1.8.1, RFC 4035 §5.3.3", RR: sig}
	}
	return nil
}

// check does everything VerifyRRSIG does except the public-key operation,
// and returns the signed data and the decoded signature.
func (c *canonBuf) check(rrset []dns.RR, sig *dns.RRSIG, key *Key, now time.Time) (data, raw []byte, _ error) {
	if sig == nil || key == nil || len(rrset) == 0 {
		return nil, nil, &Error{Kind: ErrMalformed, Clause: "RFC 4035 §5.3", Err: errors.New("empty RRset, nil RRSIG or nil key")}
	}
	fail := func(kind error, clause string, err error) ([]byte, []byte, error) {
		return nil, nil, &Error{Kind: kind, Clause: clause, RR: sig, Err: err}
	}

	// Owner and signer in canonical wire form.
	var ob, sb [maxNameWire + 1]byte
	owner, err := appendCanonicalName(ob[:0], rrset[0].Header().Name)
	if err != nil {
		return fail(ErrMalformed, "RFC 1035 §3.1", err)
	}
	signer, err := appendCanonicalName(sb[:0], sig.SignerName)
	if err != nil {
		return fail(ErrMalformed, "RFC 4034 §3.1.7", err)
	}
	h0 := rrset[0].Header()
	if err := checkRRset(rrset, owner); err != nil {
		return fail(ErrRRset, "RFC 4035 §5.3.1", err)
	}
	var sob [maxNameWire + 1]byte
	sigOwner, err := appendCanonicalName(sob[:0], sig.Hdr.Name)
	if err != nil || string(sigOwner) != string(owner) || sig.Hdr.Class != h0.Class {
		return fail(ErrRRset, "RFC 4035 §5.3.1", fmt.Errorf("RRSIG owner/class %s/%s differs from RRset %s/%s",
			sig.Hdr.Name, dns.Class(sig.Hdr.Class), h0.Name, dns.Class(h0.Class)))
	}
	if sig.TypeCovered != h0.Rrtype {
		return fail(ErrRRset, "RFC 4035 §5.3.1", fmt.Errorf("covers %s, RRset is %s", dns.Type(sig.TypeCovered), dns.Type(h0.Rrtype)))
	}
	if !atOrBelowWire(owner, signer) {
		return fail(ErrSignerName, "RFC 4035 §5.3.1", fmt.Errorf("%s is not at or below %s", h0.Name, sig.SignerName))
	}

	// Labels field and wildcard reconstruction (RFC 4035 §5.3.2).
	var labels [128]int
	ls := wireLabels(labels[:0], owner)
	n := len(ls)
	if isWildcardWire(owner) {
		n-- // RFC 4034 §3.1.3: the leading "*" label is not counted
	}
	if int(sig.Labels) > n {
		return fail(ErrLabels, "RFC 4035 §5.3.1", fmt.Errorf("labels %d, owner %s has %d", sig.Labels, h0.Name, n))
	}
	var wb [maxNameWire + 1]byte
	signedOwner := owner
	if int(sig.Labels) < len(ls) {
		// "*." followed by the rightmost sig.Labels labels of the owner.
		w := append(wb[:0], 1, '*')
		if sig.Labels == 0 {
			signedOwner = append(w, 0)
		} else {
			signedOwner = append(w, owner[ls[len(ls)-int(sig.Labels)]:]...)
		}
	}

	// Key checks.
	k := key.DNSKEY
	if string(key.owner) != string(signer) || k.Algorithm != sig.Algorithm || key.Tag != sig.KeyTag {
		return fail(ErrKeyTag, "RFC 4035 §5.3.1", fmt.Errorf("key %s alg %d tag %d, RRSIG wants %s alg %d tag %d",
			k.Hdr.Name, k.Algorithm, key.Tag, sig.SignerName, sig.Algorithm, sig.KeyTag))
	}
	if k.Protocol != 3 {
		return fail(ErrProtocol, "RFC 4034 §2.1.2", fmt.Errorf("protocol %d", k.Protocol))
	}
	if k.Flags&flagZone == 0 {
		return fail(ErrNotZoneKey, "RFC 4034 §2.1.1, RFC 4035 §5.3.1", fmt.Errorf("flags %d", k.Flags))
	}
	if k.Flags&flagRevoke != 0 && !(sig.TypeCovered == dns.TypeDNSKEY && containsKey(rrset, k)) {
		return fail(ErrRevoked, "RFC 5011 §3", fmt.Errorf("revoked key tag %d may only sign its own DNSKEY RRset", key.Tag))
	}

	// Validity period (RFC 4034 §3.1.5, RFC 4035 §5.3.1).
	t := uint32(now.Unix())
	switch {
	case serialLess(sig.Expiration, sig.Inception):
		return fail(ErrExpiredBeforeValid, "RFC 4034 §3.1.5", fmt.Errorf("inception %s, expiration %s", dns.TimeToString(sig.Inception), dns.TimeToString(sig.Expiration)))
	case serialLess(t, sig.Inception):
		return fail(ErrNotYetValid, "RFC 4035 §5.3.1", fmt.Errorf("inception %s is after %s", dns.TimeToString(sig.Inception), now.UTC().Format(time.RFC3339)))
	case serialLess(sig.Expiration, t):
		return fail(ErrExpired, "RFC 4035 §5.3.1", fmt.Errorf("expiration %s is before %s", dns.TimeToString(sig.Expiration), now.UTC().Format(time.RFC3339)))
	}

	raw, err = c.decodeSignature(sig.Signature)
	if err != nil {
		return fail(ErrBadSignature, "RFC 4034 §3.2", err)
	}
	data, err = c.signedData(rrset, sig, signer, signedOwner)
	if err != nil {
		return fail(ErrMalformed, "RFC 4034 §6.2", err)
	}
	return data, raw, nil
}

// decodeSignature decodes the base64 signature field into the pooled
// buffer.
func (c *canonBuf) decodeSignature(s string) ([]byte, error) {
	n := base64.StdEncoding.DecodedLen(len(s))
	if cap(c.sig) < n {
		c.sig = make([]byte, n)
	}
	m, err := base64.StdEncoding.Decode(c.sig[:n], []byte(s))
	return c.sig[:m], err
}

func decodeSignature(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }

// checkRRset verifies that every RR has the owner, class and type of the
// first (RFC 2181 §5: an RRset shares name, class and type).
func checkRRset(rrset []dns.RR, owner []byte) error {
	h0 := rrset[0].Header()
	for _, rr := range rrset[1:] {
		h := rr.Header()
		if h.Rrtype != h0.Rrtype || h.Class != h0.Class {
			return fmt.Errorf("RRset mixes %s/%s and %s/%s", dns.Type(h0.Rrtype), dns.Class(h0.Class), dns.Type(h.Rrtype), dns.Class(h.Class))
		}
		if h.Name == h0.Name {
			continue
		}
		var b [maxNameWire + 1]byte
		w, err := appendCanonicalName(b[:0], h.Name)
		if err != nil || string(w) != string(owner) {
			return fmt.Errorf("RRset mixes owners %s and %s", h0.Name, h.Name)
		}
	}
	return nil
}

// containsKey reports whether the DNSKEY RRset contains k (same flags,
// protocol, algorithm and public key).
func containsKey(rrset []dns.RR, k *dns.DNSKEY) bool {
	for _, rr := range rrset {
		if d, ok := rr.(*dns.DNSKEY); ok && d.Flags == k.Flags && d.Protocol == k.Protocol &&
			d.Algorithm == k.Algorithm && d.PublicKey == k.PublicKey {
			return true
		}
	}
	return false
}

// ValidatedTTL is the TTL a validator may give an RRset authenticated by
// sig at now: the smallest of the RRs' TTLs, the RRSIG's TTL, its Original
// TTL and the seconds left until its expiration (RFC 4035 §5.3.3).
func ValidatedTTL(rrset []dns.RR, sig *dns.RRSIG, now time.Time) uint32 {
	ttl := sig.OrigTtl
	if sig.Hdr.Ttl < ttl {
		ttl = sig.Hdr.Ttl
	}
	for _, rr := range rrset {
		if t := rr.Header().Ttl; t < ttl {
			ttl = t
		}
	}
	left := sig.Expiration - uint32(now.Unix())
	if serialLess(sig.Expiration, uint32(now.Unix())) {
		left = 0
	}
	if left < ttl {
		ttl = left
	}
	return ttl
}

// wildcardExpanded reports whether sig proves that the RRset owned by
// owner was synthesised from a wildcard (RFC 4035 §5.3.4), and returns the
// wildcard's owner name.
func wildcardExpanded(owner string, sig *dns.RRSIG) (string, bool) {
	w, ls, err := canonicalLabels(owner)
	if err != nil || int(sig.Labels) >= len(ls) {
		return "", false
	}
	if isWildcardWire(w) && int(sig.Labels) == len(ls)-1 {
		return "", false // the wildcard RRset itself, not an expansion
	}
	src := []byte{1, '*', 0}
	if sig.Labels > 0 {
		src = append([]byte{1, '*'}, w[ls[len(ls)-int(sig.Labels)]:]...)
	}
	return wireToName(src), true
}
