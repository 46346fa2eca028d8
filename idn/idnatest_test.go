package idn

import (
	"bufio"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var idnaTestEscape = regexp.MustCompile(`\\U[0-9A-Fa-f]{8}|\\u[0-9A-Fa-f]{4}|\\x\{[0-9A-Fa-f]+\}`)

func unescapeIdnaTest(s string) string {
	return idnaTestEscape.ReplaceAllStringFunc(s, func(m string) string {
		h := strings.Trim(m[2:], "{}")
		v, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			return m
		}
		return string(rune(v))
	})
}

func idnaField(f, fallback string) string {
	switch f {
	case "":
		return fallback
	case `""`:
		return ""
	}
	return f
}

// idnaTestFile picks the IdnaTestV2 file matching x/net's UTS #46 tables
// (UTS46Version) and a function adjusting an expected error for that version:
// it returns skip=true to leave the line out, or the expected error text.
//
// x/net built with Go < 1.27 uses Unicode 15.0.0 tables, of which no
// IdnaTestV2 copy was obtainable, so the 15.1.0 file is used with the UTS #46
// data changes between 15.0 and 15.1 applied:
//   - U+2260, U+226E, U+226F (≠ ≮ ≯, also written with U+0338) were
//     disallowed_STD3_valid in 15.0 and are valid in 15.1: with
//     UseSTD3ASCIIRules every line containing them must fail on 15.0.
//   - U+1E9E (ẞ) mapped to "ss" in 15.0 and to U+00DF in 15.1: its 2 lines
//     are skipped.
//   - the lone ZWNJ/ZWJ inputs, listed by x/text itself as known 15.0.0
//     failures, are skipped.
//
// Go >= 1.27 (tables 17.0.0) runs the 17.0.0 file unchanged.
func idnaTestFile(t *testing.T) (string, func(src, toU, wantErr string) (bool, string)) {
	switch UTS46Version {
	case "17.0.0":
		return "testdata/idnatest/IdnaTestV2-17.0.0.txt.gz", func(_, _, e string) (bool, string) { return false, e }
	case "15.0.0":
		return "testdata/idnatest/IdnaTestV2-15.1.0.txt.gz", func(src, toU, e string) (bool, string) {
			if src == "\u200c" || src == "\u200d" || strings.ContainsRune(src+toU, '\u1E9E') {
				return true, e
			}
			for _, s := range []string{src, toU} {
				if strings.ContainsAny(s, "\u2260\u226E\u226F") || strings.Contains(s, "=\u0338") || strings.Contains(s, "<\u0338") || strings.Contains(s, ">\u0338") {
					if e == "" {
						e = "[U1 (15.0: disallowed_STD3_valid)]"
					}
					return false, e
				}
			}
			return false, e
		}
	}
	t.Skipf("no IdnaTestV2 file for x/net UTS #46 tables %s", UTS46Version)
	return "", nil
}

// TestIdnaTestV2 runs the Unicode UTS #46 conformance file over ToUnicode
// and ToASCII (non-transitional): the same outcome (error or not) and, when
// the file gives one, the same output.
func TestIdnaTestV2(t *testing.T) {
	name, adjust := idnaTestFile(t)
	sc := bufio.NewScanner(openGzip(t, name))
	var n, skipped, fails int
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		fs := strings.Split(text, ";")
		if len(fs) < 7 {
			t.Fatalf("%s:%d: %d fields", name, line, len(fs))
		}
		for i := range fs {
			fs[i] = strings.TrimSpace(fs[i])
		}
		src := unescapeIdnaTest(idnaField(fs[0], ""))
		toU := unescapeIdnaTest(idnaField(fs[1], src))
		toUErr := fs[2]
		toAN := unescapeIdnaTest(idnaField(fs[3], toU))
		toANErr := idnaField(fs[4], toUErr)
		var skip bool
		if skip, toUErr = adjust(src, toU, toUErr); skip {
			skipped++
			continue
		}
		_, toANErr = adjust(src, toU, toANErr)
		n++
		check := func(op string, f func(string) (string, error), want, wantErr string) {
			got, err := f(src)
			wantErr = strings.Trim(wantErr, "[]")
			switch {
			case err != nil && wantErr == "":
				t.Errorf("%s:%d: %s(%+q) = %v; want %+q", name, line, op, src, err, want)
				fails++
			case err == nil && wantErr != "":
				t.Errorf("%s:%d: %s(%+q) = %+q, no error; want error in [%s]", name, line, op, src, got, wantErr)
				fails++
			case err == nil && got != want:
				t.Errorf("%s:%d: %s(%+q) = %+q; want %+q", name, line, op, src, got, want)
				fails++
			}
		}
		check("ToUnicode", ToUnicode, toU, toUErr)
		check("ToASCII", ToASCII, toAN, toANErr)
		if fails > 50 {
			t.Fatal("too many failures")
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d cases, %d skipped (UTS #46 tables %s)", name, n, skipped, UTS46Version)
	if n < 6200 {
		t.Errorf("only %d cases read", n)
	}
}
