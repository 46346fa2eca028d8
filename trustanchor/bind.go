package trustanchor

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/miekg/dns"
)

const bindFile = "named.conf"

// BINDKind is the kind of a BIND trust-anchors entry (BIND 9 ARM,
// "trust-anchors Statement").
type BINDKind uint8

// BIND trust anchor kinds: initial-* seed RFC 5011 managed keys, static-*
// are permanent.
const (
	InitialKey BINDKind = iota
	InitialDS
	StaticKey
	StaticDS
)

var bindKindNames = [...]string{"initial-key", "initial-ds", "static-key", "static-ds"}

func (k BINDKind) String() string {
	if int(k) < len(bindKindNames) {
		return bindKindNames[k]
	}
	return fmt.Sprintf("BINDKind(%d)", uint8(k))
}

// Managed reports whether the entry seeds RFC 5011 maintenance.
func (k BINDKind) Managed() bool { return k == InitialKey || k == InitialDS }

// BINDAnchor is one entry of a BIND trust-anchors (or legacy managed-keys,
// trusted-keys, dnssec-keys) statement.
type BINDAnchor struct {
	Kind BINDKind
	RR   dns.RR // *dns.DNSKEY for *-key, *dns.DS for *-ds
}

// ReadBIND reads every trust anchor in BIND configuration text: the
// trust-anchors and dnssec-keys statements (BIND 9.15+), managed-keys
// (initial-key entries) and trusted-keys (static keys, no keyword). Other
// statements are skipped, comments (#, //, /* */) ignored. A bind.keys file
// or a whole named.conf can be given.
func ReadBIND(r io.Reader) ([]BINDAnchor, error) {
	data, err := readAll(r, MaxDocumentSize, bindFile)
	if err != nil {
		return nil, err
	}
	toks, err := bindTokens(data)
	if err != nil {
		return nil, err
	}
	p := &bindParser{toks: toks}
	var out []BINDAnchor
	var errs []error
	for !p.eof() {
		t := p.next()
		switch t.s {
		case "trust-anchors", "dnssec-keys", "managed-keys", "trusted-keys":
			if p.peek().s != "{" {
				errs = append(errs, errorf(ErrMalformed, "BIND 9 ARM trust-anchors", bindFile, t.line, "", "%s without {", t.s))
				p.skipStatement()
				continue
			}
			p.next()
			anchors, e := p.block(t.s)
			errs = append(errs, e...)
			out = append(out, anchors...)
			if len(out) > MaxKeys {
				return nil, errorf(ErrLimitExceeded, "", bindFile, t.line, "", "more than %d keys", MaxKeys)
			}
		case "{":
			p.skipBlock()
		}
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	return out, nil
}

type bindTok struct {
	s      string
	quoted bool
	line   int
}

func bindTokens(data []byte) ([]bindTok, error) {
	var toks []bindTok
	line := 1
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#' || (c == '/' && i+1 < len(data) && data[i+1] == '/'):
			for i < len(data) && data[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(data) && data[i+1] == '*':
			end := bytes.Index(data[i+2:], []byte("*/"))
			if end < 0 {
				return nil, errorf(ErrMalformed, "BIND 9 ARM comment syntax", bindFile, line, "", "unterminated /* comment")
			}
			line += bytes.Count(data[i:i+2+end], []byte("\n"))
			i += end + 4
		case c == '{' || c == '}' || c == ';':
			toks = append(toks, bindTok{s: string(c), line: line})
			i++
		case c == '"':
			end := bytes.IndexByte(data[i+1:], '"')
			if end < 0 {
				return nil, errorf(ErrMalformed, "BIND 9 ARM", bindFile, line, "", "unterminated string")
			}
			s := string(data[i+1 : i+1+end])
			toks = append(toks, bindTok{s: s, quoted: true, line: line})
			line += strings.Count(s, "\n")
			i += end + 2
		default:
			j := i
			for j < len(data) && !strings.ContainsRune(" \t\r\n{};\"#", rune(data[j])) {
				j++
			}
			toks = append(toks, bindTok{s: string(data[i:j]), line: line})
			i = j
		}
		if len(toks) > MaxLines {
			return nil, errorf(ErrLimitExceeded, "", bindFile, line, "", "more than %d tokens", MaxLines)
		}
	}
	return toks, nil
}

type bindParser struct {
	toks []bindTok
	i    int
}

func (p *bindParser) eof() bool { return p.i >= len(p.toks) }
func (p *bindParser) next() bindTok {
	if p.eof() {
		return bindTok{line: -1}
	}
	p.i++
	return p.toks[p.i-1]
}
func (p *bindParser) peek() bindTok {
	if p.eof() {
		return bindTok{line: -1}
	}
	return p.toks[p.i]
}

func (p *bindParser) skipBlock() {
	depth := 1
	for !p.eof() && depth > 0 {
		switch p.next().s {
		case "{":
			depth++
		case "}":
			depth--
		}
	}
}

func (p *bindParser) skipStatement() {
	for !p.eof() {
		t := p.next()
		if t.s == ";" && !t.quoted {
			return
		}
		if t.s == "{" && !t.quoted {
			p.skipBlock()
		}
	}
}

// block parses entries up to the closing "};".
func (p *bindParser) block(stmt string) ([]BINDAnchor, []error) {
	var out []BINDAnchor
	var errs []error
	for !p.eof() {
		if p.peek().s == "}" && !p.peek().quoted {
			p.next()
			if p.peek().s == ";" {
				p.next()
			}
			return out, errs
		}
		var fields []bindTok
		for !p.eof() && !(p.peek().s == ";" && !p.peek().quoted) && !(p.peek().s == "}" && !p.peek().quoted) {
			fields = append(fields, p.next())
		}
		if p.peek().s == ";" {
			p.next()
		}
		if len(fields) == 0 {
			continue
		}
		a, err := bindEntry(stmt, fields)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, a)
	}
	errs = append(errs, errorf(ErrMalformed, "BIND 9 ARM trust-anchors", bindFile, 0, "", "%s block not closed", stmt))
	return out, errs
}

func bindEntry(stmt string, f []bindTok) (BINDAnchor, error) {
	line := f[0].line
	fail := func(format string, args ...any) (BINDAnchor, error) {
		return BINDAnchor{}, errorf(ErrMalformed, "BIND 9 ARM trust-anchors", bindFile, line, "", format, args...)
	}
	owner := f[0].s
	if _, ok := dns.IsDomainName(owner); !ok {
		return fail("bad domain name %q", owner)
	}
	owner = lowerName(dns.Fqdn(owner))
	rest := f[1:]
	var kind BINDKind
	switch stmt {
	case "trusted-keys":
		kind = StaticKey
	default:
		if len(rest) == 0 {
			return fail("missing anchor type")
		}
		switch rest[0].s {
		case "initial-key":
			kind = InitialKey
		case "initial-ds":
			kind = InitialDS
		case "static-key":
			kind = StaticKey
		case "static-ds":
			kind = StaticDS
		default:
			return fail("unknown anchor type %q", rest[0].s)
		}
		if stmt == "managed-keys" && kind != InitialKey && kind != InitialDS {
			return fail("managed-keys accepts only initial-key and initial-ds")
		}
		rest = rest[1:]
	}
	if len(rest) < 4 {
		return fail("%s needs four fields, got %d", kind, len(rest))
	}
	var nums [3]uint64
	for i := 0; i < 3; i++ {
		bits := 8
		if i == 0 {
			bits = 16
		}
		n, err := strconv.ParseUint(rest[i].s, 10, bits)
		if err != nil {
			return fail("field %d %q is not a number", i+1, rest[i].s)
		}
		nums[i] = n
	}
	blob := strings.Join(strings.Fields(joinToks(rest[3:])), "")
	hdr := func(t uint16) dns.RR_Header {
		return dns.RR_Header{Name: owner, Rrtype: t, Class: dns.ClassINET}
	}
	switch kind {
	case InitialKey, StaticKey:
		if _, err := decodeBase64(blob); err != nil || blob == "" {
			return fail("public key is not base64")
		}
		return BINDAnchor{Kind: kind, RR: &dns.DNSKEY{Hdr: hdr(dns.TypeDNSKEY), Flags: uint16(nums[0]),
			Protocol: uint8(nums[1]), Algorithm: uint8(nums[2]), PublicKey: blob}}, nil
	default:
		if nums[0] > 0xffff {
			return fail("key tag out of range")
		}
		if !isHex(blob) {
			return fail("digest is not hex")
		}
		return BINDAnchor{Kind: kind, RR: &dns.DS{Hdr: hdr(dns.TypeDS), KeyTag: uint16(nums[0]),
			Algorithm: uint8(nums[1]), DigestType: uint8(nums[2]), Digest: strings.ToUpper(blob)}}, nil
	}
}

func joinToks(t []bindTok) string {
	s := make([]string, len(t))
	for i, x := range t {
		s[i] = x.s
	}
	return strings.Join(s, " ")
}

func isHex(s string) bool {
	if s == "" || len(s)%2 != 0 {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

// WriteBIND writes a trust-anchors statement (BIND 9.16+ syntax), entries
// sorted canonically, DS digests upper case, keys on one line.
func WriteBIND(w io.Writer, anchors []BINDAnchor) error {
	sorted := append([]BINDAnchor(nil), anchors...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if c := compareNames(sorted[i].RR.Header().Name, sorted[j].RR.Header().Name); c != 0 {
			return c < 0
		}
		if sorted[i].Kind != sorted[j].Kind {
			return sorted[i].Kind < sorted[j].Kind
		}
		return lessRR(sorted[i].RR, sorted[j].RR)
	})
	var b bytes.Buffer
	b.WriteString("trust-anchors {\n")
	for _, a := range sorted {
		switch rr := a.RR.(type) {
		case *dns.DNSKEY:
			if a.Kind != InitialKey && a.Kind != StaticKey {
				return errorf(ErrMalformed, "BIND 9 ARM trust-anchors", bindFile, 0, "", "%s with a DNSKEY", a.Kind)
			}
			fmt.Fprintf(&b, "\t\"%s\" %s %d %d %d \"%s\";\n", presentName(lowerName(rr.Hdr.Name)), a.Kind, rr.Flags, rr.Protocol, rr.Algorithm, rr.PublicKey)
		case *dns.DS:
			if a.Kind != InitialDS && a.Kind != StaticDS {
				return errorf(ErrMalformed, "BIND 9 ARM trust-anchors", bindFile, 0, "", "%s with a DS", a.Kind)
			}
			fmt.Fprintf(&b, "\t\"%s\" %s %d %d %d \"%s\";\n", presentName(lowerName(rr.Hdr.Name)), a.Kind, rr.KeyTag, rr.Algorithm, rr.DigestType, strings.ToUpper(rr.Digest))
		default:
			return errorf(ErrMalformed, "BIND 9 ARM trust-anchors", bindFile, 0, "", "entry without DS or DNSKEY")
		}
	}
	b.WriteString("};\n")
	_, err := w.Write(b.Bytes())
	return err
}

// BINDAnchors wraps records as BIND entries: DNSKEYs as initial-key (or
// static-key), DS as initial-ds (or static-ds).
func BINDAnchors(rrs []dns.RR, static bool) []BINDAnchor {
	var out []BINDAnchor
	for _, rr := range Canonical(rrs) {
		switch rr.(type) {
		case *dns.DNSKEY:
			k := InitialKey
			if static {
				k = StaticKey
			}
			out = append(out, BINDAnchor{Kind: k, RR: rr})
		case *dns.DS:
			k := InitialDS
			if static {
				k = StaticDS
			}
			out = append(out, BINDAnchor{Kind: k, RR: rr})
		}
	}
	return out
}

// BINDRecords returns the records of BIND entries.
func BINDRecords(anchors []BINDAnchor) []dns.RR {
	out := make([]dns.RR, 0, len(anchors))
	for _, a := range anchors {
		out = append(out, a.RR)
	}
	return out
}
