package escrow

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var updateReportGolden = flag.Bool("update-report", false, "rewrite testdata/report/*.golden.xml")

func readReportFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "report", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestNomulusReport reads google/nomulus's rde/report.xml fixture.
func TestNomulusReport(t *testing.T) {
	rep, err := ReadRDEReport(bytes.NewReader(readReportFixture(t, "report.xml")))
	if err != nil {
		t.Fatal(err)
	}
	want := &RDEReport{
		ID:              "20101017001",
		Version:         1,
		RydeSpecEscrow:  "draft-arias-noguchi-registry-data-escrow-06",
		RydeSpecMapping: "draft-arias-noguchi-dnrd-objects-mapping-05",
		Resend:          0,
		CrDate:          time.Date(2010, 10, 17, 0, 15, 0, 0, time.UTC),
		Kind:            "FULL",
		Watermark:       time.Date(2010, 10, 17, 0, 0, 0, 0, time.UTC),
		Header: RDEHeader{TLD: "test", Counts: []RDEHeaderCount{
			{URI: NSDomain, Count: 2},
			{URI: NSHost, Count: 1},
			{URI: NSRegistrar, Count: 1},
			{URI: NSIDN, Count: 1},
			{URI: NSNNDN, Count: 1},
			{URI: NSEppParams, Count: 1},
		}},
	}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	// Write and read back.
	out, err := MarshalRDEReport(rep)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReadRDEReport(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if diff := cmp.Diff(rep, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestNomulusIIRDEA(t *testing.T) {
	for _, tc := range []struct {
		file string
		want IIRDEAResult
		ok   bool
	}{
		{"iirdea_good.xml", IIRDEAResult{Code: 1000, Msg: "You done well."}, true},
		{"iirdea_bad.xml", IIRDEAResult{Code: 2001, Msg: "The structure of the report is invalid.",
			Description: "'XX' could not be parsed as a number (line: 2 column:3)"}, false},
	} {
		got, err := ReadIIRDEAResponse(bytes.NewReader(readReportFixture(t, tc.file)))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if diff := cmp.Diff(&tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.file, diff)
		}
		if got.OK() != tc.ok {
			t.Errorf("%s: OK() = %v", tc.file, got.OK())
		}
		out, err := marshalIIRDEAResponse(*got)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ReadIIRDEAResponse(bytes.NewReader(out))
		if err != nil || *back != *got {
			t.Errorf("%s: round trip %+v, %v", tc.file, back, err)
		}
	}
	if IIRDEACodeText(iirdeaDiffBeforeFull) == "" {
		t.Error("no text for 2205")
	}
}

// TestRDEReportProblems checks that every problem of a report is reported.
func TestRDEReportProblems(t *testing.T) {
	good := string(readReportFixture(t, "report.xml"))
	for _, tc := range []struct {
		name string
		edit func(string) string
		want []string
	}{
		{"bad id and kind", func(s string) string {
			s = strings.Replace(s, "20101017001", "2010-10-17-0001", 1)
			return strings.Replace(s, ">FULL<", ">WEEKLY<", 1)
		}, []string{"RFC 8909 §5.1", `id "2010-10-17-0001"`, `kind "WEEKLY"`}},
		{"version 2", func(s string) string {
			return strings.Replace(s, "<rdeReport:version>1<", "<rdeReport:version>2<", 1)
		}, []string{"version 2 is not 1"}},
		{"local time", func(s string) string {
			return strings.Replace(s, "2010-10-17T00:00:00Z", "2010-10-17T00:00:00", 1)
		}, []string{"watermark"}},
		{"duplicate count", func(s string) string {
			return strings.Replace(s, "urn:ietf:params:xml:ns:rdeHost-1.0", "urn:ietf:params:xml:ns:rdeDomain-1.0", 1)
		}, []string{"2211"}},
		{"both domain models", func(s string) string {
			return strings.Replace(s, "urn:ietf:params:xml:ns:rdeHost-1.0", "urn:ietf:params:xml:ns:csvDomain-1.0", 1)
		}, []string{"2206", "RFC 9022 §2"}},
		{"count not a number", func(s string) string {
			return strings.Replace(s, ">2</rdeHeader:count>", ">XX</rdeHeader:count>", 1)
		}, []string{`"XX"`}},
		{"no tld", func(s string) string {
			return strings.Replace(s, "<rdeHeader:tld>test</rdeHeader:tld>", "", 1)
		}, []string{"no tld"}},
		{"prefix is not namespace", func(s string) string {
			return strings.Replace(s, `xmlns:rdeHeader="urn:ietf:params:xml:ns:rdeHeader-1.0"`, `xmlns:rdeHeader="urn:example:other"`, 1)
		}, []string{"no tld", "no count"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadRDEReport(strings.NewReader(tc.edit(good)))
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v, want ErrInvalid", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestReportMalformed(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      error
	}{
		{"empty", "", ErrMalformed},
		{"not xml", "hello", ErrMalformed},
		{"doctype", `<!DOCTYPE x [<!ENTITY a "b">]><rdeReport:report xmlns:rdeReport="` + NSReport + `"/>`, ErrMalformed},
		{"wrong root", `<response xmlns="` + NSIIRDEA + `"/>`, ErrMalformed},
		{"trailing", `<rdeReport:report xmlns:rdeReport="` + NSReport + `"/><x/>`, ErrMalformed},
		{"too big", `<rdeReport:report xmlns:rdeReport="` + NSReport + `">` + strings.Repeat(" ", MaxReportBytes) + `</rdeReport:report>`, ErrLimitExceeded},
	} {
		if _, err := ReadRDEReport(strings.NewReader(tc.doc)); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

func testNotification(t *testing.T) *notificationDoc {
	rep, err := ReadRDEReport(bytes.NewReader(readReportFixture(t, "report.xml")))
	if err != nil {
		t.Fatal(err)
	}
	return &notificationDoc{
		DEAName:      "Example Escrow Agent",
		Version:      1,
		RepDate:      time.Date(2010, 10, 17, 0, 0, 0, 0, time.UTC),
		Status:       statusDepositFailed,
		Results:      []IIRDEAResult{{Code: 2001, Msg: "Deposit does not validate", Description: "rdeHeader:count mismatch"}},
		ReDate:       time.Date(2010, 10, 17, 3, 15, 0, 0, time.UTC),
		VaDate:       time.Date(2010, 10, 17, 5, 15, 0, 0, time.UTC),
		LastFullDate: time.Date(2010, 10, 10, 0, 0, 0, 0, time.UTC),
		Report:       rep,
	}
}

func TestRDENotificationRoundTrip(t *testing.T) {
	n := testNotification(t)
	out, err := marshalRDENotification(n)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "report", "notification_dvfn.golden.xml")
	if *updateReportGolden {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(out)); diff != "" {
		t.Errorf("notification (-want +got):\n%s", diff)
	}
	back, err := readRDENotification(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(n, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestRDENotificationProblems(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*notificationDoc)
		want string
	}{
		{"DVFN without results", func(n *notificationDoc) { n.Results = nil }, "without any iirdea:result"},
		{"DVPN with results", func(n *notificationDoc) { n.Status = statusDepositPassed }, "only DVFN"},
		{"DRFN with report", func(n *notificationDoc) { n.Status, n.Results = statusDepositMissing, nil }, "DRFN"},
		{"unknown status", func(n *notificationDoc) { n.Status = "OK" }, `status "OK"`},
		{"bad report inside", func(n *notificationDoc) { n.Report.Kind = "X" }, `kind "X"`},
		{"no name", func(n *notificationDoc) { n.DEAName = "" }, "deaName"},
	} {
		n := testNotification(t)
		tc.edit(n)
		_, err := marshalRDENotification(n)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want ErrInvalid mentioning %q", tc.name, err, tc.want)
		}
	}
}
