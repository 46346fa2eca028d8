package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssrkit/ssr/examples/internal/cputime"
	"github.com/ssrkit/ssr/examples/internal/keytrap"

	"github.com/ssrkit/ssr/rsep"
)

func runJSON(t *testing.T, args ...string) (int, *report) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"-json", "-q"}, args...), nil, &out, &errb)
	if code == 2 {
		t.Fatalf("run %v: exit 2\n%s", args, errb.String())
	}
	var rep report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("run %v: bad JSON: %v\n%s", args, err, out.String())
	}
	return code, &rep
}

// TestEmbeddedSample: the main job on the embedded sample holds in every
// section, quickly (the README's first command).
func TestEmbeddedSample(t *testing.T) {
	start := time.Now()
	code, rep := runJSON(t)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("embedded sample took %v, want < 10s", d)
	}
	var got []string
	for _, s := range rep.Sections {
		got = append(got, s.Name+": "+s.Status)
		for _, f := range s.Findings {
			t.Logf("%s: %+v", s.Name, f)
		}
	}
	want := []string{
		"trust anchor: ok",
		"zone under the chain of trust: ok",
		"labels (IDNA2008 + LGR): ok",
		"RSEP check catalogue: ok",
		"escrow deposit: ok",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
	if code != 0 || !rep.OK {
		t.Errorf("exit %d, OK %v; want 0, true", code, rep.OK)
	}
}

// verdict is what must agree between two runs on the same data: every
// section's status and the findings that count.
func verdict(rep *report) []string {
	var out []string
	for _, s := range rep.Sections {
		out = append(out, s.Name+": "+s.Status)
	}
	for k := range findings(rep) {
		out = append(out, k)
	}
	sort.Strings(out)
	return append(out, fmt.Sprintf("ok=%v", rep.OK))
}

// TestSampleFilesSameVerdict: the embedded sample and the same sample given
// as files (with its policy file) reach the same verdict.
func TestSampleFilesSameVerdict(t *testing.T) {
	_, embedded := runJSON(t)
	dir := sampleFiles(t, nil)
	code, files := runJSON(t, fileArgs(dir)...)
	if diff := cmp.Diff(verdict(embedded), verdict(files)); diff != "" {
		t.Errorf("embedded vs files (-embedded +files):\n%s", diff)
	}
	if code != 0 {
		t.Errorf("files run: exit %d, want 0", code)
	}
	// Without the policy file the documentation addresses count (DEL04).
	args := fileArgs(dir)
	for i := range args {
		if args[i] == "-policy" {
			args = append(args[:i:i], args[i+2:]...)
			break
		}
	}
	if code, rep := runJSON(t, args...); code != 1 || rep.OK {
		t.Errorf("files run without the policy: exit %d ok %v, want 1 false (DEL04)", code, rep.OK)
	}
}

// sampleFiles writes the embedded sample to a directory, letting a test
// change one file first.
func sampleFiles(t *testing.T, edit func(name string, b []byte) []byte) (dir string) {
	t.Helper()
	dir = t.TempDir()
	for _, f := range []string{"example.zone", "root.zone", "root-anchors.xml", "deposit.xml", "policy.json"} {
		b, err := sampleFS.ReadFile("sample/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if edit != nil {
			b = edit(f, b)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func fileArgs(dir string, extra ...string) []string {
	return append([]string{
		"-zone", filepath.Join(dir, "example.zone"),
		"-root", filepath.Join(dir, "root.zone"),
		"-anchor", filepath.Join(dir, "root-anchors.xml"),
		"-deposit", filepath.Join(dir, "deposit.xml"),
		"-policy", filepath.Join(dir, "policy.json"),
		"-now", "2026-11-26T00:00:00Z",
	}, extra...)
}

// findings returns "section|check|name" keys of every finding that counts
// (warning or error, not waived).
func findings(rep *report) map[string]bool {
	m := map[string]bool{}
	for _, s := range rep.Sections {
		for _, f := range s.Findings {
			if f.Severity == "notice" || f.Waived != "" {
				continue
			}
			m[s.Name+"|"+f.Check+"|"+f.Name] = true
		}
	}
	return m
}

// TestFaults injects one fault per case into the sample files and requires
// the section that owns it to report it, with the exact subject.
func TestFaults(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		edit  func(b []byte) []byte
		extra []string
		want  string // a key of findings()
	}{
		{
			name: "clean files",
			want: "",
		},
		{
			name: "corrupted RRSIG over a DS RRset",
			file: "example.zone",
			edit: func(b []byte) []byte {
				// Flip one base64 character of the first DS signature.
				i := bytes.Index(b, []byte("IN\tRRSIG\tDS 15 2"))
				j := i + bytes.IndexByte(b[i:], '\n') - 10
				c := byte('A')
				if b[j] == 'A' {
					c = 'B'
				}
				b[j] = c
				return b
			},
			want: "zone under the chain of trust|CHAIN|",
		},
		{
			name:  "clock after the signatures expire",
			extra: []string{"-now", "2037-01-01T00:00:00Z"},
			want:  "zone under the chain of trust|CHAIN|",
		},
		{
			name: "anchor for another key",
			file: "root-anchors.xml",
			edit: func(b []byte) []byte {
				return bytes.Replace(b, []byte("<Digest>"), []byte("<Digest>00"), 1)
			},
			want: "trust anchor|ANCHOR|anchors",
		},
		{
			name: "delegation missing from the deposit",
			file: "deposit.xml",
			edit: func(b []byte) []byte {
				i := bytes.Index(b, []byte("<rdeDomain:domain>\n      <rdeDomain:name>alder-birch.example<"))
				j := i + bytes.Index(b[i:], []byte("</rdeDomain:domain>\n")) + len("</rdeDomain:domain>\n")
				return append(b[:i:i], b[j:]...)
			},
			want: "escrow deposit|RECONCILE|alder-birch.example.",
		},
		{
			name: "invalid IDN label delegated",
			file: "example.zone",
			edit: func(b []byte) []byte {
				return append(b, []byte("xn--a-ecp.example. 172800 IN NS ns-alpha.hosting.test.\n")...)
			},
			want: "labels (IDNA2008 + LGR)|LABEL|xn--a-ecp.example.",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := sampleFiles(t, func(name string, b []byte) []byte {
				if name == tc.file {
					return tc.edit(append([]byte(nil), b...))
				}
				return b
			})
			args := fileArgs(dir)
			if tc.extra != nil {
				args = append(args, tc.extra...)
			}
			code, rep := runJSON(t, args...)
			got := findings(rep)
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("unexpected findings: %v", got)
				}
				return
			}
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			found := false
			for k := range got {
				if strings.HasPrefix(k, tc.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("no finding %q among %v", tc.want, got)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"-deposit", "x"}, {"extra-arg"}, {"-now", "yesterday"}, {"-zone", "/nonexistent/zone"}} {
		var out, errb bytes.Buffer
		if code := run(args, nil, &out, &errb); code != 2 {
			t.Errorf("run %v = %d, want 2", args, code)
		}
	}
}

// TestKeyTrapZone: a 3.8 MB zone with 10,000 DNSKEYs sharing the signing
// key's tag is evaluated in under 2 s of CPU (before MaxKeysPerRRSIG in
// rsep: 98 s), and the collision is reported.
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
	cpu, start := cputime.Used(), time.Now()
	code, rep := runJSON(t, "-zone", zone, "-now", "2026-12-01T00:00:00Z")
	used, wall := cputime.Used()-cpu, time.Since(start)
	t.Logf("tldcheck on the 10,000-key zone: %v CPU, %v wall", used, wall)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	bound := 2 * time.Second
	if cputime.RaceEnabled {
		bound = 20 * time.Second // still far below the 98 s of the uncapped search
	}
	if used > bound {
		t.Errorf("took %v of CPU, want < %v", used, bound)
	}
	if !findings(rep)[rsep.SectionCatalogue+"|SEC02|example."] {
		t.Errorf("no SEC02 finding on example.: %v", findings(rep))
	}
}

// TestLiveSample: -live on the embedded sample runs the live checks but
// sends nothing, because the sample's name servers have documentation
// addresses (RFC 5737, RFC 3849); the report says so and the verdict holds.
func TestLiveSample(t *testing.T) {
	code, rep := runJSON(t, "-live", "-timeout", "200ms")
	skipped := false
	for _, f := range rep.Section(rsep.SectionCatalogue).Findings {
		skipped = skipped || f.Tag == "PROBE_SPECIAL_SKIPPED"
		if strings.HasPrefix(f.Tag, "NO_RESPONSE") || f.Tag == "CONSISTENCY_QUERY_FAILED" {
			t.Errorf("a documentation address was queried: %v", f)
		}
	}
	if code != 0 || !skipped {
		t.Errorf("exit %d, PROBE_SPECIAL_SKIPPED %v", code, skipped)
	}
	for _, c := range rep.Section(rsep.SectionCatalogue).Checks {
		if c.ID == "NS01" && !c.Ran {
			t.Errorf("NS01 did not run with -live: %+v", c)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-live", "-resolver", "nonsense"}, nil, &out, &errb); code != 2 {
		t.Errorf("-resolver nonsense: exit %d, want 2", code)
	}
}
