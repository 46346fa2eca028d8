package escrow

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTypedObjectsRFC9022(t *testing.T) {
	_, objs, _ := readAll(t, "testdata/rfc9022/rfc9022-s14-full-xml.xml")
	byKind := map[Kind]*Object{}
	for _, o := range objs {
		if byKind[o.Kind] == nil {
			byKind[o.Kind] = o
		}
	}
	d, err := byKind[KindDomain].Domain()
	if err != nil {
		t.Fatal(err)
	}
	wantD := &Domain{Name: "example1.example", RoID: "Dexample1-TEST", Statuses: []Status{{S: "ok"}}, Registrant: "jd1234",
		Contacts: []DomainContact{{"admin", "sh8013"}, {"tech", "sh8013"}}, HostObjs: []string{"ns1.example.com", "ns1.example1.example"},
		ClID: "RegistrarX", CrRr: RR{"RegistrarX", "jdoe"},
		CrDate: time.Date(1999, 4, 3, 22, 0, 0, 0, time.UTC), ExDate: time.Date(2025, 4, 3, 22, 0, 0, 0, time.UTC)}
	if diff := cmp.Diff(wantD, d); diff != "" {
		t.Errorf("domain (-want +got):\n%s", diff)
	}
	h, _ := byKind[KindHost].Host()
	if h.Name != "ns1.example1.example" || len(h.Addrs) != 3 || h.Addrs[2] != (Addr{"v6", "2001:DB8:1::1"}) {
		t.Errorf("host %+v", h)
	}
	c, _ := byKind[KindContact].contact()
	if c.ID != "sh8013" || c.Voice != "+1.7035555555" || len(c.PostalInfo) != 1 || c.PostalInfo[0].Street[1] != "Suite 100" || c.Disclose == nil {
		t.Errorf("contact %+v", c)
	}
	r, _ := byKind[KindRegistrar].registrar()
	if r.ID != "RegistrarX" || r.GURID != 8 || r.WhoisName != "whois.example.example" {
		t.Errorf("registrar %+v", r)
	}
	idn, _ := byKind[KindIDNTableRef].idnTableRef()
	if idn.ID != "pt-BR" || idn.URLPolicy != "http://registro.br/dominio/regras.html" {
		t.Errorf("idn %+v", idn)
	}
	n, _ := byKind[KindNNDN].nndn()
	if n.AName != "xn--exampl-gva.example" || n.NameState != "withheld" || !n.MirroringNS || n.IDNTableID != "pt-BR" {
		t.Errorf("nndn %+v", n)
	}
	hd, _ := byKind[KindHeader].header()
	if hd.TLD != "test" || len(hd.Counts) != 7 || hd.Counts[0].Count != 2 {
		t.Errorf("header %+v", hd)
	}
	if _, err := byKind[KindHost].Domain(); err == nil {
		t.Error("Domain() on a host: no error")
	}
}

// TestTypedDomainAllFields decodes the secDNS, rgpStatus, trnData and IDN
// fields that the RFC example leaves out, from a mutation the schema test
// shows xmllint accepts.
func TestTypedDomainAllFields(t *testing.T) {
	var data []byte
	for _, c := range schemaCorpus(t) {
		if c.name == "s14/secDNS good" {
			data = c.data
		}
	}
	r := NewReader(bytesReader(data), nil)
	for r.Next() {
		o := r.Object()
		if o.Kind != KindDomain {
			continue
		}
		d, _ := o.Domain()
		if d.Name != "example1.example" {
			continue
		}
		if d.SecDNS == nil || d.SecDNS.MaxSigLife != 604800 || len(d.SecDNS.DS) != 1 || d.SecDNS.DS[0].KeyTag != 12345 || d.SecDNS.DS[0].Digest != "49FD46E6C4B45C55D4AC" {
			t.Errorf("secDNS %+v", d.SecDNS)
		}
		if d.Transfer == nil || d.Transfer.Status != "pending" || d.Transfer.AcRr.ID != "RegistrarX" || d.Transfer.AcDate.Day() != 6 {
			t.Errorf("trnData %+v", d.Transfer)
		}
		if d.TrDate.Year() != 2020 {
			t.Errorf("trDate %v", d.TrDate)
		}
		return
	}
	t.Fatal("domain not found")
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
