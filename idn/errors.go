package idn

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
	// ErrInvalidLabel is the umbrella for labels that break an IDNA2008,
	// RFC 5893 or application rule.
	ErrInvalidLabel = errors.New("invalid label")
	// ErrLimitExceeded reports that a Max* size, count or depth limit was reached.
	ErrLimitExceeded = errors.New("limit exceeded")
	// ErrMalformed reports input (an LGR document, a data file) that cannot be parsed.
	ErrMalformed = errors.New("malformed input")
)

// Error is the one rich error type of package idn. It carries the category
// (Kind), the rule code violated (for example "RFC5892-A.3", "RFC5893-rule4",
// "RFC5891-4.2.3.1", "AGB-2.2.1.3.2-I.1", "RFC7940-7.6"), the offending label,
// code point and position, and the underlying cause. It unwraps to both Kind
// and Err.
type Error struct {
	Kind  error  // category sentinel
	Rule  string // rule code, stable and machine-readable
	Label string // the label (or document name) the error is about
	Rune  rune   // offending code point, or -1 when not about one code point
	Pos   int    // 0-based position of Rune in the label (in code points), or the 1-based line of a document; -1 if unknown
	Err   error  // underlying cause, may be nil
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("idn: ")
	if e.Label != "" {
		fmt.Fprintf(&b, "%q", e.Label)
		if e.Rune >= 0 && e.Pos >= 0 {
			fmt.Fprintf(&b, " U+%04X at %d", e.Rune, e.Pos)
		} else if e.Pos >= 0 {
			fmt.Fprintf(&b, " at %d", e.Pos)
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
	if e.Rule != "" {
		b.WriteString(" (")
		b.WriteString(e.Rule)
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
