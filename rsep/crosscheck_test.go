package rsep

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec"
)

// TestCrossCheckDNSSECVerifyZone compares the structural DNSSEC checks
// (SEC01, SEC02, SEC05, SEC06) with package dnssec's whole-zone verifier,
// policy checks (algorithms, NSEC3 parameters, which SEC03/SEC07 grade) set
// aside: both must find a problem, or both none, on every fixture.
func TestCrossCheckDNSSECVerifyZone(t *testing.T) {
	good := loadZone(t, "good.zone")
	nsec := loadZone(t, "roll-ok-0.zone")
	cases := map[string]*Zone{
		"good":           good,
		"bad":            loadZone(t, "bad.zone"),
		"roll-ok-1":      loadZone(t, "roll-ok-1.zone"),
		"nsec3-ok-3":     loadZone(t, "nsec3-ok-3.zone"),
		"peer-bad":       loadZone(t, "peer-bad.zone"),
		"bogus-sig":      edit(t, good, isType(dns.TypeA, "ns1.nic.example."), "ns1.nic 3600 IN A 185.24.64.77"),
		"unsigned-rrset": edit(t, good, sigOver(dns.TypeA, "ns1.nic.example.", 0)),
		"nsec-missing":   edit(t, nsec, isType(dns.TypeNSEC, "ns1.nic.example.")),
		"incomplete-alg": edit(t, loadZone(t, "roll-ok-1.zone"), sigOver(dns.TypeSOA, "example.", dns.ECDSAP256SHA256)),
	}
	for name, z := range cases {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			for _, rr := range z.Records {
				b.WriteString(rr.String())
				b.WriteByte('\n')
			}
			rep, err := dnssec.VerifyZone(context.Background(), bytes.NewReader([]byte(b.String())), &dnssec.ZoneConfig{
				Origin: "example.", Now: func() time.Time { return evalTime },
				AllowDeprecatedAlgorithms: true, AllowNSEC3Iterations: true, AllowNSEC3Salt: true, MinRSABits: 1024,
			})
			if err != nil {
				t.Fatal(err)
			}
			r := run(t, &Target{Zone: z, Now: at(evalTime), Checks: []string{"SEC01", "SEC02", "SEC05", "SEC06"}})
			ours := len(tags(r, "", Failure)) > 0
			theirs := len(rep.Findings) > 0
			if ours != theirs {
				t.Errorf("rsep problems %v (%v), dnssec.VerifyZone problems %v (%v)", ours, tags(r, "", Failure), theirs, rep.Findings)
			}
		})
	}
}
