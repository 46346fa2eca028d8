package idn

import (
	"slices"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// agb2012Reserved is the Top-Level Reserved Names List of the 2012 new gTLD
// round (Applicant Guidebook 2012-06-04 §2.2.1.2.1) as quoted on ICANN's
// CPWG mailing list (data/README has the reference). It pins
// data/agb-reserved-names.txt.
var agb2012Reserved = []string{
	"afrinic", "alac", "apnic", "arin", "aso", "ccnso", "example", "gac", "gnso",
	"gtld-servers", "iab", "iana", "iana-servers", "icann", "iesg", "ietf",
	"internic", "invalid", "irtf", "istf", "lacnic", "local", "localhost", "nic",
	"nro", "rfc-editor", "ripe", "root-servers", "rssac", "ssac", "test", "tld",
	"whois", "www",
}

// TestAGBReservedNamesData compares the embedded list with the 2012 Guidebook
// list, name for name.
func TestAGBReservedNamesData(t *testing.T) {
	loadData()
	var got []string
	for n := range embeddedReserved {
		got = append(got, n)
	}
	sort.Strings(got)
	if diff := cmp.Diff(agb2012Reserved, got); diff != "" {
		t.Errorf("data/agb-reserved-names.txt differs from AGB 2012 §2.2.1.2.1 (-want +got):\n%s", diff)
	}
}

// TestAGBReservedNames checks CheckTLD on names of the 2012 Top-Level
// Reserved Names List and on names that are not on it.
func TestAGBReservedNames(t *testing.T) {
	for _, tc := range []struct {
		label    string
		reserved bool
	}{
		// On the list (AGB 2012 §2.2.1.2.1).
		{"afrinic", true},
		{"ALAC", true},
		{"rssac", true},
		{"Ssac", true},
		{"localhost", true},
		{"invalid", true},
		{"tld", true},
		{"nic", true},
		{"www", true},
		// Not on the list.
		{"pti", false},           // added for the next round only (SubPro), not 2012
		{"latnic", false},        // reserved at the second level in old RAs (Appendix 6), not a Top-Level Reserved Name
		{"dnso", false},          // likewise
		{"photographers", false}, // ordinary string (photography is delegated: RFC7940-8.5)
		{"icannwiki", false},     // no prefix matching
		{"examples", false},
	} {
		v := CheckTLD(tc.label, nil)
		got := slices.Contains(v.Rules(), RuleTLDReserved)
		if got != tc.reserved {
			t.Errorf("CheckTLD(%q): %s in %v = %v, want %v", tc.label, RuleTLDReserved, v.Rules(), got, tc.reserved)
		}
		if !tc.reserved && !v.OK() {
			t.Errorf("CheckTLD(%q) = %v, want accepted", tc.label, v.Rules())
		}
	}
}
