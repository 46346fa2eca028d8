package escrow

import (
	"bytes"
	"context"
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
		rep, err := Verify(context.Background(), bytes.NewReader(data), &VerifyOptions{Now: fixedNow})
		if err != nil || !rep.OK() {
			b.Fatal(err, rep.Err())
		}
	}
}
