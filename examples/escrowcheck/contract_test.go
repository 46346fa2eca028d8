package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ssrkit/ssr/examples/internal/cli/clitest"
)

// TestContract runs the built program: -h, the bad inputs through every
// file argument and flag, the -json golden file, -max/-v and the summary,
// -now forms, flags after the deposit, "--" and standard input.
func TestContract(t *testing.T) {
	bin := clitest.Build(t)
	td := filepath.Join("..", "..", "escrow", "testdata")
	rfc := filepath.Join(td, "rfc9022", "rfc9022-s14-full-xml.xml")
	ryde := filepath.Join(td, "ryde", "test_2010-10-17_full_S1_R0.ryde")
	agent := filepath.Join(td, "ryde", "agent.sec.asc")
	registry := filepath.Join(td, "ryde", "registry.pub.asc")
	const now = "2026-11-26"
	t.Run("help", func(t *testing.T) { clitest.CheckHelp(t, bin) })
	t.Run("bad", func(t *testing.T) {
		clitest.CheckBadInputs(t, bin, agent, map[string]func(string) []string{
			"deposit":     func(p string) []string { return []string{"-q", "-now", now, p} },
			"prev":        func(p string) []string { return []string{"-q", "-prev", p, rfc} },
			"rst-inputs":  func(p string) []string { return []string{"-q", "-rst-inputs", p, rfc} },
			"recipients":  func(p string) []string { return []string{"-recipients", p} },
			"deposit-rst": func(p string) []string { return []string{p, "-rst", "-tld", "example", "-q"} },
		})
		clitest.CheckBadInputs(t, bin, rfc, map[string]func(string) []string{
			"key":    func(p string) []string { return []string{"-q", "-key", p, "-signer", registry, ryde} },
			"signer": func(p string) []string { return []string{"-q", "-key", agent, "-signer", p, ryde} },
			"sig":    func(p string) []string { return []string{"-q", "-key", agent, "-signer", registry, "-sig", p, ryde} },
		})
	})
	t.Run("registrar", func(t *testing.T) {
		missing := filepath.Join(t.TempDir(), "missing")
		r := clitest.Run(t, bin, "", "-registrar", missing)
		clitest.CheckOneLine(t, r, missing, nil)
		r = clitest.Run(t, bin, "", "-registrar", rfc)
		clitest.CheckOneLine(t, r, rfc, nil)
	})
	t.Run("golden", func(t *testing.T) {
		r := clitest.Run(t, bin, "", rfc, "-json", "-q", "-now", now, "-max", "1")
		if r.Code != 1 || r.Stderr != "" {
			t.Fatalf("exit %d, want 1: %s", r.Code, r.Stderr)
		}
		// The elapsed time is the one member that changes between runs.
		out := regexp.MustCompile(`"seconds": [0-9.e+-]+`).ReplaceAllString(r.Stdout, `"seconds": 0`)
		clitest.Golden(t, "rfc9022-s14.json", []byte(out))
	})
	t.Run("max", func(t *testing.T) {
		// The RFC 9022 §14 example has two RDE_DOMAIN_HAS_INVALID_REGISTRANT
		// findings: -max 1 shows one, -v both; the summary counts all three
		// and the exit status is 1 either way.
		one := clitest.Run(t, bin, "", rfc, "-q", "-now", now, "-max", "1")
		all := clitest.Run(t, bin, "", rfc, "-q", "-now", now, "-max", "1", "-v")
		if one.Code != 1 || all.Code != 1 {
			t.Fatalf("exit %d and %d, want 1", one.Code, all.Code)
		}
		if n := strings.Count(one.Stdout, "[RDE_DOMAIN_HAS_INVALID_REGISTRANT]"); n != 1 {
			t.Errorf("-max 1: %d lines\n%s", n, one.Stdout)
		}
		if n := strings.Count(all.Stdout, "[RDE_DOMAIN_HAS_INVALID_REGISTRANT]"); n != 2 {
			t.Errorf("-v: %d lines\n%s", n, all.Stdout)
		}
		if !strings.Contains(one.Stdout, "summary: 3 finding(s)") || !strings.Contains(one.Stdout, "1 not shown (-max 1 per kind; -v shows all)") {
			t.Errorf("-max 1: no summary\n%s", one.Stdout)
		}
		if strings.Contains(all.Stdout, "not shown") {
			t.Errorf("-v: %s", all.Stdout)
		}
	})
	t.Run("now", func(t *testing.T) {
		var outs []string
		for _, n := range []string{"2026-11-26", "20261126000000", "2026-11-26T01:00:00+01:00"} {
			r := clitest.Run(t, bin, "", "-q", "-now", n, rfc)
			if r.Code != 1 {
				t.Fatalf("-now %s: exit %d %s", n, r.Code, r.Stderr)
			}
			outs = append(outs, r.Stdout)
		}
		if outs[0] != outs[1] || outs[0] != outs[2] {
			t.Errorf("the three -now forms differ")
		}
		r := clitest.Run(t, bin, "", "-now", "2026-13-45", rfc)
		if r.Code != 2 || !strings.Contains(r.Stderr, "20260131120000") || strings.Contains(r.Stderr, "2006") {
			t.Errorf("-now 2026-13-45: exit %d %q", r.Code, r.Stderr)
		}
	})
	t.Run("stdin", func(t *testing.T) {
		dep, err := os.ReadFile(rfc)
		if err != nil {
			t.Fatal(err)
		}
		r := clitest.Run(t, bin, string(dep), "-", "-q", "-now", now)
		if r.Code != 1 || !strings.Contains(r.Stdout, "stdin: 3 finding(s)") {
			t.Errorf("-: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
		r = clitest.Run(t, bin, "", "-prev", "-", "-")
		if r.Code != 2 || !strings.Contains(r.Stderr, "only one") {
			t.Errorf("two -: exit %d %q", r.Code, r.Stderr)
		}
		r = clitest.Run(t, bin, "", rfc, "--", "-json")
		if r.Code != 2 || !strings.Contains(r.Stderr, `unexpected argument "-json"`) {
			t.Errorf("-- -json: exit %d %q", r.Code, r.Stderr)
		}
	})
}
