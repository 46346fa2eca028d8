package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/miekg/dns"
)

const rfc4035KSK = "example. 3600 IN DNSKEY 257 3 5 AQOeX7+baTmvpVHb2CcLnL1dMRWbuscRvHXlLnXwDzvqp4tZVKp1sZMepFb8MvxhhW3y/0QZsyCjczGJ1qk8vJe52iOhInKROVLRwxGpMfzPRLMlGybr51bOV/1se0ODacj3DomyB4QB5gKTYot/K9alk5/j8vfd4jWCWD+E1Sze0Q==\n"

func TestRunChain(t *testing.T) {
	anchor := filepath.Join(t.TempDir(), "anchor")
	if err := os.WriteFile(anchor, []byte(rfc4035KSK), 0o644); err != nil {
		t.Fatal(err)
	}
	chain := "../../dnssec/testdata/rfc4035-b1.chain"
	for _, c := range []struct {
		args    []string
		code    int
		verdict string
	}{
		{[]string{"-json", "-allow-deprecated-algorithms", "-now", "2004-04-20T12:00:00Z", "-anchor", anchor, "-chain", chain, "x.w.example", "MX"}, 0, "secure"},
		{[]string{"-json", "-now", "2004-04-20T12:00:00Z", "-anchor", anchor, "-chain", chain, "x.w.example", "MX"}, 0, "insecure"},
		{[]string{"-json", "-allow-deprecated-algorithms", "-now", "2004-06-20T12:00:00Z", "-anchor", anchor, "-chain", chain, "x.w.example", "MX"}, 1, "bogus"},
		{[]string{"-anchor", anchor}, 2, ""},
		{[]string{"-anchor", anchor, "x.", "NOSUCHTYPE"}, 2, ""},
		{[]string{"-anchor", "/nonexistent", "x."}, 2, ""},
	} {
		var out, errb bytes.Buffer
		code := run(c.args, &out, &errb)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", c.args, code, c.code, out.String(), errb.String())
			continue
		}
		if c.verdict != "" {
			var o output
			if err := json.Unmarshal(out.Bytes(), &o); err != nil || o.Verdict != c.verdict {
				t.Errorf("%v: verdict %q (%v), want %q", c.args, o.Verdict, err, c.verdict)
			}
		}
	}
}

// TestReadAnchors reads the IANA root-anchors.xml and the dns-root-data
// root.key kept by package trustanchor.
func TestReadAnchors(t *testing.T) {
	now, _ := time.Parse(time.RFC3339, "2025-01-01T00:00:00Z")
	xml, err := readAnchors("../../trustanchor/testdata/root-anchors-2024.xml", now)
	if err != nil {
		t.Fatal(err)
	}
	tags := map[uint16]bool{}
	for _, rr := range xml {
		switch a := rr.(type) {
		case *dns.DS:
			tags[a.KeyTag] = true
		case *dns.DNSKEY:
			tags[a.KeyTag()] = true
		}
	}
	if !tags[20326] || !tags[38696] {
		t.Errorf("root-anchors.xml at 2025: tags %v, want KSK-2017 20326 and KSK-2024 38696", tags)
	}
	key, err := readAnchors("../../trustanchor/testdata/dns-root-data-2024071801-root.key", now)
	if err != nil || len(key) == 0 {
		t.Errorf("root.key: %v, %d anchors", err, len(key))
	}
}
