package dnssec

import (
	"bufio"
	"errors"
	"io"

	"github.com/miekg/dns"
)

// zoneLineReader feeds dns.ZoneParser byte by byte (it implements
// io.ByteReader, so the parser adds no buffer of its own) and remembers the
// line on which the current record starts: the first byte after the
// previous record that is not blank, not part of a comment and not part of
// a $-directive line.
type zoneLineReader struct {
	br    *bufio.Reader
	n     int64 // bytes read
	line  int   // line of the last byte read (1-based)
	nl    bool  // last byte was '\n'
	bol   bool  // at beginning of a line
	await bool  // looking for the start of the next record
	skip  bool  // in a comment or directive line while awaiting
	start int   // line where the current record starts
}

func newZoneLineReader(r io.Reader) *zoneLineReader {
	return &zoneLineReader{br: bufio.NewReaderSize(r, 1<<16), line: 1, bol: true, await: true}
}

func (l *zoneLineReader) ReadByte() (byte, error) {
	c, err := l.br.ReadByte()
	if err != nil {
		return c, err
	}
	l.n++
	if l.nl {
		l.line++
		l.nl = false
	}
	if c == '\n' {
		l.nl = true
	}
	if l.await {
		switch {
		case l.skip:
			if c == '\n' {
				l.skip = false
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
		case c == ';' || (c == '$' && l.bol):
			l.skip = c != '\n'
		default:
			l.start = l.line
			l.await = false
		}
	}
	l.bol = c == '\n'
	return c, nil
}

// Read lets zoneLineReader serve as an io.Reader too (the parser only uses ReadByte).
func (l *zoneLineReader) Read(p []byte) (int, error) {
	for i := range p {
		c, err := l.ReadByte()
		if err != nil {
			return i, err
		}
		p[i] = c
	}
	return len(p), nil
}

// zoneRecordSource yields the records of a zone file with their lines:
// zoneSource, or zoneParSource that reads chunks of the file in parallel.
type zoneRecordSource interface {
	next() (dns.RR, int, bool)
	err() (int, error)
}

// zrec is one parsed record and the line it starts on.
type zrec struct {
	rr   dns.RR
	line int
}

// zgroup is a run of consecutive records with the same owner name.
type zgroup struct {
	key  string // owner, lower-cased, fully qualified
	recs []zrec
}

// zoneReadBatch is what the reader goroutine sends: some complete groups, or
// the final error (nil at a clean end of input) with done set.
type zoneReadBatch struct {
	groups  []*zgroup
	records int
	err     error
	done    bool
}

// readZoneGroups parses r and sends owner groups on out until the input ends, an
// error occurs or stop is closed.
func readZoneGroups(r io.Reader, origin string, opts *ZoneConfig, out chan<- zoneReadBatch, stop <-chan struct{}) {
	var src zoneRecordSource
	if w := opts.workers(); w > 1 {
		ps := newZoneParSource(r, origin, opts, w, zoneChunkSize, stop)
		defer ps.close()
		src = ps
	} else {
		src = newZoneSource(r, origin, opts, true)
	}
	maxRecords := opts.maxRecords()
	var (
		cur     *zgroup
		batch   []*zgroup
		records int
		inBatch int
	)
	send := func(b zoneReadBatch) bool {
		select {
		case out <- b:
			return true
		case <-stop:
			return false
		}
	}
	for {
		rr, line, ok := src.next()
		if !ok {
			break
		}
		records++
		if records > maxRecords {
			send(zoneReadBatch{err: &Error{Kind: ErrLimitExceeded, Clause: "limits.go MaxZoneRecords", Line: line,
				Err: zoneErrorf("more than %d records", maxRecords)}, done: true})
			return
		}
		key := canonicalName(rr.Header().Name) // names.go: one spelling per name
		if cur == nil || cur.key != key {
			if cur != nil {
				batch = append(batch, cur)
				if len(batch) >= 128 || inBatch >= 1024 {
					if !send(zoneReadBatch{groups: batch, records: inBatch}) {
						return
					}
					batch, inBatch = nil, 0
				}
			}
			cur = &zgroup{key: key, recs: make([]zrec, 0, 4)}
		}
		if len(cur.recs) == MaxZoneNameRecords {
			send(zoneReadBatch{err: errNameRecords(cur.key, line), done: true})
			return
		}
		cur.recs = append(cur.recs, zrec{rr: rr, line: line})
		inBatch++
	}
	if cur != nil {
		batch = append(batch, cur)
	}
	var err error
	if pline, perr := src.err(); perr != nil {
		err = zoneReadError(pline, perr)
	}
	if !send(zoneReadBatch{groups: batch, records: inBatch}) {
		return
	}
	send(zoneReadBatch{err: err, done: true})
}

// zoneReadError locates an error of the zone source: a limit or I/O error
// that is already an *Error passes unchanged (an $INCLUDEd file's limit
// comes back from dns.ZoneParser as its read error); a syntax error is
// ErrMalformed with its message cut to a short quote (zone_guard.go).
func zoneReadError(line int, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Kind: ErrMalformed, Clause: "RFC 1035 §5.1", Line: line, Err: shortenError(err)}
}

func errNameRecords(name string, line int) error {
	return &Error{Kind: ErrLimitExceeded, Clause: "limits.go MaxZoneNameRecords; RFC 1035 §4.2.2", Name: name, Line: line,
		Err: zoneErrorf("more than %d records at one owner name", MaxZoneNameRecords)}
}
