package dnssec

import (
	"errors"
	"fmt"
	"strings"

	"github.com/miekg/dns"
)

// This file establishes a zone's keys from its DS RRset (or DNSKEY trust
// anchors) in three steps, as RFC 4035 §5.2 describes them: filter the DS
// RRs (RFC 4509 §3, RFC 8624), find the DNSKEYs they point at, and trust
// the whole DNSKEY RRset once one of those keys signs it.

// usableAlgorithm reports whether DNSKEY algorithm alg may be validated
// under the configuration (RFC 8624 §3.1; RFC 9905 for 5 and 7).
func (r *run) usableAlgorithm(alg uint8) bool {
	if r.v.cfg.replay != nil && r.v.cfg.replay.algorithms[alg] {
		return true
	}
	st := AlgorithmStatus(alg)
	return st.Supported && (!st.Deprecated || r.v.cfg.AllowDeprecatedAlgorithms)
}

// newKey parses a DNSKEY under the configuration's algorithm policy.
func (r *run) newKey(k *dns.DNSKEY) (*Key, error) {
	if r.v.cfg.replay != nil && r.v.cfg.replay.newKey != nil && r.v.cfg.replay.algorithms[k.Algorithm] {
		return r.v.cfg.replay.newKey(k)
	}
	return newKey(k, r.v.cfg.AllowDeprecatedAlgorithms)
}

// filterDS keeps the DS RRs a validator may use: supported algorithms and
// digests (RFC 4035 §5.2, RFC 8624 §3.1 and §3.3), and no SHA-1 digest when
// a stronger one is present (RFC 4509 §3). unsupported is the last reason
// an RR was dropped.
func (r *run) filterDS(ds []*dns.DS) (usable []*dns.DS, unsupported error) {
	strong := false
	for _, d := range ds {
		if !r.usableAlgorithm(d.Algorithm) {
			unsupported = &Error{Kind: ErrUnsupportedAlgorithm, Clause: "RFC 4035 §5.2, RFC 8624 §3.1", RR: d,
				Err: fmt.Errorf("DNSKEY algorithm %d", d.Algorithm)}
			continue
		}
		if _, ok := DigestStatus(d.DigestType); !ok {
			unsupported = &Error{Kind: ErrUnsupportedDigest, Clause: "RFC 4035 §5.2, RFC 8624 §3.3", RR: d,
				Err: fmt.Errorf("digest type %d", d.DigestType)}
			continue
		}
		if d.DigestType != dns.SHA1 {
			strong = true
		}
		usable = append(usable, d)
	}
	if strong {
		kept := usable[:0]
		for _, d := range usable {
			if d.DigestType != dns.SHA1 {
				kept = append(kept, d)
			}
		}
		usable = kept
	}
	return usable, unsupported
}

// filterAnchorKeys keeps the DNSKEY trust anchors of usable algorithms.
func (r *run) filterAnchorKeys(keys []*dns.DNSKEY) (usable []*dns.DNSKEY, unsupported error) {
	for _, k := range keys {
		if !r.usableAlgorithm(k.Algorithm) {
			unsupported = &Error{Kind: ErrUnsupportedAlgorithm, Clause: "RFC 4035 §5.2, RFC 8624 §3.1", RR: k,
				Err: fmt.Errorf("trust anchor algorithm %d", k.Algorithm)}
			continue
		}
		usable = append(usable, k)
	}
	return usable, unsupported
}

// matchDNSKEYs returns the zone keys of keyset that a usable DS RR digests
// (RFC 4034 §5.1.4, RFC 4035 §5.2) or that equal a DNSKEY anchor, within
// the KeyTrap budget.
func (r *run) matchDNSKEYs(zone string, keyset []dns.RR, ds []*dns.DS, anchors []*dns.DNSKEY) ([]*Key, []error, error) {
	var matched []*Key
	var errs []error
	for _, d := range ds {
		n := 0
		for _, rr := range keyset {
			k := rr.(*dns.DNSKEY)
			if k.Algorithm != d.Algorithm || k.KeyTag() != d.KeyTag {
				continue
			}
			if n >= r.b.lim.keysPerRRSIG {
				errs = append(errs, limitErr(zone, "colliding keys tried for one DS (MaxKeysPerRRSIG)", r.b.lim.keysPerRRSIG))
				break
			}
			n++
			if err := r.b.digest(zone); err != nil {
				return nil, errs, err
			}
			got := k.ToDS(d.DigestType)
			if got == nil || !strings.EqualFold(got.Digest, d.Digest) {
				errs = append(errs, &Error{Kind: ErrDSMismatch, Clause: "RFC 4034 §5.1.4, RFC 4035 §5.2", RR: d,
					Err: fmt.Errorf("digest of DNSKEY tag %d differs", k.KeyTag())})
				continue
			}
			if k.Flags&flagZone == 0 {
				errs = append(errs, &Error{Kind: ErrNotZoneKey, Clause: "RFC 4034 §5.2", RR: k})
				continue
			}
			key, err := r.newKey(k)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			matched = append(matched, key)
		}
	}
	for _, a := range anchors {
		for _, rr := range keyset {
			k := rr.(*dns.DNSKEY)
			if k.Algorithm == a.Algorithm && k.Protocol == a.Protocol && k.Flags&^flagSEP == a.Flags&^flagSEP &&
				strings.EqualFold(strings.ReplaceAll(k.PublicKey, " ", ""), strings.ReplaceAll(a.PublicKey, " ", "")) {
				key, err := r.newKey(k)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				matched = append(matched, key)
			}
		}
	}
	return matched, errs, nil
}

// trustKeySet returns the zone keys of an authenticated DNSKEY RRset:
// every zone key that is not revoked may sign the zone's data (RFC 4035
// §5.2, RFC 5011 §3).
func (r *run) trustKeySet(keyset []dns.RR, step *Step) []*Key {
	var keys []*Key
	for _, rr := range keyset {
		k := rr.(*dns.DNSKEY)
		if k.Flags&flagZone == 0 || k.Flags&flagRevoke != 0 || k.Protocol != 3 {
			continue
		}
		if key, err := r.newKey(k); err == nil {
			keys = append(keys, key)
			step.Keys = append(step.Keys, key.Tag)
		}
	}
	return keys
}

// keysFor validates the DNSKEY RRset of zone from DS RRs (or DNSKEY
// anchors) and returns the zone's state (RFC 4035 §5.2). anchored says
// that ds and anchorKeys are configured trust anchors.
func (r *run) keysFor(zone string, anchored bool, ds []*dns.DS, anchorKeys []*dns.DNSKEY, step *Step) *zoneState {
	zs := &zoneState{zone: zone, verdict: Bogus, ede: int(dns.ExtendedErrorCodeDNSBogus)}
	if r.res.Zones == nil {
		r.res.Zones = make([]ZoneTrust, 0, 4)
	}
	// Nothing below appends to r.res.Zones, so zt stays valid.
	r.res.Zones = append(r.res.Zones, ZoneTrust{Zone: zone, Anchored: anchored, DS: ds, AnchorKeys: anchorKeys})
	zt := &r.res.Zones[len(r.res.Zones)-1]
	defer func() { zt.Verdict, zt.Note = zs.verdict, step.Note }()
	setErr := func(v Verdict, err error) *zoneState {
		zs.verdict = v
		_, zs.ede = r.fail(v, err)
		step.Verdict = v
		step.Note = err.Error()
		return zs
	}
	usable, unsupported := r.filterDS(ds)
	anchorKeys, unsupportedAnchor := r.filterAnchorKeys(anchorKeys)
	if unsupportedAnchor != nil {
		unsupported = unsupportedAnchor
	}
	zt.UsableDS, zt.UsableAnchorKeys = usable, anchorKeys
	for _, d := range usable {
		step.DS = append(step.DS, fmt.Sprintf("DS %d %d %d", d.KeyTag, d.Algorithm, d.DigestType))
	}
	for _, k := range anchorKeys {
		step.DS = append(step.DS, fmt.Sprintf("DNSKEY anchor %d", k.KeyTag()))
	}
	if len(usable) == 0 && len(anchorKeys) == 0 {
		if unsupported == nil {
			unsupported = &Error{Kind: ErrUnsupportedAlgorithm, Clause: "RFC 4035 §5.2", Name: zone, Type: dns.TypeDS}
		}
		return setErr(Insecure, unsupported)
	}
	m, err := r.fetch(zone, dns.TypeDNSKEY)
	if err != nil {
		return setErr(Indeterminate, err)
	}
	keyset := rrsetOf(m.Answer, zone, dns.TypeDNSKEY)
	if len(keyset) == 0 {
		return setErr(Bogus, &Error{Kind: ErrNoDNSKEY, Clause: "RFC 4035 §5.2", Name: zone, Type: dns.TypeDNSKEY, Err: errors.New("empty DNSKEY RRset")})
	}
	zt.DNSKEY = make([]*dns.DNSKEY, len(keyset))
	for i, rr := range keyset {
		zt.DNSKEY[i] = rr.(*dns.DNSKEY)
	}
	matched, errs, err := r.matchDNSKEYs(zone, keyset, usable, anchorKeys)
	if err != nil {
		return setErr(Bogus, err)
	}
	zt.Matched = make([]*dns.DNSKEY, len(matched))
	for i, k := range matched {
		zt.Matched[i] = k.DNSKEY
	}
	if len(matched) == 0 {
		if len(errs) == 0 {
			errs = append(errs, &Error{Kind: ErrDSMismatch, Clause: "RFC 4035 §5.2", Name: zone, Type: dns.TypeDNSKEY,
				Err: errors.New("no DNSKEY has the tag and algorithm of any DS")})
		}
		errs = rankErrors(errs)
		r.note(errs[1:]...)
		return setErr(Bogus, errs[0])
	}
	if _, serrs := r.verifyRRset(keyset, sigsOf(m.Answer, zone, dns.TypeDNSKEY), &zoneState{zone: zone, keys: matched}); serrs != nil {
		r.note(serrs[1:]...)
		return setErr(Bogus, serrs[0])
	}
	zs.keys = r.trustKeySet(keyset, step)
	zs.verdict, zs.ede = Secure, EDENone
	step.Verdict = Secure
	step.Note = "DNSKEY RRset signed by a key matching the DS RRset"
	if anchored {
		step.Note = "DNSKEY RRset signed by a trust-anchor key"
	}
	return zs
}
