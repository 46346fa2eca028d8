package registrar

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Columns known from the secondary sources (doc.go), mapped to what they
// mean. A 2024-specification registrar registers its own column names with
// the escrow agent (Header Mapping File), so other columns are kept and
// reported as not checked, not as errors.
var (
	domainCols = map[string]string{
		"domain": "domain", "expiration_date": "expiration", "expiration-date": "expiration",
		"nameservers": "nameservers", "ns1": "ns", "ns2": "ns", "ns3": "ns", "ns4": "ns",
		"holder_contact": "registrant", "admin_contact": "admin", "tech_contact": "tech", "billing_contact": "billing",
		"rt-handle": "registrant", "ac-handle": "admin", "tc-handle": "tech", "bc-handle": "billing",
		"prt-handle": "privacy-registrant", "pac-handle": "privacy-admin", "ptc-handle": "privacy-tech", "pbc-handle": "privacy-billing",
		"iana": "iana", "rt-name": "rt-name", "rt-street": "rt-street", "rt-city": "rt-city", "rt-state": "rt-state",
		"rt-zip": "rt-zip", "rt-country": "rt-country", "rt-phone": "rt-phone", "rt-email": "rt-email", "bc-name": "bc-name",
	}
	handleCols = map[string]string{
		"contact": "handle", "handle": "handle", "name": "name", "organization": "org", "street": "street", "address": "street",
		"city": "city", "state": "state", "zip": "zip", "country": "country", "email": "email", "phone": "phone", "fax": "fax",
	}
)

// Domain is one record of a domain data file ("full").
type Domain struct {
	Name        string
	Expiration  time.Time         // zero if absent or unparsable (a finding)
	Nameservers []string          // in column order
	Contacts    map[string]string // role ("registrant", "admin", "tech", "billing", "privacy-*") → handle
	Fields      map[string]string // every column by its header name, the unknown ones included
	Line        int
}

// Handle is one record of a contact handle file ("hdl"), or the inline
// registrant of a 2024-style domain file.
type Handle struct {
	Handle, Name, Org, Street, City, State, Zip, Country, Email, Phone, Fax string
	Line                                                                    int
}

// Reader reads the records of one CSV data file: a header row naming the
// columns, then one record per line (RFC 4180).
type Reader struct {
	kind   string // "full" or "hdl"
	cr     *csv.Reader
	header []string
	roles  []string // per column: its meaning, "" if unknown
	rec    []string
	lc     *lineCap
	line   int
	err    error
	file   string
}

// NewReader reads the header row of a "full" or "hdl" file from r. name is
// used in errors.
func NewReader(r io.Reader, kind, name string) (*Reader, error) {
	br := bufio.NewReaderSize(&capReader{r: r, max: MaxFileBytes}, 64<<10)
	if b, _ := br.Peek(3); string(b) == "\xef\xbb\xbf" {
		br.Discard(3) // UTF-8 byte order mark
	}
	lc := &lineCap{r: br}
	cr := csv.NewReader(lc)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	rd := &Reader{kind: kind, cr: cr, file: name, lc: lc}
	cols := domainCols
	if kind == "hdl" {
		cols = handleCols
	} else if kind != "full" {
		return nil, &Error{Kind: ErrInvalid, File: name, Err: fmt.Errorf("kind %q has no records", kind)}
	}
	h, err := cr.Read()
	if err != nil {
		return nil, rd.wrap(err)
	}
	if len(h) > MaxFields {
		return nil, &Error{Kind: ErrLimitExceeded, File: name, Line: 1, Err: fmt.Errorf("%d columns, more than MaxFields (%d)", len(h), MaxFields)}
	}
	rd.header = make([]string, len(h))
	rd.roles = make([]string, len(h))
	key := ""
	for i, c := range h {
		c = strings.ToLower(strings.TrimSpace(c))
		rd.header[i] = c
		rd.roles[i] = cols[c]
		if rd.roles[i] == "domain" || rd.roles[i] == "handle" {
			key = c
		}
	}
	if key == "" {
		want := "domain"
		if kind == "hdl" {
			want = "contact or handle"
		}
		return nil, &Error{Kind: ErrInvalid, Clause: clauseFormat, File: name, Line: 1,
			Err: fmt.Errorf("header row %q has no %s column", strings.Join(rd.header, ","), want)}
	}
	return rd, nil
}

// clauseFormat cites the CSV layout, known only from secondary sources.
const clauseFormat = "2007 RDE spec [4.1.2], [4.1.9] per HEXONET API:RDE; getnamingo FOSS.php (secondary)"

// Header returns the (lower-cased) column names.
func (r *Reader) Header() []string { return r.header }

// UnknownColumns returns the columns the secondary sources do not describe.
func (r *Reader) UnknownColumns() []string {
	var out []string
	for i, c := range r.header {
		if r.roles[i] == "" {
			out = append(out, c)
		}
	}
	return out
}

func (r *Reader) wrap(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Kind: ErrMalformed, Clause: "RFC 4180 §2", File: r.file, Line: pe.Line, Err: pe.Err}
	}
	var e *Error
	if errors.As(err, &e) {
		if e.File == "" {
			e.File = r.file
		}
		return e
	}
	if err == io.EOF {
		return &Error{Kind: ErrInvalid, Clause: clauseFormat, File: r.file, Err: errors.New("empty file: no header row")}
	}
	return &Error{Kind: ErrMalformed, File: r.file, Err: err}
}

// Next reads the next record; false at the end or on error (see Err). A
// record whose field count differs from the header's is an error.
func (r *Reader) Next() bool {
	if r.err != nil {
		return false
	}
	r.lc.since = 0
	rec, err := r.cr.Read()
	if err == io.EOF {
		return false
	}
	if err != nil {
		r.err = r.wrap(err)
		return false
	}
	r.line, _ = r.cr.FieldPos(0)
	if len(rec) > MaxFields {
		r.err = &Error{Kind: ErrLimitExceeded, File: r.file, Line: r.line, Err: fmt.Errorf("%d fields, more than MaxFields (%d)", len(rec), MaxFields)}
		return false
	}
	if len(rec) != len(r.header) {
		r.err = &Error{Kind: ErrMalformed, Clause: "RFC 4180 §2", File: r.file, Line: r.line,
			Err: fmt.Errorf("%d fields, the header row has %d", len(rec), len(r.header))}
		return false
	}
	r.rec = rec
	return true
}

// Err returns the error that stopped Next, if any.
func (r *Reader) Err() error { return r.err }

// Line returns the line of the current record.
func (r *Reader) Line() int { return r.line }

// Domain returns the current record of a "full" file.
func (r *Reader) Domain() *Domain {
	d := &Domain{Contacts: map[string]string{}, Fields: map[string]string{}, Line: r.line}
	for i, v := range r.rec {
		v = strings.TrimSpace(v)
		d.Fields[r.header[i]] = v
		switch role := r.roles[i]; role {
		case "domain":
			d.Name = v
		case "expiration":
			d.Expiration = parseDate(v)
		case "nameservers":
			d.Nameservers = append(d.Nameservers, strings.Fields(v)...)
		case "ns":
			if v != "" {
				d.Nameservers = append(d.Nameservers, v)
			}
		case "registrant", "admin", "tech", "billing", "privacy-registrant", "privacy-admin", "privacy-tech", "privacy-billing":
			if v != "" {
				d.Contacts[role] = v
			}
		}
	}
	return d
}

// Handle returns the current record of an "hdl" file.
func (r *Reader) Handle() *Handle {
	h := &Handle{Line: r.line}
	for i, v := range r.rec {
		v = strings.TrimSpace(v)
		switch r.roles[i] {
		case "handle":
			h.Handle = v
		case "name":
			h.Name = v
		case "org":
			h.Org = v
		case "street":
			h.Street = v
		case "city":
			h.City = v
		case "state":
			h.State = v
		case "zip":
			h.Zip = v
		case "country":
			h.Country = v
		case "email":
			h.Email = v
		case "phone":
			h.Phone = v
		case "fax":
			h.Fax = v
		}
	}
	return h
}

// Date layouts seen in the secondary sources: "2009-08-29 00:00:00"
// (HEXONET) and RFC 3339 with Z (getnamingo), and a plain date.
func parseDate(s string) time.Time {
	for _, l := range []string{"2006-01-02 15:04:05", time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// capReader fails once more than max bytes were read.
type capReader struct {
	r   io.Reader
	n   int64
	max int64
}

func (c *capReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.max {
		return n, &Error{Kind: ErrLimitExceeded, Err: fmt.Errorf("more than MaxFileBytes (%d) bytes", c.max)}
	}
	return n, err
}

// lineCap fails on a line longer than MaxRecordBytes, so a file without
// newlines cannot make encoding/csv buffer it all.
type lineCap struct {
	r     *bufio.Reader
	run   int
	since int // bytes read since the current record began (quoted fields span lines)
}

func (l *lineCap) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if l.since += n; l.since > MaxRecordBytes+len(p) {
		return 0, &Error{Kind: ErrLimitExceeded, Err: fmt.Errorf("a record longer than MaxRecordBytes (%d)", MaxRecordBytes)}
	}
	for _, c := range p[:n] {
		if c == '\n' {
			l.run = 0
		} else if l.run++; l.run > MaxRecordBytes {
			return 0, &Error{Kind: ErrLimitExceeded, Err: fmt.Errorf("a line longer than MaxRecordBytes (%d)", MaxRecordBytes)}
		}
	}
	return n, err
}
