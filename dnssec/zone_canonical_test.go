package dnssec

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec/internal/peer"
)

// TestVerifyZoneZONEMDEscapedCapitals: a valid zone whose RDATA names are
// written with \DDD-escaped capitals (NS \078S2.example., MX 10
// \077AIL.example., CNAME \087EB.example.) verifies with ZONEMD, as
// ldns-verify-zone -Z says (issue 16). The digest lower-cases the wire
// octets (RFC 4034 §6.2), not the presentation text.
func TestVerifyZoneZONEMDEscapedCapitals(t *testing.T) {
	rep := verifyText(t, readZoneFixture(t, "ldns-zonemd-13.escaped"), ZoneConfig{Now: at(fixtureNow)})
	if err := rep.Err(); err != nil || rep.ZONEMD != ZONEMDVerified {
		t.Fatalf("ZONEMD %s: %v", rep.ZONEMD, err)
	}
}

// TestVerifyZoneEscapedOwners: owner names spelled with escaped capitals
// are the same names (RFC 4034 §6.2, RFC 4343 §2.1): mail.\069xample. is
// in the zone example., and a.b.\067.example. has the empty non-terminals
// b.c.example. and c.example. (which an NSEC3 chain must cover). The
// zone-local text-suffix helpers this replaces called the first out of zone.
func TestVerifyZoneEscapedOwners(t *testing.T) {
	for _, f := range []string{"ldns-nsec-15.zone", "ldns-nsec3-8.zone", "ldns-optout-13.zone"} {
		z := readZoneFixture(t, f)
		z = strings.ReplaceAll(z, "\nmail.example.\t", "\nmail.\\069xample.\t")
		z = strings.ReplaceAll(z, "\na.b.c.example.\t", "\na.b.\\067.example.\t")
		if !strings.Contains(z, `\069`) || !strings.Contains(z, `\067`) {
			t.Fatalf("%s: no owner rewritten", f)
		}
		rep := verifyText(t, z, ZoneConfig{Now: at(fixtureNow)})
		if err := rep.Err(); err != nil || rep.Names != 16 {
			t.Errorf("%s: %d names: %v", f, rep.Names, err)
		}
	}
}

func TestNamesBetween(t *testing.T) {
	for _, c := range []struct {
		name, ancestor string
		want           []string
	}{
		{"a.b.c.example.", "example.", []string{"c.example.", "b.c.example."}},
		{`a.b.\067.EXAMPLE.`, "example.", []string{"c.example.", "b.c.example."}},
		{"a.example.", "example.", nil},
		{"example.", "example.", nil},
		{"www.badexample.", "example.", nil},
		{`a\.b.c.example.`, "example.", []string{"c.example."}},
		{"a.b.", ".", []string{"b."}},
	} {
		got := namesBetween(c.name, c.ancestor)
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("namesBetween(%q, %q) = %q, want %q", c.name, c.ancestor, got, c.want)
		}
	}
}

func TestCanonicalName(t *testing.T) {
	for in, want := range map[string]string{
		"example.":           "example.",
		"MAIL.Example.":      "mail.example.",
		`mail.\069xample.`:   "mail.example.",
		`\077AIL.example.`:   "mail.example.",
		`a\.b.example.`:      `a\.b.example.`,
		`a\046b.example.`:    `a\.b.example.`,
		".":                  ".",
		`\042.example.`:      "*.example.",
		"x..example.":        "x..example.", // does not encode: lower-cased text
		"_sip._tcp.example.": "_sip._tcp.example.",
	} {
		if got := canonicalName(in); got != want {
			t.Errorf("canonicalName(%q) = %q, want %q", in, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { canonicalName("www.example.") }); n != 0 {
		t.Errorf("plain name allocates %v times", n)
	}
}

// TestVerifyZoneEscapedApex: the apex owner or the Origin option spelled
// with an escaped capital is the apex.
func TestVerifyZoneEscapedApex(t *testing.T) {
	z := readZoneFixture(t, "ldns-nsec-15.zone")
	for _, c := range []struct{ text, origin string }{
		{strings.ReplaceAll(z, "\nexample.\t", "\n\\069xample.\t"), ""},
		{z, `\069XAMPLE.`},
	} {
		rep := verifyText(t, c.text, ZoneConfig{Now: at(fixtureNow), Origin: c.origin})
		if err := rep.Err(); err != nil || rep.Origin != "example." {
			t.Errorf("origin %q (%s): %v", c.origin, rep.Origin, err)
		}
	}
}

// nameTypes lists RR types with domain names in their RDATA, each as an
// RDATA template whose %[1]s, %[2]s are names. lowered marks the types whose
// RDATA names the canonical form lower-cases (RFC 4034 §6.2 item 3 minus
// NSEC, RFC 6840 §5.1); for the others (types defined after RFC 3597, §7)
// the names keep their case. SIG, NXT and A6 are in the §6.2 list but
// cannot appear as text in a zone both miekg/dns and the signers read;
// TestLowerRdataNamesWire covers them on the wire.
var nameTypes = []struct {
	typ     string
	rdata   string
	lowered bool
	single  bool // one record per owner (CNAME, DNAME)
}{
	{"NS", "%[1]s", true, false},
	{"MD", "%[1]s", true, false},
	{"MF", "%[1]s", true, false},
	{"CNAME", "%[1]s", true, true},
	{"MB", "%[1]s", true, false},
	{"MG", "%[1]s", true, false},
	{"MR", "%[1]s", true, false},
	{"PTR", "%[1]s", true, false},
	{"MINFO", "%[1]s %[2]s", true, false},
	{"MX", "10 %[1]s", true, false},
	{"RP", "%[1]s %[2]s", true, false},
	{"AFSDB", "1 %[1]s", true, false},
	{"RT", "10 %[1]s", true, false},
	{"PX", "10 %[1]s %[2]s", true, false},
	{"NAPTR", `100 10 "S" "SIP+D2U" "" %[1]s`, true, false},
	{"KX", "10 %[1]s", true, false},
	{"SRV", "0 5 5060 %[1]s", true, false},
	{"DNAME", "%[1]s", true, true},
	{"SVCB", "1 %[1]s", false, false},
	{"HTTPS", "1 %[1]s", false, false},
	{"LP", "10 %[1]s", false, false},
	{"TALINK", "%[1]s %[2]s", false, false},
	{"AMTRELAY", "10 0 3 %[1]s", false, false},
}

// spellings of one name: as written in the zone, and the escaped form's
// rendering by a signer (capital letter instead of \DDD).
type spelling struct{ zone, printed string }

// spell writes base (a lower-case name below example.) plainly, in upper
// case, or with its first letter an escaped capital.
func spell(base, how string) spelling {
	switch how {
	case "upper":
		s := strings.ToUpper(base)
		return spelling{s, s}
	case "esc":
		c := strings.ToUpper(base[:1])
		return spelling{fmt.Sprintf(`\%03d%s`, c[0], base[1:]), c + base[1:]}
	}
	return spelling{base, base}
}

// canonicalZone builds the differential test zone: every type of nameTypes
// with its RDATA names written plain, upper-case and \DDD-escaped (in one
// RRset, or at three owners for CNAME and DNAME), and owner names in the
// three spellings too. It returns the zone and the escaped spellings with
// their printed forms. Types in skip are left out.
func canonicalZone(skip ...string) (string, []spelling) {
	var b strings.Builder
	var esc []spelling
	note := func(s spelling) string {
		if s.zone != s.printed {
			esc = append(esc, s)
		}
		return s.zone
	}
	b.WriteString("$TTL 3600\nexample. IN SOA " + note(spell("ns.example.", "esc")) + " " + note(spell("hostmaster.example.", "upper")) + " 1 7200 3600 1209600 3600\n")
	b.WriteString("example. IN NS ns.example.\nns.example. IN A 192.0.2.1\n")
	for _, how := range []string{"plain", "upper", "esc"} {
		fmt.Fprintf(&b, "%s IN A 192.0.2.2\n", note(spell("owner-"+how+".example.", how)))
	}
	for _, nt := range nameTypes {
		if slices.Contains(skip, nt.typ) {
			continue
		}
		t := strings.ToLower(nt.typ)
		for _, how := range []string{"plain", "upper", "esc"} {
			n1 := note(spell(t+"-"+how+"-a.example.", how))
			n2 := ""
			if strings.Contains(nt.rdata, "%[2]s") {
				n2 = note(spell(t+"-"+how+"-b.example.", how))
			}
			owner := "t-" + t + ".example."
			if nt.single {
				owner = "t-" + t + "-" + how + ".example."
			}
			fmt.Fprintf(&b, "%s IN %s %s\n", owner, nt.typ, strings.ReplaceAll(strings.ReplaceAll(nt.rdata, "%[1]s", n1), "%[2]s", n2))
		}
	}
	return b.String(), esc
}

// TestCanonicalSpellings: a \DDD-escaped capital and the letter itself
// give one canonical wire form; for the types the canonical form
// lower-cases, the plain, upper-case and escaped spellings give one form,
// for the others the plain and upper-case ones differ (case is kept).
func TestCanonicalSpellings(t *testing.T) {
	buf := make([]byte, dns.MaxMsgSize)
	canon := func(s string) string {
		rr, err := dns.NewRR(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		w, _, err := packCanonical(rr, buf)
		if err != nil {
			t.Fatal(err)
		}
		return string(w)
	}
	for _, nt := range nameTypes {
		rr := func(how string, printed bool) string {
			pick := func(base string) string {
				sp := spell(base, how)
				if printed {
					return sp.printed
				}
				return sp.zone
			}
			return canon(pick("owner.example.") + " 3600 IN " + nt.typ + " " +
				strings.ReplaceAll(strings.ReplaceAll(nt.rdata, "%[1]s", pick("x.example.")), "%[2]s", pick("y.example.")))
		}
		plain, upper := rr("plain", false), rr("upper", false)
		if rr("esc", false) != rr("esc", true) {
			t.Errorf("%s: \\DDD-escaped capitals and the letters differ in canonical form", nt.typ)
		}
		if (plain == upper) != nt.lowered {
			t.Errorf("%s: plain and upper-case canonical forms equal %v, want %v (RFC 4034 §6.2, RFC 6840 §5.1, RFC 3597 §7)", nt.typ, plain == upper, nt.lowered)
		}
		if nt.lowered && rr("esc", false) != plain {
			t.Errorf("%s: escaped capitals not lowered", nt.typ)
		}
	}
	// NSEC: the next domain name keeps its case (RFC 6840 §5.1).
	if canon("a.example. 3600 IN NSEC B.example. A") == canon("a.example. 3600 IN NSEC b.example. A") {
		t.Error("NSEC next domain name lower-cased")
	}
}

// TestLowerRdataNamesWire covers the §6.2 types that cannot be written as
// zone text for every tool: SIG, NXT and A6, on the wire.
func TestLowerRdataNamesWire(t *testing.T) {
	name := []byte{1, 'A', 2, 'B', 'c', 0}
	low := []byte{1, 'a', 2, 'b', 'c', 0}
	for _, c := range []struct {
		typ    uint16
		prefix []byte
	}{
		{dns.TypeSIG, make([]byte, 18)},
		{dns.TypeNXT, nil},
		{typeA6, []byte{120, 0}}, // prefix length 120: one address octet, then the prefix name
	} {
		rd := append(append(append([]byte(nil), c.prefix...), name...), 0xAA)
		lowerRdataNames(c.typ, rd)
		if got := rd[len(c.prefix) : len(c.prefix)+len(name)]; !bytes.Equal(got, low) {
			t.Errorf("%s: name %q not lower-cased", dns.Type(c.typ), got)
		}
	}
}

// TestCanonicalFormPeers is the differential test of the canonical layer:
// canonicalZone signed by dnssec-signzone (NSEC) and by ldns-signzone (NSEC,
// ZONEMD SIMPLE SHA-384 and SHA-512), with the escaped spellings restored
// after signing (same wire octets). Every RRSIG must verify (our canonical
// RDATA and RRset order equal the signers'), the NSEC chain must be the one
// we compute (canonical name order, RFC 4034 §6.1) and the ZONEMD digests
// must match ldns's; dnssec-verify and ldns-verify-zone -Z accept the same
// files.
func TestCanonicalFormPeers(t *testing.T) {
	if testing.Short() {
		t.Skip("peer signing; not in -short")
	}
	keygen := peer.Need(t, "dnssec-keygen")
	signzone := peer.Need(t, "dnssec-signzone")
	bindVerify := peer.Need(t, "dnssec-verify")
	ldnsKeygen := peer.Need(t, "ldns-keygen")
	ldnsSign := peer.Need(t, "ldns-signzone")
	ldnsVerify := peer.Need(t, "ldns-verify-zone")

	dir := t.TempDir()
	var ldnsKeys []string
	for _, ksk := range []bool{true, false} {
		args, largs := []string{"-q", "-K", dir, "-a", "ECDSAP256SHA256"}, []string{"-a", "ECDSAP256SHA256"}
		if ksk {
			args, largs = append(args, "-f", "KSK"), append(largs, "-k")
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
	const inc, exp = "20260101000000", "20360101000000"
	for _, signer := range []string{"bind", "ldns"} {
		t.Run(signer, func(t *testing.T) {
			// BIND 9.18 refuses the obsolete MD and MF (RFC 973 §5);
			// ldns 1.8.3 does not know AMTRELAY (RFC 8777).
			zone, esc := canonicalZone("MD", "MF")
			if signer == "ldns" {
				zone, esc = canonicalZone("AMTRELAY")
			}
			if err := os.WriteFile(filepath.Join(dir, "zone"), []byte(zone), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, signer+".signed")
			var o string
			var ok bool
			if signer == "bind" {
				o, ok = runPeer(t, dir, signzone, "-q", "-S", "-K", dir, "-s", inc, "-e", exp, "-O", "full", "-o", "example.", "-f", out, "zone")
			} else {
				o, ok = runPeer(t, dir, ldnsSign, append([]string{"-z", "1", "-z", "2", "-i", inc, "-e", exp, "-o", "example.", "-f", out, "zone"}, ldnsKeys...)...)
			}
			if !ok {
				t.Fatalf("%s: %s", signer, o)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			z := string(b)
			for _, s := range esc {
				if !strings.Contains(z, s.printed) {
					t.Fatalf("%s output lacks %s", signer, s.printed)
				}
				z = strings.ReplaceAll(z, s.printed, s.zone)
			}
			file := filepath.Join(dir, signer+".escaped")
			if err := os.WriteFile(file, []byte(z), 0o644); err != nil {
				t.Fatal(err)
			}
			rep := verifyText(t, z, ZoneConfig{Now: at(fixtureNow)})
			if err := rep.Err(); err != nil {
				t.Errorf("ours: %v", err)
			}
			if rep.Signatures == 0 || rep.Verified != rep.Signatures || rep.Denial != DenialNSEC {
				t.Errorf("verified %d of %d, denial %s", rep.Verified, rep.Signatures, rep.Denial)
			}
			if signer == "ldns" && rep.ZONEMD != ZONEMDVerified {
				t.Errorf("ZONEMD %s", rep.ZONEMD)
			}
			if o, ok := runPeer(t, dir, bindVerify, "-q", "-o", "example.", file); !ok {
				t.Errorf("dnssec-verify rejects the escaped file: %s", o)
			}
			if signer == "ldns" { // ldns cannot read BIND's AMTRELAY
				if o, ok := runPeer(t, dir, ldnsVerify, "-Z", "-t", "20260601000000", file); !ok {
					t.Errorf("ldns-verify-zone -Z rejects the escaped file: %s", o)
				}
			}
		})
	}
}
