package trustanchor

import (
	"errors"
	"fmt"
	"time"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/dnssec"
)

// ValidateConfig holds the knobs of ValidateDNSKEYSet. The zero value (or
// nil) is the strict default.
type ValidateConfig struct {
	// AllowDeprecatedAlgorithms accepts signatures by RSASHA1 (5),
	// RSASHA1-NSEC3-SHA1 (7) and RSA moduli of 512–1023 bits
	// (dnssec.NewKeyAllowDeprecated; RFC 9905 deprecates SHA-1 signing).
	// It exists to replay old test vectors such as unbound's autotrust
	// scenarios (512-bit RSASHA1); never enable it for live trust points.
	AllowDeprecatedAlgorithms bool
}

// ValidateDNSKEYSet is a nil ValidateConfig's ValidateDNSKEYSet: the
// strict algorithm rules of dnssec.NewKey.
func ValidateDNSKEYSet(tp *TrustPoint, rrset []dns.RR, sigs []*dns.RRSIG, now time.Time) (*DNSKEYSet, error) {
	return (*ValidateConfig)(nil).ValidateDNSKEYSet(tp, rrset, sigs, now)
}

// ValidateDNSKEYSet checks a DNSKEY RRset of the trust point's zone with its
// RRSIGs, using package dnssec, and returns it as a DNSKEYSet for Step. The
// set validates when an RRSIG made by a trusted (Valid or Missing), non
// revoked key of the trust point verifies (RFC 5011 §2.1, RFC 4035 §5).
// Every verifying signature is recorded in Signers, so that Step can accept
// a revocation only when the revoked key signed the set itself (RFC 5011
// §2.1). The error lists every signature that failed when none trusted
// verified.
//
// A non-SEP key of the trust point (a ZSK of the initial anchor file)
// counts as a signer only while the trust point has no trusted SEP key:
// RFC 5011 §4.1 manages SEP keys, and a ZSK anchor is a bootstrap for them,
// never a way around them.
func (o *ValidateConfig) ValidateDNSKEYSet(tp *TrustPoint, rrset []dns.RR, sigs []*dns.RRSIG, now time.Time) (*DNSKEYSet, error) {
	if o == nil {
		o = &ValidateConfig{}
	}
	anchor := fmt.Sprintf("DNSKEY %s", tp.Zone)
	set := &DNSKEYSet{Zone: tp.Zone}
	for _, rr := range rrset {
		k, ok := rr.(*dns.DNSKEY)
		if !ok || !dnssec.EqualNames(k.Hdr.Name, tp.Zone) {
			return nil, errorf(ErrMalformed, "RFC 5011 §2", "", 0, anchor, "RRset holds %s", rr.Header().String())
		}
		set.Keys = append(set.Keys, k)
		if len(set.Keys) > MaxKeys {
			return nil, errorf(ErrLimitExceeded, "", "", 0, anchor, "more than %d keys", MaxKeys)
		}
	}
	if len(set.Keys) == 0 {
		return nil, errorf(ErrMalformed, "RFC 5011 §2", "", 0, anchor, "empty DNSKEY RRset")
	}
	var fails []error
	trusted, revokedSelf := false, false
	checks := 0
	for _, sig := range sigs {
		if sig == nil || sig.TypeCovered != dns.TypeDNSKEY || !dnssec.EqualNames(sig.SignerName, tp.Zone) {
			continue
		}
		for _, k := range set.Keys {
			if k.Algorithm != sig.Algorithm || k.KeyTag() != sig.KeyTag {
				continue
			}
			if checks++; checks > MaxSignatureChecks {
				return nil, errorf(ErrLimitExceeded, "", "", 0, anchor, "more than %d signature checks", MaxSignatureChecks)
			}
			newKey := dnssec.NewKey
			if o.AllowDeprecatedAlgorithms {
				newKey = dnssec.NewKeyAllowDeprecated
			}
			key, err := newKey(k)
			if err == nil {
				err = dnssec.VerifyRRSIG(rrset, sig, key, now)
			}
			if err != nil {
				fails = append(fails, &Error{Kind: ErrBogus, Clause: "RFC 4035 §5.3", Anchor: fmt.Sprintf("RRSIG %s/DNSKEY tag %d", tp.Zone, sig.KeyTag), Err: err})
				continue
			}
			set.Signers = append(set.Signers, k)
			exp := time.Unix(int64(sig.Expiration), 0).UTC()
			if set.Expiration.IsZero() || exp.Before(set.Expiration) {
				set.Expiration = exp
			}
			if set.TTL == 0 || sig.OrigTtl < set.TTL {
				set.TTL = sig.OrigTtl
			}
			if !revoked(k) && tp.trusts(k) {
				trusted = true
			}
			if revoked(k) && tp.trusts(k) {
				revokedSelf = true
			}
		}
	}
	if !trusted && revokedSelf {
		// Only a revoked trusted key signed: the set may carry its own
		// revocation and nothing else (RFC 5011 §2.1, §5).
		set.validated, set.revocationOnly = true, true
		return set, nil
	}
	if !trusted {
		for _, k := range set.Signers {
			if k.Flags&dns.SEP == 0 && !revoked(k) && tp.trustsAsBootstrap(k) {
				fails = append(fails, errorf(ErrBogus, "RFC 5011 §4.1", "", 0, anchor,
					"signed by ZSK anchor %d only, which is not used while a SEP key of the trust point is trusted", k.KeyTag()))
			}
		}
		fails = append(fails, errorf(ErrBogus, "RFC 5011 §2.1", "", 0, anchor, "no signature by a trusted key of the trust point"))
		return nil, errors.Join(fails...)
	}
	set.validated = true
	return set, nil
}

// trusts reports whether k is a Valid or Missing key of the trust point,
// by key or by DS digest. A revoked k matches the trusted key it revokes.
// A non-SEP DNSKEY anchor is trusted only while no SEP key is (RFC 5011
// §4.1; see ValidateDNSKEYSet).
func (tp *TrustPoint) trusts(k *dns.DNSKEY) bool {
	sepTrusted := false
	for _, t := range tp.Keys {
		if t.State.Trusted() && (t.DS != nil || t.DNSKEY != nil && t.DNSKEY.Flags&dns.SEP != 0) {
			sepTrusted = true
		}
	}
	for _, t := range tp.Keys {
		if !t.State.Trusted() {
			continue
		}
		if sepTrusted && t.DNSKEY != nil && t.DNSKEY.Flags&dns.SEP == 0 {
			continue
		}
		if t.DNSKEY != nil && sameKey(t.DNSKEY, k) && !revoked(t.DNSKEY) {
			return true
		}
		if t.DNSKEY == nil && t.DS != nil && dsMatches(t.DS, k) {
			return true
		}
	}
	return false
}

// trustsAsBootstrap reports whether k is a trusted non-SEP DNSKEY of the
// trust point (a ZSK anchor), whatever the SEP keys.
func (tp *TrustPoint) trustsAsBootstrap(k *dns.DNSKEY) bool {
	for _, t := range tp.Keys {
		if t.State.Trusted() && t.DNSKEY != nil && sameKey(t.DNSKEY, k) {
			return true
		}
	}
	return false
}
