// Package trustanchor reads, verifies, converts and maintains DNSSEC trust
// anchors: IANA's root-anchors.xml with its CMS signature, the DS, DNSKEY,
// BIND, unbound and Knot Resolver formats, the RFC 5011 automated-update
// state machine, RFC 8145/8509 signalling, and a TLD DS repository built
// from a signed root zone (what IANA's ITAR was).
//
// # Root anchors from IANA
//
// [ParseXML] reads root-anchors.xml (RFC 9718 §2, RFC 7958 §2) and
// [Document.Marshal] writes it back in IANA's layout (byte for byte for the
// current file). [Document.Anchors] selects the KeyDigests usable at a time
// under a [Policy]: validFrom/validUntil (RFC 9718 §4; future keys excluded
// by default, as unbound-anchor does, IncludeFuture keeps them as Debian
// does) and the RFC 9718 §4 rule that a KeyDigest whose Digest does not
// match its PublicKey/Flags must not be used. [CMSConfig.Verify] checks the
// detached CMS signature root-anchors.p7s (RFC 5652) against an ICANN CA
// bundle with several roots; [Root] does both. The current publication and
// bundle are embedded ([EmbeddedXML], [EmbeddedP7S], [EmbeddedBundle],
// dated [EmbeddedDate]; [Stale] warns when they age).
//
// # Formats
//
// Every reader reports every bad line with its number, and every writer
// emits a canonical, sorted form so that files diff cleanly:
//
//   - DS and DNSKEY zone lines, Debian's root.key/root.ds:
//     [ReadZoneLines], [WriteDS], [WriteDNSKEY], [ToDS], [ToDNSKEY], [Canonical]
//   - BIND trust-anchors (initial-key, initial-ds, static-key, static-ds),
//     managed-keys and trusted-keys: [ReadBIND], [WriteBIND]
//   - BIND managed-keys.bind KEYDATA: [ReadKeyData], [WriteKeyData]
//   - unbound auto-trust-anchor-file with RFC 5011 state: [ReadUnbound], [WriteUnbound]
//   - Knot Resolver key file: [ReadKresd], [WriteKresd]
//
// A DNSKEY always converts to a DS (RFC 4034 §5.1.4); a DS never converts
// to a DNSKEY ([ErrNoKey]). Digests compare case-insensitively and are
// written in upper case.
//
// # RFC 5011
//
// [Step] is a pure state machine: given a [TrustPoint], the DNSKEY RRset of
// the latest probe and the time, it returns the new trust point, the
// transitions ([Event]) and the next probe time (RFC 5011 §2.3,
// [ProbeTimes]). Only a set that [ValidateDNSKEYSet] validated with package
// dnssec under a trusted key moves it. [Config] exposes the known
// implementation differences ([UnboundConfig], [KresdConfig]).
//
// # Signalling
//
// [KeyTagQName], [ParseKeyTagQName], [KeyTagOption], [ParseKeyTagOption]
// (RFC 8145) and [SentinelLabel], [ParseSentinel], [SentinelServfail]
// (RFC 8509).
//
// # TLD repository
//
// [BuildRepository] extracts every delegation's DS RRset from a root zone,
// verifies the apex DNSKEY RRset under the root anchors and each DS RRset
// under the zone keys (RFC 4035 §5), and publishes a DS master file
// ([Repository.WriteMasterFile]) and JSON; [Repository.Compare] diffs two
// snapshots. When the zone carries ZONEMD (RFC 8976), the digest and its
// signature are verified over the same bytes with dnssec.VerifyZone.
//
// # Specifications
//
//   - RFC 9718 (root-anchors.xml, §2 format, §3 publication, §4 use), RFC 7958
//   - RFC 5652 §5 (CMS SignedData), RFC 5280 §4.2.1.3, §4.2.1.12, §6 (certificates)
//   - RFC 4034 §2, §5 (DNSKEY, DS), RFC 4035 §5 (validation)
//   - RFC 5011 §2, §4, §5 (automated updates of trust anchors)
//   - RFC 8145 §4, §5 (key-tag signalling), RFC 8509 §2, §3 (root key sentinel)
//
// # Security
//
// The CMS signature is an origin check, not a DNSSEC trust anchor (RFC 9718
// §3): it proves IANA published the file. The verifier requires exactly one
// signer found by issuer and serial, a messageDigest over the exact bytes
// (no line-ending conversion), the subject DN emailAddress dnssec@iana.org
// (not a SAN), key usage digitalSignature, extended key usage
// emailProtection, and a chain to a bundle root valid at the verification
// time, which is now unless AtSigningTime is asked for. XML documents are
// size-capped; DOCTYPE, entities other than the predefined five, processing
// instructions, unknown elements and attributes are refused. The embedded
// defaults age: refresh them from https://data.iana.org/root-anchors/.
// RFC 5011 transitions happen only on DNSKEY sets validated under a
// trusted, non-revoked key; a revocation counts only when the revoked key
// signed the set itself (RFC 5011 §2.1). Time is always injected.
//
// # Limits
//
// Every reader is bounded by the Max* constants of limits.go: document and
// file size, lines and line length, KeyDigests, certificates and signers
// in a CMS, keys per trust point, records and signature checks in a root
// zone. Configuration fields override them where a config struct exists
// (zero means the default).
package trustanchor
