// Package escrow reads, verifies, rebuilds and writes registry data escrow
// deposits, and opens and produces RyDE files.
//
// # Specifications
//
//   - RFC 8909 (registry data escrow specification), RFC 9022 (domain name registration data objects)
//   - ICANN Registry Agreement Specification 2 (Part A §3–§9, Part B), Specification 4 §3.1 (BRDA)
//   - RFC 4880 / RFC 9580 (OpenPGP)
//
// # Security
//
// Input is streamed; every size, depth and inflation is bounded.
//
// # Limits
//
// See limits.go.
package escrow
