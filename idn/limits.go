package idn

// Limits on untrusted input. Each is the default used when the
// corresponding field of a configuration struct is zero; a configuration can
// lower or raise it but never make it unlimited.
