package idn

// Limits on untrusted input. Each is the default used when the
// corresponding field of a configuration struct is zero; a configuration can
// lower or raise it but never make it unlimited.

// MaxInputBytes is the default bound on the length in bytes of one label
// given to CheckLabel or CheckTLD (Policy.MaxInputBytes). A valid label is at
// most 63 octets as an A-label, so its U-label is well under 256 bytes.
const MaxInputBytes = 256

// MaxLabelOctets is the DNS limit on one label (RFC 1035 §2.3.4), applied to
// the A-label form (RFC 5891 §4.4). It is a protocol constant, not a tunable.
const MaxLabelOctets = 63

// MaxNameOctets is the limit on a domain name in presentation form without
// the trailing dot (RFC 1035 §2.3.4: 255 octets on the wire).
const MaxNameOctets = 253
