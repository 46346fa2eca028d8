package rsep

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"
)

// TestDoneWhenReport: the report for a zone with the SiteFinder wildcard, a
// dotless A, orphan glue, an unlisted RR type, an algorithm-5 key and NSEC3
// with 100 iterations lists each with its citation.
func TestDoneWhenReport(t *testing.T) {
	r := run(t, &Target{Zone: loadZone(t, "bad.zone"), Now: at(evalTime)})
	want := map[string]string{ // check+tag -> a citation the finding must carry
		"ZC02 WILDCARD":           "RA Spec 6 §2.2",
		"ZC03 DOTLESS":            "SAC053",
		"ZC05 ORPHAN_GLUE":        "SAC048",
		"ZC01 TYPE_NOT_ALLOWED":   "RA Exhibit A",
		"SEC03 ALGORITHM_BELOW_8": "RFC 8624 §3.1",
		"SEC07 NSEC3_ITERATIONS":  "RFC 9276 §3.1",
	}
	for key, cite := range want {
		found := false
		for _, f := range r.Findings {
			if f.Check+" "+f.Tag == key {
				found = true
				if !strings.Contains(f.Authority, cite) || !strings.Contains(f.Err().Error(), cite) {
					t.Errorf("%s: authority %q / error %q does not cite %q", key, f.Authority, f.Err(), cite)
				}
			}
		}
		if !found {
			t.Errorf("report lacks %s", key)
		}
	}
	if r.Err() == nil {
		t.Error("Err() = nil for a zone with findings")
	}
	g := run(t, &Target{Zone: loadZone(t, "good.zone"), Parent: loadParent(t, "parent-good.txt"), Now: at(evalTime)})
	if err := g.Err(); err != nil {
		t.Errorf("good zone: %v", err)
	}
}

func loadDS(t testing.TB, name string) []*dns.DS {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var out []*dns.DS
	zp := dns.NewZoneParser(strings.NewReader(string(b)), ".", name)
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		out = append(out, rr.(*dns.DS))
	}
	if err := zp.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var t0 = time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)

func timeline(t testing.TB, prefix string, files []string, days []int) []Step {
	var steps []Step
	for i, f := range files {
		steps = append(steps, Step{At: t0.Add(time.Duration(days[i]) * 24 * time.Hour), Zone: loadZone(t, prefix+f+".zone"), DS: loadDS(t, prefix+f+".ds")})
	}
	return steps
}

// TestRolloverSimulation: an algorithm roll and an NSEC->NSEC3 change, each
// done correctly and wrongly (signatures removed too early), are told apart.
func TestRolloverSimulation(t *testing.T) {
	for _, prefix := range []string{"roll-", "nsec3-"} {
		t.Run(strings.TrimSuffix(prefix, "-"), func(t *testing.T) {
			ok, err := Simulate(context.Background(), timeline(t, prefix, []string{"ok-0", "ok-1", "ok-2", "ok-3"}, []int{0, 1, 2, 4}))
			if err != nil {
				t.Fatal(err)
			}
			if len(ok.Findings) != 0 {
				t.Errorf("correct roll: %v", ok.Findings)
			}
			// The same correct sequence, rushed: the old keys go 30 minutes
			// after the DS change, while resolvers still hold the old DS
			// (TTL one day).
			rushed := timeline(t, prefix, []string{"ok-0", "ok-1", "ok-2", "ok-3"}, []int{0, 1, 2, 2})
			rushed[3].At = rushed[2].At.Add(30 * time.Minute)
			rr, err := Simulate(context.Background(), rushed)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{"CHG02 CACHED_DS_NO_KEY step 3/DS"}, tags(rr, "CHG02", Notice)); diff != "" {
				t.Errorf("rushed roll (-want +got):\n%s", diff)
			}
			bad, err := Simulate(context.Background(), timeline(t, prefix, []string{"ok-0", "bad-1", "bad-2"}, []int{0, 1, 2}))
			if err != nil {
				t.Fatal(err)
			}
			// Step 1 switches keys, signatures and (not yet) DS at once: caches
			// holding the DNSKEY set, the signed data or the DS set of step 0
			// fail, and the DS of steps 0 and 1 stays cached into step 2.
			want := []string{
				"CHG02 CACHED_DNSKEY_CANNOT_VALIDATE step 1/DNSKEY",
				"CHG02 CACHED_DS_NO_KEY step 1/DS",
				"CHG02 CACHED_DS_NO_KEY step 1/DS",
				"CHG02 CACHED_SIGNATURES_ORPHANED step 1/RRSIG",
				"CHG02 CACHED_DS_NO_KEY step 2/DS",
			}
			if diff := cmp.Diff(want, tags(bad, "CHG02", Notice)); diff != "" {
				t.Errorf("wrong roll (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCompareRoll: Compare of the reports before and after one step tells
// the correct and the wrong change apart, and Classify names the change.
func TestCompareRoll(t *testing.T) {
	for _, prefix := range []string{"roll-", "nsec3-"} {
		t.Run(strings.TrimSuffix(prefix, "-"), func(t *testing.T) {
			report := func(f string) *Report {
				return run(t, &Target{Zone: loadZone(t, prefix+f+".zone"), Parent: &Delegation{NS: loadParent(t, "parent-good.txt").NS, Glue: loadParent(t, "parent-good.txt").Glue, DS: loadDS(t, prefix+f+".ds")}, Now: at(evalTime)})
			}
			before := report("ok-0")
			good := Compare(before, report("ok-1"))
			if err := good.Err(); err != nil {
				t.Errorf("correct step introduces findings: %v", err)
			}
			wrong := Compare(before, report("bad-1"))
			var got []string
			for _, f := range wrong.New {
				got = append(got, f.Check+" "+f.Tag)
			}
			for _, w := range []string{"SEC04 DS_NO_MATCH", "SEC04 NO_VALID_DS"} {
				if !contains(got, w) {
					t.Errorf("wrong step: new findings %v lack %s", got, w)
				}
			}
			ch := classify(t, &Target{Zone: loadZone(t, prefix+"ok-0.zone")}, &Target{Zone: loadZone(t, prefix+"ok-3.zone")})
			var kinds []ChangeKind
			for _, c := range ch {
				kinds = append(kinds, c.Kind)
			}
			want := []ChangeKind{ChangeAlgorithm}
			if prefix == "nsec3-" {
				want = []ChangeKind{ChangeAlgorithm, ChangeDenial}
			}
			if diff := cmp.Diff(want, kinds); diff != "" {
				t.Errorf("Classify (-want +got):\n%s", diff)
			}
		})
	}
	// The nsec3 timeline starts with algorithm 5: Compare resolves it.
	before := run(t, &Target{Zone: loadZone(t, "nsec3-ok-0.zone"), Now: at(evalTime)})
	after := run(t, &Target{Zone: loadZone(t, "nsec3-ok-3.zone"), Now: at(evalTime)})
	d := Compare(before, after)
	resolved := false
	for _, f := range d.Resolved {
		resolved = resolved || f.Tag == "ALGORITHM_BELOW_8"
	}
	if !resolved {
		t.Errorf("algorithm 5 findings not resolved: %+v", d.Resolved)
	}
}

func TestClassify(t *testing.T) {
	base := zoneText(t, unsignedBase)
	after := edit(t, base, func(rr dns.RR) bool {
		return rr.Header().Rrtype == dns.TypeNS && rr.Header().Name == "example." && rr.(*dns.NS).Ns == "ns2.nic.example."
	}, "@ IN NS ns1.dns-operator.net.", "@ IN CAA 0 issue \"ca.example\"", "xn--mxahbxey0c 86400 IN NS ns.registrar.net.", "www 86400 IN NS ns.registrar.net.")
	bp := &Policy{Reserved: []string{"www"}, IDNTables: map[string]string{"und-Latn": "1.0"}, LGRs: []string{latinLGR}}
	ap := &Policy{Reserved: []string{"www"}, Released: []string{"www"}, IDNTables: map[string]string{"und-Latn": "1.1", "el": "1.0"}, LGRs: []string{latinLGR, "lgr-second-level-greek-script-31may22-en"}}
	got := classify(t, &Target{Zone: base, Policy: bp}, &Target{Zone: after, Policy: ap})
	var kinds []string
	for _, c := range got {
		kinds = append(kinds, string(c.Kind)+": "+c.Detail)
		if c.Track == "" || c.Plan == "" || c.Authority == "" {
			t.Errorf("%s without track, plan or authority", c.Kind)
		}
	}
	want := []string{
		"idn-table: IDN tables: LGR lgr-second-level-greek-script-31may22-en added; repertoire +17 -0 elements (+03B4 +03B6 +03B8 …); el added (1.0); und-Latn 1.0 -> 1.1",
		"new-idn-script: first registrations in script(s) Greek",
		"new-ns-operator: name servers of new operator(s) dns-operator.net.",
		"new-rr-type: new RR type(s) CAA",
		"released-reserved: reserved name(s) released: www",
	}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("Classify (-want +got):\n%s", diff)
	}
	// An apex TXT (zone version) is a new RR type under the base Exhibit A
	// §1.1-§1.5, and within the amended Exhibit A (§1.1.6) only at the apex.
	withTXT := edit(t, base, nil, "@ IN TXT \"2026112701\"")
	for _, c := range []struct {
		name    string
		after   *Zone
		amended bool
		want    int
	}{
		{"base", withTXT, false, 1},
		{"amended", withTXT, true, 0},
		{"amended-below-apex", edit(t, base, nil, "nic IN TXT \"x\""), true, 1},
	} {
		got := classify(t, &Target{Zone: base}, &Target{Zone: c.after, Policy: &Policy{AmendedExhibitA: c.amended}})
		if len(got) != c.want || (c.want == 1 && got[0].Detail != "new RR type(s) TXT") {
			t.Errorf("%s: %+v", c.name, got)
		}
	}
	// Serial going backwards.
	back := edit(t, base, isType(dns.TypeSOA, ""), "@ IN SOA ns1.nic.example. hostmaster.nic.example. 2026112500 14400 3600 1209600 3600")
	if c := classify(t, &Target{Zone: base}, &Target{Zone: back}); len(c) != 1 || c[0].Kind != ChangeSerial {
		t.Errorf("serial decrease: %+v", c)
	}
}

func TestClassifyDNSSEC(t *testing.T) {
	good := loadZone(t, "good.zone")
	optOut := &Zone{Origin: good.Origin}
	for _, rr := range good.Records {
		if n3, ok := rr.(*dns.NSEC3); ok {
			c := dns.Copy(n3).(*dns.NSEC3)
			c.Flags |= 1
			rr = c
		}
		optOut.Records = append(optOut.Records, rr)
	}
	kinds := func(b, a *Zone) []ChangeKind {
		var out []ChangeKind
		for _, c := range classify(t, &Target{Zone: b}, &Target{Zone: a}) {
			out = append(out, c.Kind)
		}
		return out
	}
	for name, c := range map[string]struct {
		before, after *Zone
		want          []ChangeKind
	}{
		"opt-out":  {good, optOut, []ChangeKind{ChangeOptOut}},
		"signing":  {zoneText(t, unsignedBase), good, []ChangeKind{ChangeIDNScript, ChangeSigning}}, // good.zone adds bücher
		"unsigned": {good, zoneText(t, unsignedBase), []ChangeKind{ChangeSigning}},
		"params":   {good, loadZone(t, "bad.zone"), []ChangeKind{ChangeAlgorithm, ChangeNewType, ChangeNSEC3Params}}, // bad.zone adds HINFO
		"key-roll": {loadZone(t, "peer-good.zone"), good, []ChangeKind{ChangeKeyRoll, ChangeIDNScript}},
		"none":     {good, good, nil},
	} {
		if diff := cmp.Diff(c.want, kinds(c.before, c.after)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}
