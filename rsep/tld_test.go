package rsep

import (
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// depDomain is a domain of a test deposit.
type depDomain struct {
	name string
	ns   []string
	ds   string // "tag alg type digest" or ""
	key  string // "flags protocol alg pubkey" (keyData) or ""
	hold bool
}

type depHost struct {
	name, roid string
	addrs      []string
}

// goodDeposit is the registry behind testdata/good.zone's delegations.
func goodDeposit() ([]depDomain, []depHost) {
	return []depDomain{
			{name: "alpha.example", ns: []string{"ns1.alpha.example", "ns.registrar.net"}},
			{name: "beta.example", ns: []string{"ns1.dns.net", "ns2.dns.net"}, ds: "12345 13 2 8D3B1F5A6C3E3E2B4D7E1F6F0A9C8B7A6D5E4F3C2B1A09182736455463728190"},
			{name: "xn--bcher-kva.example", ns: []string{"ns1.dns.net", "ns2.dns.net"}},
		}, []depHost{
			{name: "ns1.alpha.example", roid: "H1-EX", addrs: []string{"185.24.66.1", "2001:67c:1012::1"}},
			{name: "ns.registrar.net", roid: "H2-EX"},
			{name: "ns1.dns.net", roid: "H3-EX"},
			{name: "ns2.dns.net", roid: "H4-EX"},
		}
}

const depHead = `<?xml version="1.0" encoding="UTF-8"?>
<rde:deposit type="FULL" id="20261201001" xmlns:rde="urn:ietf:params:xml:ns:rde-1.0"
  xmlns:domain="urn:ietf:params:xml:ns:domain-1.0" xmlns:secDNS="urn:ietf:params:xml:ns:secDNS-1.1"
  xmlns:rdeDomain="urn:ietf:params:xml:ns:rdeDomain-1.0" xmlns:rdeHost="urn:ietf:params:xml:ns:rdeHost-1.0"
  xmlns:rdeCsv="urn:ietf:params:xml:ns:rdeCsv-1.0" xmlns:csvDomain="urn:ietf:params:xml:ns:csvDomain-1.0"
  xmlns:csvHost="urn:ietf:params:xml:ns:csvHost-1.0">
  <rde:watermark>2026-12-01T00:00:00Z</rde:watermark>
  <rde:rdeMenu><rde:version>1.0</rde:version><rde:objURI>urn:ietf:params:xml:ns:rdeDomain-1.0</rde:objURI></rde:rdeMenu>
  <rde:contents>
`

// xmlDeposit writes the registry in the XML model (RFC 9022 §5.1.1, §5.2.1).
func xmlDeposit(ds []depDomain, hs []depHost) string {
	var b strings.Builder
	b.WriteString(depHead)
	for _, d := range ds {
		fmt.Fprintf(&b, "<rdeDomain:domain><rdeDomain:name>%s</rdeDomain:name><rdeDomain:roid>D-%s</rdeDomain:roid>", d.name, d.name)
		if d.hold {
			b.WriteString(`<rdeDomain:status s="serverHold"/>`)
		}
		b.WriteString("<rdeDomain:ns>")
		for _, h := range d.ns {
			fmt.Fprintf(&b, "<domain:hostObj>%s</domain:hostObj>", h)
		}
		b.WriteString("</rdeDomain:ns>")
		if d.ds != "" {
			f := strings.Fields(d.ds)
			fmt.Fprintf(&b, "<rdeDomain:secDNS><secDNS:dsData><secDNS:keyTag>%s</secDNS:keyTag><secDNS:alg>%s</secDNS:alg><secDNS:digestType>%s</secDNS:digestType><secDNS:digest>%s</secDNS:digest></secDNS:dsData></rdeDomain:secDNS>", f[0], f[1], f[2], f[3])
		}
		if d.key != "" {
			f := strings.Fields(d.key)
			fmt.Fprintf(&b, "<rdeDomain:secDNS><secDNS:keyData><secDNS:flags>%s</secDNS:flags><secDNS:protocol>%s</secDNS:protocol><secDNS:alg>%s</secDNS:alg><secDNS:pubKey>%s</secDNS:pubKey></secDNS:keyData></rdeDomain:secDNS>", f[0], f[1], f[2], f[3])
		}
		b.WriteString("</rdeDomain:domain>\n")
	}
	for _, h := range hs {
		fmt.Fprintf(&b, "<rdeHost:host><rdeHost:name>%s</rdeHost:name><rdeHost:roid>%s</rdeHost:roid>", h.name, h.roid)
		for _, a := range h.addrs {
			v := "v4"
			if strings.Contains(a, ":") {
				v = "v6"
			}
			fmt.Fprintf(&b, `<rdeHost:addr ip="%s">%s</rdeHost:addr>`, v, a)
		}
		b.WriteString("</rdeHost:host>\n")
	}
	b.WriteString("</rde:contents>\n</rde:deposit>\n")
	return b.String()
}

// csvDeposit writes the same registry in the CSV model (RFC 9022 §4.6,
// §5.1.2, §5.2.2); the first domain names its servers by host roid, the
// others by host name.
func csvDeposit(ds []depDomain, hs []depHost) (string, fstest.MapFS) {
	files := fstest.MapFS{}
	var b strings.Builder
	b.WriteString(depHead)
	csv := func(name string, fields []string, rows [][]string) {
		var data strings.Builder
		for _, r := range rows {
			data.WriteString(strings.Join(r, ",") + "\n")
		}
		file := name + "-" + fmt.Sprint(len(files)) + ".csv"
		files[file] = &fstest.MapFile{Data: []byte(data.String())}
		fmt.Fprintf(&b, `<rdeCsv:csv name="%s" sep=","><rdeCsv:fields>%s</rdeCsv:fields><rdeCsv:files><rdeCsv:file cksum="%08X">%s</rdeCsv:file></rdeCsv:files></rdeCsv:csv>`+"\n",
			name, strings.Join(fields, ""), crc32.ChecksumIEEE([]byte(data.String())), file)
	}
	roid := map[string]string{}
	for _, h := range hs {
		roid[h.name] = h.roid
	}
	var dom, nsName, nsRoid, sec, st [][]string
	for i, d := range ds {
		dom = append(dom, []string{d.name, "D-" + d.name})
		for _, h := range d.ns {
			if i == 0 {
				nsRoid = append(nsRoid, []string{d.name, roid[h]})
			} else {
				nsName = append(nsName, []string{d.name, h})
			}
		}
		if d.ds != "" {
			sec = append(sec, append([]string{d.name}, strings.Fields(d.ds)...))
		}
		if d.hold {
			st = append(st, []string{d.name, "serverHold"})
		}
	}
	b.WriteString("<csvDomain:contents>\n")
	csv("domain", []string{"<csvDomain:fName/>", "<rdeCsv:fRoid/>"}, dom)
	csv("domainNameServers", []string{`<csvDomain:fName parent="true"/>`, `<csvHost:fName parent="true"/>`}, nsName)
	csv("domainNameServers", []string{`<csvDomain:fName parent="true"/>`, "<rdeCsv:fRoid/>"}, nsRoid)
	csv("dnssec", []string{`<csvDomain:fName parent="true"/>`, "<csvDomain:fKeyTag/>", "<csvDomain:fDsAlg/>", "<csvDomain:fDigestType/>", "<csvDomain:fDigest/>"}, sec)
	csv("domainStatuses", []string{`<csvDomain:fName parent="true"/>`, "<csvDomain:fStatus/>"}, st)
	b.WriteString("</csvDomain:contents>\n<csvHost:contents>\n")
	var host, addr [][]string
	for _, h := range hs {
		host = append(host, []string{h.name, h.roid})
		for _, a := range h.addrs {
			v := "v4"
			if strings.Contains(a, ":") {
				v = "v6"
			}
			addr = append(addr, []string{h.roid, a, v})
		}
	}
	csv("host", []string{"<csvHost:fName/>", "<rdeCsv:fRoid/>"}, host)
	csv("hostAddresses", []string{`<rdeCsv:fRoid parent="true"/>`, `<csvHost:fAddr isRequired="true"/>`, `<csvHost:fAddrVersion isRequired="true"/>`}, addr)
	b.WriteString("</csvHost:contents>\n</rde:contents>\n</rde:deposit>\n")
	return b.String(), files
}

func evaluateGood(t *testing.T, dep string, files fstest.MapFS) *TLDReport {
	t.Helper()
	zone, err := os.ReadFile(filepath.Join("testdata", "good.zone"))
	if err != nil {
		t.Fatal(err)
	}
	in := &TLDInput{Zone: bytes.NewReader(zone), Deposit: strings.NewReader(dep), Now: at(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))}
	if files != nil {
		in.DepositFiles = files
	}
	rep, err := EvaluateTLD(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func reconcileKeys(t *testing.T, rep *TLDReport) []string {
	t.Helper()
	sec := rep.Section(SectionDeposit)
	if sec == nil {
		t.Fatal("no deposit section")
	}
	var out []string
	for _, f := range sec.Findings {
		if f.Check == CheckReconcile {
			out = append(out, f.Tag+" "+f.Name)
		}
	}
	sort.Strings(out)
	return out
}

// TestReconcileModels: the XML and CSV models of the same registry
// reconcile alike with the zone: no finding when they match, the same
// findings for the same faults (before: CSV deposits reported every
// delegation missing).
func TestReconcileModels(t *testing.T) {
	ds, hs := goodDeposit()
	csvDoc, files := csvDeposit(ds, hs)
	for name, rep := range map[string]*TLDReport{"xml": evaluateGood(t, xmlDeposit(ds, hs), nil), "csv": evaluateGood(t, csvDoc, files)} {
		if got := reconcileKeys(t, rep); len(got) != 0 {
			t.Errorf("%s: clean deposit: %v", name, got)
		}
		if rep.TLD != "example." {
			t.Errorf("%s: TLD %q from the SOA, want example.", name, rep.TLD)
		}
	}
	// Faults: a DS digest changed, glue changed, a domain on hold that is
	// delegated, a domain missing, an extra domain not delegated.
	ds[1].ds = "12345 13 2 00"
	hs[0].addrs = []string{"185.24.66.2", "2001:67c:1012::1"}
	ds[2].hold = true
	ds = append(ds[:0:0], ds...)
	ds = append(ds, depDomain{name: "gamma.example", ns: []string{"ns1.dns.net"}})
	ds = ds[1:] // alpha.example missing
	csvDoc, files = csvDeposit(ds, hs)
	want := []string{
		"DS_DIFFER beta.example.",
		"GLUE_DIFFER ns1.alpha.example.",
		"HELD_BUT_DELEGATED xn--bcher-kva.example.",
		"NOT_DELEGATED gamma.example.",
		"NOT_IN_DEPOSIT alpha.example.",
	}
	xmlGot := reconcileKeys(t, evaluateGood(t, xmlDeposit(ds, hs), nil))
	csvGot := reconcileKeys(t, evaluateGood(t, csvDoc, files))
	if diff := cmp.Diff(xmlGot, csvGot); diff != "" {
		t.Errorf("XML and CSV models differ (-xml +csv):\n%s", diff)
	}
	if diff := cmp.Diff(want, xmlGot); diff != "" {
		t.Errorf("faulty deposit (-want +got):\n%s", diff)
	}
}

// TestReconcileKeyData: a domain escrowed with secDNS keyData only (RFC 5910
// §4.2) reconciles with a zone DS computed from that key, and differs from
// the DS of another key.
func TestReconcileKeyData(t *testing.T) {
	zone, err := os.ReadFile(filepath.Join("testdata", "good.zone"))
	if err != nil {
		t.Fatal(err)
	}
	pub := strings.Repeat("QUJD", 21) + "QUI="
	key := keyData("gamma.example.", 257, 3, 13, pub)
	ds := key.ToDS(2)
	zone = append(zone, []byte("gamma.example. 86400 IN NS ns1.dns.net.\ngamma.example. 86400 IN NS ns2.dns.net.\n"+ds.String()+"\n")...)
	for _, c := range []struct {
		key  string
		want []string
	}{
		{"257 3 13 " + pub, nil},
		{"257 3 13 " + strings.Repeat("QUJE", 21) + "QUI=", []string{"DS_DIFFER gamma.example."}},
	} {
		ds, hs := goodDeposit()
		ds = append(ds, depDomain{name: "gamma.example", ns: []string{"ns1.dns.net", "ns2.dns.net"}, key: c.key})
		in := &TLDInput{Zone: bytes.NewReader(zone), Deposit: strings.NewReader(xmlDeposit(ds, hs)), Now: at(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))}
		rep, err := EvaluateTLD(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c.want, reconcileKeys(t, rep)); diff != "" {
			t.Errorf("key %s (-want +got):\n%s", c.key[:12], diff)
		}
	}
}

// TestTLDLabelsInput: TLDInput.Labels are checked with the delegated ones.
func TestTLDLabelsInput(t *testing.T) {
	zone, err := os.ReadFile(filepath.Join("testdata", "good.zone"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := EvaluateTLD(context.Background(), &TLDInput{Zone: bytes.NewReader(zone), Now: at(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)),
		Labels: []string{"xn--a-ecp", "fine.example.", "a.b"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Section(SectionLabels).Findings {
		got = append(got, f.Tag+" "+f.Name)
	}
	sort.Strings(got)
	got = compactStrings(got)
	want := []string{"IDNA2008_INVALID xn--a-ecp.example.", "NOT_A_LABEL a.b.example."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	if !strings.Contains(rep.Section(SectionLabels).Summary, "6 labels") {
		t.Errorf("summary %q: want 3 delegated + 3 given = 6 labels", rep.Section(SectionLabels).Summary)
	}
}

func compactStrings(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
