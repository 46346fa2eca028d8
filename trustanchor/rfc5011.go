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
	TrackZSKs bool
}

// UnboundConfig returns the knobs that mimic unbound's autotrust.
func UnboundConfig() Config {
	return Config{KeepMissing: UnboundKeepMissing, MinPendingCount: UnboundMinPendingCount}
}

// KresdConfig returns the knobs that mimic Knot Resolver.
func KresdConfig() Config {
	return Config{KeepMissing: KresdMissingKeep, ForgetRemoved: true}
}

func (c Config) addHoldDown(ttl uint32) time.Duration {
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

func (c Config) removeHoldDown() time.Duration {
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
func Step(tp *TrustPoint, set *DNSKEYSet, now time.Time, cfg Config) (*TrustPoint, []Event, time.Time) {
	next := tp.clone()
	next.LastQueried = now
	var events []Event
	if set == nil || !set.validated || !dnssec.EqualNames(set.Zone, tp.Zone) {
		next.QueryFailed++
		events = append(events, Event{Kind: ProbeFailed})
		retry := next.RetryTime
		if retry <= 0 {
			retry = time.Hour
		}
		next.NextProbe = now.Add(retry)
		return next, events, next.NextProbe
	}
	next.LastSuccess = now
	next.QueryFailed = 0
	ev := func(kind EventKind, k *TrustKey, from State) {
		events = append(events, Event{Kind: kind, Tag: k.Tag(), From: from, To: k.State})
	}
	move := func(kind EventKind, k *TrustKey, to State) {
		from := k.State
		k.State = to
		k.LastChange = now
		k.Timer = time.Time{}
		k.Count = 0
		ev(kind, k, from)
	}

	if set.revocationOnly {
		// Only self-signed revocations are taken from this set; absent
		// keys are not counted as removed.
		for _, key := range set.Keys {
			if !revoked(key) || !set.selfSigned(key) {
				continue
			}
			for _, k := range next.Keys {
				if k.DNSKEY != nil && sameKey(k.DNSKEY, key) && k.State.Trusted() {
					k.DNSKEY = key
					move(RevBit, k, Revoked)
					k.Timer = now.Add(cfg.removeHoldDown())
				}
			}
		}
		next.finish(&events)
		next.NextProbe = now.Add(max(next.QueryInterval, time.Hour))
		return next, events, next.NextProbe
	}
	seen := make([]bool, len(next.Keys))
	for _, key := range set.Keys {
		if key.Flags&dns.SEP == 0 && !cfg.TrackZSKs {
			continue
		}
		idx := -1
		for i, k := range next.Keys {
			if k.DNSKEY != nil && sameKey(k.DNSKEY, key) {
				idx = i
				break
			}
			if k.DNSKEY == nil && k.DS != nil && dsMatches(k.DS, key) {
				// The DNSKEY supersedes the DS anchor; state kept.
				k.DNSKEY = key
				k.DS = nil
				idx = i
				break
			}
		}
		if idx < 0 {
			if revoked(key) {
				continue // an unknown revoked key is ignored (RFC 5011 §2.1)
			}
			if len(next.Keys) >= MaxKeys {
				continue
			}
			k := &TrustKey{DNSKEY: key, State: Start}
			next.Keys = append(next.Keys, k)
			seen = append(seen, true)
			move(NewKey, k, AddPend)
			k.Count = 1
			k.Timer = now.Add(cfg.addHoldDown(set.TTL))
			continue
		}
		seen[idx] = true
		k := next.Keys[idx]
		if revoked(key) {
			k.DNSKEY = key
			// RevBit counts only when the revoked key signed the set itself
			// (RFC 5011 §2.1).
			if set.selfSigned(key) && (k.State == Valid || k.State == Missing || k.State == AddPend) {
				if k.State == AddPend {
					// Never trusted: nothing to revoke, forget it.
					move(RevBit, k, Removed)
				} else {
					move(RevBit, k, Revoked)
					k.Timer = now.Add(cfg.removeHoldDown())
				}
			}
			continue
		}
		switch k.State {
		case Start:
			move(NewKey, k, AddPend)
			k.Count = 1
			k.Timer = now.Add(cfg.addHoldDown(set.TTL))
		case AddPend:
			k.Count++
			if k.Timer.IsZero() {
				k.Timer = k.LastChange.Add(cfg.addHoldDown(set.TTL))
			}
			if !now.Before(k.Timer) && k.Count >= max(1, cfg.MinPendingCount) {
				move(AddTime, k, Valid)
			}
		case Missing:
			move(KeyPres, k, Valid)
		}
	}
	// Keys absent from the validated set, and time-driven transitions.
	var keep []*TrustKey
	for i, k := range next.Keys {
		if !seen[i] {
			switch k.State {
			case Valid:
				move(KeyRem, k, Missing)
			case AddPend:
				// RFC 5011 §4: KeyRem takes AddPend back to Start.
				move(KeyRem, k, Start)
				continue
			case Missing:
				if cfg.KeepMissing > 0 && now.Sub(k.LastChange) >= cfg.KeepMissing {
					move(Forgotten, k, Removed)
					continue
				}
			}
		}
		if k.State == Revoked {
			if k.Timer.IsZero() {
				k.Timer = k.LastChange.Add(cfg.removeHoldDown())
			}
			if !now.Before(k.Timer) {
				move(RemTime, k, Removed)
			}
		}
		if k.State == Removed && cfg.ForgetRemoved {
			ev(Forgotten, k, Removed)
			continue
		}
		keep = append(keep, k)
	}
	next.Keys = sortedKeys(keep)
	next.finish(&events)

	qi, rt := ProbeTimes(time.Duration(set.TTL)*time.Second, set.Expiration.Sub(now))
	next.QueryInterval, next.RetryTime = qi, rt
	next.NextProbe = now.Add(qi)
	return next, events, next.NextProbe
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
