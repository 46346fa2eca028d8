package trustanchor

// Limits on untrusted input. Each is the default used when the corresponding
// field of a configuration struct is zero; a configuration can lower or
// raise it but never make it unlimited.
const (
	// MaxDocumentSize caps root-anchors.xml and any single text file read
	// by this package (zone lines, BIND, unbound, Knot, KEYDATA): 1 MiB.
	// The real IANA document is 1861 bytes.
	MaxDocumentSize = 1 << 20
	// MaxKeyDigests caps KeyDigest elements in one TrustAnchor document.
	MaxKeyDigests = 64
	// MaxCMSSize caps a detached CMS signature (the real one is 2523 bytes).
	MaxCMSSize = 256 << 10
	// MaxCertificates caps certificates in a CA bundle or in a CMS
	// SignedData.
	MaxCertificates = 32
	// MaxSigners caps SignerInfos examined in a CMS SignedData.
	MaxSigners = 8
	// MaxLines caps lines in a text file.
	MaxLines = 100000
	// MaxLineLength caps one line (or one BIND statement) in bytes.
	MaxLineLength = 64 << 10
	// MaxKeys caps keys (DS or DNSKEY) in one trust point or file; RFC
	// 5011 §2.4 asks for at least 5 per trust point.
	MaxKeys = 256
	// MaxZoneRecords caps records read from a root zone for the TLD
	// repository (the 2022 root zone has about 22,000).
	MaxZoneRecords = 1_000_000
	// MaxZoneBytes caps the root zone text read by BuildRepository (it is
	// held in memory so that ZONEMD can be checked over the same bytes; the
	// root zone is about 2 MB).
	MaxZoneBytes = 64 << 20
	// MaxSignatureChecks caps RRSIG verifications when building a TLD
	// repository (one per TLD DS RRset plus the apex).
	MaxSignatureChecks = 10_000
	// MaxFindings caps the findings a Repository keeps; past it they are
	// counted in Repository.Dropped.
	MaxFindings = 10_000
	// MaxStateTime caps the timestamps of the RFC 5011 state files
	// (unbound ;;last_queried, ;;last_success, ;;next_probe_time and
	// ;;lastchange, Knot Resolver timers, BIND KEYDATA times): unbound
	// writes them as 32-bit unsigned integers and KEYDATA holds them in
	// 32-bit fields, so later times (after 2106-02-07) do not fit.
	MaxStateTime = 1<<32 - 1
	// MaxStateInterval caps the interval fields of unbound's state file
	// (;;query_interval, ;;retry_time) in seconds: unbound keeps and
	// prints them as 32-bit signed integers. It also keeps every interval
	// far from time.Duration's range (about 292 years).
	MaxStateInterval = 1<<31 - 1
	// MaxStateCount caps the counters of unbound's state file
	// (;;query_failed, ;;count).
	MaxStateCount = 1<<31 - 1
)

// Nesting needs no separate limit: the XML parser follows the RFC 9718
// schema and refuses any element deeper than TrustAnchor/KeyDigest/field
// (three levels), and the CMS parser decodes fixed RFC 5652 structures
// (ContentInfo, SignedData, SignerInfo, Attribute) without recursing into
// arbitrary DER.

// pick returns v if positive, else def.
func pick(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}
