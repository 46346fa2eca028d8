package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"strings"
	"testing"

	"github.com/ssrkit/ssr/examples/internal/cli/clitest"
)

// TestContract runs the built program: -h, the bad inputs as ZONEFILE and
// as -anchor, the -json golden file, -max/-v and the summary, the -now
// forms, flags after the zone and "--", and standard input.
func TestContract(t *testing.T) {
	bin := clitest.Build(t)
	zone := td + "ldns-nsec-15.zone"
	t.Run("help", func(t *testing.T) { clitest.CheckHelp(t, bin) })
	t.Run("bad", func(t *testing.T) {
		clitest.CheckBadInputs(t, bin, td+"root-anchors-2024.xml", map[string]func(string) []string{
			"zone":      func(p string) []string { return []string{"-q", p} },
			"zone-json": func(p string) []string { return []string{p, "-json", "-origin", "example.", "-now", "2026-06-01"} },
		})
		clitest.CheckBadInputs(t, bin, zone, map[string]func(string) []string{
			"anchor": func(p string) []string { return []string{"-q", "-anchor", p, zone} },
		})
	})
	t.Run("golden", func(t *testing.T) {
		r := clitest.Run(t, bin, "", "-json", "-q", "-now", "2036-06-01", zone)
		if r.Code != 1 || r.Stderr != "" {
			t.Fatalf("exit %d, want 1: %s", r.Code, r.Stderr)
		}
		clitest.Golden(t, "expired.json", []byte(r.Stdout))
	})
	t.Run("max", func(t *testing.T) {
		// At 2036 every signature of the zone has expired: -max 2 prints
		// two of them, -v all; the summary counts all, the exit status is
		// the same.
		args := []string{"-q", "-now", "2036-06-01", zone}
		one := clitest.Run(t, bin, "", append(args, "-max", "2")...)
		all := clitest.Run(t, bin, "", append(args, "-v", "-max", "2")...)
		def := clitest.Run(t, bin, "", args...)
		if one.Code != 1 || all.Code != 1 || def.Code != 1 {
			t.Fatalf("exit %d, %d and %d, want 1", one.Code, all.Code, def.Code)
		}
		n := strings.Count(all.Stdout, "signature expired: expiration")
		if n < 10 {
			t.Fatalf("-v: %d expired lines\n%s", n, all.Stdout)
		}
		if got := strings.Count(one.Stdout, "signature expired: expiration"); got != 2 {
			t.Errorf("-max 2: %d expired lines\n%s", got, one.Stdout)
		}
		if got := strings.Count(def.Stdout, "signature expired: expiration"); got != 5 {
			t.Errorf("default -max: %d expired lines\n%s", got, def.Stdout)
		}
		for _, r := range []clitest.Result{one, all, def} {
			if !strings.Contains(r.Stdout, "summary: ") || !strings.Contains(r.Stdout, "signature expired") || !strings.Contains(r.Stdout, "FAIL: ") {
				t.Errorf("no summary\n%s", r.Stdout)
			}
		}
		if !strings.Contains(one.Stdout, "not shown (-max 2 per kind; -v shows all)") || strings.Contains(all.Stdout, "not shown") {
			t.Errorf("note on hidden problems:\n%s\n%s", one.Stdout, all.Stdout)
		}
	})
	t.Run("now", func(t *testing.T) {
		var outs []string
		for _, n := range []string{"2026-06-01", "20260601000000", "2026-06-01T02:00:00+02:00"} {
			r := clitest.Run(t, bin, "", zone, "-now", n, "-json", "-q")
			if r.Code != 0 {
				t.Fatalf("-now %s: exit %d %s", n, r.Code, r.Stderr)
			}
			outs = append(outs, r.Stdout)
		}
		if outs[0] != outs[1] || outs[0] != outs[2] {
			t.Errorf("the three -now forms differ")
		}
		r := clitest.Run(t, bin, "", zone, "-now", "2026-13-45")
		if r.Code != 2 || !strings.Contains(r.Stderr, "20260131120000") || strings.Contains(r.Stderr, "2006") {
			t.Errorf("-now 2026-13-45: exit %d %q", r.Code, r.Stderr)
		}
	})
	t.Run("stdin", func(t *testing.T) {
		// Standard input is copied to a temporary file: a zone not in
		// canonical order (bind-nsec-13.zone is not sorted) verifies too.
		for _, f := range []string{zone, td + "bind-nsec-13.zone", td + "root-2017082100.zone.gz"} {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			file := clitest.Run(t, bin, "", "-q", "-now", "2017-08-25", f)
			std := clitest.Run(t, bin, string(b), "-q", "-now", "2017-08-25", "-")
			if file.Code != std.Code || file.Stdout != std.Stdout || std.Code == 2 {
				t.Errorf("%s: file exit %d, stdin exit %d %s\n%s\n%s", f, file.Code, std.Code, std.Stderr, file.Stdout, std.Stdout)
			}
		}
		// Bad input on standard input: refused on its first bytes, one
		// line naming "-".
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(bytes.Repeat([]byte(". 3600 IN NS a.root-servers.net.\n"), 2000))
		zw.Close()
		for name, in := range map[string]string{
			"empty":          "",
			"zeros":          strings.Repeat("\x00", 1<<20),
			"truncated-gzip": gz.String()[:gz.Len()/2],
			"10MB-line":      strings.Repeat("a", 10<<20) + "\n",
			"not-a-zone":     "y\ny\n",
		} {
			r := clitest.Run(t, bin, in, "-q", "-")
			clitest.CheckOneLine(t, r, "-", []string{name})
		}
		r := clitest.Run(t, bin, "", "-anchor", "-", "-")
		if r.Code != 2 || !strings.Contains(r.Stderr, "only one") {
			t.Errorf("two -: exit %d %q", r.Code, r.Stderr)
		}
		r = clitest.Run(t, bin, "", zone, "--", "-json")
		if r.Code != 2 || !strings.Contains(r.Stderr, `unexpected argument "-json"`) {
			t.Errorf("-- -json: exit %d %q", r.Code, r.Stderr)
		}
	})
	t.Run("anchor", func(t *testing.T) {
		p := t.TempDir() + "/comments"
		os.WriteFile(p, []byte("; nothing\n"), 0o644)
		r := clitest.Run(t, bin, "", "-anchor", p, zone)
		clitest.CheckOneLine(t, r, p, nil)
		if !strings.Contains(r.Stderr, "empty anchor set") {
			t.Errorf("no DS: %q", r.Stderr)
		}
	})
}
