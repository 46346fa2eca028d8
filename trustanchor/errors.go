package trustanchor

import (
	"errors"
	"fmt"
	"strings"
)

// Category sentinels. Every error returned by this package wraps exactly one
// of them (through [Error.Kind]), so callers can branch with errors.Is.
var (
	// ErrMalformed reports input that cannot be parsed or is structurally
	// invalid (bad XML, bad DER, bad zone line, unknown state).
	ErrMalformed = errors.New("malformed input")
	// ErrLimitExceeded reports that a Max* size or count limit was reached.
	ErrLimitExceeded = errors.New("limit exceeded")
	// ErrUnsupported reports input that is well formed but uses a feature
	// this package refuses (DOCTYPE, entities, an unknown digest or
	// signature algorithm).
	ErrUnsupported = errors.New("unsupported")
	// ErrDigestMismatch reports a DS digest that does not match the DNSKEY it
	// is published with (RFC 9718 §4, RFC 4034 §5.1.4).
	ErrDigestMismatch = errors.New("digest does not match public key")
	// ErrSignature reports a CMS signature that does not verify: wrong
	// digest, wrong signer, bad chain, expired certificate (RFC 5652 §5.6,
	// RFC 9718 §3).
	ErrSignature = errors.New("signature verification failed")
	// ErrNoAnchor reports that no usable trust anchor remains (all keys
	// expired, revoked, future or unusable).
	ErrNoAnchor = errors.New("no usable trust anchor")
	// ErrNoKey reports a conversion that needs a DNSKEY where only a DS
	// digest is known (a DS cannot be turned back into a key).
	ErrNoKey = errors.New("public key not available")
	// ErrBogus reports DNSSEC data that does not validate under the trust
	// anchor (RFC 4035 §5).
	ErrBogus = errors.New("bogus")
)

// Error is the one rich error type of package trustanchor. It carries the
// category (Kind, one of the Err* sentinels), the clause of the
// specification that was violated, what the error is about and where, and
// the underlying cause. It unwraps to both Kind and Err.
type Error struct {
	Kind   error  // category sentinel, e.g. ErrDigestMismatch
	Clause string // authority, e.g. "RFC 9718 §4"
	File   string // file or document name, e.g. "root-anchors.xml" (may be empty)
	Line   int    // 1-based line, 0 if unknown
	Anchor string // what the error is about, e.g. `KeyDigest id "Klajeyz"` or "DS . tag 20326"
	Err    error  // underlying cause, may be nil
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("trustanchor: ")
	var where []string
	if e.File != "" {
		where = append(where, e.File)
	}
	if e.Line > 0 {
		where = append(where, fmt.Sprintf("line %d", e.Line))
	}
	if len(where) > 0 {
		b.WriteString(strings.Join(where, " "))
		b.WriteString(": ")
	}
	if e.Anchor != "" {
		b.WriteString(e.Anchor)
		b.WriteString(": ")
	}
	if e.Kind != nil {
		b.WriteString(e.Kind.Error())
	} else {
		b.WriteString("error")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Clause != "" {
		b.WriteString(" (")
		b.WriteString(e.Clause)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the category and the cause.
func (e *Error) Unwrap() []error {
	var out []error
	if e.Kind != nil {
		out = append(out, e.Kind)
	}
	if e.Err != nil {
		out = append(out, e.Err)
	}
	return out
}

// errorf builds an *Error with a formatted cause.
func errorf(kind error, clause, file string, line int, anchor, format string, args ...any) *Error {
	var cause error
	if format != "" {
		cause = fmt.Errorf(format, args...)
	}
	return &Error{Kind: kind, Clause: clause, File: file, Line: line, Anchor: anchor, Err: cause}
}
