package escrow

// Namespace names of RFC 8909 and RFC 9022 (RFC 9022 §9, IANA XML registry).
// Elements are always matched by namespace name, never by prefix (RFC 8909 §4).
const (
	NSRDE          = "urn:ietf:params:xml:ns:rde-1.0"
	NSHeader       = "urn:ietf:params:xml:ns:rdeHeader-1.0"
	NSDomain       = "urn:ietf:params:xml:ns:rdeDomain-1.0"
	NSHost         = "urn:ietf:params:xml:ns:rdeHost-1.0"
	NSContact      = "urn:ietf:params:xml:ns:rdeContact-1.0"
	NSRegistrar    = "urn:ietf:params:xml:ns:rdeRegistrar-1.0"
	NSIDN          = "urn:ietf:params:xml:ns:rdeIDN-1.0"
	NSNNDN         = "urn:ietf:params:xml:ns:rdeNNDN-1.0"
	NSEppParams    = "urn:ietf:params:xml:ns:rdeEppParams-1.0"
	NSPolicy       = "urn:ietf:params:xml:ns:rdePolicy-1.0"
	nsDnrdCommon   = "urn:ietf:params:xml:ns:rdeDnrdCommon-1.0"
	NSCSV          = "urn:ietf:params:xml:ns:rdeCsv-1.0"
	NSCSVDomain    = "urn:ietf:params:xml:ns:csvDomain-1.0"
	NSCSVHost      = "urn:ietf:params:xml:ns:csvHost-1.0"
	NSCSVContact   = "urn:ietf:params:xml:ns:csvContact-1.0"
	NSCSVRegistrar = "urn:ietf:params:xml:ns:csvRegistrar-1.0"
	NSCSVIDN       = "urn:ietf:params:xml:ns:csvIDN-1.0"
	NSCSVNNDN      = "urn:ietf:params:xml:ns:csvNNDN-1.0"
	nsEPP          = "urn:ietf:params:xml:ns:epp-1.0"
	nsEPPCom       = "urn:ietf:params:xml:ns:eppcom-1.0"
	nsEPPDomain    = "urn:ietf:params:xml:ns:domain-1.0"
	nsEPPHost      = "urn:ietf:params:xml:ns:host-1.0"
	nsEPPContact   = "urn:ietf:params:xml:ns:contact-1.0"
	nsSecDNS       = "urn:ietf:params:xml:ns:secDNS-1.1"
	nsRGP          = "urn:ietf:params:xml:ns:rgp-1.0"
)

// Kind is the kind of an object in a deposit.
type Kind uint8

// Object kinds (RFC 9022 §5 for the XML model, §4.6 for CSV).
const (
	KindUnknown     Kind = iota // an element of an unknown namespace (extension); preserved, reported by Verify
	KindHeader                  // rdeHeader:header (RFC 9022 §5.7)
	KindDomain                  // rdeDomain:domain (RFC 9022 §5.1.1)
	KindHost                    // rdeHost:host (RFC 9022 §5.2.1)
	KindContact                 // rdeContact:contact (RFC 9022 §5.3.1)
	KindRegistrar               // rdeRegistrar:registrar (RFC 9022 §5.4.1)
	KindIDNTableRef             // rdeIDN:idnTableRef (RFC 9022 §5.5.1)
	KindNNDN                    // rdeNNDN:NNDN (RFC 9022 §5.6.1)
	KindEppParams               // rdeEppParams:eppParams (RFC 9022 §5.8)
	KindPolicy                  // rdePolicy:policy (RFC 9022 §5.9)
	KindCSV                     // rdeCsv:csv inside a csvX:contents or csvX:deletes (RFC 9022 §4.6)
)

var kindNames = [...]string{"unknown", "header", "domain", "host", "contact", "registrar", "idnTableRef", "NNDN", "eppParams", "policy", "csv"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// objectKind classifies a child of <rde:contents> or <rde:deletes>.
func objectKind(space, local string, del bool) Kind {
	if del {
		if local != "delete" {
			return KindUnknown
		}
		switch space {
		case NSDomain:
			return KindDomain
		case NSHost:
			return KindHost
		case NSContact:
			return KindContact
		case NSRegistrar:
			return KindRegistrar
		case NSIDN:
			return KindIDNTableRef
		case NSNNDN:
			return KindNNDN
		}
		return KindUnknown
	}
	switch {
	case space == NSHeader && local == "header":
		return KindHeader
	case space == NSDomain && local == "domain":
		return KindDomain
	case space == NSHost && local == "host":
		return KindHost
	case space == NSContact && local == "contact":
		return KindContact
	case space == NSRegistrar && local == "registrar":
		return KindRegistrar
	case space == NSIDN && local == "idnTableRef":
		return KindIDNTableRef
	case space == NSNNDN && local == "NNDN":
		return KindNNDN
	case space == NSEppParams && local == "eppParams":
		return KindEppParams
	case space == NSPolicy && local == "policy":
		return KindPolicy
	}
	return KindUnknown
}

// csvModelKind maps a CSV model namespace to the object kind it carries.
func csvModelKind(space string) Kind {
	switch space {
	case NSCSVDomain:
		return KindDomain
	case NSCSVHost:
		return KindHost
	case NSCSVContact:
		return KindContact
	case NSCSVRegistrar:
		return KindRegistrar
	case NSCSVIDN:
		return KindIDNTableRef
	case NSCSVNNDN:
		return KindNNDN
	}
	return KindUnknown
}

// modelURI returns the namespace counted in the header for objects of kind k
// in the XML model (RFC 9022 §5.7).
func (k Kind) modelURI() string {
	switch k {
	case KindDomain:
		return NSDomain
	case KindHost:
		return NSHost
	case KindContact:
		return NSContact
	case KindRegistrar:
		return NSRegistrar
	case KindIDNTableRef:
		return NSIDN
	case KindNNDN:
		return NSNNDN
	case KindEppParams:
		return NSEppParams
	}
	return ""
}
