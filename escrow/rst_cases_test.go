package escrow

import (
	"fmt"
	"hash/crc32"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Building blocks of the crafted deposits of rstCases.
const (
	hostCountLine = `<rdeHeader:count uri="urn:ietf:params:xml:ns:rdeHost-1.0">2</rdeHeader:count>`
	domCountLine  = `<rdeHeader:count uri="urn:ietf:params:xml:ns:rdeDomain-1.0">2</rdeHeader:count>`
	ctCountLine   = `<rdeHeader:count uri="urn:ietf:params:xml:ns:rdeContact-1.0">2</rdeHeader:count>`
	regCountLine  = `<rdeHeader:count uri="urn:ietf:params:xml:ns:rdeRegistrar-1.0">2</rdeHeader:count>`
	idnCountLine  = `<rdeHeader:count uri="urn:ietf:params:xml:ns:rdeIDN-1.0">1</rdeHeader:count>`
	eppCountLine  = `<rdeHeader:count uri="urn:ietf:params:xml:ns:rdeEppParams-1.0">1</rdeHeader:count>`
	domMenuLine   = `<rde:objURI>urn:ietf:params:xml:ns:rdeDomain-1.0</rde:objURI>`
	hostMenuLine  = `<rde:objURI>urn:ietf:params:xml:ns:rdeHost-1.0</rde:objURI>`
	d1Name        = `<rdeDomain:name>one.example</rdeDomain:name>`
	d1Roid        = `<rdeDomain:roid>D1-EXAMPLE</rdeDomain:roid>`
	d1Registrant  = `<rdeDomain:registrant>cid1</rdeDomain:registrant>`
	d1Contact     = `<rdeDomain:contact type="admin">cid2</rdeDomain:contact>`
	d1NS          = `<rdeDomain:ns><domain:hostObj>ns1.one.example</domain:hostObj><domain:hostObj>ns.other.test</domain:hostObj></rdeDomain:ns>`
	d1ClID        = `<rdeDomain:clID>reg1</rdeDomain:clID>`
	d1CrDate      = `<rdeDomain:crDate>2025-01-01T00:00:00Z</rdeDomain:crDate>`
	d1ExDate      = `<rdeDomain:exDate>2027-01-01T00:00:00Z</rdeDomain:exDate>`
	h1Start       = `<rdeHost:host>
<rdeHost:name>ns1.one.example</rdeHost:name>`
	nndnURI    = "urn:ietf:params:xml:ns:rdeNNDN-1.0"
	nndnMenu   = `<rde:objURI>urn:ietf:params:xml:ns:rdeNNDN-1.0</rde:objURI>`
	extraReg   = `<rdeRegistrar:registrar><rdeRegistrar:id>%s</rdeRegistrar:id>%s<rdeRegistrar:gurid>3</rdeRegistrar:gurid></rdeRegistrar:registrar>`
	regNameTag = `<rdeRegistrar:name>Registrar Three</rdeRegistrar:name>`
)

func m(old, new string) mut { return mut{old, new} }

func nndn(name string) string {
	return `<rdeNNDN:NNDN><rdeNNDN:aName>` + name + `</rdeNNDN:aName><rdeNNDN:nameState>blocked</rdeNNDN:nameState></rdeNNDN:NNDN>`
}

func nndnCount(n int) string {
	return fmt.Sprintf(`<rdeHeader:count uri="%s">%d</rdeHeader:count>`, nndnURI, n)
}

// cutBlocks removes every element from the first start tag to its end tag.
func cutBlocks(start, end string) func(string) string {
	return func(s string) string {
		for {
			i := strings.Index(s, start)
			if i < 0 {
				return s
			}
			j := strings.Index(s[i:], end)
			s = s[:i] + s[i+j+len(end):]
		}
	}
}

// attributesModel turns rstBase into a host-attribute-model deposit: no
// host objects, URIs or EPP objURI.
var attributesModel = []mut{
	m(hostMenuLine, ""), m(hostCountLine, ""),
	m(`<rdeEppParams:objURI>urn:ietf:params:xml:ns:host-1.0</rdeEppParams:objURI>`, ""),
}

// csvDomainVariant replaces the XML domains by the CSV model (RFC 9022
// §5.1.2); isReq is the fRegistrant isRequired attribute text.
func csvDomainVariant(isReq string, badRow bool) (muts []mut, edit func(string) string, files map[string]string) {
	data := "one.example,D1-EXAMPLE,cid1,reg1,2025-01-01T00:00:00Z,2027-01-01T00:00:00Z\n" +
		"two.example,D2-EXAMPLE,cid2,reg2,2025-01-01T00:00:00Z,2027-01-01T00:00:00Z"
	if badRow {
		data += "\nthree.example,D3-EXAMPLE"
	}
	sum := fmt.Sprintf("%08X", crc32.ChecksumIEEE([]byte(data)))
	csv := `<csvDomain:contents xmlns:csvDomain="urn:ietf:params:xml:ns:csvDomain-1.0" xmlns:rdeCsv="urn:ietf:params:xml:ns:rdeCsv-1.0">
<rdeCsv:csv name="domain" sep=","><rdeCsv:fields><csvDomain:fName/><rdeCsv:fRoid/><rdeCsv:fRegistrant` + isReq + `/><rdeCsv:fClID/><rdeCsv:fCrDate/><rdeCsv:fExDate/></rdeCsv:fields>
<rdeCsv:files><rdeCsv:file cksum="` + sum + `">domain.csv</rdeCsv:file></rdeCsv:files></rdeCsv:csv></csvDomain:contents>`
	muts = []mut{
		m(domMenuLine, `<rde:objURI>urn:ietf:params:xml:ns:csvDomain-1.0</rde:objURI>`),
		m(domCountLine, `<rdeHeader:count uri="urn:ietf:params:xml:ns:csvDomain-1.0">2</rdeHeader:count>`),
		m("<!--DOMAINS-->", csv),
	}
	return muts, cutBlocks("<rdeDomain:domain>", "</rdeDomain:domain>"), map[string]string{"domain.csv": data}
}

func csvCase(code, isReq string, opts func(*RSTConfig)) rstTC {
	muts, edit, files := csvDomainVariant(isReq, false)
	return rstTC{code: code, muts: muts, edit: edit, files: files, opts: opts}
}

// csvNNDN adds an NNDN object in the CSV model (optional for RST) whose
// file nndn.csv holds data.
func csvNNDN(data string) []mut {
	sum := fmt.Sprintf("%08X", crc32.ChecksumIEEE([]byte(data)))
	return []mut{m("<!--DOMAINS-->", `<csvNNDN:contents xmlns:csvNNDN="urn:ietf:params:xml:ns:csvNNDN-1.0" xmlns:rdeCsv="urn:ietf:params:xml:ns:rdeCsv-1.0">
<rdeCsv:csv name="NNDN" sep=","><rdeCsv:fields><csvNNDN:fAName/><csvNNDN:fNameState/></rdeCsv:fields>
<rdeCsv:files><rdeCsv:file cksum="`+sum+`">nndn.csv</rdeCsv:file></rdeCsv:files></rdeCsv:csv></csvNNDN:contents>`)}
}

// rstCases: one crafted deposit per decidable RST RDE code. The comment
// of each says what the defect is.
func rstCases() []rstTC {
	return []rstTC{
		// rde-01
		{code: "RDE_INVALID_FILENAME", opts: func(o *RSTConfig) { o.FileName = "example_2026-11-22_diff_S1_R0.ryde" }},
		// rde-04
		{code: "RDE_XML_PARSE_ERROR", muts: []mut{m("</rdeHost:host>", "</rdeHost:hots>")}},
		{code: "RDE_SCHEMA_VALIDATION_ERROR", muts: []mut{m(`<rdeRegistrar:gurid>2</rdeRegistrar:gurid>`, `<rdeRegistrar:gurid>2</rdeRegistrar:gurid><rdeRegistrar:status>bogus</rdeRegistrar:status>`)}},
		{code: "RDE_MISSING_FILES", muts: csvNNDN("blocked.example,blocked"), files: map[string]string{}},
		{code: "RDE_INVALID_CSV", muts: csvNNDN("blocked.example,blocked,extra"), files: map[string]string{"nndn.csv": "blocked.example,blocked,extra"}},
		func() rstTC { // domains in both models
			_, _, files := csvDomainVariant(` isRequired="true"`, false)
			muts, _, _ := csvDomainVariant(` isRequired="true"`, false)
			return rstTC{code: "RDE_OBJECT_HAS_MIXED_TYPES", files: files, muts: []mut{
				m("<!--MENU-->", `<rde:objURI>urn:ietf:params:xml:ns:csvDomain-1.0</rde:objURI>`),
				m("<!--COUNTS-->", `<rdeHeader:count uri="urn:ietf:params:xml:ns:csvDomain-1.0">4</rdeHeader:count>`),
				muts[2],
				m(d1Name, `<rdeDomain:name>three.example</rdeDomain:name>`), m(d1Roid, `<rdeDomain:roid>D3-EXAMPLE</rdeDomain:roid>`),
				m(`<rdeDomain:name>xn--wgv71a.example</rdeDomain:name>`, `<rdeDomain:name>xn--4gqvdy3r.example</rdeDomain:name>`),
				m(`<rdeDomain:roid>D2-EXAMPLE`, `<rdeDomain:roid>D4-EXAMPLE`)}}
		}(),
		// rde-05
		{code: "RDE_UNEXPECTED_OBJECT_URI", muts: []mut{m("<!--MENU-->", `<rde:objURI>urn:example:rdeFoo-1.0</rde:objURI>`), m("<!--COUNTS-->", `<rdeHeader:count uri="urn:example:rdeFoo-1.0">0</rdeHeader:count>`)}},
		{code: "RDE_MISSING_OBJECT_URI", muts: []mut{m(hostMenuLine, ""), m(hostCountLine, "")}},
		{code: "RDE_MENU_AND_HEADER_URIS_DIFFER", muts: []mut{m("<!--MENU-->", nndnMenu)}},
		// rde-06
		{code: "RDE_OBJECT_COUNT_MISMATCH", muts: []mut{m(domCountLine, strings.Replace(domCountLine, ">2<", ">3<", 1))}},
		{code: "RDE_UNEXPECTED_OBJECT", muts: []mut{m("<!--DOMAINS-->", nndn("blocked.example"))}},
		// rde-07
		{code: "RDE_DOMAIN_HAS_INVALID_NAME", muts: []mut{m(d1Name, `<rdeDomain:name>one.two.example</rdeDomain:name>`)}},
		{code: "RDE_DOMAIN_HAS_NON_UNIQUE_NAME", muts: []mut{m(`<rdeDomain:name>xn--wgv71a.example</rdeDomain:name>`, d1Name),
			m(domCountLine, strings.Replace(domCountLine, ">2<", ">1<", 1))}},
		{code: "RDE_DOMAIN_HAS_MISSING_ROID", schema: true, muts: []mut{m(d1Roid, "")}},
		{code: "RDE_DOMAIN_HAS_INVALID_ROID", muts: []mut{m(d1Roid, `<rdeDomain:roid>D1-ZZQQ</rdeDomain:roid>`)}},
		{code: "RDE_DOMAIN_HAS_NON_UNIQUE_ROID", muts: []mut{m(`<rdeDomain:roid>D2-EXAMPLE`, `<rdeDomain:roid>D1-EXAMPLE`)}},
		{code: "RDE_DOMAIN_HAS_MISSING_STATUS", schema: true, muts: []mut{m(`<rdeDomain:status s="ok"/>`, "")}},
		{code: "RDE_DOMAIN_HAS_INVALID_STATUS", muts: []mut{m(`<rdeDomain:status s="clientHold"/>`, `<rdeDomain:status s="clientHold"/><rdeDomain:status s="ok"/>`)}},
		{code: "RDE_DOMAIN_HAS_INVALID_STATUS", muts: []mut{m(`<rdeDomain:status s="clientHold"/>`, `<rdeDomain:status s="clientHold"/><rdeDomain:status s="clientHold"/>`)}},
		{code: "RDE_DOMAIN_HAS_INVALID_STATUS", muts: []mut{m(`<rdeDomain:status s="clientHold"/>`, `<rdeDomain:status s="pendingRenew"/><rdeDomain:status s="pendingUpdate"/>`)}},
		{code: "RDE_DOMAIN_HAS_INVALID_STATUS", muts: []mut{m(`<rdeDomain:status s="clientHold"/>`, `<rdeDomain:status s="serverTransferProhibited"/><rdeDomain:status s="pendingTransfer"/>`)}},
		{code: "RDE_DOMAIN_HAS_MISSING_REGISTRANT", muts: []mut{m(d1Registrant, "")}},
		{code: "RDE_DOMAIN_HAS_INVALID_REGISTRANT", muts: []mut{m(d1Registrant, `<rdeDomain:registrant>nosuch</rdeDomain:registrant>`)}},
		{code: "RDE_DOMAIN_HAS_MISSING_CONTACT", muts: []mut{m(d1Contact, `<rdeDomain:contact type="admin">nosuch</rdeDomain:contact>`)}},
		{code: "RDE_DOMAIN_HAS_MISSING_NAMESERVER", muts: []mut{m(`<domain:hostObj>ns.other.test</domain:hostObj>`, `<domain:hostObj>ns.nosuch.test</domain:hostObj>`)}},
		{code: "RDE_DOMAIN_HAS_MISSING_CLID", schema: true, muts: []mut{m(d1ClID, "")}},
		{code: "RDE_DOMAIN_HAS_INVALID_CLID", muts: []mut{m(d1ClID, `<rdeDomain:clID>reg9</rdeDomain:clID>`)}},
		{code: "RDE_DOMAIN_HAS_MISSING_CRDATE", muts: []mut{m(d1CrDate, "")}},
		{code: "RDE_DOMAIN_HAS_INVALID_CRDATE", muts: []mut{m(d1CrDate, `<rdeDomain:crDate>2026-12-01T00:00:00Z</rdeDomain:crDate>`)}},
		{code: "RDE_DOMAIN_HAS_MISSING_EXDATE", muts: []mut{m(d1ExDate, "")}},
		{code: "RDE_DOMAIN_HAS_INVALID_EXDATE", muts: []mut{m(d1ExDate, `<rdeDomain:exDate>2026-11-01T00:00:00Z</rdeDomain:exDate>`)}},
		{code: "RDE_DOMAIN_OBJECT_MISSING", muts: []mut{m(domCountLine, strings.Replace(domCountLine, ">2<", ">0<", 1))},
			edit: cutBlocks("<rdeDomain:domain>", "</rdeDomain:domain>")},
		{code: "RDE_DOMAIN_HAS_INVALID_CRRR", muts: []mut{m(`<rdeDomain:crRr>reg1`, `<rdeDomain:crRr>reg9`)}},
		{code: "RDE_DOMAIN_HAS_INVALID_UPRR", muts: []mut{m(`<rdeDomain:upRr>reg1`, `<rdeDomain:upRr>reg9`)}},
		{code: "RDE_DOMAIN_HAS_INVALID_RERR", muts: []mut{m(`<rdeDomain:reRr>reg2`, `<rdeDomain:reRr>reg9`)}},
		{code: "RDE_DOMAIN_HAS_INVALID_ACRR", muts: []mut{m(`<rdeDomain:acRr>reg1`, `<rdeDomain:acRr>reg9`)}},
		{code: "RDE_DOMAIN_HAS_UNEXPECTED_HOST_OBJECTS", muts: attributesModel,
			opts: func(o *RSTConfig) { o.HostModel = HostModelAttributes }, edit: cutBlocks("<rdeHost:host>", "</rdeHost:host>")},
		{code: "RDE_DOMAIN_HAS_UNEXPECTED_HOST_ATTRIBUTES", muts: []mut{m(`<domain:hostObj>ns.other.test</domain:hostObj>`, "")},
			edit: func(s string) string {
				return strings.Replace(s, `<rdeDomain:clID>reg2</rdeDomain:clID>`,
					`<rdeDomain:ns><domain:hostAttr><domain:hostName>ns9.other.test</domain:hostName></domain:hostAttr></rdeDomain:ns><rdeDomain:clID>reg2</rdeDomain:clID>`, 1)
			}},
		// rde-08
		{code: "RDE_HOST_HAS_INVALID_NAME", muts: []mut{m(`<rdeHost:name>ns.other.test`, `<rdeHost:name>ns_x.other.test`), m(`<domain:hostObj>ns.other.test`, `<domain:hostObj>ns_x.other.test`)}},
		{code: "RDE_HOST_HAS_NON_UNIQUE_NAME", muts: []mut{m(h1Start, "<rdeHost:host>\n<rdeHost:name>ns.other.test</rdeHost:name>"),
			m(`<domain:hostObj>ns1.one.example</domain:hostObj>`, ""), m(hostCountLine, strings.Replace(hostCountLine, ">2<", ">1<", 1))}},
		{code: "RDE_HOST_HAS_MISSING_ROID", schema: true, muts: []mut{m(`<rdeHost:roid>H1-EXAMPLE</rdeHost:roid>`, "")}},
		{code: "RDE_HOST_HAS_INVALID_ROID", muts: []mut{m(`<rdeHost:roid>H1-EXAMPLE`, `<rdeHost:roid>H1-ZZQQ`)}},
		{code: "RDE_HOST_HAS_NON_UNIQUE_ROID", muts: []mut{m(`<rdeHost:roid>H2-EXAMPLE`, `<rdeHost:roid>H1-EXAMPLE`)}},
		{code: "RDE_HOST_HAS_MISSING_STATUS", schema: true, muts: []mut{m(`<rdeHost:status s="linked"/>`, "")}},
		{code: "RDE_HOST_HAS_INVALID_STATUS", muts: []mut{m(`<rdeHost:status s="linked"/>`, `<rdeHost:status s="linked"/><rdeHost:status s="pendingDelete"/><rdeHost:status s="serverDeleteProhibited"/>`)}},
		{code: "RDE_HOST_HAS_MISSING_IP_ADDRESS", muts: []mut{m(`<rdeHost:addr ip="v4">192.0.2.1</rdeHost:addr>`, ""), m(`<rdeHost:addr ip="v6">2001:db8::1</rdeHost:addr>`, "")}},
		{code: "RDE_HOST_HAS_INVALID_IP_ADDRESS", muts: []mut{m(`192.0.2.1`, `999.0.2.51`)}},
		{code: "RDE_HOST_HAS_MISSING_CLID", schema: true, muts: []mut{m(`<rdeHost:clID>reg2</rdeHost:clID>`, "")}},
		{code: "RDE_HOST_HAS_INVALID_CLID", muts: []mut{m(`<rdeHost:clID>reg2</rdeHost:clID>`, `<rdeHost:clID>reg9</rdeHost:clID>`)}},
		{code: "RDE_HOST_OBJECT_MISSING", muts: []mut{m(d1NS, ""), m(hostCountLine, strings.Replace(hostCountLine, ">2<", ">0<", 1))},
			edit: cutBlocks("<rdeHost:host>", "</rdeHost:host>")},
		// rde-09
		{code: "RDE_CONTACT_HAS_NON_UNIQUE_ID", muts: []mut{m("<!--C1END-->\n</rdeContact:contact>", "<!--C1END-->\n</rdeContact:contact>"+
			`<rdeContact:contact><rdeContact:id>cid1</rdeContact:id><rdeContact:roid>C3-EXAMPLE</rdeContact:roid><rdeContact:status s="ok"/><rdeContact:postalInfo type="int"><contact:name>X</contact:name><contact:addr><contact:city>Y</contact:city><contact:cc>FR</contact:cc></contact:addr></rdeContact:postalInfo><rdeContact:email>x@example.test</rdeContact:email><rdeContact:clID>reg1</rdeContact:clID></rdeContact:contact>`)}},
		{code: "RDE_CONTACT_HAS_INVALID_ROID", muts: []mut{m(`C1-EXAMPLE`, `C1-ZZQQ`)}},
		{code: "RDE_CONTACT_HAS_NON_UNIQUE_ROID", muts: []mut{m(`C2-EXAMPLE`, `C1-EXAMPLE`)}},
		{code: "RDE_CONTACT_HAS_MULTIPLE_POSTALINFO_TYPES", muts: []mut{m(`<rdeContact:postalInfo type="loc">`, `<rdeContact:postalInfo type="int">`)}},
		{code: "RDE_CONTACT_HAS_INVALID_CC", muts: []mut{m(`<contact:cc>US</contact:cc>`, `<contact:cc>QQ</contact:cc>`)}},
		{code: "RDE_CONTACT_HAS_INVALID_EMAIL", muts: []mut{m(`ann@example.test`, `ann.example.test`)}},
		{code: "RDE_CONTACT_HAS_UNKNOWN_CLID", muts: []mut{m(`<rdeContact:clID>reg1`, `<rdeContact:clID>reg9`)}},
		{code: "RDE_CONTACT_HAS_UNKNOWN_CRRR", muts: []mut{m(`<rdeContact:crRr>reg1`, `<rdeContact:crRr>reg9`)}},
		{code: "RDE_CONTACT_HAS_UNKNOWN_UPRR", muts: []mut{m(`<rdeContact:upRr>reg1`, `<rdeContact:upRr>reg9`)}},
		{code: "RDE_CONTACT_HAS_UNKNOWN_RERR", muts: []mut{m(`<rdeContact:reRr>reg2`, `<rdeContact:reRr>reg9`)}},
		{code: "RDE_CONTACT_HAS_UNKNOWN_ACRR", muts: []mut{m(`<rdeContact:acRr>reg1`, `<rdeContact:acRr>reg9`)}},
		{code: "RDE_CONTACT_OBJECT_MISSING", opts: func(o *RSTConfig) { o.DataModel = DataModelPerRegistrar },
			muts: []mut{m(d1Registrant, ""), m(d1Contact, ""), m(`<rdeDomain:registrant>cid2</rdeDomain:registrant>`, ""),
				m(ctCountLine, strings.Replace(ctCountLine, ">2<", ">0<", 1))},
			edit: func(s string) string {
				// No registrant policy: registrants are optional per registrar.
				return cutBlocks("<rdePolicy:policy ", "/>")(cutBlocks("<rdeContact:contact>", "</rdeContact:contact>")(s))
			}},
		// rde-10
		{code: "RDE_REGISTRAR_HAS_NON_UNIQUE_ID", muts: []mut{m("<!--REGISTRARS-->", fmt.Sprintf(extraReg, "reg1", regNameTag))}},
		{code: "RDE_REGISTRAR_HAS_MISSING_ID", schema: true, muts: []mut{m("<!--REGISTRARS-->", strings.Replace(fmt.Sprintf(extraReg, "", regNameTag), "<rdeRegistrar:id></rdeRegistrar:id>", "", 1))}},
		{code: "RDE_REGISTRAR_HAS_INVALID_ID", schema: true, muts: []mut{m("<!--REGISTRARS-->", fmt.Sprintf(extraReg, "r", regNameTag)),
			m(regCountLine, strings.Replace(regCountLine, ">2<", ">3<", 1))}},
		{code: "RDE_REGISTRAR_HAS_MISSING_NAME", schema: true, muts: []mut{m("<!--REGISTRARS-->", fmt.Sprintf(extraReg, "reg3", "")),
			m(regCountLine, strings.Replace(regCountLine, ">2<", ">3<", 1))}},
		{code: "RDE_REGISTRAR_HAS_INVALID_NAME", muts: []mut{m("<!--REGISTRARS-->", fmt.Sprintf(extraReg, "reg3", "<rdeRegistrar:name>   </rdeRegistrar:name>")),
			m(regCountLine, strings.Replace(regCountLine, ">2<", ">3<", 1))}},
		{code: "RDE_REGISTRAR_HAS_MISSING_GURID", muts: []mut{m(`<rdeRegistrar:gurid>9999</rdeRegistrar:gurid>`, "")}},
		{code: "RDE_REGISTRAR_HAS_INVALID_GURID", muts: []mut{m(`<rdeRegistrar:gurid>9999</rdeRegistrar:gurid>`, `<rdeRegistrar:gurid>5</rdeRegistrar:gurid>`)}},
		{code: "RDE_REGISTRAR_OBJECT_MISSING", muts: []mut{m(regCountLine, strings.Replace(regCountLine, ">2<", ">0<", 1))},
			edit: cutBlocks("<rdeRegistrar:registrar>", "</rdeRegistrar:registrar>"),
			// Every domain, host and contact names its sponsoring registrar
			// (schema-required clID), so none can be without one.
			also: []string{"RDE_DOMAIN_HAS_INVALID_CLID", "RDE_DOMAIN_HAS_INVALID_CRRR", "RDE_DOMAIN_HAS_INVALID_UPRR",
				"RDE_DOMAIN_HAS_INVALID_RERR", "RDE_DOMAIN_HAS_INVALID_ACRR", "RDE_HOST_HAS_INVALID_CLID",
				"RDE_CONTACT_HAS_UNKNOWN_CLID", "RDE_CONTACT_HAS_UNKNOWN_CRRR", "RDE_CONTACT_HAS_UNKNOWN_UPRR",
				"RDE_CONTACT_HAS_UNKNOWN_RERR", "RDE_CONTACT_HAS_UNKNOWN_ACRR"}},
		// rde-11
		{code: "RDE_IDN_OBJECT_INVALID", muts: []mut{m(`<rdeIDN:urlPolicy>https://nic.example/idn-policy`, `<rdeIDN:urlPolicy>nic.example/idn-policy`)}},
		{code: "RDE_IDN_OBJECT_MISSING", opts: func(o *RSTConfig) { o.IDNTables = []string{"ja", "ko"} }},
		{code: "RDE_IDN_OBJECT_UNEXPECTED", muts: []mut{m("<!--IDNS-->", `<rdeIDN:idnTableRef id="ko"><rdeIDN:url>https://nic.example/ko.txt</rdeIDN:url><rdeIDN:urlPolicy>https://nic.example/p</rdeIDN:urlPolicy></rdeIDN:idnTableRef>`),
			m(idnCountLine, strings.Replace(idnCountLine, ">1<", ">2<", 1))}},
		// rde-12
		{code: "RDE_NNDN_HAS_NON_UNIQUE_NAME", muts: []mut{m("<!--MENU-->", nndnMenu), m("<!--COUNTS-->", nndnCount(1)), m("<!--DOMAINS-->", nndn("blocked.example")+nndn("blocked.example"))}},
		{code: "RDE_NNDN_CONFLICTS_WITH_DOMAIN", muts: []mut{m("<!--MENU-->", nndnMenu), m("<!--COUNTS-->", nndnCount(1)), m("<!--DOMAINS-->", nndn("one.example"))}},
		// rde-13
		{code: "RDE_MISSING_EPP_PARAMS_OBJECT", muts: []mut{m(eppCountLine, strings.Replace(eppCountLine, ">1<", ">0<", 1))},
			edit: cutBlocks("<rdeEppParams:eppParams>", "</rdeEppParams:eppParams>")},
		{code: "RDE_MULTIPLE_EPP_PARAMS_OBJECTS", edit: func(s string) string {
			i, j := strings.Index(s, "<rdeEppParams:eppParams>"), strings.Index(s, "<!--EPPPARAMS-->")
			return s[:j] + s[i:j] + s[j:]
		}},
		{code: "RDE_EPP_PARAMS_UNEXPECTED_OBJURI", muts: []mut{m(`<rdeEppParams:svcExtension>`, `<rdeEppParams:objURI>urn:ietf:params:xml:ns:org-1.0</rdeEppParams:objURI><rdeEppParams:svcExtension>`)}},
		{code: "RDE_EPP_PARAMS_MISSING_OBJURI", muts: []mut{m(`<rdeEppParams:objURI>urn:ietf:params:xml:ns:contact-1.0</rdeEppParams:objURI>`, "")}},
		{code: "RDE_EPP_PARAMS_UNEXPECTED_EXTURI", muts: []mut{m(`urn:ietf:params:xml:ns:launch-1.0`, `launch-1.0`)}},
		{code: "RDE_EPP_PARAMS_MISSING_EXTURI", muts: []mut{m(`<epp:extURI>urn:ietf:params:xml:ns:rgp-1.0</epp:extURI>`, "")}},
		// rde-14
		{code: "RDE_POLICY_OBJECT_MISSING", edit: cutBlocks("<rdePolicy:policy ", "/>")},
		{code: "RDE_POLICY_OBJECT_INVALID", muts: []mut{m("<!--POLICIES-->", `<rdePolicy:policy scope="//rde:deposit/rde:contents/rdeDomain:domain" element="rdeDomain:nosuch"/>`)}},
		{code: "RDE_POLICY_OBJECT_MISSING_OBJECTS", muts: []mut{m(`element="rdeDomain:registrant"`, `element="rdeDomain:crDate"`)}},
		// rde-15
		csvCase("RDE_ISREQUIRED_ATTRIBUTE_IS_ABSENT", "", nil),
		csvCase("RDE_ISREQUIRED_ATTRIBUTE_IS_FALSE", ` isRequired="0"`, nil),
		csvCase("RDE_ISREQUIRED_ATTRIBUTE_IS_TRUE", ` isRequired="true"`, func(o *RSTConfig) { o.DataModel = DataModelPerRegistrar }),
	}
}

// TestRSTCSVRows: RST's per-field checks on rows of the CSV model.
func TestRSTCSVRows(t *testing.T) {
	for _, tc := range []struct{ old, new, code string }{
		{"one.example,D1-EXAMPLE", "one.two.example,D1-EXAMPLE", "RDE_DOMAIN_HAS_INVALID_NAME"},
		{"D1-EXAMPLE", "D1-ZZQQ", "RDE_DOMAIN_HAS_INVALID_ROID"},
		{"cid1,reg1,2025-01-01T00:00:00Z", "cid1,reg1,2026-12-01T00:00:00Z", "RDE_DOMAIN_HAS_INVALID_CRDATE"},
		{"cid1,reg1,2025-01-01T00:00:00Z,2027-01-01T00:00:00Z", "cid1,reg1,2025-01-01T00:00:00Z,", "RDE_DOMAIN_HAS_MISSING_EXDATE"},
		{"D2-EXAMPLE,cid2", "D2-EXAMPLE,", "RDE_DOMAIN_HAS_MISSING_REGISTRANT"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			muts, edit, files := csvDomainVariant(` isRequired="true"`, false)
			data := strings.Replace(files["domain.csv"], tc.old, tc.new, 1)
			files["domain.csv"] = data
			sum := fmt.Sprintf("%08X", crc32.ChecksumIEEE([]byte(data)))
			xml := edit(rstApply(t, muts))
			xml = cksumRE.ReplaceAllString(xml, `cksum="`+sum+`"`)
			rep := rstVerify(t, xml, rstBaseOptions(), files)
			got := codesOf(rep)
			if tc.code == "RDE_DOMAIN_HAS_MISSING_REGISTRANT" {
				// An empty isRequired field is also an RFC 9022 §4.6.2.1 error.
				got = slices.DeleteFunc(got, func(s string) bool { return s == codeInvalidCSV })
			}
			if !slices.Equal(got, []string{tc.code}) {
				for _, f := range rep.Findings {
					t.Log(f)
				}
				t.Fatalf("codes %v, want %s", got, tc.code)
			}
		})
	}
}

var cksumRE = regexp.MustCompile(`cksum="[0-9A-F]+"`)

// TestRSTCSVIDN: IDN tables of the CSV model are compared with the TLD's.
func TestRSTCSVIDN(t *testing.T) {
	data := "ja,https://nic.example/ja.txt\nko,nic.example/ko.txt"
	sum := fmt.Sprintf("%08X", crc32.ChecksumIEEE([]byte(data)))
	xml := rstApply(t, []mut{
		m(`<rde:objURI>urn:ietf:params:xml:ns:rdeIDN-1.0</rde:objURI>`, `<rde:objURI>urn:ietf:params:xml:ns:csvIDN-1.0</rde:objURI>`),
		m(idnCountLine, `<rdeHeader:count uri="urn:ietf:params:xml:ns:csvIDN-1.0">2</rdeHeader:count>`),
		m("<!--IDNS-->", `<csvIDN:contents xmlns:csvIDN="urn:ietf:params:xml:ns:csvIDN-1.0" xmlns:rdeCsv="urn:ietf:params:xml:ns:rdeCsv-1.0"><rdeCsv:csv name="idnLanguage" sep=","><rdeCsv:fields><rdeCsv:fIdnTableId/><rdeCsv:fUrl/></rdeCsv:fields><rdeCsv:files><rdeCsv:file cksum="`+sum+`">idn.csv</rdeCsv:file></rdeCsv:files></rdeCsv:csv></csvIDN:contents>`),
	})
	xml = cutBlocks(`<rdeIDN:idnTableRef id="ja">`, "</rdeIDN:idnTableRef>")(xml)
	ro := rstBaseOptions()
	ro.IDNTables = []string{"ja", "th"}
	got := codesOf(rstVerify(t, xml, ro, map[string]string{"idn.csv": data}))
	want := []string{codeIDNInvalid, codeIDNMissing, codeIDNUnexpected}
	if !slices.Equal(got, want) {
		t.Fatalf("codes %v, want %v", got, want)
	}
}
