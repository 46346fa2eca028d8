package rsep

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestNowNilIsClock: a Target without Now is judged at the wall clock,
// read once (README "Conventions": nil Now means time.Now); a Now that
// returns the zero time is a run without a clock.
func TestNowNilIsClock(t *testing.T) {
	z := loadZone(t, "good.zone")
	before := time.Now()
	r := run(t, &Target{Zone: z, Checks: []string{"ZC01"}})
	if r.Time.Before(before) || r.Time.After(time.Now()) {
		t.Errorf("nil Now: report time %v, want the clock's", r.Time)
	}
	r = run(t, &Target{Zone: z, Now: at(time.Time{}), Checks: []string{"SEC02"}})
	if len(r.Checks) != 1 || r.Checks[0].Ran || r.Checks[0].Skipped == "" {
		t.Errorf("zero Now: SEC02 status %+v, want skipped for want of a clock", r.Checks)
	}
}

// TestDropped: findings past Limits.Findings are counted in Report.Dropped
// and TLDReport.Dropped.
func TestDropped(t *testing.T) {
	r := run(t, &Target{Zone: loadZone(t, "bad.zone"), Now: at(evalTime), Limits: Limits{Findings: 2}})
	if r.Dropped == 0 || len(r.Findings) != 3 {
		t.Errorf("Dropped %d with %d findings kept, want > 0 and 3", r.Dropped, len(r.Findings))
	}
	full := run(t, &Target{Zone: loadZone(t, "bad.zone"), Now: at(evalTime)})
	if full.Dropped != 0 || len(full.Findings) != r.Dropped+2 {
		t.Errorf("unlimited run: Dropped %d, %d findings; limited run dropped %d", full.Dropped, len(full.Findings), r.Dropped)
	}
}

// TestCancelledReaders: the readers, Run, Classify and Simulate honour
// their context.
func TestCancelledReaders(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadZone(ctx, strings.NewReader("example. 3600 IN A 192.0.2.1\n"), "example.", "t", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadZone: %v, want context.Canceled", err)
	}
	if _, err := ReadDelegation(ctx, strings.NewReader("example. 3600 IN NS ns.example.net.\n"), "example.", "t", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadDelegation: %v, want context.Canceled", err)
	}
	zm := strings.Repeat(`{"level":"WARNING","module":"ZONE","testcase":"ZONE02","tag":"REFRESH_MINIMUM_VALUE_LOWER","args":{}}`+"\n", ctxEvery)
	if _, err := ImportZonemaster(ctx, strings.NewReader(zm), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("ImportZonemaster: %v, want context.Canceled", err)
	}
	z := loadZone(t, "good.zone")
	if _, err := Simulate(ctx, []Step{{At: evalTime, Zone: z}}); !errors.Is(err, context.Canceled) {
		t.Errorf("Simulate: %v, want context.Canceled", err)
	}
	if _, err := Classify(ctx, &Target{Zone: z}, &Target{Zone: z}); !errors.Is(err, context.Canceled) {
		t.Errorf("Classify: %v, want context.Canceled", err)
	}
	if _, err := Run(ctx, &Target{Zone: z, Now: at(evalTime)}); !errors.Is(err, context.Canceled) {
		t.Errorf("Run: %v, want context.Canceled", err)
	}
}

// TestStatusText: section statuses and change kinds are typed and keep
// their JSON names.
func TestStatusText(t *testing.T) {
	b, err := json.Marshal(Section{Name: SectionChain, Status: StatusFindings})
	if err != nil || string(b) != `{"name":"zone under the chain of trust","status":"findings"}` {
		t.Errorf("Section JSON %s, %v", b, err)
	}
	var s Section
	if err := json.Unmarshal(b, &s); err != nil || s.Status != StatusFindings {
		t.Errorf("round trip: %+v, %v", s, err)
	}
	if _, err := json.Marshal(Section{}); err == nil {
		t.Error("a Section without a status marshals")
	}
	if b, err := json.Marshal(Change{Kind: ChangeKeyRoll}); err != nil || !strings.Contains(string(b), `"kind":"key-roll"`) {
		t.Errorf("Change JSON %s, %v", b, err)
	}
	if _, err := json.Marshal(Change{Kind: "made-up"}); err == nil {
		t.Error("an unknown change kind marshals")
	}
}
