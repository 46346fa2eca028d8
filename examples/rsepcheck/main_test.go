package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func td(name string) string { return filepath.Join("..", "..", "rsep", "testdata", name) }

func TestExitCodes(t *testing.T) {
	const now = "2026-12-01T00:00:00Z"
	for _, c := range []struct {
		name                         string
		zone, before, parent, policy string
		code                         int
		want                         string
	}{
		{"clean", td("good.zone"), "", td("parent-good.txt"), "", 0, "0 findings"},
		{"findings", td("bad.zone"), "", "", "", 1, "ZC02  error    WILDCARD *.example./A"},
		{"change-ok", td("nsec3-ok-1.zone"), td("nsec3-ok-0.zone"), "", "", 0, "algorithm-roll: DNSKEY algorithms [5] -> [5 8]"},
		{"change-introduces", td("bad.zone"), td("good.zone"), "", "", 1, "new-rr-type: new RR type(s) HINFO"},
		{"missing", td("nope.zone"), "", "", "", 2, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			code, err := runMain(c.zone, "", c.before, c.parent, c.policy, "", "", now, false, false, &out)
			if code != c.code {
				t.Fatalf("exit %d (%v), want %d\n%s", code, err, c.code, out.String())
			}
			if !strings.Contains(out.String(), c.want) {
				t.Errorf("output lacks %q:\n%s", c.want, out.String())
			}
		})
	}
	var out bytes.Buffer
	if code, err := runMain(td("bad.zone"), "", td("good.zone"), "", "", td("zonemaster-bad.json"), "", now, false, true, &out); code != 1 || err != nil {
		t.Fatalf("json: exit %d, %v", code, err)
	}
	var o struct {
		Report  struct{ Findings []map[string]any }
		Diff    struct{ New []map[string]any }
		Changes []map[string]any
	}
	if err := json.Unmarshal(out.Bytes(), &o); err != nil || len(o.Report.Findings) == 0 || len(o.Diff.New) == 0 || len(o.Changes) == 0 {
		t.Errorf("json output: %v %+v", err, o)
	}
}
