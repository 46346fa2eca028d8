package trustanchor_test

import (
	"bytes"
	"context"
	"crypto"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/trustanchor"
)

// Verify the embedded IANA publication and print today's root anchors as
// Debian's root.ds.
func ExampleRoot() {
	now := func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }
	sel, sig, err := trustanchor.Root(nil, nil, &trustanchor.CMSConfig{Now: now}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("signed", sig.SigningTime.Format("2006-01-02"), "by", sig.Signer.Subject.CommonName)
	trustanchor.WriteDS(os.Stdout, sel.RRs())
	// Output:
	// signed 2025-03-25 by DNSSEC Trust Anchor Verification
	// . IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
	// . IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16
}

// Which keys of the IANA document were usable in 2018, during the first
// root KSK roll.
func ExampleDocument_Anchors() {
	doc, err := trustanchor.ParseXML(trustanchor.EmbeddedXML)
	if err != nil {
		fmt.Println(err)
		return
	}
	sel := doc.Anchors(time.Date(2018, 6, 1, 0, 0, 0, 0, time.UTC), nil)
	for _, a := range sel.Anchors {
		fmt.Println("use", a.ID, a.DS.KeyTag)
	}
	for _, x := range sel.Excluded {
		fmt.Println("skip", x.ID)
	}
	// Output:
	// use Kjqmt7v 19036
	// use Klajeyz 20326
	// skip Kmyv6jo
}

// Convert Debian's root.ds into a BIND trust-anchors statement.
func ExampleWriteBIND() {
	rrs, err := trustanchor.ReadZoneLines(strings.NewReader(
		". IN DS 20326 8 2 e06d44b80b8f1d39a95c0b0d7c65d08458e880409bbc683457104237c7f8ec8d\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	var b bytes.Buffer
	trustanchor.WriteBIND(&b, trustanchor.BINDAnchors(rrs, false))
	fmt.Print(b.String())
	// Output:
	// trust-anchors {
	// 	"." initial-ds 20326 8 2 "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D";
	// };
}

// The RFC 8145 key-tag query and RFC 8509 sentinel label for the root keys.
func ExampleKeyTagQName() {
	name, _ := trustanchor.KeyTagQName(".", []uint16{38696, 20326})
	fmt.Println(name)
	fmt.Println(trustanchor.SentinelLabel(true, 38696))
	// Output:
	// _ta-4f66-9728.
	// root-key-sentinel-is-ta-38696
}

// The RFC 5011 §2.3 probe intervals for the root DNSKEY RRset (TTL 2 days,
// signatures valid 14 more days).
func ExampleProbeTimes() {
	q, r := trustanchor.ProbeTimes(48*time.Hour, 14*24*time.Hour)
	fmt.Println("query every", q, "retry after", r)
	// Output:
	// query every 24h0m0s retry after 4h48m0s
}

// One RFC 5011 probe: validate the zone's DNSKEY RRset under the trust
// point, then step the state machine. The ZSK of the initial anchor set is
// a bootstrap anchor, dropped once the KSK is confirmed Valid.
func ExampleStep() {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	newKey := func(flags uint16) (*dns.DNSKEY, crypto.Signer) {
		k := &dns.DNSKEY{Hdr: dns.RR_Header{Name: "example.", Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET, Ttl: 3600},
			Flags: flags, Protocol: 3, Algorithm: dns.ECDSAP256SHA256}
		priv, _ := k.Generate(256)
		return k, priv.(crypto.Signer)
	}
	ksk, kskPriv := newKey(257)
	zsk, _ := newKey(256)
	tp, _ := trustanchor.NewTrustPoint([]dns.RR{ksk, zsk}, now)

	// The zone publishes both keys and signs the set with its KSK.
	rrset := []dns.RR{ksk, zsk}
	sig := &dns.RRSIG{Hdr: dns.RR_Header{Name: "example.", Rrtype: dns.TypeRRSIG, Class: dns.ClassINET, Ttl: 3600},
		TypeCovered: dns.TypeDNSKEY, Algorithm: ksk.Algorithm, Labels: 1, OrigTtl: 3600,
		Expiration: uint32(now.Add(14 * 24 * time.Hour).Unix()), Inception: uint32(now.Add(-time.Hour).Unix()),
		KeyTag: ksk.KeyTag(), SignerName: "example."}
	if err := sig.Sign(kskPriv, rrset); err != nil {
		fmt.Println(err)
		return
	}
	set, err := trustanchor.ValidateDNSKEYSet(tp, rrset, []*dns.RRSIG{sig}, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	next, events, probe := trustanchor.Step(tp, set, now, trustanchor.UnboundConfig())
	for _, e := range events {
		fmt.Println(e.Kind, e.From, "->", e.To)
	}
	fmt.Println(len(next.Anchors()), "anchor; next probe in", probe.Sub(now))
	// Output:
	// Forgotten Valid -> Removed
	// 1 anchor; next probe in 1h0m0s
}

// Build a TLD DS repository from a small signed root zone with ZONEMD.
func ExampleBuildRepository() {
	zone, _ := os.Open("testdata/testroot-zonemd.zone")
	defer zone.Close()
	anchors, _ := os.ReadFile("testdata/testroot-zonemd.ds")
	rrs, _ := trustanchor.ReadZoneLines(bytes.NewReader(anchors))
	repo, err := trustanchor.BuildRepository(context.Background(), zone, &trustanchor.RepositoryConfig{Anchors: rrs,
		Now: func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("ZONEMD", repo.ZONEMD, "unsigned", repo.Unsigned)
	for _, tld := range repo.TLDs {
		for _, ds := range tld.DS {
			fmt.Println(tld.Name, ds.KeyTag, ds.Algorithm)
		}
	}
	// Output:
	// ZONEMD verified unsigned [gamma. test.]
	// alpha. 12345 13
	// beta. 23456 8
	// beta. 23457 13
}
