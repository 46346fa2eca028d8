package idn

import (
	"bufio"
	"strings"
	"testing"
)

// TestConfusablesVersion pins the UTS #39 data version behind Skeleton. It
// matches PropertyVersion, so confusables.txt and the pinned UCD tables
// describe the same repertoire.
func TestConfusablesVersion(t *testing.T) {
	if ConfusablesVersion != "15.0.0" {
		t.Errorf("ConfusablesVersion = %q, want 15.0.0 (internal/gen/data/confusables-15.0.0.txt.gz)", ConfusablesVersion)
	}
	if ConfusablesVersion != PropertyVersion {
		t.Errorf("ConfusablesVersion %q != PropertyVersion %q", ConfusablesVersion, PropertyVersion)
	}
	if len(confusableFrom) != 6311 || len(confusableTo) != len(confusableFrom) {
		t.Errorf("%d/%d confusables.txt mappings, want 6311 (data lines of confusables.txt 15.0.0)", len(confusableFrom), len(confusableTo))
	}
}

// TestSkeletonConfusables15 checks UTS #39 §4 skeletons on mappings of
// confusables.txt 15.0.0, including ones that differ from the 10.0.0 data
// the package used before (U+1472, U+147E and U+1FBF0 were added or changed
// after 10.0.0).
func TestSkeletonConfusables15(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"\u1472", "b"},                  // 1472 ; 0062 ; MA  CANADIAN SYLLABICS KA (new since 10.0.0)
		{"\u1473", "b\u0307"},            // 1473 ; 0062 0307 ; MA  CANADIAN SYLLABICS KAA
		{"\u147E", "\u00B7b"},            // 147E ; 00B7 0062 ; MA  (10.0.0: 00B7 1472)
		{"\u0150", "O\u030B"},            // NFD first (step 1), so the line 0150 ; 00D6 never applies
		{"\U0001FBF0", "O"},              // 1FBF0 ; 004F ; MA  SEGMENTED DIGIT ZERO (new)
		{"\u0430", "a"},                  // 0430 ; 0061 ; MA  CYRILLIC SMALL LETTER A
		{"\u0D1F\u0D1F", "\u0D1F\u0D1F"}, // no mapping: unchanged
		{"m", "rn"},                      // 006D ; 0072 006E ; MA
		{"\u00E9", "e\u0301"},            // no mapping, NFD only
		{"\U0001F16D", "\u33C4\t\u20DD"}, // 1F16D ; 33C4 0009 20DD ; MA (sic: the data has a TAB)
	} {
		if got := Skeleton(tc.in); got != tc.want {
			t.Errorf("Skeleton(%+q) = %+q, want %+q", tc.in, got, tc.want)
		}
	}
	if !Confusable("bank", "\u1472ank") {
		t.Errorf("Confusable(%q, %q) = false, want true (U+1472 -> b, new after 10.0.0)", "bank", "\u1472ank")
	}
}

// TestSkeletonICU72 compares Skeleton of every code point assigned in
// PropertyVersion with ICU 72.1's uspoof_getSkeletonUTF8, whose spoof data is
// built from the same confusables.txt 15.0.0 (testdata/README). Code points
// unassigned in 15.0.0 are skipped: their NFD follows x/text's Unicode
// version, which follows the Go toolchain.
func TestSkeletonICU72(t *testing.T) {
	want := make(map[rune]string, 20000)
	sc := bufio.NewScanner(openGzip(t, "testdata/confusables/icu72-skeletons.txt.gz"))
	for sc.Scan() {
		src, dst, ok := strings.Cut(sc.Text(), " ; ")
		r, err1 := parseCP(src)
		cps, err2 := parseCPs(dst)
		if !ok || err1 != nil || err2 != nil {
			t.Fatalf("bad line %q", sc.Text())
		}
		want[r] = string(cps)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(want) != 18480 {
		t.Fatalf("%d ICU skeletons, want 18480", len(want))
	}
	step := rune(1)
	if testing.Short() {
		step = 7
	}
	bad, checked := 0, 0
	for r := rune(0); r <= 0x10FFFF; r += step {
		if r >= 0xD800 && r <= 0xDFFF || propsOf(r).gc() == gcCn {
			continue
		}
		checked++
		w, ok := want[r]
		if !ok {
			w = string(r)
		}
		if got := Skeleton(string(r)); got != w {
			if bad++; bad <= 20 {
				t.Errorf("Skeleton(U+%04X) = %s, ICU 72: %s", r, FormatCP([]rune(got)), FormatCP([]rune(w)))
			}
		}
	}
	if bad > 20 {
		t.Errorf("... %d differences in all", bad)
	}
	if checked < 10000 {
		t.Errorf("only %d code points checked", checked)
	}
}
