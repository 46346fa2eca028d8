package escrow

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// This file holds the content models of RFC 8909 §6.1 and RFC 9022 §9 (with
// the EPP types of RFC 5730–5733, RFC 5910 and RFC 3915 they import), written
// out as Go tables so that every object is checked at schema level while it
// streams by. TestSchemaAgainstXmllint compares the verdicts with
// `xmllint --schema` on the RFC XSDs in testdata/xsd.

// valueCheck returns "" if v is in the value space, else the reason.
type valueCheck func(v string) string

type attrDecl struct {
	local    string
	required bool
	check    valueCheck
}

// typeDecl is a complex or simple type. With children it is element-only
// content (a sequence of particles); otherwise simple content checked by
// simple (nil: any text; see empty).
type typeDecl struct {
	children []*particle
	simple   valueCheck
	attrs    []attrDecl
	empty    bool // no content at all (XSD empty content model)
	lax      bool // children are not checked (xs:any processContents="lax" / "skip")
	anyAttrs bool
}

// particle is an element declaration in a sequence, or a choice among alts.
type particle struct {
	name     Name
	min, max int // max < 0: unbounded
	typ      *typeDecl
	alts     []*particle // a choice group: exactly one alternative, repeated min..max times
}

func el1(ns, local string, t *typeDecl) *particle { return &particle{Name{ns, local}, 1, 1, t, nil} }
func opt(ns, local string, t *typeDecl) *particle { return &particle{Name{ns, local}, 0, 1, t, nil} }
func rep(ns, local string, min, max int, t *typeDecl) *particle {
	return &particle{Name{ns, local}, min, max, t, nil}
}
func choice(min, max int, alts ...*particle) *particle {
	return &particle{min: min, max: max, alts: alts}
}

func simple(c valueCheck, attrs ...attrDecl) *typeDecl { return &typeDecl{simple: c, attrs: attrs} }
func seqT(attrs []attrDecl, ps ...*particle) *typeDecl { return &typeDecl{children: ps, attrs: attrs} }

// --- simple types -------------------------------------------------------

// collapse applies the XML Schema whiteSpace="collapse" facet; it does not
// allocate when v is already collapsed.
func collapse(v string) string {
	ok := true
	prevSpace := true
	for i := 0; i < len(v); i++ {
		c := v[i]
		sp := c == ' ' || c == '\n' || c == '\t' || c == '\r'
		if sp && (prevSpace || c != ' ') {
			ok = false
			break
		}
		prevSpace = sp
	}
	if ok && !prevSpace || v == "" {
		return v
	}
	// Only the four XML white-space characters collapse (XML Schema Part 2
	// §4.3.6); strings.Fields would also take U+00A0, U+3000 and the like.
	return strings.Join(strings.FieldsFunc(v, isXMLSpace), " ")
}

// isXMLSpace reports the white-space characters of XML 1.0 §2.3 (S), the
// only ones XML Schema's whiteSpace facets replace or collapse.
func isXMLSpace(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' }

// trimXMLSpace removes leading and trailing XML white space (not U+00A0,
// U+3000 and the other Unicode spaces strings.TrimSpace would remove).
func trimXMLSpace(s string) string { return strings.Trim(s, " \n\t\r") }

// collapsedLen returns the length in characters of collapse(v) without
// building it.
func collapsedLen(v string) int {
	n, pendingSpace, started := 0, false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			pendingSpace = started
		case c < 0x80 || utf8.RuneStart(c):
			if pendingSpace {
				n++
				pendingSpace = false
			}
			started = true
			n++
		}
	}
	return n
}

func tokenLen(min, max int) valueCheck {
	return func(v string) string {
		n := collapsedLen(v)
		if n < min || (max > 0 && n > max) {
			if max > 0 {
				return fmt.Sprintf("length %d not in [%d, %d]", n, min, max)
			}
			return fmt.Sprintf("length %d below %d", n, min)
		}
		return ""
	}
}

func normLen(min, max int) valueCheck {
	return func(v string) string {
		n := utf8.RuneCountInString(v)
		if n < min || n > max {
			return fmt.Sprintf("length %d not in [%d, %d]", n, min, max)
		}
		return ""
	}
}

func enum(vals ...string) valueCheck {
	return func(v string) string {
		v = collapse(v)
		for _, x := range vals {
			if v == x {
				return ""
			}
		}
		return fmt.Sprintf("%q is not one of %s", v, strings.Join(vals, ", "))
	}
}

var (
	anyText    valueCheck = func(string) string { return "" }
	labelType             = tokenLen(1, 255) // eppcom:labelType (RFC 5730 §4)
	clIDType              = tokenLen(3, 16)  // eppcom:clIDType
	minToken              = tokenLen(1, 0)   // eppcom:minTokenType
	idnIDType             = tokenLen(1, 64)  // rdeIDN:idType (RFC 9022 §9.9)
	pcType                = tokenLen(0, 16)
	ccType                = tokenLen(2, 2)
	postalLine            = normLen(1, 255)
	optPostal             = normLen(0, 255)
	anyURIType valueCheck = func(v string) string { // xs:anyURI; libxml2 accepts nearly anything
		return ""
	}
	dateTimeType valueCheck = func(v string) string {
		if !validXSDateTime(collapse(v)) {
			return fmt.Sprintf("%q is not a dateTime", collapse(v))
		}
		return ""
	}
	booleanType            = enum("true", "false", "1", "0")
	roidType    valueCheck = func(v string) string { // (\w|_){1,80}-\w{1,8}
		v = collapse(v)
		i := strings.LastIndexByte(v, '-')
		if i < 1 || i > 80*4 || !isWord(v[:i], 80) || !isWord(v[i+1:], 8) {
			return fmt.Sprintf("%q does not match the roid pattern (\\w|_){1,80}-\\w{1,8}", v)
		}
		return ""
	}
	e164Type valueCheck = func(v string) string { // (\+[0-9]{1,3}\.[0-9]{1,14})?
		v = collapse(v)
		if v == "" {
			return ""
		}
		cc, num, ok := strings.Cut(v, ".")
		if ok && len(cc) >= 2 && len(cc) <= 4 && cc[0] == '+' && digits(cc[1:]) && len(num) >= 1 && len(num) <= 14 && digits(num) {
			return ""
		}
		return fmt.Sprintf("%q is not an E.164 number (+CC.NNNN)", v)
	}
	depositLong valueCheck = func(v string) string {
		if _, err := strconv.ParseInt(collapse(v), 10, 64); err != nil {
			return fmt.Sprintf("%q is not a long", collapse(v))
		}
		return ""
	}
	positiveInt valueCheck = func(v string) string {
		n, err := strconv.ParseUint(collapse(v), 10, 64)
		if err != nil || n == 0 {
			return fmt.Sprintf("%q is not a positiveInteger", collapse(v))
		}
		return ""
	}
	unsignedShort            = uintMax(65535)
	unsignedByte             = uintMax(255)
	hexBinary     valueCheck = func(v string) string {
		v = collapse(v)
		if len(v)%2 != 0 {
			return "odd number of hex digits"
		}
		for _, c := range v {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return fmt.Sprintf("%q is not hexBinary", v)
			}
		}
		return ""
	}
	base64Type valueCheck = func(v string) string {
		n := 0
		for _, c := range v {
			switch {
			case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/', c == '=':
				n++
			case c == ' ', c == '\n', c == '\t', c == '\r':
			default:
				return "not base64"
			}
		}
		if n == 0 || n%4 != 0 {
			return "not base64 (length)"
		}
		return ""
	}
)

func uintMax(max uint64) valueCheck {
	return func(v string) string {
		n, err := strconv.ParseUint(collapse(v), 10, 64)
		if err != nil || n > max {
			return fmt.Sprintf("%q is not an integer in [0, %d]", collapse(v), max)
		}
		return ""
	}
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func isWord(s string, max int) bool {
	n := 0
	for _, c := range s {
		n++
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c > 0x7f) {
			return false
		}
	}
	return n >= 1 && n <= max
}

// validXSDateTime checks the lexical space of XML Schema 1.0 dateTime:
// -?YYYY-MM-DDThh:mm:ss(.s+)?(Z|(+|-)hh:mm)? with valid ranges.
func validXSDateTime(s string) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return false
	}
	num := func(a, b int) int {
		n := 0
		for i := a; i < b; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, mo, d, h, mi, sec := num(0, 4), num(5, 7), num(8, 10), num(11, 13), num(14, 16), num(17, 19)
	if y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) || h < 0 || mi < 0 || mi > 59 || sec < 0 || sec > 59 {
		return false
	}
	if h > 24 || (h == 24 && (mi != 0 || sec != 0)) {
		return false
	}
	rest := s[19:]
	if len(rest) > 0 && rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return false
		}
		rest = rest[i:]
	}
	switch {
	case rest == "" || rest == "Z":
		return true
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		s = rest
		th, tm := num(1, 3), num(4, 6)
		return th >= 0 && tm >= 0 && tm <= 59 && (th < 14 || th == 14 && tm == 0)
	}
	return false
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// --- complex types ------------------------------------------------------

var (
	noAttrs []attrDecl
	rrType  = simple(clIDType, attrDecl{"client", false, clIDType}) // rdeDnrdCommon:rrType
	dateT   = simple(dateTimeType)
	statusT = func(vals ...string) *typeDecl {
		return simple(anyText, attrDecl{"s", true, enum(vals...)}, attrDecl{"lang", false, nil})
	}
	laxT     = &typeDecl{lax: true, anyAttrs: true}
	domainSt = statusT("clientDeleteProhibited", "clientHold", "clientRenewProhibited", "clientTransferProhibited",
		"clientUpdateProhibited", "inactive", "ok", "pendingCreate", "pendingDelete", "pendingRenew", "pendingTransfer",
		"pendingUpdate", "serverDeleteProhibited", "serverHold", "serverRenewProhibited", "serverTransferProhibited",
		"serverUpdateProhibited") // RFC 5731 §2.3
	hostSt = statusT("clientDeleteProhibited", "clientUpdateProhibited", "linked", "ok", "pendingCreate",
		"pendingDelete", "pendingTransfer", "pendingUpdate", "serverDeleteProhibited", "serverUpdateProhibited") // RFC 5732 §2.3
	contactSt = statusT("clientDeleteProhibited", "clientTransferProhibited", "clientUpdateProhibited", "linked", "ok",
		"pendingCreate", "pendingDelete", "pendingTransfer", "pendingUpdate", "serverDeleteProhibited",
		"serverTransferProhibited", "serverUpdateProhibited") // RFC 5733 §2.2
	rgpSt = statusT("addPeriod", "autoRenewPeriod", "renewPeriod", "transferPeriod", "pendingDelete",
		"pendingRestore", "redemptionPeriod") // RFC 3915 §4.3
	trStatus = simple(enum("clientApproved", "clientCancelled", "clientRejected", "pending", "serverApproved", "serverCancelled"))
	hostAddr = simple(tokenLen(3, 45), attrDecl{"ip", false, enum("v4", "v6")}) // host:addrType (RFC 5732)

	keyDataT = seqT(noAttrs,
		el1(nsSecDNS, "flags", simple(unsignedShort)),
		el1(nsSecDNS, "protocol", simple(unsignedByte)),
		el1(nsSecDNS, "alg", simple(unsignedByte)),
		el1(nsSecDNS, "pubKey", simple(base64Type)))
	dsDataT = seqT(noAttrs,
		el1(nsSecDNS, "keyTag", simple(unsignedShort)),
		el1(nsSecDNS, "alg", simple(unsignedByte)),
		el1(nsSecDNS, "digestType", simple(unsignedByte)),
		el1(nsSecDNS, "digest", simple(hexBinary)),
		opt(nsSecDNS, "keyData", keyDataT))
	secDNST = seqT(noAttrs, // secDNS:dsOrKeyType (RFC 5910 §4)
		opt(nsSecDNS, "maxSigLife", simple(positiveInt)),
		choice(1, 1, rep(nsSecDNS, "dsData", 1, -1, dsDataT), rep(nsSecDNS, "keyData", 1, -1, keyDataT)))
	nsT = seqT(noAttrs, choice(1, 1, // domain:nsType (RFC 5731)
		rep(nsEPPDomain, "hostObj", 1, -1, simple(labelType)),
		rep(nsEPPDomain, "hostAttr", 1, -1, seqT(noAttrs,
			el1(nsEPPDomain, "hostName", simple(labelType)),
			rep(nsEPPDomain, "hostAddr", 0, -1, hostAddr)))))
	domainTrn = seqT(noAttrs,
		el1(NSDomain, "trStatus", trStatus),
		el1(NSDomain, "reRr", rrType),
		el1(NSDomain, "reDate", dateT),
		el1(NSDomain, "acRr", rrType),
		el1(NSDomain, "acDate", dateT),
		opt(NSDomain, "exDate", dateT))

	// rdeDomain:abstractContentType (RFC 9022 §9.3)
	domainT = seqT(noAttrs,
		el1(NSDomain, "name", simple(labelType)),
		el1(NSDomain, "roid", simple(roidType)),
		opt(NSDomain, "uName", simple(labelType)),
		opt(NSDomain, "idnTableId", simple(idnIDType)),
		opt(NSDomain, "originalName", simple(labelType)),
		rep(NSDomain, "status", 1, 11, domainSt),
		rep(NSDomain, "rgpStatus", 0, -1, rgpSt),
		opt(NSDomain, "registrant", simple(clIDType)),
		rep(NSDomain, "contact", 0, -1, simple(clIDType, attrDecl{"type", false, enum("admin", "billing", "tech")})),
		opt(NSDomain, "ns", nsT),
		el1(NSDomain, "clID", simple(clIDType)),
		opt(NSDomain, "crRr", rrType),
		opt(NSDomain, "crDate", dateT),
		opt(NSDomain, "exDate", dateT),
		opt(NSDomain, "upRr", rrType),
		opt(NSDomain, "upDate", dateT),
		opt(NSDomain, "secDNS", secDNST),
		opt(NSDomain, "trDate", dateT),
		opt(NSDomain, "trnData", domainTrn))

	// rdeHost:abstractContentType (RFC 9022 §9.5)
	hostT = seqT(noAttrs,
		el1(NSHost, "name", simple(labelType)),
		el1(NSHost, "roid", simple(roidType)),
		rep(NSHost, "status", 1, 7, hostSt),
		rep(NSHost, "addr", 0, -1, hostAddr),
		el1(NSHost, "clID", simple(clIDType)),
		opt(NSHost, "crRr", rrType),
		opt(NSHost, "crDate", dateT),
		opt(NSHost, "upRr", rrType),
		opt(NSHost, "upDate", dateT),
		opt(NSHost, "trDate", dateT))

	intLoc           = &typeDecl{empty: true, attrs: []attrDecl{{"type", true, enum("loc", "int")}}}
	contactPostalInf = seqT([]attrDecl{{"type", true, enum("loc", "int")}}, // contact:postalInfoType (RFC 5733)
		el1(nsEPPContact, "name", simple(postalLine)),
		opt(nsEPPContact, "org", simple(optPostal)),
		el1(nsEPPContact, "addr", seqT(noAttrs,
			rep(nsEPPContact, "street", 0, 3, simple(optPostal)),
			el1(nsEPPContact, "city", simple(postalLine)),
			opt(nsEPPContact, "sp", simple(optPostal)),
			opt(nsEPPContact, "pc", simple(pcType)),
			el1(nsEPPContact, "cc", simple(ccType)))))
	e164T    = simple(e164Type, attrDecl{"x", false, nil})
	anyEmpty = &typeDecl{lax: true, anyAttrs: true} // xs:anyType elements (voice/fax/email in disclose)
	// rdeContact:abstractContentType (RFC 9022 §9.7)
	contactT = seqT(noAttrs,
		el1(NSContact, "id", simple(clIDType)),
		el1(NSContact, "roid", simple(roidType)),
		rep(NSContact, "status", 1, 7, contactSt),
		rep(NSContact, "postalInfo", 1, 2, contactPostalInf),
		opt(NSContact, "voice", e164T),
		opt(NSContact, "fax", e164T),
		el1(NSContact, "email", simple(minToken)),
		el1(NSContact, "clID", simple(clIDType)),
		opt(NSContact, "crRr", rrType),
		opt(NSContact, "crDate", dateT),
		opt(NSContact, "upRr", rrType),
		opt(NSContact, "upDate", dateT),
		opt(NSContact, "trDate", dateT),
		opt(NSContact, "trnData", seqT(noAttrs,
			el1(NSContact, "trStatus", trStatus),
			el1(NSContact, "reRr", rrType),
			el1(NSContact, "reDate", dateT),
			el1(NSContact, "acRr", rrType),
			el1(NSContact, "acDate", dateT))),
		opt(NSContact, "disclose", seqT([]attrDecl{{"flag", true, booleanType}},
			rep(nsEPPContact, "name", 0, 2, intLoc),
			rep(nsEPPContact, "org", 0, 2, intLoc),
			rep(nsEPPContact, "addr", 0, 2, intLoc),
			opt(nsEPPContact, "voice", anyEmpty),
			opt(nsEPPContact, "fax", anyEmpty),
			opt(nsEPPContact, "email", anyEmpty))))

	// rdeRegistrar:abstractContentType (RFC 9022 §9.8)
	registrarT = seqT(noAttrs,
		el1(NSRegistrar, "id", simple(clIDType)),
		el1(NSRegistrar, "name", simple(normLen(1, 255))),
		opt(NSRegistrar, "gurid", simple(positiveInt)),
		opt(NSRegistrar, "status", simple(enum("ok", "readonly", "terminated"))),
		rep(NSRegistrar, "postalInfo", 0, 2, seqT([]attrDecl{{"type", true, enum("loc", "int")}},
			el1(NSRegistrar, "addr", seqT(noAttrs,
				rep(NSRegistrar, "street", 0, 3, simple(optPostal)),
				el1(NSRegistrar, "city", simple(postalLine)),
				opt(NSRegistrar, "sp", simple(optPostal)),
				opt(NSRegistrar, "pc", simple(pcType)),
				el1(NSRegistrar, "cc", simple(ccType)))))),
		opt(NSRegistrar, "voice", e164T),
		opt(NSRegistrar, "fax", e164T),
		opt(NSRegistrar, "email", simple(minToken)),
		opt(NSRegistrar, "url", simple(anyURIType)),
		opt(NSRegistrar, "whoisInfo", seqT(noAttrs,
			opt(NSRegistrar, "name", simple(labelType)),
			opt(NSRegistrar, "url", simple(anyURIType)))),
		opt(NSRegistrar, "crDate", dateT),
		opt(NSRegistrar, "upDate", dateT))

	// rdeIDN:contentType (RFC 9022 §9.9)
	idnT = seqT([]attrDecl{{"id", true, idnIDType}},
		el1(NSIDN, "url", simple(anyURIType)),
		el1(NSIDN, "urlPolicy", simple(anyURIType)))

	// rdeNNDN:abstractContentType (RFC 9022 §9.11)
	nndnT = seqT(noAttrs,
		el1(NSNNDN, "aName", simple(labelType)),
		opt(NSNNDN, "uName", simple(labelType)),
		opt(NSNNDN, "idnTableId", simple(idnIDType)),
		opt(NSNNDN, "originalName", simple(labelType)),
		el1(NSNNDN, "nameState", simple(enum("withheld", "blocked", "mirrored"), attrDecl{"mirroringNS", false, booleanType})),
		opt(NSNNDN, "crDate", dateT))

	// rdeEppParams:abstractContentType (RFC 9022 §9.13); dcp (RFC 5730) checked laxly.
	eppParamsT = seqT(noAttrs,
		rep(NSEppParams, "version", 1, -1, simple(enum("1.0"))),
		rep(NSEppParams, "lang", 1, -1, simple(minToken)),
		rep(NSEppParams, "objURI", 1, -1, simple(anyURIType)),
		opt(NSEppParams, "svcExtension", seqT(noAttrs, rep(nsEPP, "extURI", 1, -1, simple(anyURIType)))),
		el1(NSEppParams, "dcp", laxT))

	// rdePolicy:policyType (RFC 9022 §9.15)
	policyT = &typeDecl{empty: true, attrs: []attrDecl{{"scope", true, minToken}, {"element", true, minToken}}}

	// rdeHeader:contentType (RFC 9022 §9.17)
	headerT = seqT(noAttrs,
		choice(1, 1,
			el1(NSHeader, "tld", simple(labelType)),
			el1(NSHeader, "registrar", simple(positiveInt)),
			el1(NSHeader, "ppsp", simple(anyText)),
			el1(NSHeader, "reseller", simple(anyText))),
		rep(NSHeader, "count", 1, -1, simple(depositLong,
			attrDecl{"uri", true, anyURIType}, attrDecl{"rcdn", false, labelType}, attrDecl{"registrarId", false, positiveInt})),
		opt(NSHeader, "contentTag", simple(anyText)))

	// Delete types (RFC 9022 §9.3, §9.5, §9.7, §9.8, §9.9, §9.11).
	domainDelT    = seqT(noAttrs, rep(NSDomain, "name", 0, -1, simple(labelType)))
	hostDelT      = seqT(noAttrs, choice(0, -1, el1(NSHost, "name", simple(labelType)), el1(NSHost, "roid", simple(roidType))))
	contactDelT   = seqT(noAttrs, rep(NSContact, "id", 0, -1, simple(clIDType)))
	registrarDelT = seqT(noAttrs, rep(NSRegistrar, "id", 0, -1, simple(clIDType)))
	idnDelT       = seqT(noAttrs, el1(NSIDN, "id", simple(idnIDType)))
	nndnDelT      = seqT(noAttrs, rep(NSNNDN, "aName", 0, -1, simple(labelType)))

	// rdeCsv:csvType (RFC 9022 §9.1). Field elements come from a
	// substitution group spread over the csv* schemas; they are checked to
	// be empty elements of an RFC 9022 CSV namespace.
	csvFieldT = &typeDecl{empty: true, attrs: []attrDecl{{"isRequired", false, booleanType}, {"parent", false, booleanType},
		{"type", false, nil}, {"isLoc", false, booleanType}, {"index", false, nil}}}
	csvT = seqT([]attrDecl{{"name", true, minToken}, {"sep", false, func(v string) string {
		if len([]rune(v)) != 1 {
			return "sep must be exactly one character"
		}
		return ""
	}}},
		el1(NSCSV, "fields", &typeDecl{lax: true}),
		el1(NSCSV, "files", seqT(noAttrs, rep(NSCSV, "file", 1, -1, simple(minToken,
			attrDecl{"compression", false, nil}, attrDecl{"encoding", false, nil},
			attrDecl{"cksum", false, nil}, attrDecl{"cksumAlg", false, enum("CRC32", "SHA256")})))))
)

// objectType returns the schema type of an object's root element.
func objectType(o *Object) *typeDecl {
	if o.Delete {
		switch o.Kind {
		case KindDomain:
			return domainDelT
		case KindHost:
			return hostDelT
		case KindContact:
			return contactDelT
		case KindRegistrar:
			return registrarDelT
		case KindIDNTableRef:
			return idnDelT
		case KindNNDN:
			return nndnDelT
		case KindCSV:
			return csvT
		}
		return nil
	}
	switch o.Kind {
	case KindHeader:
		return headerT
	case KindDomain:
		return domainT
	case KindHost:
		return hostT
	case KindContact:
		return contactT
	case KindRegistrar:
		return registrarT
	case KindIDNTableRef:
		return idnT
	case KindNNDN:
		return nndnT
	case KindEppParams:
		return eppParamsT
	case KindPolicy:
		return policyT
	case KindCSV:
		return csvT
	}
	return nil
}

// schemaFinding is one schema-level problem inside an object.
type schemaFinding struct {
	line int
	msg  string
}

type validator struct {
	out []schemaFinding
}

func (v *validator) bad(e *Element, format string, args ...any) {
	if len(v.out) < 64 {
		v.out = append(v.out, schemaFinding{e.Line, fmt.Sprintf(format, args...)})
	}
}

// validate checks e against t, appending findings.
func validate(e *Element, t *typeDecl, out []schemaFinding) []schemaFinding {
	v := validator{out: out}
	v.check(e, t)
	return v.out
}

func (v *validator) check(e *Element, t *typeDecl) {
	// attributes
	if !t.anyAttrs {
		for _, a := range e.Attrs {
			if a.Name.Space != "" {
				if a.Name.Space == "http://www.w3.org/2001/XMLSchema-instance" {
					continue
				}
				v.bad(e, "<%s>: unexpected attribute {%s}%s", e.Name.Local, a.Name.Space, a.Name.Local)
				continue
			}
			var d *attrDecl
			for i := range t.attrs {
				if t.attrs[i].local == a.Name.Local {
					d = &t.attrs[i]
				}
			}
			if d == nil {
				v.bad(e, "<%s>: unexpected attribute %q", e.Name.Local, a.Name.Local)
			} else if d.check != nil {
				if why := d.check(a.Value); why != "" {
					v.bad(e, "<%s> attribute %s: %s", e.Name.Local, a.Name.Local, why)
				}
			}
		}
		for _, d := range t.attrs {
			if d.required {
				if _, ok := e.Attr(d.local); !ok {
					v.bad(e, "<%s>: missing required attribute %q", e.Name.Local, d.local)
				}
			}
		}
	}
	if t.lax {
		return
	}
	if t.empty {
		if len(e.Children) > 0 || trimXMLSpace(e.Text) != "" {
			v.bad(e, "<%s> must be empty", e.Name.Local)
		}
		return
	}
	if t.children == nil {
		if len(e.Children) > 0 {
			v.bad(e, "<%s> has a simple type but contains element <%s>", e.Name.Local, e.Children[0].Name.Local)
			return
		}
		if t.simple != nil {
			if why := t.simple(e.Text); why != "" {
				v.bad(e, "<%s>: %s", e.Name.Local, why)
			}
		}
		return
	}
	if e.Mixed || (len(e.Children) == 0 && trimXMLSpace(e.Text) != "") {
		v.bad(e, "<%s>: character data in element-only content", e.Name.Local)
	}
	i := 0
	ch := e.Children
	for _, p := range t.children {
		n := 0
		if p.alts != nil {
			// A choice: one alternative, itself possibly repeated; the
			// group repeats min..max times.
			for (p.max < 0 || n < p.max) && i < len(ch) {
				var m *particle
				for _, a := range p.alts {
					if ch[i].Name == a.name {
						m = a
						break
					}
				}
				if m == nil {
					break
				}
				k := 0
				for i < len(ch) && ch[i].Name == m.name && (m.max < 0 || k < m.max) {
					v.check(ch[i], m.typ)
					i++
					k++
				}
				if k < m.min {
					v.bad(e, "<%s>: too few <%s> (%d, minimum %d)", e.Name.Local, m.name.Local, k, m.min)
				}
				n++
			}
			if n < p.min {
				var names []string
				for _, a := range p.alts {
					names = append(names, "<"+a.name.Local+">")
				}
				v.bad(e, "<%s>: missing one of %s", e.Name.Local, strings.Join(names, ", "))
			}
			continue
		}
		for (p.max < 0 || n < p.max) && i < len(ch) && ch[i].Name == p.name {
			v.check(ch[i], p.typ)
			i++
			n++
		}
		if n < p.min {
			v.bad(e, "<%s>: missing required <%s> (or out of order)", e.Name.Local, p.name.Local)
		}
	}
	for ; i < len(ch); i++ {
		c := ch[i]
		v.bad(e, "<%s>: unexpected element {%s}%s (unknown, repeated too often or out of order)", e.Name.Local, c.Name.Space, c.Name.Local)
	}
}

// knownNames lists the namespace names and local names of the schema tables,
// for the tokenizer's intern table: element names then share the very
// strings the tables hold, and comparisons are pointer checks.
var knownNames = sync.OnceValue(func() []string {
	seen := map[string]bool{}
	var out []string
	addS := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, p := range writerPrefixes {
		addS(p.uri)
	}
	for _, s := range []string{nsDnrdCommon, nsEPPCom, "deposit", "watermark", "rdeMenu", "version", "objURI", "contents", "deletes", "delete", "csv"} {
		addS(s)
	}
	var walk func(t *typeDecl)
	visited := map[*typeDecl]bool{}
	walk = func(t *typeDecl) {
		if t == nil || visited[t] {
			return
		}
		visited[t] = true
		for _, a := range t.attrs {
			addS(a.local)
		}
		var ps []*particle
		ps = append(ps, t.children...)
		for len(ps) > 0 {
			p := ps[0]
			ps = ps[1:]
			ps = append(ps, p.alts...)
			addS(p.name.Space)
			addS(p.name.Local)
			walk(p.typ)
		}
	}
	for _, t := range []*typeDecl{headerT, domainT, hostT, contactT, registrarT, idnT, nndnT, eppParamsT, policyT, csvT,
		domainDelT, hostDelT, contactDelT, registrarDelT, idnDelT, nndnDelT, csvFieldT} {
		walk(t)
	}
	return out
})
