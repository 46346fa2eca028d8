package main

import (
	"bytes"
	"encoding/json"
	"io"
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
			var out, errb bytes.Buffer
			args := []string{"-zone", c.zone, "-now", now}
			for _, f := range [][2]string{{"-before", c.before}, {"-parent", c.parent}, {"-policy", c.policy}} {
				if f[1] != "" {
					args = append(args, f[0], f[1])
				}
			}
			code := run(args, strings.NewReader(""), &out, &errb)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, c.code, out.String(), errb.String())
			}
			if !strings.Contains(out.String(), c.want) {
				t.Errorf("output lacks %q:\n%s", c.want, out.String())
			}
		})
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-zone", td("bad.zone"), "-before", td("good.zone"), "-zonemaster", td("zonemaster-bad.json"), "-now", now, "-json"}, nil, &out, &errb); code != 1 {
		t.Fatalf("json: exit %d, %s", code, errb.String())
	}
	var o struct {
		Report struct {
			Findings []map[string]any `json:"findings"`
		} `json:"report"`
		Diff struct {
			New []map[string]any `json:"new"`
		} `json:"diff"`
		Changes []map[string]any `json:"changes"`
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
	var out, errb bytes.Buffer
	cpu, start := cputime.Used(), time.Now()
	code := run([]string{"-zone", zone, "-now", "2026-12-01T00:00:00Z"}, nil, &out, &errb)
	used, wall := cputime.Used()-cpu, time.Since(start)
	t.Logf("rsepcheck on the 10,000-key zone: %v CPU, %v wall", used, wall)
	if code != 1 {
		t.Fatalf("exit %d, %s", code, errb.String())
	}
	bound := 2 * time.Second
	if cputime.RaceEnabled {
		bound = 20 * time.Second // still far below the 98 s of the uncapped search
	}
	if used > bound {
		t.Errorf("took %v of CPU, want < %v", used, bound)
	}
	if !strings.Contains(out.String(), "KEYTAG_COLLISIONS") {
		t.Errorf("no KEYTAG_COLLISIONS finding:\n%s", out.String())
	}
}

// TestLiveFlags: -live with -ns overrides, a timeout, progress on stderr;
// special-purpose addresses from the zone are not queried unless asked;
// usage errors exit 2.
func TestLiveFlags(t *testing.T) {
	// An unsigned zone whose name servers have documentation addresses
	// (RFC 5737): without -allow-special-addresses nothing is sent.
	dir := t.TempDir()
	zone := filepath.Join(dir, "example.zone")
	os.WriteFile(zone, []byte(`$TTL 3600
example. IN SOA ns1.nic.example. hostmaster.nic.example. 1 14400 3600 1209600 3600
example. IN NS ns1.nic.example.
example. IN NS ns2.nic.example.
ns1.nic.example. IN A 192.0.2.53
ns2.nic.example. IN A 198.51.100.53
`), 0o644)
	var out, errb bytes.Buffer
	code := run([]string{"-zone", zone, "-live", "-timeout", "300ms", "-now", "2026-12-01T00:00:00Z"}, nil, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, errb.String())
	}
	if !strings.Contains(out.String(), "PROBE_SPECIAL_SKIPPED") || strings.Contains(out.String(), "NO_RESPONSE_UDP") {
		t.Errorf("want PROBE_SPECIAL_SKIPPED and no probe of 192.0.2.53:\n%s", out.String())
	}
	if !strings.Contains(errb.String(), "rsepcheck: NS01") {
		t.Errorf("no progress on stderr:\n%s", errb.String())
	}
	// -ns sends the queries to an address given on the command line (here a
	// closed loopback port: the queries time out after -timeout).
	out.Reset()
	errb.Reset()
	start := time.Now()
	code = run([]string{"-zone", zone, "-live", "-timeout", "100ms", "-now", "2026-12-01T00:00:00Z", "-ns", "ns1.nic.example/127.0.0.1:9", "-ns", "ns2.nic.example/127.0.0.1:9"}, nil, &out, &errb)
	if code != 1 || !strings.Contains(out.String(), "NO_RESPONSE_UDP ns1.nic.example.@127.0.0.1:9") {
		t.Errorf("-ns: exit %d\n%s", code, out.String())
	}
	t.Logf("-ns run with 100ms timeout took %v", time.Since(start))
	for _, args := range [][]string{{"-zone", zone, "-ns", "bogus"}, {"-zone", zone, "-before-now", "yesterday"}, {}} {
		if code := run(args, nil, io.Discard, io.Discard); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestBeforeNow: -before-now sets the before zone's clock. The same zone,
// whose signatures expire in January 2027, before at 2026-12-01 and after
// at 2027-02-01: the expiry is new (exit 1); with one clock for both it
// persists (exit 0).
func TestBeforeNow(t *testing.T) {
	base := []string{"-zone", td("good.zone"), "-before", td("good.zone"), "-now", "2027-02-01T00:00:00Z"}
	var out bytes.Buffer
	if code := run(append(base, "-before-now", "2026-12-01T00:00:00Z"), nil, &out, io.Discard); code != 1 || !strings.Contains(out.String(), "SIG_EXPIRED") {
		t.Errorf("with -before-now: exit %d\n%s", code, out.String())
	}
	if code := run(base, nil, io.Discard, io.Discard); code != 0 {
		t.Errorf("without -before-now: exit %d, want 0 (expiry persists)", code)
	}
}
