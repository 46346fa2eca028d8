// Package registrar reads and verifies registrar data escrow deposits, the
// deposits an ICANN-accredited registrar makes under RAA 3.6 (2013 RAA
// §3.6, Registrar Data Escrow). It is kept apart from package escrow, which
// handles registry deposits (RFC 8909/9022), so that it can follow ICANN's
// registrar specification when that text is available.
//
// # Sources: SECONDARY only
//
// ICANN's "Registrar Data Escrow Specifications" (2007, rde-specs-09nov07)
// and its 2024 version were not available. What this package implements
// comes from two registrar implementations' descriptions, collected in
// shared/data/escrow/registrar (see its SOURCES.txt), and every finding
// cites them as "(secondary)":
//
//   - HEXONET's wiki page "API:RDE" (2012), which cites chapters 4.1.2
//     (domain data file), 4.1.9 (handle file) and 4.1.18 (hash file) of the
//     2007 specification: file names <IANA-ID>_RDE_<YYYY-MM-DD>_<kind>_<n>,
//     CSV files with header rows, a SHA-256 hash file in sha256sum layout;
//   - getnamingo/registrar: escrow_ncc.php (the NCC Group variant: .csv,
//     gzip, OpenPGP to the agent's key, <IANAID>_RDE_<date>_hash.txt) and
//     its generators' header rows for the "2007" full/hdl files and the
//     "2024" file whose column names are registered with the escrow agent
//     (Header Mapping File).
//
// # Reading and verifying
//
// [ParseFileName] parses the file names; [NewReader] reads one CSV data
// file ("full" or "hdl"), mapping the known column names of all three
// layouts to [Domain] and [Handle] records and keeping unknown columns
// (the 2024 specification lets a registrar name its own). [Verify] checks a
// deposit in an fs.FS: names, one registrar and date, the registrar's IANA
// ID in IANA's Registrar IDs registry (pinned, escrow/internal/pinned), the
// hash file (every line a digest of a deposit file as stored or after
// decompression and decryption; every data file listed), CSV well-formed
// (RFC 4180) with the header's field count, domain names LDH and unique,
// expiration dates, name server names, contact handles unique and every
// handle a domain names present in the handle file, countries ISO 3166-1
// alpha-2, phone numbers +CC.NUMBER or +DIGITS. .gz files are inflated and
// .gpg files decrypted with Config.Keys (integrity protection required).
//
// # Decisions
//
//   - The hash file may list a file by its stored name (HEXONET) or by its
//     name before compression and encryption (escrow_ncc.php); both are
//     accepted, with the digest of the matching form. One or two spaces,
//     and a "*" binary marker, may separate digest and name; a path before
//     the name (escrow_ncc.php) is ignored.
//   - Unknown columns are not errors (Report.Skipped lists them): the 2024
//     specification's columns are the registrar's own.
//   - A domain expired more than a year before the verification time is a
//     finding; nothing in the sources says how long expired names stay.
//   - Not checked, for lack of a source: incremental deposits, the
//     schedule, required columns beyond the domain name and expiration
//     date, signatures.
//
// # Security
//
// Files are opened only through the caller's fs.FS and streamed; every
// record, line, file, inflation ratio and the number of findings are
// bounded. Encrypted data without integrity protection is refused by the
// OpenPGP library's defaults.
//
// # Limits
//
// See limits.go: MaxRecordBytes, MaxFields, MaxFileBytes,
// MaxCompressionRatio, MaxFiles, MaxHashFileBytes, MaxFindings, MaxHandles,
// MaxDomainNames.
package registrar
