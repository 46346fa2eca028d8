package escrow

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/ssrkit/ssr/escrow/internal/peer"
)

// genSpec describes a synthetic deposit made with the Writer for tests and
// benchmarks. Faults are injected on request.
type genSpec struct {
	Domains, Hosts, Contacts, Registrars int

	DanglingContact int // if >0, domain #DanglingContact references a missing contact
	DuplicateRoid   int // if >0, domain #DuplicateRoid reuses domain #0's roid
	WrongCount      int // added to the domain count in the header
}

func el(space, local, text string, attrs ...Attr) *Element {
	return NewElement(space, local, text, attrs...)
}

func a(local, v string) Attr { return Attr{Name: Name{Local: local}, Value: v} }

// generate writes a FULL deposit per s to w.
func generate(w io.Writer, s genSpec) error {
	wm := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	wr, err := NewWriter(w, &Deposit{Type: Full, ID: "20261122001", Watermark: wm,
		ObjURIs: []string{NSHeader, NSDomain, NSHost, NSContact, NSRegistrar, NSEppParams}})
	if err != nil {
		return err
	}
	write := func(k Kind, e *Element) error {
		return wr.Write(&Object{Kind: k, Elem: e})
	}
	hdr := el(NSHeader, "header", "").Add(el(NSHeader, "tld", "test"),
		el(NSHeader, "count", strconv.Itoa(s.Domains+s.WrongCount), a("uri", NSDomain)),
		el(NSHeader, "count", strconv.Itoa(s.Hosts), a("uri", NSHost)),
		el(NSHeader, "count", strconv.Itoa(s.Contacts), a("uri", NSContact)),
		el(NSHeader, "count", strconv.Itoa(s.Registrars), a("uri", NSRegistrar)),
		el(NSHeader, "count", "1", a("uri", NSEppParams)))
	if err := write(KindHeader, hdr); err != nil {
		return err
	}
	rr := func(i int) string { return fmt.Sprintf("Registrar%04d", i%max(s.Registrars, 1)) }
	cid := func(i int) string { return fmt.Sprintf("ct%06d", i%max(s.Contacts, 1)) }
	host := func(i int) string { return fmt.Sprintf("ns%d.hosting%d.test", i%2, i/2) }
	for i := range s.Domains {
		name := fmt.Sprintf("domain-%d-example.test", i)
		roid := fmt.Sprintf("D%d-TEST", i)
		if s.DuplicateRoid > 0 && i == s.DuplicateRoid {
			roid = "D0-TEST"
		}
		reg := cid(i)
		if s.DanglingContact > 0 && i == s.DanglingContact {
			reg = "missing-contact"
		}
		d := el(NSDomain, "domain", "").Add(
			el(NSDomain, "name", name),
			el(NSDomain, "roid", roid),
			el(NSDomain, "status", "", a("s", "ok")),
			el(NSDomain, "status", "", a("s", "clientTransferProhibited")),
			el(NSDomain, "registrant", reg),
			el(NSDomain, "contact", cid(i+1), a("type", "admin")),
			el(NSDomain, "contact", cid(i+2), a("type", "tech")),
			el(NSDomain, "contact", cid(i+3), a("type", "billing")),
		)
		if s.Hosts > 0 {
			h := (i * 2) % s.Hosts
			d.Add(el(NSDomain, "ns", "").Add(el(nsEPPDomain, "hostObj", host(h)), el(nsEPPDomain, "hostObj", host(h+1-(h+1)/s.Hosts*s.Hosts))))
		}
		d.Add(el(NSDomain, "clID", rr(i)),
			el(NSDomain, "crRr", rr(i), a("client", "jdoe")),
			el(NSDomain, "crDate", "2019-04-03T22:00:00.0Z"),
			el(NSDomain, "exDate", "2027-04-03T22:00:00.0Z"),
			el(NSDomain, "upRr", rr(i)),
			el(NSDomain, "upDate", "2025-10-03T09:34:00.0Z"))
		if i%4 == 0 {
			d.Add(el(NSDomain, "secDNS", "").Add(el(nsSecDNS, "dsData", "").Add(
				el(nsSecDNS, "keyTag", strconv.Itoa(10000+i%50000)),
				el(nsSecDNS, "alg", "13"),
				el(nsSecDNS, "digestType", "2"),
				el(nsSecDNS, "digest", "49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE49FD46E6C4B45C55D4AC69CB"))))
		}
		if err := write(KindDomain, d); err != nil {
			return err
		}
	}
	for i := range s.Hosts {
		h := el(NSHost, "host", "").Add(
			el(NSHost, "name", host(i)),
			el(NSHost, "roid", fmt.Sprintf("H%d-TEST", i)),
			el(NSHost, "status", "", a("s", "ok")),
			el(NSHost, "status", "", a("s", "linked")),
			el(NSHost, "addr", fmt.Sprintf("192.0.2.%d", i%250+1), a("ip", "v4")),
			el(NSHost, "clID", rr(i)),
			el(NSHost, "crRr", rr(i)),
			el(NSHost, "crDate", "2019-05-08T12:10:00.0Z"))
		if err := write(KindHost, h); err != nil {
			return err
		}
	}
	for i := range s.Contacts {
		c := el(NSContact, "contact", "").Add(
			el(NSContact, "id", cid(i)),
			el(NSContact, "roid", fmt.Sprintf("C%d-TEST", i)),
			el(NSContact, "status", "", a("s", "linked")),
			el(NSContact, "postalInfo", "", a("type", "int")).Add(
				el(nsEPPContact, "name", fmt.Sprintf("Contact Person %d", i)),
				el(nsEPPContact, "org", "Example Inc."),
				el(nsEPPContact, "addr", "").Add(
					el(nsEPPContact, "street", "123 Example Dr."),
					el(nsEPPContact, "city", "Dulles"),
					el(nsEPPContact, "sp", "VA"),
					el(nsEPPContact, "pc", "20166-6503"),
					el(nsEPPContact, "cc", "US"))),
			el(NSContact, "voice", "+1.7035555555"),
			el(NSContact, "email", fmt.Sprintf("c%d@example.test", i)),
			el(NSContact, "clID", rr(i)),
			el(NSContact, "crRr", rr(i)),
			el(NSContact, "crDate", "2009-09-13T08:01:00.0Z"))
		if err := write(KindContact, c); err != nil {
			return err
		}
	}
	for i := range s.Registrars {
		r := el(NSRegistrar, "registrar", "").Add(
			el(NSRegistrar, "id", rr(i)),
			el(NSRegistrar, "name", fmt.Sprintf("Registrar %d Inc.", i)),
			el(NSRegistrar, "gurid", strconv.Itoa(1000+i)),
			el(NSRegistrar, "status", "ok"),
			el(NSRegistrar, "postalInfo", "", a("type", "int")).Add(
				el(NSRegistrar, "addr", "").Add(
					el(NSRegistrar, "street", "1 Main St"),
					el(NSRegistrar, "city", "Dulles"),
					el(NSRegistrar, "cc", "US"))),
			el(NSRegistrar, "email", "ops@registrar.test"),
			el(NSRegistrar, "crDate", "2005-04-23T11:49:00.0Z"))
		if err := write(KindRegistrar, r); err != nil {
			return err
		}
	}
	epp := el(NSEppParams, "eppParams", "").Add(
		el(NSEppParams, "version", "1.0"),
		el(NSEppParams, "lang", "en"),
		el(NSEppParams, "objURI", nsEPPDomain),
		el(NSEppParams, "objURI", nsEPPContact),
		el(NSEppParams, "objURI", nsEPPHost),
		el(NSEppParams, "svcExtension", "").Add(el(nsEPP, "extURI", nsSecDNS)),
		el(NSEppParams, "dcp", "").Add(
			el(nsEPP, "access", "").Add(el(nsEPP, "all", "")),
			el(nsEPP, "statement", "").Add(
				el(nsEPP, "purpose", "").Add(el(nsEPP, "admin", ""), el(nsEPP, "prov", "")),
				el(nsEPP, "recipient", "").Add(el(nsEPP, "ours", ""), el(nsEPP, "public", "")),
				el(nsEPP, "retention", "").Add(el(nsEPP, "stated", "")))))
	if err := write(KindEppParams, epp); err != nil {
		return err
	}
	return wr.Close()
}

func TestGenerateValidatesWithXmllint(t *testing.T) {
	xmllint := peer.Need(t, "xmllint")
	path := t.TempDir() + "/gen.xml"
	writeGen(t, path, genSpec{Domains: 50, Hosts: 10, Contacts: 7, Registrars: 3})
	if out, ok := xmllintValidate(t, xmllint, path); !ok {
		t.Fatalf("xmllint rejects the generated deposit:\n%s", out)
	}
}

// TestGenerateBig writes a large deposit for manual benchmarking when
// SSR_ESCROW_GEN=<domains> and SSR_ESCROW_OUT=<path> are set.
func TestGenerateBig(t *testing.T) {
	n, _ := strconv.Atoi(getenv("SSR_ESCROW_GEN"))
	out := getenv("SSR_ESCROW_OUT")
	if n == 0 || out == "" {
		t.Skip("set SSR_ESCROW_GEN=<domains> SSR_ESCROW_OUT=<path> to generate a big deposit")
	}
	writeGen(t, out, genSpec{Domains: n, Hosts: max(n/150, 2), Contacts: max(n/60, 1), Registrars: 100})
}

func getenv(k string) string { return os.Getenv(k) }
