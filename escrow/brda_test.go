package escrow

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func brdaVerify(t *testing.T, doc string) *Report {
	t.Helper()
	rep, err := VerifyBRDA(context.Background(), strings.NewReader(doc), &VerifyConfig{Name: "brda.xml",
		Now: func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// brdaFindings returns the findings citing RA Spec 4, as text.
func brdaFindings(rep *Report) []string {
	var out []string
	for _, f := range rep.Findings {
		if strings.Contains(f.Clause, "Spec 4") {
			out = append(out, f.Error())
		}
	}
	return out
}

// TestBRDAFixtures: the RFC 9022 §14 example and the Nomulus deposit carry
// every field RA Spec 4 §3.1.1 asks for.
func TestBRDAFixtures(t *testing.T) {
	for _, p := range []string{"testdata/rfc9022/rfc9022-s14-full-xml.xml", "testdata/nomulus/deposit_full.xml"} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := brdaFindings(brdaVerify(t, string(b))); len(got) > 0 {
			t.Errorf("%s: BRDA findings %q", p, got)
		}
	}
}

const brdaThin = `<?xml version="1.0" encoding="UTF-8"?>
<rde:deposit type="FULL" id="20261124001" xmlns:rde="urn:ietf:params:xml:ns:rde-1.0"
  xmlns:rdeHeader="urn:ietf:params:xml:ns:rdeHeader-1.0" xmlns:rdeDom="urn:ietf:params:xml:ns:rdeDomain-1.0"
  xmlns:domain="urn:ietf:params:xml:ns:domain-1.0" xmlns:rdeRegistrar="urn:ietf:params:xml:ns:rdeRegistrar-1.0">
  <rde:watermark>2026-11-24T00:00:00Z</rde:watermark>
  <rde:rdeMenu><rde:version>1.0</rde:version>
    <rde:objURI>urn:ietf:params:xml:ns:rdeHeader-1.0</rde:objURI>
    <rde:objURI>urn:ietf:params:xml:ns:rdeDomain-1.0</rde:objURI>
    <rde:objURI>urn:ietf:params:xml:ns:rdeRegistrar-1.0</rde:objURI>
  </rde:rdeMenu>
  <rde:contents>
    <rdeHeader:header><rdeHeader:tld>example</rdeHeader:tld>
      <rdeHeader:count uri="urn:ietf:params:xml:ns:rdeDomain-1.0">1</rdeHeader:count>
      <rdeHeader:count uri="urn:ietf:params:xml:ns:rdeRegistrar-1.0">1</rdeHeader:count>
    </rdeHeader:header>
    <rdeDom:domain>
      <rdeDom:name>a.example</rdeDom:name>
      <rdeDom:roid>D1-EXAMPLE</rdeDom:roid>
      <rdeDom:status s="ok"/>
      <rdeDom:ns><domain:hostAttr><domain:hostName>ns1.a.example</domain:hostName></domain:hostAttr></rdeDom:ns>
      <rdeDom:clID>RegistrarX</rdeDom:clID>
      <rdeDom:crDate>2020-01-01T00:00:00Z</rdeDom:crDate>
      <rdeDom:exDate>2027-01-01T00:00:00Z</rdeDom:exDate>
      <rdeDom:upDate>2026-01-01T00:00:00Z</rdeDom:upDate>
    </rdeDom:domain>
    <rdeRegistrar:registrar>
      <rdeRegistrar:id>RegistrarX</rdeRegistrar:id>
      <rdeRegistrar:name>Registrar X</rdeRegistrar:name>
      <rdeRegistrar:gurid>8</rdeRegistrar:gurid>
      <rdeRegistrar:status>ok</rdeRegistrar:status>
      <rdeRegistrar:url>https://registrar.example</rdeRegistrar:url>
      <rdeRegistrar:whoisInfo><rdeRegistrar:name>whois.registrar.example</rdeRegistrar:name></rdeRegistrar:whoisInfo>
    </rdeRegistrar:registrar>
  </rde:contents>
</rde:deposit>
`

func TestBRDASpec4(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(string) string
		want []string
	}{
		{"complete", func(s string) string { return s }, nil},
		{"no exDate, no status", func(s string) string {
			s = strings.Replace(s, "<rdeDom:exDate>2027-01-01T00:00:00Z</rdeDom:exDate>", "", 1)
			return strings.Replace(s, `<rdeDom:status s="ok"/>`, "", 1)
		}, []string{`escrow: brda.xml:line 16: domain "a.example": invalid deposit: lacks expiration date (exDate), statuses (status), which the BRDA must contain (RA Spec 4 §3.1.1)`}},
		{"registrar without whois and gurid", func(s string) string {
			s = strings.Replace(s, "<rdeRegistrar:gurid>8</rdeRegistrar:gurid>", "", 1)
			return strings.Replace(s, "<rdeRegistrar:whoisInfo><rdeRegistrar:name>whois.registrar.example</rdeRegistrar:name></rdeRegistrar:whoisInfo>", "", 1)
		}, []string{
			`escrow: brda.xml:line 26: registrar "RegistrarX": invalid deposit: lacks Whois server host name (whoisInfo/name), which the BRDA must contain (RA Spec 4 §3.1.1)`,
			`escrow: brda.xml: registrar "RegistrarX": invalid deposit: sponsoring registrar (of domain "a.example" and maybe others) has no gurid: the BRDA needs the registrar's IANA ID (RA Spec 4 §3.1.1)`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := brdaVerify(t, tc.edit(brdaThin))
			if diff := cmp.Diff(tc.want, brdaFindings(rep)); diff != "" {
				t.Errorf("BRDA findings (-want +got):\n%s", diff)
			}
			if tc.want == nil && !rep.OK() {
				t.Errorf("complete thin deposit has findings: %v", rep.Err())
			}
		})
	}
}
