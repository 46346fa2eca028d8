package escrow

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"
)

// ErrChecksum reports a CSV file whose cksum does not match (RFC 9022 §4.4).
var ErrChecksum = errors.New("checksum mismatch")

// CSVSpec is a parsed <rdeCsv:csv> element (RFC 9022 §4.6.2.1): the ordered
// field definitions and the files that hold the records.
type CSVSpec struct {
	Name     string // e.g. "domain", "domainContacts"
	sep      rune   // field separator, "," by default
	Model    string // csvX namespace of the wrapper (NSCSVDomain, ...)
	isDelete bool
	Fields   []CSVField
	files    []csvFile
	line     int
}

// CSVField is one <rdeCsv:fields> child.
type CSVField struct {
	Name     Name
	Required bool // isRequired="true" (RFC 9022 §4.6.2.1: how the CSV model expresses policy)
	Parent   bool // parent="true": a key into the parent file (cascade rules, §4.6.1)
	Type     string
}

// csvFile is one <rdeCsv:file>.
type csvFile struct {
	Name        string // path relative to the deposit, resolved through an fs.FS
	Compression string // "" or "gzip"
	Encoding    string // "" means UTF-8
	Cksum       string // upper-case hex CRC32 (ITU-T V.42) or SHA-256 of the file as stored
	CksumAlg    string // "CRC32" (default) or "SHA256"
}

// Index returns the position of the field named {space}local, or -1.
func (s *CSVSpec) Index(space, local string) int {
	for i, f := range s.Fields {
		if f.Name.Space == space && f.Name.Local == local {
			return i
		}
	}
	return -1
}

// parseCSVSpec reads the field and file definitions of a KindCSV object.
func parseCSVSpec(o *Object) (*CSVSpec, error) {
	if o.Kind != KindCSV || o.Elem == nil {
		return nil, &Error{Kind: ErrInvalid, Clause: "RFC 9022 §4.6", Err: errors.New("not an <rdeCsv:csv> object")}
	}
	e := o.Elem
	s := &CSVSpec{sep: ',', Model: o.Model, isDelete: o.Delete, line: o.Line}
	s.Name, _ = e.Attr("name")
	s.Name = trimXMLSpace(s.Name)
	if sep, ok := e.Attr("sep"); ok {
		r, n := utf8.DecodeRuneInString(sep)
		if n != len(sep) || r == '"' || r == '\n' || r == '\r' || r == utf8.RuneError {
			return nil, &Error{Kind: ErrInvalid, Clause: "RFC 9022 §4.6.2.1", Object: o.Describe(), Line: o.Line, Err: fmt.Errorf("unusable sep %q", sep)}
		}
		s.sep = r
	}
	if f := e.Child(NSCSV, "fields"); f != nil {
		for _, c := range f.Children {
			fd := CSVField{Name: c.Name, Required: defaultRequired(c.Name)}
			if v, ok := c.Attr("isRequired"); ok {
				fd.Required = v == "true" || v == "1"
			}
			if v, ok := c.Attr("parent"); ok {
				fd.Parent = v == "true" || v == "1"
			}
			fd.Type, _ = c.Attr("type")
			s.Fields = append(s.Fields, fd)
		}
	}
	if f := e.Child(NSCSV, "files"); f != nil {
		for _, c := range f.Children {
			if c.Name != (Name{NSCSV, "file"}) {
				continue
			}
			cf := csvFile{Name: trimXMLSpace(c.Text)}
			cf.Compression, _ = c.Attr("compression")
			cf.Encoding, _ = c.Attr("encoding")
			cf.Cksum, _ = c.Attr("cksum")
			cf.CksumAlg, _ = c.Attr("cksumAlg")
			s.files = append(s.files, cf)
		}
	}
	if len(s.Fields) == 0 || len(s.files) == 0 {
		return s, &Error{Kind: ErrInvalid, Clause: "RFC 9022 §4.6.2.1", Object: o.Describe(), Line: o.Line, Err: errors.New("no fields or no files")}
	}
	return s, nil
}

// defaultRequired reports the schema default of isRequired for fields whose
// type is a fieldRequiredType in RFC 9022 §9.1 (fRoid, fClID, fReRr, fAcRr,
// fReDate, fAcDate, fTrStatus).
func defaultRequired(n Name) bool {
	if n.Space != NSCSV {
		return false
	}
	switch n.Local {
	case "fRoid", "fClID", "fReRr", "fAcRr", "fReDate", "fAcDate", "fTrStatus":
		return true
	}
	return false
}

// csvConfig bounds a csvReader. Zero fields take the defaults.
type csvConfig struct {
	MaxRecordBytes      int
	MaxFields           int
	MaxFileBytes        int64 // decompressed bytes
	MaxCompressionRatio int64
}

// csvReader reads the records of one CSV file of the CSV model: RFC 4180
// quoting with the spec's separator, LF or CRLF line ends, every size bounded,
// gzip inflation capped, and the cksum verified at the end.
type csvReader struct {
	br   *bufio.Reader
	sep  rune
	opts csvConfig
	rec  []string
	buf  []byte
	raw2 []byte
	// forceRunes selects the rune-at-a-time parser for any separator
	// (tests compare both parsers).
	forceRunes bool
	ends       []int
	line       int
	err        error
	name       string
	file       csvFile
	sum        hash.Hash
	raw        *countReader
	plain      *countReader
	closers    []io.Closer
	done       bool
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// openCSV opens file of spec through fsys (names follow fs.ValidPath, so a
// deposit cannot reach outside the directory it was given).
func openCSV(fsys fs.FS, spec *CSVSpec, file csvFile, opts *csvConfig) (*csvReader, error) {
	if !fs.ValidPath(file.Name) {
		return nil, &Error{Kind: ErrInvalid, Clause: "RFC 9022 §4.6.2.1", File: file.Name, Err: errors.New("file name is not a valid relative path")}
	}
	f, err := fsys.Open(file.Name)
	if err != nil {
		return nil, err
	}
	c, err := newCSVReader(f, spec, file, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	c.closers = append(c.closers, f)
	return c, nil
}

// newCSVReader reads the (possibly compressed) CSV file read from r.
func newCSVReader(r io.Reader, spec *CSVSpec, file csvFile, opts *csvConfig) (*csvReader, error) {
	c := &csvReader{sep: spec.sep, name: file.Name, file: file}
	if opts != nil {
		c.opts = *opts
	}
	c.opts.MaxRecordBytes = orDefault(c.opts.MaxRecordBytes, maxCSVRecordBytes)
	c.opts.MaxFields = orDefault(c.opts.MaxFields, maxCSVFields)
	if c.opts.MaxFileBytes <= 0 {
		c.opts.MaxFileBytes = MaxCSVFileBytes
	}
	if c.opts.MaxCompressionRatio <= 0 {
		c.opts.MaxCompressionRatio = MaxCompressionRatio
	}
	switch strings.ToUpper(trimXMLSpace(file.CksumAlg)) {
	case "", "CRC32":
		c.sum = crc32.NewIEEE()
	case "SHA256":
		c.sum = sha256.New()
	default:
		return nil, &Error{Kind: ErrInvalid, Clause: "RFC 9022 §4.4", File: file.Name, Err: fmt.Errorf("unknown cksumAlg %q", file.CksumAlg)}
	}
	if enc := strings.ToUpper(trimXMLSpace(file.Encoding)); enc != "" && enc != "UTF-8" && enc != "UTF8" {
		return nil, &Error{Kind: ErrInvalid, Clause: "RFC 9022 §4.6.2.1", File: file.Name, Err: fmt.Errorf("encoding %q is not supported (UTF-8 only)", file.Encoding)}
	}
	c.raw = &countReader{r: io.TeeReader(r, c.sum)}
	var plain io.Reader = c.raw
	switch strings.ToLower(trimXMLSpace(file.Compression)) {
	case "":
	case "gzip":
		zr, err := gzip.NewReader(c.raw)
		if err != nil {
			return nil, &Error{Kind: ErrMalformed, Clause: "RFC 1952", File: file.Name, Err: err}
		}
		plain = zr
	default:
		return nil, &Error{Kind: ErrInvalid, Clause: "RFC 9022 §4.6.2.1", File: file.Name, Err: fmt.Errorf("compression %q is not supported", file.Compression)}
	}
	c.plain = &countReader{r: plain}
	c.br = bufio.NewReaderSize(&limitedPlain{c}, 64<<10)
	return c, nil
}

// Close releases the file.
func (c *csvReader) Close() error {
	var err error
	for _, cl := range c.closers {
		if e := cl.Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

// lineNo returns the line of the current record.
func (c *csvReader) lineNo() int { return c.line }

// record returns the fields of the current record, valid until Next.
func (c *csvReader) record() []string { return c.rec }

// failure returns the error that stopped reading, including a checksum mismatch
// found at the end of the file.
func (c *csvReader) failure() error { return c.err }

func (c *csvReader) fail(kind error, clause string, err error) bool {
	if c.err == nil {
		c.err = &Error{Kind: kind, Clause: clause, File: c.name, Line: c.line, Offset: -1, Err: err}
	}
	return false
}

// limitedPlain enforces the decompression limits while reading, so a bomb
// is stopped after at most one buffer beyond the limit.
type limitedPlain struct{ c *csvReader }

var errInflation = errors.New("decompression limit")

func (l *limitedPlain) Read(p []byte) (int, error) {
	n, err := l.c.plain.Read(p)
	if !l.c.checkLimits() {
		return n, errInflation
	}
	return n, err
}

func (c *csvReader) checkLimits() bool {
	if c.err != nil {
		return false
	}
	if c.plain.n > c.opts.MaxFileBytes {
		return c.fail(ErrLimitExceeded, "escrow.MaxCSVFileBytes", fmt.Errorf("more than %d decompressed bytes", c.opts.MaxFileBytes))
	}
	if c.plain.n > 1<<20 && c.raw.n > 0 && c.plain.n/c.raw.n > c.opts.MaxCompressionRatio {
		return c.fail(ErrLimitExceeded, "escrow.MaxCompressionRatio", fmt.Errorf("compression ratio above %d (possible decompression bomb)", c.opts.MaxCompressionRatio))
	}
	return true
}

// next reads the next record.
func (c *csvReader) next() bool {
	if c.err != nil || c.done {
		return false
	}
	if c.sep < utf8.RuneSelf && !c.forceRunes {
		return c.nextASCII(byte(c.sep))
	}
	return c.nextRunes()
}

// nextASCII reads a record when the separator is one byte: whole lines are
// read at once and split with bytes.IndexByte (RFC 4180 §2).
func (c *csvReader) nextASCII(sep byte) bool {
	c.raw2 = c.raw2[:0]
	c.line++
	// A line end ends the record unless it is inside quotes, that is after
	// an odd number of quote characters (RFC 4180 §2: escaped quotes come
	// in pairs).
	quotes := 0
	for {
		line, err := c.br.ReadSlice('\n')
		if len(c.raw2)+len(line) > c.opts.MaxRecordBytes {
			return c.recordTooLong()
		}
		c.raw2 = append(c.raw2, line...)
		quotes += bytes.Count(line, []byte{'"'})
		if err == bufio.ErrBufferFull {
			continue // a line longer than the buffer: read on
		}
		if err != nil && err != io.EOF {
			if err == errInflation {
				return false
			}
			return c.fail(ErrMalformed, "", err)
		}
		if err == io.EOF {
			if len(c.raw2) == 0 {
				return c.finish()
			}
			if quotes%2 != 0 {
				return c.fail(ErrMalformed, "RFC 4180 §2", errors.New("unterminated quoted field"))
			}
			break
		}
		if quotes%2 == 0 {
			break
		}
	}
	rec := c.raw2
	if n := len(rec); n > 0 && rec[n-1] == '\n' {
		rec = rec[:n-1]
		if n := len(rec); n > 0 && rec[n-1] == '\r' {
			rec = rec[:n-1]
		}
	}
	if !utf8.Valid(rec) {
		return c.fail(ErrMalformed, "RFC 9022 §4.6.2.1", errors.New("invalid UTF-8"))
	}
	c.buf = c.buf[:0]
	c.ends = c.ends[:0]
	i := 0
	for {
		if i < len(rec) && rec[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(rec[i:], '"')
				if j < 0 {
					return c.fail(ErrMalformed, "RFC 4180 §2", errors.New("unterminated quoted field"))
				}
				c.buf = append(c.buf, rec[i:i+j]...)
				i += j + 1
				if i < len(rec) && rec[i] == '"' {
					c.buf = append(c.buf, '"')
					i++
					continue
				}
				break
			}
			c.ends = append(c.ends, len(c.buf))
			if i == len(rec) {
				break
			}
			if rec[i] != sep {
				return c.fail(ErrMalformed, "RFC 4180 §2", errors.New("text after a closing quote"))
			}
			i++
		} else {
			j := bytes.IndexByte(rec[i:], sep)
			end := len(rec)
			if j >= 0 {
				end = i + j
			}
			if bytes.IndexByte(rec[i:end], '"') >= 0 {
				return c.fail(ErrMalformed, "RFC 4180 §2", errors.New("quote inside an unquoted field"))
			}
			c.buf = append(c.buf, rec[i:end]...)
			c.ends = append(c.ends, len(c.buf))
			if j < 0 {
				break
			}
			i = end + 1
		}
		if len(c.ends) > c.opts.MaxFields {
			return c.tooManyFields()
		}
	}
	c.line += bytes.Count(rec, []byte{'\n'})
	return c.emit()
}

// nextRunes reads a record when the separator is a multi-byte character.
func (c *csvReader) nextRunes() bool {
	c.buf = c.buf[:0]
	c.ends = c.ends[:0]
	c.line++
	startLine := c.line
	inQuote := false
	fieldStart := true
	quoted := false
	for {
		r, size, err := c.br.ReadRune()
		if err != nil {
			if err == errInflation {
				return false
			}
			if err != io.EOF {
				return c.fail(ErrMalformed, "", err)
			}
			if inQuote {
				c.line = startLine
				return c.fail(ErrMalformed, "RFC 4180 §2", errors.New("unterminated quoted field"))
			}
			if len(c.buf) == 0 && len(c.ends) == 0 && fieldStart {
				return c.finish()
			}
			c.ends = append(c.ends, len(c.buf))
			break
		}
		if r == utf8.RuneError && size == 1 { // not U+FFFD itself, which is data
			return c.fail(ErrMalformed, "RFC 9022 §4.6.2.1", errors.New("invalid UTF-8"))
		}
		if len(c.buf) > c.opts.MaxRecordBytes {
			return c.recordTooLong()
		}
		if inQuote {
			if r == '"' {
				next, _, err := c.br.ReadRune()
				if err == nil && next == '"' {
					c.buf = append(c.buf, '"')
					continue
				}
				if err == nil {
					c.br.UnreadRune()
				}
				inQuote = false
				continue
			}
			if r == '\n' {
				c.line++
			}
			c.buf = utf8.AppendRune(c.buf, r)
			continue
		}
		switch {
		case r == '"' && fieldStart:
			inQuote, quoted, fieldStart = true, true, false
		case r == '"':
			return c.fail(ErrMalformed, "RFC 4180 §2", errors.New("quote inside an unquoted field"))
		case r == c.sep:
			c.ends = append(c.ends, len(c.buf))
			if len(c.ends) > c.opts.MaxFields {
				return c.tooManyFields()
			}
			fieldStart, quoted = true, false
		case r == '\r':
			next, _, err := c.br.ReadRune()
			if err == nil && next != '\n' {
				c.br.UnreadRune()
			}
			if err != nil || next != '\n' {
				// A lone CR is data (records end with LF or CRLF).
				if quoted {
					return c.fail(ErrMalformed, "RFC 4180 §2", errors.New("text after a closing quote"))
				}
				fieldStart = false
				c.buf = append(c.buf, '\r')
				continue
			}
			c.ends = append(c.ends, len(c.buf))
			goto done
		case r == '\n':
			c.ends = append(c.ends, len(c.buf))
			goto done
		default:
			if quoted {
				return c.fail(ErrMalformed, "RFC 4180 §2", errors.New("text after a closing quote"))
			}
			fieldStart = false
			c.buf = utf8.AppendRune(c.buf, r)
		}
	}
done:
	return c.emit()
}

func (c *csvReader) recordTooLong() bool {
	return c.fail(ErrLimitExceeded, "escrow.maxCSVRecordBytes", fmt.Errorf("record longer than %d bytes", c.opts.MaxRecordBytes))
}

func (c *csvReader) tooManyFields() bool {
	return c.fail(ErrLimitExceeded, "escrow.maxCSVFields", fmt.Errorf("more than %d fields", c.opts.MaxFields))
}

// emit makes the current record from buf and ends.
func (c *csvReader) emit() bool {
	if len(c.ends) > c.opts.MaxFields {
		return c.tooManyFields()
	}
	if !c.checkLimits() {
		return false
	}
	c.rec = c.rec[:0]
	s := string(c.buf)
	prev := 0
	for _, e := range c.ends {
		c.rec = append(c.rec, s[prev:e])
		prev = e
	}
	return true
}

// finish drains the file (for the checksum) and compares the cksum.
func (c *csvReader) finish() bool {
	c.done = true
	if !c.checkLimits() {
		return false
	}
	if _, err := io.Copy(io.Discard, c.raw); err != nil {
		return c.fail(ErrMalformed, "", err)
	}
	want := trimXMLSpace(c.file.Cksum)
	if want == "" {
		return false
	}
	got := strings.ToUpper(hex.EncodeToString(c.sum.Sum(nil)))
	if !strings.EqualFold(got, want) {
		c.line = 0
		c.fail(ErrChecksum, "RFC 9022 §4.4", fmt.Errorf("%s is %s, cksum attribute says %s", algName(c.file.CksumAlg), got, want))
	}
	return false
}

func algName(a string) string {
	if strings.EqualFold(trimXMLSpace(a), "SHA256") {
		return "SHA-256"
	}
	return "CRC32"
}
