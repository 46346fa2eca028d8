package dnssec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// zoneGuard passes the bytes of a zone file through unchanged and stops the
// input, with an *Error wrapping ErrLimitExceeded, at the first entry longer
// than MaxZoneLineLength or the first $GENERATE directive that would take
// the file past MaxZoneGenerated or MaxZoneRecords. It sees the bytes before
// any parser does, so neither the fast reader nor dns.ZoneParser (which
// expands $GENERATE lazily and grows its token buffer without bound) ever
// holds more than the limits allow.
type zoneGuard struct {
	r    io.Reader
	lim  *zoneGuardLimits
	file string
	err  error

	line    int  // current line, 1-based
	entry   int  // bytes of the current entry so far
	depth   int  // open parentheses
	quote   bool // inside a quoted string
	comment bool // inside a comment
	esc     bool // after a backslash
	head    []byte
	headOn  bool // collecting the head of a directive entry
}

// zoneGuardLimits is shared by a file and the files it $INCLUDEs.
type zoneGuardLimits struct {
	maxLine      int
	maxGenerated int
	maxRecords   int
	generated    int
	err          error // the first limit reached, in any of the files
}

func (o *ZoneConfig) guardLimits() *zoneGuardLimits {
	l := &zoneGuardLimits{maxLine: MaxZoneLineLength, maxGenerated: MaxZoneGenerated, maxRecords: o.maxRecords()}
	if o.MaxLineLength > 0 {
		l.maxLine = o.MaxLineLength
	}
	if o.MaxGenerated > 0 {
		l.maxGenerated = o.MaxGenerated
	}
	return l
}

// LimitZoneReader returns a reader of r's bytes that fails with an *Error
// wrapping ErrLimitExceeded (naming the limit, quoting at most 100 bytes of
// the offending text) at the first entry longer than MaxZoneLineLength
// (opts.MaxLineLength) or the first $GENERATE directive (RFC 1035 §5.1 has
// none; BIND's extension) that would take the file's generated records past
// MaxZoneGenerated (opts.MaxGenerated) or MaxZoneRecords (opts.MaxRecords),
// before any parser reads that directive. Readers of zone files that use
// dns.ZoneParser directly put it in front of the parser.
func LimitZoneReader(r io.Reader, opts *ZoneConfig) io.Reader {
	if opts == nil {
		opts = &ZoneConfig{}
	}
	return newZoneGuard(r, opts.guardLimits(), opts.File)
}

func newZoneGuard(r io.Reader, lim *zoneGuardLimits, file string) *zoneGuard {
	return &zoneGuard{r: r, lim: lim, file: file, line: 1}
}

func (g *zoneGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	if i := g.scan(p[:n]); i < n {
		if g.lim.err == nil {
			g.lim.err = g.err
		}
		return i, g.err
	}
	return n, err
}

// scan updates the state over b and returns len(b), or the offset of the
// byte at which a limit is reached (g.err is then set).
func (g *zoneGuard) scan(b []byte) int {
	for i, c := range b {
		if g.entry == 0 && g.depth == 0 && c == '$' {
			g.headOn, g.head = true, g.head[:0]
		}
		g.entry++
		if g.entry > g.lim.maxLine {
			g.err = g.limitErr("MaxZoneLineLength", fmt.Sprintf("an entry longer than %d bytes", g.lim.maxLine), g.head)
			return i
		}
		if g.headOn {
			if len(g.head) < zoneGuardHead {
				g.head = append(g.head, c)
			}
			if c == '\n' || c == ';' || len(g.head) == zoneGuardHead {
				g.headOn = false
				if err := g.directive(); err != nil {
					g.err = err
					return i
				}
			}
		}
		switch {
		case g.esc:
			g.esc = false
		case g.comment:
			if c == '\n' {
				g.comment = false
			}
		case c == '\\':
			g.esc = true
		case c == '"':
			g.quote = !g.quote
		case g.quote:
		case c == ';':
			g.comment = true
		case c == '(':
			g.depth++
		case c == ')':
			if g.depth > 0 {
				g.depth--
			}
		}
		if c == '\n' {
			g.line++
			if g.depth == 0 && !g.quote {
				g.entry = 0
			}
		}
	}
	return len(b)
}

// zoneGuardHead is how much of a directive entry is kept to read its
// name and range.
const zoneGuardHead = 100

// directive counts the records of a $GENERATE directive held in g.head.
func (g *zoneGuard) directive() error {
	f := strings.Fields(string(g.head))
	if len(f) < 2 || !strings.EqualFold(f[0], "$GENERATE") {
		return nil
	}
	n, ok := generateCount(f[1])
	if !ok {
		return nil // dns.ZoneParser reports the bad range
	}
	g.lim.generated += n
	switch {
	case g.lim.generated > g.lim.maxGenerated:
		return g.limitErr("MaxZoneGenerated", fmt.Sprintf("$GENERATE directives for more than %d records", g.lim.maxGenerated), g.head)
	case g.lim.generated > g.lim.maxRecords:
		return g.limitErr("MaxZoneRecords", fmt.Sprintf("$GENERATE directives for more than %d records", g.lim.maxRecords), g.head)
	}
	return nil
}

// generateCount is the number of records of a $GENERATE range
// "start-stop[/step]", read as dns.ZoneParser reads it.
func generateCount(s string) (int, bool) {
	step := int64(1)
	if i := strings.IndexByte(s, '/'); i >= 0 {
		v, err := strconv.ParseInt(s[i+1:], 10, 64)
		if err != nil || v <= 0 {
			return 0, false
		}
		step, s = v, s[:i]
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return 0, false
	}
	start, err1 := strconv.ParseInt(a, 10, 64)
	end, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || start < 0 || end < start || (end-start)/step > 65535 {
		return 0, false
	}
	return int((end-start)/step + 1), true
}

func (g *zoneGuard) limitErr(limit, what string, text []byte) error {
	msg := what
	if len(text) > 0 {
		msg += " at " + quoteShort(text)
	}
	if g.file != "" {
		msg = g.file + ": " + msg
	}
	return &Error{Kind: ErrLimitExceeded, Clause: "limits.go " + limit, Line: g.line, Err: errors.New(msg)}
}

// maxQuoted is how much offending text an error message quotes.
const maxQuoted = 100

// quoteShort quotes at most maxQuoted bytes of b in ASCII (so a message
// stays on one line), marking a cut.
func quoteShort(b []byte) string {
	b = bytes.TrimRight(b, "\n")
	if len(b) <= maxQuoted {
		return strconv.QuoteToASCII(string(b))
	}
	return strconv.QuoteToASCII(string(b[:maxQuoted])) + fmt.Sprintf("… (%d bytes)", len(b))
}

// shortError shortens the message of a parser error that quotes a long
// token (dns.ParseError quotes the whole token) to about maxQuoted bytes of
// it, and keeps what follows (the position).
type shortError struct {
	msg string
	err error
}

func (e *shortError) Error() string { return e.msg }
func (e *shortError) Unwrap() error { return e.err }

// shortenError returns err, or a shortError when its message is long.
func shortenError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	const limit = 2*maxQuoted + 200
	if len(msg) <= limit {
		return err
	}
	head, tail := msg[:maxQuoted+100], msg[len(msg)-80:]
	if i := strings.LastIndex(msg, `" at line: `); i > len(head) {
		tail = msg[i:]
	}
	return &shortError{msg: fmt.Sprintf("%s…(%d bytes cut)…%s", head, len(msg)-len(head)-len(tail), tail), err: err}
}
