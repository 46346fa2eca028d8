package rsep

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func FuzzParsePolicy(f *testing.F) {
	f.Add([]byte(`{"tld":"example","allowed_types":["CDS"],"reserved":["www"],"released":["www"],"controlled_interruption":{"start":"2026-10-01T00:00:00Z","days":90},"idn_scripts":["Latin"],"idn_tables":{"el":"1.0"},"operators":{"dns.net.":"X"},"signature_min_remaining":"48h","udp_rtt":"500ms"}`))
	f.Add([]byte(`{"allowed_types":["TYPE65534"]}`))
	f.Add([]byte(`{"amended_exhibit_a":true,"controlled_interruption":{"start":"2026-11-15T00:00:00Z","days":60}}`))
	f.Add([]byte(`{} {}`))
	f.Add([]byte(`{"udp_rtt":"-1s"}`))
	f.Add([]byte(`{"waivers":[{"check":"DEL04","tag":"SPECIAL_ADDRESS","name":"ns1.example.","reason":"lab","expires":"2027-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"tld":"a","tld":"b"}`))
	f.Add([]byte(`{"idn_tables":{"el":"1","el":"2"},"waivers":[[{"a":{"b":1,"b":2}}]]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParsePolicy(bytes.NewReader(b))
		if err != nil {
			if p != nil {
				t.Fatal("policy returned with an error")
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *rsep.Error: %v", err, err)
			}
			return
		}
		// A valid policy must be usable by Run and round-trip through JSON.
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParsePolicy(bytes.NewReader(out)); err != nil {
			t.Fatalf("re-parse of %s: %v", out, err)
		}
		z := NewZone("example.", nil)
		if _, err := Run(context.Background(), &Target{Zone: z, Policy: p, Checks: []string{"ZC01", "ZC08"}}); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzImportZonemaster(f *testing.F) {
	for _, n := range []string{"zonemaster-good.json", "zonemaster-bad.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"level":"ERROR","module":"X","tag":"T","testcase":"X01","args":{"ns":5}}` + "\n" + `[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		fs, err := ImportZonemaster(context.Background(), bytes.NewReader(b), nil)
		if err != nil {
			if fs != nil {
				t.Fatal("findings returned with an error")
			}
			return
		}
		for _, x := range fs {
			if x.Severity < Notice || x.Effect == 0 || x.Check == "" {
				t.Fatalf("incomplete finding %+v", x)
			}
		}
	})
}

func FuzzReadZone(f *testing.F) {
	for _, n := range []string{"bad.zone", "src/good.in"} {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	// Controlled-interruption records (ZC01-ZC04), some inexact.
	f.Add([]byte("$ORIGIN example.\n@ 3600 IN SOA ns1.nic.example. h.nic.example. 1 7200 3600 1209600 3600\n@ 3600 IN NS ns1.nic.example.\n" +
		"@ 3600 IN A 127.0.53.53\n@ 3600 IN SRV 10 10 53 your-dns-needs-immediate-attention.example.\n@ 0 IN TYPE65534 \\# 1 00\n" +
		"* 60 IN MX 10 your-dns-needs-immediate-attention.example.\n* 3600 IN TXT \"Your DNS configuration needs immediate attention\"\n"))
	// The same zone under a policy that declares an active controlled
	// interruption and the amended Exhibit A, so the policy-dependent
	// branches of ZC01-ZC04 run too.
	ci := &Policy{AmendedExhibitA: true, ControlledInterruption: &Window{Start: evalTime.AddDate(0, 0, -10), Days: 60}}
	f.Fuzz(func(t *testing.T, b []byte) {
		z, err := ReadZone(context.Background(), bytes.NewReader(b), "example.", "fuzz", &ReadConfig{Limits: Limits{ZoneRecords: 2000}})
		if err != nil {
			return
		}
		// Every offline check must survive any parsable zone.
		for _, p := range []*Policy{nil, ci} {
			if _, err := Run(context.Background(), &Target{Zone: z, Policy: p, Now: at(evalTime), Limits: Limits{SignatureChecks: 200}}); err != nil {
				t.Fatal(err)
			}
		}
	})
}
