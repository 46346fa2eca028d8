package rsep

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestPolicyDuplicateKeys: a key given twice, at any depth, is refused
// (encoding/json would keep the last one silently).
func TestPolicyDuplicateKeys(t *testing.T) {
	for _, doc := range []string{
		`{"tld": "example", "tld": "other"}`,
		`{"controlled_interruption": {"start": "2026-09-01T00:00:00Z", "days": 90, "days": 10}}`,
		`{"waivers": [{"check": "DEL04", "reason": "a", "reason": "b"}]}`,
		`{"idn_tables": {"el": "1.0", "el": "2.0"}}`,
	} {
		if _, err := ParsePolicy(strings.NewReader(doc)); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "duplicate key") {
			t.Errorf("%s: %v, want a duplicate-key ErrMalformed", doc, err)
		}
	}
	ok := `{"tld": "example", "waivers": [{"check": "DEL04", "reason": "a"}, {"check": "DEL04", "reason": "b"}], "idn_tables": {"el": "1.0", "und-Latn": "2.1"}}`
	if _, err := ParsePolicy(strings.NewReader(ok)); err != nil {
		t.Errorf("same keys in sibling objects: %v", err)
	}
}

func TestPolicyWaiverValidation(t *testing.T) {
	for _, doc := range []string{
		`{"waivers": [{"reason": "no check or tag"}]}`,
		`{"waivers": [{"check": "DEL04"}]}`,
		`{"waivers": [{"check": "NOPE", "reason": "unknown check"}]}`,
	} {
		if _, err := ParsePolicy(strings.NewReader(doc)); !errors.Is(err, ErrPolicy) {
			t.Errorf("%s: %v, want ErrPolicy", doc, err)
		}
	}
}

// TestWaivers: a waived finding stays in the report, marked, and leaves
// Report.Err; an expired waiver gives the findings back and says so.
func TestWaivers(t *testing.T) {
	z := loadZone(t, "bad.zone")
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	run := func(w Waiver) *Report {
		rep, err := Run(t.Context(), &Target{Zone: z, Now: at(now), Checks: []string{"ZC02"}, Policy: &Policy{Waivers: []Waiver{w}}})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	rep := run(Waiver{Check: "ZC02", Tag: "WILDCARD", Reason: "lab"})
	if countCheck(rep, "ZC02") == 0 {
		t.Fatal("no ZC02 findings on bad.zone")
	}
	for _, f := range rep.Findings {
		if f.Check == "ZC02" && f.Waived != "lab" {
			t.Errorf("not waived: %v", f)
		}
	}
	if rep.Err() != nil {
		t.Errorf("Err with every finding waived: %v", rep.Err())
	}
	rep = run(Waiver{Check: "ZC02", Reason: "lab", Expires: now.Add(-time.Hour)})
	if rep.Err() == nil || countCheck(rep, "RSEP") != 1 {
		t.Errorf("expired waiver: Err %v, RSEP findings %d (want WAIVER_EXPIRED)", rep.Err(), countCheck(rep, "RSEP"))
	}
	rep = run(Waiver{Tag: "WILDCARD", Name: "nowhere.example.", Reason: "other name"})
	if rep.Err() == nil {
		t.Error("waiver for another name applied")
	}
}

// TestSOAExpireWarning: an SOA expire under a week is a warning, as
// Zonemaster ZONE05 grades it, so it counts in Report.Err (before: a
// notice, and rsepcheck exited 0).
func TestSOAExpireWarning(t *testing.T) {
	z, err := ReadZone(context.Background(), strings.NewReader(`example. 3600 IN SOA ns1.nic.example. hostmaster.nic.example. 1 14400 3600 86400 3600
example. 3600 IN NS ns1.nic.example.
`), "example.", "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(t.Context(), &Target{Zone: z, Checks: []string{"ZC09"}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range rep.Findings {
		if f.Tag == "SOA_EXPIRE" {
			found = true
			if f.Severity != Warning {
				t.Errorf("SOA_EXPIRE severity %s, want warning", f.Severity)
			}
		}
	}
	if !found || rep.Err() == nil {
		t.Errorf("SOA expire of one day: found %v, Err %v", found, rep.Err())
	}
}
