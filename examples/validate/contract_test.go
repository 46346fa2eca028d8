package main

import (
	"net"
	"os"
	"strings"
	"testing"

	"github.com/ssrkit/ssr/examples/internal/cli/clitest"
)

// TestContract runs the built program: -h, the bad inputs as -anchor and
// -chain, the -json golden file, the -now forms, flags after the name and
// "--", standard input, -server checks and a server that does not answer.
func TestContract(t *testing.T) {
	bin := clitest.Build(t)
	const (
		anchor = "testdata/graph.anchor"
		chain  = "testdata/graph.chain"
		xml    = "../../trustanchor/testdata/root-anchors-2024.xml"
	)
	t.Run("help", func(t *testing.T) { clitest.CheckHelp(t, bin) })
	t.Run("bad", func(t *testing.T) {
		clitest.CheckBadInputs(t, bin, chain, map[string]func(string) []string{
			"anchor": func(p string) []string { return []string{"-q", "-anchor", p, "-chain", chain, "www.example."} },
		})
		clitest.CheckBadInputs(t, bin, xml, map[string]func(string) []string{
			"chain": func(p string) []string {
				return []string{"www.example.", "-chain", p, "-anchor", anchor, "-now", "2026-06-01"}
			},
		})
	})
	t.Run("golden", func(t *testing.T) {
		// Expired signatures: bogus with EDE 7 and its name.
		r := clitest.Run(t, bin, "", "-json", "-now", "2036-06-01", "-anchor", anchor, "-chain", chain, "www.example.", "A")
		if r.Code != 1 || r.Stderr != "" {
			t.Fatalf("exit %d, want 1: %s", r.Code, r.Stderr)
		}
		clitest.Golden(t, "expired.json", []byte(r.Stdout))
		if !strings.Contains(r.Stdout, `"edeName": "Signature Expired"`) {
			t.Errorf("no EDE name:\n%s", r.Stdout)
		}
		text := clitest.Run(t, bin, "", "-now", "2036-06-01", "-anchor", anchor, "-chain", chain, "www.example.", "A")
		if !strings.Contains(text.Stdout, "(EDE 7 Signature Expired, rcode NOERROR)") {
			t.Errorf("text:\n%s", text.Stdout)
		}
		secure := clitest.Run(t, bin, "", "-json", "-now", "2026-06-01", "-anchor", anchor, "-chain", chain, "www.example.", "A")
		if secure.Code != 0 || strings.Contains(secure.Stdout, `"ede"`) || strings.Contains(secure.Stdout, "null") {
			t.Errorf("secure: exit %d\n%s", secure.Code, secure.Stdout)
		}
		clitest.CheckJSONStyle(t, []byte(secure.Stdout))
	})
	t.Run("now", func(t *testing.T) {
		var outs []string
		for _, n := range []string{"2026-06-01", "20260601000000", "2026-06-01T02:00:00+02:00"} {
			r := clitest.Run(t, bin, "", "www.example.", "-now", n, "-json", "-anchor", anchor, "-chain", chain)
			if r.Code != 0 {
				t.Fatalf("-now %s: exit %d %s", n, r.Code, r.Stderr)
			}
			outs = append(outs, r.Stdout)
		}
		if outs[0] != outs[1] || outs[0] != outs[2] {
			t.Errorf("the three -now forms differ")
		}
		r := clitest.Run(t, bin, "", "www.example.", "-now", "2026-13-45", "-anchor", anchor, "-chain", chain)
		if r.Code != 2 || !strings.Contains(r.Stderr, "20260131120000") || strings.Contains(r.Stderr, "2006") {
			t.Errorf("-now 2026-13-45: exit %d %q", r.Code, r.Stderr)
		}
	})
	t.Run("stdin", func(t *testing.T) {
		for _, f := range []string{anchor, chain} {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			args := []string{"-now", "2026-06-01", "-anchor", anchor, "-chain", chain, "www.example."}
			for i := range args {
				if args[i] == f {
					args[i] = "-"
				}
			}
			r := clitest.Run(t, bin, string(b), args...)
			if r.Code != 0 || !strings.Contains(r.Stdout, "www.example. A: secure") {
				t.Errorf("%q: exit %d %s%s", args, r.Code, r.Stdout, r.Stderr)
			}
		}
		r := clitest.Run(t, bin, "", "-anchor", "-", "-chain", "-", "www.example.")
		if r.Code != 2 || !strings.Contains(r.Stderr, "only one") {
			t.Errorf("two -: exit %d %q", r.Code, r.Stderr)
		}
		r = clitest.Run(t, bin, "", "-anchor", anchor, "-chain", chain, "www.example.", "--", "-json")
		if r.Code != 2 || !strings.Contains(r.Stderr, `unknown type "-json"`) {
			t.Errorf("-- -json: exit %d %q", r.Code, r.Stderr)
		}
	})
	t.Run("anchor", func(t *testing.T) {
		p := t.TempDir() + "/comments"
		os.WriteFile(p, []byte("; nothing\n"), 0o644)
		r := clitest.Run(t, bin, "", "-anchor", p, "-chain", chain, "www.example.")
		clitest.CheckOneLine(t, r, p, nil)
		if !strings.Contains(r.Stderr, "empty anchor set") {
			t.Errorf("no DS: %q", r.Stderr)
		}
	})
	t.Run("server", func(t *testing.T) {
		for _, s := range []string{"not a host", "127.0.0.1:99999", "127.0.0.1:0", "host:port", "-bad-.example"} {
			r := clitest.Run(t, bin, "", "-anchor", anchor, "-server", s, "www.example.")
			if r.Code != 2 || !strings.Contains(r.Stderr, "-server") || strings.Count(r.Stderr, "\n") != 1 {
				t.Errorf("-server %q: exit %d %q", s, r.Code, r.Stderr)
			}
		}
	})
	t.Run("no-answer", func(t *testing.T) {
		// A UDP port nobody listens on: the query is refused at once
		// (ICMP port unreachable); the report must not claim an rcode.
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Skip(err)
		}
		addr := pc.LocalAddr().String()
		pc.Close()
		r := clitest.Run(t, bin, "", "-q", "-anchor", anchor, "-server", addr, "www.example.")
		if r.Code != 1 || strings.Contains(r.Stdout, "rcode") || !strings.Contains(r.Stdout, "indeterminate") || !strings.Contains(r.Stdout, "no answer") {
			t.Errorf("exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
		j := clitest.Run(t, bin, "", "-q", "-json", "-anchor", anchor, "-server", addr, "www.example.")
		if j.Code != 1 || strings.Contains(j.Stdout, `"rcode"`) || !strings.Contains(j.Stdout, `"answered": false`) {
			t.Errorf("-json: exit %d\n%s", j.Code, j.Stdout)
		}
		clitest.CheckJSONStyle(t, []byte(j.Stdout))
	})
}
