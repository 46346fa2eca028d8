package escrow

import (
	"errors"
	"github.com/ssrkit/ssr/escrow/internal/pinned"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Checks of ICANN's RST RDE test plan (rde-05 … rde-15) that go beyond RFC
// 9022 §8; they run when VerifyConfig.RST is set. Each finding cites the
// RST case and, where one applies, the RFC or RA clause behind it.

// Status values of RFC 5731 §2.3 (domain) and RFC 5732 §2.3 (host).
var (
	domainStatuses = []string{"clientDeleteProhibited", "clientHold", "clientRenewProhibited", "clientTransferProhibited",
		"clientUpdateProhibited", "inactive", "ok", "pendingCreate", "pendingDelete", "pendingRenew", "pendingTransfer",
		"pendingUpdate", "serverDeleteProhibited", "serverHold", "serverRenewProhibited", "serverTransferProhibited",
		"serverUpdateProhibited"}
	hostStatuses = []string{"clientDeleteProhibited", "clientUpdateProhibited", "linked", "ok", "pendingCreate",
		"pendingDelete", "pendingTransfer", "pendingUpdate", "serverDeleteProhibited", "serverUpdateProhibited"}
)

// rstObject runs the per-object RST checks on a content object.
func (v *verifier) rstObject(o *Object) {
	switch o.Kind {
	case KindDomain:
		v.rstDomain(o)
	case KindHost:
		if v.rst.hostModel() == HostModelObjects {
			v.rstHost(o)
		}
	case KindContact:
		if v.rst.dataModel() != DataModelMinimum {
			v.rstContact(o)
		}
	case KindRegistrar:
		v.rstRegistrar(o)
	case KindIDNTableRef:
		v.rstIDN(o)
	case KindEppParams:
		v.rstEppParams(o)
	case KindCSV:
		v.rstCSVIsRequired(o)
	}
}

// rstPresent reports a required element that is absent: RST's MISSING
// code (the schema finding, if the schema also requires it, is separate).
func (v *verifier) rstPresent(o *Object, local, code, clause string) *Element {
	c := o.Elem.Child(o.Elem.Name.Space, local)
	if c == nil {
		v.findingC(code, o, 0, clause, "no <%s>", local)
	}
	return c
}

func (v *verifier) rstRoid(o *Object, code, clause string) {
	c := o.Elem.Child(o.Elem.Name.Space, "roid")
	if c == nil {
		return
	}
	if r := c.Value(); !pinned.RepositoryID(r) {
		v.findingC(code, o, c.Line, clause+"; RFC 5730 §2.8",
			"roid %q: repository identifier is not in IANA's EPP Repository Identifiers registry (pinned 2026-08-10)", r)
	}
}

// rstStatuses checks the status values: each one of the enumeration and
// not repeated; "ok" combined with nothing but "linked"; at most one
// pending* value; pendingX not with clientXProhibited or serverXProhibited
// (RFC 5731 §2.3, RFC 5732 §2.3). It returns the set of values seen as a
// bit mask over allowed (at most 32 values), so that no slice is built per
// object.
func (v *verifier) rstStatuses(o *Object, allowed []string, code, clause string) statusSet {
	var got statusSet
	for _, c := range o.Elem.Children {
		if c.Name.Space != o.Elem.Name.Space || c.Name.Local != "status" {
			continue
		}
		s, _ := c.Attr("s")
		s = trimXMLSpace(s)
		i := slices.Index(allowed, s)
		switch {
		case i < 0:
			v.findingC(code, o, c.Line, clause, "status %q is not a status value of its EPP mapping", s)
		case got.has(i):
			v.findingC(code, o, c.Line, clause, "status %q repeated", s)
		default:
			got |= 1 << i
		}
	}
	pending := 0
	for i, s := range allowed {
		if !got.has(i) {
			continue
		}
		if x, ok := strings.CutPrefix(s, "pending"); ok {
			pending++
			if got.hasValue(allowed, "client"+x+"Prohibited") || got.hasValue(allowed, "server"+x+"Prohibited") {
				v.findingC(code, o, 0, clause, "status %s combined with client/server%sProhibited", s, x)
			}
		}
	}
	if ok := slices.Index(allowed, "ok"); ok >= 0 && got.has(ok) {
		others := got &^ (1 << ok)
		if l := slices.Index(allowed, "linked"); l >= 0 {
			others &^= 1 << l
		}
		if others != 0 {
			v.findingC(code, o, 0, clause, "status \"ok\" combined with %v (ok is combined with nothing but linked)", got.values(allowed))
		}
	}
	if pending > 1 {
		v.findingC(code, o, 0, clause, "more than one pending* status %v", got.values(allowed))
	}
	return got
}

// statusSet is a set of status values, bit i for allowed[i].
type statusSet uint32

func (s statusSet) has(i int) bool { return i >= 0 && i < 32 && s&(1<<i) != 0 }

func (s statusSet) hasValue(allowed []string, v string) bool { return s.has(slices.Index(allowed, v)) }

func (s statusSet) values(allowed []string) []string {
	var out []string
	for i, a := range allowed {
		if s.has(i) {
			out = append(out, a)
		}
	}
	return out
}

func (v *verifier) rstDomain(o *Object) {
	const cl = "RST rde-07; RFC 9022 §5.1.1"
	e := o.Elem
	if n := v.rstPresent(o, "name", "RDE_DOMAIN_HAS_INVALID_NAME", cl); n != nil {
		name := n.Value()
		switch {
		case !validHostName(name):
			v.findingC("RDE_DOMAIN_HAS_INVALID_NAME", o, n.Line, cl+"; RFC 1123 §2.1; RFC 5891 §4.2.3.1", "name %q is not a valid LDH domain name", name)
		case len(v.rst.TLDs) > 0 && v.rst.parentTLD(name) == "":
			v.findingC("RDE_DOMAIN_HAS_INVALID_NAME", o, n.Line, cl, "name %q is not directly under the TLD(s) %v", name, v.rst.TLDs)
		}
	}
	v.rstPresent(o, "roid", "RDE_DOMAIN_HAS_MISSING_ROID", cl)
	v.rstRoid(o, "RDE_DOMAIN_HAS_INVALID_ROID", cl)
	var st statusSet
	if e.Child(NSDomain, "status") == nil {
		v.findingC("RDE_DOMAIN_HAS_MISSING_STATUS", o, 0, cl, "no <status>")
	} else {
		st = v.rstStatuses(o, domainStatuses, "RDE_DOMAIN_HAS_INVALID_STATUS", cl+"; RFC 5731 §2.3")
	}
	if v.rst.dataModel() == DataModelMaximum && e.Child(NSDomain, "registrant") == nil {
		v.findingC("RDE_DOMAIN_HAS_MISSING_REGISTRANT", o, 0, cl+" (general.registryDataModel maximum)", "no <registrant>")
	}
	v.rstPresent(o, "clID", "RDE_DOMAIN_HAS_MISSING_CLID", cl)
	wm := v.dep.Watermark
	if c := v.rstPresent(o, "crDate", "RDE_DOMAIN_HAS_MISSING_CRDATE", cl); c != nil {
		t, err := parseDateTime(c.Value())
		switch {
		case err != nil:
			v.findingC("RDE_DOMAIN_HAS_INVALID_CRDATE", o, c.Line, cl, "crDate %q is not an XML Schema dateTime", c.Value())
		case !wm.IsZero() && !t.Before(wm):
			v.findingC("RDE_DOMAIN_HAS_INVALID_CRDATE", o, c.Line, cl, "crDate %s is not before the watermark %s", t.Format(time.RFC3339), wm.Format(time.RFC3339))
		}
	}
	if c := v.rstPresent(o, "exDate", "RDE_DOMAIN_HAS_MISSING_EXDATE", cl); c != nil {
		t, err := parseDateTime(c.Value())
		switch {
		case err != nil:
			v.findingC("RDE_DOMAIN_HAS_INVALID_EXDATE", o, c.Line, cl, "exDate %q is not an XML Schema dateTime", c.Value())
		case !wm.IsZero() && !t.After(wm) && !st.hasValue(domainStatuses, "pendingDelete"):
			v.findingC("RDE_DOMAIN_HAS_INVALID_EXDATE", o, c.Line, cl, "exDate %s is not after the watermark %s and the domain is not pendingDelete", t.Format(time.RFC3339), wm.Format(time.RFC3339))
		}
	}
	if ns := e.Child(NSDomain, "ns"); ns != nil {
		for _, h := range ns.Children {
			switch {
			case h.Name == Name{nsEPPDomain, "hostObj"} && v.rst.hostModel() == HostModelAttributes:
				v.findingC("RDE_DOMAIN_HAS_UNEXPECTED_HOST_OBJECTS", o, h.Line, cl+" (epp.hostModel attributes)", "<hostObj> %q", h.Value())
			case h.Name == Name{nsEPPDomain, "hostAttr"} && v.rst.hostModel() == HostModelObjects:
				v.findingC("RDE_DOMAIN_HAS_UNEXPECTED_HOST_ATTRIBUTES", o, h.Line, cl+" (epp.hostModel objects)", "<hostAttr> %q", h.ChildText(nsEPPDomain, "hostName"))
			}
		}
	}
}

func (v *verifier) rstHost(o *Object) {
	const cl = "RST rde-08; RFC 9022 §5.2.1"
	e := o.Elem
	name := ""
	if n := v.rstPresent(o, "name", "RDE_HOST_HAS_INVALID_NAME", cl); n != nil {
		name = n.Value()
		if !validHostName(name) {
			v.findingC("RDE_HOST_HAS_INVALID_NAME", o, n.Line, cl+"; RFC 1123 §2.1; RFC 5732 §2.1", "name %q is not a valid LDH host name", name)
		}
	}
	v.rstPresent(o, "roid", "RDE_HOST_HAS_MISSING_ROID", cl)
	v.rstRoid(o, "RDE_HOST_HAS_INVALID_ROID", cl)
	if e.Child(NSHost, "status") == nil {
		v.findingC("RDE_HOST_HAS_MISSING_STATUS", o, 0, cl, "no <status>")
	} else {
		v.rstStatuses(o, hostStatuses, "RDE_HOST_HAS_INVALID_STATUS", cl+"; RFC 5732 §2.3")
	}
	addrs := 0
	for _, c := range e.Children {
		if c.Name != (Name{NSHost, "addr"}) {
			continue
		}
		addrs++
		ipv, _ := c.Attr("ip")
		ipv = trimXMLSpace(ipv)
		a, err := netip.ParseAddr(c.Value())
		switch {
		case err != nil || a.Zone() != "":
			v.findingC("RDE_HOST_HAS_INVALID_IP_ADDRESS", o, c.Line, cl+"; RFC 5732 §2.5", "address %q is not an IP address", c.Value())
		case (ipv == "" || ipv == "v4") && !a.Is4():
			v.findingC("RDE_HOST_HAS_INVALID_IP_ADDRESS", o, c.Line, cl+"; RFC 5732 §2.5", "address %q is not an IPv4 address (ip=%q)", c.Value(), ipv)
		case ipv == "v6" && !a.Is6():
			v.findingC("RDE_HOST_HAS_INVALID_IP_ADDRESS", o, c.Line, cl+"; RFC 5732 §2.5", "address %q is not an IPv6 address", c.Value())
		}
	}
	if addrs == 0 && name != "" && v.rst.inBailiwick(name) {
		v.findingC("RDE_HOST_HAS_MISSING_IP_ADDRESS", o, 0, cl+"; RFC 5732 §1.1", "host %q is under the TLD but has no <addr>", name)
	}
	v.rstPresent(o, "clID", "RDE_HOST_HAS_MISSING_CLID", cl)
}

func (v *verifier) rstContact(o *Object) {
	const cl = "RST rde-09; RFC 9022 §5.3.1"
	v.rstRoid(o, "RDE_CONTACT_HAS_INVALID_ROID", cl)
	types := map[string]bool{}
	for _, c := range o.Elem.Children {
		if c.Name != (Name{NSContact, "postalInfo"}) {
			continue
		}
		t, _ := c.Attr("type")
		t = trimXMLSpace(t)
		if types[t] {
			v.findingC("RDE_CONTACT_HAS_MULTIPLE_POSTALINFO_TYPES", o, c.Line, cl+"; RFC 5733 §2.4", "two <postalInfo type=%q>", t)
		}
		types[t] = true
		if a := c.Child(nsEPPContact, "addr"); a != nil {
			if cc := a.Child(nsEPPContact, "cc"); cc != nil && !pinned.ISO3166Alpha2(cc.Value()) {
				v.findingC("RDE_CONTACT_HAS_INVALID_CC", o, cc.Line, cl+"; RFC 5733 §2.4.2; ISO 3166-1",
					"cc %q is not an ISO 3166-1 alpha-2 code (officially assigned)", cc.Value())
			}
		}
	}
	if em := o.Elem.Child(NSContact, "email"); em != nil && !validEmail(em.Value()) {
		v.findingC("RDE_CONTACT_HAS_INVALID_EMAIL", o, em.Line, cl+"; RFC 5322 §3.4.1; RFC 5733 §2.6", "email %q is not an RFC 5322 addr-spec", em.Value())
	}
}

func (v *verifier) rstRegistrar(o *Object) {
	const cl = "RST rde-10; RFC 9022 §5.4.1"
	if c := v.rstPresent(o, "id", "RDE_REGISTRAR_HAS_MISSING_ID", cl); c != nil {
		if n := len([]rune(c.Value())); n < 3 || n > 16 || strings.ContainsAny(c.Value(), " \t\r\n") {
			v.findingC("RDE_REGISTRAR_HAS_INVALID_ID", o, c.Line, cl+"; RFC 5730 §4.2 (eppcom:clIDType)", "id %q is not a clIDType (3 to 16 characters, no white space)", c.Value())
		}
	}
	if c := v.rstPresent(o, "name", "RDE_REGISTRAR_HAS_MISSING_NAME", cl); c != nil && c.Value() == "" {
		v.findingC("RDE_REGISTRAR_HAS_INVALID_NAME", o, c.Line, cl, "name is blank")
	}
	if c := v.rstPresent(o, "gurid", "RDE_REGISTRAR_HAS_MISSING_GURID", cl+"; RA Spec 2"); c != nil && !pinned.RegistrarID(c.Value()) {
		v.findingC("RDE_REGISTRAR_HAS_INVALID_GURID", o, c.Line, cl+"; IANA Registrar IDs",
			"gurid %q is not an ID of IANA's Registrar IDs registry (pinned 2026-08-21)", c.Value())
	}
}

func (v *verifier) rstIDN(o *Object) {
	const cl = "RST rde-11; RFC 9022 §5.5.1"
	id, _ := o.Elem.Attr("id")
	id = trimXMLSpace(id)
	if !v.idnMark(id) {
		v.findingC(codeIDNUnexpected, o, 0, cl, "IDN table %q is not one of the TLD's IDN tables %v", id, v.rst.IDNTables)
	}
	for _, local := range []string{"url", "urlPolicy"} {
		if c := o.Elem.Child(NSIDN, local); c != nil && !validURL(c.Value()) {
			v.findingC(codeIDNInvalid, o, c.Line, cl+"; RFC 3986 §4.3", "<%s> %q is not an absolute http or https URL", local, c.Value())
		}
	}
}

func (v *verifier) rstEppParams(o *Object) {
	const cl = "RST rde-13; RFC 9022 §5.8"
	want := map[string]bool{nsEPPDomain: true}
	allowed := map[string]bool{nsEPPDomain: true}
	if v.rst.hostModel() == HostModelObjects {
		want[nsEPPHost], allowed[nsEPPHost] = true, true
	}
	if v.rst.dataModel() != DataModelMinimum {
		want[nsEPPContact], allowed[nsEPPContact] = true, true
	}
	got := map[string]bool{}
	for _, c := range o.Elem.Children {
		if c.Name != (Name{NSEppParams, "objURI"}) {
			continue
		}
		u := c.Value()
		got[u] = true
		if !allowed[u] {
			v.findingC("RDE_EPP_PARAMS_UNEXPECTED_OBJURI", o, c.Line, cl, "objURI %q is not an EPP object mapping of this registry's models", u)
		}
	}
	for _, u := range []string{nsEPPDomain, nsEPPHost, nsEPPContact} {
		if want[u] && !got[u] {
			v.findingC("RDE_EPP_PARAMS_MISSING_OBJURI", o, 0, cl, "no objURI %s", u)
		}
	}
	ext := map[string]bool{}
	if sx := o.Elem.Child(NSEppParams, "svcExtension"); sx != nil {
		for _, c := range sx.Children {
			if c.Name.Local != "extURI" {
				continue
			}
			u := c.Value()
			ext[u] = true
			if !validExtURI(u) {
				v.findingC("RDE_EPP_PARAMS_UNEXPECTED_EXTURI", o, c.Line, cl+"; RFC 5730 §2.7.3", "extURI %q is not an absolute namespace URI", u)
			}
		}
	}
	for _, u := range []string{nsSecDNS, nsRGP} {
		if !ext[u] {
			v.findingC("RDE_EPP_PARAMS_MISSING_EXTURI", o, 0, cl, "no extURI %s", u)
		}
	}
}

// rstCSVIsRequired checks the isRequired attribute of the csvDomain
// domain file's fRegistrant field against the data model (RST rde-15).
func (v *verifier) rstCSVIsRequired(o *Object) {
	if o.Model != NSCSVDomain || o.Delete {
		return
	}
	if n, _ := o.Elem.Attr("name"); trimXMLSpace(n) != "domain" {
		return
	}
	const cl = "RST rde-15; RFC 9022 §4.6.2.1, §5.1.2.1"
	var f *Element
	if fs := o.Elem.Child(NSCSV, "fields"); fs != nil {
		f = fs.Child(NSCSV, "fRegistrant")
	}
	val, present := "", false
	if f != nil {
		val, present = f.Attr("isRequired")
		val = trimXMLSpace(val)
	}
	if v.rst.dataModel() == DataModelMaximum {
		switch {
		case !present:
			v.findingC("RDE_ISREQUIRED_ATTRIBUTE_IS_ABSENT", o, 0, cl+" (general.registryDataModel maximum)", "<rdeCsv:fRegistrant> has no isRequired attribute (or the field is absent)")
		case val == "false" || val == "0":
			v.findingC("RDE_ISREQUIRED_ATTRIBUTE_IS_FALSE", o, f.Line, cl+" (general.registryDataModel maximum)", "<rdeCsv:fRegistrant isRequired=%q>", val)
		}
		return
	}
	if present && (val == "true" || val == "1") {
		v.findingC("RDE_ISREQUIRED_ATTRIBUTE_IS_TRUE", o, f.Line, cl+" (general.registryDataModel "+string(v.rst.dataModel())+")", "<rdeCsv:fRegistrant isRequired=%q>", val)
	}
}

// rstFinish runs the RST checks over the whole deposit (rde-01, rde-05,
// rde-07 … rde-11, rde-13, rde-14).
func (v *verifier) rstFinish() {
	v.rstExDateFinish()
	v.rstFileName()
	v.rstURIs()
	dm, hm := v.rst.dataModel(), v.rst.hostModel()
	// Objects of the CSV model are counted only when their files are read.
	unread := func(k Kind) bool { return v.csvKind[k] && v.opts.Files == nil }
	if v.objects[KindDomain] == 0 && !unread(KindDomain) {
		v.findingC("RDE_DOMAIN_OBJECT_MISSING", nil, 0, "RST rde-07", "no domain object in the deposit")
	}
	if hm == HostModelObjects && v.objects[KindHost] == 0 && !unread(KindHost) {
		v.findingC("RDE_HOST_OBJECT_MISSING", nil, 0, "RST rde-08 (epp.hostModel objects)", "no host object in the deposit")
	}
	if dm != DataModelMinimum && v.objects[KindContact] == 0 && !unread(KindContact) {
		v.findingC("RDE_CONTACT_OBJECT_MISSING", nil, 0, "RST rde-09 (general.registryDataModel "+string(dm)+")", "no contact object in the deposit")
	}
	if v.objects[KindRegistrar] == 0 && !unread(KindRegistrar) {
		v.findingC("RDE_REGISTRAR_OBJECT_MISSING", nil, 0, "RST rde-10", "no registrar object in the deposit")
	}
	for i, t := range v.rst.IDNTables {
		if !(i < len(v.idnSeen) && v.idnSeen[i]) && !(v.csvKind[KindIDNTableRef] && v.opts.Files == nil) {
			v.findingC(codeIDNMissing, nil, 0, "RST rde-11", "no <rdeIDN:idnTableRef id=%q> for the TLD's IDN table", t)
		}
	}
	if v.eppParams == 0 {
		v.findingC(codeMissingEppParams, nil, 0, "RST rde-13; RFC 9022 §5.8", "no <rdeEppParams:eppParams> in the deposit")
	}
	if dm == DataModelMaximum && v.xmlKind[KindDomain] {
		v.rstPolicy()
	}
	if len(v.rst.TLDs) == 0 {
		v.rep.Skipped = append(v.rep.Skipped, "RST rde-01, rde-07, rde-08: no TLD given, file name TLD, domain subordination and in-bailiwick hosts not checked")
	}
}

// rstPolicy: under the maximum data model at least one policy, and one
// that makes <rdeDomain:registrant> required (RST rde-14).
func (v *verifier) rstPolicy() {
	const cl = "RST rde-14; RFC 9022 §5.9 (general.registryDataModel maximum)"
	if len(v.policies) == 0 {
		v.findingC(codePolicyMissing, nil, 0, cl, "no <rdePolicy:policy> in the deposit")
		return
	}
	for _, p := range v.policies {
		pol := p.Policy
		if pol == nil || len(pol.Scope) == 0 || len(pol.Element) == 0 {
			continue
		}
		if pol.Scope[len(pol.Scope)-1] == (Name{NSDomain, "domain"}) && pol.Element[0] == (Name{NSDomain, "registrant"}) {
			return
		}
	}
	v.findingC(codePolicyMissingObjs, nil, 0, cl, "no <rdePolicy:policy> makes <rdeDomain:registrant> of <rdeDomain:domain> required")
}

// rstFileName checks rde.depositFile's name (RST rde-01; RA Spec 2 Part A §5).
func (v *verifier) rstFileName() {
	name := v.rst.FileName
	if name == "" {
		v.rep.Skipped = append(v.rep.Skipped, "RST rde-01: no deposit file name given, not checked")
		return
	}
	const cl = "RST rde-01; RA Spec 2 Part A §5"
	fn, err := ParseFileName(name)
	if err != nil {
		var fe *Error
		if errors.As(err, &fe) && fe.Err != nil {
			err = fe.Err
		}
		v.findingC(codeInvalidFileName, nil, 0, cl, "%s: %v", quoteName(name), err)
		return
	}
	if fn.Type != "full" {
		v.findingC(codeInvalidFileName, nil, 0, cl, "%s: type %q, RST requires full", quoteName(name), fn.Type)
	}
	if len(v.rst.TLDs) > 0 && !slices.ContainsFunc(v.rst.TLDs, func(t string) bool { return strings.EqualFold(strings.TrimSuffix(t, "."), fn.TLD) }) {
		v.findingC(codeInvalidFileName, nil, 0, cl, "%s: TLD %q is not one of %v", quoteName(name), fn.TLD, v.rst.TLDs)
	}
	if wm := v.dep.Watermark; !wm.IsZero() && wm.UTC().Format("2006-01-02") != fn.Date.Format("2006-01-02") {
		v.findingC(codeInvalidFileName, nil, 0, cl+".2", "%s: date %s is not the watermark's date %s", quoteName(name), fn.Date.Format("2006-01-02"), wm.UTC().Format("2006-01-02"))
	}
}

// rstExpected returns the object URIs RST rde-05 expects: per kind, the
// URI of the model its objects use (both if they use both, which is
// RDE_OBJECT_HAS_MIXED_TYPES), the XML one if there are none.
func (v *verifier) rstExpected() map[string]bool {
	expected := map[string]bool{NSEppParams: true}
	add := func(k Kind) {
		if v.csvKind[k] {
			expected[csvURI(k)] = true
		}
		if v.xmlKind[k] || !v.csvKind[k] {
			expected[k.modelURI()] = true
		}
	}
	add(KindDomain)
	add(KindRegistrar)
	if v.rst.dataModel() != DataModelMinimum {
		add(KindContact)
	}
	if v.rst.hostModel() == HostModelObjects {
		add(KindHost)
	}
	if len(v.rst.IDNTables) > 0 {
		add(KindIDNTableRef)
	}
	return expected
}

// rstURIs checks the object URIs of the rdeMenu and the header against those
// the models require (RST rde-05).
func (v *verifier) rstURIs() {
	const cl = "RST rde-05; RFC 8909 §5.1; RFC 9022 §5.7"
	expected := v.rstExpected()
	optional := map[string]bool{NSNNDN: true, NSCSVNNDN: true, NSHeader: true, NSPolicy: true}
	menu := map[string]bool{}
	for _, u := range v.dep.ObjURIs {
		menu[u] = true
	}
	header := map[string]bool{}
	for u := range v.header {
		u, _, _ = strings.Cut(u, "|")
		header[u] = true
	}
	var all []string
	for u := range menu {
		all = append(all, u)
	}
	for u := range header {
		if !menu[u] {
			all = append(all, u)
		}
	}
	slices.Sort(all)
	for _, u := range all {
		if !expected[u] && !optional[u] {
			v.findingC(codeUnexpectedURI, nil, v.headerLine, cl, "object URI %s is not expected for this registry's models", u)
		}
	}
	var want []string
	for u := range expected {
		want = append(want, u)
	}
	slices.Sort(want)
	for _, u := range want {
		if !header[u] && !menu[u] {
			v.findingC(codeMissingObjectURI, nil, v.headerLine, cl, "object URI %s is in neither the rdeMenu nor the header", u)
		}
	}
	var diff []string
	for u := range menu {
		if !header[u] && u != NSHeader && u != NSPolicy {
			diff = append(diff, u+" (rdeMenu only)")
		}
	}
	for u := range header {
		if !menu[u] {
			diff = append(diff, u+" (header only)")
		}
	}
	if len(diff) > 0 && v.headers > 0 {
		slices.Sort(diff)
		v.findingC(codeMenuHeaderDiffer, nil, v.headerLine, cl, "rdeMenu objURIs and header count URIs differ: %s", strings.Join(diff, ", "))
	}
}

// validHostName reports whether s is an LDH host name (RFC 1123 §2.1,
// RFC 952): labels of letters, digits and hyphens, 1 to 63 octets, not
// starting or ending with a hyphen, "--" in positions 3–4 only in an
// A-label (RFC 5891 §4.2.3.1), 253 octets at most, no trailing dot.
func validHostName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for rest := s; ; {
		l, tail, more := strings.Cut(rest, ".")
		rest = tail
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i] | 0x20
			if !(c >= 'a' && c <= 'z' || l[i] >= '0' && l[i] <= '9' || l[i] == '-') {
				return false
			}
		}
		if len(l) >= 4 && l[2:4] == "--" && !strings.EqualFold(l[:2], "xn") {
			return false
		}
		if !more {
			return true
		}
	}
}

// validEmail reports whether s is an addr-spec of RFC 5322 §3.4.1:
// local-part (dot-atom or quoted-string) "@" domain (dot-atom or
// domain-literal), without comments or folding white space; atext may
// include UTF-8 beyond ASCII (RFC 6532 §3.2).
func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if len(local) >= 2 && local[0] == '"' && local[len(local)-1] == '"' {
		if !quotedString(local[1 : len(local)-1]) {
			return false
		}
	} else if !dotAtom(local) {
		return false
	}
	if len(domain) >= 2 && domain[0] == '[' && domain[len(domain)-1] == ']' {
		for _, c := range domain[1 : len(domain)-1] {
			if c < 33 || c > 126 || c == '[' || c == ']' || c == '\\' {
				return false
			}
		}
		return true
	}
	return dotAtom(domain)
}

func dotAtom(s string) bool {
	if s == "" {
		return false
	}
	for rest := s; rest != ""; {
		a, tail, more := strings.Cut(rest, ".")
		rest = tail
		if a == "" || more && tail == "" {
			return false
		}
		for _, c := range a {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80 && c != 0xFFFD ||
				strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", c)) {
				return false
			}
		}
	}
	return true
}

func quotedString(s string) bool {
	esc := false
	for _, c := range s {
		switch {
		case esc:
			if c < 32 && c != '\t' || c == 127 {
				return false
			}
			esc = false
		case c == '\\':
			esc = true
		case c == '"' || c < 32 && c != '\t' && c != ' ' || c == 127:
			return false
		}
	}
	return !esc
}

// validURL reports whether s is an absolute http or https URL with a host
// (RFC 3986 §4.3), as <rdeIDN:url> and <urlPolicy> must be (RST rde-11).
func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " \t\r\n")
}

// validExtURI reports whether s is an absolute URI as EPP extension
// namespaces are (urn: or http(s), RFC 5730 §2.7.3).
func validExtURI(s string) bool {
	u, err := url.Parse(s)
	if err != nil || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	switch u.Scheme {
	case "urn":
		return strings.Count(u.Opaque, ":") >= 1
	case "http", "https":
		return u.Host != ""
	}
	return false
}
