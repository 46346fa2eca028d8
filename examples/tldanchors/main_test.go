package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	tests := []struct {
		args []string
		code int
		out  string
		err  string
	}{
		{[]string{"-now", "2022-02-20", data + "root-2022021501.zone.gz"}, 0, "com. IN DS 30909 8 2 ", "1363 signed TLDs"},
		{[]string{"-json", "-now", "2026-11-26", "-anchors", data + "testroot-zonemd.ds", data + "testroot-zonemd.zone"}, 0, `"name": "alpha."`, ""},
		{[]string{"-now", "2022-02-20", "-old-now", "2017-08-25", "-diff", data + "root-2017082100.zone.gz", data + "root-2022021501.zone.gz"}, 0, "47 added, 83 removed", ""},
		{[]string{"-now", "2040-01-01", "-anchors", data + "testroot-zonemd.ds", data + "testroot-zonemd.zone"}, 1, "", "signature expired"},
		{[]string{"-now", "2026-11-26", "-anchors", data + "testroot-zonemd.ds", data + "testroot-zonemd.zone"}, 0, "beta. IN DS 23457", ""},
		{[]string{"-now", "2026-11-26", "-anchors", data + "testroot-zonemd.ds", bad}, 1, "alpha.", "RFC 8976"},
		{[]string{"-bind", "-now", "2026-11-26", "-anchors", data + "testroot-zonemd.ds", data + "testroot-zonemd.zone"}, 0, `"beta." static-ds 23456 8 2 "89ABCDEF`, ""},
		{[]string{"-bind", "-json", data + "testroot-zonemd.zone"}, 2, "", "usage"},
		{[]string{}, 2, "", "usage"},
		{[]string{"/nonexistent"}, 2, "", "no such file"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := run(tt.args, &out, &errb)
		if code != tt.code || !strings.Contains(out.String(), tt.out) || !strings.Contains(errb.String(), tt.err) {
			o := out.String()
			if len(o) > 2000 {
				o = o[:2000]
			}
			t.Errorf("tldanchors %v = %d\nstdout: %s\nstderr: %s", tt.args, code, o, errb.String())
		}
	}
}
