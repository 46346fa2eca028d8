package escrow

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
)

var benchDeposit = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	if err := generate(&b, genSpec{Domains: 20000, Hosts: 20000 / 150, Contacts: 20000 / 60, Registrars: 100}); err != nil {
		panic(err)
	}
	return b.Bytes()
})

func BenchmarkReader(b *testing.B) {
	data := benchDeposit()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewReader(bytes.NewReader(data), nil)
		for r.Next() {
		}
		if r.Err() != nil {
			b.Fatal(r.Err())
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	data := benchDeposit()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rep, err := Verify(context.Background(), bytes.NewReader(data), &VerifyConfig{Now: fixedNow})
		if err != nil || !rep.OK() {
			b.Fatal(err, rep.Err())
		}
	}
}

func BenchmarkCSVReader(b *testing.B) {
	var buf bytes.Buffer
	for i := range 100000 {
		fmt.Fprintf(&buf, "domain%d.example,D%d-TEST,,,registrant%d,registrarX,registrarX,\"client, Y\",2009-04-03T22:00:00.0Z,,,,2025-04-03T22:00:00.0Z\n", i, i, i%500)
	}
	data := buf.Bytes()
	spec := &CSVSpec{sep: ','}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		cr, err := newCSVReader(bytes.NewReader(data), spec, csvFile{Name: "domain.csv"}, nil)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for cr.next() {
			n++
		}
		if cr.failure() != nil || n != 100000 {
			b.Fatal(cr.failure(), n)
		}
	}
}

// BenchmarkVerifyRST: Verify under RST's rules. The synthetic deposit's
// roids end in -TEST and it combines "ok" with other statuses, so most
// objects have RST findings; MaxFindings keeps 100 of them, as a deposit
// with many more findings than a report keeps.
func BenchmarkVerifyRST(b *testing.B) {
	data := benchDeposit()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rep, err := Verify(context.Background(), bytes.NewReader(data), &VerifyConfig{Now: fixedNow, MaxFindings: 100,
			RST: &RSTConfig{TLDs: []string{"example"}}})
		if err != nil || rep.Dropped == 0 {
			b.Fatal(err, rep.Dropped)
		}
	}
}
