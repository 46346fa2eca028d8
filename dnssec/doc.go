// Package dnssec validates DNSSEC data: RRset signatures, the chain of trust
// from configured anchors, authenticated denial of existence with NSEC and
// NSEC3, and whole-zone verification.
//
// It builds on the RR types of github.com/miekg/dns and does itself the
// checks that dns.RRSIG.Verify leaves out.
//
// # Specifications
//
//   - RFC 4033, RFC 4034 (§3 RRSIG, §5 DS, §6 canonical form), RFC 4035 (§5 validation)
//   - RFC 5155 (NSEC3, §8 validator procedures), RFC 9276 (NSEC3 iterations and salt)
//   - RFC 6840 (clarifications, §5.11 algorithm completeness), RFC 4509, RFC 6605, RFC 8080
//   - RFC 8624 (algorithm implementation status), RFC 8914 (extended DNS errors)
//   - RFC 8976 (ZONEMD), RFC 9102 (DNSSEC chain format)
//
// # Security
//
// Every validation is bounded by the Max* limits in limits.go (KeyTrap,
// CVE-2023-50387 and CVE-2023-50868). Time is never read inside a check: it
// comes from the configuration's Now function.
//
// # Limits
//
// See limits.go; each limit is exported with a safe default.
package dnssec
