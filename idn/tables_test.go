package idn

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// TestDerivedPropertyLGR checks the pinned RFC 5892 table against the
// IDNA2008 tables in LGR form (icann/lgr-django, testdata/idna2008): every
// code point PVALID or CONTEXT* in Unicode 6.3.0 and 10.0.0 stays so in the
// 15.1.0 table (RFC 5892 property values are stable, RFC 5892 §2.7/§5.1).
func TestDerivedPropertyLGR(t *testing.T) {
	for _, name := range []string{"idna2008_6.3.0.xml", "idna2008_10.0.0.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata/idna2008", name))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Chars []struct {
				CP string `xml:"cp,attr"`
			} `xml:"data>char"`
			Ranges []struct {
				First string `xml:"first-cp,attr"`
				Last  string `xml:"last-cp,attr"`
			} `xml:"data>range"`
		}
		if err := xml.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		n := 0
		check := func(r rune) {
			n++
			switch d := propsOf(r).derived(); d {
			case dpPVALID, dpCONTEXTJ, dpCONTEXTO:
			default:
				t.Errorf("%s: U+%04X is in the repertoire but %v in our table", name, r, d)
			}
		}
		hex := func(s string) rune {
			v, err := strconv.ParseUint(s, 16, 32)
			if err != nil {
				t.Fatalf("%s: bad code point %q", name, s)
			}
			return rune(v)
		}
		for _, c := range doc.Chars {
			check(hex(c.CP))
		}
		for _, rg := range doc.Ranges {
			for r := hex(rg.First); r <= hex(rg.Last); r++ {
				check(r)
			}
		}
		if n < 90000 {
			t.Errorf("%s: only %d code points", name, n)
		}
		t.Logf("%s: %d code points checked", name, n)
	}
}

// TestProperties spot-checks the generated tables against values stated in
// RFC 5892, RFC 5893 examples and the UCD.
func TestProperties(t *testing.T) {
	for _, tc := range []struct {
		r      rune
		dp     derivedProp
		gc     generalCategory
		bidi   bidiClass
		jt     joiningType
		script string
		virama bool
	}{
		{'a', dpPVALID, gcLl, bcL, jtU, "Latn", false},
		{'A', dpDISALLOWED, gcLu, bcL, jtU, "Latn", false},
		{'-', dpPVALID, gcPd, bcES, jtU, "Zyyy", false},
		{'0', dpPVALID, gcNd, bcEN, jtU, "Zyyy", false},
		{0x00B7, dpCONTEXTO, gcPo, bcON, jtU, "Zyyy", false},
		{0x200C, dpCONTEXTJ, gcCf, bcBN, jtU, "Zinh", false}, // listed as U in ArabicShaping.txt
		{0x0628, dpPVALID, gcLo, bcAL, jtD, "Arab", false},
		{0x0627, dpPVALID, gcLo, bcAL, jtR, "Arab", false},
		{0x064E, dpPVALID, gcMn, bcNSM, jtT, "Zinh", false},
		{0x0660, dpCONTEXTO, gcNd, bcAN, jtU, "Arab", false},
		{0x06F0, dpCONTEXTO, gcNd, bcEN, jtU, "Arab", false},
		{0x05D0, dpPVALID, gcLo, bcR, jtU, "Hebr", false},
		{0x094D, dpPVALID, gcMn, bcNSM, jtT, "Deva", true},
		{0x0640, dpDISALLOWED, gcLm, bcAL, jtC, "Zyyy", false},
		{0x30FB, dpCONTEXTO, gcPo, bcON, jtU, "Zyyy", false},
		{0x4E00, dpPVALID, gcLo, bcL, jtU, "Hani", false},
		{0x0378, dpUNASSIGNED, gcCn, bcL, jtU, "Zzzz", false},
		{0x1E9E, dpDISALLOWED, gcLu, bcL, jtU, "Latn", false},
		{0x2603, dpDISALLOWED, gcSo, bcON, jtU, "Zyyy", false},
	} {
		p := propsOf(tc.r)
		got := []string{p.derived().String(), p.gc().String(), p.bidi().String(), p.joining().String(), scriptCodes[p.script()], strconv.FormatBool(p.virama())}
		want := []string{tc.dp.String(), tc.gc.String(), tc.bidi.String(), tc.jt.String(), tc.script, strconv.FormatBool(tc.virama)}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("U+%04X: got %v, want %v", tc.r, got, want)
				break
			}
		}
	}
}

// TestTablesUpToDate regenerates tables.go from internal/gen/data and
// compares it with the committed file.
func TestTablesUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	out := filepath.Join(t.TempDir(), "tables.go")
	cmd := exec.Command(goBin, "run", "./internal/gen", "-data", "internal/gen/data", "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generator: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("tables.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("tables.go is stale: run go generate in package idn")
	}
}
