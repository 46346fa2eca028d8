package dnssec_test

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/dnssec"
)

// Verify the RFC 6605 §6.1 ECDSA P-256 example, then the same signature
// after its expiration.
func ExampleVerifyRRSIG() {
	a, _ := dns.NewRR("www.example.net. 3600 IN A 192.0.2.1")
	sig, _ := dns.NewRR("www.example.net. 3600 IN RRSIG A 13 3 3600 20100909100439 20100812100439 55648 example.net. qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXAyGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw==")
	k, _ := dns.NewRR("example.net. 3600 IN DNSKEY 257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==")
	key, err := dnssec.NewKey(k.(*dns.DNSKEY))
	if err != nil {
		panic(err)
	}
	err = dnssec.VerifyRRSIG([]dns.RR{a}, sig.(*dns.RRSIG), key, time.Date(2010, 8, 20, 0, 0, 0, 0, time.UTC))
	fmt.Println(key.Tag, err)
	err = dnssec.VerifyRRSIG([]dns.RR{a}, sig.(*dns.RRSIG), key, time.Date(2010, 10, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println(errors.Is(err, dnssec.ErrExpired), errors.Is(err, dnssec.ErrBogus))
	fmt.Println(err)
	// Output:
	// 55648 <nil>
	// true true
	// dnssec: RRSIG www.example.net./A tag 55648: signature expired: expiration 20100909100439 is before 2010-10-01T00:00:00Z (RFC 4035 §5.3.1)
}

// Canonical DNS name order (RFC 4034 §6.1) and label-boundary containment.
func ExampleCompareNames() {
	fmt.Println(dnssec.CompareNames("Z.a.example.", "zABC.a.EXAMPLE."))
	fmt.Println(dnssec.CompareNames("*.z.example.", "\\200.z.example."))
	fmt.Println(dnssec.IsAtOrBelow("www.badexample.com.", "example.com."))
	// Output:
	// -1
	// -1
	// false
}

// Validate the RFC 4035 Appendix B.1 answer offline, from the chain of
// RRs in a file and a DNSKEY trust anchor.
func ExampleValidator_ValidateChain() {
	f, err := os.Open("testdata/rfc4035-b1.chain")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	chain, err := dnssec.ReadChain(f)
	if err != nil {
		panic(err)
	}
	anchor, _ := dns.NewRR("example. 3600 IN DNSKEY 257 3 5 AQOeX7+baTmvpVHb2CcLnL1dMRWbuscRvHXlLnXwDzvqp4tZVKp1sZMepFb8MvxhhW3y/0QZsyCjczGJ1qk8vJe52iOhInKROVLRwxGpMfzPRLMlGybr51bOV/1se0ODacj3DomyB4QB5gKTYot/K9alk5/j8vfd4jWCWD+E1Sze0Q==")
	v, err := dnssec.NewValidator(&dnssec.Config{
		Anchors:                   []dns.RR{anchor},
		AllowDeprecatedAlgorithms: true, // the RFC's keys are RSASHA1
		Now:                       func() time.Time { return time.Date(2004, 4, 20, 12, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		panic(err)
	}
	res := v.ValidateChain(chain, "x.w.example.", dns.TypeMX)
	fmt.Println(res.Verdict, res.Err())
	for _, s := range res.Chain {
		fmt.Println(s.Zone, s.Verdict, s.Note)
	}
	// Output:
	// secure <nil>
	// example. secure DNSKEY RRset signed by a trust-anchor key
	// example. secure x.w.example. MX signed by example. tag 38519
}

// AlgorithmStatus reports the RFC 8624 requirement levels and this
// package's support.
func ExampleAlgorithmStatus() {
	for _, alg := range []uint8{dns.RSASHA1, dns.RSASHA256, dns.ED448, dns.ECCGOST} {
		s := dnssec.AlgorithmStatus(alg)
		fmt.Printf("%d %s sign=%s validate=%s supported=%v deprecated=%v\n", alg, s.Name, s.Signing, s.Validation, s.Supported, s.Deprecated)
	}
	// Output:
	// 5 RSASHA1 sign=MUST NOT validate=MUST supported=true deprecated=true
	// 8 RSASHA256 sign=MUST validate=MUST supported=true deprecated=false
	// 16 ED448 sign=MAY validate=RECOMMENDED supported=true deprecated=false
	// 12 ECC-GOST sign=MUST NOT validate=MAY supported=false deprecated=false
}
