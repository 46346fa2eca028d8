package trustanchor

import (
	"fmt"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec"
)

// State is the RFC 5011 §4 state of a key of a trust point. The numbering
// is unbound's (validator/autotrust.h), which its state file stores.
type State uint8

// RFC 5011 §4 key states.
const (
	Start   State = iota // key not yet seen
	AddPend              // seen, add hold-down running
	Valid                // trusted
	Missing              // trusted, absent from the last validated set
	Revoked              // revoked, remove hold-down running
	Removed              // gone
)

var stateNames = [...]string{"Start", "AddPend", "Valid", "Missing", "Revoked", "Removed"}

func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

// ParseState parses a state name (case-insensitive; "ADDPEND" and
// "AddPend" both work).
func ParseState(s string) (State, bool) {
	for i, n := range stateNames {
		if strings.EqualFold(n, strings.TrimSpace(s)) {
			return State(i), true
		}
	}
	return 0, false
}

// Trusted reports whether a key in this state may be used as a trust anchor
// (RFC 5011 §4: Valid and Missing).
func (s State) Trusted() bool { return s == Valid || s == Missing }

// TrustKey is one key of a trust point with its RFC 5011 bookkeeping.
// Exactly one of DNSKEY and DS is set: a DS-only key (bootstrapped from a
// DS file) is replaced by its DNSKEY when the key is first seen in a
// validated DNSKEY RRset, as unbound and Knot Resolver do.
type TrustKey struct {
	DNSKEY *dns.DNSKEY
	DS     *dns.DS
	State  State
	// Count is the number of validated DNSKEY sets that contained the key
	// while AddPend (unbound's pending count).
	Count int
	// LastChange is when the key entered its current state; hold-down
	// timers run from it.
	LastChange time.Time
	// Timer is the end of the running hold-down (AddPend: add hold-down,
	// Revoked: remove hold-down, Missing: removal deadline), zero when none.
	Timer time.Time
}

// Tag returns the key tag (of the DNSKEY, or the DS).
func (k *TrustKey) Tag() uint16 {
	if k.DNSKEY != nil {
		return k.DNSKEY.KeyTag()
	}
	if k.DS != nil {
		return k.DS.KeyTag
	}
	return 0
}

// RR returns the DNSKEY or DS, nil when neither is set.
func (k *TrustKey) RR() dns.RR {
	switch {
	case k.DNSKEY != nil:
		return k.DNSKEY
	case k.DS != nil:
		return k.DS
	}
	return nil
}

// TrustPoint is a zone with its RFC 5011 managed keys and probe timers, as
// kept in unbound's auto-trust-anchor-file and Knot Resolver's key file.
type TrustPoint struct {
	Zone          string
	Keys          []*TrustKey
	LastQueried   time.Time
	LastSuccess   time.Time
	NextProbe     time.Time
	QueryFailed   int
	QueryInterval time.Duration
	RetryTime     time.Duration
	// Revoked marks a trust point whose every key was revoked (RFC 5011
	// §5); unbound writes ";;REVOKED" and treats the zone as insecure.
	Revoked bool
}

// Anchors returns the keys usable as trust anchors (Valid and Missing),
// canonical.
func (tp *TrustPoint) Anchors() []dns.RR {
	var out []dns.RR
	for _, k := range tp.Keys {
		if k.State.Trusted() {
			out = append(out, k.RR())
		}
	}
	return Canonical(out)
}

// NewTrustPoint makes a trust point from plain anchors (DS or DNSKEY
// records of one zone), every key Valid, as unbound does with a plain
// anchor file.
func NewTrustPoint(rrs []dns.RR, now time.Time) (*TrustPoint, error) {
	if len(rrs) == 0 {
		return nil, &Error{Kind: ErrNoAnchor, Clause: "RFC 5011 §2", Err: fmt.Errorf("no keys")}
	}
	if len(rrs) > MaxKeys {
		return nil, errorf(ErrLimitExceeded, "", "", 0, "", "more than %d keys", MaxKeys)
	}
	tp := &TrustPoint{Zone: lowerName(dns.Fqdn(rrs[0].Header().Name))}
	for _, rr := range Canonical(rrs) {
		if !dnssec.EqualNames(rr.Header().Name, tp.Zone) {
			return nil, errorf(ErrMalformed, "RFC 5011 §2", "", 0, "", "keys of %s and %s in one trust point", tp.Zone, rr.Header().Name)
		}
		k := &TrustKey{State: Valid, LastChange: now}
		switch v := rr.(type) {
		case *dns.DNSKEY:
			k.DNSKEY = v
		case *dns.DS:
			k.DS = v
		}
		tp.Keys = append(tp.Keys, k)
	}
	// A DNSKEY supersedes the DS of the same key.
	tp.dropCoveredDS()
	return tp, nil
}

// dropCoveredDS removes DS keys that a DNSKEY of the trust point matches.
func (tp *TrustPoint) dropCoveredDS() {
	var keep []*TrustKey
	for _, k := range tp.Keys {
		if k.DS != nil && k.DNSKEY == nil {
			covered := false
			for _, o := range tp.Keys {
				if o.DNSKEY != nil && dsMatches(k.DS, o.DNSKEY) {
					covered = true
				}
			}
			if covered {
				continue
			}
		}
		keep = append(keep, k)
	}
	tp.Keys = keep
}

// dsMatches reports whether ds is a digest of key (RFC 4034 §5.1.4),
// ignoring the REVOKE bit's effect by trying both flag values.
func dsMatches(ds *dns.DS, key *dns.DNSKEY) bool {
	for _, flags := range []uint16{key.Flags, key.Flags &^ dns.REVOKE} {
		k := *key
		k.Flags = flags
		if k.KeyTag() != ds.KeyTag || k.Algorithm != ds.Algorithm {
			continue
		}
		if c := k.ToDS(ds.DigestType); c != nil && strings.EqualFold(c.Digest, ds.Digest) {
			return true
		}
	}
	return false
}
