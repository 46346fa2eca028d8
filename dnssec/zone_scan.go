package dnssec

import (
	"fmt"
	"io"
	"strings"

	"github.com/miekg/dns"
)

// ZoneScanner reads the records of a zone file (RFC 1035 §5) one at a time
// with the reader [VerifyZone] uses: the same limits (MaxZoneLineLength,
// MaxZoneGenerated and MaxZoneRecords, or the ZoneConfig overrides,
// $GENERATE counted before it expands), $INCLUDE refused unless
// opts.AllowInclude, and the same records, lines and syntax errors as
// dns.ZoneParser, whose line reader it speeds up for the one-record-per-line
// layout signers write. Of opts it uses Origin (the initial $ORIGIN),
// File, AllowInclude, MaxRecords, MaxLineLength and MaxGenerated.
type ZoneScanner struct {
	src  *zoneSource
	max  int
	n    int
	line int
	err  error
}

// NewZoneScanner returns a scanner of the zone file read from r.
func NewZoneScanner(r io.Reader, cfg *ZoneConfig) *ZoneScanner {
	opts := cfg.value()
	if opts.Origin != "" {
		opts.Origin = strings.ToLower(dns.Fqdn(opts.Origin))
	}
	return &ZoneScanner{src: newZoneSource(r, opts.Origin, &opts, true), max: opts.maxRecords()}
}

// Next returns the next record, or false at the end of the input or at an
// error (see Err).
func (s *ZoneScanner) Next() (dns.RR, bool) {
	if s.err != nil {
		return nil, false
	}
	rr, line, ok := s.src.next()
	if !ok {
		if pline, perr := s.src.err(); perr != nil {
			s.err = zoneReadError(pline, perr)
		}
		return nil, false
	}
	s.line = line
	if s.n++; s.n > s.max {
		s.err = &Error{Kind: ErrLimitExceeded, Clause: "limits.go MaxZoneRecords", Line: line,
			Err: fmt.Errorf("more than %d records", s.max)}
		return nil, false
	}
	return rr, true
}

// Line is the line on which the record Next returned last starts.
func (s *ZoneScanner) Line() int { return s.line }

// Err is the error that ended the scan, nil at a clean end of input: an
// *Error wrapping ErrLimitExceeded (naming the limit) or ErrMalformed (a
// syntax or I/O error, quoting at most about 100 bytes of the input).
func (s *ZoneScanner) Err() error { return s.err }
