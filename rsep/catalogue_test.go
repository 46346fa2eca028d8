package rsep

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"
)

const latinLGR = "lgr-second-level-latin-script-31may22-en"

// unsignedBase is a clean unsigned TLD zone for the structural checks.
const unsignedBase = `$TTL 3600
example. IN SOA ns1.nic.example. hostmaster.nic.example. 2026112601 14400 3600 1209600 3600
example. IN NS ns1.nic.example.
example. IN NS ns2.nic.example.
ns1.nic.example. IN A 185.24.64.1
ns1.nic.example. IN AAAA 2001:67c:1010::1
ns2.nic.example. IN A 185.24.65.1
ns2.nic.example. IN AAAA 2001:67c:1011::1
alpha.example. 86400 IN NS ns1.alpha.example.
alpha.example. 86400 IN NS ns.registrar.net.
ns1.alpha.example. 86400 IN A 185.24.66.1
`

// edit returns a copy of z without the records drop selects and with the
// records of add (master-file lines, relative to example.).
func edit(t testing.TB, z *Zone, drop func(dns.RR) bool, add ...string) *Zone {
	t.Helper()
	out := &Zone{Origin: z.Origin}
	for _, rr := range z.Records {
		if drop == nil || !drop(rr) {
			out.Records = append(out.Records, rr)
		}
	}
	for _, s := range add {
		rr, err := dns.NewRR("$ORIGIN example.\n" + s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		lowerOwner(rr)
		out.Records = append(out.Records, rr)
	}
	return out
}

func isType(t uint16, owner string) func(dns.RR) bool {
	return func(rr dns.RR) bool {
		return rr.Header().Rrtype == t && (owner == "" || rr.Header().Name == owner)
	}
}

func sigOver(covered uint16, owner string, alg uint8) func(dns.RR) bool {
	return func(rr dns.RR) bool {
		s, ok := rr.(*dns.RRSIG)
		return ok && s.TypeCovered == covered && s.Hdr.Name == owner && (alg == 0 || s.Algorithm == alg)
	}
}

// TestCatalogueFixtures runs every check on a failing and a passing
// fixture and compares the tags it reports (severity notice and above).
func TestCatalogueFixtures(t *testing.T) {
	good := loadZone(t, "good.zone")
	bad := loadZone(t, "bad.zone")
	base := zoneText(t, unsignedBase)
	pGood := loadParent(t, "parent-good.txt")
	pBad := loadParent(t, "parent-bad.txt")
	// The controlled-interruption set of the Name Collision Occurrence
	// Assessment (4 August 2014): the same four records at the apex and at
	// the wildcard, TTL 3600.
	ciSet := []string{
		"@ 3600 IN A 127.0.53.53",
		"@ 3600 IN MX 10 your-dns-needs-immediate-attention.example.",
		"@ 3600 IN SRV 10 10 0 your-dns-needs-immediate-attention.example.",
		"@ 3600 IN TXT \"Your DNS configuration needs immediate attention see https://icann.org/namecollision\"",
		"* 3600 IN A 127.0.53.53",
		"* 3600 IN MX 10 your-dns-needs-immediate-attention.example.",
		"* 3600 IN SRV 10 10 0 your-dns-needs-immediate-attention.example.",
		"* 3600 IN TXT \"Your DNS configuration needs immediate attention see https://icann.org/namecollision\"",
	}
	ciZone := edit(t, base, nil, ciSet...)
	ciPartial := edit(t, base, nil, ciSet[0], ciSet[1], ciSet[3], ciSet[4], ciSet[5],
		"@ 3600 IN SRV 10 10 0 other.example.",
		"* 3600 IN TXT \"Your DNS configuration needs immediate attention\"")
	ciActive := &Policy{ControlledInterruption: &Window{Start: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}}
	ciOver := &Policy{ControlledInterruption: &Window{Start: time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)}}
	good13 := loadZone(t, "roll-ok-1.zone")
	nsec := loadZone(t, "roll-ok-0.zone")
	var cdsGood string
	for _, rr := range good.Records {
		if k, ok := rr.(*dns.DNSKEY); ok && k.Flags == 257 {
			d := k.ToDS(dns.SHA256)
			cdsGood = strings.Replace(d.String(), "\tDS\t", "\tCDS\t", 1)
		}
	}
	longNS := []string{}
	for i := 0; i < 13; i++ {
		h := strings.Repeat("n", 40) + string(rune('a'+i)) + ".servers.nic.example."
		longNS = append(longNS, "@ IN NS "+h, h+" IN A 185.24.70."+itoa(i+1), h+" IN AAAA 2001:67c:1020::"+itoa(i+1))
	}

	pChain := loadParent(t, "parent-chain.txt")
	testAnchor := loadDS(t, "root-anchor.ds")
	xml, err := os.ReadFile(filepath.Join("testdata", "root-anchors-2024.xml"))
	if err != nil {
		t.Fatal(err)
	}
	iana, err := RootAnchors(xml, evalTime)
	if err != nil {
		t.Fatal(err)
	}
	noDSSig := *pChain
	noDSSig.Sigs = nil
	for _, s := range pChain.Sigs {
		if s.TypeCovered != dns.TypeDS {
			noDSSig.Sigs = append(noDSSig.Sigs, s)
		}
	}

	type tc struct {
		name string
		tg   Target
		want []string
	}
	cases := map[string][]tc{
		"ZC01": {
			{"bad", Target{Zone: bad}, []string{"ZC01 TYPE_NOT_ALLOWED example./HINFO"}},
			{"good", Target{Zone: good}, nil},
			{"declared", Target{Zone: bad, Policy: &Policy{AllowedTypes: []string{"HINFO"}}}, nil},
			{"apex-txt-base", Target{Zone: edit(t, good, nil, "@ 3600 IN TXT \"v=2026112701\"", "@ 0 IN TYPE65534 \\# 5 0DABCD0001")}, []string{"ZC01 TYPE_NOT_ALLOWED example./TXT", "ZC01 TYPE_NOT_ALLOWED example./TYPE65534"}},
			{"apex-txt-amended", Target{Zone: edit(t, good, nil, "@ 3600 IN TXT \"v=2026112701\"", "@ 0 IN TYPE65534 \\# 5 0DABCD0001"), Policy: &Policy{AmendedExhibitA: true}}, nil},
			{"txt-below-apex-amended", Target{Zone: edit(t, good, nil, "nic 3600 IN TXT \"x\""), Policy: &Policy{AmendedExhibitA: true}}, []string{"ZC01 TYPE_NOT_ALLOWED nic.example./TXT"}},
			{"ci-exact", Target{Zone: ciZone, Policy: ciActive}, nil},
			{"ci-inexact", Target{Zone: ciPartial, Policy: ciActive}, []string{"ZC01 TYPE_NOT_ALLOWED example./SRV"}},
		},
		"ZC02": {
			{"sitefinder", Target{Zone: bad}, []string{"ZC02 WILDCARD *.example./A"}},
			{"good", Target{Zone: good}, nil},
			{"ci-active", Target{Zone: ciZone, Policy: ciActive}, nil},
			{"ci-over", Target{Zone: ciZone, Policy: ciOver}, []string{"ZC02 WILDCARD *.example./A", "ZC02 WILDCARD *.example./MX", "ZC02 WILDCARD *.example./SRV", "ZC02 WILDCARD *.example./TXT"}},
			{"ci-inexact-txt", Target{Zone: ciPartial, Policy: ciActive}, []string{"ZC02 WILDCARD *.example./TXT"}},
		},
		"ZC03": {
			{"dotless", Target{Zone: bad}, []string{"ZC03 DOTLESS example./A"}},
			{"good", Target{Zone: good}, nil},
			{"ci-active", Target{Zone: ciZone, Policy: ciActive}, nil},
		},
		"ZC04": {
			{"undeclared", Target{Zone: ciZone}, []string{"ZC04 CI_UNDECLARED *.example./A", "ZC04 CI_UNDECLARED *.example./MX", "ZC04 CI_UNDECLARED *.example./SRV", "ZC04 CI_UNDECLARED *.example./TXT", "ZC04 CI_UNDECLARED example./A", "ZC04 CI_UNDECLARED example./MX", "ZC04 CI_UNDECLARED example./SRV", "ZC04 CI_UNDECLARED example./TXT"}},
			{"inexact", Target{Zone: ciPartial, Policy: ciActive}, []string{"ZC04 CI_INCOMPLETE *.example./SRV", "ZC04 CI_INEXACT *.example./TXT", "ZC04 CI_INEXACT example./SRV"}},
			{"short", Target{Zone: ciZone, Policy: &Policy{ControlledInterruption: &Window{Start: time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC), Days: 60}}}, []string{"ZC04 CI_WINDOW_SHORT example."}},
			{"expired", Target{Zone: edit(t, ciZone, func(rr dns.RR) bool { return rr.Header().Rrtype != dns.TypeA || rr.Header().Name != "*.example." }), Policy: ciOver}, []string{"ZC04 CI_EXPIRED *.example./A"}},
			{"active", Target{Zone: ciZone, Policy: ciActive}, nil},
			{"ttl", Target{Zone: edit(t, ciZone, isType(dns.TypeA, "example."), "@ 60 IN A 127.0.53.53"), Policy: ciActive}, []string{"ZC04 CI_TTL example./A"}},
			{"ttl-long", Target{Zone: edit(t, ciZone, isType(dns.TypeMX, "*.example."), "* 7200 IN MX 10 your-dns-needs-immediate-attention.example."), Policy: ciActive}, []string{"ZC04 CI_TTL *.example./MX"}},
			{"srv-port", Target{Zone: edit(t, ciZone, isType(dns.TypeSRV, "*.example."), "* 3600 IN SRV 10 10 53 your-dns-needs-immediate-attention.example."), Policy: ciActive}, []string{"ZC04 CI_INEXACT *.example./SRV"}},
			{"mx-case", Target{Zone: edit(t, ciZone, isType(dns.TypeMX, "example."), "@ 3600 IN MX 10 YOUR-DNS-NEEDS-IMMEDIATE-ATTENTION.EXAMPLE."), Policy: ciActive}, nil},
			{"short-89", Target{Zone: ciZone, Policy: &Policy{ControlledInterruption: &Window{Start: time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC), Days: 89}}}, []string{"ZC04 CI_WINDOW_SHORT example."}},
			{"days-90", Target{Zone: ciZone, Policy: &Policy{ControlledInterruption: &Window{Start: time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC), Days: 90}}}, nil},
		},
		"ZC05": {
			{"orphan", Target{Zone: bad}, []string{"ZC05 ORPHAN_GLUE ns1.gone.example./A"}},
			{"good", Target{Zone: good}, nil},
			{"below-cut", Target{Zone: edit(t, base, nil, "old.alpha 86400 IN A 185.24.66.9")}, []string{"ZC05 ORPHAN_GLUE old.alpha.example./A"}},
			{"in-use", Target{Zone: edit(t, base, nil, "beta 86400 IN NS ns.gone", "ns.gone 86400 IN A 185.24.66.7")}, []string{"ZC05 ORPHAN_GLUE_IN_USE ns.gone.example./A"}},
		},
		"ZC06": {
			{"hyphens", Target{Zone: edit(t, base, nil, "ab--cd 86400 IN NS ns.registrar.net.", "-lead 86400 IN NS ns.registrar.net.")}, []string{"ZC06 LABEL_SYNTAX -lead.example.", "ZC06 LABEL_SYNTAX ab--cd.example."}},
			{"good", Target{Zone: good}, nil},
		},
		"ZC07": {
			{"invalid", Target{Zone: edit(t, base, nil, "xn--a 86400 IN NS ns.registrar.net.")}, []string{"ZC07 IDN_INVALID xn--a.example."}},
			{"script", Target{Zone: good, Policy: &Policy{IDNScripts: []string{"Greek"}}}, []string{"ZC07 IDN_SCRIPT xn--bcher-kva.example."}},
			{"good", Target{Zone: good, Policy: &Policy{IDNScripts: []string{"Latin"}}}, nil},
			{"lgr-good", Target{Zone: good, Policy: &Policy{LGRs: []string{latinLGR}}}, nil},
			{"lgr-invalid", Target{Zone: edit(t, good, nil, "xn--mxahbxey0c 86400 IN NS ns.registrar.net."), Policy: &Policy{LGRs: []string{latinLGR}}}, []string{"ZC07 IDN_LGR_INVALID xn--mxahbxey0c.example."}},
			{"lgr-variant", Target{Zone: edit(t, good, nil, "bucher 86400 IN NS ns.registrar.net."), Policy: &Policy{LGRs: []string{latinLGR}}}, []string{"ZC07 IDN_VARIANT_DELEGATED bucher.example."}},
		},
		"ZC08": {
			{"delegated", Target{Zone: good, Policy: &Policy{Reserved: []string{"alpha", "www"}}}, []string{"ZC08 RESERVED_DELEGATED alpha.example./NS"}},
			{"released", Target{Zone: good, Policy: &Policy{Reserved: []string{"alpha", "www"}, Released: []string{"alpha"}}}, nil},
		},
		"ZC09": {
			{"bad", Target{Zone: edit(t, base, isType(dns.TypeSOA, ""),
				"@ IN SOA ns1.nic.example. hostmaster.nic.example. 1 3600 7200 86400 60",
				"www IN CNAME web.registrar.net.", "www IN TXT \"x\"", "mx IN CNAME ns1.nic.example.",
				"gamma 86400 IN NS mx.example.", "ns1.nic 60 IN A 185.24.64.2")},
				[]string{"ZC09 CNAME_AND_OTHER www.example./TXT", "ZC09 SOA_EXPIRE example./SOA", "ZC09 SOA_MINIMUM example./SOA", "ZC09 SOA_REFRESH example./SOA", "ZC09 SOA_RETRY_REFRESH example./SOA", "ZC09 TARGET_IS_CNAME gamma.example./NS", "ZC09 TTL_MISMATCH ns1.nic.example./A"}},
			{"no-soa", Target{Zone: edit(t, base, isType(dns.TypeSOA, ""))}, []string{"ZC09 SOA_COUNT example./SOA"}},
			{"rname-at", Target{Zone: edit(t, base, isType(dns.TypeSOA, ""), `@ IN SOA ns1.nic.example. host\@master.nic.example. 1 14400 3600 1209600 3600`)}, []string{"ZC09 RNAME_AT_SIGN example./SOA"}},
			{"rname-rfc822", Target{Zone: edit(t, base, isType(dns.TypeSOA, ""), `@ IN SOA ns1.nic.example. host\.\.master.nic.example. 1 14400 3600 1209600 3600`)}, []string{"ZC09 RNAME_RFC822_INVALID example./SOA"}},
			{"rname-localhost", Target{Zone: edit(t, base, isType(dns.TypeSOA, ""), `@ IN SOA ns1.nic.example. hostmaster.localhost. 1 14400 3600 1209600 3600`)}, []string{"ZC09 RNAME_LOCALHOST example./SOA"}},
			{"expire-week", Target{Zone: edit(t, base, isType(dns.TypeSOA, ""), `@ IN SOA ns1.nic.example. hostmaster.nic.example. 1 14400 3600 604799 3600`)}, []string{"ZC09 SOA_EXPIRE example./SOA"}},
			{"good", Target{Zone: good}, nil},
		},
		"ZC10": {
			{"bad-names", Target{Zone: edit(t, base, func(rr dns.RR) bool {
				return rr.Header().Rrtype == dns.TypeSOA || (rr.Header().Rrtype == dns.TypeNS && rr.(*dns.NS).Ns == "ns2.nic.example.")
			}, `@ IN SOA ns_1.nic.example. dns\.admin.nic.example. 1 14400 3600 1209600 3600`, "@ IN NS xn--a-ecp.nic.example.")},
				[]string{"ZC10 MNAME_IDNA2008 example./SOA", "ZC10 NS_IDNA2008 example./NS", "ZC10 RNAME_IDNA2008 example./SOA"}},
			{"idn-ns", Target{Zone: edit(t, base, nil, "@ IN NS ns.xn--bcher-kva.example.")}, nil},
			{"good", Target{Zone: good}, nil},
		},
		"DEL01": {
			{"one-ns", Target{Zone: edit(t, base, func(rr dns.RR) bool {
				return rr.Header().Name == "ns2.nic.example." || (rr.Header().Rrtype == dns.TypeNS && rr.(*dns.NS).Ns == "ns2.nic.example.")
			})},
				[]string{"DEL01 NOT_ENOUGH_IPV6_NS example.", "DEL01 NOT_ENOUGH_NS_CHILD example./NS"}},
			{"shared", Target{Zone: edit(t, base, isType(dns.TypeAAAA, "ns2.nic.example."), "ns2.nic IN AAAA 2001:67c:1010::1")}, []string{"DEL01 SAME_IP_ADDRESS 2001:67c:1010::1"}},
			{"no-ipv4", Target{Zone: edit(t, base, func(rr dns.RR) bool { return rr.Header().Rrtype == dns.TypeA })}, []string{"DEL01 NO_IPV4_NS example."}},
			{"good", Target{Zone: good, Parent: pGood}, nil},
		},
		"DEL02": {
			{"mismatch", Target{Zone: good, Parent: func() *Delegation {
				d := *pGood
				d.Glue = append([]dns.RR(nil), pGood.Glue...)
				d.Glue[0] = edit(t, &Zone{}, nil, "ns1.nic 3600 IN A 185.24.64.99").Records[0]
				return &d
			}()}, []string{"DEL02 GLUE_MISMATCH ns1.nic.example."}},
			{"missing", Target{Zone: edit(t, base, nil, "beta 86400 IN NS ns1.beta")}, []string{"DEL02 GLUE_MISSING beta.example./NS"}},
			{"extra-parent", Target{Zone: edit(t, good, func(rr dns.RR) bool {
				return rr.Header().Rrtype == dns.TypeNS && rr.Header().Name == "example." && rr.(*dns.NS).Ns == "ns2.nic.example."
			}), Parent: pGood}, []string{"DEL02 EXTRA_NAME_PARENT example./NS"}},
			{"extra-child", Target{Zone: edit(t, good, nil, "@ 3600 IN NS ns3.dns.net."), Parent: pGood}, []string{"DEL02 EXTRA_NAME_CHILD example./NS"}},
			{"total-mismatch", Target{Zone: edit(t, good, isType(dns.TypeNS, "example."), "@ 3600 IN NS ns3.dns.net."), Parent: pGood}, []string{"DEL02 TOTAL_NAME_MISMATCH example./NS"}},
			{"good", Target{Zone: good, Parent: pGood}, nil},
		},
		"DEL03": {
			{"large", Target{Zone: edit(t, base, nil, longNS...)}, []string{"DEL03 REFERRAL_SIZE_TOO_LARGE example./NS"}},
			{"good", Target{Zone: good, Parent: pGood}, nil},
		},
		"DEL04": {
			{"loopback", Target{Zone: loadZone(t, "peer-good.zone")}, []string{"DEL04 SPECIAL_ADDRESS ns1.nic.example./A", "DEL04 SPECIAL_ADDRESS ns2.nic.example./A"}},
			{"good", Target{Zone: good, Parent: pGood}, nil},
		},
		"SEC01": {
			{"unsigned", Target{Zone: base}, []string{"SEC01 UNSIGNED_ZONE example./DNSKEY"}},
			{"unsigned-rrset", Target{Zone: edit(t, good, sigOver(dns.TypeA, "ns1.nic.example.", 0))}, []string{"SEC01 RRSET_UNSIGNED ns1.nic.example./A"}},
			{"good", Target{Zone: good}, nil},
		},
		"SEC02": {
			{"expired", Target{Zone: good, Now: at(time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC))}, nil}, // checked below: every RRset
			{"bogus", Target{Zone: edit(t, good, isType(dns.TypeA, "ns1.nic.example."), "ns1.nic 3600 IN A 185.24.64.77")}, []string{"SEC02 SIG_BOGUS ns1.nic.example./A"}},
			{"long", Target{Zone: signedRSAZone(t, 1, evalTime.AddDate(0, -1, 0), evalTime.AddDate(1, 0, 0)), Checks: []string{"SEC02"}}, []string{
				"SEC02 SIG_DURATION_LONG example./DNSKEY", "SEC02 SIG_DURATION_LONG example./SOA",
				"SEC02 SIG_REMAINING_LONG example./DNSKEY", "SEC02 SIG_REMAINING_LONG example./SOA"}},
			{"good", Target{Zone: good}, nil},
		},
		"SEC03": {
			{"alg5", Target{Zone: bad}, []string{"SEC03 ALGORITHM_BELOW_8 example./DNSKEY", "SEC03 ALGORITHM_BELOW_8 example./DNSKEY"}},
			{"key-sizes", Target{Zone: edit(t, good, nil,
				"@ 3600 IN DNSKEY 256 3 13 "+strings.Repeat("A", 44),
				"@ 3600 IN DNSKEY 256 3 15 "+strings.Repeat("A", 88),
				"@ 3600 IN DNSKEY 256 3 8 AwEAAc"+strings.Repeat("A", 40))},
				[]string{"SEC03 KEY_TOO_LARGE example./DNSKEY", "SEC03 KEY_TOO_SMALL example./DNSKEY", "SEC03 KEY_TOO_SMALL example./DNSKEY"}},
			{"good", Target{Zone: good}, nil},
		},
		"SEC04": {
			{"sha1", Target{Zone: good, Parent: pBad}, []string{"SEC04 DS_DIGEST_SHA1 example./DS", "SEC04 DS_NO_MATCH example./DS"}},
			{"no-ds", Target{Zone: good, Parent: &Delegation{NS: pGood.NS, Glue: pGood.Glue}}, []string{"SEC04 NO_DS example./DS"}},
			{"sha384-only", Target{Zone: good, Parent: &Delegation{NS: pGood.NS, Glue: pGood.Glue, DS: dsOf(t, good, 257, dns.SHA384)}}, []string{"SEC04 DS_SHA256_MISSING example./DS"}},
			{"zsk-ds", Target{Zone: good, Parent: &Delegation{NS: pGood.NS, Glue: pGood.Glue, DS: append(dsOf(t, good, 256, dns.SHA256), pGood.DS...)}}, []string{"SEC04 DS_KEY_NOT_SEP example./DS"}},
			{"good", Target{Zone: good, Parent: pGood}, nil},
		},
		"SEC05": {
			{"incomplete", Target{Zone: edit(t, good13, sigOver(dns.TypeSOA, "example.", dns.ECDSAP256SHA256))}, []string{"SEC05 ALGORITHM_NOT_SIGNING example./SOA"}},
			{"good", Target{Zone: good13}, nil},
		},
		"SEC06": {
			{"nsec3-missing", Target{Zone: edit(t, good, func(rr dns.RR) bool {
				n3, ok := rr.(*dns.NSEC3)
				return ok && dns.HashName("ns1.nic.example.", dns.SHA1, 0, "") == strings.ToUpper(strings.Split(n3.Hdr.Name, ".")[0])
			})}, []string{"SEC06 NSEC3_CHAIN_BROKEN", "SEC06 NSEC3_MISSING ns1.nic.example."}},
			{"nsec-missing", Target{Zone: edit(t, nsec, isType(dns.TypeNSEC, "ns1.nic.example."))}, []string{"SEC06 NSEC_MISSING ns1.nic.example./NSEC"}},
			{"good-nsec3", Target{Zone: good}, nil},
			{"good-nsec", Target{Zone: nsec}, nil},
		},
		"SEC07": {
			{"iterations", Target{Zone: bad}, []string{"SEC07 NSEC3_ITERATIONS example./NSEC3PARAM"}},
			{"salt", Target{Zone: loadZone(t, "peer-bad.zone")}, []string{"SEC07 NSEC3_ITERATIONS example./NSEC3PARAM", "SEC07 NSEC3_SALT example./NSEC3PARAM"}},
			{"good", Target{Zone: good}, nil},
		},
		"SEC09": {
			{"chain", Target{Zone: good, Parent: pChain, Anchors: testAnchor}, nil},
			{"iana-anchor", Target{Zone: good, Parent: pChain, Anchors: iana}, []string{"SEC09 ANCHOR_NO_KEY ./DNSKEY"}},
			{"ds-unsigned", Target{Zone: good, Parent: &noDSSig, Anchors: testAnchor}, []string{"SEC09 DS_UNSIGNED example./DS"}},
			{"expired", Target{Zone: good, Parent: pChain, Anchors: testAnchor, Now: at(time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC))}, []string{"SEC09 PARENT_DNSKEY_UNTRUSTED ./DNSKEY"}},
			{"wrong-zone-keys", Target{Zone: loadZone(t, "roll-ok-3.zone"), Parent: pChain, Anchors: testAnchor}, []string{"SEC09 NO_CHAIN example./DNSKEY"}},
		},
		"SEC08": {
			{"no-match", Target{Zone: edit(t, good, nil, "@ 3600 IN CDS 4711 13 2 0000000000000000000000000000000000000000000000000000000000000000")}, []string{"SEC08 CDS_NO_MATCH example./CDS"}},
			{"mixed-delete", Target{Zone: edit(t, good, nil, cdsGood, "@ 3600 IN CDS 0 0 0 00")}, []string{"SEC08 CDS_DELETE_MIXED example./CDS"}},
			{"good", Target{Zone: edit(t, good, nil, cdsGood)}, nil},
		},
	}
	for _, c := range Catalogue() {
		if c.Mode == ModeLive || c.Mode == ModeDiff {
			continue
		}
		if len(cases[c.ID]) < 2 {
			t.Errorf("%s: no failing and passing fixtures", c.ID)
		}
	}
	for id, list := range cases {
		for _, c := range list {
			t.Run(id+"/"+c.name, func(t *testing.T) {
				tg := c.tg
				tg.Checks = []string{id}
				if tg.Now == nil {
					tg.Now = at(evalTime)
				}
				r := run(t, &tg)
				if len(r.Checks) != 1 || !r.Checks[0].Ran {
					t.Fatalf("check did not run: %+v", r.Checks)
				}
				got := tags(r, id, Notice)
				if id == "SEC02" && c.name == "expired" {
					if len(got) == 0 || !strings.Contains(got[0], "SIG_EXPIRED") {
						t.Fatalf("want SIG_EXPIRED findings, got %v", got)
					}
					return
				}
				// NSEC3 owner names are hashes that change with every gen.sh run.
				for i, s := range got {
					if strings.Contains(s, "_CHAIN_BROKEN") {
						got[i] = s[:strings.Index(s, "_CHAIN_BROKEN")+len("_CHAIN_BROKEN")]
					}
				}
				got = uniqChain(got)
				sort.Strings(got)
				sort.Strings(c.want)
				if diff := cmp.Diff(c.want, got); diff != "" {
					t.Errorf("findings (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// uniqChain collapses the (hash-named) chain findings into one.
func uniqChain(s []string) []string {
	var out []string
	seen := false
	for _, v := range s {
		if strings.HasSuffix(v, "_CHAIN_BROKEN") {
			if seen {
				continue
			}
			seen = true
		}
		out = append(out, v)
	}
	return out
}

// TestCIRecords pins the controlled-interruption records of the Name
// Collision Occurrence Assessment (4 August 2014) as ZC04 describes them in
// its findings, and checks that isCIRecord accepts exactly those.
func TestCIRecords(t *testing.T) {
	want := map[uint16]string{
		dns.TypeA:   "A 127.0.53.53",
		dns.TypeMX:  "MX 10 your-dns-needs-immediate-attention.example.",
		dns.TypeSRV: "SRV 10 10 0 your-dns-needs-immediate-attention.example.",
		dns.TypeTXT: `TXT "Your DNS configuration needs immediate attention see https://icann.org/namecollision"`,
	}
	for _, typ := range ciTypeList {
		if got := ciWant(typ, "example."); got != want[typ] {
			t.Errorf("ciWant(%s) = %q, want %q", typeName(typ), got, want[typ])
		}
		for _, owner := range []string{"example.", "*.example."} {
			rr, err := dns.NewRR(owner + " 60 IN " + want[typ])
			if err != nil {
				t.Fatal(err)
			}
			if !isCIRecord(rr, "example.") {
				t.Errorf("isCIRecord(%s) = false", rr)
			}
			if (typ == dns.TypeMX || typ == dns.TypeSRV) && isCIRecord(rr, "example.net.") {
				t.Errorf("isCIRecord(%s) in example.net. = true", rr)
			}
		}
	}
	for _, s := range []string{
		"example. 3600 IN A 127.0.53.54",
		"example. 3600 IN MX 20 your-dns-needs-immediate-attention.example.",
		"example. 3600 IN SRV 10 10 53 your-dns-needs-immediate-attention.example.",
		`example. 3600 IN TXT "Your DNS configuration needs immediate attention"`,
		`example. 3600 IN TXT "your dns configuration needs immediate attention see https://icann.org/namecollision"`, // the string is exact
		`example. 3600 IN TXT "Your DNS configuration needs immediate attention see https://icann.org/namecollision" "x"`,
		"example. 3600 IN AAAA ::ffff:127.0.53.53",
	} {
		rr, err := dns.NewRR(s)
		if err != nil {
			t.Fatal(err)
		}
		if isCIRecord(rr, "example.") {
			t.Errorf("isCIRecord(%s) = true", rr)
		}
	}
}

// dsOf returns the DS records, with the digest type given, of the zone's
// apex keys with the flags given.
func dsOf(t *testing.T, z *Zone, flags uint16, digest uint8) []*dns.DS {
	t.Helper()
	var out []*dns.DS
	for _, rr := range z.Records {
		if k, ok := rr.(*dns.DNSKEY); ok && k.Flags == flags {
			out = append(out, k.ToDS(digest))
		}
	}
	if len(out) == 0 {
		t.Fatalf("no key with flags %d", flags)
	}
	return out
}
