package dnssec

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readZonePar reads data with the parallel reader in chunks of size bytes.
func readZonePar(data []byte, origin string, opts ZoneConfig, size int) zoneReadResult {
	var res zoneReadResult
	stop := make(chan struct{})
	defer close(stop)
	opts.File = "z"
	s := newZoneParSource(bytes.NewReader(data), origin, &opts, 2, size, stop)
	defer s.close()
	for {
		rr, line, ok := s.next()
		if !ok {
			break
		}
		if s.seq == nil || s.small && s.seq.fast != nil {
			res.Fast++
		}
		res.RRs = append(res.RRs, rr)
		res.Recs = append(res.Recs, fmt.Sprintf("%d %s", line, rr))
	}
	if line, err := s.err(); err != nil {
		res.Err = fmt.Sprintf("line %d: %v", line, err)
	}
	res.Whole = s.seq == nil || s.small && s.seq.fast != nil
	return res
}

// readZoneSeq is readZoneBoth's fast sequential reading with opts.
func readZoneSeq(data []byte, origin string, opts ZoneConfig) zoneReadResult {
	var res zoneReadResult
	opts.File = "z"
	s := newZoneSource(bytes.NewReader(data), origin, &opts, true)
	for {
		rr, line, ok := s.next()
		if !ok {
			break
		}
		res.RRs = append(res.RRs, rr)
		res.Recs = append(res.Recs, fmt.Sprintf("%d %s", line, rr))
	}
	if line, err := s.err(); err != nil {
		res.Err = fmt.Sprintf("line %d: %v", line, err)
	}
	return res
}

// diffZonePar requires the parallel reader, in chunks of each size, to
// give the sequential reader's records (values, text, lines) and error.
func diffZonePar(t testing.TB, name string, data []byte, origin string, opts ZoneConfig, sizes ...int) zoneReadResult {
	t.Helper()
	seq := readZoneSeq(data, origin, opts)
	var par zoneReadResult
	for _, size := range sizes {
		par = readZonePar(data, origin, opts, size)
		if d := cmp.Diff(seq.Recs, par.Recs); d != "" {
			t.Fatalf("%s, chunks of %d: records differ (-sequential +parallel):\n%s", name, size, d)
		}
		if seq.Err != par.Err {
			t.Fatalf("%s, chunks of %d: error differs: sequential %q, parallel %q", name, size, seq.Err, par.Err)
		}
		for i := range seq.RRs {
			if !reflect.DeepEqual(seq.RRs[i], par.RRs[i]) {
				t.Fatalf("%s, chunks of %d: record %d differs in value: %#v, %#v", name, size, i, seq.RRs[i], par.RRs[i])
			}
		}
	}
	return par
}

// TestZoneParallelReadFixtures reads every fixture in chunks from one byte
// (every line start a boundary) up: records span boundaries, chunks start
// with inherited owners and multi-line entries. Signer output stays on the
// parallel path to the end.
func TestZoneParallelReadFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "zone", "*.zone*"))
	files = append(files, filepath.Join("testdata", "zone", "example.unsigned"))
	for _, f := range files {
		data := readFixture(t, f)
		for _, origin := range []string{"", "example."} {
			res := diffZonePar(t, f, data, origin, ZoneConfig{}, 1, 50, 333, 4096, 1<<20)
			if f != filepath.Join("testdata", "zone", "example.unsigned") && (!res.Whole || res.Fast != len(res.Recs)) {
				t.Errorf("%s: parallel path read %d of %d records (whole %v)", f, res.Fast, len(res.Recs), res.Whole)
			}
		}
	}
}

// TestZoneParallelReadMutations applies the fast path's mutations to lines
// of the signer fixtures and reads them in small chunks: a handover in the
// middle of a chunk, or in a later chunk than the first.
func TestZoneParallelReadMutations(t *testing.T) {
	for _, name := range []string{"bind-nsec3-13.zone", "ldns-nsec-15.zone"} {
		lines := strings.Split(string(readFixture(t, filepath.Join("testdata", "zone", name))), "\n")
		for i := 3; i < len(lines); i += len(lines)/5 + 1 {
			if len(strings.Fields(lines[i])) < 4 {
				continue
			}
			for j, m := range zoneLineMutations {
				ml := append([]string(nil), lines...)
				ml[i] = m(lines[i])
				diffZonePar(t, fmt.Sprintf("%s line %d mutation %d", name, i+1, j), []byte(strings.Join(ml, "\n")), "example.", ZoneConfig{}, 1, 97, 1000)
			}
		}
	}
}

// TestZoneParallelReadBoundaries covers the cases chunking adds: an entry
// that continues at the start of a line inside parentheses (a boundary in
// the middle of an entry), an entry that needs the state of the record
// before at a chunk start, errors and limits in a later chunk while the
// earlier ones are fine, and a file that does not end with a newline.
func TestZoneParallelReadBoundaries(t *testing.T) {
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "n%02d.example. 3600 IN A 192.0.2.%d\n", i, i)
	}
	head := b.String()
	cases := []struct {
		name, tail string
		opts       ZoneConfig
	}{
		{"clean", "", ZoneConfig{}},
		{"no final newline", "z.example. 3600 IN A 192.0.2.1", ZoneConfig{}},
		{"column-0 continuation", "m.example. 3600 IN A (\n192.0.2.1 )\nz.example. 3600 IN A 192.0.2.2\n", ZoneConfig{}},
		{"inner comment", "m.example. 3600 IN A ( ; c\n 192.0.2.1 )\n\t3600 IN AAAA 2001:db8::1\n", ZoneConfig{}},
		{"no TTL, inner comment", "m.example. IN A ( ; c\n 192.0.2.1 )\n", ZoneConfig{}},
		{"inherited owner", "m.example. 3600 IN A 192.0.2.1\n\t3600 IN AAAA 2001:db8::1\n", ZoneConfig{}},
		{"directive", "$TTL 60\nm.example. A 192.0.2.1\nz.example. 3600 IN A 192.0.2.2\n", ZoneConfig{}},
		{"syntax error", "m.example. 3600 IN A 192.0.2.300\nz.example. 3600 IN A 192.0.2.2\n", ZoneConfig{}},
		{"long line", "m.example. 3600 IN TXT " + strings.Repeat("x", 200) + "\nz.example. 3600 IN A 192.0.2.2\n", ZoneConfig{MaxLineLength: 100}},
		{"long entry", "m.example. 3600 IN TXT (\n" + strings.Repeat("xxxxxxxxx\n", 20) + ")\n", ZoneConfig{MaxLineLength: 100}},
		{"generate", "$GENERATE 1-100 g$ A 192.0.2.1\n", ZoneConfig{MaxGenerated: 50}},
		{"generate ok", "$ORIGIN example.\n$GENERATE 1-10 g$ 60 A 192.0.2.$\n", ZoneConfig{}},
		{"include refused", "$INCLUDE /etc/hostname\n", ZoneConfig{}},
	}
	for _, tc := range cases {
		for _, at := range []int{0, 20, 40} {
			lines := strings.SplitAfter(head, "\n")
			data := strings.Join(lines[:at], "") + tc.tail + strings.Join(lines[at:], "")
			diffZonePar(t, fmt.Sprintf("%s at line %d", tc.name, at+1), []byte(data), "example.", tc.opts, 1, 16, 30, 64, 200, 1<<20)
		}
	}
}

// TestVerifyZoneParallelRead verifies fixtures, and zones with errors in
// a later chunk, with small chunks and with the sequential reader
// (Workers 1): the same reports and errors.
func TestVerifyZoneParallelRead(t *testing.T) {
	old := zoneChunkSize
	defer func() { zoneChunkSize = old }()
	var inputs [][]byte
	for _, name := range []string{"bind-nsec3-13.zone", "ldns-nsec-15.zone", "bind-optout-8.zone"} {
		data := readFixture(t, filepath.Join("testdata", "zone", name))
		inputs = append(inputs, data)
		n := len(data) * 2 / 3
		n += bytes.IndexByte(data[n:], '\n') + 1
		inputs = append(inputs, append(append(append([]byte(nil), data[:n]...), "bad.example. 3600 IN A 300.1.1.1\n"...), data[n:]...))
	}
	for i, data := range inputs {
		for _, max := range []int{0, 20} {
			opts := ZoneConfig{Now: at(fixtureNow), MaxRecords: max}
			zoneChunkSize = old
			opts.testWorkers = 1
			want, werr := VerifyZone(context.Background(), bytes.NewReader(data), &opts)
			for _, size := range []int{1, 100, 5000} {
				zoneChunkSize = size
				opts.testWorkers = 2
				got, gerr := VerifyZone(context.Background(), bytes.NewReader(data), &opts)
				if fmt.Sprint(werr) != fmt.Sprint(gerr) {
					t.Fatalf("input %d max %d chunks of %d: error %v, sequential %v", i, max, size, gerr, werr)
				}
				if d := cmp.Diff(fmt.Sprint(want), fmt.Sprint(got)); werr == nil && d != "" {
					t.Fatalf("input %d chunks of %d: report differs:\n%s", i, size, d)
				}
			}
		}
	}
}

// FuzzZoneParallelRead: on any input and chunk size the parallel reader
// gives the sequential reader's records, lines and error.
func FuzzZoneParallelRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "zone", "*.zone"))
	for _, name := range files {
		lines := strings.SplitAfter(string(readFixture(f, name)), "\n")
		f.Add([]byte(strings.Join(lines[:min(len(lines), 16)], "")), uint8(40))
	}
	f.Add([]byte("a. 1 IN A 192.0.2.1\n\tIN AAAA ::1\nb. 1 IN A (\n192.0.2.1 )\n$TTL 5\nc. A 192.0.2.2\n"), uint8(3))
	f.Add([]byte("a. 1 IN SOA b. c. (\n 1 ; s\n 2 3 4 5 )\nb. 1 IN TXT ( ; x\n \"y\" )\n\t1 RRSIG SOA 13 1 1 (\n\t20260101000000 20250101000000 1 a.\n\tAAAA BBBB== )\n"), uint8(7))
	f.Fuzz(func(t *testing.T, data []byte, size uint8) {
		if len(data) > 4096 {
			return
		}
		diffZonePar(t, "fuzz", data, "example.", ZoneConfig{MaxLineLength: 300, MaxGenerated: 100}, int(size)+1)
	})
}

// BenchmarkZoneRead reads the 2022 root zone (or the file named by
// SSR_ZONE_BENCH) into owner groups, as VerifyZone's reader goroutine
// does: sequentially and in parallel chunks.
func BenchmarkZoneRead(b *testing.B) {
	data := []byte(readZoneFixture(b, "root-2022021501.zone.gz"))
	if file := os.Getenv("SSR_ZONE_BENCH"); file != "" {
		data = readFixture(b, file)
	}
	for _, w := range []struct {
		name    string
		workers int
	}{{"sequential", 1}, {"parallel", 0}} {
		b.Run(w.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				out := make(chan zoneReadBatch, 16)
				stop := make(chan struct{})
				go readZoneGroups(bytes.NewReader(data), "", &ZoneConfig{testWorkers: w.workers}, out, stop)
				for bt := range out {
					if bt.done {
						if bt.err != nil {
							b.Fatal(bt.err)
						}
						break
					}
				}
				close(stop)
			}
		})
	}
}
