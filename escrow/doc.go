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
// allocates one string per object. Typed views decode the RFC 9022 fields:
// [Object.Domain] (statuses, rgpStatus, contacts, hostObj/hostAttr, secDNS,
// trnData, idnTableId, originalName, ...), [Object.Host], [Object.Contact],
// [Object.Registrar], [Object.IDNTableRef], [Object.NNDN] and
// [Object.Header]; children they do not map are kept in their Extra field.
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
//     the previous deposits (pass it in VerifyOptions.State);
//   - referential integrity: contacts, registrars (clID, crRr, upRr, reRr,
//     acRr), hosts (hostObj) and IDN tables referenced exist; no name is
//     both a domain and an NNDN. References are resolved after the whole
//     deposit is read, so objects may come in any order: the rde-1.0 schema
//     of RFC 8909 makes <contents> an unbounded sequence of the abstract
//     rde:content element (contentsType), with no order among objects, and
//     a domain listed before the host it names is not a finding;
//   - unique names, ids and roids; <rdePolicy:policy>; at most one
//     eppParams, and one in every FULL once one was escrowed; the watermark
//     not in the future (VerifyOptions.Now) and in UTC;
//   - a DIFF or INCR without its FULL (ICANN code 2205), a prevId that is not
//     the previous deposit, truncation and malformed XML;
//   - in the CSV model (RFC 9022 §4.6), each referenced file read through
//     VerifyOptions.Files (an fs.FS, so names cannot escape it): field count,
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
// splitting and a SHA-256 signature per piece. [ReadRDEReport],
// [ReadRDENotification] and [ReadIIRDEAResponse] and their Marshal
// counterparts handle the documents exchanged with ICANN
// (draft-lozano-icann-registry-interfaces §9).
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
// ReaderOptions); CSV: MaxCSVRecordBytes, MaxCSVFields, MaxCSVFileBytes,
// MaxCompressionRatio (CSVOptions, VerifyOptions), MaxDeferredCSVFiles;
// MaxFindings (VerifyOptions).
// Reference sites kept per missing object are capped at 8, with a count of
// the rest.
//
// Not checked: references from objects unchanged in a DIFF to objects the
// DIFF deletes (the State keeps keys, not references); <rdePolicy:policy>
// element paths beyond their first step; the xs:anyURI and xs:language
// lexical spaces (accepted as tokens, as libxml2 does); CSV field types.
package escrow
