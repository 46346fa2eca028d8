package dnssec

import (
	"errors"
	"fmt"
	"strings"

	"github.com/miekg/dns"
)

// Category sentinels. Every error returned by this package wraps exactly one
// of them (through [Error.Kind]), so callers can branch with errors.Is.
// Other files of this package add more sentinels next to the code that
// returns them; each sentinel's text is the short reason shown in messages.
var (
	// ErrBogus is the umbrella for "the data is provably wrong" results.
	ErrBogus = errors.New("bogus")
	// ErrLimitExceeded reports that a Max* work or size limit was reached.
	ErrLimitExceeded = errors.New("limit exceeded")
	// ErrMalformed reports input that cannot be parsed or is structurally invalid.
	ErrMalformed = errors.New("malformed input")
)

// Error is the one rich error type of package dnssec. It carries the category
// (Kind, one of the Err* sentinels), the clause of the specification that was
// violated, the offending record and its position, and the underlying cause.
// It unwraps to both Kind and Err, so errors.Is and errors.As see through it.
type Error struct {
	Kind   error  // category sentinel, e.g. ErrExpired
	Clause string // authority, e.g. "RFC 4035 §5.3.1"
	RR     dns.RR // offending record (RRSIG, DNSKEY, DS, NSEC…), may be nil
	Name   string // owner or zone the error is about when RR is nil
	Type   uint16 // RR type the error is about when RR is nil (0: none)
	Line   int    // 1-based line in the zone file or chain input, 0 if unknown
	Err    error  // underlying cause, may be nil
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("dnssec: ")
	if s := e.subject(); s != "" {
		b.WriteString(s)
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

// subject renders the record the error is about, for example
// "RRSIG example./A tag 12345" or "DNSKEY example. tag 4711".
func (e *Error) subject() string {
	var s string
	switch rr := e.RR.(type) {
	case nil:
		if e.Name != "" {
			s = e.Name
			if e.Type != 0 {
				s += "/" + dns.Type(e.Type).String()
			}
		}
	case *dns.RRSIG:
		s = fmt.Sprintf("RRSIG %s/%s tag %d", rr.Hdr.Name, dns.Type(rr.TypeCovered), rr.KeyTag)
	case *dns.DNSKEY:
		s = fmt.Sprintf("DNSKEY %s tag %d", rr.Hdr.Name, rr.KeyTag())
	case *dns.DS:
		s = fmt.Sprintf("DS %s tag %d", rr.Hdr.Name, rr.KeyTag)
	default:
		h := rr.Header()
		s = fmt.Sprintf("%s %s", dns.Type(h.Rrtype), h.Name)
	}
	if e.Line > 0 {
		if s != "" {
			s = fmt.Sprintf("line %d: %s", e.Line, s)
		} else {
			s = fmt.Sprintf("line %d", e.Line)
		}
	}
	return s
}

// Unwrap returns the category and the cause, so errors.Is(err, ErrExpired)
// and errors.Is(err, someCause) both work.
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
