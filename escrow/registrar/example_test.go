package registrar_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/ssrkit/ssr/escrow/registrar"
)

func ExampleVerify() {
	rep, err := registrar.Verify(context.Background(), os.DirFS("testdata/hexonet-2007"),
		&registrar.Config{Now: func() time.Time { return time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		panic(err)
	}
	fmt.Println("IANA ID", rep.IANAID, rep.Date.Format(time.DateOnly), rep.Domains, "domains,", rep.Handles, "handles, ok:", rep.OK())
	// Output: IANA ID 8 2026-11-22 2 domains, 2 handles, ok: true
}

func ExampleParseFileName() {
	f, err := registrar.ParseFileName("1234_RDE_2026-11-22_full_1.csv.gz.gpg")
	if err != nil {
		panic(err)
	}
	fmt.Println(f.IANAID, f.Date.Format(time.DateOnly), f.Kind, f.Seq, f.Ext)
	// Output: 1234 2026-11-22 full 1 csv.gz.gpg
}
