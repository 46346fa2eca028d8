package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssrkit/ssr/examples/internal/cli/clitest"
)

const data = "../../trustanchor/testdata/"

func TestRun(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.zone")
	z, err := os.ReadFile(data + "testroot-zonemd.zone")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, bytes.Replace(z, []byte("192.0.2.10"), []byte("192.0.2.11"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	noAnchors := filepath.Join(dir, "comments.ds")
	if err := os.WriteFile(noAnchors, []byte("; no anchors here\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args  []string
		stdin string
		code  int
		out   string
		err   string
	}{
		{[]string{"-now", "2022-02-20", data + "root-2022021501.zone.gz"}, "", 0, "com. IN DS 30909 8 2 ", "1363 signed TLDs"},
		{[]string{"-json", "-now", "2026-11-26", "-anchors", data + "testroot-zonemd.ds", data + "testroot-zonemd.zone"}, "", 0, `"name": "alpha."`, ""},
		{[]string{"-now", "2022-02-20", "-old-now", "2017-08-25", "-diff", data + "root-2017082100.zone.gz", data + "root-2022021501.zone.gz"}, "", 0, "47 added, 83 removed", ""},
		{[]string{"-now", "2040-01-01", "-anchors", data + "testroot-zonemd.ds", data + "testroot-zonemd.zone"}, "", 1, "", "signature expired"},
		{[]string{"-now", "20261126000000", "-anchors", data + "testroot-zonemd.ds", data + "testroot-zonemd.zone"}, "", 0, "beta. IN DS 23457", ""},
		// Flags after the argument, and "-" for standard input.
		{[]string{"-", "-now", "2026-11-26", "-anchors", data + "testroot-zonemd.ds"}, string(z), 0, "beta. IN DS 23457", ""},
		{[]string{"-now", "2026-11-26", "-anchors", data + "testroot-zonemd.ds", bad}, "", 1, "alpha.", "RFC 8976"},
		{[]string{"-bind", "-now", "2026-11-26", "-anchors", data + "testroot-zonemd.ds", data + "testroot-zonemd.zone"}, "", 0, `"beta." static-ds 23456 8 2 "89ABCDEF`, ""},
		{[]string{"-bind", "-json", data + "testroot-zonemd.zone"}, "", 2, "", "exclude each other"},
		{[]string{}, "", 2, "", "want one ROOTZONE"},
		{[]string{"/nonexistent"}, "", 2, "", "/nonexistent: no such file"},
		// An empty anchor set never falls back to the embedded anchors.
		{[]string{"-now", "2026-11-26", "-anchors", noAnchors, data + "testroot-zonemd.zone"}, "", 2, "", noAnchors + ": no DS or DNSKEY record"},
		{[]string{"-now", "2026-11-26", "-anchors", "/dev/null", data + "testroot-zonemd.zone"}, "", 2, "", "/dev/null: empty input"},
		{[]string{"-anchors", "-", "-"}, "", 2, "", "only one of ROOTZONE, -diff and -anchors"},
		{[]string{"-now", "tomorrow", data + "testroot-zonemd.zone"}, "", 2, "", "20260131120000"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := run(tt.args, strings.NewReader(tt.stdin), &out, &errb)
		if code != tt.code || !strings.Contains(out.String(), tt.out) || !strings.Contains(errb.String(), tt.err) {
			o := out.String()
			if len(o) > 2000 {
				o = o[:2000]
			}
			t.Errorf("tldanchors %v = %d\nstdout: %s\nstderr: %s", tt.args, code, o, errb.String())
		}
	}
}

// tampered is the test root zone with two DS RRsets whose signatures no
// longer match, so that the ZONEMD digest no longer matches either.
func tampered(t *testing.T) []byte {
	z, err := os.ReadFile(data + "testroot-zonemd.zone")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range [][2]string{{"12345 13 2 0123", "12345 13 2 1123"}, {"23456 8 2 89ab", "23456 8 2 99ab"}} {
		z = bytes.Replace(z, []byte(r[0]), []byte(r[1]), 1)
	}
	return z
}

// TestSummary: problems are limited to -max per kind and counted in the
// summary; -v prints them all; the exit code stays 1.
func TestSummary(t *testing.T) {
	z := tampered(t)
	args := []string{"-now", "2026-11-26", "-anchors", data + "testroot-zonemd.ds", "-"}
	var out, errb bytes.Buffer
	if code := run(append([]string{"-max", "1"}, args...), bytes.NewReader(z), &out, &errb); code != 1 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	limited := strings.Count(errb.String(), ": DS ")
	if !strings.Contains(errb.String(), "tldanchors: summary: 3 finding(s)") || !strings.Contains(errb.String(), "1 not shown (-max 1 per kind") || limited != 1 {
		t.Errorf("-max 1: %d shown:\n%s", limited, errb.String())
	}
	errb.Reset()
	if code := run(append([]string{"-v"}, args...), bytes.NewReader(z), &out, &errb); code != 1 {
		t.Fatalf("-v: exit %d", code)
	}
	if all := strings.Count(errb.String(), ": DS "); all != 2 || strings.Contains(errb.String(), "not shown") {
		t.Errorf("-v shows %d:\n%s", all, errb.String())
	}
}

func TestContract(t *testing.T) {
	bin := clitest.Build(t)
	t.Run("help", func(t *testing.T) { clitest.CheckHelp(t, bin) })
	t.Run("bad", func(t *testing.T) {
		clitest.CheckBadInputs(t, bin, data+"root-anchors-2024.xml", map[string]func(string) []string{
			"zone": func(p string) []string {
				return []string{p, "-now", "2026-11-26", "-anchors", data + "testroot-zonemd.ds"}
			},
			"anchors": func(p string) []string {
				return []string{"-now", "2026-11-26", "-anchors", p, data + "testroot-zonemd.zone"}
			},
		})
	})
	t.Run("golden", func(t *testing.T) {
		r := clitest.Run(t, bin, "", "-json", "-now", "2026-11-26", "-anchors", data+"testroot-zonemd.ds", data+"testroot-zonemd.zone")
		if r.Code != 0 {
			t.Fatalf("exit %d: %s", r.Code, r.Stderr)
		}
		clitest.Golden(t, "repository.json", []byte(r.Stdout))
		r = clitest.Run(t, bin, string(tampered(t)), "-json", "-now", "2026-11-26", "-anchors", data+"testroot-zonemd.ds", "-")
		if r.Code != 1 {
			t.Fatalf("exit %d: %s", r.Code, r.Stderr)
		}
		clitest.Golden(t, "problems.json", []byte(r.Stdout))
	})
}
