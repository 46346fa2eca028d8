package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/ssrkit/ssr/examples/internal/cli/clitest"
)

const data = "../../trustanchor/testdata/"

func TestRun(t *testing.T) {
	xml, err := os.ReadFile(data + "root-anchors-2024.xml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args  []string
		stdin string
		code  int
		out   string // substring of stdout
		err   string // substring of stderr
	}{
		{[]string{"-now", "2026-11-26"}, "", 0, ". IN DS 38696 8 2 683D2D0A", ""},
		{[]string{"-now", "20261126000000"}, "", 0, ". IN DS 38696 8 2 683D2D0A", ""},
		{[]string{"-format", "dnskey", "-now", "2026-11-26T00:00:00Z"}, "", 0, "; keytag 20326", ""},
		{[]string{"-now", "2026-11-26", "-format", "unbound"}, "", 0, ";;state=2 [  VALID  ]", ""},
		{[]string{"-now", "2026-11-26", "-format", "kresd"}, "", 0, "; Valid: ; KeyTag:38696", ""},
		{[]string{"-now", "2026-11-26", "-json"}, "", 0, `"signingTime": "2025-03-25`, ""},
		{[]string{"-now", "2026-11-26", "-xml", data + "root-anchors-2024.xml", "-p7s", data + "root-anchors-2024.p7s"}, "", 1, "", "expired"},
		{[]string{"-now", "2026-11-26", "-at-signing-time", "-xml", "-", "-p7s", data + "root-anchors-2024.p7s"}, string(xml), 0, "20326", ""},
		{[]string{"-now", "2011-07-01", "-xml", data + "root-anchors-2010.xml", "-p7s", data + "root-anchors-2010.p7s", "-format", "dnskey"}, "", 1, "", "public key not available"},
		{[]string{"-now", "2011-07-01", "-xml", data + "root-anchors-2010.xml", "-p7s", data + "root-anchors-2010.p7s", "-ca", data + "icannbundle-2016.pem"}, "", 0, "19036", ""},
		{[]string{"-now", "2030-01-01"}, "", 1, "", "expired"}, // the ICANN Root CA ends 2029-12-18
		// The 2010 document under the 2024 signature: both files are named.
		{[]string{"-now", "2026-11-26", "-at-signing-time", "-xml", data + "root-anchors-2010.xml", "-p7s", data + "root-anchors-2024.p7s"}, "", 1, "", "root-anchors-2010.xml (signature ../../trustanchor/testdata/root-anchors-2024.p7s)"},
		{[]string{"-format", "yaml"}, "", 2, "", "unknown format"},
		{[]string{"-xml", "x.xml"}, "", 2, "", "go together"},
		{[]string{"-xml", "-", "-p7s", "-"}, "", 2, "", "only one"},
		{[]string{"-now", "yesterday"}, "", 2, "", "20260131120000"},
		{[]string{"extra"}, "", 2, "", "unexpected argument"},
		{[]string{"-xml", "/nonexistent", "-p7s", "/nonexistent"}, "", 2, "", "/nonexistent: no such file"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := run(tt.args, strings.NewReader(tt.stdin), &out, &errb)
		if code != tt.code || !strings.Contains(out.String(), tt.out) || !strings.Contains(errb.String(), tt.err) {
			t.Errorf("rootanchor %v = %d\nstdout: %s\nstderr: %s", tt.args, code, out.String(), errb.String())
		}
	}
}

// TestContract runs the built program: -h, the bad inputs in each file
// flag, and the -json golden file.
func TestContract(t *testing.T) {
	bin := clitest.Build(t)
	t.Run("help", func(t *testing.T) { clitest.CheckHelp(t, bin) })
	t.Run("bad", func(t *testing.T) {
		clitest.CheckBadInputs(t, bin, data+"testroot-zonemd.zone", map[string]func(string) []string{
			"xml": func(p string) []string {
				return []string{"-now", "2026-11-26", "-xml", p, "-p7s", data + "root-anchors-2024.p7s"}
			},
			"p7s": func(p string) []string {
				return []string{"-p7s", p, "-now", "2026-11-26", "-xml", data + "root-anchors-2024.xml"}
			},
			"ca": func(p string) []string { return []string{"-now", "2026-11-26", "-ca", p} },
		})
	})
	t.Run("golden", func(t *testing.T) {
		r := clitest.Run(t, bin, "", "-now", "2026-11-26", "-json")
		if r.Code != 0 {
			t.Fatalf("exit %d: %s", r.Code, r.Stderr)
		}
		clitest.Golden(t, "anchors.json", []byte(r.Stdout))
	})
}
