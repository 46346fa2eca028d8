package registrar

import (
	"errors"
	"fmt"
	"strings"
)

// Category sentinels; every error of this package wraps one through
// [Error.Kind].
var (
	// ErrMalformed reports input that is not well-formed CSV, gzip or OpenPGP.
	ErrMalformed = errors.New("malformed input")
	// ErrLimitExceeded reports that a Max* limit of limits.go was reached.
	ErrLimitExceeded = errors.New("limit exceeded")
	// ErrInvalid reports a deposit that parses but breaks the format
	// described by the (secondary) sources in doc.go.
	ErrInvalid = errors.New("invalid registrar deposit")
	// ErrFileName reports a file name that does not follow
	// <IANA-ID>_RDE_<YYYY-MM-DD>_<kind>[_<n>].
	ErrFileName = errors.New("file name does not follow the registrar deposit naming")
)

// Error is the rich error type of package registrar: category, the source
// and clause cited (always marked secondary, see doc.go), file, line and
// cause.
type Error struct {
	Kind   error  // category sentinel
	Clause string // e.g. "2007 RDE spec [4.1.9] per HEXONET API:RDE (secondary)"
	File   string
	Line   int // 1-based CSV record line, 0 if none
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("registrar escrow: ")
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Kind != nil {
		b.WriteString(e.Kind.Error())
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
