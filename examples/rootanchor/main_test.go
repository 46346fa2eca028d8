package main

import (
	"bytes"
	"strings"
	"testing"
)

const data = "../../trustanchor/testdata/"

func TestRun(t *testing.T) {
	tests := []struct {
		args []string
		code int
		out  string // substring of stdout
		err  string // substring of stderr
	}{
		{[]string{"-now", "2026-11-26"}, 0, ". IN DS 38696 8 2 683D2D0A", ""},
		{[]string{"-now", "2026-11-26", "-format", "dnskey"}, 0, "; keytag 20326", ""},
		{[]string{"-now", "2026-11-26", "-format", "unbound"}, 0, ";;state=2 [  VALID  ]", ""},
		{[]string{"-now", "2026-11-26", "-format", "kresd"}, 0, "; Valid: ; KeyTag:38696", ""},
		{[]string{"-now", "2026-11-26", "-json"}, 0, `"signing_time": "2025-03-25`, ""},
		{[]string{"-now", "2026-11-26", "-xml", data + "root-anchors-2024.xml", "-p7s", data + "root-anchors-2024.p7s"}, 1, "", "expired"},
		{[]string{"-now", "2026-11-26", "-at-signing-time", "-xml", data + "root-anchors-2024.xml", "-p7s", data + "root-anchors-2024.p7s"}, 0, "20326", ""},
		{[]string{"-now", "2011-07-01", "-xml", data + "root-anchors-2010.xml", "-p7s", data + "root-anchors-2010.p7s", "-format", "dnskey"}, 1, "", "public key not available"},
		{[]string{"-now", "2011-07-01", "-xml", data + "root-anchors-2010.xml", "-p7s", data + "root-anchors-2010.p7s", "-ca", data + "icannbundle-2016.pem"}, 0, "19036", ""},
		{[]string{"-now", "2030-01-01"}, 1, "", "expired"}, // the ICANN Root CA ends 2029-12-18
		{[]string{"-format", "yaml"}, 2, "", "unknown format"},
		{[]string{"-xml", "x.xml"}, 2, "", "go together"},
		{[]string{"-now", "yesterday"}, 2, "", "-now"},
		{[]string{"-xml", "/nonexistent", "-p7s", "/nonexistent"}, 2, "", "no such file"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := run(tt.args, &out, &errb)
		if code != tt.code || !strings.Contains(out.String(), tt.out) || !strings.Contains(errb.String(), tt.err) {
			t.Errorf("rootanchor %v = %d\nstdout: %s\nstderr: %s", tt.args, code, out.String(), errb.String())
		}
	}
}
