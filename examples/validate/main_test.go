package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
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
		code := run(c.args, nil, &out, &errb)
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

// TestNSEC3IterationsFlag: -nsec3-iterations sets Config.MaxNSEC3Iterations
// (defect 6 of issue 15). The RFC 5155 Appendix B.2 proof uses 12
// iterations: secure by default (50), insecure with EDE 27 under a limit of
// 10 (RFC 9276 §3.2); out-of-range values are usage errors.
func TestNSEC3IterationsFlag(t *testing.T) {
	dir := t.TempDir()
	var chain []byte
	for _, f := range []string{"dnskey.chain", "b2.chain"} {
		b, err := os.ReadFile(filepath.Join("../../dnssec/testdata/rfc5155", f))
		if err != nil {
			t.Fatal(err)
		}
		chain = append(chain, b...)
	}
	var ksk string
	for _, line := range strings.Split(string(chain), "\n") {
		if f := strings.Fields(line); len(f) > 4 && f[3] == "DNSKEY" && f[4] == "257" {
			ksk = line
		}
	}
	anchor, chainFile := filepath.Join(dir, "anchor"), filepath.Join(dir, "chain")
	if err := os.WriteFile(anchor, []byte(ksk+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(chainFile, chain, 0o644); err != nil {
		t.Fatal(err)
	}
	base := []string{"-json", "-allow-deprecated-algorithms", "-now", "2010-01-01T00:00:00Z", "-anchor", anchor, "-chain", chainFile}
	for _, c := range []struct {
		flags   []string
		code    int
		verdict string
		ede     int
	}{
		{nil, 0, "secure", -1},
		{[]string{"-nsec3-iterations", "150"}, 0, "secure", -1},
		{[]string{"-nsec3-iterations", "10"}, 0, "insecure", 27},
		{[]string{"-nsec3-iterations", "0"}, 2, "", 0},
		{[]string{"-nsec3-iterations", "100000"}, 2, "", 0},
	} {
		args := append(append(append([]string{}, base...), c.flags...), "ns1.example.", "MX")
		var out, errb bytes.Buffer
		if code := run(args, nil, &out, &errb); code != c.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", c.flags, code, c.code, out.String(), errb.String())
			continue
		}
		if c.verdict != "" {
			var o output
			err := json.Unmarshal(out.Bytes(), &o)
			ede := -1 // absent: no Extended DNS Error
			if o.EDE != nil {
				ede = *o.EDE
			}
			if err != nil || o.Verdict != c.verdict || ede != c.ede {
				t.Errorf("%v: verdict %q EDE %d (%v), want %q EDE %d", c.flags, o.Verdict, ede, err, c.verdict, c.ede)
			}
		}
	}
}

// TestReadAnchors reads the IANA root-anchors.xml and the dns-root-data
// root.key kept by package trustanchor.
func TestReadAnchors(t *testing.T) {
	now, _ := time.Parse(time.RFC3339, "2025-01-01T00:00:00Z")
	read := func(path string) ([]dns.RR, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return parseAnchors(b, now)
	}
	xml, err := read("../../trustanchor/testdata/root-anchors-2024.xml")
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
	key, err := read("../../trustanchor/testdata/dns-root-data-2024071801-root.key")
	if err != nil || len(key) == 0 {
		t.Errorf("root.key: %v, %d anchors", err, len(key))
	}
}
