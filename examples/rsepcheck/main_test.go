package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssrkit/ssr/examples/internal/cputime"
	"github.com/ssrkit/ssr/examples/internal/keytrap"
)

func td(name string) string { return filepath.Join("..", "..", "rsep", "testdata", name) }

func TestExitCodes(t *testing.T) {
	const now = "2026-12-01T00:00:00Z"
	for _, c := range []struct {
		name                         string
		zone, before, parent, policy string
		code                         int
		want                         string
	}{
		{"clean", td("good.zone"), "", td("parent-good.txt"), "", 0, "0 findings"},
		{"findings", td("bad.zone"), "", "", "", 1, "ZC02  error    WILDCARD *.example./A"},
		{"change-ok", td("nsec3-ok-1.zone"), td("nsec3-ok-0.zone"), "", "", 0, "algorithm-roll: DNSKEY algorithms [5] -> [5 8]"},
		{"change-introduces", td("bad.zone"), td("good.zone"), "", "", 1, "new-rr-type: new RR type(s) HINFO"},
		{"missing", td("nope.zone"), "", "", "", 2, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			code, err := runMain(c.zone, "", c.before, c.parent, c.policy, "", "", now, false, false, &out)
			if code != c.code {
				t.Fatalf("exit %d (%v), want %d\n%s", code, err, c.code, out.String())
			}
			if !strings.Contains(out.String(), c.want) {
				t.Errorf("output lacks %q:\n%s", c.want, out.String())
			}
		})
	}
	var out bytes.Buffer
	if code, err := runMain(td("bad.zone"), "", td("good.zone"), "", "", td("zonemaster-bad.json"), "", now, false, true, &out); code != 1 || err != nil {
		t.Fatalf("json: exit %d, %v", code, err)
	}
	var o struct {
		Report  struct{ Findings []map[string]any }
		Diff    struct{ New []map[string]any }
		Changes []map[string]any
	}
	if err := json.Unmarshal(out.Bytes(), &o); err != nil || len(o.Report.Findings) == 0 || len(o.Diff.New) == 0 || len(o.Changes) == 0 {
		t.Errorf("json output: %v %+v", err, o)
	}
}

// TestKeyTrapZone: a 3.8 MB zone with 10,000 DNSKEYs sharing the signing
// key's tag is evaluated in under 2 s of CPU (before MaxKeysPerRRSIG: 98 s),
// and the collision is reported.
func TestKeyTrapZone(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a 3.8 MB zone")
	}
	zone := filepath.Join(t.TempDir(), "keytrap.zone")
	f, err := os.Create(zone)
	if err != nil {
		t.Fatal(err)
	}
	inc := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if err := keytrap.Zone(f, "example.", 10_000, inc, inc.AddDate(0, 2, 0)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var out bytes.Buffer
	cpu, start := cputime.Used(), time.Now()
	code, err := runMain(zone, "", "", "", "", "", "", "2026-12-01T00:00:00Z", false, false, &out)
	used, wall := cputime.Used()-cpu, time.Since(start)
	t.Logf("rsepcheck on the 10,000-key zone: %v CPU, %v wall", used, wall)
	if code != 1 || err != nil {
		t.Fatalf("exit %d, %v", code, err)
	}
	if used > 2*time.Second {
		t.Errorf("took %v of CPU, want < 2s", used)
	}
	if !strings.Contains(out.String(), "KEYTAG_COLLISIONS") {
		t.Errorf("no KEYTAG_COLLISIONS finding:\n%s", out.String())
	}
}
