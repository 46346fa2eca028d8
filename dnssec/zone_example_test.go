package dnssec_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/ssrkit/ssr/dnssec"
)

// A zone signed by dnssec-signzone with NSEC3, verified completely at a
// fixed time, then the same zone with one record changed.
func ExampleVerifyZone() {
	zone, err := os.ReadFile("testdata/zone/bind-nsec3-13.zone")
	if err != nil {
		panic(err)
	}
	opts := &dnssec.ZoneConfig{Now: func() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) }}

	rep, err := dnssec.VerifyZone(context.Background(), strings.NewReader(string(zone)), opts)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %d names, %d/%d signatures, %s, err=%v\n", rep.Origin, rep.Names, rep.Verified, rep.Signatures, rep.Denial, rep.Err())

	broken := strings.Replace(string(zone), "192.0.2.25", "192.0.2.26", 1)
	rep, _ = dnssec.VerifyZone(context.Background(), strings.NewReader(broken), opts)
	for _, p := range rep.Findings {
		fmt.Println(p)
	}
	// Output:
	// example.: 16 names, 31/31 signatures, NSEC3, err=<nil>
	// dnssec: line 69: mail.example./A: RRset not signed: no valid RRSIG for algorithm(s) 13 (ECDSAP256SHA256) (RFC 4035 §2.2, RFC 6840 §5.11)
	// dnssec: line 70: RRSIG mail.example./A tag 57371: signature does not verify (RFC 4034 §3.1.8.1, RFC 4035 §5.3.3)
}
