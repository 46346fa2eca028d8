package dnssec

// Limits on untrusted input. Each is the default used when the
// corresponding field of a configuration struct is zero; a configuration can
// lower or raise it but never make it unlimited.

// Validation work limits (KeyTrap, CVE-2023-50387; NSEC3 closest-encloser
// hashing, CVE-2023-50868). Defaults are no looser than both Unbound 1.19.1
// and PowerDNS Recursor 4.8.6/4.9.3/5.0.2, the first releases with fixes.
const (
	// MaxRRSIGsPerRRset is how many RRSIGs of one RRset are tried (a
	// cryptographic verification each) before the RRset is bogus.
	// PowerDNS max-rrsigs-per-record 2; Unbound MAX_VALIDATE_RRSIGS 8.
	MaxRRSIGsPerRRset = 2
	// MaxKeysPerRRSIG is how many DNSKEYs with the RRSIG's key tag and
	// algorithm are tried for one RRSIG (key-tag collisions). PowerDNS
	// max-dnskeys 2; hickory-dns MAX_KEY_TAG_COLLISIONS 2.
	MaxKeysPerRRSIG = 2
	// MaxSignatureVerifications bounds the signature verifications of one
	// validation, chain of trust included. PowerDNS
	// max-signature-validations-per-query 30; Unbound 8 per step × 16
	// suspensions.
	MaxSignatureVerifications = 30
	// MaxDSDigests bounds the DS digest computations of one validation
	// (Unbound MAX_DS_MATCH_FAILURES 4 per RRset; PowerDNS max-ds-per-zone 8).
	MaxDSDigests = 8
	// MaxNSEC3Hashes bounds the NSEC3 name hashes of one validation.
	// Unbound MAX_NSEC3_CALCULATIONS 8 × 16 suspensions = 128; PowerDNS
	// max-nsec3-hash-computations-per-query 600.
	MaxNSEC3Hashes = 128
	// MaxNSEC3Iterations is the largest NSEC3 iteration count a proof may
	// use; above it the answer is insecure (RFC 9276 §3.2, EDE 27).
	// PowerDNS nsec3-max-iterations 50 (pdns#13478), Knot Resolver 50;
	// BIND and Unbound use 150.
	MaxNSEC3Iterations = 50
	// MaxNSEC3HashIterations is the iteration count above which NSEC3Hash
	// refuses to hash at all: RFC 5155 §10.3's largest value (2,500, for
	// 4096-bit keys).
	MaxNSEC3HashIterations = 2500
	// MaxChainDepth bounds the zone cuts walked from a trust anchor to the
	// answer's zone (a DNS name has at most 127 labels, RFC 1035 §3.1).
	MaxChainDepth = 32
	// MaxCNAMEHops bounds the CNAME/DNAME redirections followed in one
	// answer (RFC 1034 §3.6.2 discourages chains; resolvers cap them near 10).
	MaxCNAMEHops = 10
	// MaxQueries bounds the queries one live validation may send.
	MaxQueries = 64
)

// Limits of whole-zone verification ([VerifyZone], [ZoneConfig]).
const (
	// MaxZoneRecords bounds the records read from one zone file.
	MaxZoneRecords = 50_000_000
	// MaxZoneFindings bounds the problems kept in a [ZoneReport]; further
	// problems are counted in ZoneReport.Dropped.
	MaxZoneFindings = 100_000
	// MaxZoneNSEC3Iterations bounds the NSEC3 hash iterations a zone
	// verification computes per name (RFC 9276 §3.1 asks for 0; Unbound and
	// sdns stop at 150). Chains above it are reported, not hashed.
	MaxZoneNSEC3Iterations = 150
	// MaxZoneKeyTagCollisions bounds the DNSKEYs tried for one RRSIG whose
	// key tag and algorithm match several keys (RFC 4035 §5.3.1, KeyTrap).
	// An RRSIG none of the tried keys verifies while more keys match is
	// reported as ErrLimitExceeded, not as a bad signature, and its
	// algorithm is not reported as unsigned for the RRset.
	MaxZoneKeyTagCollisions = 4
	// MaxZoneRRSIGsPerRRset bounds the RRSIGs verified over one RRset of a
	// zone (each costs a pass over the RRset): a signer in a rollover uses a
	// few; more are reported (ErrLimitExceeded) and left unverified, and
	// their algorithms are not reported as unsigned for the RRset.
	MaxZoneRRSIGsPerRRset = 16
	// MaxZoneLineLength bounds one entry of a zone file in bytes: a line, or
	// the lines a pair of parentheses joins (RFC 1035 §5.1), comments
	// included. The largest RDATA (65,535 octets) takes at most 262,140
	// characters as \DDD escapes; entries past the limit (a huge line, a file
	// of NUL bytes, /dev/zero) stop the read before a token grows with them.
	MaxZoneLineLength = 1 << 20
	// MaxZoneGenerated bounds the records the $GENERATE directives of one
	// zone file may produce, counted before they expand (BIND's $GENERATE
	// extension; dns.ZoneParser takes up to 65,536 per directive). They also
	// count against MaxZoneRecords. Signers never write $GENERATE.
	MaxZoneGenerated = 262_144
	// MaxZoneInflatedBytes bounds the text a gzip-compressed zone file
	// ([OpenZoneFile]) inflates to (a 50,000,000-record zone is about 4 GB).
	MaxZoneInflatedBytes = 8 << 30
	// MaxZoneNameRecords bounds the records of one owner name. An RRset must
	// fit in a DNS message of at most 65,535 octets (RFC 1035 §4.2.2) to be
	// served and validated, and a record takes at least 11 octets, so no
	// real name comes near it; a file repeating one owner is refused rather
	// than held whole.
	MaxZoneNameRecords = 65_536
	// MaxZoneMemory is the default memory budget of a zone verification
	// ([ZoneConfig].Memory): it fits a machine with 2 GB. Input not in
	// canonical order beyond its sort share goes to temporary files.
	MaxZoneMemory = 768 << 20
)

// Input limits of the offline front door (RFC 9102 chains).
const (
	// MaxChainRRs bounds the RRs of a Chain read by ReadChain or
	// ParseChainWire.
	MaxChainRRs = 1024
	// MaxChainBytes bounds the encoded size of a chain.
	MaxChainBytes = 1 << 20
)

// Key size limits.
const (
	// MinRSAModulusBits is the smallest RSA modulus accepted by default.
	// RFC 3110 §2 and RFC 5702 §2.1 allow 512 bits, but such keys are
	// factorable and Go's crypto/rsa refuses keys below 1024 bits. Smaller
	// keys are unsupported (so insecure) unless deprecated algorithms are
	// allowed.
	MinRSAModulusBits = 1024
	// MaxRSAModulusBits is the largest RSA modulus accepted (RFC 3110 §2,
	// RFC 5702 §2.1: 4096 bits).
	MaxRSAModulusBits = 4096
)
