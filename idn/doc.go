// Package idn checks internationalized domain name labels: strict IDNA2008
// registration rules, the new gTLD string requirements, UTS #39 confusables,
// and RFC 7940 Label Generation Rulesets with the Root Zone LGR embedded.
//
// # Specifications
//
//   - RFC 5890, RFC 5891, RFC 5892 (with a pinned derived-property table), RFC 5893
//   - UTS #46, UTS #39
//   - RFC 7940 (LGR), Root Zone LGR (LGR-5)
//   - new gTLD Applicant Guidebook §2.2.1.3.2
//
// # Security
//
// Results do not depend on the Go toolchain's Unicode tables.
//
// # Limits
//
// See limits.go.
package idn
