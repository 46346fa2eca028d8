package dnssec

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hostileZones are small inputs that used to make a zone reader hold far
// more than they are (issue 16): each must end with ErrLimitExceeded naming
// the limit, quickly and in a short one-line message.
func hostileZones() map[string]struct {
	data  []byte
	limit string
} {
	var gen bytes.Buffer
	gen.WriteString("$ORIGIN example.\n$TTL 3600\n@ SOA ns1 host 1 7200 3600 1209600 3600\n")
	for i := range 200 {
		gen.WriteString("$GENERATE 0-65535 h" + strings.Repeat("x", i%7) + "-$ A 192.0.2.1\n")
	}
	return map[string]struct {
		data  []byte
		limit string
	}{
		"generate":  {gen.Bytes(), "MaxZoneGenerated"},
		"long line": {append([]byte("example. 3600 IN TXT \""), bytes.Repeat([]byte("a"), 3<<20)...), "MaxZoneLineLength"},
		"NUL":       {make([]byte, 3<<20), "MaxZoneLineLength"},
		"open paren": {append([]byte("example. 3600 IN TXT ( \"a\"\n"),
			bytes.Repeat([]byte("\"aaaaaaaaaaaaaaa\"\n"), 1<<17)...), "MaxZoneLineLength"},
	}
}

func checkLimitErr(t *testing.T, name string, err error, limit string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrLimitExceeded) || !strings.Contains(err.Error(), limit) {
		t.Fatalf("%s: got %v, want ErrLimitExceeded naming %s", name, err, limit)
	}
	if msg := err.Error(); len(msg) > 400 || strings.ContainsAny(msg, "\n\x00") {
		t.Fatalf("%s: message of %d bytes or not one line: %q", name, len(msg), msg)
	}
}

func TestZoneReaderLimits(t *testing.T) {
	for name, tc := range hostileZones() {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			_, err := VerifyZone(context.Background(), bytes.NewReader(tc.data), &ZoneConfig{Now: at(fixtureNow)})
			checkLimitErr(t, "VerifyZone", err, tc.limit)
			zs := NewZoneScanner(bytes.NewReader(tc.data), nil)
			for _, ok := zs.Next(); ok; _, ok = zs.Next() {
			}
			checkLimitErr(t, "ZoneScanner", zs.Err(), tc.limit)
			_, err = io.Copy(io.Discard, LimitZoneReader(bytes.NewReader(tc.data), nil))
			checkLimitErr(t, "LimitZoneReader", err, tc.limit)
			if d := time.Since(start); d > 20*time.Second {
				t.Fatalf("took %v", d)
			}
		})
	}
}

// $GENERATE counts against MaxRecords before it expands: one directive for
// 65,536 records is refused under MaxRecords 1000 before any is produced.
func TestZoneGenerateCountedBeforeExpansion(t *testing.T) {
	z := "$ORIGIN example.\n@ 3600 SOA ns1 host 1 7200 3600 1209600 3600\n$GENERATE 0-65535 h$ 3600 A 192.0.2.1\n"
	zs := NewZoneScanner(strings.NewReader(z), &ZoneConfig{MaxRecords: 1000})
	n := 0
	for _, ok := zs.Next(); ok; _, ok = zs.Next() {
		n++
	}
	checkLimitErr(t, "ZoneScanner", zs.Err(), "MaxZoneRecords")
	if n > 1 {
		t.Fatalf("%d records read before the limit, want only the SOA", n)
	}
	// Within the limits the records are all there.
	zs = NewZoneScanner(strings.NewReader(strings.Replace(z, "65535", "99", 1)), &ZoneConfig{MaxRecords: 1000})
	n = 0
	for _, ok := zs.Next(); ok; _, ok = zs.Next() {
		n++
	}
	if zs.Err() != nil || n != 101 {
		t.Fatalf("%d records, %v; want 101", n, zs.Err())
	}
}

// A syntax error quotes at most about 100 bytes of a long token.
func TestZoneParseErrorShort(t *testing.T) {
	z := "example. 3600 IN SOA ns1.example. h.example. 1 2 3 4 5\nexample. 3600 IN A " + strings.Repeat("9", 500_000) + "\n"
	_, err := VerifyZone(context.Background(), strings.NewReader(z), &ZoneConfig{Now: at(fixtureNow)})
	if !errors.Is(err, ErrMalformed) || len(err.Error()) > 500 || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("got %d-byte error %.300q", len(err.Error()), err)
	}
}

// An $INCLUDEd file (when allowed) passes through the same limits.
func TestZoneIncludeLimited(t *testing.T) {
	dir := t.TempDir()
	inc := filepath.Join(dir, "inc.zone")
	if err := os.WriteFile(inc, append([]byte("a.example. 3600 IN TXT \""), bytes.Repeat([]byte("b"), 2<<20)...), 0o600); err != nil {
		t.Fatal(err)
	}
	z := "example. 3600 IN SOA ns1.example. h.example. 1 2 3 4 5\n$INCLUDE " + inc + "\n"
	_, err := VerifyZone(context.Background(), strings.NewReader(z), &ZoneConfig{Now: at(fixtureNow), AllowInclude: true})
	checkLimitErr(t, "VerifyZone", err, "MaxZoneLineLength")
}

// A gzip zone streams through OpenZoneFile and stops at the inflation cap.
func TestOpenZoneFileGzip(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "zone", "bind-nsec3-13.zone"))
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "z.gz")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(src)
	zw.Close()
	if err := os.WriteFile(name, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	zf, err := OpenZoneFile(name, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer zf.Close()
	// BIND's output is not in canonical order: VerifyZone seeks back once.
	rep, err := VerifyZone(context.Background(), zf, &ZoneConfig{Now: at(fixtureNow)})
	if err != nil || rep.Err() != nil || rep.Sorted {
		t.Fatalf("gzip zone: %v, %v", err, rep)
	}
	small, err := OpenZoneFile(name, int64(len(src)-1))
	if err != nil {
		t.Fatal(err)
	}
	defer small.Close()
	_, err = io.Copy(io.Discard, small)
	checkLimitErr(t, "OpenZoneFile", err, "MaxZoneInflatedBytes")
	exact, err := OpenZoneFile(name, int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	defer exact.Close()
	if b, err := io.ReadAll(exact); err != nil || !bytes.Equal(b, src) {
		t.Fatalf("exact cap: %d bytes, %v", len(b), err)
	}
}

// VerifyZone ends soon after its context is cancelled, mid-read.
func TestVerifyZoneCancel(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "zone", "ldns-nsec-15.zone"))
	if err != nil {
		t.Fatal(err)
	}
	// An endless zone: the fixture, then a stream of unsigned names.
	r := io.MultiReader(bytes.NewReader(src), &endlessNames{})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err = VerifyZone(ctx, r, &ZoneConfig{Now: at(fixtureNow), MaxRecords: 1 << 30})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("cancelled after %v", d)
	}
}

type endlessNames struct{ i int }

func (e *endlessNames) Read(p []byte) (int, error) {
	n := 0
	for len(p)-n > 64 {
		e.i++
		n += copy(p[n:], fmt.Sprintf("zz%09d.example. 3600 IN A 192.0.2.1\n", e.i))
	}
	return n, nil
}
