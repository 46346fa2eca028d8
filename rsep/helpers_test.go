package rsep

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// evalTime is inside the validity of every signed fixture (gen.sh).
var evalTime = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// countCheck returns the number of findings of r with the given check ID.
func countCheck(r *Report, check string) int {
	n := 0
	for _, f := range r.Findings {
		if f.Check == check {
			n++
		}
	}
	return n
}

// classify is Classify under the test's context; an error fails the test.
func classify(t testing.TB, before, after *Target) []Change {
	t.Helper()
	ch, err := Classify(t.Context(), before, after)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// at is a clock stopped at t, for Target.Now and TLDInput.Now; at of the
// zero time is a run without a clock.
func at(t time.Time) func() time.Time { return func() time.Time { return t } }

func loadZone(t testing.TB, name string) *Zone {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := ReadZone(context.Background(), f, "example.", name, nil)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func zoneText(t testing.TB, text string) *Zone {
	t.Helper()
	z, err := ReadZone(context.Background(), strings.NewReader(text), "example.", "inline", nil)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func loadParent(t testing.TB, name string) *Delegation {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := ReadDelegation(context.Background(), f, "example.", name, nil)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func run(t testing.TB, tg *Target) *Report {
	t.Helper()
	r, err := Run(context.Background(), tg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// tags returns "CHECK TAG name/type" for every finding with check id (all
// when id is empty) and severity at least sev.
func tags(r *Report, id string, sev Severity) []string {
	var out []string
	for _, f := range r.Findings {
		if (id == "" || f.Check == id) && f.Severity >= sev {
			s := f.Check + " " + f.Tag + " " + f.Name
			if f.Type != "" {
				s += "/" + f.Type
			}
			out = append(out, s)
		}
	}
	return out
}
