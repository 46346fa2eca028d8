package escrow_test

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/ssrkit/ssr/escrow"
)

func el(space, local, text string, attrs ...escrow.Attr) *escrow.Element {
	return escrow.NewElement(space, local, text, attrs...)
}

func uri(v string) escrow.Attr { return escrow.Attr{Name: escrow.Name{Local: "uri"}, Value: v} }

// exampleDeposit writes a small FULL deposit whose only domain references a
// contact that is not in it.
func exampleDeposit() []byte {
	var b bytes.Buffer
	w, err := escrow.NewWriter(&b, &escrow.Deposit{Type: escrow.Full, ID: "20261122001",
		WatermarkText: "2026-11-22T00:00:00Z", ObjURIs: []string{escrow.NSHeader, escrow.NSDomain, escrow.NSRegistrar}})
	if err != nil {
		panic(err)
	}
	objs := []*escrow.Object{
		{Kind: escrow.KindHeader, Elem: el(escrow.NSHeader, "header", "").Add(
			el(escrow.NSHeader, "tld", "example"),
			el(escrow.NSHeader, "count", "1", uri(escrow.NSDomain)),
			el(escrow.NSHeader, "count", "1", uri(escrow.NSRegistrar)))},
		{Kind: escrow.KindDomain, Elem: el(escrow.NSDomain, "domain", "").Add(
			el(escrow.NSDomain, "name", "one.example"),
			el(escrow.NSDomain, "roid", "D1-EXAMPLE"),
			el(escrow.NSDomain, "status", "", escrow.Attr{Name: escrow.Name{Local: "s"}, Value: "ok"}),
			el(escrow.NSDomain, "registrant", "jd1234"),
			el(escrow.NSDomain, "clID", "RegistrarX"))},
		{Kind: escrow.KindRegistrar, Elem: el(escrow.NSRegistrar, "registrar", "").Add(
			el(escrow.NSRegistrar, "id", "RegistrarX"),
			el(escrow.NSRegistrar, "name", "Registrar X"))},
	}
	for _, o := range objs {
		if err := w.Write(o); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func ExampleNewReader() {
	r := escrow.NewReader(bytes.NewReader(exampleDeposit()), nil)
	dep, err := r.Deposit()
	if err != nil {
		panic(err)
	}
	fmt.Println(dep.Type, dep.ID, dep.Watermark.Format(time.DateOnly))
	for r.Next() {
		fmt.Println(r.Object().Describe())
	}
	if err := r.Err(); err != nil {
		panic(err)
	}
	// Output:
	// FULL 20261122001 2026-11-22
	// header
	// domain "one.example" (roid D1-EXAMPLE)
	// registrar "RegistrarX"
}

func ExampleVerify() {
	now := func() time.Time { return time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) }
	rep, err := escrow.Verify(context.Background(), bytes.NewReader(exampleDeposit()), &escrow.VerifyConfig{Name: "example.xml", Now: now})
	if err != nil {
		panic(err)
	}
	fmt.Println(rep.Objects, "objects, domains:", rep.Counts[escrow.NSDomain])
	for _, f := range rep.Findings {
		fmt.Println(f)
	}
	// Output:
	// 3 objects, domains: 1
	// escrow: example.xml:line 43: domain "one.example" (roid D1-EXAMPLE): invalid deposit: <registrant> references contact "jd1234", which is not in the repository (RFC 9022 §8; RST rde-07) [RDE_DOMAIN_HAS_INVALID_REGISTRANT]
}
