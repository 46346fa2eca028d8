package escrow

import (
	"bytes"
	"context"
	"github.com/ssrkit/ssr/escrow/internal/pinned"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// rstBase is a FULL deposit that is clean under RST's rules with
// rstBaseOptions (TLD "example", maximum data model, host objects, IDN
// table "ja"). rstCases derive one defective deposit per RST code from it
// by a textual mutation.
const rstBase = `<?xml version="1.0" encoding="UTF-8"?>
<rde:deposit type="FULL" id="20261122001"
  xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"
  xmlns:contact="urn:ietf:params:xml:ns:contact-1.0"
  xmlns:rde="urn:ietf:params:xml:ns:rde-1.0"
  xmlns:rdeHeader="urn:ietf:params:xml:ns:rdeHeader-1.0"
  xmlns:rdeDomain="urn:ietf:params:xml:ns:rdeDomain-1.0"
  xmlns:rdeHost="urn:ietf:params:xml:ns:rdeHost-1.0"
  xmlns:rdeContact="urn:ietf:params:xml:ns:rdeContact-1.0"
  xmlns:rdeRegistrar="urn:ietf:params:xml:ns:rdeRegistrar-1.0"
  xmlns:rdeIDN="urn:ietf:params:xml:ns:rdeIDN-1.0"
  xmlns:rdeNNDN="urn:ietf:params:xml:ns:rdeNNDN-1.0"
  xmlns:rdeEppParams="urn:ietf:params:xml:ns:rdeEppParams-1.0"
  xmlns:rdePolicy="urn:ietf:params:xml:ns:rdePolicy-1.0"
  xmlns:epp="urn:ietf:params:xml:ns:epp-1.0">
<rde:watermark>2026-11-22T00:00:00Z</rde:watermark>
<rde:rdeMenu>
<rde:version>1.0</rde:version>
<rde:objURI>urn:ietf:params:xml:ns:rdeHeader-1.0</rde:objURI>
<rde:objURI>urn:ietf:params:xml:ns:rdeDomain-1.0</rde:objURI>
<rde:objURI>urn:ietf:params:xml:ns:rdeHost-1.0</rde:objURI>
<rde:objURI>urn:ietf:params:xml:ns:rdeContact-1.0</rde:objURI>
<rde:objURI>urn:ietf:params:xml:ns:rdeRegistrar-1.0</rde:objURI>
<rde:objURI>urn:ietf:params:xml:ns:rdeIDN-1.0</rde:objURI>
<rde:objURI>urn:ietf:params:xml:ns:rdeEppParams-1.0</rde:objURI>
<!--MENU-->
</rde:rdeMenu>
<rde:contents>
<rdeHeader:header>
<rdeHeader:tld>example</rdeHeader:tld>
<rdeHeader:count uri="urn:ietf:params:xml:ns:rdeDomain-1.0">2</rdeHeader:count>
<rdeHeader:count uri="urn:ietf:params:xml:ns:rdeHost-1.0">2</rdeHeader:count>
<rdeHeader:count uri="urn:ietf:params:xml:ns:rdeContact-1.0">2</rdeHeader:count>
<rdeHeader:count uri="urn:ietf:params:xml:ns:rdeRegistrar-1.0">2</rdeHeader:count>
<rdeHeader:count uri="urn:ietf:params:xml:ns:rdeIDN-1.0">1</rdeHeader:count>
<rdeHeader:count uri="urn:ietf:params:xml:ns:rdeEppParams-1.0">1</rdeHeader:count>
<!--COUNTS-->
</rdeHeader:header>
<rdeDomain:domain>
<rdeDomain:name>one.example</rdeDomain:name>
<rdeDomain:roid>D1-EXAMPLE</rdeDomain:roid>
<rdeDomain:status s="ok"/>
<rdeDomain:registrant>cid1</rdeDomain:registrant>
<rdeDomain:contact type="admin">cid2</rdeDomain:contact>
<rdeDomain:ns><domain:hostObj>ns1.one.example</domain:hostObj><domain:hostObj>ns.other.test</domain:hostObj></rdeDomain:ns>
<rdeDomain:clID>reg1</rdeDomain:clID>
<rdeDomain:crRr>reg1</rdeDomain:crRr>
<rdeDomain:crDate>2025-01-01T00:00:00Z</rdeDomain:crDate>
<rdeDomain:exDate>2027-01-01T00:00:00Z</rdeDomain:exDate>
<rdeDomain:upRr>reg1</rdeDomain:upRr>
<rdeDomain:upDate>2025-06-01T00:00:00Z</rdeDomain:upDate>
<!--D1END-->
</rdeDomain:domain>
<rdeDomain:domain>
<rdeDomain:name>xn--wgv71a.example</rdeDomain:name>
<rdeDomain:roid>D2-EXAMPLE</rdeDomain:roid>
<rdeDomain:idnTableId>ja</rdeDomain:idnTableId>
<rdeDomain:status s="clientHold"/>
<rdeDomain:registrant>cid2</rdeDomain:registrant>
<rdeDomain:clID>reg2</rdeDomain:clID>
<rdeDomain:crDate>2025-02-01T00:00:00Z</rdeDomain:crDate>
<rdeDomain:exDate>2027-02-01T00:00:00Z</rdeDomain:exDate>
<rdeDomain:trnData>
<rdeDomain:trStatus>clientApproved</rdeDomain:trStatus>
<rdeDomain:reRr>reg2</rdeDomain:reRr>
<rdeDomain:reDate>2026-01-01T00:00:00Z</rdeDomain:reDate>
<rdeDomain:acRr>reg1</rdeDomain:acRr>
<rdeDomain:acDate>2026-01-02T00:00:00Z</rdeDomain:acDate>
</rdeDomain:trnData>
</rdeDomain:domain>
<!--DOMAINS-->
<rdeHost:host>
<rdeHost:name>ns1.one.example</rdeHost:name>
<rdeHost:roid>H1-EXAMPLE</rdeHost:roid>
<rdeHost:status s="ok"/>
<rdeHost:addr ip="v4">192.0.2.1</rdeHost:addr>
<rdeHost:addr ip="v6">2001:db8::1</rdeHost:addr>
<rdeHost:clID>reg1</rdeHost:clID>
<rdeHost:crRr>reg1</rdeHost:crRr>
<rdeHost:crDate>2025-01-01T00:00:00Z</rdeHost:crDate>
</rdeHost:host>
<rdeHost:host>
<rdeHost:name>ns.other.test</rdeHost:name>
<rdeHost:roid>H2-EXAMPLE</rdeHost:roid>
<rdeHost:status s="linked"/>
<rdeHost:clID>reg2</rdeHost:clID>
</rdeHost:host>
<!--HOSTS-->
<rdeContact:contact>
<rdeContact:id>cid1</rdeContact:id>
<rdeContact:roid>C1-EXAMPLE</rdeContact:roid>
<rdeContact:status s="ok"/>
<rdeContact:postalInfo type="int">
<contact:name>Ann Example</contact:name>
<contact:addr><contact:city>Dulles</contact:city><contact:cc>US</contact:cc></contact:addr>
</rdeContact:postalInfo>
<rdeContact:email>ann@example.test</rdeContact:email>
<rdeContact:clID>reg1</rdeContact:clID>
<rdeContact:crRr>reg1</rdeContact:crRr>
<rdeContact:upRr>reg1</rdeContact:upRr>
<!--C1END-->
</rdeContact:contact>
<rdeContact:contact>
<rdeContact:id>cid2</rdeContact:id>
<rdeContact:roid>C2-EXAMPLE</rdeContact:roid>
<rdeContact:status s="ok"/>
<rdeContact:postalInfo type="loc">
<contact:name>Bo Example</contact:name>
<contact:addr><contact:city>Oslo</contact:city><contact:cc>NO</contact:cc></contact:addr>
</rdeContact:postalInfo>
<rdeContact:postalInfo type="int">
<contact:name>Bo Example</contact:name>
<contact:addr><contact:city>Oslo</contact:city><contact:cc>NO</contact:cc></contact:addr>
</rdeContact:postalInfo>
<rdeContact:email>"bo x"@[192.0.2.9]</rdeContact:email>
<rdeContact:clID>reg2</rdeContact:clID>
<rdeContact:trnData>
<rdeContact:trStatus>serverApproved</rdeContact:trStatus>
<rdeContact:reRr>reg2</rdeContact:reRr>
<rdeContact:reDate>2026-01-01T00:00:00Z</rdeContact:reDate>
<rdeContact:acRr>reg1</rdeContact:acRr>
<rdeContact:acDate>2026-01-02T00:00:00Z</rdeContact:acDate>
</rdeContact:trnData>
</rdeContact:contact>
<rdeRegistrar:registrar>
<rdeRegistrar:id>reg1</rdeRegistrar:id>
<rdeRegistrar:name>Registrar One</rdeRegistrar:name>
<rdeRegistrar:gurid>2</rdeRegistrar:gurid>
</rdeRegistrar:registrar>
<rdeRegistrar:registrar>
<rdeRegistrar:id>reg2</rdeRegistrar:id>
<rdeRegistrar:name>Registrar Two</rdeRegistrar:name>
<rdeRegistrar:gurid>9999</rdeRegistrar:gurid>
</rdeRegistrar:registrar>
<!--REGISTRARS-->
<rdeIDN:idnTableRef id="ja">
<rdeIDN:url>https://www.iana.org/domains/idn-tables/tables/example_ja_1.0.txt</rdeIDN:url>
<rdeIDN:urlPolicy>https://nic.example/idn-policy</rdeIDN:urlPolicy>
</rdeIDN:idnTableRef>
<!--IDNS-->
<rdeEppParams:eppParams>
<rdeEppParams:version>1.0</rdeEppParams:version>
<rdeEppParams:lang>en</rdeEppParams:lang>
<rdeEppParams:objURI>urn:ietf:params:xml:ns:domain-1.0</rdeEppParams:objURI>
<rdeEppParams:objURI>urn:ietf:params:xml:ns:host-1.0</rdeEppParams:objURI>
<rdeEppParams:objURI>urn:ietf:params:xml:ns:contact-1.0</rdeEppParams:objURI>
<rdeEppParams:svcExtension>
<epp:extURI>urn:ietf:params:xml:ns:secDNS-1.1</epp:extURI>
<epp:extURI>urn:ietf:params:xml:ns:rgp-1.0</epp:extURI>
<epp:extURI>urn:ietf:params:xml:ns:launch-1.0</epp:extURI>
</rdeEppParams:svcExtension>
<rdeEppParams:dcp><epp:access><epp:all/></epp:access><epp:statement><epp:purpose><epp:admin/><epp:prov/></epp:purpose><epp:recipient><epp:ours/><epp:public/></epp:recipient><epp:retention><epp:stated/></epp:retention></epp:statement></rdeEppParams:dcp>
</rdeEppParams:eppParams>
<!--EPPPARAMS-->
<rdePolicy:policy scope="//rde:deposit/rde:contents/rdeDomain:domain" element="rdeDomain:registrant"/>
<!--POLICIES-->
</rde:contents>
</rde:deposit>
`

func rstBaseOptions() *RSTConfig {
	return &RSTConfig{TLDs: []string{"example"}, DataModel: DataModelMaximum, HostModel: HostModelObjects,
		IDNTables: []string{"ja"}, FileName: "example_2026-11-22_full_S1_R0.ryde"}
}

// mut is one textual mutation of rstBase: old replaced by new, once.
type mut struct{ old, new string }

type rstTC struct {
	code  string
	muts  []mut
	edit  func(string) string // applied after muts
	opts  func(*RSTConfig)
	files map[string]string // CSV files (csv cases)
	// also: codes the defect may necessarily bring with it (documented
	// in doc.go); the case's code must still come.
	also []string
	// schema: the defect also breaks the schema, so
	// RDE_SCHEMA_VALIDATION_ERROR may come with the code.
	schema bool
}

func rstApply(t *testing.T, muts []mut) string {
	t.Helper()
	s := rstBase
	for _, m := range muts {
		if !strings.Contains(s, m.old) {
			t.Fatalf("mutation target %q not in the base deposit", m.old)
		}
		s = strings.Replace(s, m.old, m.new, 1)
	}
	return s
}

func rstVerify(t *testing.T, xml string, ro *RSTConfig, files map[string]string) *Report {
	t.Helper()
	var fsys fstest.MapFS
	if files != nil {
		fsys = fstest.MapFS{}
		for n, c := range files {
			fsys[n] = &fstest.MapFile{Data: []byte(c)}
		}
	}
	opts := &VerifyConfig{Name: "deposit.xml", Now: func() time.Time { return time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) }, RST: ro}
	if fsys != nil {
		opts.Files = fsys
	}
	rep, err := Verify(context.Background(), strings.NewReader(xml), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func codesOf(rep *Report) []string {
	var out []string
	for _, f := range rep.Findings {
		if !slices.Contains(out, f.Code) {
			out = append(out, f.Code)
		}
	}
	slices.Sort(out)
	return out
}

func TestRSTBaseClean(t *testing.T) {
	rep := rstVerify(t, rstBase, rstBaseOptions(), nil)
	for _, f := range rep.Findings {
		t.Errorf("finding on the clean base: %v", f)
	}
	if len(rep.Skipped) != 0 {
		t.Errorf("skipped: %v", rep.Skipped)
	}
}

// TestRSTCodes: each crafted deposit gives its code, and besides it only
// RDE_SCHEMA_VALIDATION_ERROR where the defect also breaks the schema.
func TestRSTCodes(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range rstCases() {
		t.Run(c.code, func(t *testing.T) {
			ro := rstBaseOptions()
			if c.opts != nil {
				c.opts(ro)
			}
			xml := rstBase
			if c.muts != nil {
				xml = rstApply(t, c.muts)
			}
			if c.edit != nil {
				xml = c.edit(xml)
			}
			rep := rstVerify(t, xml, ro, c.files)
			got := codesOf(rep)
			want := []string{c.code}
			if c.schema {
				want = append(want, codeSchema)
			}
			slices.Sort(want)
			if len(c.also) > 0 && slices.Contains(got, c.code) {
				got = slices.DeleteFunc(got, func(s string) bool { return slices.Contains(c.also, s) })
			}
			if !slices.Equal(got, want) && !(c.schema && slices.Equal(got, []string{c.code})) {
				for _, f := range rep.Findings {
					t.Log(f)
				}
				t.Fatalf("codes %v, want %v", got, want)
			}
			for _, f := range rep.Findings {
				if f.Code == c.code && !strings.Contains(f.Clause, "RST rde-") && c.code != codeSchema {
					t.Errorf("finding does not cite its RST case: %v", f)
				}
			}
			seen[c.code] = true
		})
	}
	for _, code := range rstRyDECodes(t) {
		seen[code] = true
	}
	// Every code of RST's errors.yaml is either produced here or listed as
	// undecidable in doc.go.
	all := rstAllCodes(t)
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, code := range all {
		if seen[code] {
			n++
			continue
		}
		if !bytes.Contains(doc, []byte("`"+code+"`")) {
			t.Errorf("%s: no crafted deposit and not listed in doc.go", code)
		}
	}
	if n < 70 {
		t.Errorf("%d of %d codes have a crafted deposit, want at least 70", n, len(all))
	}
	t.Logf("%d of %d RST RDE codes produced by crafted deposits", n, len(all))
}

// rstAllCodes reads the codes of RST's errors.yaml (testdata/rst).
func rstAllCodes(t *testing.T) []string {
	b, err := os.ReadFile("testdata/rst/errors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "RDE_") && strings.HasSuffix(l, ":") {
			out = append(out, strings.TrimSuffix(l, ":"))
		}
	}
	if len(out) != 86 {
		t.Fatalf("errors.yaml has %d codes, want 86", len(out))
	}
	return out
}

// TestRSTCodesKnown: every code the package can emit is one of RST's.
func TestRSTCodesKnown(t *testing.T) {
	all := rstAllCodes(t)
	src, _ := os.ReadFile("rst.go")
	src2, _ := os.ReadFile("rst_checks.go")
	for _, s := range []string{string(src), string(src2)} {
		for _, part := range strings.Split(s, `"RDE_`)[1:] {
			code := "RDE_" + part[:strings.IndexByte(part, '"')]
			if strings.HasSuffix(code, "_") {
				continue // prefix used in a switch
			}
			if !slices.Contains(all, code) {
				t.Errorf("code %s is not in RST's errors.yaml", code)
			}
		}
	}
}

func TestRSTSyntax(t *testing.T) {
	for s, want := range map[string]bool{
		"a@example.test": true, "first.last+tag@sub.example.test": true, `"a b"@example.test`: true,
		"x@[192.0.2.1]": true, "ü@example.test": true, "a.@example.test": false, ".a@example.test": false,
		"a..b@example.test": false, "a@": false, "@example.test": false, "a b@example.test": false,
		"a@example..test": false, `"a"b"@example.test`: false, "noat": false,
	} {
		if validEmail(s) != want {
			t.Errorf("validEmail(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{
		"example": true, "a-b.example": true, "xn--wgv71a.example": true, "ab--cd.example": false,
		"-a.example": false, "a-.example": false, "a..example": false, "a_b.example": false, "": false,
		strings.Repeat("a", 64) + ".example": false, "example.": false,
	} {
		if validHostName(s) != want {
			t.Errorf("validHostName(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{"US": true, "NO": true, "QQ": false, "ZZ": false, "XK": false, "UK": false, "us": false} {
		if pinned.ISO3166Alpha2(s) != want {
			t.Errorf("pinned.ISO3166Alpha2(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{"2": true, "9999": true, "5": false, "0": false, "x": false, "10009": true} {
		if pinned.RegistrarID(s) != want {
			t.Errorf("pinned.RegistrarID(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{"D1-EXAMPLE": true, "D1-VRSN": true, "D1-TEST": false, "D1": false} {
		if pinned.RepositoryID(s) != want {
			t.Errorf("pinned.RepositoryID(%q) = %v", s, !want)
		}
	}
}
