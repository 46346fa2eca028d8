package escrow

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Typed views of the RFC 9022 XML-model objects. Each is decoded from an
// Object's element tree; children the view does not map (extensions) are kept
// in Extra, so nothing is dropped. Values are trimmed; an unparsable date or
// number is left zero (Verify reports it at schema level).

// Status is a status element: the s attribute, optional lang and text.
type Status struct {
	S, Lang, Text string
}

// RR is an rdeDnrdCommon:rrType value: a registrar id and optional client.
type RR struct {
	ID, Client string
}

// Addr is a host address with its ip attribute ("v4" or "v6").
type Addr struct {
	IP, Addr string
}

// DSData and KeyData are secDNS-1.1 records (RFC 5910 §4).
type DSData struct {
	KeyTag          int
	Alg, DigestType int
	Digest          string
	Key             *KeyData
}

// KeyData is a secDNS:keyData.
type KeyData struct {
	Flags, Protocol, Alg int
	PubKey               string
}

// SecDNS is rdeDomain:secDNS (secDNS:dsOrKeyType).
type SecDNS struct {
	MaxSigLife int
	DS         []DSData
	Keys       []KeyData
}

// Transfer is a pending or completed transfer (trnData).
type Transfer struct {
	Status         string
	ReRr, AcRr     RR
	ReDate, AcDate time.Time
	ExDate         time.Time
}

// HostAttr is a domain:hostAttr name server.
type HostAttr struct {
	Name  string
	Addrs []Addr
}

// DomainContact is a rdeDomain:contact.
type DomainContact struct {
	Type, ID string
}

// Domain is rdeDomain:domain (RFC 9022 §5.1.1).
type Domain struct {
	Name, RoID, UName, IDNTableID, OriginalName string
	Statuses, RGPStatuses                       []Status
	Registrant                                  string
	Contacts                                    []DomainContact
	HostObjs                                    []string
	HostAttrs                                   []HostAttr
	ClID                                        string
	CrRr, UpRr                                  RR
	CrDate, ExDate, UpDate, TrDate              time.Time
	SecDNS                                      *SecDNS
	Transfer                                    *Transfer
	Extra                                       []*Element
}

// Host is rdeHost:host (RFC 9022 §5.2.1).
type Host struct {
	Name, RoID             string
	Statuses               []Status
	Addrs                  []Addr
	ClID                   string
	CrRr, UpRr             RR
	CrDate, UpDate, TrDate time.Time
	Extra                  []*Element
}

// postalData is a contact or registrar postal address.
type postalData struct {
	Type, Name, Org  string
	Street           []string
	City, SP, PC, CC string
}

// contactData is rdeContact:contact (RFC 9022 §5.3.1).
type contactData struct {
	ID, RoID               string
	Statuses               []Status
	PostalInfo             []postalData
	Voice, Fax, Email      string
	ClID                   string
	CrRr, UpRr             RR
	CrDate, UpDate, TrDate time.Time
	Transfer               *Transfer
	Disclose               *Element // contact:discloseType, kept as is
	Extra                  []*Element
}

// registrarData is rdeRegistrar:registrar (RFC 9022 §5.4.1).
type registrarData struct {
	ID, Name, Status       string
	GURID                  int64
	PostalInfo             []postalData
	Voice, Fax, Email, URL string
	WhoisName, WhoisURL    string
	CrDate, UpDate         time.Time
	Extra                  []*Element
}

// idnTableRefData is rdeIDN:idnTableRef (RFC 9022 §5.5.1).
type idnTableRefData struct {
	ID, URL, URLPolicy string
}

// nndnData is rdeNNDN:NNDN (RFC 9022 §5.6.1).
type nndnData struct {
	AName, UName, IDNTableID, OriginalName string
	NameState                              string
	MirroringNS                            bool
	CrDate                                 time.Time
	Extra                                  []*Element
}

// headerCount is one rdeHeader:count (RFC 9022 §5.7).
type headerCount struct {
	URI, RCDN   string
	RegistrarID string
	Count       int64
}

// headerData is rdeHeader:header (RFC 9022 §5.7).
type headerData struct {
	TLD, Registrar, PPSP, Reseller string
	Counts                         []headerCount
	ContentTag                     string
}

func wrongKind(o *Object, want Kind) error {
	if o.Kind != want || o.Delete {
		return &Error{Kind: ErrInvalid, Object: o.Describe(), Line: o.Line, Offset: o.Offset, Err: fmt.Errorf("object is not a %s", want)}
	}
	return nil
}

func dt(e *Element) time.Time {
	t, err := parseDateTime(e.Value())
	if err != nil {
		return time.Time{}
	}
	return t
}

func num(e *Element) int {
	n, _ := strconv.Atoi(e.Value())
	return n
}

func status(e *Element) Status {
	s, _ := e.Attr("s")
	l, _ := e.Attr("lang")
	return Status{S: trimXMLSpace(s), Lang: l, Text: trimXMLSpace(e.Text)}
}

func rr(e *Element) RR {
	c, _ := e.Attr("client")
	return RR{ID: e.Value(), Client: c}
}

func addr(e *Element) Addr {
	ip, ok := e.Attr("ip")
	if !ok {
		ip = "v4" // schema default (RFC 5732)
	}
	return Addr{IP: ip, Addr: e.Value()}
}

func keyData(e *Element) KeyData {
	var k KeyData
	for _, c := range e.Children {
		switch c.Name.Local {
		case "flags":
			k.Flags = num(c)
		case "protocol":
			k.Protocol = num(c)
		case "alg":
			k.Alg = num(c)
		case "pubKey":
			k.PubKey = strings.Join(strings.FieldsFunc(c.Text, isXMLSpace), "")
		}
	}
	return k
}

func secDNS(e *Element) *SecDNS {
	s := &SecDNS{}
	for _, c := range e.Children {
		switch c.Name.Local {
		case "maxSigLife":
			s.MaxSigLife = num(c)
		case "keyData":
			s.Keys = append(s.Keys, keyData(c))
		case "dsData":
			var d DSData
			for _, f := range c.Children {
				switch f.Name.Local {
				case "keyTag":
					d.KeyTag = num(f)
				case "alg":
					d.Alg = num(f)
				case "digestType":
					d.DigestType = num(f)
				case "digest":
					d.Digest = strings.ToUpper(f.Value())
				case "keyData":
					k := keyData(f)
					d.Key = &k
				}
			}
			s.DS = append(s.DS, d)
		}
	}
	return s
}

func transfer(e *Element) *Transfer {
	t := &Transfer{}
	for _, c := range e.Children {
		switch c.Name.Local {
		case "trStatus":
			t.Status = c.Value()
		case "reRr":
			t.ReRr = rr(c)
		case "acRr":
			t.AcRr = rr(c)
		case "reDate":
			t.ReDate = dt(c)
		case "acDate":
			t.AcDate = dt(c)
		case "exDate":
			t.ExDate = dt(c)
		}
	}
	return t
}

func postal(e *Element) postalData {
	p := postalData{}
	p.Type, _ = e.Attr("type")
	var walk func(*Element)
	walk = func(x *Element) {
		for _, c := range x.Children {
			switch c.Name.Local {
			case "name":
				p.Name = c.Value()
			case "org":
				p.Org = c.Value()
			case "addr":
				walk(c)
			case "street":
				p.Street = append(p.Street, c.Value())
			case "city":
				p.City = c.Value()
			case "sp":
				p.SP = c.Value()
			case "pc":
				p.PC = c.Value()
			case "cc":
				p.CC = c.Value()
			}
		}
	}
	walk(e)
	return p
}

// Domain decodes a domain object.
func (o *Object) Domain() (*Domain, error) {
	if err := wrongKind(o, KindDomain); err != nil {
		return nil, err
	}
	d := &Domain{}
	for _, c := range o.Elem.Children {
		if c.Name.Space != NSDomain {
			d.Extra = append(d.Extra, c)
			continue
		}
		switch c.Name.Local {
		case "name":
			d.Name = c.Value()
		case "roid":
			d.RoID = c.Value()
		case "uName":
			d.UName = c.Value()
		case "idnTableId":
			d.IDNTableID = c.Value()
		case "originalName":
			d.OriginalName = c.Value()
		case "status":
			d.Statuses = append(d.Statuses, status(c))
		case "rgpStatus":
			d.RGPStatuses = append(d.RGPStatuses, status(c))
		case "registrant":
			d.Registrant = c.Value()
		case "contact":
			t, _ := c.Attr("type")
			d.Contacts = append(d.Contacts, DomainContact{Type: t, ID: c.Value()})
		case "ns":
			for _, h := range c.Children {
				switch h.Name.Local {
				case "hostObj":
					d.HostObjs = append(d.HostObjs, h.Value())
				case "hostAttr":
					var ha HostAttr
					for _, f := range h.Children {
						switch f.Name.Local {
						case "hostName":
							ha.Name = f.Value()
						case "hostAddr":
							ha.Addrs = append(ha.Addrs, addr(f))
						}
					}
					d.HostAttrs = append(d.HostAttrs, ha)
				}
			}
		case "clID":
			d.ClID = c.Value()
		case "crRr":
			d.CrRr = rr(c)
		case "upRr":
			d.UpRr = rr(c)
		case "crDate":
			d.CrDate = dt(c)
		case "exDate":
			d.ExDate = dt(c)
		case "upDate":
			d.UpDate = dt(c)
		case "trDate":
			d.TrDate = dt(c)
		case "secDNS":
			d.SecDNS = secDNS(c)
		case "trnData":
			d.Transfer = transfer(c)
		default:
			d.Extra = append(d.Extra, c)
		}
	}
	return d, nil
}

// Host decodes a host object.
func (o *Object) Host() (*Host, error) {
	if err := wrongKind(o, KindHost); err != nil {
		return nil, err
	}
	h := &Host{}
	for _, c := range o.Elem.Children {
		if c.Name.Space != NSHost {
			h.Extra = append(h.Extra, c)
			continue
		}
		switch c.Name.Local {
		case "name":
			h.Name = c.Value()
		case "roid":
			h.RoID = c.Value()
		case "status":
			h.Statuses = append(h.Statuses, status(c))
		case "addr":
			h.Addrs = append(h.Addrs, addr(c))
		case "clID":
			h.ClID = c.Value()
		case "crRr":
			h.CrRr = rr(c)
		case "upRr":
			h.UpRr = rr(c)
		case "crDate":
			h.CrDate = dt(c)
		case "upDate":
			h.UpDate = dt(c)
		case "trDate":
			h.TrDate = dt(c)
		default:
			h.Extra = append(h.Extra, c)
		}
	}
	return h, nil
}

// contact decodes a contact object.
func (o *Object) contact() (*contactData, error) {
	if err := wrongKind(o, KindContact); err != nil {
		return nil, err
	}
	k := &contactData{}
	for _, c := range o.Elem.Children {
		if c.Name.Space != NSContact {
			k.Extra = append(k.Extra, c)
			continue
		}
		switch c.Name.Local {
		case "id":
			k.ID = c.Value()
		case "roid":
			k.RoID = c.Value()
		case "status":
			k.Statuses = append(k.Statuses, status(c))
		case "postalInfo":
			k.PostalInfo = append(k.PostalInfo, postal(c))
		case "voice":
			k.Voice = c.Value()
		case "fax":
			k.Fax = c.Value()
		case "email":
			k.Email = c.Value()
		case "clID":
			k.ClID = c.Value()
		case "crRr":
			k.CrRr = rr(c)
		case "upRr":
			k.UpRr = rr(c)
		case "crDate":
			k.CrDate = dt(c)
		case "upDate":
			k.UpDate = dt(c)
		case "trDate":
			k.TrDate = dt(c)
		case "trnData":
			k.Transfer = transfer(c)
		case "disclose":
			k.Disclose = c
		default:
			k.Extra = append(k.Extra, c)
		}
	}
	return k, nil
}

// registrar decodes a registrar object.
func (o *Object) registrar() (*registrarData, error) {
	if err := wrongKind(o, KindRegistrar); err != nil {
		return nil, err
	}
	r := &registrarData{}
	for _, c := range o.Elem.Children {
		if c.Name.Space != NSRegistrar {
			r.Extra = append(r.Extra, c)
			continue
		}
		switch c.Name.Local {
		case "id":
			r.ID = c.Value()
		case "name":
			r.Name = c.Value()
		case "gurid":
			r.GURID, _ = strconv.ParseInt(c.Value(), 10, 64)
		case "status":
			r.Status = c.Value()
		case "postalInfo":
			r.PostalInfo = append(r.PostalInfo, postal(c))
		case "voice":
			r.Voice = c.Value()
		case "fax":
			r.Fax = c.Value()
		case "email":
			r.Email = c.Value()
		case "url":
			r.URL = c.Value()
		case "whoisInfo":
			r.WhoisName = c.ChildText(NSRegistrar, "name")
			r.WhoisURL = c.ChildText(NSRegistrar, "url")
		case "crDate":
			r.CrDate = dt(c)
		case "upDate":
			r.UpDate = dt(c)
		default:
			r.Extra = append(r.Extra, c)
		}
	}
	return r, nil
}

// idnTableRef decodes an idnTableRef object.
func (o *Object) idnTableRef() (*idnTableRefData, error) {
	if err := wrongKind(o, KindIDNTableRef); err != nil {
		return nil, err
	}
	id, _ := o.Elem.Attr("id")
	return &idnTableRefData{ID: trimXMLSpace(id), URL: o.Elem.ChildText(NSIDN, "url"), URLPolicy: o.Elem.ChildText(NSIDN, "urlPolicy")}, nil
}

// nndn decodes an NNDN object.
func (o *Object) nndn() (*nndnData, error) {
	if err := wrongKind(o, KindNNDN); err != nil {
		return nil, err
	}
	n := &nndnData{}
	for _, c := range o.Elem.Children {
		if c.Name.Space != NSNNDN {
			n.Extra = append(n.Extra, c)
			continue
		}
		switch c.Name.Local {
		case "aName":
			n.AName = c.Value()
		case "uName":
			n.UName = c.Value()
		case "idnTableId":
			n.IDNTableID = c.Value()
		case "originalName":
			n.OriginalName = c.Value()
		case "nameState":
			n.NameState = c.Value()
			m, ok := c.Attr("mirroringNS")
			n.MirroringNS = !ok || m == "true" || m == "1" // schema default true
		case "crDate":
			n.CrDate = dt(c)
		default:
			n.Extra = append(n.Extra, c)
		}
	}
	return n, nil
}

// header decodes the header object.
func (o *Object) header() (*headerData, error) {
	if err := wrongKind(o, KindHeader); err != nil {
		return nil, err
	}
	h := &headerData{}
	for _, c := range o.Elem.Children {
		switch c.Name.Local {
		case "tld":
			h.TLD = c.Value()
		case "registrar":
			h.Registrar = c.Value()
		case "ppsp":
			h.PPSP = c.Value()
		case "reseller":
			h.Reseller = c.Value()
		case "contentTag":
			h.ContentTag = c.Value()
		case "count":
			var hc headerCount
			hc.URI, _ = c.Attr("uri")
			hc.URI = trimXMLSpace(hc.URI)
			hc.RCDN, _ = c.Attr("rcdn")
			if v, ok := c.Attr("registrarId"); ok {
				hc.RegistrarID = trimXMLSpace(v)
			}
			hc.Count, _ = strconv.ParseInt(c.Value(), 10, 64)
			h.Counts = append(h.Counts, hc)
		}
	}
	return h, nil
}
