package rsep

import (
	"errors"
	"fmt"
	"strings"
)

// Category sentinels. Every error returned by this package wraps exactly one
// of them through [Error.Kind], so callers can branch with errors.Is.
var (
	// ErrMalformed reports input (zone, parent data, policy file, Zonemaster
	// stream) that cannot be parsed or is structurally invalid.
	ErrMalformed = errors.New("malformed input")
	// ErrLimitExceeded reports that a Max* size, count or work limit was reached.
	ErrLimitExceeded = errors.New("limit exceeded")
	// ErrPolicy reports a policy that is inconsistent (for example an unknown
	// RR type in the allow-list or a window that ends before it starts).
	ErrPolicy = errors.New("invalid policy")
	// ErrUnknownCheck reports a check ID that is not in the catalogue.
	ErrUnknownCheck = errors.New("unknown check")
	// ErrProbe reports a live probe that could not be performed (network
	// error, timeout); it is a finding of the live checks, not a crash. As
	// the Kind of a returned error it reports a cancelled context (the
	// error also unwraps to ctx.Err()).
	ErrProbe = errors.New("probe failed")

	// Finding categories: the error of a [Finding] wraps the sentinel of its
	// effect, so errors.Is(report.Err(), ErrStabilityB) answers "does this
	// change affect throughput, response time, consistency or coherence?".

	// ErrSecurityA is an effect on Security (A): unauthorized disclosure,
	// alteration, insertion or destruction of Registry Data (RSEP §1.2).
	ErrSecurityA = errors.New("security effect (A)")
	// ErrSecurityB is an effect on Security (B): unauthorized access to or
	// disclosure of information or resources on the Internet (RSEP §1.2).
	ErrSecurityB = errors.New("security effect (B)")
	// ErrStabilityA is an effect on Stability (A): non-compliance with
	// authoritative standards such as Standards-Track or BCP RFCs (RSEP §1.3).
	ErrStabilityA = errors.New("stability effect (A)")
	// ErrStabilityB is an effect on Stability (B): an adverse effect on the
	// throughput, response time, consistency or coherence of responses (RSEP §1.3).
	ErrStabilityB = errors.New("stability effect (B)")
	// ErrContract is a departure from the Registry Agreement that needs a
	// Registry Services request (RSEP) before it may be deployed.
	ErrContract = errors.New("needs a registry services request")
)

// Error is the one rich error type of package rsep. It carries the category
// (Kind, one of the Err* sentinels), the check that produced it, the
// authority it rests on, the owner name and type it is about, the line of the
// input where known, and the underlying cause. It unwraps to both Kind and Err.
type Error struct {
	Kind   error  // category sentinel, e.g. ErrStabilityB or ErrMalformed
	Check  string // check ID, e.g. "ZC02"; empty for input errors
	Clause string // authority, e.g. "RA Spec 6 §2.2"
	Name   string // owner name, may be empty
	Type   string // RR type mnemonic, may be empty
	Line   int    // 1-based line in the input, 0 if unknown
	Err    error  // underlying cause or the finding's message
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("rsep: ")
	if e.Check != "" {
		b.WriteString(e.Check)
		b.WriteString(" ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Name != "" {
		b.WriteString(e.Name)
		if e.Type != "" {
			b.WriteString("/")
			b.WriteString(e.Type)
		}
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

// cancelled is the error of a call whose context ended.
func cancelled(err error) error {
	return &Error{Kind: ErrProbe, Err: err}
}

func errorf(kind error, clause string, line int, format string, args ...any) error {
	return &Error{Kind: kind, Clause: clause, Line: line, Err: fmt.Errorf(format, args...)}
}
