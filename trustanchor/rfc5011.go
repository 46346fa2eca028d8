package trustanchor

import (
	"fmt"
	"time"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec"
)

// RFC 5011 timer defaults.
const (
	// DefaultHoldDown is the add and remove hold-down (RFC 5011 §2.2,
	// §2.4.2: 30 days).
	DefaultHoldDown = 30 * 24 * time.Hour
	// UnboundKeepMissing is unbound's keep-missing default (366 days).
	UnboundKeepMissing = 366 * 24 * time.Hour
	// UnboundMinPendingCount is unbound's MIN_PENDINGCOUNT: sightings needed
	// before an AddPend key may become Valid.
	UnboundMinPendingCount = 2
)

// Config holds the RFC 5011 knobs. The zero value is RFC 5011 as written:
// 30-day hold-downs, one sighting suffices, Missing keys kept forever,
// Removed keys kept, only SEP keys (flags bit 15) tracked.
type Config struct {
	AddHoldDown    time.Duration // zero: DefaultHoldDown (RFC 5011 §2.2)
	RemoveHoldDown time.Duration // zero: DefaultHoldDown (RFC 5011 §2.4.2)
	// KeepMissing drops a key Missing for longer (unbound 366 d, Knot
	// Resolver 4×hold-down). Zero keeps Missing keys forever, as RFC 5011
	// says nothing about it.
	KeepMissing time.Duration
	// MinPendingCount is the number of validated sets that must contain an
	// AddPend key before it becomes Valid (unbound: 2). Zero means 1.
	MinPendingCount int
	// ForgetRemoved drops keys that reach Removed instead of keeping them
	// as Removed entries (RFC 5011 §4.2 allows either).
	ForgetRemoved bool
	// TrackZSKs also tracks keys without the SEP flag. Knot Resolver and
	// unbound ignore them once a SEP key is trusted (the default here).
	// Either way ValidateDNSKEYSet counts a ZSK's signature only while no
	// SEP key of the trust point is trusted (RFC 5011 §4.1).
	TrackZSKs bool
	// TrustKSKsOfZSKAnchor makes the pending SEP keys of a validated set
	// Valid at once when the trust point has no Valid SEP key but a
	// configured ZSK anchor, as unbound does (autotrust.c
	// init_zsk_to_ksk). Off, they wait out the add hold-down (RFC 5011
	// §2.2) while the ZSK anchor keeps validating.
	TrustKSKsOfZSKAnchor bool
}

// UnboundConfig returns the knobs that mimic unbound's autotrust:
// keep-missing 366 days, two sightings before AddTime, Removed keys
// forgotten (autotrust.c autr_cleanup_keys drops START and REMOVED keys),
// and KSKs trusted at once when only a ZSK was configured.
func UnboundConfig() *Config {
	return &Config{KeepMissing: UnboundKeepMissing, MinPendingCount: UnboundMinPendingCount, ForgetRemoved: true,
		TrustKSKsOfZSKAnchor: true}
}

// KresdConfig returns the knobs that mimic Knot Resolver.
func KresdConfig() *Config {
	return &Config{KeepMissing: KresdMissingKeep, ForgetRemoved: true}
}

func (c *Config) addHoldDown(ttl uint32) time.Duration {
	h := c.AddHoldDown
	if h <= 0 {
		h = DefaultHoldDown
	}
	// RFC 5011 §2.4.1: 30 days or the original TTL of the first set that
	// contained the key, whichever is greater.
	if t := time.Duration(ttl) * time.Second; t > h {
		h = t
	}
	return h
}

func (c *Config) removeHoldDown() time.Duration {
	if c.RemoveHoldDown <= 0 {
		return DefaultHoldDown
	}
	return c.RemoveHoldDown
}

// EventKind names an RFC 5011 §4 event (plus bookkeeping events).
type EventKind uint8

// RFC 5011 §4 events.
const (
	NewKey            EventKind = iota // a new SEP key in a validated set: Start → AddPend
	AddTime                            // add hold-down over: AddPend → Valid
	KeyRem                             // key gone: AddPend → Start, Valid → Missing
	KeyPres                            // key back: Missing → Valid
	RevBit                             // self-signed with REVOKE: Valid/Missing → Revoked
	RemTime                            // remove hold-down over: Revoked → Removed
	Forgotten                          // key dropped (Missing too long, Removed forgotten, AddPend reset)
	ProbeFailed                        // no validated set this time
	TrustPointRevoked                  // every key revoked, zone now insecure (RFC 5011 §5)
)

var eventNames = [...]string{"NewKey", "AddTime", "KeyRem", "KeyPres", "RevBit", "RemTime", "Forgotten", "ProbeFailed", "TrustPointRevoked"}

func (e EventKind) String() string {
	if int(e) < len(eventNames) {
		return eventNames[e]
	}
	return fmt.Sprintf("EventKind(%d)", uint8(e))
}

// Event records one transition made by Step.
type Event struct {
	Kind     EventKind
	Tag      uint16 // key tag (with the REVOKE bit as seen)
	From, To State
}

func (e Event) String() string {
	if e.Kind == ProbeFailed || e.Kind == TrustPointRevoked {
		return e.Kind.String()
	}
	return fmt.Sprintf("%s %d %s→%s", e.Kind, e.Tag, e.From, e.To)
}

// ProbeTimes returns the RFC 5011 §2.3 active refresh and retry intervals
// for a DNSKEY RRset with original TTL origTTL whose earliest covering
// RRSIG expires after sigRemaining:
//
//	queryInterval = MAX(1 hr, MIN(15 days, ½ OrigTTL, ½ RRSigExpirationInterval))
//	retryTime     = MAX(1 hr, MIN(1 day, ⅒ OrigTTL, ⅒ RRSigExpirationInterval))
func ProbeTimes(origTTL time.Duration, sigRemaining time.Duration) (queryInterval, retryTime time.Duration) {
	if sigRemaining < 0 {
		sigRemaining = 0
	}
	queryInterval = max(time.Hour, min(15*24*time.Hour, origTTL/2, sigRemaining/2))
	retryTime = max(time.Hour, min(24*time.Hour, origTTL/10, sigRemaining/10))
	return
}

// sameKey reports whether a and b are the same key, ignoring the REVOKE
// flag (RFC 5011 §2.1: revoking changes the flags and the tag).
func sameKey(a, b *dns.DNSKEY) bool {
	return a.Algorithm == b.Algorithm && a.Protocol == b.Protocol &&
		a.Flags&^dns.REVOKE == b.Flags&^dns.REVOKE && a.PublicKey == b.PublicKey
}

func revoked(k *dns.DNSKEY) bool { return k.Flags&dns.REVOKE != 0 }

// Step applies one probe result to the trust point and returns the new
// trust point (the input is not modified), the transitions made, and when
// to probe next (RFC 5011 §2.3). set is the DNSKEY RRset validated by
// ValidateDNSKEYSet, or nil when the probe failed or did not validate;
// only a validated set moves keys (RFC 5011 §2.1, §4). Time-driven
// transitions (AddTime, RemTime) happen on a successful probe, as RFC 5011
// §2.4.1 describes ("at the time of the next query").
//
// The state table runs over the trust point's SEP keys (RFC 5011 §4.1:
// NewKey is "a new SEP key"); with Config.TrackZSKs over every key. A
// non-SEP key of the trust point (a ZSK in the initial anchor file) is a
// bootstrap anchor: it is never marked Missing, and it is dropped
// (Forgotten) as soon as a SEP key is Valid, as unbound does
// (autotrust.c remove_missing_trustanchors).
//
// A nil cfg is the zero Config. A revoked trust point (RFC 5011 §5) is no longer probed: Step returns it
// unchanged with a zero next-probe time, and the Step that revokes it
// returns a zero next-probe time too.
func Step(tp *TrustPoint, set *DNSKEYSet, now time.Time, cfg *Config) (*TrustPoint, []Event, time.Time) {
	if cfg == nil {
		cfg = &Config{}
	}
	next := tp.clone()
	if tp.Revoked {
		next.NextProbe = time.Time{}
		return next, nil, time.Time{}
	}
	next.LastQueried = now
	if set == nil || !set.validated || !dnssec.EqualNames(set.Zone, tp.Zone) {
		next.QueryFailed = min(next.QueryFailed+1, MaxStateCount)
		next.NextProbe = now.Add(next.retry())
		return next, []Event{{Kind: ProbeFailed}}, next.NextProbe
	}
	st := &stepper{tp: next, now: now, cfg: cfg}
	if set.revocationOnly {
		// Only self-signed revocations are taken from this set; absent
		// keys are not counted as removed. No trusted, unrevoked key
		// validated it, so the refresh failed (RFC 5011 §2.3: retry),
		// unless it revoked the last trusted key (RFC 5011 §5), as
		// unbound counts it (autotrust.c autr_process_prime).
		st.revocations(set)
		next.finish(&st.events)
		if next.Revoked {
			next.LastSuccess, next.QueryFailed = now, 0
			return st.done(0)
		}
		next.QueryFailed = min(next.QueryFailed+1, MaxStateCount)
		st.events = append(st.events, Event{Kind: ProbeFailed})
		return st.done(next.retry())
	}
	next.LastSuccess = now
	next.QueryFailed = 0
	seen := st.match(set)
	st.present(set, seen)
	st.absent(seen)
	next.Keys = sortedKeys(next.Keys)
	next.finish(&st.events)
	qi, rt := ProbeTimes(time.Duration(set.TTL)*time.Second, set.Expiration.Sub(now))
	next.QueryInterval, next.RetryTime = qi, rt
	return st.done(qi)
}

// retry is the wait after a failed probe: the last RFC 5011 §2.3 retry
// time, one hour before any set validated.
func (tp *TrustPoint) retry() time.Duration {
	if tp.RetryTime <= 0 {
		return time.Hour
	}
	return tp.RetryTime
}

// stepper carries one Step's trust point, time, knobs and events.
type stepper struct {
	tp     *TrustPoint
	now    time.Time
	cfg    *Config
	events []Event
}

func (st *stepper) ev(kind EventKind, k *TrustKey, from State) {
	st.events = append(st.events, Event{Kind: kind, Tag: k.Tag(), From: from, To: k.State})
}

func (st *stepper) move(kind EventKind, k *TrustKey, to State) {
	from := k.State
	k.State = to
	k.LastChange = st.now
	k.Timer = time.Time{}
	k.Count = 0
	st.ev(kind, k, from)
}

// done sets the next probe time (none for a revoked trust point, RFC 5011
// §5) and returns Step's results.
func (st *stepper) done(interval time.Duration) (*TrustPoint, []Event, time.Time) {
	if st.tp.Revoked {
		st.tp.NextProbe = time.Time{}
	} else {
		st.tp.NextProbe = st.now.Add(interval)
	}
	return st.tp, st.events, st.tp.NextProbe
}

// tracked reports whether the state table applies to a key with these
// flags: SEP keys, or every key with TrackZSKs (RFC 5011 §4.1).
func (st *stepper) tracked(k *dns.DNSKEY) bool {
	return st.cfg.TrackZSKs || k.Flags&dns.SEP != 0
}

// revoke applies a self-signed revocation of a trusted key (RFC 5011
// §2.1, RevBit); it is honoured for every trusted key, SEP or not, since
// losing trust is the safe direction.
func (st *stepper) revoke(k *TrustKey, key *dns.DNSKEY) {
	k.DNSKEY = key
	k.DS = nil
	switch k.State {
	case Valid, Missing:
		st.move(RevBit, k, Revoked)
		k.Timer = st.now.Add(st.cfg.removeHoldDown())
	case AddPend:
		// Never trusted: nothing to revoke, forget it.
		st.move(RevBit, k, Removed)
	}
}

// revocations takes the self-signed revocations from a set signed only by
// revoked keys (RFC 5011 §2.1, §5).
func (st *stepper) revocations(set *DNSKEYSet) {
	for _, key := range set.Keys {
		if !revoked(key) || !set.selfSigned(key) {
			continue
		}
		for _, k := range st.tp.Keys {
			if k.State.Trusted() && k.matches(key) {
				st.revoke(k, key)
			}
		}
	}
}

// matches reports whether the DNSKEY key is this trust-point key, by key
// (REVOKE bit ignored) or by DS digest.
func (k *TrustKey) matches(key *dns.DNSKEY) bool {
	if k.DNSKEY != nil {
		return sameKey(k.DNSKEY, key)
	}
	return k.DS != nil && dsMatches(k.DS, key)
}

// match finds, for each key of the set, the trust-point key it is (nil
// when new), SEP or not, and replaces a DS-only key by the DNSKEY it
// digests, keeping its state (RFC 5011 §4.1: a key present in the
// validated set is present, whatever its flags).
func (st *stepper) match(set *DNSKEYSet) map[*TrustKey]bool {
	seen := make(map[*TrustKey]bool)
	for _, key := range set.Keys {
		for _, k := range st.tp.Keys {
			if !k.matches(key) {
				continue
			}
			if k.DNSKEY == nil && !revoked(key) {
				// A revoked key replaces its DS only through a
				// self-signed revocation (revoke).
				k.DNSKEY, k.DS = key, nil
			}
			seen[k] = true
			break
		}
	}
	return seen
}

// present runs NewKey, AddTime, KeyPres and RevBit for the tracked keys of
// the validated set.
func (st *stepper) present(set *DNSKEYSet, seen map[*TrustKey]bool) {
	for _, key := range set.Keys {
		var k *TrustKey
		for _, c := range st.tp.Keys {
			if c.matches(key) {
				k = c
				break
			}
		}
		if revoked(key) {
			// RevBit counts only when the revoked key signed the set
			// itself (RFC 5011 §2.1); an unknown revoked key is ignored.
			if k != nil && set.selfSigned(key) {
				st.revoke(k, key)
			}
			continue
		}
		if !st.tracked(key) {
			continue
		}
		if k == nil {
			if len(st.tp.Keys) >= MaxKeys {
				continue
			}
			k = &TrustKey{DNSKEY: key, State: Start}
			st.tp.Keys = append(st.tp.Keys, k)
			seen[k] = true
		}
		st.seenKey(k, set.TTL)
	}
}

// seenKey applies the transitions of a tracked key present in a validated
// set.
func (st *stepper) seenKey(k *TrustKey, ttl uint32) {
	switch k.State {
	case Start:
		st.move(NewKey, k, AddPend)
		k.Count = 1
		k.Timer = st.now.Add(st.cfg.addHoldDown(ttl))
	case AddPend:
		k.Count = min(k.Count+1, MaxStateCount)
		if k.Timer.IsZero() {
			k.Timer = k.LastChange.Add(st.cfg.addHoldDown(ttl))
		}
		if !st.now.Before(k.Timer) && k.Count >= max(1, st.cfg.MinPendingCount) {
			st.move(AddTime, k, Valid)
		}
	case Missing:
		st.move(KeyPres, k, Valid)
	case Valid:
		if k.LastChange.IsZero() {
			// First sighting of a configured anchor: its time starts now.
			k.LastChange = st.now
		}
	}
}

// absent runs KeyRem, keep-missing, RemTime and the bootstrap-ZSK cleanup
// over the trust point's keys.
func (st *stepper) absent(seen map[*TrustKey]bool) {
	validSEP := st.validSEP(seen)
	if validSEP == 0 && st.cfg.TrustKSKsOfZSKAnchor && st.hasZSKAnchor() {
		for _, k := range st.tp.Keys {
			if k.State == AddPend && seen[k] && k.DNSKEY != nil && k.DNSKEY.Flags&dns.SEP != 0 {
				st.move(AddTime, k, Valid)
			}
		}
		validSEP = st.validSEP(seen)
	}
	var keep []*TrustKey
	for _, k := range st.tp.Keys {
		if k.DNSKEY != nil && !st.tracked(k.DNSKEY) && !revoked(k.DNSKEY) {
			// A bootstrap ZSK (never tracked): dropped once a SEP key is
			// Valid (RFC 5011 §4.1 tracks SEP keys; unbound autotrust.c).
			if validSEP > 0 && k.State.Trusted() {
				st.move(Forgotten, k, Removed)
				continue
			}
			keep = append(keep, k)
			continue
		}
		if !seen[k] {
			switch k.State {
			case Valid:
				st.move(KeyRem, k, Missing)
			case AddPend:
				// RFC 5011 §4: KeyRem takes AddPend back to Start.
				st.move(KeyRem, k, Start)
				continue
			case Missing:
				// Dropped only while another SEP key is Valid, so that
				// keep-missing never empties the trust point (unbound
				// autotrust.c remove_missing_trustanchors).
				if st.cfg.KeepMissing > 0 && validSEP > 0 && st.now.Sub(k.LastChange) >= st.cfg.KeepMissing {
					st.move(Forgotten, k, Removed)
					continue
				}
			}
		}
		if k.State == Revoked {
			if k.Timer.IsZero() {
				k.Timer = k.LastChange.Add(st.cfg.removeHoldDown())
			}
			if !st.now.Before(k.Timer) {
				st.move(RemTime, k, Removed)
			}
		}
		if k.State == Removed && st.cfg.ForgetRemoved {
			st.ev(Forgotten, k, Removed)
			continue
		}
		keep = append(keep, k)
	}
	st.tp.Keys = keep
}

// validSEP counts the Valid SEP keys present in the validated set.
func (st *stepper) validSEP(seen map[*TrustKey]bool) int {
	n := 0
	for _, k := range st.tp.Keys {
		if k.State == Valid && k.DNSKEY != nil && k.DNSKEY.Flags&dns.SEP != 0 && seen[k] {
			n++
		}
	}
	return n
}

// hasZSKAnchor reports whether an untracked, trusted non-SEP key (a ZSK
// of the configured anchors) is in the trust point.
func (st *stepper) hasZSKAnchor() bool {
	for _, k := range st.tp.Keys {
		if k.State.Trusted() && k.DNSKEY != nil && !st.tracked(k.DNSKEY) && !revoked(k.DNSKEY) {
			return true
		}
	}
	return false
}

func (tp *TrustPoint) clone() *TrustPoint {
	c := *tp
	c.Keys = make([]*TrustKey, len(tp.Keys))
	for i, k := range tp.Keys {
		kk := *k
		c.Keys[i] = &kk
	}
	return &c
}

// DNSKEYSet is a DNSKEY RRset that ValidateDNSKEYSet validated under a
// trust point. Its fields describe it; only ValidateDNSKEYSet can mark one
// as validated, so Step cannot be driven by unvalidated data.
type DNSKEYSet struct {
	Zone       string
	Keys       []*dns.DNSKEY
	TTL        uint32    // original TTL (RRSIG Original TTL field)
	Expiration time.Time // earliest expiration of the verified RRSIGs
	// Signers are the keys whose RRSIG over the set verified.
	Signers []*dns.DNSKEY

	validated      bool
	revocationOnly bool // signed only by revoked trusted keys
}

// selfSigned reports whether key (revoked) produced one of the verified
// signatures (RFC 5011 §2.1).
func (s *DNSKEYSet) selfSigned(key *dns.DNSKEY) bool {
	for _, k := range s.Signers {
		if k.Flags == key.Flags && k.PublicKey == key.PublicKey && k.Algorithm == key.Algorithm {
			return true
		}
	}
	return false
}

// finish marks the trust point revoked when no trusted key remains and a
// key was revoked (RFC 5011 §5).
func (tp *TrustPoint) finish(events *[]Event) {
	trusted, anyRevoked := 0, false
	for _, k := range tp.Keys {
		if k.State.Trusted() {
			trusted++
		}
		if k.State == Revoked || k.State == Removed {
			anyRevoked = true
		}
	}
	if trusted == 0 && anyRevoked && !tp.Revoked {
		tp.Revoked = true
		*events = append(*events, Event{Kind: TrustPointRevoked})
	}
}
