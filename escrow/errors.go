package escrow

import (
	"errors"
	"fmt"
	"strings"
)

// Category sentinels. Every error returned by this package wraps one of them
// through [Error.Kind]. Other files of this package add more sentinels next to
// the code that returns them; a sentinel's text is the short reason shown in
// messages.
var (
	// ErrMalformed reports input that is not well-formed XML, CSV, tar or OpenPGP.
	ErrMalformed = errors.New("malformed input")
	// ErrLimitExceeded reports that a Max* size, count, depth or inflation limit was reached.
	ErrLimitExceeded = errors.New("limit exceeded")
	// ErrInvalid is the umbrella for deposits that parse but break RFC 8909,
	// RFC 9022 or RA Specification 2 rules.
	ErrInvalid = errors.New("invalid deposit")
)

// Error is the one rich error type of package escrow. It carries the category
// (Kind), the clause violated (for example "RFC 9022 §8" or "RA Spec 2 Part A §8"),
// the offending object and its position, and the underlying cause. It unwraps
// to both Kind and Err.
type Error struct {
	Kind   error  // category sentinel
	Clause string // authority, e.g. "RFC 8909 §5.2"
	Object string // offending object, e.g. `domain "example.test" (roid D1-TEST)`
	File   string // file name (deposit, CSV file, RyDE piece), may be empty
	Line   int    // 1-based line, 0 if unknown
	Offset int64  // byte offset in the (decoded) input, -1 if unknown
	Err    error  // underlying cause, may be nil
	// Code is the error code ICANN's Registry System Testing (RST v2.0,
	// RDE test plan rde-01 … rde-15) raises for this finding, for example
	// "RDE_DOMAIN_HAS_INVALID_NAME"; empty when RST has no code for it.
	Code string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("escrow: ")
	var where []string
	if e.File != "" {
		where = append(where, e.File)
	}
	if e.Line > 0 {
		where = append(where, fmt.Sprintf("line %d", e.Line))
	} else if e.Offset >= 0 && e.Offset != 0 {
		where = append(where, fmt.Sprintf("offset %d", e.Offset))
	}
	if len(where) > 0 {
		b.WriteString(strings.Join(where, ":"))
		b.WriteString(": ")
	}
	if e.Object != "" {
		b.WriteString(e.Object)
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
	if e.Code != "" {
		b.WriteString(" [")
		b.WriteString(e.Code)
		b.WriteString("]")
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
