package escrow

import (
	"context"
	"fmt"
	"hash/crc32"
	"slices"
	"strings"
	"testing"
)

// TestRSTValidatorsEdges: label and atom boundaries of validHostName and
// validEmail (RFC 1123 §2.1, RFC 5322 §3.4.1).
func TestRSTValidatorsEdges(t *testing.T) {
	hosts := map[string]bool{"a": true, "a.b": true, "xn--bcher-kva.example": true, "A-1.EXAMPLE": true,
		"": false, ".": false, "a.": false, ".a": false, "a..b": false, "-a.b": false, "a-.b": false, "ab--c.d": false, "a_b.c": false}
	for h, want := range hosts {
		if got := validHostName(h); got != want {
			t.Errorf("validHostName(%q) = %v, want %v", h, got, want)
		}
	}
	mails := map[string]bool{"a@b": true, "a.b@c.d": true, "\"a b\"@c": true, "a@[192.0.2.1]": true, "ü@b.example": true,
		"a.@b": false, ".a@b": false, "a..b@c": false, "a@b.": false, "a@": false, "@b": false, "a b@c": false, "a@b..c": false}
	for m, want := range mails {
		if got := validEmail(m); got != want {
			t.Errorf("validEmail(%q) = %v, want %v", m, got, want)
		}
	}
}

// TestRSTIDNTagsCaseInsensitive: the TLD's IDN table tags of the test
// request match <rdeIDN:idnTableRef id> without regard to case (RFC 5646
// §2.1.1), so "JA" or "Ja" in the request is the deposit's "ja".
func TestRSTIDNTagsCaseInsensitive(t *testing.T) {
	for _, tag := range []string{"ja", "JA", "Ja"} {
		ro := rstBaseOptions()
		ro.IDNTables = []string{tag}
		rep := rstVerify(t, rstBase, ro, nil)
		for _, f := range rep.Findings {
			t.Errorf("IDN table %q: %v", tag, f)
		}
	}
}

// TestRSTCSVExDatePendingDelete: in the CSV model a domain whose exDate is
// not after the watermark is RDE_DOMAIN_HAS_INVALID_EXDATE unless its
// domainStatuses rows give it pendingDelete (rde-07), whichever file comes
// first.
func TestRSTCSVExDatePendingDelete(t *testing.T) {
	for _, tc := range []struct {
		name, status string
		first        bool
		want         []string
	}{
		{"pendingDelete after", "pendingDelete", false, nil},
		{"pendingDelete before", "pendingDelete", true, nil},
		{"clientHold", "clientHold", false, []string{"RDE_DOMAIN_HAS_INVALID_EXDATE"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			muts, edit, files := csvDomainVariant(` isRequired="true"`, false)
			data := strings.Replace(files["domain.csv"], "2025-01-01T00:00:00Z,2027-01-01T00:00:00Z", "2025-01-01T00:00:00Z,2026-01-01T00:00:00Z", 1)
			files["domain.csv"] = data
			st := "one.example," + tc.status
			files["status.csv"] = st
			statusCSV := `<rdeCsv:csv name="domainStatuses" sep=","><rdeCsv:fields><csvDomain:fName/><csvDomain:fStatus/></rdeCsv:fields>` +
				`<rdeCsv:files><rdeCsv:file cksum="` + fmt.Sprintf("%08X", crc32.ChecksumIEEE([]byte(st))) + `">status.csv</rdeCsv:file></rdeCsv:files></rdeCsv:csv>`
			xml := edit(rstApply(t, muts))
			xml = cksumRE.ReplaceAllString(xml, `cksum="`+fmt.Sprintf("%08X", crc32.ChecksumIEEE([]byte(data)))+`"`)
			if tc.first {
				xml = strings.Replace(xml, `<rdeCsv:csv name="domain"`, statusCSV+`<rdeCsv:csv name="domain"`, 1)
			} else {
				xml = strings.Replace(xml, `</csvDomain:contents>`, statusCSV+`</csvDomain:contents>`, 1)
			}
			rep := rstVerify(t, xml, rstBaseOptions(), files)
			if got := codesOf(rep); !slices.Equal(got, tc.want) {
				for _, f := range rep.Findings {
					t.Log(f)
				}
				t.Errorf("codes %v, want %v", got, tc.want)
			}
		})
	}
}

// TestReaderFindingsCounted: envelope findings beyond MaxFindings (here
// unknown elements in <rde:deposit>) are counted in Report.Dropped, not
// lost.
func TestReaderFindingsCounted(t *testing.T) {
	const extra = 7
	junk := strings.Repeat(`<x:junk xmlns:x="urn:example:junk"/>`, MaxFindings+extra)
	xml := strings.Replace(rstBase, "<rde:contents>", junk+"<rde:contents>", 1)
	if xml == rstBase {
		t.Fatal("no <rde:contents> in the base deposit")
	}
	rep, err := Verify(context.Background(), strings.NewReader(xml), &VerifyConfig{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(rep.Findings) + rep.Dropped; got < MaxFindings+extra {
		t.Errorf("%d findings + %d dropped = %d, want at least %d", len(rep.Findings), rep.Dropped, got, MaxFindings+extra)
	}
}

// TestPoliciesBounded: the <rdePolicy:policy> objects kept until the end
// of the deposit are bounded by maxPolicies; the rest are said in Skipped.
func TestPoliciesBounded(t *testing.T) {
	pol := `<rdePolicy:policy scope="//rde:deposit/rde:contents/rdeDomain:domain" element="rdeDomain:registrant"/>`
	xml := strings.Replace(rstBase, "<!--POLICIES-->", strings.Repeat(pol, maxPolicies+5), 1)
	rep, err := Verify(context.Background(), strings.NewReader(xml), &VerifyConfig{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(rep.Skipped, func(s string) bool { return strings.Contains(s, "maxPolicies") }) {
		t.Errorf("Skipped %q: want maxPolicies named", rep.Skipped)
	}
}
