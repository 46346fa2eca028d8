package escrow

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// rfcCSVFS maps the file names used in the RFC 9022 §16/§17 deposits to the
// CSV files printed in RFC 9022 §5 (testdata/rfc9022-csv), without the final
// newline the RFC's checksums exclude.
func rfcCSVFS(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	files, _ := filepath.Glob("testdata/rfc9022-csv/s5_*.csv")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(f)
		name := base[strings.IndexByte(base, '-')+1:]
		m[name] = &fstest.MapFile{Data: bytes.TrimSuffix(data, []byte("\n"))}
	}
	return m
}

func TestCSVChecksumsRFC9022(t *testing.T) {
	// The seven RFC 9022 files whose printed cksum matches their data.
	want := map[string]string{
		"host-delete-YYYYMMDD.csv":        "777F5F0E",
		"contactPostal-YYYYMMDD.csv":      "1456A89C",
		"contactTransfer-YYYYMMDD.csv":    "788D308E",
		"contactDisclose-YYYYMMDD.csv":    "1141EFD4",
		"contact-delete-YYYYMMDD.csv":     "0C4B70DC",
		"registrar-delete-YYYYMMDD.csv":   "5CB20A52",
		"idnLanguage-delete-YYYYMMDD.csv": "4A28A569",
	}
	fsys := rfcCSVFS(t)
	for name, sum := range want {
		for _, bad := range []bool{false, true} {
			cks := sum
			if bad {
				cks = "00000000"
			}
			spec := &CSVSpec{sep: ',', Fields: make([]CSVField, 64)}
			cr, err := openCSV(fsys, spec, csvFile{Name: name, Cksum: cks}, nil)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for cr.next() {
				n++
			}
			if bad != (cr.failure() != nil) {
				t.Errorf("%s cksum %s: err = %v", name, cks, cr.failure())
			}
			if n == 0 {
				t.Errorf("%s: no records", name)
			}
		}
	}
}

func TestCSVQuotingAndLimits(t *testing.T) {
	spec := &CSVSpec{sep: ';'}
	in := "a;\"b;\"\"c\"\"\nd\";e\r\nx;;\n"
	cr, err := newCSVReader(strings.NewReader(in), spec, csvFile{Name: "t.csv"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for cr.next() {
		got = append(got, append([]string(nil), cr.record()...))
	}
	if cr.failure() != nil {
		t.Fatal(cr.failure())
	}
	want := [][]string{{"a", "b;\"c\"\nd", "e"}, {"x", "", ""}}
	if len(got) != 2 || strings.Join(got[0], "|") != strings.Join(want[0], "|") || strings.Join(got[1], "|") != strings.Join(want[1], "|") {
		t.Errorf("records = %q, want %q", got, want)
	}
	for _, bad := range []string{"a,\"b", "a,b\"c\n", "\"a\"b\n", "a,\xff\n"} {
		cr, _ := newCSVReader(strings.NewReader(bad), &CSVSpec{sep: ','}, csvFile{Name: "bad.csv"}, nil)
		for cr.next() {
		}
		if cr.failure() == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestCSVParsers reads the same records with the byte-oriented parser (one-
// byte separators) and the rune-oriented one: a quoted field longer than the
// 64 KiB read buffer, U+FFFD (valid UTF-8), a lone CR (data) and a line end
// inside quotes (RFC 4180 §2).
func TestCSVParsers(t *testing.T) {
	long := strings.Repeat("x\"\"", 30000) // 90,000 bytes, escaped quotes
	in := "\"" + long + "\",b\r\nlone\rCR,\ufffd\n\"two\nlines\",c\n"
	want := [][]string{{strings.ReplaceAll(long, "\"\"", "\""), "b"}, {"lone\rCR", "\ufffd"}, {"two\nlines", "c"}}
	wantLines := []int{1, 2, 4}
	for _, runes := range []bool{false, true} {
		cr, err := newCSVReader(strings.NewReader(in), &CSVSpec{sep: ','}, csvFile{Name: "t.csv"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		cr.forceRunes = runes
		var got [][]string
		var lines []int
		for cr.next() {
			got = append(got, append([]string(nil), cr.record()...))
			lines = append(lines, cr.lineNo())
		}
		if cr.failure() != nil {
			t.Fatalf("rune parser %v: %v", runes, cr.failure())
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("rune parser %v: records (-want +got):\n%s", runes, d)
		}
		if d := cmp.Diff(wantLines, lines); d != "" {
			t.Errorf("rune parser %v: lines (-want +got):\n%s", runes, d)
		}
	}
}

func TestCSVGzipBomb(t *testing.T) {
	var b bytes.Buffer
	zw := newGzip(&b)
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for range 16 {
		zw.Write(chunk)
	}
	zw.Close()
	cr, err := newCSVReader(bytes.NewReader(b.Bytes()), &CSVSpec{sep: ','}, csvFile{Name: "bomb.csv.gz", Compression: "gzip"}, &csvConfig{MaxRecordBytes: 128 << 20})
	if err != nil {
		t.Fatal(err)
	}
	for cr.next() {
	}
	if err := cr.failure(); err == nil || !strings.Contains(err.Error(), "limit exceeded") {
		t.Fatalf("gzip bomb: %v", err)
	}
}

func TestVerifyCSVModelRFC9022(t *testing.T) {
	f, err := os.Open("testdata/rfc9022/rfc9022-s16-full-csv.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := Verify(context.Background(), f, &VerifyConfig{Name: "s16", Now: fixedNow, Files: rfcCSVFS(t)})
	if err != nil {
		t.Fatal(err)
	}
	// Rows read from the 8 main/child files RFC 9022 §5 prints.
	if rep.CSVRows != 33 {
		t.Errorf("CSV rows = %d, want 33", rep.CSVRows)
	}
	if rep.Counts[NSCSVDomain] != 4 || rep.Counts[NSCSVHost] != 6 || rep.Counts[NSCSVContact] != 9 || rep.Counts[NSCSVNNDN] != 2 {
		t.Errorf("counts %v", rep.Counts)
	}
	var cksum, missing, dupRoid, refs int
	for _, fi := range rep.Findings {
		s := fi.Error()
		switch {
		case strings.Contains(s, "checksum mismatch"):
			cksum++
		case strings.Contains(s, "file does not exist"):
			missing++
		case strings.Contains(s, `roid "Hns1_example_test-TEST" is already used`) && fi.File == "host-YYYYMMDD.csv" && fi.Line == 5:
			dupRoid++ // the RFC's own data repeats a host ROID
		case strings.Contains(s, "references"):
			refs++
		}
	}
	// The §16 deposit's cksums are illustrative (none matches the §5 files);
	// 11 of its files are not printed in the RFC.
	if cksum != 8 || missing != 11 || dupRoid != 1 || refs != 9 {
		for _, fi := range rep.Findings {
			t.Log(fi)
		}
		t.Errorf("checksum findings %d (want 8), missing files %d (want 11), duplicate roid %d (want 1), references %d (want 9)", cksum, missing, dupRoid, refs)
	}
}

func newGzip(w *bytes.Buffer) *gzip.Writer { return gzip.NewWriter(w) }
