package trustanchor

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// Regression tests for issue 15, defect 7: a ZSK (non-SEP key) of the
// initial anchor set was marked Missing and stayed a trusted anchor, and
// sets signed only by it drove transitions.

func eventStrings(evs []Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.String())
	}
	return out
}

func hasEvent(evs []Event, kind EventKind, tag uint16) bool {
	for _, e := range evs {
		if e.Kind == kind && e.Tag == tag {
			return true
		}
	}
	return false
}

func TestRFC5011BootstrapZSKIsDroppedNotMissing(t *testing.T) {
	ksk := newSimKey(t, "A", 257)
	zsk := newSimKey(t, "Z", 256)
	t0 := date("2030-01-01T00:00:00Z")
	for name, cfg := range map[string]*Config{"strict": {}, "unbound": UnboundConfig(), "kresd": KresdConfig()} {
		tp, err := NewTrustPoint([]dns.RR{ksk.key, zsk.key}, t0)
		if err != nil {
			t.Fatal(err)
		}
		rrset, sigs := publish(t, t0, []*simKey{ksk, zsk}, []*simKey{ksk})
		set, err := ValidateDNSKEYSet(tp, rrset, sigs, t0)
		if err != nil {
			t.Fatal(err)
		}
		next, evs, _ := Step(tp, set, t0, cfg)
		if hasEvent(evs, KeyRem, zsk.key.KeyTag()) {
			t.Errorf("%s: the ZSK in the validated set was marked removed (RFC 5011 §4.1 KeyRem): %v", name, eventStrings(evs))
		}
		if !hasEvent(evs, Forgotten, zsk.key.KeyTag()) {
			t.Errorf("%s: bootstrap ZSK not dropped once the KSK is Valid: %v", name, eventStrings(evs))
		}
		if got := tags(next.Anchors()); len(got) != 1 || got[0] != ksk.key.KeyTag() {
			t.Errorf("%s: anchors %v, want only the KSK %d", name, got, ksk.key.KeyTag())
		}
		// A year later the ZSK is not a trust anchor either.
		later := t0.Add(400 * 24 * time.Hour)
		rrset, sigs = publish(t, later, []*simKey{ksk, zsk}, []*simKey{ksk})
		set, err = ValidateDNSKEYSet(next, rrset, sigs, later)
		if err != nil {
			t.Fatal(err)
		}
		next, _, _ = Step(next, set, later, cfg)
		for _, k := range next.Keys {
			if k.DNSKEY != nil && k.DNSKEY.Flags&dns.SEP == 0 {
				t.Errorf("%s: ZSK kept as %s", name, k.State)
			}
		}
	}
}

// TestRFC5011ZSKCannotCompleteAddHoldDown is the attack: the only
// trusted KSK went missing, the old ZSK anchor is still trusted, and a set
// signed only by that ZSK would complete a new KSK's add hold-down.
func TestRFC5011ZSKCannotCompleteAddHoldDown(t *testing.T) {
	a := newSimKey(t, "A", 257)
	z := newSimKey(t, "Z", 256)
	c := newSimKey(t, "C", 257)
	t0 := date("2030-01-01T00:00:00Z")
	tp := &TrustPoint{Zone: ".", Keys: []*TrustKey{
		{DNSKEY: a.key, State: Missing, LastChange: t0},
		{DNSKEY: z.key, State: Missing, LastChange: t0},
		{DNSKEY: c.key, State: AddPend, Count: 5, LastChange: t0, Timer: t0.Add(DefaultHoldDown)},
	}}
	now := t0.Add(40 * 24 * time.Hour)
	rrset, sigs := publish(t, now, []*simKey{z, c}, []*simKey{z})
	set, err := ValidateDNSKEYSet(tp, rrset, sigs, now)
	if err == nil {
		_, evs, _ := Step(tp, set, now, nil)
		t.Fatalf("a set signed only by a ZSK anchor validated while a KSK is trusted (RFC 5011 §4.1); events %v", eventStrings(evs))
	}
	if !errors.Is(err, ErrBogus) || !strings.Contains(err.Error(), "RFC 5011 §4.1") || !strings.Contains(err.Error(), "ZSK anchor") {
		t.Errorf("error %v, want ErrBogus citing RFC 5011", err)
	}
	// Signed by the trusted KSK, the same set completes the hold-down.
	rrset, sigs = publish(t, now, []*simKey{a, z, c}, []*simKey{a})
	set, err = ValidateDNSKEYSet(tp, rrset, sigs, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, evs, _ := Step(tp, set, now, nil); !hasEvent(evs, AddTime, c.key.KeyTag()) {
		t.Errorf("KSK-signed set did not complete the hold-down: %v", eventStrings(evs))
	}
}

// TestRFC5011ZSKOnlyBootstrap: with only a ZSK configured, the ZSK
// validates the sets (it is the configured anchor), new KSKs go through
// the add hold-down (RFC 5011 §2.2; unbound trusts them at once), and the
// ZSK is dropped when the first KSK becomes Valid.
func TestRFC5011ZSKOnlyBootstrap(t *testing.T) {
	z := newSimKey(t, "Z", 256)
	c := newSimKey(t, "C", 257)
	t0 := date("2030-01-01T00:00:00Z")
	tp, _ := NewTrustPoint([]dns.RR{z.key}, t0)
	cfg := UnboundConfig()
	cfg.TrustKSKsOfZSKAnchor = false
	var all []Event
	for _, d := range []int{0, 10, 20, 31} {
		now := t0.Add(time.Duration(d) * 24 * time.Hour)
		rrset, sigs := publish(t, now, []*simKey{z, c}, []*simKey{z, c})
		set, err := ValidateDNSKEYSet(tp, rrset, sigs, now)
		if err != nil {
			t.Fatalf("day %d: %v", d, err)
		}
		var evs []Event
		tp, evs, _ = Step(tp, set, now, cfg)
		if d < 31 && hasEvent(evs, AddTime, c.key.KeyTag()) {
			t.Fatalf("day %d: hold-down cut short: %v", d, eventStrings(evs))
		}
		all = append(all, evs...)
	}
	if !hasEvent(all, AddTime, c.key.KeyTag()) || !hasEvent(all, Forgotten, z.key.KeyTag()) {
		t.Errorf("events %v, want AddTime for C and the ZSK forgotten", eventStrings(all))
	}
	if got := tags(tp.Anchors()); len(got) != 1 || got[0] != c.key.KeyTag() {
		t.Errorf("anchors %v", got)
	}
}

// TestRFC5011KeepMissingKeepsLastAnchor: keep-missing never drops the last
// trusted key (unbound removes Missing keys only while a KSK is Valid).
func TestRFC5011KeepMissingKeepsLastAnchor(t *testing.T) {
	a := newSimKey(t, "A", 257)
	b := newSimKey(t, "B", 257)
	t0 := date("2030-01-01T00:00:00Z")
	tp := &TrustPoint{Zone: ".", Keys: []*TrustKey{
		{DNSKEY: a.key, State: Missing, LastChange: t0},
		{DNSKEY: b.key, State: AddPend, Count: 1, LastChange: t0.Add(399 * 24 * time.Hour)},
	}}
	now := t0.Add(400 * 24 * time.Hour)
	// B is pending; A (Missing, trusted) signs a set without itself.
	rrset, sigs := publish(t, now, []*simKey{b}, []*simKey{a})
	set, err := ValidateDNSKEYSet(tp, rrset, sigs, now)
	if err == nil {
		t.Fatal("set signed by a key not in it validated")
	}
	_ = set
	rrset, sigs = publish(t, now, []*simKey{b}, []*simKey{b})
	if _, err := ValidateDNSKEYSet(tp, rrset, sigs, now); err == nil {
		t.Fatal("set signed by a pending key validated")
	}
	// Drive Step directly with a validated set that lacks A.
	set = &DNSKEYSet{Zone: ".", Keys: []*dns.DNSKEY{b.key}, TTL: 3600, Expiration: now.Add(24 * time.Hour), validated: true}
	next, evs, _ := Step(tp, set, now, UnboundConfig())
	if len(next.Anchors()) == 0 {
		t.Errorf("keep-missing emptied the trust point: %v", eventStrings(evs))
	}
}

// Issue 15, defect 8 (third part): a revoked trust point is not probed.
func TestRFC5011RevokedTrustPointHasNoNextProbe(t *testing.T) {
	a := newSimKey(t, "A", 257)
	t0 := date("2030-01-01T00:00:00Z")
	tp, _ := NewTrustPoint([]dns.RR{a.key}, t0)
	rrset, sigs := publish(t, t0, []*simKey{a.revoked()}, []*simKey{a.revoked()})
	set, err := ValidateDNSKEYSet(tp, rrset, sigs, t0)
	if err != nil {
		t.Fatal(err)
	}
	next, evs, probe := Step(tp, set, t0, nil)
	if !next.Revoked || !hasEventKind(evs, TrustPointRevoked) {
		t.Fatalf("not revoked: %v", eventStrings(evs))
	}
	if !probe.IsZero() || !next.NextProbe.IsZero() {
		t.Errorf("revoking Step returned next probe %v (NextProbe %v), want none (RFC 5011 §5)", probe, next.NextProbe)
	}
	again, evs, probe := Step(next, nil, t0.Add(time.Hour), nil)
	if !probe.IsZero() || len(evs) != 0 || again.QueryFailed != next.QueryFailed {
		t.Errorf("Step on a revoked trust point: probe %v, events %v, query_failed %d", probe, eventStrings(evs), again.QueryFailed)
	}
	var b bytes.Buffer
	if err := WriteUnbound(&b, again); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ";;REVOKED\n") || !strings.Contains(b.String(), ";;next_probe_time: 0 ;;") {
		t.Errorf("unbound file of a revoked trust point:\n%s", b.String())
	}
}

func hasEventKind(evs []Event, kind EventKind) bool {
	for _, e := range evs {
		if e.Kind == kind {
			return true
		}
	}
	return false
}

// TestRFC5011RevokedKeyOfDSAnchor: a DS anchor's key seen with the REVOKE
// bit is revoked only when it signed the set itself (RFC 5011 §2.1), and
// is never replaced by the revoked DNSKEY otherwise (it would stop
// matching as a trusted key).
func TestRFC5011RevokedKeyOfDSAnchor(t *testing.T) {
	a := newSimKey(t, "A", 257)
	b := newSimKey(t, "B", 257)
	t0 := date("2030-01-01T00:00:00Z")
	tp, err := NewTrustPoint([]dns.RR{a.key.ToDS(dns.SHA256), b.key}, t0)
	if err != nil {
		t.Fatal(err)
	}
	// Revoked A published, but only B signs: no revocation.
	rrset, sigs := publish(t, t0, []*simKey{a.revoked(), b}, []*simKey{b})
	set, err := ValidateDNSKEYSet(tp, rrset, sigs, t0)
	if err != nil {
		t.Fatal(err)
	}
	next, evs, _ := Step(tp, set, t0, nil)
	if hasEventKind(evs, RevBit) {
		t.Errorf("revocation without self-signature: %v", eventStrings(evs))
	}
	for _, k := range next.Keys {
		if k.DNSKEY != nil && revoked(k.DNSKEY) && k.State.Trusted() {
			t.Errorf("trusted key replaced by its revoked form: %s", k.DNSKEY)
		}
	}
	// Self-signed revocation of the DS-anchored key.
	rrset, sigs = publish(t, t0.Add(time.Hour), []*simKey{a.revoked(), b}, []*simKey{a.revoked(), b})
	set, err = ValidateDNSKEYSet(next, rrset, sigs, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	next, evs, _ = Step(next, set, t0.Add(time.Hour), nil)
	if !hasEvent(evs, RevBit, a.revoked().key.KeyTag()) {
		t.Errorf("self-signed revocation of a DS-anchored key not taken: %v", eventStrings(evs))
	}
	if got := tags(next.Anchors()); len(got) != 1 || got[0] != b.key.KeyTag() {
		t.Errorf("anchors %v, want only B", got)
	}
}

// TestRFC5011TrustKSKsOfZSKAnchor: with unbound's knob a KSK in the first
// set validated by a configured ZSK is trusted at once and the ZSK dropped.
func TestRFC5011TrustKSKsOfZSKAnchor(t *testing.T) {
	z := newSimKey(t, "Z", 256)
	c := newSimKey(t, "C", 257)
	t0 := date("2030-01-01T00:00:00Z")
	tp, _ := NewTrustPoint([]dns.RR{z.key}, t0)
	rrset, sigs := publish(t, t0, []*simKey{z, c}, []*simKey{z, c})
	set, err := ValidateDNSKEYSet(tp, rrset, sigs, t0)
	if err != nil {
		t.Fatal(err)
	}
	next, evs, _ := Step(tp, set, t0, UnboundConfig())
	if !hasEvent(evs, AddTime, c.key.KeyTag()) || !hasEvent(evs, Forgotten, z.key.KeyTag()) {
		t.Errorf("events %v", eventStrings(evs))
	}
	if got := tags(next.Anchors()); len(got) != 1 || got[0] != c.key.KeyTag() {
		t.Errorf("anchors %v", got)
	}
	// The strict default keeps the hold-down.
	next, evs, _ = Step(tp, set, t0, nil)
	if hasEvent(evs, AddTime, c.key.KeyTag()) || len(next.Anchors()) != 1 || tags(next.Anchors())[0] != z.key.KeyTag() {
		t.Errorf("strict config: events %v anchors %v", eventStrings(evs), tags(next.Anchors()))
	}
}
