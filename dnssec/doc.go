// Package dnssec validates DNSSEC data: RRset signatures, the chain of trust
// from configured anchors, authenticated denial of existence with NSEC and
// NSEC3, and whole-zone verification.
//
// It builds on the RR types of github.com/miekg/dns and does itself the
// checks that dns.RRSIG.Verify leaves out: canonical form with escaped
// upper case and duplicates, the signer name on a label boundary, the
// labels field and wildcards, the validity period by serial arithmetic at
// an injected time, key tag, algorithm, protocol, zone flag and REVOKE.
//
// # Layers
//
//   - Primitives: [NewKey] parses a DNSKEY once; [VerifyRRSIG] checks one
//     RRSIG with one key; [CompareNames], [EqualNames], [IsAtOrBelow],
//     [NSEC3Hash], [NSECCovers], [NSEC3Covers] and [AlgorithmStatus].
//   - [Validator]: the chain of trust from DS or DNSKEY trust anchors down to
//     an answer, its CNAME/DNAME chain, or its authenticated denial. Results
//     are [Secure], [Insecure], [Bogus] or [Indeterminate] with an RFC 8914
//     Extended DNS Error code, the [Step]s walked and every problem found
//     as an [*Error] naming the RR, zone and clause. [Result.Zones]
//     ([ZoneTrust]: DS, DNSKEYs, which keys a DS authenticated) and
//     [Result.RRsets] ([SignedRRset]: each RRset with the RRSIG that
//     verified it) are the chain's structure, for drawing it
//     (examples/validate -graph).
//   - Two front doors to the same engine: [Validator.Validate] queries
//     through an [Exchanger] ([Client]: UDP, then TCP on truncation), with a
//     per-validation cache; [Validator.ValidateChain] works offline on a
//     [Chain] of RRs, read by [ReadChain] (zone-file text) or
//     [ParseChainWire] and [ParseChainExtension] (RFC 9102 wire format).
//   - Whole-zone verification: [VerifyZone] streams a signed zone file and
//     returns a [ZoneReport] of every problem (each an [*Error] with owner,
//     type, key tag, clause and line): every RRSIG on all cores, algorithm
//     completeness, glue and occlusion, the NSEC or NSEC3 chain, NSEC3PARAM
//     and RFC 9276 policy, anchors, key policy and ZONEMD (RFC 8976).
//
// # Specifications
//
//   - RFC 4033, RFC 4034 (§3 RRSIG, §5 DS, §6 canonical form), RFC 4035 (§5 validation)
//   - RFC 5155 (NSEC3, §8 validator procedures), RFC 9276 (NSEC3 iterations and salt)
//   - RFC 6840 (clarifications: §4.1 NSEC at zone cuts, §4.4 insecure
//     delegation proofs, §5.1 canonical form, §5.11 algorithm completeness)
//   - RFC 4509 §3 (SHA-1 DS ignored when SHA-256 is present), RFC 6605,
//     RFC 8080, RFC 5702, RFC 3110, RFC 5011 §3 (REVOKE), RFC 6672 (DNAME)
//   - RFC 8624 and RFC 9905 (algorithm status), RFC 8914 (extended DNS errors)
//   - RFC 8976 (ZONEMD), RFC 9102 (DNSSEC chain format)
//
// # Decisions
//
// Algorithms 8, 10, 13, 14, 15 and 16 are validated. RSASHA1 (5, 7) and RSA
// moduli below 1024 bits need AllowDeprecatedAlgorithms ([NewKeyAllowDeprecated]);
// without it they are unsupported, and a zone whose DS RRset names only
// unsupported algorithms or digests is insecure, not bogus (RFC 4035 §5.2).
// An NSEC3 proof with more than MaxNSEC3Iterations iterations makes the
// answer insecure with EDE 27 (RFC 9276 §3.2); the NSEC3 RRs are
// authenticated first, so a forged iteration count cannot downgrade a
// secure zone. The default, 50, is BIND's; Unbound allows 150
// (val-nsec3-keysize-iterations) and Knot Resolver 50. Config.MaxNSEC3Iterations
// and validate's -nsec3-iterations flag change it. An NXDOMAIN whose next
// closer name is covered by an opt-out NSEC3 is insecure: an unsigned
// delegation may exist there (BIND's delv calls it secure; Unbound does
// not). A DS denial must come from the parent side (no SOA bit, RFC 6840
// §4.4). Signature validity is checked without clock skew allowance.
//
// Responses are classified before validation, as Unbound's
// val_classify_response does: positive, wildcard, CNAME, DNAME, NODATA,
// NXDOMAIN, ANY, referral. The validator walks a DS lookup at every label
// from the anchor down to the signer zone of the response (RFC 4035
// §5.3.1), or down to the queried name when the response is unsigned, so
// an unsigned answer is checked against every zone cut above it. A CNAME
// or DNAME chain is validated from the one response that carries it. An
// NSEC or NSEC3 expanded from a wildcard (RRSIG labels below the owner's
// label count) never serves as a denial (RFC 4035 §5.4, RFC 4592 §4.7), and
// an NSEC whose next name leaves the zone, or wraps to anything but the
// apex, covers nothing (RFC 4034 §4.1.1). Unbound 1.17 rejects such next
// names too, but accepts an expanded NSEC whose wildcard's own NSEC covers
// the name, and any expanded NSEC3: we do not (a forged denial, the
// CVE-2017-15105 class; live test, testdata/unbound-live/README.md). A positive
// qtype RRSIG answer is insecure: RRSIG RRsets are never signed (RFC 4035
// §2.2) and Unbound leaves them unvalidated. A response truncated over TCP
// too is indeterminate (EDE 5), not bogus: nothing in it was proven.
// Data under a trust anchor is judged from that anchor even when a zone
// above signed the response (RFC 4035 §4.3), unless the response is that
// zone's proof that the anchored name does not exist (as Unbound). An
// authenticated NSEC or NSEC3 of a delegation without DS at or above the
// name makes a negative answer insecure (RFC 4035 §5.2). A DNAME expanded
// from a wildcard is bogus (RFC 4592 §4.4, as Unbound).
//
// Unbound's own validator scenarios (testdata/unbound-replay, val_*.rpl) are
// replayed in the tests; the questions where the verdict differs are listed
// there with their reasons: Unbound's harden-algo-downgrade wants every
// algorithm of the anchor set to sign, while any single valid path is
// accepted here (RFC 6840 §5.11).
//
// There is one canonical form (RFC 4034 §6): names.go puts names in
// canonical wire form and order, canonical.go (packCanonical) whole
// records; RRSIG verification, the NSEC and NSEC3 checks and the ZONEMD
// digest all use them. Lower-casing works on the wire octets, so \DDD
// capitals are lowered (miekg/dns's CanonicalName lowers only literal
// A–Z); RDATA names are lowered for the RFC 4034 §6.2 types minus NSEC
// (RFC 6840 §5.1), never for types defined later (RFC 3597 §7).
//
// [VerifyZone] holds a zone with keys carrying the SEP flag to the rule that,
// for every algorithm, a SEP key validly signs the DNSKEY RRset (a parent DS
// is made from a SEP key, RFC 3757 §3–4, and authenticates the zone only
// through a key that signs that RRset, RFC 4035 §5.2), as dnssec-verify
// does without -z; ZoneConfig.AllowDNSKEYNotSignedBySEPKey turns it off
// like -z, and with Anchors the anchor decides. Unlike dnssec-verify, a zone
// with no SEP key at all is not failed for it (the flag is only a hint,
// RFC 4034 §2.1.1), and a single SEP key signing everything (a combined
// signing key, RFC 6781 §3.1) needs no separate non-SEP key per algorithm
// (dnssec-verify says "Missing ZSK for algorithm").
//
// # Security
//
// Every validation is bounded by the Max* limits in limits.go (KeyTrap,
// CVE-2023-50387 and CVE-2023-50868): RRSIGs tried per RRset, colliding
// keys per RRSIG, signature verifications, DS digests, NSEC3 hashes and
// iterations, zone cuts, CNAME hops and queries. Reaching a limit ends the
// validation as Bogus with an ErrLimitExceeded error. Time is never read
// inside a check: it comes from Config.Now or an explicit argument.
//
// Cryptography is the standard library's and circl's (Ed448), except the
// RSA public-key operation on amd64 with ADX: there internal/rsapub keeps
// the Montgomery modulus with the parsed key instead of rebuilding it for
// every signature as crypto/rsa does (a third less time per 2048-bit
// verification). Only public values pass through it, and it is tested and
// fuzzed against math/big and crypto/rsa, including malformed PKCS #1
// v1.5 encodings (RFC 8017 §8.2.2, §9.2); elsewhere crypto/rsa is used.
//
// # Limits
//
// See limits.go; each limit is exported with a safe default, and Config
// fields override them (zero means the default).
//
// Zone files ([VerifyZone], [ZoneScanner], [LimitZoneReader],
// [OpenZoneFile]) pass through one reader that bounds the input before any
// parser holds it: an entry (a line, or lines joined by parentheses) is at
// most MaxZoneLineLength bytes, so a huge line, NUL bytes or /dev/zero end
// at once; $GENERATE is counted against MaxZoneGenerated and MaxZoneRecords
// before it expands; one owner name holds at most MaxZoneNameRecords
// records; gzip is inflated as it is read, at most MaxZoneInflatedBytes.
// Reaching one gives an [*Error] wrapping ErrLimitExceeded that names it,
// and every error quotes at most about 100 bytes of the offending text.
package dnssec
