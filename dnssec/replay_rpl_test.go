package dnssec

// A reader for Unbound's testbound replay files (.rpl), written from the
// format description in Unbound's testcode/replay.h and testcode/testpkts.h:
// a CONFIG section of unbound.conf lines, then SCENARIO_BEGIN with RANGE
// blocks (canned answers per server ADDRESS, valid for a span of steps) and
// STEP lines (QUERY, CHECK_ANSWER, TIME_PASSES, …), each with an ENTRY.

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// rplEntry is one ENTRY_BEGIN … ENTRY_END block.
type rplEntry struct {
	line      int
	match     map[string]bool // MATCH keywords (opcode, qtype, qname, subdomain, all, TCP, …)
	flags     map[string]bool // REPLY flags: QR AA TC RD RA AD CD DO
	rcode     int
	copyQuery bool
	qname     string
	qtype     uint16
	sections  [3][]dns.RR // ANSWER, AUTHORITY, ADDITIONAL
}

type rplRange struct {
	start, end int
	addrs      []string
	entries    []*rplEntry
}

type rplStep struct {
	n     int
	kind  string   // QUERY, CHECK_ANSWER, TIME_PASSES, …
	args  []string // the rest of the STEP line, e.g. ELAPSE 10
	entry *rplEntry
}

// rplStub is a stub-zone or forward-zone of the configuration.
type rplStub struct {
	name    string
	addrs   []string
	forward bool
}

type rplScenario struct {
	anchors  []dns.RR
	date     time.Time
	stubs    []rplStub
	options  map[string][]string // every other server: option, by name
	ranges   []*rplRange
	steps    []rplStep
	unparsed []string // what could not be read, with line numbers
}

func unquote(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '#'); i >= 0 && !strings.HasPrefix(s, "\"") {
		s = strings.TrimSpace(s[:i])
	}
	return strings.Trim(s, "\"")
}

// parseRPL reads a replay file.
func parseRPL(r io.Reader) (*rplScenario, error) {
	sc := &rplScenario{options: map[string][]string{}}
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	next := func() (string, bool) {
		for s.Scan() {
			line++
			l := strings.TrimSpace(s.Text())
			if l != "" && !strings.HasPrefix(l, ";") {
				return l, true
			}
		}
		return "", false
	}
	// CONFIG part.
	var stub *rplStub
	for {
		l, ok := next()
		if !ok {
			return nil, fmt.Errorf("no CONFIG_END")
		}
		if l == "CONFIG_END" {
			break
		}
		key, val, _ := strings.Cut(l, ":")
		key, val = strings.TrimSpace(key), unquote(val)
		switch key {
		case "server":
			stub = nil
		case "stub-zone", "forward-zone":
			sc.stubs = append(sc.stubs, rplStub{forward: key == "forward-zone"})
			stub = &sc.stubs[len(sc.stubs)-1]
		case "name":
			if stub != nil {
				stub.name = dns.Fqdn(val)
			}
		case "stub-addr", "forward-addr":
			if stub != nil {
				stub.addrs = append(stub.addrs, strings.Fields(val)[0])
			}
		case "trust-anchor":
			rr, err := dns.NewRR(val)
			if err != nil || rr == nil {
				sc.unparsed = append(sc.unparsed, fmt.Sprintf("line %d: trust-anchor: %v", line, err))
				continue
			}
			sc.anchors = append(sc.anchors, rr)
		case "val-override-date":
			if t, err := time.Parse("20060102150405", val); err == nil {
				sc.date = t // otherwise (e.g. -1) the scenario is not replayable
			}
		default:
			sc.options[key] = append(sc.options[key], val)
		}
	}
	var cur *rplRange
	for {
		l, ok := next()
		if !ok {
			break
		}
		f := strings.Fields(l)
		switch f[0] {
		case "SCENARIO_BEGIN", "SCENARIO_END":
		case "RANGE_BEGIN":
			cur = &rplRange{}
			if len(f) >= 3 {
				cur.start, _ = strconv.Atoi(f[1])
				cur.end, _ = strconv.Atoi(f[2])
			}
			sc.ranges = append(sc.ranges, cur)
		case "RANGE_END":
			cur = nil
		case "ADDRESS":
			if cur != nil && len(f) > 1 {
				cur.addrs = append(cur.addrs, f[1])
			}
		case "ENTRY_BEGIN":
			e, err := readEntry(next, &line, sc)
			if err != nil {
				return nil, err
			}
			if cur != nil {
				cur.entries = append(cur.entries, e)
			} else if n := len(sc.steps); n > 0 && sc.steps[n-1].entry == nil {
				sc.steps[n-1].entry = e
			}
		case "STEP":
			if len(f) < 3 {
				return nil, fmt.Errorf("line %d: short STEP", line)
			}
			n, _ := strconv.Atoi(f[1])
			sc.steps = append(sc.steps, rplStep{n: n, kind: f[2], args: f[3:]})
		}
	}
	return sc, s.Err()
}

// readEntry reads the lines after ENTRY_BEGIN up to ENTRY_END.
func readEntry(next func() (string, bool), line *int, sc *rplScenario) (*rplEntry, error) {
	e := &rplEntry{line: *line, match: map[string]bool{}, flags: map[string]bool{}}
	section := -2 // -1 QUESTION, 0.. ANSWER, AUTHORITY, ADDITIONAL
	for {
		l, ok := next()
		if !ok {
			return nil, fmt.Errorf("line %d: no ENTRY_END", e.line)
		}
		f := strings.Fields(l)
		switch f[0] {
		case "ENTRY_END":
			return e, nil
		case "MATCH":
			for _, w := range f[1:] {
				e.match[w] = true
			}
			continue
		case "REPLY":
			for _, w := range f[1:] {
				if rc, ok := dns.StringToRcode[w]; ok {
					e.rcode = rc
				} else {
					e.flags[w] = true
				}
			}
			continue
		case "ADJUST":
			for _, w := range f[1:] {
				e.copyQuery = e.copyQuery || w == "copy_query"
			}
			continue
		case "SECTION":
			section = map[string]int{"QUESTION": -1, "ANSWER": 0, "AUTHORITY": 1, "ADDITIONAL": 2}[f[1]]
			continue
		case "EXTRA_PACKET", "HEX_ANSWER_BEGIN", "HEX_EDNS_BEGIN":
			sc.unparsed = append(sc.unparsed, fmt.Sprintf("line %d: %s not supported", *line, f[0]))
			continue
		}
		if i := strings.Index(l, ";"); i >= 0 {
			l = l[:i]
		}
		switch section {
		case -1:
			q := strings.Fields(l)
			if len(q) < 2 {
				return nil, fmt.Errorf("line %d: question %q", *line, l)
			}
			e.qname = dns.Fqdn(q[0])
			e.qtype = parseType(q[len(q)-1])
		case 0, 1, 2:
			var rr dns.RR
			var err error
			if strings.Contains(l, `\#`) {
				// RFC 3597 §5 rdata is served as it is written, even when it
				// does not fit the type (miekg/dns's parser would reshape it).
				rr, err = genericRR(l)
			} else {
				rr, err = dns.NewRR(l)
			}
			if err != nil || rr == nil {
				sc.unparsed = append(sc.unparsed, fmt.Sprintf("line %d: %v", *line, err))
				continue
			}
			// Bitmaps on the wire are sorted (RFC 4034 §4.1.2); the files
			// list types in any order.
			e.sections[section] = append(e.sections[section], withSortedBitmap(rr))
		}
	}
}

// parseType reads a type mnemonic or TYPEnnn (RFC 3597 §5).
func parseType(s string) uint16 {
	s = strings.ToUpper(s)
	if t, ok := dns.StringToType[s]; ok {
		return t
	}
	if n, err := strconv.ParseUint(strings.TrimPrefix(s, "TYPE"), 10, 16); err == nil && strings.HasPrefix(s, "TYPE") {
		return uint16(n)
	}
	return 0
}

// genericRR reads "owner [ttl] [class] TYPE \# len hex" (RFC 3597 §5)
// as raw rdata of that type, even when it does not fit the type (a
// malformed RR a scenario serves on purpose).
func genericRR(l string) (dns.RR, error) {
	before, after, _ := strings.Cut(l, `\#`)
	f := strings.Fields(before)
	d := strings.Fields(after)
	if len(f) < 2 || len(d) < 1 {
		return nil, fmt.Errorf("generic RR %q", l)
	}
	t := parseType(f[len(f)-1])
	if t == 0 {
		return nil, fmt.Errorf("generic RR type %q", f[len(f)-1])
	}
	ttl := uint32(3600)
	for _, x := range f[1 : len(f)-1] {
		if n, err := strconv.ParseUint(x, 10, 32); err == nil {
			ttl = uint32(n)
		}
	}
	n, err := strconv.Atoi(d[0])
	hexdata := strings.Join(d[1:], "")
	if err != nil || len(hexdata) != 2*n {
		return nil, fmt.Errorf("generic RR length %q", l)
	}
	return &dns.RFC3597{Hdr: dns.RR_Header{Name: dns.Fqdn(f[0]), Rrtype: t, Class: dns.ClassINET, Ttl: ttl}, Rdata: hexdata}, nil
}

// reply builds the canned response to q.
func (e *rplEntry) reply(q *dns.Msg) *dns.Msg {
	m := new(dns.Msg)
	m.SetReply(q)
	m.Rcode = e.rcode
	m.Authoritative, m.Truncated = e.flags["AA"], e.flags["TC"]
	m.RecursionAvailable = true
	secs := []*[]dns.RR{&m.Answer, &m.Ns, &m.Extra}
	var sigs []*dns.RRSIG
	for i, sec := range secs {
		for _, rr := range e.sections[i] {
			if s, ok := rr.(*dns.RRSIG); ok {
				sigs = append(sigs, s)
				continue
			}
			*sec = append(*sec, dns.Copy(rr))
		}
	}
	// An RRSIG travels with the RRset it covers, wherever the file puts
	// it (Unbound's message parser groups them the same way).
	for _, s := range sigs {
		home := sectionOf(secs, s)
		*secs[home] = append(*secs[home], dns.Copy(s))
	}
	return m
}

// sectionOf returns the section holding the RRset sig covers (default:
// the one the file gave, approximated by the answer for answer owners).
func sectionOf(secs []*[]dns.RR, sig *dns.RRSIG) int {
	for i, sec := range secs {
		for _, rr := range *sec {
			if h := rr.Header(); h.Rrtype == sig.TypeCovered && EqualNames(h.Name, sig.Hdr.Name) {
				return i
			}
		}
	}
	return 2
}

// matches reports whether the entry answers name/qtype over the
// transport (testpkts.h find_match: opcode, qtype, qname, subdomain, TCP/UDP).
func (e *rplEntry) matches(name string, qtype uint16, tcp bool) bool {
	if e.match["qtype"] && e.qtype != qtype {
		return false
	}
	if e.match["qname"] && !EqualNames(e.qname, name) {
		return false
	}
	if e.match["subdomain"] && !IsAtOrBelow(name, e.qname) {
		return false
	}
	if (e.match["TCP"] && !tcp) || (e.match["UDP"] && tcp) {
		return false
	}
	return true
}
