package dnssec

import (
	"bufio"
	"bytes"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// zoneSource yields the records of a zone file with the line each starts
// on. It reads the common one-record-per-line presentation format that
// signers write (BIND -O full, ldns-signzone, Knot zone-flush) with a fast
// line reader, and hands the rest of the input to dns.ZoneParser at the
// first line the fast reader does not fully understand. The result is the
// same RR sequence, line numbers and errors that dns.ZoneParser alone gives
// (zone_fastread_test.go checks this differentially).
type zoneSource struct {
	fast  *fastZoneReader // nil after the handover
	lr    *zoneLineReader
	zp    *dns.ZoneParser
	skip  bool // drop the synthetic state record after the handover
	opts  *ZoneConfig
	orig  string
	guard *zoneGuard // limits of the input (zone_guard.go)
}

func newZoneSource(r io.Reader, origin string, opts *ZoneConfig, fast bool) *zoneSource {
	s := &zoneSource{opts: opts, orig: origin}
	s.guard = newZoneGuard(r, opts.guardLimits(), opts.File)
	r = s.guard
	if fast {
		s.fast = newFastZoneReader(r, origin, opts.File)
	} else {
		s.startParser(r)
	}
	return s
}

// newZoneSourceAt is newZoneSource for the input from a line start after
// line lines of a file that the fast reader read so far (zone_parread.go),
// owner and ttl being the state of the last record read (owner "": none):
// it goes on exactly as the sequential reader would from there.
func newZoneSourceAt(r io.Reader, origin string, opts *ZoneConfig, line int, owner string, ttl uint32) *zoneSource {
	s := newZoneSource(r, origin, opts, true)
	s.guard.line = line + 1
	s.fast.line, s.fast.owner, s.fast.ttl = line, owner, ttl
	return s
}

func (s *zoneSource) startParser(r io.Reader) {
	s.lr = newZoneLineReader(r)
	file := s.opts.File
	if s.opts.AllowInclude {
		// Included files pass through the same limits (zone_guard.go);
		// zoneIncludeFS opens absolute paths, so relative ones are made so.
		if abs, err := filepath.Abs(file); err == nil {
			file = abs
		}
	}
	s.zp = dns.NewZoneParser(s.lr, s.orig, file)
	s.zp.SetIncludeAllowed(s.opts.AllowInclude)
	s.zp.SetIncludeFS(zoneIncludeFS{s.guard.lim})
}

// zoneIncludeFS opens the files of $INCLUDE (when allowed) behind a
// zoneGuard that shares the including file's limits. dns.ZoneParser passes
// it absolute paths with the leading '/' removed.
type zoneIncludeFS struct{ lim *zoneGuardLimits }

func (z zoneIncludeFS) Open(name string) (fs.File, error) {
	f, err := os.Open(string(filepath.Separator) + filepath.FromSlash(name))
	if err != nil {
		return nil, err
	}
	return &guardedFile{File: f, g: newZoneGuard(f, z.lim, name)}, nil
}

type guardedFile struct {
	*os.File
	g *zoneGuard
}

func (f *guardedFile) Read(p []byte) (int, error) { return f.g.Read(p) }

// next returns the next record and the line it starts on.
func (s *zoneSource) next() (dns.RR, int, bool) {
	if s.fast != nil {
		rr, line, ok := s.fast.next()
		if ok {
			return rr, line, true
		}
		if s.fast.eof {
			return nil, 0, false
		}
		r, skip := s.fast.handover()
		s.fast = nil
		s.skip = skip
		s.startParser(r)
	}
	for {
		rr, ok := s.zp.Next()
		if !ok {
			return nil, 0, false
		}
		line := s.lr.start
		s.lr.await = true
		if s.skip {
			s.skip = false
			continue
		}
		return rr, line, true
	}
}

// err is dns.ZoneParser's error, if any, and the line it was on.
func (s *zoneSource) err() (int, error) {
	if err := s.guard.lim.err; err != nil {
		// A limit of this file or of one it $INCLUDEs: dns.ZoneParser may
		// report the truncated entry instead, so the limit goes first.
		return s.guard.line, err
	}
	if s.zp == nil {
		return 0, nil
	}
	return s.lr.line, s.zp.Err()
}

// fastZoneReader reads records while every entry is simple: one record
// whose owner is absolute or inherited from the previous record (a line
// starting with a blank, RFC 1035 §5.1), on one line or on several joined
// by one pair of parentheses, with comments. That covers BIND's default
// output (multi-line RRSIGs and DNSKEYs, inherited owners) as well as the
// one-record-per-line layouts.
type fastZoneReader struct {
	br     *bufio.Reader
	origin string
	file   string
	line   int    // lines read so far
	first  int    // line on which the current entry starts
	raw    []byte // the raw lines of the current entry: what is handed over if it is declined
	join   []byte // the entry as one self-contained line: owner, then the data without comments or parentheses
	inner  bool   // the entry has a comment inside parentheses
	whole  bool   // raw holds whole lines of an entry, not a directive: oneEntry may try it
	rerr   error  // read error other than io.EOF
	eof    bool   // clean end of input
	owner  string // owner and TTL of the last record, the parser state to carry over
	ttl    uint32
	toks   [][]byte
	one    []byte // buffer for oneLine
	// Parallel reading (zone_parread.go): off counts the bytes read and
	// entryOff is where the current entry starts; noState marks a reader
	// that starts in the middle of the input without the state of the
	// record before (owner and TTL), so it declines any entry that depends
	// on it until it has read a record of its own.
	off      int
	entryOff int
	noState  bool
}

func newFastZoneReader(r io.Reader, origin, file string) *fastZoneReader {
	return &fastZoneReader{br: bufio.NewReaderSize(r, 1<<16), origin: origin, file: file}
}

// next returns the next record, or false at the end of input or at the first
// entry it declines (eof tells which).
func (f *fastZoneReader) next() (dns.RR, int, bool) {
	for {
		b, ok := f.readLine(true)
		if !ok {
			return nil, 0, false
		}
		f.first = f.line
		kind, ok := f.entry(b)
		if ok && kind == lineSkip {
			continue
		}
		var rr dns.RR
		var ttl uint32
		if ok {
			rr, ttl, ok = f.parse(f.join, kind == lineQuoted)
		}
		if !ok && f.whole && !f.noState {
			rr, ttl, ok = f.oneEntry()
		}
		if !ok {
			return nil, 0, false
		}
		f.ttl = ttl
		f.noState = false
		return rr, f.first, true
	}
}

// readLine reads the next line; at the start of an entry (start set) the
// raw buffer restarts with it. It reports false at the end of input or
// at a read error or an overlong line, leaving what was read in f.raw.
func (f *fastZoneReader) readLine(start bool) ([]byte, bool) {
	if start {
		f.raw = f.raw[:0]
		f.entryOff = f.off
	}
	f.whole = false
	b, err := f.br.ReadSlice('\n')
	f.off += len(b)
	if err != nil {
		if err == io.EOF {
			if len(b) == 0 {
				f.eof = start
				return nil, false
			}
		} else {
			// bufio.ErrBufferFull (a very long line) or an I/O error.
			f.raw = append(f.raw, b...)
			if err != bufio.ErrBufferFull {
				f.rerr = err
			}
			f.line++
			if start {
				f.first = f.line
			}
			return nil, false
		}
	}
	f.line++
	f.raw = append(f.raw, b...)
	f.whole = true
	return b, true
}

// entry reads the entry that starts with line b (and its continuation
// lines while a parenthesis is open) into f.join, with the inherited owner
// written out. It returns the entry's kind, or false when the entry is not
// simple (the caller then hands over from f.first with f.raw).
func (f *fastZoneReader) entry(b []byte) (int, bool) {
	f.join = f.join[:0]
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	if i == len(b) || b[i] == ';' {
		return lineSkip, true
	}
	if i > 0 {
		if f.owner == "" {
			return 0, false // no previous record of ours to inherit from
		}
		f.join = append(f.join, f.owner...)
	} else if b[0] == '$' {
		f.whole = false
		return 0, false // a directive: dns.ZoneParser keeps the state it sets
	}
	quotes, open := 0, false
	f.inner = false
	for {
		var ok bool
		if quotes, open, ok = f.appendData(b, quotes, open); !ok {
			return 0, false
		}
		if !open {
			break
		}
		if quotes > 0 {
			return 0, false // quoted strings across lines: dns.ZoneParser's
		}
		if b, ok = f.readLine(false); !ok {
			return 0, false
		}
		if n := len(b); n > 0 && b[n-1] == '\n' {
			b = b[:n-1]
		}
	}
	if f.inner {
		return 0, false // whole: oneEntry parses it
	}
	if quotes > 0 {
		return lineQuoted, true
	}
	return lineSimple, true
}

// appendData appends the data of one physical line (up to a comment) to
// f.join, turning the parentheses into blanks; it declines escapes,
// control characters, non-ASCII, nested or unbalanced parentheses, and a
// comment or parenthesis after a quote (which may be inside the string).
func (f *fastZoneReader) appendData(b []byte, quotes int, open bool) (int, bool, bool) {
	if len(f.join) > 0 {
		f.join = append(f.join, ' ')
	}
	start := len(f.join)
	f.join = append(f.join, b...)
	d := f.join[start:]
	for j, c := range d {
		switch lineOctet[c] {
		case octetPlain:
		case octetComplex:
			return 0, false, false
		case octetQuote:
			quotes++
		case octetComment:
			if quotes > 0 {
				return 0, false, false
			}
			// dns.ZoneParser reads some types differently after a comment
			// inside parentheses (an NSEC3 bitmap then fails): oneEntry's.
			f.inner = f.inner || open
			f.join = f.join[:start+j]
			return quotes, open, true
		case octetOpen:
			if open || quotes > 0 {
				return 0, false, false
			}
			open, d[j] = true, ' '
		case octetClose:
			if !open || quotes > 0 {
				return 0, false, false
			}
			open, d[j] = false, ' '
		}
	}
	return quotes, open, true
}

// handover returns the input for dns.ZoneParser from the declined entry on:
// blank lines so that its line numbers match, preceded (when a record was
// read) by a synthetic record that recreates the parser state a record
// leaves behind (the previous owner and the default TTL, RFC 1035 §5.1);
// skip reports whether that record is there and must be dropped.
func (f *fastZoneReader) handover() (io.Reader, bool) {
	pad := f.first - 1
	var head []byte
	skip := false
	if f.owner != "" && pad >= 1 {
		head = append(head, f.owner...)
		head = append(head, ' ')
		head = strconv.AppendUint(head, uint64(f.ttl), 10)
		head = append(head, " IN A 0.0.0.0\n"...)
		pad--
		skip = true
	}
	var rest io.Reader = f.br
	if f.rerr != nil {
		rest = errReader{f.rerr}
	}
	return io.MultiReader(&newlines{n: pad}, bytes.NewReader(head), bytes.NewReader(f.raw), rest), skip
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// newlines reads as n newline characters.
type newlines struct{ n int }

func (nl *newlines) Read(p []byte) (int, error) {
	if nl.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), nl.n)
	for i := range k {
		p[i] = '\n'
	}
	nl.n -= k
	return k, nil
}

const (
	lineSkip   = iota // blank or comment only
	lineSimple        // one self-contained record: no quotes, escapes or nested parentheses
	lineQuoted        // like lineSimple but with quoted strings: only for the one-line dns.ZoneParser
)

// Octet classes for appendData.
const (
	octetPlain   = iota
	octetComplex // control characters but tab, non-ASCII, '\\'
	octetQuote
	octetComment
	octetOpen
	octetClose
)

var lineOctet = func() (t [256]uint8) {
	for c := range t {
		if c < ' ' && c != '\t' || c >= 0x7f {
			t[c] = octetComplex
		}
	}
	t['\\'] = octetComplex
	t['"'], t[';'] = octetQuote, octetComment
	t['('], t[')'] = octetOpen, octetClose
	return t
}()

// fields splits b on blanks into f.toks.
func (f *fastZoneReader) fields(b []byte) [][]byte {
	t := f.toks[:0]
	i := 0
	for i < len(b) {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n') {
			i++
		}
		j := i
		for j < len(b) && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' {
			j++
		}
		if j > i {
			t = append(t, b[i:j])
		}
		i = j
	}
	f.toks = t
	return t
}

// parse reads one simple line. It builds the hot record types itself and
// gives any other type to a one-line dns.ZoneParser, which is exact because
// the line depends on no parser state; a line with a relative owner or no
// TTL, or one either path rejects, is declined.
func (f *fastZoneReader) parse(data []byte, quoted bool) (dns.RR, uint32, bool) {
	t := f.fields(data)
	if len(t) < 4 {
		return nil, 0, false
	}
	typ, rd := t[2], t[3:] // Knot writes no class
	if string(typ) == "IN" {
		if len(t) < 5 {
			return nil, 0, false
		}
		typ, rd = t[3], t[4:]
	}
	ttl, ok := digitsTTL(t[1])
	if !ok {
		return nil, 0, false
	}
	owner, ok := f.name(t[0])
	if !ok {
		return nil, 0, false
	}
	h := dns.RR_Header{Name: owner, Ttl: ttl, Class: dns.ClassINET}
	var rr dns.RR
	if quoted {
		typ = nil // quoted strings: only dns.ZoneParser splits them right
	}
	switch string(typ) {
	case "RRSIG":
		rr, ok = f.rrsig(h, rd)
	case "NSEC3":
		rr, ok = nsec3(h, rd)
	case "NSEC":
		rr, ok = f.nsec(h, rd)
	case "A":
		rr, ok = addr(h, rd, false)
	case "AAAA":
		rr, ok = addr(h, rd, true)
	case "NS":
		rr, ok = f.ns(h, rd)
	case "DNSKEY":
		rr, ok = dnskey(h, rd)
	case "DS":
		rr, ok = ds(h, rd)
	default:
		rr, ok = f.oneLine(data, owner)
	}
	if !ok {
		return nil, 0, false
	}
	f.owner = owner
	return rr, ttl, true
}

// oneLine parses line b with its own dns.ZoneParser. A sentinel record
// follows it: dns.ZoneParser reads the rdata of a short record on into the
// next line, and then the sentinel does not come back intact, so the line is
// declined.
func (f *fastZoneReader) oneLine(b []byte, owner string) (dns.RR, bool) {
	in := append(f.one[:0], b...)
	if in[len(in)-1] != '\n' {
		in = append(in, '\n')
	}
	in = append(in, fastSentinel...)
	f.one = in
	zp := dns.NewZoneParser(bytes.NewReader(in), f.origin, f.file)
	rr, ok := zp.Next()
	if !ok || rr.Header().Name != owner {
		return nil, false
	}
	s, ok := zp.Next()
	if !ok || s.String() != fastSentinelRR {
		return nil, false
	}
	if _, more := zp.Next(); more || zp.Err() != nil {
		return nil, false
	}
	return rr, true
}

// oneEntry parses the raw lines of an entry that the fast path declined
// with a dns.ZoneParser of its own: behind a synthetic record that
// recreates the parser state a record leaves (previous owner and TTL, as
// handover does) and before a sentinel. It accepts only exactly one record,
// then the sentinel intact, then the end without error; anything else
// (including an entry that continues past the lines read) is declined
// and handed over to the whole-file parser, which reports it exactly.
func (f *fastZoneReader) oneEntry() (dns.RR, uint32, bool) {
	in := f.one[:0]
	head := f.owner != ""
	if head {
		in = append(in, f.owner...)
		in = append(in, ' ')
		in = strconv.AppendUint(in, uint64(f.ttl), 10)
		in = append(in, " IN A 0.0.0.0\n"...)
	}
	in = append(in, f.raw...)
	if in[len(in)-1] != '\n' {
		in = append(in, '\n')
	}
	in = append(in, fastSentinel...)
	f.one = in
	zp := dns.NewZoneParser(bytes.NewReader(in), f.origin, f.file)
	if head {
		if _, ok := zp.Next(); !ok {
			return nil, 0, false
		}
	}
	rr, ok := zp.Next()
	if !ok || rr.String() == fastSentinelRR {
		return nil, 0, false
	}
	s, ok := zp.Next()
	if !ok || s.String() != fastSentinelRR {
		return nil, 0, false
	}
	if _, more := zp.Next(); more || zp.Err() != nil {
		return nil, 0, false
	}
	f.owner = rr.Header().Name
	return rr, rr.Header().Ttl, true
}

const (
	fastSentinel   = "sentinel.invalid. 0 IN A 192.0.2.0\n"
	fastSentinelRR = "sentinel.invalid.\t0\tIN\tA\t192.0.2.0"
)

// digitsTTL reads a TTL written as decimal digits only (dns.ZoneParser
// also takes unit suffixes; such lines are declined).
func digitsTTL(b []byte) (uint32, bool) {
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	if v > 1<<32-1 {
		return 0, false
	}
	return uint32(v), true
}

// name returns an absolute domain name made of letters, digits, '-', '_'
// and '*' labels, reusing the previous owner's string when equal.
func (f *fastZoneReader) name(b []byte) (string, bool) {
	if string(b) == f.owner {
		return f.owner, true
	}
	if len(b) == 0 || b[len(b)-1] != '.' {
		return "", false
	}
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '*' || c == '.') {
			return "", false
		}
	}
	s := string(b)
	if _, ok := dns.IsDomainName(s); !ok {
		return "", false
	}
	return s, true
}

func parseUint(b []byte, bits int) (uint64, bool) {
	v, err := strconv.ParseUint(string(b), 10, bits)
	return v, err == nil
}

// concat joins the remaining tokens, as dns.ZoneParser does for base64 and
// hex fields.
func concat(t [][]byte) string {
	n := 0
	for _, x := range t {
		n += len(x)
	}
	var sb strings.Builder
	sb.Grow(n)
	for _, x := range t {
		sb.Write(x)
	}
	return sb.String()
}

func sigTime(b []byte) (uint32, bool) {
	if v, ok := sigTimeDigits(b); ok {
		return v, true
	}
	s := string(b)
	if v, err := dns.StringToTime(s); err == nil {
		return v, true
	}
	v, ok := parseUint(b, 32)
	return uint32(v), ok
}

// sigTimeDigits is dns.StringToTime for a valid YYYYMMDDHHmmSS time (RFC
// 4034 §3.2) without time.Parse: the same fields, ranges and RFC 1982
// wrap-around. It reports false for anything else, which sigTime then
// hands to dns.StringToTime.
func sigTimeDigits(b []byte) (uint32, bool) {
	if len(b) != 14 {
		return 0, false
	}
	var n [14]int
	for i, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n[i] = int(c - '0')
	}
	num := func(i, j int) int {
		v := 0
		for _, d := range n[i:j] {
			v = v*10 + d
		}
		return v
	}
	y, mo, d, h, mi, s := num(0, 4), num(4, 6), num(6, 8), num(8, 10), num(10, 12), num(12, 14)
	if mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59 {
		return 0, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC)
	if t.Day() != d { // past the end of the month
		return 0, false
	}
	const year68 = 1 << 31
	u := t.Unix()
	mod := u/year68 - 1
	if mod < 0 {
		mod = 0
	}
	return uint32(u - mod*year68), true
}

func (f *fastZoneReader) rrsig(h dns.RR_Header, t [][]byte) (dns.RR, bool) {
	if len(t) < 9 {
		return nil, false
	}
	cov, ok := dns.StringToType[string(t[0])]
	if !ok {
		return nil, false
	}
	h.Rrtype = dns.TypeRRSIG
	rr := &dns.RRSIG{Hdr: h, TypeCovered: cov}
	alg, ok1 := parseUint(t[1], 8)
	labels, ok2 := parseUint(t[2], 8)
	ottl, ok3 := parseUint(t[3], 32)
	exp, ok4 := sigTime(t[4])
	inc, ok5 := sigTime(t[5])
	tag, ok6 := parseUint(t[6], 16)
	signer, ok7 := f.name(t[7])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) {
		return nil, false
	}
	rr.Algorithm, rr.Labels, rr.OrigTtl = uint8(alg), uint8(labels), uint32(ottl)
	rr.Expiration, rr.Inception, rr.KeyTag = exp, inc, uint16(tag)
	rr.SignerName = signer
	rr.Signature = concat(t[8:])
	return rr, true
}

func bitmap(t [][]byte) ([]uint16, bool) {
	m := make([]uint16, 0, len(t))
	for _, x := range t {
		k, ok := dns.StringToType[string(x)]
		if !ok {
			return nil, false
		}
		m = append(m, k)
	}
	return m, true
}

func nsec3(h dns.RR_Header, t [][]byte) (dns.RR, bool) {
	if len(t) < 5 {
		return nil, false
	}
	hash, ok1 := parseUint(t[0], 8)
	flags, ok2 := parseUint(t[1], 8)
	iter, ok3 := parseUint(t[2], 16)
	m, ok4 := bitmap(t[5:])
	if !(ok1 && ok2 && ok3 && ok4) {
		return nil, false
	}
	h.Rrtype = dns.TypeNSEC3
	rr := &dns.NSEC3{Hdr: h, Hash: uint8(hash), Flags: uint8(flags), Iterations: uint16(iter), HashLength: 20, NextDomain: string(t[4]), TypeBitMap: m}
	if salt := t[3]; string(salt) != "-" {
		rr.SaltLength = uint8(len(salt)) / 2
		rr.Salt = string(salt)
	}
	return rr, true
}

func (f *fastZoneReader) nsec(h dns.RR_Header, t [][]byte) (dns.RR, bool) {
	next, ok := f.name(t[0])
	if !ok {
		return nil, false
	}
	m, ok := bitmap(t[1:])
	if !ok {
		return nil, false
	}
	h.Rrtype = dns.TypeNSEC
	return &dns.NSEC{Hdr: h, NextDomain: next, TypeBitMap: m}, true
}

func addr(h dns.RR_Header, t [][]byte, v6 bool) (dns.RR, bool) {
	if len(t) != 1 || bytes.IndexByte(t[0], ':') >= 0 != v6 {
		return nil, false
	}
	ip := net.ParseIP(string(t[0]))
	if ip == nil {
		return nil, false
	}
	if v6 {
		h.Rrtype = dns.TypeAAAA
		return &dns.AAAA{Hdr: h, AAAA: ip}, true
	}
	h.Rrtype = dns.TypeA
	return &dns.A{Hdr: h, A: ip}, true
}

func (f *fastZoneReader) ns(h dns.RR_Header, t [][]byte) (dns.RR, bool) {
	if len(t) != 1 {
		return nil, false
	}
	n, ok := f.name(t[0])
	if !ok {
		return nil, false
	}
	h.Rrtype = dns.TypeNS
	return &dns.NS{Hdr: h, Ns: n}, true
}

// threeUints parses the three leading integer fields that DNSKEY (flags,
// protocol, algorithm) and DS (key tag, algorithm, digest type) share,
// followed by at least one field of base64 or hex.
func threeUints(t [][]byte, bits0 int) (a, b, c uint64, ok bool) {
	if len(t) < 4 {
		return 0, 0, 0, false
	}
	a, ok1 := parseUint(t[0], bits0)
	b, ok2 := parseUint(t[1], 8)
	c, ok3 := parseUint(t[2], 8)
	return a, b, c, ok1 && ok2 && ok3
}

func dnskey(h dns.RR_Header, t [][]byte) (dns.RR, bool) {
	flags, proto, alg, ok := threeUints(t, 16)
	if !ok {
		return nil, false
	}
	h.Rrtype = dns.TypeDNSKEY
	return &dns.DNSKEY{Hdr: h, Flags: uint16(flags), Protocol: uint8(proto), Algorithm: uint8(alg), PublicKey: concat(t[3:])}, true
}

func ds(h dns.RR_Header, t [][]byte) (dns.RR, bool) {
	tag, alg, dt, ok := threeUints(t, 16)
	if !ok {
		return nil, false
	}
	h.Rrtype = dns.TypeDS
	return &dns.DS{Hdr: h, KeyTag: uint16(tag), Algorithm: uint8(alg), DigestType: uint8(dt), Digest: concat(t[3:])}, true
}
