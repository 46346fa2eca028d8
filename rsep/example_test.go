package rsep_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/ssrkit/ssr/rsep"
)

func ExampleRun() {
	const zone = `$TTL 3600
example. IN SOA ns1.nic.example. hostmaster.nic.example. 1 14400 3600 1209600 3600
example. IN NS ns1.nic.example.
example. IN NS ns2.nic.example.
example. IN A 192.0.2.1
*.example. IN A 64.94.110.11
ns1.nic.example. IN AAAA 2001:67c:1010::1
ns2.nic.example. IN AAAA 2001:67c:1011::1
`
	z, err := rsep.ReadZone(context.Background(), strings.NewReader(zone), "example.", "example.zone", nil)
	if err != nil {
		panic(err)
	}
	r, err := rsep.Run(context.Background(), &rsep.Target{
		Zone:   z,
		Now:    func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) },
		Checks: []string{"ZC02", "ZC03", "SEC01"},
	})
	if err != nil {
		panic(err)
	}
	for _, f := range r.Findings {
		fmt.Printf("%s %s %s [%s] (%s)\n", f.Check, f.Tag, f.Name, f.Effect, f.Authority)
	}
	// Output:
	// SEC01 UNSIGNED_ZONE example. [security-a] (RA Spec 6 §1.3 (DNSSEC required); RFC 4035 §2.2)
	// ZC02 WILDCARD *.example. [stability-b] (RA Spec 6 §2.2 (wildcard prohibition); RFC 4592)
	// ZC03 DOTLESS example. [stability-b] (SAC053; ICANN NGPC resolution 2013.08.13.01 (dotless domains))
}

func ExampleParsePolicy() {
	p, err := rsep.ParsePolicy(strings.NewReader(`{"allowed_types": ["CDS", "CDNSKEY"], "reserved": ["nic", "www"], "released": ["www"],
		"controlled_interruption": {"start": "2026-10-01T00:00:00Z"}}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(p.AllowedTypes, p.ControlledInterruption.End().Format("2006-01-02"))
	_, err = rsep.ParsePolicy(strings.NewReader(`{"allowed_types": ["BOGUS"]}`))
	fmt.Println(err)
	// Output:
	// [CDS CDNSKEY] 2026-12-30
	// rsep: invalid policy: allowed_types: unknown RR type "BOGUS"
}

func ExampleImportZonemaster() {
	const stream = `{"args":{"algo_descr":"RSA/SHA1","algo_num":"5","keytag":62886},"level":"WARNING","module":"DNSSEC","tag":"ALGORITHM_NOT_RECOMMENDED","testcase":"DNSSEC05","timestamp":0.5}
{"args":{},"level":"INFO","module":"ZONE","tag":"ONE_SOA","testcase":"ZONE10","timestamp":0.6}
`
	fs, err := rsep.ImportZonemaster(context.Background(), strings.NewReader(stream), nil)
	if err != nil {
		panic(err)
	}
	for _, f := range fs {
		fmt.Println(f.Check, f.Tag, f.Severity, f.Effect, "related:", f.Related, "RST:", f.RST)
	}
	// Output:
	// ZM:DNSSEC05 ALGORITHM_NOT_RECOMMENDED error security-a related: SEC03 RST: dnssec-05/ZM_ALGORITHM_NOT_RECOMMENDED
}

func ExampleClassify() {
	read := func(s string) *rsep.Zone {
		z, err := rsep.ReadZone(context.Background(), strings.NewReader(s), "example.", "example.zone", nil)
		if err != nil {
			panic(err)
		}
		return z
	}
	before := read(`example. 3600 IN SOA ns1.nic.example. hostmaster.nic.example. 1 14400 3600 1209600 3600
example. 3600 IN NS ns1.nic.example.
example. 3600 IN NS ns2.nic.example.
`)
	after := read(`example. 3600 IN SOA ns1.nic.example. hostmaster.nic.example. 2 14400 3600 1209600 3600
example. 3600 IN NS ns1.nic.example.
example. 3600 IN NS a.dns-provider.net.
example. 3600 IN CAA 0 issue "ca.example"
`)
	changes, err := rsep.Classify(context.Background(), &rsep.Target{Zone: before}, &rsep.Target{Zone: after})
	if err != nil {
		panic(err)
	}
	for _, c := range changes {
		fmt.Printf("%s: %s\n  track: %s\n  plan: %s\n", c.Kind, c.Detail, c.Track, c.Plan)
	}
	// Output:
	// new-ns-operator: name servers of new operator(s) dns-provider.net.
	//   track: Material Subcontracting Arrangement change (RA §2.9(c)); registry service provider change
	//   plan: RST v2.0 'DNS RSP Change' (StandardDNS, DNSSEC)
	// new-rr-type: new RR type(s) CAA
	//   track: Standard RSEP (RR type outside RA Exhibit A §1.1-§1.5)
	//   plan: RST StandardDNS
}

// EvaluateTLD runs the whole TLD job; here on a zone alone (no root zone,
// deposit or prober), so the chain of trust is not evaluated and the
// deposit section is skipped.
func ExampleEvaluateTLD() {
	f, err := os.Open("testdata/good.zone")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	rep, err := rsep.EvaluateTLD(context.Background(), &rsep.TLDInput{
		Zone: f,
		Now:  func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range rep.Sections {
		fmt.Printf("%s: %s\n", s.Name, s.Status)
	}
	fmt.Println("holds:", rep.Err() == nil)
	// Output:
	// trust anchor: ok
	// zone under the chain of trust: ok
	// labels (IDNA2008 + LGR): ok
	// RSEP check catalogue: ok
	// escrow deposit: skipped
	// holds: true
}
