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
// -date and -out errors, flags after the deposit and "--".
func TestContract(t *testing.T) {
	bin := clitest.Build(t)
	td := filepath.Join("..", "..", "escrow", "testdata")
	key := filepath.Join(td, "ryde", "agent.sec.asc")
	good := filepath.Join("..", "tldcheck", "sample", "deposit.xml")
	bad := filepath.Join(td, "rfc9022", "rfc9022-s14-full-xml.xml")
	t.Run("help", func(t *testing.T) { clitest.CheckHelp(t, bin) })
	t.Run("bad", func(t *testing.T) {
		out := t.TempDir()
		clitest.CheckBadInputs(t, bin, key, map[string]func(string) []string{
			"deposit": func(p string) []string { return []string{"-recipient", key, "-signer", key, "-out", out, p} },
			"prev": func(p string) []string {
				return []string{"-recipient", key, "-signer", key, "-out", out, "-prev", p, good}
			},
		})
		clitest.CheckBadInputs(t, bin, good, map[string]func(string) []string{
			"recipient": func(p string) []string { return []string{"-recipient", p, "-signer", key, "-out", out, good} },
			"signer":    func(p string) []string { return []string{good, "-signer", p, "-recipient", key, "-out", out} },
		})
		if ents, _ := os.ReadDir(out); len(ents) != 0 {
			t.Errorf("bad inputs wrote %d files", len(ents))
		}
	})
	t.Run("golden", func(t *testing.T) {
		out := t.TempDir()
		r := clitest.Run(t, bin, "", good, "-recipient", key, "-signer", key, "-out", out, "-json", "-report")
		if r.Code != 0 || r.Stderr != "" {
			t.Fatalf("exit %d, want 0: %s", r.Code, r.Stderr)
		}
		// A piece's size varies by a byte or two between runs: the
		// encrypted session key is an MPI whose length depends on the
		// random key (RFC 9580 §3.2, §5.1).
		sizes := regexp.MustCompile(`"bytes": [1-9][0-9]*`)
		if !sizes.MatchString(r.Stdout) {
			t.Errorf("no piece size:\n%s", r.Stdout)
		}
		clitest.Golden(t, "sample.json", []byte(sizes.ReplaceAllString(r.Stdout, `"bytes": 0`)))
	})
	t.Run("max", func(t *testing.T) {
		// The RFC 9022 §14 example has two RDE_DOMAIN_HAS_INVALID_REGISTRANT
		// findings: -max 1 shows one, -v both; the summary counts all three
		// and the exit status is 1 either way.
		args := []string{"-recipient", key, "-signer", key, "-out", t.TempDir(), bad}
		one := clitest.Run(t, bin, "", append(args, "-max", "1")...)
		all := clitest.Run(t, bin, "", append(args, "-max", "1", "-v")...)
		if one.Code != 1 || all.Code != 1 {
			t.Fatalf("exit %d and %d, want 1", one.Code, all.Code)
		}
		if n := strings.Count(one.Stderr, "[RDE_DOMAIN_HAS_INVALID_REGISTRANT]"); n != 1 {
			t.Errorf("-max 1: %d lines\n%s", n, one.Stderr)
		}
		if n := strings.Count(all.Stderr, "[RDE_DOMAIN_HAS_INVALID_REGISTRANT]"); n != 2 {
			t.Errorf("-v: %d lines\n%s", n, all.Stderr)
		}
		if !strings.Contains(one.Stderr, "summary: 3 finding(s)") || !strings.Contains(one.Stderr, "1 not shown") {
			t.Errorf("-max 1: no summary\n%s", one.Stderr)
		}
	})
	t.Run("usage", func(t *testing.T) {
		out := t.TempDir()
		r := clitest.Run(t, bin, "", "-recipient", key, "-signer", key, "-out", out, "-date", "2024-13-45", good)
		if r.Code != 2 || !strings.Contains(r.Stderr, "YYYY-MM-DD") || strings.Contains(r.Stderr, "2006") {
			t.Errorf("-date 2024-13-45: exit %d %q", r.Code, r.Stderr)
		}
		missing := filepath.Join(out, "no", "such")
		r = clitest.Run(t, bin, "", "-recipient", key, "-signer", key, "-out", missing, good)
		clitest.CheckOneLine(t, r, missing, nil)
		r = clitest.Run(t, bin, "", "-recipient", key, "-signer", key, "-out", out, "--", "-json")
		clitest.CheckOneLine(t, r, "-json", nil)
		r = clitest.Run(t, bin, "", "-recipient", key, "-signer", key, "-out", out, "-prev", "-", "-")
		if r.Code != 2 || !strings.Contains(r.Stderr, "only one") {
			t.Errorf("two -: exit %d %q", r.Code, r.Stderr)
		}
	})
	t.Run("stdin", func(t *testing.T) {
		// Standard input is spooled while it is verified: a deposit is
		// packed, text that is not one is refused before it fills the
		// disk (the spool is removed either way).
		dep, err := os.ReadFile(good)
		if err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		r := clitest.Run(t, bin, string(dep), "-recipient", key, "-signer", key, "-out", out, "-json", "-")
		if r.Code != 0 || !strings.Contains(r.Stdout, "example_2026-11-26_full_S1_R0.ryde") {
			t.Errorf("-: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
		r = clitest.Run(t, bin, strings.Repeat("y\n", 3<<20), "-recipient", key, "-signer", key, "-out", out, "-")
		clitest.CheckOneLine(t, r, "-", nil)
		r = clitest.Run(t, bin, string(dep)+strings.Repeat(" ", 5<<20), "-recipient", key, "-signer", key, "-out", t.TempDir(), "-")
		clitest.CheckOneLine(t, r, "-", nil)
		r = clitest.Run(t, bin, "", good, "-recipient", key, "-signer", key, "-out", out, "-date", "2026-12-01", "-json")
		if r.Code != 0 || !strings.Contains(r.Stdout, "example_2026-12-01_full_S1_R0.ryde") {
			t.Errorf("flags after the deposit: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
	})
}
