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
// # Security
//
// Input is streamed; every size, depth and inflation is bounded.
//
// # Limits
//
// See limits.go.
package escrow
