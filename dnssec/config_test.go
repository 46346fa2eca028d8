package dnssec

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestNilConfig: a nil *Config or *ZoneConfig is the zero value (README
// "Conventions"): strict, and never a panic.
func TestNilConfig(t *testing.T) {
	if _, err := NewValidator(nil); !errors.Is(err, ErrMalformed) {
		t.Errorf("NewValidator(nil): %v, want ErrMalformed (no anchors)", err)
	}
	z := readZoneFixture(t, "ldns-nsec-15.zone")
	rep, err := VerifyZone(context.Background(), strings.NewReader(z), nil)
	if err != nil {
		t.Fatalf("VerifyZone(nil): %v", err)
	}
	if rep.Records == 0 || rep.Denial != DenialNSEC {
		t.Errorf("VerifyZone(nil): %d records, denial %v", rep.Records, rep.Denial)
	}
	zs := NewZoneScanner(strings.NewReader(z), nil)
	n := 0
	for _, ok := zs.Next(); ok; _, ok = zs.Next() {
		n++
	}
	if zs.Err() != nil || n != rep.Records {
		t.Errorf("NewZoneScanner(nil): %d records (%v), VerifyZone read %d", n, zs.Err(), rep.Records)
	}
	b, err := io.ReadAll(LimitZoneReader(strings.NewReader(z), nil))
	if err != nil || string(b) != z {
		t.Errorf("LimitZoneReader(nil): %d of %d bytes, %v", len(b), len(z), err)
	}
}

// TestReportOutcomeText: DenialKind and ZONEMDStatus print and marshal as
// the words verifyzone has always written.
func TestReportOutcomeText(t *testing.T) {
	words := map[any]string{
		DenialNone: "none", DenialNSEC: "NSEC", DenialNSEC3: "NSEC3", DenialNSEC3OptOut: "NSEC3 opt-out",
		DenialMixed: "NSEC+NSEC3", DenialMixedOptOut: "NSEC+NSEC3 opt-out",
		ZONEMDAbsent: "absent", ZONEMDVerified: "verified", ZONEMDFailed: "failed", ZONEMDUnsupported: "unsupported",
	}
	for v, want := range words {
		b, err := json.Marshal(v)
		if s := v.(interface{ String() string }).String(); s != want || err != nil || string(b) != `"`+want+`"` {
			t.Errorf("%#v: String %q JSON %s (%v), want %q", v, s, b, err, want)
		}
	}
	if got := DenialNSEC3.withOptOut(); got != DenialNSEC3OptOut {
		t.Errorf("NSEC3 with opt-out: %v", got)
	}
	if got := DenialMixed.withOptOut(); got != DenialMixedOptOut {
		t.Errorf("NSEC+NSEC3 with opt-out: %v", got)
	}
	if s := DenialKind(99).String(); s != "DenialKind(99)" {
		t.Errorf("out of range: %q", s)
	}
}
