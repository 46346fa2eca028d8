package registrar

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"
	"testing/fstest"
)

func FuzzParseFileName(f *testing.F) {
	for _, s := range []string{"1234_RDE_2026-11-22_full_1.csv.gz.gpg", "8_RDE_2026-11-22_hash", "8_RDE_2026-11-22_hdl_0", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fn, err := ParseFileName(s)
		if err != nil {
			if !errors.Is(err, ErrFileName) {
				t.Fatalf("%q: untyped error %v", s, err)
			}
			return
		}
		if fn.IANAID < 0 || (fn.Kind != "full" && fn.Kind != "hdl" && fn.Kind != "hash") {
			t.Fatalf("%q: %+v", s, fn)
		}
	})
}

// FuzzNewReader: arbitrary CSV as a domain or handle file gives records or
// a typed error, never a panic.
func FuzzNewReader(f *testing.F) {
	for _, p := range []string{"testdata/hexonet-2007/8_RDE_2026-11-22_full_0", "testdata/hexonet-2007/8_RDE_2026-11-22_hdl_0", "testdata/namingo-2024/8_RDE_2026-11-22_full_1.csv"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, false)
		f.Add(b, true)
	}
	f.Fuzz(func(t *testing.T, data []byte, hdl bool) {
		kind := "full"
		if hdl {
			kind = "hdl"
		}
		rd, err := NewReader(bytes.NewReader(data), kind, "f")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %T %v", err, err)
			}
			return
		}
		for rd.Next() {
			if hdl {
				rd.Handle()
			} else {
				rd.Domain()
			}
		}
		if err := rd.Err(); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %T %v", err, err)
			}
		}
	})
}

// FuzzVerify: a deposit of one domain file with arbitrary content never
// panics Verify.
func FuzzVerify(f *testing.F) {
	b, _ := os.ReadFile("testdata/hexonet-2007/8_RDE_2026-11-22_full_0")
	f.Add(b, []byte("00  8_RDE_2026-11-22_full_0\n"))
	f.Fuzz(func(t *testing.T, data, hash []byte) {
		m := fstest.MapFS{"8_RDE_2026-11-22_full_0": {Data: data}, "8_RDE_2026-11-22_hash": {Data: hash}}
		if _, err := Verify(context.Background(), m, &Config{Now: testNow}); err != nil {
			t.Fatal(err)
		}
	})
}
