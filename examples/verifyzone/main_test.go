package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

const td = "../../dnssec/testdata/zone/"

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"usage", nil, 2, ""},
		{"bad flag", []string{"-now", "yesterday", td + "ldns-nsec-15.zone"}, 2, ""},
		{"missing file", []string{td + "nonexistent.zone"}, 2, ""},
		{"root 2022 with IANA anchors", []string{"-q", "-anchor", td + "root-anchors-2024.xml", "-now", "2022-02-20T00:00:00Z", td + "root-2022021501.zone.gz"}, 0,
			"2854/2854 signatures verified"},
		{"root 2017 with KSK-2010", []string{"-q", "-anchor", td + "root-ksk2010.ds", "-now", "2017-08-25T00:00:00Z", td + "root-2017082100.zone.gz"}, 0,
			"key 19036 alg 8 KSK 2048 bits: 1 signatures, anchored"},
		{"root 2022 with KSK-2010 only", []string{"-q", "-anchor", td + "root-ksk2010.ds", "-now", "2022-02-20T00:00:00Z", td + "root-2022021501.zone.gz"}, 1,
			"DNSKEY RRset not signed by an anchored key"},
		{"expired", []string{"-q", "-origin", "example.", "-now", "2036-06-01T00:00:00Z", td + "bind-nsec3-13.zone"}, 1, "signature expired"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tc.args, nil, &out, &errb); code != tc.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tc.code, out.String(), errb.String())
			}
			if !strings.Contains(out.String(), tc.out) {
				t.Errorf("output lacks %q:\n%s", tc.out, out.String())
			}
		})
	}
}

func TestRunJSONAndProgress(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"-json", "-now", "2026-06-01T00:00:00Z", td + "ldns-zonemd-13.zone"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var rep struct {
		OK       bool
		ZONEMD   string
		Verified int
		Problems []jsonProblem
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if !rep.OK || rep.ZONEMD != "verified" || rep.Verified != 26 || len(rep.Problems) != 0 {
		t.Errorf("report %+v", rep)
	}
	if !strings.Contains(errb.String(), "verifyzone: ") {
		t.Errorf("no progress line on stderr: %q", errb.String())
	}

	out.Reset()
	code = run([]string{"-q", "-json", "-now", "2036-06-01T00:00:00Z", td + "ldns-nsec-15.zone"}, nil, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.OK || len(rep.Problems) == 0 {
		t.Fatalf("report %+v", rep)
	}
	p := rep.Problems[0]
	if p.Line == 0 || p.Owner == "" || p.Clause == "" || p.Kind == "" {
		t.Errorf("problem %+v lacks fields", p)
	}
	found := false
	for _, p := range rep.Problems {
		found = found || (p.KeyTag != 0 && strings.HasPrefix(p.Type, "RRSIG ") && p.Record != "")
	}
	if !found {
		t.Error("no RRSIG problem with key tag and record")
	}
}

// TestRunSEPRule: without the KSK's signature over the DNSKEY RRset (the
// ZSK's remains) the zone fails like dnssec-verify's "No self-signed KSK
// DNSKEY found"; -z drops the rule like dnssec-verify -z.
func TestRunSEPRule(t *testing.T) {
	src, err := os.ReadFile(td + "bind-nsec-13.zone")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	zp := dns.NewZoneParser(bytes.NewReader(src), "example.", "")
	var ksk uint16
	var rrs []dns.RR
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if k, ok := rr.(*dns.DNSKEY); ok && k.Flags&dns.SEP != 0 {
			ksk = k.KeyTag()
		}
		rrs = append(rrs, rr)
	}
	for _, rr := range rrs {
		if s, ok := rr.(*dns.RRSIG); ok && s.TypeCovered == dns.TypeDNSKEY && s.KeyTag == ksk {
			continue
		}
		b.WriteString(rr.String() + "\n")
	}
	file := filepath.Join(t.TempDir(), "noksk.zone")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"-q", "-now", "2026-06-01T00:00:00Z", file}, 1, "DNSKEY RRset not signed by a SEP key"},
		{[]string{"-q", "-z", "-now", "2026-06-01T00:00:00Z", file}, 0, "verified"},
		{[]string{"-q", "-now", "2026-06-01T00:00:00Z", td + "ldns-zonemd-13.escaped"}, 0, "ZONEMD verified"},
	} {
		var out, errb bytes.Buffer
		if code := run(tc.args, nil, &out, &errb); code != tc.code || !strings.Contains(out.String(), tc.out) {
			t.Errorf("%v: exit %d (want %d), output lacks %q?\n%s%s", tc.args, code, tc.code, tc.out, out.String(), errb.String())
		}
	}
}
