package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssrkit/ssr/examples/internal/cli/clitest"
)

// TestContract runs the built program: -h, the bad inputs through every
// file flag, the -json golden file, -max/-v and the summary, empty anchor
// sets, the classification of -p7s, -now forms and standard input.
func TestContract(t *testing.T) {
	bin := clitest.Build(t)
	dir := sampleFiles(t, nil)
	sample := func(name string) string { return filepath.Join(dir, name) }
	now := []string{"-now", "2026-11-26"}
	t.Run("help", func(t *testing.T) { clitest.CheckHelp(t, bin) })
	t.Run("bad", func(t *testing.T) {
		zone := sample("example.zone")
		clitest.CheckBadInputs(t, bin, sample("root-anchors.xml"), map[string]func(string) []string{
			"zone":    func(p string) []string { return append([]string{"-zone", p}, now...) },
			"root":    func(p string) []string { return []string{"-zone", zone, "-root", p, "-now", "20261126000000"} },
			"deposit": func(p string) []string { return []string{"-zone", zone, "-deposit", p} },
			"policy":  func(p string) []string { return []string{"-policy", p} },
			"p7s":     func(p string) []string { return []string{"-anchor", sample("root-anchors.xml"), "-p7s", p} },
		})
		clitest.CheckBadInputs(t, bin, sample("policy.json"), map[string]func(string) []string{
			"anchor": func(p string) []string { return []string{"-anchor", p, "-zone", zone} },
		})
	})
	t.Run("truncated-deposit", func(t *testing.T) {
		// The envelope is fine; the file ends inside an object. The report
		// is printed, and the deposit is reported as input that cannot be
		// parsed: exit 2, the last line names it.
		b, err := os.ReadFile(sample("deposit.xml"))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "half.xml")
		os.WriteFile(p, b[:len(b)/2], 0o644)
		args := []string{"-zone", sample("example.zone"), "-deposit", p, "-policy", sample("policy.json"), "-now", "2026-11-26", "-q"}
		r := clitest.Run(t, bin, "", args...)
		clitest.CheckOneLine(t, r, p, args)
		if !strings.Contains(r.Stdout, "escrow deposit") || !strings.Contains(r.Stderr, "unexpected end of input") {
			t.Errorf("stdout:\n%s\nstderr: %s", r.Stdout, r.Stderr)
		}
	})
	t.Run("golden", func(t *testing.T) {
		r := clitest.Run(t, bin, "", "-zone", "../../rsep/testdata/bad.zone", "-now", "2026-12-01", "-json", "-q")
		if r.Code != 1 || r.Stderr != "" {
			t.Fatalf("exit %d, want 1: %s", r.Code, r.Stderr)
		}
		clitest.Golden(t, "bad-zone.json", []byte(r.Stdout))
	})
	t.Run("max", func(t *testing.T) {
		// Without the policy the sample's 452 DEL04 findings count: five
		// are shown, all are counted, the exit status is 1 either way.
		args := []string{"-zone", sample("example.zone"), "-root", sample("root.zone"), "-anchor", sample("root-anchors.xml"), "-deposit", sample("deposit.xml"), "-now", "2026-11-26", "-q"}
		r := clitest.Run(t, bin, "", args...)
		v := clitest.Run(t, bin, "", append(args, "-v")...)
		if r.Code != 1 || v.Code != 1 {
			t.Fatalf("exit %d and %d with -v, want 1: %s", r.Code, v.Code, r.Stderr)
		}
		if n := strings.Count(r.Stdout, "- DEL04 "); n != 5 {
			t.Errorf("%d DEL04 lines, want 5 (-max default)", n)
		}
		if n := strings.Count(v.Stdout, "- DEL04 "); n != 452 {
			t.Errorf("-v: %d DEL04 lines, want 452", n)
		}
		for _, want := range []string{"summary: 452 finding(s)", "DEL04", "447 not shown (-max 5 per kind; -v shows all)"} {
			if !strings.Contains(r.Stdout, want) {
				t.Errorf("no %q in\n%s", want, r.Stdout)
			}
		}
		if n := strings.Count(r.Stdout, "\n"); n > 40 {
			t.Errorf("report of %d lines", n)
		}
		// With the policy the findings are waived: one line per waiver
		// and the count in the summary; exit 0.
		w := clitest.Run(t, bin, "", append(args, "-policy", sample("policy.json"))...)
		if w.Code != 0 || !strings.Contains(w.Stdout, "452 finding(s) waived by the policy") || !strings.Contains(w.Stdout, "error (waived) 452") || strings.Contains(w.Stdout, "not shown") {
			t.Errorf("with the policy: exit %d\n%s", w.Code, w.Stdout)
		}
	})
	t.Run("anchors", func(t *testing.T) {
		empty := filepath.Join(t.TempDir(), "empty")
		os.WriteFile(empty, nil, 0o644)
		comments := filepath.Join(t.TempDir(), "comments")
		os.WriteFile(comments, []byte("; no anchors here\n\n"), 0o644)
		for _, p := range []string{empty, comments} {
			r := clitest.Run(t, bin, "", "-anchor", p)
			clitest.CheckOneLine(t, r, p, []string{"-anchor", p})
			if strings.Contains(r.Stdout, "trust anchor ok") || strings.Contains(r.Stdout, "0 anchor records") {
				t.Errorf("-anchor %s accepted:\n%s", p, r.Stdout)
			}
		}
		// A well-formed signature that does not verify is a finding (1);
		// a -p7s that is not a signature is malformed input (2).
		p7s := "../../trustanchor/testdata/root-anchors-2024.p7s"
		r := clitest.Run(t, bin, "", "-anchor", sample("root-anchors.xml"), "-p7s", p7s, "-q")
		if r.Code != 1 || !strings.Contains(r.Stdout, "ANCHOR_UNUSABLE") {
			t.Errorf("wrong signature: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
		r = clitest.Run(t, bin, "", "-anchor", sample("root.zone"), "-p7s", p7s)
		clitest.CheckOneLine(t, r, sample("root.zone"), nil)
	})
	t.Run("now", func(t *testing.T) {
		var outs []string
		for _, n := range []string{"2026-11-26", "20261126000000", "2026-11-26T01:00:00+01:00"} {
			r := clitest.Run(t, bin, "", "-now", n, "-json", "-q")
			if r.Code != 0 {
				t.Fatalf("-now %s: exit %d %s", n, r.Code, r.Stderr)
			}
			outs = append(outs, r.Stdout)
		}
		if outs[0] != outs[1] || outs[0] != outs[2] {
			t.Errorf("the three -now forms differ")
		}
		r := clitest.Run(t, bin, "", "-now", "2026-13-45")
		if r.Code != 2 || !strings.Contains(r.Stderr, "20260131120000") || strings.Contains(r.Stderr, "2006") {
			t.Errorf("-now 2026-13-45: exit %d %q", r.Code, r.Stderr)
		}
	})
	t.Run("stdin", func(t *testing.T) {
		zone, err := os.ReadFile(sample("example.zone"))
		if err != nil {
			t.Fatal(err)
		}
		r := clitest.Run(t, bin, string(zone), "-zone", "-", "-policy", sample("policy.json"), "-now", "2026-11-26", "-q")
		if r.Code != 0 || !strings.Contains(r.Stdout, "SSR report for example. (-)") {
			t.Errorf("-zone -: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
		r = clitest.Run(t, bin, "", "-zone", "-", "-policy", "-")
		if r.Code != 2 || !strings.Contains(r.Stderr, "only one") {
			t.Errorf("two -: exit %d %q", r.Code, r.Stderr)
		}
		r = clitest.Run(t, bin, "", "-q", "--", "-json")
		if r.Code != 2 || !strings.Contains(r.Stderr, `unexpected argument "-json"`) {
			t.Errorf("-- -json: exit %d %q", r.Code, r.Stderr)
		}
	})
}
