// Package trustanchor reads, verifies, converts and maintains DNSSEC trust
// anchors: IANA's root-anchors.xml with its CMS signature, the DS, DNSKEY,
// BIND, unbound and Knot formats, the RFC 5011 automated-update state
// machine, and a TLD DS repository built from a signed root zone.
//
// # Specifications
//
//   - RFC 9718 (root-anchors.xml), RFC 7958
//   - RFC 5652 (CMS signed data), RFC 5280 (certificates)
//   - RFC 5011 (automated updates of trust anchors), RFC 7583
//   - RFC 8145 (key-tag signalling), RFC 8509 (root key sentinel)
//
// # Security
//
// Documents are size-capped and DOCTYPE/entities are refused.
//
// # Limits
//
// See limits.go.
package trustanchor
