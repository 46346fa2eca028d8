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
// under a [SelectConfig]: validFrom/validUntil (RFC 9718 §4; future keys excluded
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
// The state table runs over the trust point's SEP keys (RFC 5011 §4.1:
// NewKey is "a new SEP key"; Config.TrackZSKs widens it to every key). A
// ZSK of the initial anchor file is a bootstrap anchor: it validates the
// DNSKEY RRset only while no SEP key is trusted, is never marked Missing,
// and is dropped once a SEP key is Valid.
//
// # Decisions: differences from unbound's autotrust
//
// TestUnboundAutotrustReplay replays unbound's own RFC 5011 scenarios
// (testdata/unbound-replay, 14 files) through ReadUnbound,
// ValidateDNSKEYSet, Step with [UnboundConfig] and WriteUnbound; the key
// states and counts agree in every CHECK_AUTOTRUST step except those that
// follow from the first point below, which the test lists with the
// query_failed difference.
//
//   - A DNSKEY RRset signed only by an anchor that is not in the RRset does
//     not validate: "The matching DNSKEY RR MUST be present in the zone's
//     apex DNSKEY RRset" (RFC 4035 §5.3.1). unbound verifies such a
//     signature with its anchor (autotrust_missing_returns.rpl).
//   - DSA (algorithms 3 and 6) is never validated (RFC 8624 §3.1: MUST
//     NOT), so a roll to a DSA key stalls the trust point; the replay
//     re-keys such a scenario (autotrust_rollalgo.rpl) with RSASHA256 and
//     ECDSA, keeping every signature's window and brokenness. Algorithms 5
//     and 7 validate only through [ValidateConfig].AllowDeprecatedAlgorithms.
//   - query_failed counts failed probes; unbound counts validation attempts,
//     and its validator re-queries a bogus DNSKEY answer up to five times
//     (validator.c VAL_MAX_RESTART_COUNT), so one failed probe reads 6.
//     RFC 5011 §2.3 defines only the retry timing, which agrees.
//   - The add hold-down completes only on a set validated by a trusted key
//     that contains the key (RFC 5011 §2.2, §4.1 AddTime; §2.4.1: "at the
//     time of the next query"). unbound also completes it on time alone at
//     the start of any probe, even one whose answer does not validate
//     (autotrust.c autr_holddown_exceed).
//   - The add hold-down is max(30 days, the set's original TTL) (RFC 5011
//     §2.4.1); unbound uses add-holddown (30 days) whatever the TTL.
//   - When the configured anchors are only ZSKs, unbound trusts the zone's
//     KSKs at once (autotrust.c init_zsk_to_ksk); so does [UnboundConfig]
//     (Config.TrustKSKsOfZSKAnchor), while the zero Config runs the add
//     hold-down for them (RFC 5011 §2.2). A ZSK anchor validates the DNSKEY
//     RRset only while no SEP key is trusted; unbound accepts any
//     configured key.
//   - Step returns the exact query interval; unbound probes at a random
//     90–100 % of it (autotrust.c calc_next_probe). Callers may add jitter.
//   - A set signed only by revoked trusted keys yields their revocations
//     (RFC 5011 §2.1) and counts as a failed probe, as in unbound, unless it
//     revokes the last trusted key (RFC 5011 §5); a revoked trust point is
//     not probed again (Step returns a zero next-probe time, unbound writes
//     ;;next_probe_time: 0).
//   - [WriteUnbound] writes every key it is given; unbound writes only SEP
//     keys and drops START and REMOVED ones. [UnboundConfig] forgets Removed
//     keys and Step drops bootstrap ZSKs, so the files agree.
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
// signed the set itself (RFC 5011 §2.1). A ZSK anchor stops counting as
// soon as a SEP key is trusted. [ValidateConfig].AllowDeprecatedAlgorithms
// (SHA-1 and 512-bit RSA) exists to replay old test vectors and is off by
// default. Time is always injected.
//
// # Limits
//
// Every reader is bounded by the Max* constants of limits.go: document and
// file size, lines and line length, KeyDigests, certificates and signers
// in a CMS, keys per trust point, records and signature checks in a root
// zone, and the numbers of the RFC 5011 state files (MaxStateTime,
// MaxStateInterval, MaxStateCount: unbound's 32-bit fields, KEYDATA's
// 32-bit times); the writers refuse what the readers would refuse. Configuration fields override them where a config struct exists
// (zero means the default).
package trustanchor
