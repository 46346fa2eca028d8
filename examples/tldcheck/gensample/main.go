// Command gensample writes the sample TLD that tldcheck embeds: a private
// test root zone with its own KSK and ZSK, a signed TLD zone "example." (a few
// hundred delegations, some with DS, a few IDN labels, NSEC3 with zero extra
// iterations and an empty salt as RFC 9276 §3.1 recommends), the test root's
// anchor as an RFC 9718 root-anchors.xml document, and an RFC 9022 FULL
// deposit whose domains and hosts match the zone.
//
// Every key is derived from a fixed seed and Ed25519 signatures are
// deterministic (RFC 8032 §5.1.6), so running the generator again writes the
// same bytes. Run it with `go generate ./examples/tldcheck`.
package main

import (
	"crypto/ed25519"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"flag"
	"fmt"
	"log"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/miekg/dns"
	"golang.org/x/net/idna"
)

// The sample's clock. Signatures are valid around it only (see below): run
// the files with -now at the sample's date, as the embedded run does.
var (
	sampleNow = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	// Signatures valid for 164 days, 150 of them left at sampleNow: under
	// the 180 days Zonemaster DNSSEC04 and RST accept (DURATION_LONG,
	// REMAINING_LONG).
	inception  = sampleNow.AddDate(0, 0, -14)
	expiration = sampleNow.AddDate(0, 0, 150)
)

const (
	tld        = "example."
	tldTTL     = 172800
	zoneTTL    = 3600
	nsecMinTTL = 3600
	serial     = 2026112601
)

type key struct {
	dnskey *dns.DNSKEY
	priv   ed25519.PrivateKey
	tag    uint16
}

// newKey derives an Ed25519 key (RFC 8080, algorithm 15) from a label so the
// output is reproducible.
func newKey(owner string, flags uint16, seedLabel string) key {
	seed := sha256.Sum256([]byte("ssr sample key: " + seedLabel))
	priv := ed25519.NewKeyFromSeed(seed[:])
	k := &dns.DNSKEY{
		Hdr:       dns.RR_Header{Name: owner, Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET, Ttl: zoneTTL},
		Flags:     flags,
		Protocol:  3,
		Algorithm: dns.ED25519,
		PublicKey: base64.StdEncoding.EncodeToString(priv.Public().(ed25519.PublicKey)),
	}
	return key{dnskey: k, priv: priv, tag: k.KeyTag()}
}

func sign(rrset []dns.RR, k key, signer string) *dns.RRSIG {
	sig := &dns.RRSIG{
		Hdr:        dns.RR_Header{Ttl: rrset[0].Header().Ttl},
		Algorithm:  dns.ED25519,
		KeyTag:     k.tag,
		SignerName: signer,
		Inception:  uint32(inception.Unix()),
		Expiration: uint32(expiration.Unix()),
	}
	if err := sig.Sign(k.priv, rrset); err != nil {
		log.Fatalf("sign %s/%s: %v", rrset[0].Header().Name, dns.TypeToString[rrset[0].Header().Rrtype], err)
	}
	return sig
}

func must(s string) dns.RR {
	rr, err := dns.NewRR(s)
	if err != nil {
		log.Fatalf("%s: %v", s, err)
	}
	return rr
}

// delegation is one registered domain of the sample TLD.
type delegation struct {
	label   string // A-label
	ulabel  string // U-label for IDNs, "" otherwise
	ns      []string
	glue    map[string][]netip.Addr // in-bailiwick host → addresses
	ds      *dns.DS
	roid    string
	contact string
	rar     string
}

var words = []string{
	"alder", "birch", "cedar", "delta", "ember", "fjord", "grove", "heron", "inlet", "juniper",
	"kestrel", "larch", "maple", "nectar", "orchid", "pebble", "quartz", "raven", "sequoia", "tundra",
	"umber", "violet", "willow", "xenon", "yarrow", "zephyr",
}

var idnLabels = []string{"bücher", "münchen", "españa", "ελλάδα", "пример", "日本語", "例え", "مثال", "דוגמה", "ตัวอย่าง"}

// Out-of-bailiwick name-server operators (RFC 6761 reserves .test).
var operators = []string{"ns-alpha.hosting.test.", "ns-beta.hosting.test.", "ns-gamma.dnsop.test.", "ns-delta.dnsop.test."}

func delegations() []delegation {
	var ds []delegation
	n := 0
	add := func(label, ulabel string) {
		d := delegation{label: label, ulabel: ulabel, glue: map[string][]netip.Addr{}}
		d.roid = fmt.Sprintf("D%04d-EXAMPLE", n+1)
		d.contact = fmt.Sprintf("C%03d", n%40+1)
		d.rar = fmt.Sprintf("rar%d", n%5+1)
		owner := label + "." + tld
		if n%3 == 0 {
			// In-bailiwick name servers with glue (RFC 1034 §4.2.1).
			for i := 1; i <= 2; i++ {
				h := fmt.Sprintf("ns%d.%s", i, owner)
				d.ns = append(d.ns, h)
				v4 := netip.AddrFrom4([4]byte{192, 0, 2, byte(n%250 + i)})
				v6 := netip.MustParseAddr(fmt.Sprintf("2001:db8:%x::%d", n+1, i))
				d.glue[h] = []netip.Addr{v4, v6}
			}
		} else {
			d.ns = []string{operators[n%2+2*(n/7%2)], operators[(n+1)%2+2*(n/7%2)]}
		}
		if n%4 == 0 {
			child := newKey(owner, 257, "child "+owner)
			d.ds = child.dnskey.ToDS(dns.SHA256)
			d.ds.Hdr.Ttl = zoneTTL
		}
		ds = append(ds, d)
		n++
	}
	for _, a := range words {
		for _, b := range words[:12] {
			if a == b {
				continue
			}
			add(a+"-"+b, "")
		}
	}
	for _, w := range words {
		add(w, "")
	}
	for _, u := range idnLabels {
		a, err := idna.Registration.ToASCII(u)
		if err != nil {
			log.Fatalf("%s: %v", u, err)
		}
		add(a, u)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i].label < ds[j].label })
	return ds
}

func main() {
	out := flag.String("out", "sample", "output directory")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	rootKSK := newKey(".", 257, "root KSK")
	rootZSK := newKey(".", 256, "root ZSK")
	tldKSK := newKey(tld, 257, "example KSK")
	tldZSK := newKey(tld, 256, "example ZSK")
	dels := delegations()

	nicGlue := map[string][]netip.Addr{
		"ns1.nic." + tld: {netip.MustParseAddr("198.51.100.53"), netip.MustParseAddr("2001:db8:53::1")},
		"ns2.nic." + tld: {netip.MustParseAddr("203.0.113.53"), netip.MustParseAddr("2001:db8:153::1")},
	}

	write(filepath.Join(*out, "example.zone"), tldZone(tldKSK, tldZSK, dels, nicGlue))
	write(filepath.Join(*out, "root.zone"), rootZone(rootKSK, rootZSK, tldKSK, nicGlue))
	write(filepath.Join(*out, "root-anchors.xml"), anchorsXML(rootKSK))
	write(filepath.Join(*out, "deposit.xml"), depositXML(dels))
	write(filepath.Join(*out, "policy.json"), samplePolicy)
	write(filepath.Join(*out, "SAMPLE"), fmt.Sprintf("now %s\ntld %s\ndelegations %d\nroot-ksk %d\nexample-ksk %d\n",
		sampleNow.Format(time.RFC3339), tld, len(dels), rootKSK.tag, tldKSK.tag))
}

// samplePolicy is the sample registry's policy for the RSEP catalogue
// (rsep.ParsePolicy). Its one waiver accepts DEL04's SPECIAL_ADDRESS
// findings: the sample's name servers use documentation prefixes (RFC 5737,
// RFC 3849) on purpose, which DEL04 rightly rejects for a real TLD. Shipped
// as a file so that tldcheck given the sample's files (-policy) reaches the
// same verdict as the embedded run.
const samplePolicy = `{
  "tld": "example",
  "waivers": [
    {
      "check": "DEL04",
      "tag": "SPECIAL_ADDRESS",
      "reason": "sample TLD: name-server addresses are documentation prefixes (RFC 5737, RFC 3849) by design"
    }
  ]
}
`

func write(path, s string) {
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		log.Fatal(err)
	}
}

func addrRR(owner string, a netip.Addr, ttl uint32) dns.RR {
	if a.Is4() {
		return &dns.A{Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: ttl}, A: a.AsSlice()}
	}
	return &dns.AAAA{Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypeAAAA, Class: dns.ClassINET, Ttl: ttl}, AAAA: a.AsSlice()}
}

// zone collects RRsets by owner and type and prints them in canonical order.
type zone struct {
	origin string
	sets   map[string]map[uint16][]dns.RR
	auth   map[string]bool // owner has authoritative data (not glue)
}

func newZone(origin string) *zone {
	return &zone{origin: origin, sets: map[string]map[uint16][]dns.RR{}, auth: map[string]bool{}}
}

func (z *zone) add(rr dns.RR, authoritative bool) {
	h := rr.Header()
	h.Name = strings.ToLower(h.Name)
	if z.sets[h.Name] == nil {
		z.sets[h.Name] = map[uint16][]dns.RR{}
	}
	z.sets[h.Name][h.Rrtype] = append(z.sets[h.Name][h.Rrtype], rr)
	if authoritative {
		z.auth[h.Name] = true
	}
}

func (z *zone) owners() []string {
	var names []string
	for n := range z.sets {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return canonicalLess(names[i], names[j]) })
	return names
}

// canonicalLess orders lower-case names as RFC 4034 §6.1 requires: by labels
// from the right, each compared as octet strings.
func canonicalLess(a, b string) bool {
	la, lb := dns.SplitDomainName(a), dns.SplitDomainName(b)
	for i, j := len(la)-1, len(lb)-1; i >= 0 && j >= 0; i, j = i-1, j-1 {
		if la[i] != lb[j] {
			return la[i] < lb[j]
		}
	}
	return len(la) < len(lb)
}

func (z *zone) String() string {
	var b strings.Builder
	for _, n := range z.owners() {
		types := make([]int, 0, len(z.sets[n]))
		for t := range z.sets[n] {
			types = append(types, int(t))
		}
		sort.Ints(types)
		for _, t := range types {
			// Sorted text keeps the output byte-stable across runs.
			var lines []string
			for _, rr := range z.sets[n][uint16(t)] {
				lines = append(lines, rr.String())
			}
			sort.Strings(lines)
			for _, l := range lines {
				b.WriteString(l)
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

func (z *zone) signAll(signer string, zsk, ksk key, skip func(owner string, t uint16) bool) {
	for _, n := range z.owners() {
		for t, rrs := range z.sets[n] {
			if t == dns.TypeRRSIG || skip(n, t) {
				continue
			}
			k := zsk
			if t == dns.TypeDNSKEY {
				k = ksk
			}
			z.add(sign(rrs, k, signer), false)
		}
	}
}

func tldZone(ksk, zsk key, dels []delegation, nicGlue map[string][]netip.Addr) string {
	z := newZone(tld)
	z.add(must(fmt.Sprintf("%s %d IN SOA ns1.nic.%s hostmaster.nic.%s %d 14400 3600 604800 %d", tld, zoneTTL, tld, tld, serial, nsecMinTTL)), true)
	z.add(must(fmt.Sprintf("%s %d IN NS ns1.nic.%s", tld, zoneTTL, tld)), true)
	z.add(must(fmt.Sprintf("%s %d IN NS ns2.nic.%s", tld, zoneTTL, tld)), true)
	z.add(ksk.dnskey, true)
	z.add(zsk.dnskey, true)
	z.add(&dns.NSEC3PARAM{Hdr: dns.RR_Header{Name: tld, Rrtype: dns.TypeNSEC3PARAM, Class: dns.ClassINET, Ttl: 0},
		Hash: dns.SHA1, Iterations: 0, SaltLength: 0, Salt: ""}, true)
	for h, addrs := range nicGlue {
		for _, a := range addrs {
			z.add(addrRR(h, a, zoneTTL), true)
		}
	}
	delegated := map[string]bool{}
	for _, d := range dels {
		owner := d.label + "." + tld
		delegated[owner] = true
		for _, ns := range d.ns {
			z.add(&dns.NS{Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypeNS, Class: dns.ClassINET, Ttl: tldTTL}, Ns: ns}, false)
		}
		for h, addrs := range d.glue {
			for _, a := range addrs {
				z.add(addrRR(h, a, tldTTL), false)
			}
		}
		if d.ds != nil {
			z.add(d.ds, true)
		}
	}
	// NSEC3 (RFC 5155 §7.1): one record per authoritative owner, per
	// delegation point and per empty non-terminal; none for glue.
	nsec3Owners := map[string][]uint16{}
	for _, n := range z.owners() {
		if dns.CountLabel(n) > 2 && !z.auth[n] {
			continue // glue below a delegation
		}
		var types []uint16
		for t := range z.sets[n] {
			types = append(types, t)
		}
		if delegated[n] && z.sets[n][dns.TypeDS] != nil || z.auth[n] && !delegated[n] {
			types = append(types, dns.TypeRRSIG)
		}
		nsec3Owners[n] = types
		// Empty non-terminals between the owner and the apex.
		labels := dns.SplitDomainName(n)
		for i := 1; i < len(labels)-1; i++ {
			ent := strings.Join(labels[i:], ".") + "."
			if _, ok := z.sets[ent]; !ok {
				if _, ok := nsec3Owners[ent]; !ok {
					nsec3Owners[ent] = nil
				}
			}
		}
	}
	type hashed struct {
		hash  string
		types []uint16
	}
	var chain []hashed
	for n, types := range nsec3Owners {
		chain = append(chain, hashed{hash: nsec3Hash(n), types: types})
	}
	sort.Slice(chain, func(i, j int) bool { return chain[i].hash < chain[j].hash })
	for i, h := range chain {
		next := chain[(i+1)%len(chain)].hash
		sort.Slice(h.types, func(a, b int) bool { return h.types[a] < h.types[b] })
		z.add(&dns.NSEC3{
			Hdr:        dns.RR_Header{Name: strings.ToLower(h.hash) + "." + tld, Rrtype: dns.TypeNSEC3, Class: dns.ClassINET, Ttl: nsecMinTTL},
			Hash:       dns.SHA1,
			Flags:      0,
			Iterations: 0,
			SaltLength: 0,
			Salt:       "",
			HashLength: 20,
			NextDomain: next,
			TypeBitMap: h.types,
		}, true)
	}
	z.signAll(tld, zsk, ksk, func(owner string, t uint16) bool {
		// Delegation NS and glue are not signed (RFC 4035 §2.2).
		return !z.auth[owner] || (delegated[owner] && t == dns.TypeNS)
	})
	return z.String()
}

// nsec3Hash is RFC 5155 §5 with SHA-1, zero extra iterations and no salt.
func nsec3Hash(name string) string {
	wire := make([]byte, 256)
	n, err := dns.PackDomainName(dns.CanonicalName(name), wire, 0, nil, false)
	if err != nil {
		log.Fatal(err)
	}
	sum := sha1.Sum(wire[:n])
	return base32.HexEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:])
}

func rootZone(ksk, zsk, tldKSK key, nicGlue map[string][]netip.Addr) string {
	z := newZone(".")
	z.add(must(fmt.Sprintf(". 86400 IN SOA ns1.nic.%s hostmaster.nic.%s %d 14400 3600 604800 86400", tld, tld, serial)), true)
	z.add(must(fmt.Sprintf(". 518400 IN NS ns1.nic.%s", tld)), true)
	z.add(must(fmt.Sprintf(". 518400 IN NS ns2.nic.%s", tld)), true)
	rk, rz := *ksk.dnskey, *zsk.dnskey
	rk.Hdr.Ttl, rz.Hdr.Ttl = 172800, 172800
	z.add(&rk, true)
	z.add(&rz, true)
	for _, ns := range []string{"ns1.nic." + tld, "ns2.nic." + tld} {
		z.add(&dns.NS{Hdr: dns.RR_Header{Name: tld, Rrtype: dns.TypeNS, Class: dns.ClassINET, Ttl: tldTTL}, Ns: ns}, false)
	}
	for h, addrs := range nicGlue {
		for _, a := range addrs {
			z.add(addrRR(h, a, tldTTL), false)
		}
	}
	ds := tldKSK.dnskey.ToDS(dns.SHA256)
	ds.Hdr.Ttl = 86400
	z.add(ds, true)
	// NSEC chain (RFC 4034 §4): "." → "example." → ".".
	z.add(&dns.NSEC{Hdr: dns.RR_Header{Name: ".", Rrtype: dns.TypeNSEC, Class: dns.ClassINET, Ttl: 86400},
		NextDomain: tld, TypeBitMap: []uint16{dns.TypeNS, dns.TypeSOA, dns.TypeRRSIG, dns.TypeNSEC, dns.TypeDNSKEY}}, true)
	z.add(&dns.NSEC{Hdr: dns.RR_Header{Name: tld, Rrtype: dns.TypeNSEC, Class: dns.ClassINET, Ttl: 86400},
		NextDomain: ".", TypeBitMap: []uint16{dns.TypeNS, dns.TypeDS, dns.TypeRRSIG, dns.TypeNSEC}}, true)
	z.signAll(".", zsk, ksk, func(owner string, t uint16) bool {
		return !z.auth[owner] || (owner == tld && t == dns.TypeNS)
	})
	return z.String()
}

func anchorsXML(ksk key) string {
	ds := ksk.dnskey.ToDS(dns.SHA256)
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<TrustAnchor id="5A3E1B7C-0000-4000-8000-55D5A3B1E0AA" source="generated by examples/tldcheck/gensample (private test root)">
    <Zone>.</Zone>
    <KeyDigest id="Ksample" validFrom="%s">
        <KeyTag>%d</KeyTag>
        <Algorithm>%d</Algorithm>
        <DigestType>%d</DigestType>
        <Digest>%s</Digest>
        <PublicKey>%s</PublicKey>
        <Flags>%d</Flags>
    </KeyDigest>
</TrustAnchor>
`, inception.Format("2006-01-02T15:04:05-07:00"), ds.KeyTag, ds.Algorithm, ds.DigestType, strings.ToUpper(ds.Digest), ksk.dnskey.PublicKey, ksk.dnskey.Flags)
}
