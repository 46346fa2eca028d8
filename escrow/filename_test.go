package escrow

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestRASpec2FileNames checks names against RA Specification 2 Part A §5.
func TestRASpec2FileNames(t *testing.T) {
	d := func(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC) }
	good := []struct {
		name string
		want FileName
	}{
		// The example of §5.2: the full deposit of watermark 2009-08-02T00:00Z.
		{"example_2009-08-02_full_S1_R0.ryde", FileName{"example", d(2009, 8, 2), "full", 1, 0, "ryde"}},
		{"example_2009-08-02_full_S1_R0.sig", FileName{"example", d(2009, 8, 2), "full", 1, 0, "sig"}},
		{"xn--unup4y_2026-11-24_diff_S12_R3.ryde", FileName{"xn--unup4y", d(2026, 11, 24), "diff", 12, 3, "ryde"}},
		{"example_2026-11-24_thin_S1_R0.ryde", FileName{"example", d(2026, 11, 24), "thin", 1, 0, "ryde"}},
		{"EXAMPLE_2026-11-24_full_S1_R0.xml", FileName{"example", d(2026, 11, 24), "full", 1, 0, "xml"}},
		{"a1_2026-11-24_full_S1_R10.tar", FileName{"a1", d(2026, 11, 24), "full", 1, 10, "tar"}},
	}
	for _, tc := range good {
		got, err := ParseFileName(tc.name)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("%s: Validate: %v", tc.name, err)
		}
	}
	bad := []string{
		"", "example", "example_2009-08-02_full_S1_R0", "example_2009-08-02_full_S1_R0.gz",
		"example_2009-08-02_full_S0_R0.ryde",   // §5.4: from 1
		"example_2009-08-02_full_S01_R0.ryde",  // leading zero
		"example_2009-08-02_full_S1_R-1.ryde",  // §5.5
		"example_2009-08-02_incr_S1_R0.ryde",   // §5.3: full, diff or thin
		"example_2009-08-02_FULL_S1_R0.ryde",   // lower case
		"example_2009-8-2_full_S1_R0.ryde",     // §5.2: YYYY-MM-DD
		"example_2009-02-30_full_S1_R0.ryde",   // no such date
		"exa_mple_2009-08-02_full_S1_R0.ryde",  // extra field
		"-example_2009-08-02_full_S1_R0.ryde",  // LDH
		"ex--ample_2009-08-02_full_S1_R0.ryde", // hyphens in 3-4 without xn--
		"123_2009-08-02_full_S1_R0.ryde",       // all digits
		"bücher_2009-08-02_full_S1_R0.ryde",    // §5.1: A-label
		"example_2009-08-02_full_S1_R0.ryde.sig",
		"example_2009-08-02_full_S99999999999999999999_R0.ryde",
	}
	for _, name := range bad {
		if f, err := ParseFileName(name); !errors.Is(err, ErrFileName) {
			t.Errorf("%q: parsed as %+v, %v; want ErrFileName", name, f, err)
		}
	}
}

func TestFileNameString(t *testing.T) {
	f := FileName{TLD: "example", Date: time.Date(2026, 11, 22, 13, 0, 0, 0, time.UTC), Type: "diff", Seq: 2, Rev: 1, Ext: "sig"}
	if got, want := f.String(), "example_2026-11-22_diff_S2_R1.sig"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if err := (FileName{TLD: "Example", Date: f.Date, Type: "full", Seq: 1, Ext: "ryde"}).Validate(); !errors.Is(err, ErrFileName) {
		t.Errorf("upper-case TLD: %v, want ErrFileName", err)
	}
}
