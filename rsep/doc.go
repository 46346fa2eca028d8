// Package rsep evaluates a registry service for security and stability
// effects in the sense of ICANN's Registry Services Evaluation Policy: a
// catalogue of checks over a zone, parent data and policy, and the impact of a
// change from a before state to an after state.
//
// A [Target] holds the zone ([ReadZone]), optional parent data
// ([ReadDelegation]: the NS, glue and DS the parent serves), an optional
// [Policy] ([ParsePolicy], JSON), an optional [Prober] for live checks and
// the evaluation time; trust anchors for the chain-of-trust check come from
// IANA's root-anchors.xml through package trustanchor ([RootAnchors]). [Run] applies the [Catalogue] and returns a
// deterministic, JSON-serializable [Report] of [Finding] values, each with its
// check ID, a stable tag, a severity, the RSEP effect it bears on ([Effect]:
// Security A/B, Stability A/B, or Contract) and the clause it rests on;
// [Report.Err] summarizes it. [Compare] sorts the findings of a before and an
// after report into new, resolved and persisting; [Classify] names the change
// itself (new name-server operator, algorithm roll, NSEC/NSEC3 or opt-out
// toggle, new RR type, new IDN script or table, released reserved names) with
// the RSEP track and RST test plan it needs; [Simulate] replays a rollover
// timeline and reports every step at which a cache holding the previous
// DNSKEY, DS or signatures for their TTL fails to validate.
// [ImportZonemaster] turns `zonemaster-cli --json-stream --raw` output into
// findings of the same type, so live tests run elsewhere land in one report.
//
// # Catalogue
//
// Mode: zone = zone only; parent = needs parent data or policy; live = needs a
// Prober; diff = compares states.
//
//	ID    mode    effect       detects                                              authority
//	ZC01  zone    contract     RR type outside the TLD zone allow-list              RA Exhibit A §1.1-§1.5
//	ZC02  zone    stability-b  wildcards (except declared controlled interruption)  RA Spec 6 §2.2; RFC 4592
//	ZC03  zone    stability-b  apex A/AAAA/MX (dotless)                             SAC053; NGPC 2013.08.13.01
//	ZC04  parent  stability-b  controlled interruption undeclared/expired/inexact   RA Spec 6 §6.2.1; NCOA 2014
//	ZC05  zone    security-b   orphan glue                                          RA Spec 6 §4.2; SAC048
//	ZC06  zone    stability-a  label syntax, hyphens at 3-4                         RA Spec 6 §1.1; RFC 5891 §4.2.3.1
//	ZC07  zone    stability-a  IDNA2008-invalid A-labels; undeclared IDN scripts    RA Spec 6 §1.4; RFC 5890-5893
//	ZC08  parent  contract     reserved names delegated                             RA Spec 5
//	ZC09  zone    stability-a  SOA count/syntax/timers, CNAME conflicts, TTLs       RFC 1034 §3.6.2; RFC 2181 §5.2, §10
//	DEL01 zone    stability-b  <2 NS, shared addresses, <2 NS over IPv6             RA Spec 6 §1.5; IANA NS requirements
//	DEL02 zone    stability-b  glue missing or differing from the parent's          RFC 1034 §4.2.2; RFC 9471
//	DEL03 zone    stability-b  referral > 512 octets without EDNS                  IANA NS requirements
//	DEL04 zone    stability-b  special-purpose NS addresses, bad NS names           RFC 6890; RFC 1123 §2.1
//	SEC01 zone    security-a   unsigned zone or RRsets                              RA Spec 6 §1.3; RFC 4035 §2.2
//	SEC02 zone    stability-b  RRSIG bogus, keyless, expired, expiring              RFC 4034 §3.1.5; RFC 4035 §5.3
//	SEC03 zone    security-a   DNSKEY algorithm < 8 or not recommended; RSA < 2048  RFC 8624 §3.1; RST dnssec-91
//	SEC04 parent  stability-b  DS SHA-1/GOST, matching no key, key not signing      RFC 8624 §3.3; RST dnssec-92
//	SEC05 zone    stability-b  algorithm completeness                               RFC 4035 §2.2; RFC 6840 §5.11
//	SEC06 zone    stability-b  NSEC/NSEC3 chain, bitmaps, NSEC3PARAM                RFC 4034 §4; RFC 5155 §7
//	SEC07 zone    stability-b  NSEC3 iterations != 0, salt, opt-out                 RFC 9276 §3.1; RST dnssec-93
//	SEC08 zone    stability-b  CDS/CDNSKEY inconsistent with DNSKEY                 RFC 7344 §4; RFC 8078 §4
//	SEC09 parent  security-a   no chain from the root anchor (via trustanchor)      RA Spec 6 §1.3; RFC 4035 §5
//	NS01  live    stability-b  no UDP/TCP answer, not AA, open recursion,           IANA NS requirements; RFC 7766;
//	                           fewer than two name servers answering over IPv6      RA Spec 6 §1.5
//	NS02  live    stability-b  SOA/NS/DNSKEY differ across servers                  IANA NS requirements
//	NS03  live    stability-a  EDNS non-conformance, QNAME case                     RFC 6891 §6.1.3, §7; RFC 4343
//	SLA01 live    stability-b  RTT above Spec 10 thresholds (indicative)            RA Spec 10 §2
//	SLA02 live    stability-b  unregistered name not NXDOMAIN with valid proof      RA Spec 6 §2.2; RFC 4035 §3.1.3
//	CHG02 diff    stability-b  rollover unsafe for caches ([Simulate])              RFC 6781 §4.1; RFC 7583 §3
//
// # Overlap with Zonemaster
//
// [Overlaps] relates Zonemaster test cases to rsep checks. The peer test
// (peer_test.go) serves the TLD on 127.53.7.1 and 127.53.7.2 and a root zone
// on 127.53.7.10, which zonemaster-cli gets with --hints (so no query
// leaves the host; --no-ipv6), then compares verdicts per row on three
// setups: peer-good and peer-bad served by knotd, and peer-faulty (the
// peer-good zone from the test's own server offering recursion, without
// EDNS and without TCP). Results with zonemaster-cli 5.0.2, engine 4.6.2:
//
//	Zonemaster      rsep    good   bad    faulty  notes
//	ADDRESS01       DEL04   agree  agree  agree   127/8 flagged by both
//	CONNECTIVITY02  NS01    -      -      agree   no TCP flagged by both
//	CONSISTENCY01   NS02    agree  agree  agree
//	CONSISTENCY04   NS02    agree  agree  agree
//	CONSISTENCY05   DEL02   agree  agree  agree
//	DELEGATION01    DEL01   agree  agree  agree   IPv6: ZM notice, rsep error (Spec 6 §1.5)
//	DELEGATION02    DEL01   agree  agree  agree
//	DELEGATION03    DEL03   agree  agree  agree
//	DELEGATION05    ZC09    agree  agree  agree
//	DNSSEC04        SEC02   agree  agree  agree
//	DNSSEC05        SEC03   agree  agree  agree   algorithm 5: ZM warning, rsep error (RST dnssec-91)
//	NAMESERVER01    NS01    agree  agree  agree   recursion (RA) flagged by both
//	NAMESERVER02    NS03    agree  agree  DIFFER  no OPT in the answer: rsep NO_EDNS_SUPPORT; engine 4.6.2
//	                                              takes edns_version 0 of an OPT-less answer as support
//	SYNTAX04        DEL04   agree  agree  agree
//	ZONE02/04-07/10 ZC09    agree  agree  agree
//	ZONE03          ZC09    agree  DIFFER agree   retry > refresh: ZM logs it at INFO, rsep a notice
//	DNSSEC03        SEC07   -      -      -       engine 4.6.2 logged nothing for 100 iterations and a
//	                                              salt; rsep fails both (RFC 9276, RST dnssec-93)
//	CONNECTIVITY01  NS01    mapped, not exercised (ZM logged nothing for IPv4-only servers)
//
// Setup pitfall seen while building the peer test: when one knotd instance
// serves the root and the TLD on the same addresses, engine 4.6.2 reports
// NAMESERVER01 IS_A_RECURSOR (the server answers NXDOMAIN authoritatively
// for its nonsense TLD probe from the root zone), while rsep's NS01 looks
// for the RA flag and reports no recursion; the peer test therefore runs
// the root and the TLD in separate knotd processes.
//
// Zonemaster cases with no rsep counterpart (ADDRESS02/03 PTR records,
// CONNECTIVITY03/04 AS diversity, NAMESERVER03-15 AXFR/source address/other
// EDNS cases, DNSSEC06-18 partly) are imported as findings without a related
// check. rsep checks with no Zonemaster counterpart: ZC01-ZC05, ZC07, ZC08,
// SEC05 against the DS set, SEC07 (RFC 9276 grading), SEC09 (chain from the
// IANA anchor), SLA01, SLA02, CHG02.
//
// # Specifications
//
//   - ICANN Registry Services Evaluation Policy (25 July 2006) §1.2 (security), §1.3 (stability)
//   - base gTLD Registry Agreement Exhibit A §1.1-§1.5 (TLD zone contents; the amended §1.1.1-§1.1.7 form is
//     [Policy.AmendedExhibitA]), Specification 5, Specification 6 §1.1-§1.5, §2.2, §4.2, §6.2.1, Specification 10 §2
//   - ICANN Name Collision Occurrence Management Framework (30 July 2014) and Name Collision Occurrence
//     Assessment (4 August 2014): controlled interruption (NCOA)
//   - RFC 1034, RFC 1035, RFC 1123, RFC 1982, RFC 2181, RFC 2308, RFC 4034, RFC 4035, RFC 4343, RFC 4592,
//     RFC 5155, RFC 5890-5893, RFC 6781 §4.1, RFC 6840, RFC 6890, RFC 6891, RFC 7344, RFC 7583, RFC 7766,
//     RFC 8078, RFC 8624, RFC 9276, RFC 9471
//   - SAC048 (orphan glue), SAC053 (dotless domains), RST v2.0 test specifications, IANA name server requirements
//
// # Security
//
// Inputs are untrusted: zone and parent files are read with $INCLUDE refused
// and bounded by [MaxZoneSize] and [MaxZoneRecords]; policy files by
// [MaxPolicySize] with unknown fields refused; Zonemaster streams by
// [MaxZonemasterSize] and [MaxZonemasterLine]. Signature verification is
// bounded by [MaxSignatureChecks] per run (KeyTrap, CVE-2023-50387) and
// NSEC3 hashing by [MaxNSEC3Iterations]. Live checks send at most
// [MaxProbeQueries] queries to at most [MaxProbeServers] addresses, each with
// a timeout; nothing is sent unless a Prober is given. Time is never read
// from the clock: [Target.Now] and [Step.At] carry it.
//
// The DNSSEC checks verify signatures with package dnssec (VerifyRRSIG:
// every RFC 4035 §5.3 check, keys parsed once per run, deprecated
// algorithms verified so that SEC03 can grade them), take algorithm status
// from dnssec.AlgorithmStatus (RFC 8624 as updated by RFC 9905) and canonical
// order and NSEC coverage from dnssec; DS digests and NSEC3 hashes use the
// miekg/dns primitives. A test cross-checks SEC01/02/05/06 against
// dnssec.VerifyZone on every signed fixture. Controlled-interruption
// record shapes and the 90-day period follow ICANN's Name Collision
// Occurrence Assessment of 4 August 2014, which RA Spec 6 §6.2.1 makes
// binding; the RSEP §1.2/§1.3 definitions are paraphrased in [Effect].
// Where each clause text was found, and what could not be checked against
// a primary copy, is recorded in testdata/README.md ("Clause texts").
//
// # Limits
//
// See limits.go; each limit is exported with a safe default and can be
// changed per run through [Limits].
package rsep
