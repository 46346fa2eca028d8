package dnssec

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec/internal/peer"
)

// zoneRecords parses a zone text (origin example.) into its records.
func zoneRecords(t testing.TB, z string) []dns.RR {
	t.Helper()
	var out []dns.RR
	zp := dns.NewZoneParser(strings.NewReader(z), "example.", "")
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		out = append(out, rr)
	}
	if err := zp.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// writeRecords renders records one per line.
func writeRecords(rrs []dns.RR) string {
	var b strings.Builder
	for _, rr := range rrs {
		b.WriteString(rr.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// dnskeySigTags lists the key tags of the apex DNSKEY RRSIGs.
func dnskeySigTags(rrs []dns.RR) []uint16 {
	var tags []uint16
	for _, rr := range rrs {
		if s, ok := rr.(*dns.RRSIG); ok && s.TypeCovered == dns.TypeDNSKEY {
			tags = append(tags, s.KeyTag)
		}
	}
	return tags
}

// dropDNSKEYSig removes the apex DNSKEY RRSIG made by the key with tag.
func dropDNSKEYSig(rrs []dns.RR, tag uint16) []dns.RR {
	var out []dns.RR
	for _, rr := range rrs {
		if s, ok := rr.(*dns.RRSIG); ok && s.TypeCovered == dns.TypeDNSKEY && s.KeyTag == tag {
			continue
		}
		out = append(out, rr)
	}
	return out
}

// sepKey reports whether the apex key with tag has the SEP flag.
func sepKey(rrs []dns.RR, tag uint16) bool {
	for _, rr := range rrs {
		if k, ok := rr.(*dns.DNSKEY); ok && k.KeyTag() == tag {
			return k.Flags&dns.SEP != 0
		}
	}
	return false
}

func hasKind(rep *ZoneReport, kind error) bool {
	for _, p := range rep.Findings {
		if errors.Is(p, kind) {
			return true
		}
	}
	return false
}

// TestVerifyZoneSEPRule: in the BIND-signed fixtures both the KSK and the
// ZSK sign the DNSKEY RRset. Without the KSK's signature the zone must fail
// with ErrNoSEPSignature (dnssec-verify: "No self-signed KSK DNSKEY
// found"), and pass with AllowDNSKEYNotSignedBySEPKey (dnssec-verify -z);
// without the ZSK's it passes; with an anchor the anchor rule decides.
func TestVerifyZoneSEPRule(t *testing.T) {
	for _, f := range []string{"bind-nsec-13.zone", "bind-nsec3-15.zone", "bind-optout-8.zone"} {
		rrs := zoneRecords(t, readZoneFixture(t, f))
		tags := dnskeySigTags(rrs)
		if len(tags) != 2 {
			t.Fatalf("%s: %d DNSKEY signatures, want 2 (KSK and ZSK)", f, len(tags))
		}
		for _, tag := range tags {
			ksk := sepKey(rrs, tag)
			z := writeRecords(dropDNSKEYSig(rrs, tag))
			rep := verifyText(t, z, ZoneConfig{Now: at(fixtureNow)})
			if ksk {
				if !hasKind(rep, ErrNoSEPSignature) || len(rep.Findings) != 1 {
					t.Errorf("%s without the KSK's DNSKEY signature: %v", f, rep.Err())
				} else if p := rep.Findings[0]; !strings.Contains(p.Error(), "RFC 3757") || !errors.Is(p, ErrBogus) {
					t.Errorf("%s: problem %v lacks its clause or is not ErrBogus", f, p)
				}
			} else if err := rep.Err(); err != nil {
				t.Errorf("%s without the ZSK's DNSKEY signature: %v", f, err)
			}
			rep = verifyText(t, z, ZoneConfig{Now: at(fixtureNow), AllowDNSKEYNotSignedBySEPKey: true})
			if err := rep.Err(); err != nil {
				t.Errorf("%s without key %d's DNSKEY signature, SEP rule off: %v", f, tag, err)
			}
			// With an anchor for the ZSK, the anchor rule decides: the ZSK
			// signs the DNSKEY RRset, so the zone verifies.
			var anchor dns.RR
			for _, rr := range rrs {
				if k, ok := rr.(*dns.DNSKEY); ok && k.Flags&dns.SEP == 0 {
					anchor = k.ToDS(dns.SHA256)
				}
			}
			rep = verifyText(t, z, ZoneConfig{Now: at(fixtureNow), Anchors: []dns.RR{anchor}})
			if ksk && rep.Err() != nil {
				t.Errorf("%s without the KSK's signature, anchored at the ZSK: %v", f, rep.Err())
			}
		}
	}
}

// TestVerifyZoneSEPRuleAlgorithms: the rule holds per algorithm. A zone
// signed with a KSK and ZSK of algorithm 13 and a ZSK only of algorithm 15
// lacks a SEP signature for algorithm 15; a zone without any SEP key is
// not held to the rule (doc.go, Decisions).
func TestVerifyZoneSEPRuleAlgorithms(t *testing.T) {
	k13, k13z, k15z := genKey(t, "example.", dns.ECDSAP256SHA256, 257), genKey(t, "example.", dns.ECDSAP256SHA256, 256), genKey(t, "example.", dns.ED25519, 256)
	z := signTestZone(t, "example. 3600 IN SOA ns. h. 1 2 3 4 5\nexample. 3600 IN NS ns.example.\nns.example. 3600 IN A 192.0.2.1\n",
		[]testKey{k13, k13z, k15z})
	rep := verifyText(t, z, ZoneConfig{Now: at(fixtureNow)})
	if len(rep.Findings) != 1 || !hasKind(rep, ErrNoSEPSignature) || !strings.Contains(rep.Findings[0].Error(), "algorithm 15") {
		t.Errorf("KSK for 13 only: %v", rep.Err())
	}
	rep = verifyText(t, z, ZoneConfig{Now: at(fixtureNow), AllowDNSKEYNotSignedBySEPKey: true})
	if err := rep.Err(); err != nil {
		t.Errorf("SEP rule off: %v", err)
	}
	z = signTestZone(t, "example. 3600 IN SOA ns. h. 1 2 3 4 5\nexample. 3600 IN NS ns.example.\nns.example. 3600 IN A 192.0.2.1\n",
		[]testKey{k13z, k15z})
	if err := verifyText(t, z, ZoneConfig{Now: at(fixtureNow)}).Err(); err != nil {
		t.Errorf("no SEP key at all: %v", err)
	}
}

// TestVerifyZoneSEPPeers signs testdata/zone/example.unsigned with
// dnssec-signzone (both keys sign the DNSKEY RRset) and ldns-signzone -A
// (likewise), for algorithms 8, 13 and 15, NSEC and NSEC3, and takes the
// Knot-signed fixtures; drops each key's DNSKEY signature in turn and
// checks that our verdict equals dnssec-verify's, and with
// AllowDNSKEYNotSignedBySEPKey that of dnssec-verify -z.
func TestVerifyZoneSEPPeers(t *testing.T) {
	if testing.Short() {
		t.Skip("peer signing is slow; not in -short")
	}
	keygen := peer.Need(t, "dnssec-keygen")
	signzone := peer.Need(t, "dnssec-signzone")
	bindVerify := peer.Need(t, "dnssec-verify")
	ldnsKeygen := peer.Need(t, "ldns-keygen")
	ldnsSign := peer.Need(t, "ldns-signzone")

	src, err := os.ReadFile(filepath.Join("testdata", "zone", "example.unsigned"))
	if err != nil {
		t.Fatal(err)
	}
	const inc, exp = "20260101000000", "20360101000000"
	type signed struct {
		name string
		text string
	}
	var zones []signed
	algs := map[string]string{"8": "RSASHA256", "13": "ECDSAP256SHA256", "15": "ED25519"}
	for _, alg := range []string{"8", "13", "15"} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "zone"), src, 0o644); err != nil {
			t.Fatal(err)
		}
		var bits []string
		if alg == "8" {
			bits = []string{"-b", "2048"}
		}
		var ldnsKeys []string
		for _, ksk := range []bool{true, false} {
			args := append([]string{"-q", "-K", dir, "-a", algs[alg]}, bits...)
			largs := append([]string{"-a", algs[alg]}, bits...)
			if ksk {
				args = append(args, "-f", "KSK")
				largs = append(largs, "-k")
			}
			if out, ok := runPeer(t, dir, keygen, append(args, "example.")...); !ok {
				t.Fatal("dnssec-keygen: " + out)
			}
			out, ok := runPeer(t, dir, ldnsKeygen, append(largs, "example.")...)
			if !ok {
				t.Fatal("ldns-keygen: " + out)
			}
			ldnsKeys = append(ldnsKeys, strings.TrimSpace(out))
		}
		for _, denial := range []string{"nsec", "nsec3"} {
			for _, signer := range []string{"bind", "ldns"} {
				name := signer + "-" + denial + "-" + alg
				out := filepath.Join(dir, name+".zone")
				var prog string
				var args []string
				if signer == "bind" {
					prog = signzone
					args = []string{"-q", "-S", "-K", dir, "-s", inc, "-e", exp, "-O", "full", "-o", "example.", "-f", out}
					if denial == "nsec3" {
						args = append(args, "-3", "-", "-H", "0")
					}
					args = append(args, "zone")
				} else {
					prog = ldnsSign
					args = []string{"-A", "-i", inc, "-e", exp, "-o", "example.", "-f", out}
					if denial == "nsec3" {
						args = append(args, "-n", "-t", "0")
					}
					args = append(append(args, "zone"), ldnsKeys...)
				}
				if o, ok := runPeer(t, dir, prog, args...); !ok {
					t.Fatalf("%s: %s", name, o)
				}
				b, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				zones = append(zones, signed{name: name, text: string(b)})
			}
		}
	}
	for _, f := range []string{"knot-nsec-15.zone", "knot-nsec3-8.zone", "knot-optout-13.zone"} {
		zones = append(zones, signed{name: f, text: readZoneFixture(t, f)})
	}

	dir := t.TempDir()
	for _, zs := range zones {
		now := fixtureNow
		if strings.HasPrefix(zs.name, "knot-") {
			now = knotNow
		}
		rrs := zoneRecords(t, zs.text)
		tags := dnskeySigTags(rrs)
		if !strings.HasPrefix(zs.name, "knot-") && len(tags) != 2 {
			t.Fatalf("%s: %d DNSKEY signatures, want the KSK's and the ZSK's", zs.name, len(tags))
		}
		cases := map[string]string{"clean": writeRecords(rrs)}
		for _, tag := range tags {
			role := "zsk"
			if sepKey(rrs, tag) {
				role = "ksk"
			}
			cases["drop-"+role] = writeRecords(dropDNSKEYSig(rrs, tag))
		}
		for m, z := range cases {
			t.Run(zs.name+"/"+m, func(t *testing.T) {
				file := filepath.Join(dir, zs.name+"-"+m)
				if err := os.WriteFile(file, []byte(z), 0o644); err != nil {
					t.Fatal(err)
				}
				for _, lenient := range []bool{false, true} {
					rep := verifyText(t, z, ZoneConfig{Now: at(now), AllowDNSKEYNotSignedBySEPKey: lenient})
					ours := rep.Err() == nil
					args := []string{"-q", "-o", "example.", file}
					if lenient {
						args = append([]string{"-z"}, args...)
					}
					bout, bind := runPeer(t, dir, bindVerify, args...)
					if ours != bind {
						t.Errorf("lenient=%v: ours %v, dnssec-verify %v\nours: %v\nbind: %s", lenient, ours, bind, rep.Err(), bout)
					}
					if m == "drop-ksk" && !lenient && len(tags) > 1 && !hasKind(rep, ErrNoSEPSignature) {
						t.Errorf("KSK signature dropped, no ErrNoSEPSignature: %v", rep.Err())
					}
				}
			})
		}
	}
}

// signTestZone signs a zone without zone cuts (origin example.) with every
// key over every RRset, adding the apex DNSKEY RRset and an NSEC chain.
func signTestZone(t testing.TB, text string, keys []testKey) string {
	t.Helper()
	rrs := zoneRecords(t, text)
	for _, k := range keys {
		rrs = append(rrs, k.dnskey)
	}
	type set struct {
		owner string
		rrs   []dns.RR
	}
	byOwner := map[string][]uint16{}
	sets := map[string]*set{}
	var order []string
	for _, rr := range rrs {
		h := rr.Header()
		key := strings.ToLower(h.Name) + "/" + dns.Type(h.Rrtype).String()
		if sets[key] == nil {
			sets[key] = &set{owner: strings.ToLower(h.Name)}
			order = append(order, key)
			byOwner[strings.ToLower(h.Name)] = append(byOwner[strings.ToLower(h.Name)], h.Rrtype)
		}
		sets[key].rrs = append(sets[key].rrs, rr)
	}
	var names []string
	for n := range byOwner {
		names = append(names, n)
	}
	slices.SortFunc(names, CompareNames)
	for i, n := range names {
		types := append(byOwner[n], dns.TypeNSEC, dns.TypeRRSIG)
		slices.Sort(types)
		nsec := &dns.NSEC{Hdr: dns.RR_Header{Name: n, Rrtype: dns.TypeNSEC, Class: dns.ClassINET, Ttl: 3600},
			NextDomain: names[(i+1)%len(names)], TypeBitMap: types}
		key := n + "/NSEC"
		sets[key] = &set{owner: n, rrs: []dns.RR{nsec}}
		order = append(order, key)
	}
	var out []dns.RR
	for _, key := range order {
		s := sets[key]
		out = append(out, s.rrs...)
		for _, k := range keys {
			out = append(out, k.sign(t, s.rrs, nil))
		}
	}
	return writeRecords(out)
}

// TestVerifyZoneKeyTagCollisionLimit: when more zone keys share the key tag
// and algorithm of an RRSIG than MaxZoneKeyTagCollisions, and the real key
// is beyond the limit, each RRSIG is reported as ErrLimitExceeded naming the
// limit, never as a bad signature or an unsigned RRset; with the real key
// within the limit the zone verifies.
func TestVerifyZoneKeyTagCollisionLimit(t *testing.T) {
	k := genKey(t, "example.", dns.RSASHA256, 257)
	fakes := collidingKeys(t, k.dnskey, MaxZoneKeyTagCollisions)
	const data = "example. 3600 IN SOA ns. h. 1 2 3 4 5\nexample. 3600 IN NS ns.example.\nns.example. 3600 IN A 192.0.2.1\n"
	for _, n := range []int{MaxZoneKeyTagCollisions - 1, MaxZoneKeyTagCollisions} {
		text := data
		for _, f := range fakes[:n] {
			text += f.String() + "\n" // before the real key in the DNSKEY RRset
		}
		z := signTestZone(t, text, []testKey{k})
		rep := verifyText(t, z, ZoneConfig{Now: at(fixtureNow)})
		if n < MaxZoneKeyTagCollisions {
			if err := rep.Err(); err != nil {
				t.Errorf("%d colliding keys: %v", n, err)
			}
			continue
		}
		if len(rep.Findings) != rep.Signatures || rep.Verified != 0 {
			t.Errorf("%d problems for %d RRSIGs, %d verified:\n%v", len(rep.Findings), rep.Signatures, rep.Verified, rep.Err())
		}
		for _, p := range rep.Findings {
			if !errors.Is(p, ErrLimitExceeded) || errors.Is(p, ErrBogus) || !strings.Contains(p.Error(), "MaxZoneKeyTagCollisions") {
				t.Errorf("problem is not the limit: %v", p)
			}
		}
	}
}

// TestVerifyZoneRRSIGLimitNotUnsigned: when the valid RRSIG of an
// algorithm lies beyond MaxZoneRRSIGsPerRRset, the RRset is not reported as
// unsigned for that algorithm; only the limit is reported.
func TestVerifyZoneRRSIGLimitNotUnsigned(t *testing.T) {
	z := readZoneFixture(t, "ldns-nsec-15.zone")
	n := lineIndex(t, z, "mail.example.", "RRSIG\tA")
	sig := strings.Split(z, "\n")[n-1]
	bad := flipSignature(sig)
	// The valid RRSIG goes last, after MaxZoneRRSIGsPerRRset bad copies.
	z = replaceLine(z, n, func(string) string { return strings.Repeat(bad+"\n", MaxZoneRRSIGsPerRRset) + sig })
	rep := verifyText(t, z, ZoneConfig{Now: at(fixtureNow)})
	for _, p := range rep.Findings {
		if errors.Is(p, ErrUnsignedRRset) {
			t.Errorf("limit turned into a verdict: %v", p)
		}
	}
	if !hasKind(rep, ErrLimitExceeded) {
		t.Errorf("limit not reported: %v", rep.Err())
	}
}
