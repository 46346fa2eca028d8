package main

import (
	"context"
	"testing"
	"time"

	"github.com/ssrkit/ssr/escrow"
)

// TestSampleDepositPassesRST: the embedded sample deposit passes ICANN's
// RST RDE checks (rde-01 … rde-15) for TLD "example" with the maximum data
// model, host objects and the IDN tables of the deposit's IDN domains, as
// `escrowcheck -rst -tld example -idn-tables ar,de,el,es,he,ja,ru,th` runs
// them; the file name is the one RA Spec 2 Part A §5 gives it.
func TestSampleDepositPassesRST(t *testing.T) {
	f, err := sampleFS.Open("sample/deposit.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The languages of gensample's idnLanguage: RST's IDN tables of the TLD.
	tables := []string{"ar", "de", "el", "es", "he", "ja", "ru", "th"}
	rep, err := escrow.Verify(context.Background(), f, &escrow.VerifyConfig{
		Name: "deposit.xml",
		Now:  func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) },
		RST: &escrow.RSTConfig{TLDs: []string{"example"}, DataModel: escrow.DataModelMaximum, HostModel: escrow.HostModelObjects,
			IDNTables: tables, FileName: "example_2026-11-26_full_S1_R0.ryde"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, fi := range rep.Findings {
		if i == 10 {
			t.Errorf("... %d findings in all", len(rep.Findings))
			break
		}
		t.Error(fi)
	}
}
