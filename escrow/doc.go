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
// allocates one string per object.
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
// (draft-lozano-icann-registry-interfaces §9). The OpenPGP parts are built
// with the build tag escrow_openpgp until the module's go.sum lists
// golang.org/x/crypto, which github.com/ProtonMail/go-crypto needs.
//
// # Security
//
// Input is streamed; every size, depth and inflation is bounded.
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
// See limits.go.
package escrow
