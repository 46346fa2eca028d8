package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssrkit/ssr/examples/internal/cli/clitest"
)

// TestContract runs the built program: -h, the bad inputs through every
// file flag, the -json golden file, -max/-v and the summary, -now forms,
// flags after "-", and standard input.
func TestContract(t *testing.T) {
	bin := clitest.Build(t)
	const now = "2026-12-01"
	t.Run("help", func(t *testing.T) { clitest.CheckHelp(t, bin) })
	t.Run("bad", func(t *testing.T) {
		good := td("good.zone")
		clitest.CheckBadInputs(t, bin, td("root-anchors-2024.xml"), map[string]func(string) []string{
			"zone":        func(p string) []string { return []string{"-now", now, "-zone", p} },
			"zone-origin": func(p string) []string { return []string{"-zone", p, "-origin", "example.", "-now", now} },
			"before":      func(p string) []string { return []string{"-zone", good, "-before", p, "-now", now} },
			"parent":      func(p string) []string { return []string{"-zone", good, "-parent", p} },
			"policy":      func(p string) []string { return []string{"-policy", p, "-zone", good} },
			"zonemaster":  func(p string) []string { return []string{"-zone", good, "-zonemaster", p} },
		})
		clitest.CheckBadInputs(t, bin, td("zonemaster-good.json"), map[string]func(string) []string{
			"anchor":  func(p string) []string { return []string{"-zone", good, "-anchor", p, "-now", now} },
			"anchors": func(p string) []string { return []string{"-zone", good, "-anchors", p, "-now", now} },
		})
	})
	t.Run("golden", func(t *testing.T) {
		r := clitest.Run(t, bin, "", "-zone", td("bad.zone"), "-before", td("good.zone"), "-zonemaster", td("zonemaster-bad.json"), "-now", now, "-json", "-q")
		if r.Code != 1 || r.Stderr != "" {
			t.Fatalf("exit %d, want 1: %s", r.Code, r.Stderr)
		}
		clitest.Golden(t, "bad-after-good.json", []byte(r.Stdout))
	})
	t.Run("max", func(t *testing.T) {
		// bad.zone has two SEC03 findings: -max 1 shows one, -v both;
		// the summary counts both and the exit status is the same.
		args := []string{"-zone", td("bad.zone"), "-now", now, "-q"}
		one := clitest.Run(t, bin, "", append(args, "-max", "1")...)
		all := clitest.Run(t, bin, "", append(args, "-v", "-max", "1")...)
		if one.Code != 1 || all.Code != 1 {
			t.Fatalf("exit %d and %d, want 1", one.Code, all.Code)
		}
		if n := strings.Count(one.Stdout, "SEC03 error"); n != 1 {
			t.Errorf("-max 1: %d SEC03 lines\n%s", n, one.Stdout)
		}
		if n := strings.Count(all.Stdout, "SEC03 error"); n != 2 {
			t.Errorf("-v: %d SEC03 lines\n%s", n, all.Stdout)
		}
		if !strings.Contains(one.Stdout, "summary: 7 finding(s)") || !strings.Contains(one.Stdout, "1 not shown (-max 1 per kind; -v shows all)") {
			t.Errorf("-max 1: no summary or note\n%s", one.Stdout)
		}
		if strings.Contains(all.Stdout, "not shown") || !strings.Contains(all.Stdout, "summary: 7 finding(s)") {
			t.Errorf("-v: summary\n%s", all.Stdout)
		}
		if strings.Contains(one.Stdout, "Target.") {
			t.Errorf("Go field names in the report:\n%s", one.Stdout)
		}
	})
	t.Run("now", func(t *testing.T) {
		var outs []string
		for _, n := range []string{"2026-12-01", "20261201000000", "2026-12-01T01:00:00+01:00"} {
			r := clitest.Run(t, bin, "", "-zone", td("good.zone"), "-now", n, "-parent", td("parent-good.txt"), "-json", "-q")
			if r.Code != 0 {
				t.Fatalf("-now %s: exit %d %s", n, r.Code, r.Stderr)
			}
			outs = append(outs, r.Stdout)
		}
		if outs[0] != outs[1] || outs[0] != outs[2] {
			t.Errorf("the three -now forms differ")
		}
		r := clitest.Run(t, bin, "", "-zone", td("good.zone"), "-now", "2026-13-45")
		if r.Code != 2 || !strings.Contains(r.Stderr, "20260131120000") || strings.Contains(r.Stderr, "2006") {
			t.Errorf("-now 2026-13-45: exit %d %q", r.Code, r.Stderr)
		}
	})
	t.Run("stdin", func(t *testing.T) {
		zone, err := os.ReadFile(td("bad.zone"))
		if err != nil {
			t.Fatal(err)
		}
		r := clitest.Run(t, bin, string(zone), "-zone", "-", "-now", now, "-q")
		if r.Code != 1 || !strings.Contains(r.Stdout, "zone example.: 7 findings") {
			t.Errorf("-zone -: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
		r = clitest.Run(t, bin, "", "-zone", "-", "-before", "-")
		if r.Code != 2 || !strings.Contains(r.Stderr, "only one") {
			t.Errorf("two -: exit %d %q", r.Code, r.Stderr)
		}
		r = clitest.Run(t, bin, "", "-zone", td("good.zone"), "--", "-json")
		if r.Code != 2 || !strings.Contains(r.Stderr, `unexpected argument "-json"`) {
			t.Errorf("-- -json: exit %d %q", r.Code, r.Stderr)
		}
	})
	t.Run("anchor", func(t *testing.T) {
		// DS lines for the test root key: SEC09 runs and holds (0); IANA's
		// root-anchors.xml (the real root keys): SEC09 runs and finds the
		// test root's keys are not anchored (1). A file with no DS or
		// DNSKEY record is refused (2).
		base := []string{"-zone", td("good.zone"), "-parent", td("parent-chain.txt"), "-now", now, "-q", "-json"}
		ds := clitest.Run(t, bin, "", append(base, "-anchors", td("root-anchor.ds"))...)
		xml := clitest.Run(t, bin, "", append(base, "-anchor", td("root-anchors-2024.xml"))...)
		ran := `"id": "SEC09",
        "ran": true`
		if ds.Code != 0 || !strings.Contains(ds.Stdout, ran) {
			t.Errorf("-anchors DS lines: exit %d %s", ds.Code, ds.Stderr)
		}
		if xml.Code != 1 || !strings.Contains(xml.Stdout, ran) || !strings.Contains(xml.Stdout, `"check": "SEC09"`) {
			t.Errorf("-anchor root-anchors.xml: exit %d %s", xml.Code, xml.Stderr)
		}
		p := filepath.Join(t.TempDir(), "comments")
		os.WriteFile(p, []byte("; nothing\n"), 0o644)
		r := clitest.Run(t, bin, "", "-zone", td("good.zone"), "-anchor", p)
		clitest.CheckOneLine(t, r, p, nil)
		if !strings.Contains(r.Stderr, "empty anchor set") {
			t.Errorf("no DS: %q", r.Stderr)
		}
	})
	t.Run("zonemaster-line", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "zm.json")
		os.WriteFile(p, []byte(`{"tag":"`+strings.Repeat("a", 2<<20)+"\"}\n"), 0o644)
		args := []string{"-zone", td("good.zone"), "-zonemaster", p}
		r := clitest.Run(t, bin, "", args...)
		clitest.CheckOneLine(t, r, p, args)
		if strings.Contains(r.Stderr, "bufio") || !strings.Contains(r.Stderr, "MaxZonemasterLine") {
			t.Errorf("%q", r.Stderr)
		}
	})
	t.Run("no-soa", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "parent.zone")
		b, _ := os.ReadFile(td("parent-good.txt"))
		os.WriteFile(p, b, 0o644)
		r := clitest.Run(t, bin, "", "-zone", p)
		clitest.CheckOneLine(t, r, p, []string{"-zone", p})
		if !strings.Contains(r.Stderr, "no SOA") {
			t.Errorf("want no SOA: %q", r.Stderr)
		}
	})
}
