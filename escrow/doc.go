// Package escrow reads, verifies, rebuilds and writes registry data escrow
// deposits, and opens and produces RyDE files.
//
// # Specifications
//
//   - RFC 8909 (registry data escrow specification), RFC 9022 (domain name registration data objects)
//   - ICANN Registry Agreement Specification 2 (Part A §3–§9, Part B), Specification 4 §3.1 (BRDA)
//   - RFC 4880 / RFC 9580 (OpenPGP)
//
// # Reading
//
// [NewReader] streams a deposit: [Reader.Deposit] returns the envelope
// (type, id, prevId, resend, watermark, rdeMenu) and [Reader.Next],
// [Reader.Object] and [Reader.Err] iterate over the objects of <rde:deletes>
// and <rde:contents> in document order. Each [Object] carries its [Kind], a
// Delete flag and its complete element tree ([Element]), so extension
// elements are never dropped; elements are matched by namespace name, never
// by prefix (RFC 8909 §4). In the CSV model each <rdeCsv:csv> element is one
// object of KindCSV with Model set to its csvX namespace. Objects are valid
// until the next call to Next (use Clone to keep one); steady-state reading
// allocates one string per object. Typed views decode the RFC 9022 fields of
// the objects that carry delegation data: [Object.Domain] (statuses,
// rgpStatus, contacts, hostObj/hostAttr, secDNS, trnData, idnTableId,
// originalName, ...) and [Object.Host]; children they do not map are kept in
// their Extra field. Other objects are read through their [Element] tree.
//
// The tokenizer (escrow/internal/xmltok) is written for this package: XML 1.0
// elements, attributes, character data, CDATA, comments and processing
// instructions, namespace scoping per Namespaces in XML 1.0 §6, the five
// predefined entities and character references; a document type declaration
// is refused, so entity expansion and external entities cannot happen.
//
// # Verifying
//
// [Verify] reads a deposit and checks what an escrow agent must (RFC 9022
// §8, RA Specification 2 Part A §8), returning a [Report] with every finding
// as an [*Error] that names the object, its line and offset, and the clause:
//
//   - schema-level validity of every object against the RFC 8909 §6.1 and
//     RFC 9022 §9 schemas (content models, enumerations, facets), which a
//     test compares with xmllint --schema on the RFC XSDs;
//   - the header counts (RFC 9022 §5.7) against the repository after the
//     deposit is applied: for a DIFF or INCR, onto the [State] rebuilt from
//     the previous deposits (pass it in VerifyConfig.State);
//   - referential integrity: contacts, registrars (clID, crRr, upRr, reRr,
//     acRr), hosts (hostObj) and IDN tables referenced exist; no name is
//     both a domain and an NNDN. References are resolved after the whole
//     deposit is read, so objects may come in any order: the rde-1.0 schema
//     of RFC 8909 makes <contents> an unbounded sequence of the abstract
//     rde:content element (contentsType), with no order among objects, and
//     a domain listed before the host it names is not a finding;
//   - unique names, ids and roids; <rdePolicy:policy>; at most one
//     eppParams, and one in every FULL once one was escrowed; the watermark
//     not in the future (VerifyConfig.Now) and in UTC;
//   - a DIFF or INCR without its FULL (ICANN code 2205), a prevId that is not
//     the previous deposit, truncation and malformed XML;
//   - in the CSV model (RFC 9022 §4.6), each referenced file read through
//     VerifyConfig.Files (an fs.FS, so names cannot escape it): field count,
//     isRequired, CRC32 or SHA-256 cksum (RFC 9022 §4.4), gzip compression,
//     rows counted, applied (deletes by key or roid) and reference-checked.
//
// # Rebuilding
//
// A [State] is the repository rebuilt from a FULL and the DIFF/INCR deposits
// that follow it, applied in RFC 8909 §5.2 order (deletes, then contents).
// It keeps 64-bit fingerprints of keys and roids in open-addressing tables
// (about 40 bytes per domain in all), so a 160-million-domain registry needs
// a few GB; see [State] for the collision bound. Full objects go to an
// optional [Store] in the same order; a Store that is also a [CSVStore]
// receives the rows of CSV-model deposits, with the cascade rule of RFC 9022
// §4.6.1 (a parent row replaces, and a parent delete removes, its child rows);
// child files are applied after the rest of the deposit's contents, so their
// rows survive whatever the order of the <rdeCsv:csv> objects.
//
// # Writing
//
// [NewWriter] writes a deposit object by object; reading it back gives the
// same objects ([Element.Equal]). Build objects with [NewElement] and
// [Element.Add].
//
// # RyDE files, names and reports
//
// [OpenRyDE] (and [OpenRyDEFiles]) open a RyDE deposit (RA Specification 2
// Part A §4, §8): pieces named by [ParseFileName] (§5), each checked against
// its detached signature, joined, decrypted (SEIPD v1 with MDC, SEIPD v2,
// v4 and v6 keys) and decompressed, the single tar member returned as an
// io.ReadCloser for [NewReader]. [WriteRyDE] produces the set: tar, ZIP
// compression (forced, whatever the recipient key advertises), encryption,
// splitting and a SHA-256 signature per piece. [MarshalRDEReport] and
// [ReadRDEReport] write and read the deposit report a registry sends to ICANN,
// and [ReadIIRDEAResponse] reads ICANN's answer
// (draft-lozano-icann-registry-interfaces §9).
//
// # RST: ICANN's Registry System Testing
//
// Every finding carries in Error.Code the error code RST v2.0's RDE test
// plan (test cases rde-01 … rde-15, testdata/rst) raises for it, and its
// clause names the RST case; RST has no code for a few RFC-only findings
// (DIFF chains, watermark), which carry none. [VerifyConfig].RST, an
// [RSTConfig], adds RST's own rules with its inputs: the TLDs of the
// test, general.registryDataModel ([DataModel]), epp.hostModel
// ([HostModel]), the TLD's IDN table tags and rde.depositFile's name.
// Pinned data (escrow/internal/pinned, provenance in its README): IANA's Registrar
// IDs (for <gurid>) and EPP Repository Identifiers (for roid suffixes), and
// the 249 officially assigned ISO 3166-1 alpha-2 codes for contact <cc>,
// from a pinned table rather than golang.org/x/text/language, whose region
// validity accepts user-assigned codes (QQ, XA, ZZ) and reserved or deleted
// ones (UK, EU-like EZ, AN, YU, XK). [OpenRyDE] errors carry rde-01 …
// rde-03 codes ([RyDECode]); [RyDEConfig] ExpectTLDs and ExpectType check
// the file name (rde-01); ASCII-armoured detached signatures (RST's
// rde.signatureFile) are accepted as well as binary ones; [RyDERecipients]
// lists the keys a RyDE file is encrypted to (rde-03) without a secret key.
//
// All 86 RDE codes of errors.yaml are decided from the files and the RST
// inputs; a test derives one crafted deposit per code from a clean base
// (rst_cases_test.go) and checks that it gives that code alone, or with
// RDE_SCHEMA_VALIDATION_ERROR where the defect also breaks the schema.
// RDE_REGISTRAR_OBJECT_MISSING cannot come alone: every domain, host and
// contact names its sponsoring registrar in a schema-required <clID>, so a
// deposit without registrars also gives the dangling-reference codes. None
// needs RST's SFTP or the registry's EPP. Decided in part only:
//
//   - RDE_EPP_PARAMS_UNEXPECTED_EXTURI: an <extURI> must be an absolute URI
//     (RFC 5730 §2.7.3); membership of IANA's EPP Extension Registry is not
//     checked (that registry is not pinned here).
//   - RDE_DECRYPTION_FAILED: decryption with the keys the caller gives, not
//     with RST's key from the rde.encryptionKey resource; RyDERecipients
//     shows whether the file is encrypted to RST's key.
//   - In the CSV model, RST's per-field checks of rde-07 … rde-10 run on
//     the fields of each row (names, roids, dates, registrant, clID,
//     status values, addresses, e-mail, cc, registrar name and gurid,
//     rst_csv.go); combinations of status values across the rows of a
//     status file, and a host's missing address (a child file), are not
//     checked.
//
// Readings taken where RST's texts are ambiguous or miscopied:
//
//   - RDE_HOST_HAS_INVALID_STATUS says "domain objects" and
//     RDE_HOST_HAS_MISSING_ROID says "do not have a <clID>": read as host
//     <status> and host <roid>; RDE_HOST_OBJECT_MISSING says "contact
//     object": read as host object. RDE_DOMAIN_HAS_INVALID_CRRR, _UPRR,
//     _RERR and _ACRR say "contact objects": read as domain objects.
//   - RDE_DOMAIN_HAS_MISSING_CLID ("a <clID> that is not present in the
//     deposit") is a domain without <clID>; RDE_DOMAIN_HAS_INVALID_CLID one
//     whose registrar is not in the deposit. RDE_DOMAIN_HAS_MISSING_REGISTRANT
//     is a domain without <registrant> under the maximum data model (or
//     lacking the <registrant> a <rdePolicy:policy> requires);
//     RDE_DOMAIN_HAS_INVALID_REGISTRANT one whose contact is not in the
//     deposit.
//   - Status values are invalid when not of the EPP mapping's enumeration,
//     repeated, "ok" combined with anything but "linked", two pending*
//     values, or pendingX with client/serverXProhibited (RFC 5731 §2.3,
//     RFC 5732 §2.3).
//   - Domain names must be LDH names exactly one label under a TLD of the
//     test; hosts under a TLD of the test are in-bailiwick and need an
//     <addr>; addresses must parse as their ip attribute says (v4 default).
//   - crDate must be before the watermark, exDate after it unless the
//     domain is pendingDelete (rde-07's text).
//   - A <gurid> is valid if IANA's Registrar IDs registry has it, whatever
//     its status (Accredited, Terminated, Reserved).
//   - E-mail: RFC 5322 §3.4.1 addr-spec without comments or folding white
//     space, UTF-8 allowed in atext (RFC 6532 §3.2).
//   - Registrar <id> is invalid outside eppcom:clIDType (3–16 characters,
//     a schema error as well); a <name> of white space only is invalid.
//   - rde-05 expects, per object kind, the URI of the model its objects
//     use (both when mixed): domain, registrar and eppParams always,
//     contact unless minimum, host for the object model, IDN when the TLD
//     has IDN tables (and an IDN URI is unexpected when it has none);
//     NNDN, header and policy URIs may be present. A URI in neither the
//     menu nor the header is RDE_MISSING_OBJECT_URI; menu and header are
//     compared without the header and policy URIs.
//   - RDE_UNEXPECTED_OBJECT: objects whose URI is listed neither in the
//     rdeMenu nor in the header; a URI in the menu without a count is
//     RDE_OBJECT_COUNT_MISMATCH.
//   - rde-13: objURIs domain-1.0 always, host-1.0 for the object model,
//     contact-1.0 unless minimum, and no others; secDNS-1.1 and rgp-1.0
//     extURIs.
//   - rde-14 under the maximum data model: at least one policy, and one
//     making <rdeDomain:registrant> required
//     (RDE_POLICY_OBJECT_MISSING_OBJECTS otherwise); a policy that cannot
//     be applied is RDE_POLICY_OBJECT_INVALID.
//   - rde-15 reads the csvDomain "domain" file's fRegistrant field: an
//     absent field counts as an absent isRequired.
//   - A dangling <idnTableId> is RDE_IDN_OBJECT_MISSING.
//
// Codes the RFC 9022 examples (testdata/rfc9022, with the RFC's printed
// CSV files) and the Nomulus registry samples (testdata/nomulus) give
// under the zero RSTConfig (maximum data model, host objects, no IDN
// tables, the TLD from <rdeHeader:tld>, no file name), checked by
// TestRSTSampleCodes. RST tests
// only FULL deposits; the DIFF ones are listed for completeness, "(none)"
// being the DIFF-without-FULL finding. The RFC examples' roids end in
// -TEST, not a registered repository identifier, their domains are under
// "example" while their header's TLD is "test", and the RFC prints only
// some of the CSV files its §16/§17 deposits name:
//
//	rfc9022-s14-full-xml.xml: RDE_CONTACT_HAS_INVALID_ROID×1, RDE_DOMAIN_HAS_INVALID_NAME×2, RDE_DOMAIN_HAS_INVALID_REGISTRANT×2, RDE_DOMAIN_HAS_INVALID_ROID×2, RDE_DOMAIN_HAS_INVALID_STATUS×1, RDE_DOMAIN_HAS_MISSING_NAMESERVER×1, RDE_HOST_HAS_INVALID_ROID×1, RDE_IDN_OBJECT_UNEXPECTED×1, RDE_UNEXPECTED_OBJECT_URI×1
//	rfc9022-s15-diff-xml.xml: (none)×1, RDE_CONTACT_OBJECT_MISSING×1, RDE_DOMAIN_OBJECT_MISSING×1, RDE_HOST_OBJECT_MISSING×1, RDE_MISSING_EPP_PARAMS_OBJECT×1, RDE_OBJECT_COUNT_MISMATCH×7, RDE_POLICY_OBJECT_MISSING×1, RDE_REGISTRAR_OBJECT_MISSING×1, RDE_UNEXPECTED_OBJECT_URI×1
//	rfc9022-s16-full-csv.xml: RDE_CONTACT_HAS_INVALID_ROID×9, RDE_CONTACT_HAS_UNKNOWN_ACRR×1, RDE_DOMAIN_HAS_INVALID_NAME×4, RDE_DOMAIN_HAS_INVALID_REGISTRANT×4, RDE_DOMAIN_HAS_INVALID_ROID×4, RDE_HOST_HAS_INVALID_ROID×6, RDE_HOST_HAS_NON_UNIQUE_ROID×1, RDE_IDN_OBJECT_MISSING×4, RDE_INVALID_CSV×8, RDE_ISREQUIRED_ATTRIBUTE_IS_ABSENT×1, RDE_MISSING_FILES×11, RDE_OBJECT_COUNT_MISMATCH×2, RDE_UNEXPECTED_OBJECT_URI×1
//	rfc9022-s17-diff-csv.xml: (none)×5, RDE_CONTACT_HAS_INVALID_ROID×9, RDE_CONTACT_HAS_UNKNOWN_ACRR×1, RDE_DOMAIN_HAS_INVALID_NAME×4, RDE_DOMAIN_HAS_INVALID_REGISTRANT×4, RDE_DOMAIN_HAS_INVALID_ROID×4, RDE_HOST_HAS_INVALID_ROID×6, RDE_HOST_HAS_NON_UNIQUE_ROID×1, RDE_IDN_OBJECT_MISSING×4, RDE_INVALID_CSV×13, RDE_ISREQUIRED_ATTRIBUTE_IS_ABSENT×1, RDE_MENU_AND_HEADER_URIS_DIFFER×1, RDE_MISSING_FILES×12, RDE_OBJECT_COUNT_MISMATCH×5, RDE_UNEXPECTED_OBJECT_URI×1
//	deposit_full.xml: RDE_CONTACT_OBJECT_MISSING×1, RDE_DOMAIN_HAS_INVALID_ROID×2, RDE_DOMAIN_HAS_INVALID_STATUS×1, RDE_DOMAIN_HAS_MISSING_REGISTRANT×2, RDE_EPP_PARAMS_MISSING_OBJURI×1, RDE_HOST_HAS_INVALID_ROID×2, RDE_IDN_OBJECT_UNEXPECTED×1, RDE_MISSING_OBJECT_URI×1, RDE_OBJECT_COUNT_MISMATCH×1, RDE_POLICY_OBJECT_INVALID×1, RDE_POLICY_OBJECT_MISSING_OBJECTS×1, RDE_UNEXPECTED_OBJECT_URI×1
//	deposit_full_badref.xml: RDE_CONTACT_OBJECT_MISSING×1, RDE_DOMAIN_HAS_INVALID_ROID×2, RDE_DOMAIN_HAS_INVALID_STATUS×1, RDE_DOMAIN_HAS_MISSING_NAMESERVER×1, RDE_DOMAIN_HAS_MISSING_REGISTRANT×2, RDE_EPP_PARAMS_MISSING_OBJURI×1, RDE_HOST_HAS_INVALID_ROID×2, RDE_IDN_OBJECT_UNEXPECTED×1, RDE_MISSING_OBJECT_URI×1, RDE_OBJECT_COUNT_MISMATCH×1, RDE_POLICY_OBJECT_INVALID×1, RDE_POLICY_OBJECT_MISSING_OBJECTS×1, RDE_UNEXPECTED_OBJECT_URI×1
//	deposit_full_different.xml: RDE_CONTACT_OBJECT_MISSING×1, RDE_DOMAIN_HAS_INVALID_ROID×2, RDE_DOMAIN_HAS_INVALID_STATUS×1, RDE_DOMAIN_HAS_MISSING_REGISTRANT×2, RDE_EPP_PARAMS_MISSING_OBJURI×1, RDE_HOST_HAS_INVALID_ROID×2, RDE_IDN_OBJECT_UNEXPECTED×1, RDE_MISSING_OBJECT_URI×1, RDE_OBJECT_COUNT_MISMATCH×2, RDE_POLICY_OBJECT_INVALID×1, RDE_POLICY_OBJECT_MISSING_OBJECTS×1, RDE_UNEXPECTED_OBJECT_URI×1
//	deposit_full_out_of_order.xml: RDE_CONTACT_OBJECT_MISSING×1, RDE_DOMAIN_HAS_INVALID_ROID×2, RDE_DOMAIN_HAS_INVALID_STATUS×1, RDE_DOMAIN_HAS_MISSING_REGISTRANT×2, RDE_EPP_PARAMS_MISSING_OBJURI×1, RDE_HOST_HAS_INVALID_ROID×2, RDE_IDN_OBJECT_UNEXPECTED×1, RDE_MISSING_OBJECT_URI×1, RDE_OBJECT_COUNT_MISMATCH×1, RDE_POLICY_OBJECT_INVALID×1, RDE_POLICY_OBJECT_MISSING_OBJECTS×1, RDE_UNEXPECTED_OBJECT_URI×1
//	xjc_rde_deposit_differential.xml: (none)×1, RDE_CONTACT_OBJECT_MISSING×1, RDE_DOMAIN_OBJECT_MISSING×1, RDE_HOST_OBJECT_MISSING×1, RDE_MISSING_EPP_PARAMS_OBJECT×1, RDE_MISSING_OBJECT_URI×1, RDE_OBJECT_COUNT_MISMATCH×6, RDE_POLICY_OBJECT_MISSING×1, RDE_REGISTRAR_OBJECT_MISSING×1, RDE_UNEXPECTED_OBJECT_URI×1
//	xjc_rde_deposit_full.xml: RDE_CONTACT_OBJECT_MISSING×1, RDE_DOMAIN_HAS_INVALID_ROID×2, RDE_DOMAIN_HAS_INVALID_STATUS×1, RDE_DOMAIN_HAS_MISSING_NAMESERVER×1, RDE_DOMAIN_HAS_MISSING_REGISTRANT×2, RDE_EPP_PARAMS_MISSING_OBJURI×1, RDE_HOST_HAS_INVALID_ROID×1, RDE_IDN_OBJECT_UNEXPECTED×1, RDE_MISSING_OBJECT_URI×1, RDE_POLICY_OBJECT_INVALID×1, RDE_POLICY_OBJECT_MISSING_OBJECTS×1, RDE_UNEXPECTED_OBJECT_URI×1
//
// # Registrar deposits
//
// Registrar data escrow deposits (RAA 3.6) are a different format, read and
// verified by package escrow/registrar (from secondary descriptions only).
//
// # Security
//
// Input is streamed; every size, depth and inflation is bounded. The deposit
// XML is never held in memory: peak memory is the tokenizer buffer, one
// object, and the fingerprint tables. Findings never echo more than short
// excerpts of deposit content. CSV files are opened only through the fs.FS
// the caller supplies.
//
// A RyDE deposit is read in three passes: every piece's signature over its
// bytes; then decryption to the end of the encrypted data with the MDC or
// AEAD tags checked and the plaintext discarded; only then decryption,
// decompression and untar for the caller. So a tampered, truncated or
// missing piece, a wrong signer and failed integrity give an error before
// any deposit byte is returned. Encrypted data without integrity protection
// (tag 9) is refused unless RyDEConfig.InsecureAllowUnauthenticatedDeposit
// is set.
//
// # Limits
//
// See limits.go. Deposit reading: MaxDepth, MaxAttrs, MaxNameLen,
// MaxTokenBytes, MaxObjectBytes, MaxObjectElements (overridable in
// ReaderConfig); CSV: MaxCSVFileBytes and MaxCompressionRatio (VerifyConfig),
// records of at most 1 MiB and 256 fields, at most 1,024 child-file
// definitions held back for the cascade; MaxFindings (VerifyConfig); at most
// 1,000 <rdePolicy:policy> objects applied. RyDE: MaxInflatedBytes,
// MaxRyDEPieces, MaxSignatureBytes, at most 1,000 session key packets,
// MaxKeyRingBytes (also the most RyDERecipients reads); MaxReportBytes.
// Reference sites kept per missing object are capped at 8, with a count of
// the rest.
//
// Not checked: references from objects unchanged in a DIFF to objects the
// DIFF deletes (the State keeps keys, not references); <rdePolicy:policy>
// element paths beyond their first step; the xs:anyURI and xs:language
// lexical spaces (accepted as tokens, as libxml2 does); CSV field types.
package escrow
