package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRunJSON(t *testing.T) {
	*jsonOut, *tldMode = true, false
	defer func() { *jsonOut = false }()
	var out, errOut bytes.Buffer
	code := run([]string{"bücher", "a·b", "XN--BCHER-KVA"}, nil, &out, &errOut)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (one invalid label); stderr %s", code, errOut.String())
	}
	type row struct {
		Label  string   `json:"label"`
		ALabel string   `json:"alabel"`
		ULabel string   `json:"ulabel"`
		OK     bool     `json:"ok"`
		Errors []string `json:"errors"`
	}
	var got []row
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r row
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		got = append(got, r)
	}
	want := []row{
		{"bücher", "xn--bcher-kva", "bücher", true, []string{}},
		{"a·b", "xn--ab-0ea", "a·b", false, []string{"RFC5892-A.3"}},
		{"XN--BCHER-KVA", "xn--bcher-kva", "bücher", true, []string{}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestRunStdinTLD(t *testing.T) {
	*tldMode = true
	defer func() { *tldMode = false }()
	var out, errOut bytes.Buffer
	code := run(nil, strings.NewReader("# comment\nphotography\n\nab\n"), &out, &errOut)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	s := out.String()
	if !strings.Contains(s, "OK\tphotography") || !strings.Contains(s, "INVALID\tab") || !strings.Contains(s, "AGB-2.2.1.3.2-III-ascii-length") {
		t.Errorf("unexpected output:\n%s", s)
	}
	if code := run(nil, strings.NewReader(""), &out, &errOut); code != 2 {
		t.Errorf("no labels: exit %d, want 2", code)
	}
}
