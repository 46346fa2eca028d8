package dnssec

import "github.com/miekg/dns"

// Requirement is an implementation-requirement level of RFC 8624 §3 (now the
// "Use for DNSSEC Signing" / "Use for DNSSEC Validation" columns of the IANA
// "DNS Security Algorithm Numbers" registry, RFC 9904).
type Requirement string

// Requirement levels (RFC 2119 keywords as used by RFC 8624 §3.1 and §3.3).
const (
	MustNot        Requirement = "MUST NOT"
	NotRecommended Requirement = "NOT RECOMMENDED"
	May            Requirement = "MAY"
	Recommended    Requirement = "RECOMMENDED"
	Must           Requirement = "MUST"
	Unknown        Requirement = "unknown"
)

// Status is what this package knows and does about one DNSKEY algorithm.
type Status struct {
	Algorithm  uint8
	Name       string      // mnemonic, e.g. "ECDSAP256SHA256"
	Signing    Requirement // RFC 8624 §3.1, updated by RFC 9905 for 5 and 7
	Validation Requirement // RFC 8624 §3.1
	// Supported reports whether this package verifies signatures of the
	// algorithm by default. Deprecated reports that it does so only with
	// AllowDeprecatedAlgorithms (NewKeyAllowDeprecated).
	Supported  bool
	Deprecated bool
}

// algorithmTable is RFC 8624 §3.1 (validation column) with the signing
// column as updated by RFC 9905 (RSASHA1 and RSASHA1-NSEC3-SHA1: MUST NOT
// sign). Validation of 5 and 7 is still MUST in RFC 8624; this package
// nevertheless requires an explicit opt-in for them, because SHA-1 is
// broken for chosen-prefix collisions and RFC 9905 deprecates both
// algorithms: without the opt-in they are treated as unsupported, which
// makes a zone signed only with them insecure, never bogus (RFC 4035 §5.2).
var algorithmTable = map[uint8]Status{
	dns.RSAMD5:           {Name: "RSAMD5", Signing: MustNot, Validation: MustNot},
	dns.DSA:              {Name: "DSA", Signing: MustNot, Validation: MustNot},
	dns.RSASHA1:          {Name: "RSASHA1", Signing: MustNot, Validation: Must, Supported: true, Deprecated: true},
	dns.DSANSEC3SHA1:     {Name: "DSA-NSEC3-SHA1", Signing: MustNot, Validation: MustNot},
	dns.RSASHA1NSEC3SHA1: {Name: "RSASHA1-NSEC3-SHA1", Signing: MustNot, Validation: Must, Supported: true, Deprecated: true},
	dns.RSASHA256:        {Name: "RSASHA256", Signing: Must, Validation: Must, Supported: true},
	dns.RSASHA512:        {Name: "RSASHA512", Signing: NotRecommended, Validation: Must, Supported: true},
	dns.ECCGOST:          {Name: "ECC-GOST", Signing: MustNot, Validation: May},
	dns.ECDSAP256SHA256:  {Name: "ECDSAP256SHA256", Signing: Must, Validation: Must, Supported: true},
	dns.ECDSAP384SHA384:  {Name: "ECDSAP384SHA384", Signing: May, Validation: Recommended, Supported: true},
	dns.ED25519:          {Name: "ED25519", Signing: Recommended, Validation: Recommended, Supported: true},
	dns.ED448:            {Name: "ED448", Signing: May, Validation: Recommended, Supported: true},
}

// AlgorithmStatus reports the RFC 8624 / RFC 9905 status of a DNSKEY
// algorithm number and whether this package supports it. Unknown numbers
// get Requirement Unknown and Supported false.
func AlgorithmStatus(alg uint8) Status {
	s, ok := algorithmTable[alg]
	if !ok {
		return Status{Algorithm: alg, Name: dns.AlgorithmToString[alg], Signing: Unknown, Validation: Unknown}
	}
	s.Algorithm = alg
	return s
}

// DigestStatus reports the RFC 8624 §3.3 validation requirement of a DS
// digest type and whether this package supports it.
func DigestStatus(digest uint8) (Requirement, bool) {
	switch digest {
	case dns.SHA1:
		return Must, true // RFC 8624 §3.3; used only when no stronger digest matches (RFC 4509 §3)
	case dns.SHA256:
		return Must, true
	case dns.GOST94:
		return May, false
	case dns.SHA384:
		return Recommended, true
	}
	return Unknown, false
}
