package main

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ssrkit/ssr/escrow"
)

// csvSample rewrites the sample deposit in the CSV model for domains and
// hosts (RFC 9022 §5.1.2, §5.2.2): the objects are decoded with escrow's
// typed views and written as CSV files beside the deposit, whose XML keeps
// the other objects and declares the CSV ones (header counts and menu under
// the csvDomain/csvHost URIs).
func csvSample(t *testing.T, dir string) string {
	t.Helper()
	xmlDep, err := sampleFS.ReadFile("sample/deposit.xml")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*strings.Builder{}
	row := func(file string, fields ...string) {
		if files[file] == nil {
			files[file] = new(strings.Builder)
		}
		files[file].WriteString(strings.Join(fields, ",") + "\n")
	}
	date := func(tm time.Time) string {
		if tm.IsZero() {
			return ""
		}
		return tm.UTC().Format(time.RFC3339)
	}
	r := escrow.NewReader(bytes.NewReader(xmlDep), nil)
	domains, hosts := 0, 0
	for r.Next() {
		o := r.Object()
		switch o.Kind {
		case escrow.KindDomain:
			d, err := o.Domain()
			if err != nil {
				t.Fatal(err)
			}
			domains++
			row("domain", d.Name, d.RoID, d.IDNTableID, d.Registrant, d.ClID, d.CrRr.ID, date(d.CrDate), date(d.ExDate))
			for _, c := range d.Contacts {
				row("domainContacts", d.Name, c.ID, c.Type)
			}
			for _, s := range d.Statuses {
				row("domainStatuses", d.Name, s.S)
			}
			for _, h := range d.HostObjs {
				row("domainNameServers", d.Name, h)
			}
			if d.SecDNS != nil {
				for _, ds := range d.SecDNS.DS {
					row("dnssec", d.Name, fmt.Sprint(ds.KeyTag), fmt.Sprint(ds.Alg), fmt.Sprint(ds.DigestType), ds.Digest)
				}
			}
		case escrow.KindHost:
			h, err := o.Host()
			if err != nil {
				t.Fatal(err)
			}
			hosts++
			row("host", h.Name, h.RoID, h.ClID, h.CrRr.ID, date(h.CrDate))
			for _, s := range h.Statuses {
				row("hostStatuses", h.RoID, s.S)
			}
			for _, a := range h.Addrs {
				row("hostAddresses", h.RoID, a.Addr, a.IP)
			}
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	spec := func(name string, fields ...string) string {
		data := files[name].String()
		file := name + "-20261126.csv"
		if err := os.WriteFile(filepath.Join(dir, file), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("<rdeCsv:csv name=%q sep=\",\"><rdeCsv:fields>%s</rdeCsv:fields><rdeCsv:files><rdeCsv:file cksum=\"%08X\">%s</rdeCsv:file></rdeCsv:files></rdeCsv:csv>\n",
			name, strings.Join(fields, ""), crc32.ChecksumIEEE([]byte(data)), file)
	}
	var b strings.Builder
	b.WriteString("<csvDomain:contents>\n")
	b.WriteString(spec("domain", "<csvDomain:fName/>", "<rdeCsv:fRoid/>", "<rdeCsv:fIdnTableId/>", "<rdeCsv:fRegistrant/>", "<rdeCsv:fClID/>", "<rdeCsv:fCrRr/>", "<rdeCsv:fCrDate/>", `<rdeCsv:fExDate isRequired="true"/>`))
	b.WriteString(spec("domainContacts", `<csvDomain:fName parent="true"/>`, "<csvContact:fId/>", "<csvDomain:fContactType/>"))
	b.WriteString(spec("domainStatuses", `<csvDomain:fName parent="true"/>`, "<csvDomain:fStatus/>"))
	b.WriteString(spec("domainNameServers", `<csvDomain:fName parent="true"/>`, `<csvHost:fName parent="true"/>`))
	b.WriteString(spec("dnssec", `<csvDomain:fName parent="true"/>`, "<csvDomain:fKeyTag/>", "<csvDomain:fDsAlg/>", "<csvDomain:fDigestType/>", "<csvDomain:fDigest/>"))
	b.WriteString("</csvDomain:contents>\n<csvHost:contents>\n")
	b.WriteString(spec("host", "<csvHost:fName/>", "<rdeCsv:fRoid/>", "<rdeCsv:fClID/>", "<rdeCsv:fCrRr/>", "<rdeCsv:fCrDate/>"))
	b.WriteString(spec("hostStatuses", `<rdeCsv:fRoid parent="true"/>`, "<csvHost:fStatus/>"))
	b.WriteString(spec("hostAddresses", `<rdeCsv:fRoid parent="true"/>`, `<csvHost:fAddr isRequired="true"/>`, `<csvHost:fAddrVersion isRequired="true"/>`))
	b.WriteString("</csvHost:contents>\n")

	doc := string(xmlDep)
	doc = regexp.MustCompile(`(?s)\s*<rdeDomain:domain>.*?</rdeDomain:domain>`).ReplaceAllString(doc, "")
	doc = regexp.MustCompile(`(?s)\s*<rdeHost:host>.*?</rdeHost:host>`).ReplaceAllString(doc, "")
	doc = strings.Replace(doc, "</rde:contents>", b.String()+"</rde:contents>", 1)
	doc = strings.ReplaceAll(doc, "urn:ietf:params:xml:ns:rdeDomain-1.0<", "urn:ietf:params:xml:ns:csvDomain-1.0<")
	doc = strings.ReplaceAll(doc, "urn:ietf:params:xml:ns:rdeHost-1.0<", "urn:ietf:params:xml:ns:csvHost-1.0<")
	doc = strings.ReplaceAll(doc, `uri="urn:ietf:params:xml:ns:rdeDomain-1.0"`, `uri="urn:ietf:params:xml:ns:csvDomain-1.0"`)
	doc = strings.ReplaceAll(doc, `uri="urn:ietf:params:xml:ns:rdeHost-1.0"`, `uri="urn:ietf:params:xml:ns:csvHost-1.0"`)
	doc = strings.Replace(doc, "<rde:deposit ", `<rde:deposit xmlns:rdeCsv="urn:ietf:params:xml:ns:rdeCsv-1.0" xmlns:csvDomain="urn:ietf:params:xml:ns:csvDomain-1.0" xmlns:csvHost="urn:ietf:params:xml:ns:csvHost-1.0" xmlns:csvContact="urn:ietf:params:xml:ns:csvContact-1.0" `, 1)
	path := filepath.Join(dir, "deposit-csv.xml")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("CSV deposit: %d domains, %d hosts, %d files", domains, hosts, len(files))
	return path
}

// TestSampleCSVSameVerdict: the sample with its deposit in the CSV model
// reaches the verdict of the embedded (XML) run: every section holds and
// the reconciliation finds the same (no) differences.
func TestSampleCSVSameVerdict(t *testing.T) {
	_, embedded := runJSON(t)
	dir := sampleFiles(t, nil)
	csvPath := csvSample(t, dir)
	args := fileArgs(dir)
	for i := range args {
		if args[i] == "-deposit" {
			args[i+1] = csvPath
		}
	}
	code, rep := runJSON(t, args...)
	for _, s := range rep.Sections {
		for _, f := range s.Findings {
			if f.Severity != "notice" && f.Waived == "" {
				t.Logf("%s: %s", s.Name, f)
			}
		}
	}
	if diff := cmp.Diff(verdict(embedded), verdict(rep)); diff != "" {
		t.Errorf("embedded (XML) vs files with a CSV deposit (-embedded +csv):\n%s", diff)
	}
	if code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	if s := rep.Section("escrow deposit"); s == nil || !strings.Contains(s.Summary, "CSV model") {
		t.Errorf("deposit section does not say CSV model: %+v", s)
	}
}
