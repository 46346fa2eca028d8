// Package rsep evaluates a registry service for security and stability
// effects in the sense of ICANN's Registry Services Evaluation Policy: a
// catalogue of checks over a zone, parent data and policy, and the impact of a
// change from a before state to an after state.
//
// # Specifications
//
//   - ICANN Registry Services Evaluation Policy (RSEP), Registry Agreement Specification 6 and 10, Exhibit A
//   - RFC 1034, RFC 2181, RFC 6890, RFC 6781, RFC 7583, RFC 8624, RFC 9276, SAC048, SAC053
//
// # Limits
//
// See limits.go.
package rsep
