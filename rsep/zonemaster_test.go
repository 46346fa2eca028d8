package rsep

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestImportZonemasterFixtures(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "zonemaster-bad.json"))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := ImportZonemaster(context.Background(), strings.NewReader(string(b)), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.Check+" "+f.Tag+" "+f.Severity.String()+" "+f.Related)
	}
	want := []string{
		"ZM:ADDRESS01 NAMESERVER_IP_PRIVATE_NETWORK error DEL04",
		"ZM:ADDRESS01 NAMESERVER_IP_PRIVATE_NETWORK error DEL04",
		"ZM:ADDRESS02 NAMESERVER_IP_WITHOUT_REVERSE warning NS04",
		"ZM:ADDRESS02 NAMESERVER_IP_WITHOUT_REVERSE warning NS04",
		"ZM:DELEGATION01 NO_IPV6_NS_CHILD error DEL01",
		"ZM:DELEGATION01 NO_IPV6_NS_DEL error DEL01",
		"ZM:DNSSEC05 ALGORITHM_NOT_RECOMMENDED error SEC03",
		"ZM:DNSSEC05 ALGORITHM_NOT_RECOMMENDED error SEC03",
		"ZM:DNSSEC05 ALGORITHM_NOT_RECOMMENDED error SEC03",
		"ZM:DNSSEC05 ALGORITHM_NOT_RECOMMENDED error SEC03",
		"ZM:SYNTAX06 RNAME_MAIL_DOMAIN_INVALID error ZC09",
		"ZM:SYNTAX06 RNAME_MAIL_DOMAIN_INVALID error ZC09",
		"ZM:ZONE02 REFRESH_MINIMUM_VALUE_LOWER notice ZC09",
		"ZM:ZONE05 EXPIRE_MINIMUM_VALUE_LOWER warning ZC09",
		"ZM:ZONE06 SOA_DEFAULT_TTL_MAXIMUM_VALUE_LOWER notice ZC09",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("import (-want +got):\n%s", diff)
	}
	r := &Report{}
	r.Add(fs...)
	if r.Err() == nil {
		t.Error("merged report has no error")
	}
}

func TestImportZonemasterErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not-json":   "{\"level\":\"INFO\",\"module\":\"X\",\"tag\":\"T\"}\nnot json\n",
		"level":      `{"level":"LOUD","module":"X","tag":"T"}`,
		"no-tag":     `{"level":"ERROR","module":"X"}`,
		"two-values": `{"level":"ERROR","module":"X","tag":"T"} {}`,
		"long-line":  `{"level":"ERROR","module":"X","tag":"` + strings.Repeat("A", MaxZonemasterLine) + `"}`,
	} {
		t.Run(name, func(t *testing.T) {
			fs, err := ImportZonemaster(context.Background(), strings.NewReader(in), nil)
			var e *Error
			if err == nil || fs != nil || !errors.As(err, &e) {
				t.Fatalf("got %v, %v", fs, err)
			}
			if name == "long-line" && !errors.Is(err, ErrLimitExceeded) {
				t.Errorf("long line: %v is not ErrLimitExceeded", err)
			}
			if name == "not-json" && e.Line != 2 {
				t.Errorf("line %d, want 2", e.Line)
			}
		})
	}
}

func TestPolicyErrors(t *testing.T) {
	for name, in := range map[string]string{
		"unknown-field": `{"allowed": []}`,
		"type":          `{"allowed_types": ["NOPE"]}`,
		"label":         `{"reserved": ["a.b"]}`,
		"script":        `{"idn_scripts": ["Klingon"]}`,
		"window":        `{"controlled_interruption": {"days": 5}}`,
		"trailing":      `{} x`,
		"duration":      `{"udp_rtt": "soon"}`,
		"size":          `{"tld": "` + strings.Repeat("a", MaxPolicySize) + `"}`,
	} {
		t.Run(name, func(t *testing.T) {
			p, err := ParsePolicy(strings.NewReader(in))
			var e *Error
			if err == nil || p != nil || !errors.As(err, &e) {
				t.Fatalf("got %v, %v", p, err)
			}
		})
	}
}

func TestReadZoneErrors(t *testing.T) {
	for name, in := range map[string]string{
		"outside": "other. 3600 IN A 192.0.2.1\n",
		"syntax":  "example. 3600 IN A not-an-address\n",
		"include": "$INCLUDE /etc/passwd\n",
	} {
		t.Run(name, func(t *testing.T) {
			z, err := ReadZone(context.Background(), strings.NewReader(in), "example.", "t", nil)
			if err == nil || z != nil || !errors.Is(err, ErrMalformed) {
				t.Fatalf("got %v, %v", z, err)
			}
		})
	}
	_, err := ReadZone(context.Background(), strings.NewReader(strings.Repeat("example. 3600 IN A 192.0.2.1\n", 20)), "example.", "t", &ReadConfig{Limits: Limits{ZoneRecords: 10}})
	if !errors.Is(err, ErrLimitExceeded) {
		t.Errorf("record limit: %v", err)
	}
	_, err = ReadZone(context.Background(), strings.NewReader(strings.Repeat("example. 3600 IN A 192.0.2.1\n", 20)), "example.", "t", &ReadConfig{Limits: Limits{ZoneSize: 100}})
	if !errors.Is(err, ErrLimitExceeded) {
		t.Errorf("size limit: %v", err)
	}
	if _, err := Run(context.Background(), &Target{Zone: NewZone("example.", nil), Checks: []string{"NOPE"}}); !errors.Is(err, ErrUnknownCheck) {
		t.Errorf("unknown check: %v", err)
	}
}

func TestWorkLimits(t *testing.T) {
	bad := loadZone(t, "bad.zone")
	r := run(t, &Target{Zone: bad, Now: at(evalTime), Limits: Limits{Findings: 2}})
	if len(r.Findings) != 3 || countCheck(r, "RSEP") != 1 {
		t.Errorf("Findings limit: %v", r.Findings)
	}
	r = run(t, &Target{Zone: loadZone(t, "good.zone"), Now: at(evalTime), Checks: []string{"SEC02"}, Limits: Limits{SignatureChecks: 3}})
	if got := tags(r, "SEC02", Warning); len(got) != 1 || !strings.Contains(got[0], "SIGNATURE_BUDGET") {
		t.Errorf("signature budget: %v", got)
	}
}

// TestImportZonemasterLimits: a stream with more than MaxFindings findings
// keeps MaxFindings of them and one TOO_MANY_FINDINGS warning (before: all
// 691,833 of a 64 MB file); input over MaxZonemasterSize is ErrLimitExceeded
// naming the limit, not "unexpected EOF" from the cut last line.
func TestImportZonemasterLimits(t *testing.T) {
	line := `{"level":"WARNING","module":"ADDRESS","testcase":"ADDRESS02","tag":"NAMESERVER_IP_WITHOUT_REVERSE","args":{"ns":"ns1.example"}}` + "\n"
	lim := &ReadConfig{Limits: Limits{Findings: 100, ZonemasterSize: 64 << 10}}
	fs, err := ImportZonemaster(context.Background(), strings.NewReader(strings.Repeat(line, 105)), lim)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 101 {
		t.Errorf("%d findings, want Findings+1 = 101", len(fs))
	}
	n := 0
	for _, f := range fs {
		if f.Tag == "TOO_MANY_FINDINGS" {
			n++
			if !strings.Contains(f.Message, "5 further") {
				t.Errorf("message %q", f.Message)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d TOO_MANY_FINDINGS findings, want 1", n)
	}
	// Over the size limit, wherever the cut falls in a line.
	for extra := 0; extra < len(line); extra += 17 {
		big := strings.Repeat(line, int(lim.Limits.ZonemasterSize)/len(line)) + line[:extra] + line
		_, err = ImportZonemaster(context.Background(), strings.NewReader(big), lim)
		if !errors.Is(err, ErrLimitExceeded) || !strings.Contains(err.Error(), "MaxZonemasterSize") {
			t.Errorf("over-size input (+%d): %v, want ErrLimitExceeded naming MaxZonemasterSize", extra, err)
		}
	}
	// The defaults: MaxFindings holds for the plain entry point.
	if testing.Short() {
		return
	}
	fs, err = ImportZonemaster(context.Background(), strings.NewReader(strings.Repeat(line, MaxFindings+2)), nil)
	if err != nil || len(fs) != MaxFindings+1 {
		t.Errorf("default limits: %d findings, %v; want MaxFindings+1", len(fs), err)
	}
}
