package trustanchor

import (
	"bytes"
	"crypto"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/miekg/dns"
)

func TestRFC5011Section2_3ProbeTimes(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		ttl, sig     time.Duration
		query, retry time.Duration
	}{
		{48 * time.Hour, 14 * day, day, 4*time.Hour + 48*time.Minute}, // root: TTL 2 d
		{60 * day, 60 * day, 15 * day, day},                           // capped at 15 d and 1 d
		{time.Minute, day, time.Hour, time.Hour},                      // floor of 1 h
		{48 * time.Hour, 10 * time.Hour, 5 * time.Hour, time.Hour},    // signature about to expire
		{48 * time.Hour, -time.Hour, time.Hour, time.Hour},            // already expired
	}
	for _, tt := range tests {
		q, r := ProbeTimes(tt.ttl, tt.sig)
		if q != tt.query || r != tt.retry {
			t.Errorf("ProbeTimes(%v, %v) = %v, %v; want %v, %v", tt.ttl, tt.sig, q, r, tt.query, tt.retry)
		}
	}
}

// simKey is a stand-in for a root key (ECDSA P-256 so the simulation is
// fast); the timeline is the real one.
type simKey struct {
	name string
	key  *dns.DNSKEY
	priv crypto.Signer
}

func newSimKey(t *testing.T, name string, flags uint16) *simKey {
	t.Helper()
	k := &dns.DNSKEY{Hdr: dns.RR_Header{Name: ".", Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET, Ttl: 172800},
		Flags: flags, Protocol: 3, Algorithm: dns.ECDSAP256SHA256}
	priv, err := k.Generate(256)
	if err != nil {
		t.Fatal(err)
	}
	return &simKey{name: name, key: k, priv: priv.(crypto.Signer)}
}

func (k *simKey) revoked() *simKey {
	c := *k.key
	c.Flags |= dns.REVOKE
	return &simKey{name: k.name + "(revoked)", key: &c, priv: k.priv}
}

// publish builds the DNSKEY RRset of keys signed by signers at time at,
// with the root's TTL and a 14-day signature validity.
func publish(t *testing.T, at time.Time, keys, signers []*simKey) ([]dns.RR, []*dns.RRSIG) {
	t.Helper()
	var rrset []dns.RR
	for _, k := range keys {
		rrset = append(rrset, k.key)
	}
	var sigs []*dns.RRSIG
	for _, s := range signers {
		sig := &dns.RRSIG{Hdr: dns.RR_Header{Name: ".", Rrtype: dns.TypeRRSIG, Class: dns.ClassINET, Ttl: 172800},
			TypeCovered: dns.TypeDNSKEY, Algorithm: s.key.Algorithm, Labels: 0, OrigTtl: 172800,
			Expiration: uint32(at.Add(13 * 24 * time.Hour).Unix()), Inception: uint32(at.Add(-24 * time.Hour).Unix()),
			KeyTag: s.key.KeyTag(), SignerName: "."}
		if err := sig.Sign(s.priv, rrset); err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs, sig)
	}
	return rrset, sigs
}

type logged struct {
	at time.Time
	ev Event
}

// simulate probes at each NextProbe from start to end; schedule says what
// the root publishes at a time (keys and signers).
func simulate(t *testing.T, tp *TrustPoint, start, end time.Time, cfg *Config,
	schedule func(time.Time) (keys, signers []*simKey)) (*TrustPoint, []logged) {
	t.Helper()
	var log []logged
	now := start
	for steps := 0; now.Before(end); steps++ {
		if steps > 5000 {
			t.Fatal("simulation does not advance")
		}
		keys, signers := schedule(now)
		rrset, sigs := publish(t, now, keys, signers)
		set, err := ValidateDNSKEYSet(tp, rrset, sigs, now)
		if err != nil {
			set = nil
		}
		var events []Event
		var next time.Time
		tp, events, next = Step(tp, set, now, cfg)
		for _, e := range events {
			log = append(log, logged{now, e})
		}
		if !next.After(now) {
			t.Fatalf("next probe %v not after %v", next, now)
		}
		now = next
	}
	return tp, log
}

func find(log []logged, kind EventKind, tag uint16) (time.Time, bool) {
	for _, l := range log {
		if l.ev.Kind == kind && (tag == 0 || l.ev.Tag == tag) {
			return l.at, true
		}
	}
	return time.Time{}, false
}

func within(t *testing.T, what string, got time.Time, ok bool, from, to string) {
	t.Helper()
	if !ok {
		t.Errorf("%s: never happened", what)
		return
	}
	if got.Before(date(from)) || got.After(date(to)) {
		t.Errorf("%s at %s, want between %s and %s", what, got.Format(time.RFC3339), from, to)
	}
}

func tags(rrs []dns.RR) []uint16 {
	var out []uint16
	for _, rr := range rrs {
		if k, ok := rr.(*dns.DNSKEY); ok {
			out = append(out, k.KeyTag())
		} else {
			out = append(out, rr.(*dns.DS).KeyTag)
		}
	}
	return out
}

// TestRFC5011RootRoll2017 replays the first root KSK roll with unbound's
// knobs: KSK-2017 published 2017-07-11, signing from 2018-10-11, KSK-2010
// revoked 2019-01-11 and removed 2019-03-22.
func TestRFC5011RootRoll2017(t *testing.T) {
	ksk2010 := newSimKey(t, "KSK-2010", 257)
	ksk2017 := newSimKey(t, "KSK-2017", 257)
	zsk := newSimKey(t, "ZSK", 256)
	schedule := func(now time.Time) (keys, signers []*simKey) {
		switch {
		case now.Before(date("2017-07-11T00:00:00Z")):
			return []*simKey{ksk2010, zsk}, []*simKey{ksk2010}
		case now.Before(date("2018-10-11T16:00:00Z")):
			return []*simKey{ksk2010, ksk2017, zsk}, []*simKey{ksk2010}
		case now.Before(date("2019-01-11T00:00:00Z")):
			return []*simKey{ksk2010, ksk2017, zsk}, []*simKey{ksk2017}
		case now.Before(date("2019-03-22T00:00:00Z")):
			return []*simKey{ksk2010.revoked(), ksk2017, zsk}, []*simKey{ksk2010.revoked(), ksk2017}
		}
		return []*simKey{ksk2017, zsk}, []*simKey{ksk2017}
	}
	start := date("2017-06-01T00:00:00Z")
	tp, err := NewTrustPoint([]dns.RR{ksk2010.key}, start)
	if err != nil {
		t.Fatal(err)
	}
	tp, log := simulate(t, tp, start, date("2019-06-01T00:00:00Z"), UnboundConfig(), schedule)

	tag2010, tag2017, tag2010r := ksk2010.key.KeyTag(), ksk2017.key.KeyTag(), ksk2010.revoked().key.KeyTag()
	at, ok := find(log, NewKey, tag2017)
	within(t, "KSK-2017 NewKey", at, ok, "2017-07-11T00:00:00Z", "2017-07-12T00:00:00Z")
	at, ok = find(log, AddTime, tag2017)
	within(t, "KSK-2017 AddTime", at, ok, "2017-08-10T00:00:00Z", "2017-08-12T00:00:00Z")
	at, ok = find(log, RevBit, tag2010r)
	within(t, "KSK-2010 RevBit", at, ok, "2019-01-11T00:00:00Z", "2019-01-12T00:00:00Z")
	at, ok = find(log, RemTime, tag2010r)
	within(t, "KSK-2010 RemTime", at, ok, "2019-02-10T00:00:00Z", "2019-02-12T00:00:00Z")
	if _, ok := find(log, ProbeFailed, 0); ok {
		t.Error("a probe failed during a correctly followed roll")
	}
	if _, ok := find(log, NewKey, zsk.key.KeyTag()); ok {
		t.Error("ZSK tracked")
	}
	if d := cmp.Diff([]uint16{tag2017}, tags(tp.Anchors())); d != "" {
		t.Errorf("final anchors (-want +got):\n%s", d)
	}
	_ = tag2010
	if tp.QueryInterval != 24*time.Hour {
		t.Errorf("query interval %v, want 1 day (½ of the 2-day TTL)", tp.QueryInterval)
	}

	// A validator that slept through the roll with only KSK-2010 can no
	// longer validate the DNSKEY RRset (the 2018 stale-anchor problem).
	stale, _ := NewTrustPoint([]dns.RR{ksk2010.key}, start)
	_, log = simulate(t, stale, date("2018-10-12T00:00:00Z"), date("2018-10-14T00:00:00Z"), UnboundConfig(), schedule)
	if _, ok := find(log, ProbeFailed, 0); !ok {
		t.Error("stale KSK-2010-only validator still validated after the roll")
	}
	if _, ok := find(log, NewKey, 0); ok {
		t.Error("unvalidated set moved the state machine")
	}
}

// TestRFC5011RootRoll2024 replays the current roll from a DS bootstrap
// (Debian root.ds style) with the RFC 5011 defaults: KSK-2024 published
// 2025-01-11, signing from 2026-10-11, KSK-2017 revoked 2027-01-11.
func TestRFC5011RootRoll2024(t *testing.T) {
	ksk2017 := newSimKey(t, "KSK-2017", 257)
	ksk2024 := newSimKey(t, "KSK-2024", 257)
	zsk := newSimKey(t, "ZSK", 256)
	schedule := func(now time.Time) (keys, signers []*simKey) {
		switch {
		case now.Before(date("2025-01-11T00:00:00Z")):
			return []*simKey{ksk2017, zsk}, []*simKey{ksk2017}
		case now.Before(date("2026-10-11T00:00:00Z")):
			return []*simKey{ksk2017, ksk2024, zsk}, []*simKey{ksk2017}
		case now.Before(date("2027-01-11T00:00:00Z")):
			return []*simKey{ksk2017, ksk2024, zsk}, []*simKey{ksk2024}
		case now.Before(date("2027-04-11T00:00:00Z")):
			return []*simKey{ksk2017.revoked(), ksk2024, zsk}, []*simKey{ksk2017.revoked(), ksk2024}
		}
		return []*simKey{ksk2024, zsk}, []*simKey{ksk2024}
	}
	start := date("2024-12-01T00:00:00Z")
	tp, err := NewTrustPoint([]dns.RR{ksk2017.key.ToDS(dns.SHA256)}, start)
	if err != nil {
		t.Fatal(err)
	}
	tp, log := simulate(t, tp, start, date("2027-06-01T00:00:00Z"), &Config{}, schedule)
	tag2017, tag2024, tag2017r := ksk2017.key.KeyTag(), ksk2024.key.KeyTag(), ksk2017.revoked().key.KeyTag()
	at, ok := find(log, AddTime, tag2024)
	within(t, "KSK-2024 AddTime", at, ok, "2025-02-10T00:00:00Z", "2025-02-12T00:00:00Z")
	at, ok = find(log, RevBit, tag2017r)
	within(t, "KSK-2017 RevBit", at, ok, "2027-01-11T00:00:00Z", "2027-01-12T00:00:00Z")
	at, ok = find(log, RemTime, tag2017r)
	within(t, "KSK-2017 RemTime", at, ok, "2027-02-10T00:00:00Z", "2027-02-12T00:00:00Z")
	if d := cmp.Diff([]uint16{tag2024}, tags(tp.Anchors())); d != "" {
		t.Errorf("final anchors (-want +got):\n%s", d)
	}
	// The DS bootstrap was replaced by the DNSKEY.
	for _, k := range tp.Keys {
		if k.DS != nil {
			t.Errorf("DS anchor %d not superseded by its DNSKEY", k.Tag())
		}
	}
	_ = tag2017
	// The trust point survives a write/read through unbound's file.
	var b strings.Builder
	if err := WriteUnbound(&b, tp); err != nil {
		t.Fatal(err)
	}
	back, err := ReadUnbound(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(tp, back, cmpopts.IgnoreFields(dns.RR_Header{}, "Rdlength")); d != "" {
		t.Errorf("unbound round trip after the roll (-want +got):\n%s", d)
	}

	// A resolver with only KSK-2017 that was offline across the roll fails.
	stale, _ := NewTrustPoint([]dns.RR{ksk2017.key}, start)
	_, log = simulate(t, stale, date("2026-11-01T00:00:00Z"), date("2026-11-02T00:00:00Z"), &Config{}, schedule)
	if _, ok := find(log, ProbeFailed, 0); !ok {
		t.Error("stale KSK-2017-only validator validated after the 2026 roll")
	}
}

func TestRFC5011Transitions(t *testing.T) {
	a := newSimKey(t, "A", 257)
	b := newSimKey(t, "B", 257)
	c := newSimKey(t, "C", 257)
	t0 := date("2030-01-01T00:00:00Z")
	tp, _ := NewTrustPoint([]dns.RR{a.key, b.key}, t0)
	step := func(now time.Time, keys, signers []*simKey, cfg *Config) []string {
		rrset, sigs := publish(t, now, keys, signers)
		set, err := ValidateDNSKEYSet(tp, rrset, sigs, now)
		if err != nil {
			set = nil
		}
		var evs []Event
		tp, evs, _ = Step(tp, set, now, cfg)
		out := []string{}
		for _, e := range evs {
			out = append(out, strings.NewReplacer(
				fmt.Sprint(a.key.KeyTag()), "A", fmt.Sprint(b.key.KeyTag()), "B", fmt.Sprint(c.key.KeyTag()), "C",
				fmt.Sprint(a.revoked().key.KeyTag()), "A'", fmt.Sprint(c.revoked().key.KeyTag()), "C'").Replace(e.String()))
		}
		sort.Strings(out)
		return out
	}
	day := 24 * time.Hour
	cfg := &Config{KeepMissing: 10 * day}
	check := func(name string, got []string, want ...string) {
		t.Helper()
		if want == nil {
			want = []string{}
		}
		sort.Strings(want)
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", name, d)
		}
	}
	check("new key", step(t0, []*simKey{a, b, c}, []*simKey{a}, cfg), "NewKey C Start→AddPend")
	check("gone", step(t0.Add(day), []*simKey{a}, []*simKey{a}, cfg), "KeyRem B Valid→Missing", "KeyRem C AddPend→Start")
	check("back", step(t0.Add(2*day), []*simKey{a, b}, []*simKey{a}, cfg), "KeyPres B Missing→Valid")
	check("gone again", step(t0.Add(3*day), []*simKey{a}, []*simKey{a}, cfg), "KeyRem B Valid→Missing")
	check("missing too long", step(t0.Add(14*day), []*simKey{a}, []*simKey{a}, cfg), "Forgotten B Missing→Removed")
	check("untrusted signer", step(t0.Add(15*day), []*simKey{a, c}, []*simKey{c}, cfg), "ProbeFailed")
	check("new C", step(t0.Add(16*day), []*simKey{a, c}, []*simKey{a}, cfg), "NewKey C Start→AddPend")
	check("hold-down running", step(t0.Add(45*day), []*simKey{a, c}, []*simKey{a}, cfg))
	check("hold-down over", step(t0.Add(47*day), []*simKey{a, c}, []*simKey{a}, cfg), "AddTime C AddPend→Valid")
	check("revocation not self-signed is ignored", step(t0.Add(47*day+time.Hour), []*simKey{a.revoked(), c}, []*simKey{c}, cfg))
	if got := tags(tp.Anchors()); len(got) != 2 {
		t.Errorf("A lost its trust without a self-signed revocation: %v", got)
	}
	check("revoked", step(t0.Add(48*day), []*simKey{a.revoked(), c}, []*simKey{a.revoked(), c}, cfg), "RevBit A' Valid→Revoked")
	check("remove hold-down", step(t0.Add(70*day), []*simKey{c}, []*simKey{c}, cfg))
	check("removed", step(t0.Add(79*day), []*simKey{c}, []*simKey{c}, cfg), "RemTime A' Revoked→Removed")
	if d := cmp.Diff([]uint16{c.key.KeyTag()}, tags(tp.Anchors())); d != "" {
		t.Errorf("final anchors (-want +got):\n%s", d)
	}
	// Every key revoked: the trust point is revoked (RFC 5011 §5).
	check("all revoked", step(t0.Add(80*day), []*simKey{c.revoked(), b}, []*simKey{c.revoked()}, cfg), "RevBit C' Valid→Revoked", "TrustPointRevoked")
	if !tp.Revoked || len(tp.Anchors()) != 0 {
		t.Errorf("trust point not revoked: %+v", tp)
	}
}

// rootDNSKEYSet extracts the apex DNSKEY RRset and its RRSIGs from a root
// zone text.
func rootDNSKEYSet(t *testing.T, zone []byte) ([]dns.RR, []*dns.RRSIG) {
	t.Helper()
	var keys []dns.RR
	var sigs []*dns.RRSIG
	zp := dns.NewZoneParser(bytes.NewReader(zone), ".", "")
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if rr.Header().Name != "." {
			continue
		}
		switch v := rr.(type) {
		case *dns.DNSKEY:
			keys = append(keys, v)
		case *dns.RRSIG:
			if v.TypeCovered == dns.TypeDNSKEY {
				sigs = append(sigs, v)
			}
		}
	}
	if err := zp.Err(); err != nil {
		t.Fatal(err)
	}
	return keys, sigs
}

// TestRFC5011RealRootDNSKEYSets drives Step with the real root DNSKEY
// RRsets and signatures of 2017-08-21 and 2022-02-15, starting from the
// real 2014 unbound state file (KSK-2010 VALID). The add hold-down is
// shortened to 10 days (a Config knob) so that the 2017 signatures are
// still valid when it ends.
func TestRFC5011RealRootDNSKEYSets(t *testing.T) {
	tp, err := ReadUnbound(bytes.NewReader(readTestdata(t, "unbound-autotrust-root-2014.key")))
	if err != nil {
		t.Fatal(err)
	}
	cfg := UnboundConfig()
	cfg.AddHoldDown = 10 * 24 * time.Hour
	keys17, sigs17 := rootDNSKEYSet(t, rootZone(t, "root-2017082100.zone.gz"))
	keys22, sigs22 := rootDNSKEYSet(t, rootZone(t, "root-2022021501.zone.gz"))
	var log []string
	probe := func(when string, keys []dns.RR, sigs []*dns.RRSIG) {
		now := date(when)
		set, err := ValidateDNSKEYSet(tp, keys, sigs, now)
		if err != nil {
			set = nil
			log = append(log, when+" invalid")
		}
		var evs []Event
		tp, evs, _ = Step(tp, set, now, cfg)
		for _, e := range evs {
			log = append(log, when+" "+e.String())
		}
	}
	probe("2017-08-21T00:00:00Z", keys17, sigs17)
	probe("2017-08-25T00:00:00Z", keys17, sigs17)
	probe("2017-09-01T00:00:00Z", keys17, sigs17)
	probe("2017-09-11T00:00:00Z", keys17, sigs17) // signatures expired on 2017-09-10
	probe("2022-02-20T00:00:00Z", keys22, sigs22)
	want := []string{
		"2017-08-21T00:00:00Z NewKey 20326 Start→AddPend",
		"2017-09-01T00:00:00Z AddTime 20326 AddPend→Valid",
		"2017-09-11T00:00:00Z invalid",
		"2017-09-11T00:00:00Z ProbeFailed",
		"2022-02-20T00:00:00Z KeyRem 19036 Valid→Missing",
	}
	if d := cmp.Diff(want, log); d != "" {
		t.Errorf("events (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]uint16{19036, 20326}, tags(tp.Anchors())); d != "" {
		t.Errorf("anchors (-want +got):\n%s", d)
	}
	// Today's IANA anchors validate the 2022 set too; KSK-2010 alone does
	// not (the 2018 roll).
	old, _ := NewTrustPoint(mustDS(t, "dns-root-data-2024071801-root.ds"), date(today))
	if _, err := ValidateDNSKEYSet(old, keys22, sigs22, date("2022-02-20T00:00:00Z")); err != nil {
		t.Errorf("root.ds does not validate the 2022 DNSKEY set: %v", err)
	}
	only2010, _ := NewTrustPoint([]dns.RR{keys17[1]}, date(today))
	if _, err := ValidateDNSKEYSet(only2010, keys22, sigs22, date("2022-02-20T00:00:00Z")); !errors.Is(err, ErrBogus) {
		t.Errorf("KSK-2010 validates the 2022 set? %v", err)
	}
}
