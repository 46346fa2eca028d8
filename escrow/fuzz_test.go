package escrow

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReader feeds arbitrary bytes to the deposit Reader and to Verify: no
// panic, a typed error for bad input, and for input that reads cleanly, a
// write → read round trip that gives back the same objects.
func FuzzReader(f *testing.F) {
	for _, p := range depositFixtures() {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>`))
	f.Add([]byte(`<rde:deposit xmlns:rde="urn:ietf:params:xml:ns:rde-1.0" type="FULL" id="1"><rde:contents><x:y xmlns:x="urn:x"/></rde:contents></rde:deposit>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := &ReaderConfig{MaxDepth: 32, MaxTokenBytes: 1 << 16, MaxObjectBytes: 1 << 18, MaxObjectElements: 2000}
		r := NewReader(bytes.NewReader(data), opts)
		dep, err := r.Deposit()
		var objs []*Object
		if err == nil {
			for r.Next() {
				objs = append(objs, r.Object().Clone())
			}
			err = r.Err()
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || (!errors.Is(err, ErrMalformed) && !errors.Is(err, ErrLimitExceeded)) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
		}
		rep, verr := Verify(context.Background(), bytes.NewReader(data), &VerifyConfig{Now: fixedNow, Reader: *opts})
		if verr != nil || rep == nil {
			t.Fatalf("Verify: %v", verr)
		}
		if err != nil || dep.Type == "" || !validDepositID(dep.ID) || (dep.PrevID != "" && !validDepositID(dep.PrevID)) ||
			(dep.Type != Full && dep.Type != Incremental && dep.Type != Differential) || (dep.Type == Differential && dep.PrevID == "") {
			return
		}
		// Round trip.
		var buf bytes.Buffer
		w, werr := NewWriter(&buf, dep)
		if werr != nil {
			return
		}
		for _, o := range objs {
			if o.Kind == KindCSV && prefixOf[o.Model] == "" {
				return
			}
			if werr := w.Write(o); werr != nil {
				return // e.g. deletes after contents cannot be written
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		r2 := NewReader(bytes.NewReader(buf.Bytes()), opts)
		i := 0
		for r2.Next() {
			o := r2.Object()
			if i >= len(objs) || o.Kind != objs[i].Kind || o.Delete != objs[i].Delete || !o.Elem.Equal(objs[i].Elem) {
				t.Fatalf("round trip changed object %d\n%s", i, buf.Bytes())
			}
			i++
		}
		if r2.Err() != nil || i != len(objs) {
			t.Fatalf("round trip: %v, %d of %d objects\n%s", r2.Err(), i, len(objs), buf.Bytes())
		}
	})
}

// FuzzCSVReader feeds arbitrary bytes to the CSV reader, plain and as gzip.
func FuzzCSVReader(f *testing.F) {
	files, _ := filepath.Glob("testdata/rfc9022-csv/*.csv")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, byte(','), false)
	}
	f.Add([]byte("a;\"b\"\"c\";d\r\n"), byte(';'), false)
	f.Add([]byte("\"a quoted field, longer than 16 bytes\",\"b\"\r\nlone\rCR,\xef\xbf\xbd\n"), byte(','), false)
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, byte(','), true)
	f.Fuzz(func(t *testing.T, data []byte, sep byte, gz bool) {
		if sep == '"' || sep == '\n' || sep == '\r' || sep >= 0x80 {
			sep = ','
		}
		file := csvFile{Name: "f.csv", Cksum: "00000000"}
		if gz {
			file.Compression = "gzip"
		}
		cr, err := newCSVReader(bytes.NewReader(data), &CSVSpec{sep: rune(sep)}, file, &csvConfig{MaxRecordBytes: 4096, MaxFields: 64, MaxFileBytes: 1 << 20})
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrInvalid) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		// The byte-oriented parser reads through the smallest bufio buffer,
		// so lines longer than the buffer (64 KiB in use) are reached too.
		cr.br = bufio.NewReaderSize(&limitedPlain{cr}, 16)
		// The byte-oriented parser and the rune-oriented one must agree.
		slow, _ := newCSVReader(bytes.NewReader(data), &CSVSpec{sep: rune(sep)}, file, &csvConfig{MaxRecordBytes: 4096, MaxFields: 64, MaxFileBytes: 1 << 20})
		slow.forceRunes = true
		n := 0
		for cr.next() {
			if len(cr.record()) > 64 {
				t.Fatalf("%d fields beyond the limit", len(cr.record()))
			}
			if !slow.next() {
				t.Fatalf("record %d: fast parser %q, rune parser stopped: %v", n, cr.record(), slow.failure())
			}
			if strings.Join(cr.record(), "\x00") != strings.Join(slow.record(), "\x00") || cr.lineNo() != slow.lineNo() {
				t.Fatalf("record %d: fast %q at line %d, rune %q at line %d", n, cr.record(), cr.lineNo(), slow.record(), slow.lineNo())
			}
			n++
		}
		if slow.next() {
			t.Fatalf("rune parser has an extra record %q (fast parser: %v)", slow.record(), cr.failure())
		}
		if (cr.failure() == nil) != (slow.failure() == nil) && !errors.Is(cr.failure(), ErrLimitExceeded) && !errors.Is(slow.failure(), ErrLimitExceeded) {
			t.Fatalf("errors differ: fast %v, rune %v", cr.failure(), slow.failure())
		}
		if err := cr.failure(); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
		}
	})
}
