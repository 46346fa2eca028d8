package trustanchor

// A focused reader for the parts of Unbound's testbound replay format
// (testcode/replay.h, testcode/testpkts.h) that the autotrust_*.rpl
// scenarios use: the AUTOTRUST_FILE, val-override-date, RANGE blocks of
// canned answers and the STEP list with TIME_PASSES, TRAFFIC, ASSIGN,
// CHECK_AUTOTRUST (FILE_BEGIN … FILE_END), QUERY and CHECK_ANSWER, plus the
// ${…} macros of the expected files (time, timeout, ctime, range,
// arithmetic on $variables). Our own code, written from the format's
// description.

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// rplScenario is one autotrust replay file.
type rplScenario struct {
	file         string
	title        string
	zone         string
	anchorFile   string    // AUTOTRUST_FILE content
	overrideDate time.Time // val-override-date, zero when absent
	ranges       []rplRange
	steps        []rplStep
	resigned     bool // keys replaced and RRsets re-signed (replay_resign_test.go)
}

// rplRange is RANGE_BEGIN from to … RANGE_END: answers valid in steps
// from…to.
type rplRange struct {
	from, to int
	address  string
	entries  []*rplEntry
}

// rplEntry is ENTRY_BEGIN … ENTRY_END: a question, the REPLY flags and
// rcode, and the records of the answer section.
type rplEntry struct {
	qname  string
	qtype  uint16
	flags  map[string]bool // REPLY words: QR, AA, AD, …
	rcode  string          // NOERROR unless REPLY names another
	answer []dns.RR
}

// rplStep is one STEP line with what follows it.
type rplStep struct {
	num   int
	kind  string   // TIME_PASSES, TRAFFIC, ASSIGN, CHECK_AUTOTRUST, QUERY, CHECK_ANSWER
	args  []string // the rest of the STEP line, comment cut
	file  string   // CHECK_AUTOTRUST: FILE_BEGIN … FILE_END
	entry *rplEntry
	line  int
}

func parseRPL(name string, data []byte) (*rplScenario, error) {
	sc := &rplScenario{file: name}
	lines := strings.Split(string(data), "\n")
	fail := func(i int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, i+1, fmt.Sprintf(format, args...))
	}
	block := func(i int, end string) (string, int, error) {
		var b strings.Builder
		for j := i + 1; j < len(lines); j++ {
			if strings.TrimSpace(lines[j]) == end {
				return b.String(), j, nil
			}
			b.WriteString(lines[j])
			b.WriteByte('\n')
		}
		return "", 0, fail(i, "no %s", end)
	}
	var cur *rplRange
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		f := strings.Fields(stripRPLComment(line))
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "AUTOTRUST_FILE":
			if len(f) < 2 {
				return nil, fail(i, "AUTOTRUST_FILE without a zone")
			}
			sc.zone = dns.Fqdn(strings.ToLower(f[1]))
			text, j, err := block(i, "AUTOTRUST_END")
			if err != nil {
				return nil, err
			}
			sc.anchorFile, i = text, j
		case "val-override-date:":
			if len(f) > 1 {
				t, err := parseOverrideDate(strings.Trim(f[1], `'"`))
				if err != nil {
					return nil, fail(i, "val-override-date: %v", err)
				}
				sc.overrideDate = t
			}
		case "SCENARIO_BEGIN":
			sc.title = strings.TrimSpace(strings.TrimPrefix(line, "SCENARIO_BEGIN"))
		case "RANGE_BEGIN":
			if len(f) < 3 {
				return nil, fail(i, "RANGE_BEGIN needs two steps")
			}
			from, e1 := strconv.Atoi(f[1])
			to, e2 := strconv.Atoi(f[2])
			if e1 != nil || e2 != nil {
				return nil, fail(i, "bad RANGE_BEGIN")
			}
			sc.ranges = append(sc.ranges, rplRange{from: from, to: to})
			cur = &sc.ranges[len(sc.ranges)-1]
		case "ADDRESS":
			if cur != nil && len(f) > 1 {
				cur.address = f[1]
			}
		case "RANGE_END":
			cur = nil
		case "ENTRY_BEGIN":
			text, j, err := block(i, "ENTRY_END")
			if err != nil {
				return nil, err
			}
			e, err := parseRPLEntry(text)
			if err != nil {
				return nil, fail(i, "%v", err)
			}
			i = j
			if cur != nil {
				cur.entries = append(cur.entries, e)
			} else if len(sc.steps) > 0 {
				sc.steps[len(sc.steps)-1].entry = e
			}
		case "FILE_BEGIN":
			text, j, err := block(i, "FILE_END")
			if err != nil {
				return nil, err
			}
			i = j
			if len(sc.steps) == 0 {
				return nil, fail(i, "FILE_BEGIN outside a step")
			}
			sc.steps[len(sc.steps)-1].file = text
		case "STEP":
			if len(f) < 3 {
				return nil, fail(i, "bad STEP")
			}
			n, err := strconv.Atoi(f[1])
			if err != nil {
				return nil, fail(i, "bad STEP number")
			}
			sc.steps = append(sc.steps, rplStep{num: n, kind: f[2], args: f[3:], line: i + 1})
		}
	}
	if sc.zone == "" {
		return nil, fmt.Errorf("%s: no AUTOTRUST_FILE", name)
	}
	return sc, nil
}

// parseOverrideDate reads val-override-date: YYYYMMDDHHMMSS or seconds
// since the epoch; 0 and negative values (unbound: -1 ignores signature
// dates, which we cannot) leave the validation time at the fake clock.
func parseOverrideDate(v string) (time.Time, error) {
	if len(v) == 14 {
		return time.Parse("20060102150405", v)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	if n <= 0 {
		return time.Time{}, nil
	}
	return time.Unix(n, 0).UTC(), nil
}

// stripRPLComment cuts a ";" comment from a keyword line.
func stripRPLComment(s string) string {
	if i := strings.IndexByte(s, ';'); i >= 0 {
		return s[:i]
	}
	return s
}

func parseRPLEntry(text string) (*rplEntry, error) {
	e := &rplEntry{flags: map[string]bool{}, rcode: "NOERROR"}
	section := ""
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 64<<10), MaxLineLength)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		f := strings.Fields(stripRPLComment(line))
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "REPLY":
			for _, w := range f[1:] {
				if _, ok := dns.StringToRcode[w]; ok {
					e.rcode = w
				} else {
					e.flags[w] = true
				}
			}
			continue
		case "SECTION":
			if len(f) > 1 {
				section = f[1]
			}
			continue
		case "MATCH", "ADJUST":
			continue
		case "HEX_ANSWER_BEGIN", "HEX_ANSWER_END", "HEX_EDNSDATA_BEGIN", "HEX_EDNSDATA_END", "EXTRA_PACKET":
			// Raw packets are not replayed: leave the sections.
			section = f[0]
			continue
		}
		switch section {
		case "QUESTION":
			if len(f) >= 3 {
				e.qname = dns.Fqdn(strings.ToLower(f[0]))
				e.qtype = dns.StringToType[strings.ToUpper(f[len(f)-1])]
			}
		case "ANSWER":
			rr, err := dns.NewRR(line)
			if err != nil {
				// Only the DNSKEY RRsets and answers with their RRSIGs
				// matter here; a record miekg/dns cannot read elsewhere
				// is skipped.
				if strings.Contains(line, "DNSKEY") || strings.Contains(line, "RRSIG") {
					return nil, fmt.Errorf("answer record %q: %v", line, err)
				}
				continue
			}
			if rr != nil {
				e.answer = append(e.answer, rr)
			}
		}
	}
	return e, sc.Err()
}

// answerAt returns the canned answer to qname/qtype at step n: the first
// entry of the first range covering n that matches.
func (sc *rplScenario) answerAt(n int, qname string, qtype uint16) *rplEntry {
	for _, r := range sc.ranges {
		if n < r.from || n > r.to {
			continue
		}
		for _, e := range r.entries {
			if e.qtype == qtype && strings.EqualFold(e.qname, qname) {
				return e
			}
		}
	}
	return nil
}

// rplMacros expands the ${…} macros of an expected file.
type rplMacros struct {
	now     int64 // fake seconds, as testbound keeps them
	timeout int64 // seconds to the next probe
	vars    map[string]int64
	// outOfRange collects ${range lo v hi} macros whose value fell
	// outside lo…hi; the value is used anyway so the replay goes on.
	outOfRange []string
}

// expand replaces the innermost ${…} first, so nested macros work.
func (m *rplMacros) expand(s string) (string, error) {
	for {
		i := strings.LastIndex(s, "${")
		if i < 0 {
			return s, nil
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return "", fmt.Errorf("unterminated macro in %q", s)
		}
		v, err := m.eval(strings.TrimSpace(s[i+2 : i+j]))
		if err != nil {
			return "", err
		}
		s = s[:i] + v + s[i+j+1:]
	}
}

func (m *rplMacros) eval(expr string) (string, error) {
	switch {
	case strings.HasPrefix(expr, "ctime "):
		v, err := m.arith(expr[len("ctime "):])
		if err != nil {
			return "", err
		}
		return time.Unix(v, 0).UTC().Format("Mon Jan _2 15:04:05 2006"), nil
	case strings.HasPrefix(expr, "range "):
		f := strings.Fields(expr[len("range "):])
		if len(f) != 3 {
			return "", fmt.Errorf("range needs three values: %q", expr)
		}
		var v [3]int64
		for i := range f {
			x, err := m.arith(f[i])
			if err != nil {
				return "", err
			}
			v[i] = x
		}
		if v[1] < v[0] || v[1] > v[2] {
			m.outOfRange = append(m.outOfRange, fmt.Sprintf("%d is not within %d…%d", v[1], v[0], v[2]))
		}
		return strconv.FormatInt(v[1], 10), nil
	}
	v, err := m.arith(expr)
	return strconv.FormatInt(v, 10), err
}

// arith evaluates integers, $variables, time, timeout, + - and *.
func (m *rplMacros) arith(expr string) (int64, error) {
	var terms []int64 // summed
	var sign int64 = 1
	var prod int64 = 1
	var tok strings.Builder
	flush := func() error {
		t := strings.TrimSpace(tok.String())
		tok.Reset()
		if t == "" {
			return fmt.Errorf("empty operand in %q", expr)
		}
		var v int64
		switch {
		case t == "time":
			v = m.now
		case t == "timeout":
			v = m.timeout
		case strings.HasPrefix(t, "$"):
			x, ok := m.vars[t[1:]]
			if !ok {
				return fmt.Errorf("unknown variable %s", t)
			}
			v = x
		default:
			x, err := strconv.ParseInt(t, 10, 64)
			if err != nil {
				return fmt.Errorf("bad number %q", t)
			}
			v = x
		}
		prod *= v
		return nil
	}
	for _, c := range expr {
		switch c {
		case '+', '-':
			if err := flush(); err != nil {
				return 0, err
			}
			terms = append(terms, sign*prod)
			sign, prod = 1, 1
			if c == '-' {
				sign = -1
			}
		case '*':
			if err := flush(); err != nil {
				return 0, err
			}
		default:
			tok.WriteRune(c)
		}
	}
	if err := flush(); err != nil {
		return 0, err
	}
	terms = append(terms, sign*prod)
	var sum int64
	for _, t := range terms {
		sum += t
	}
	return sum, nil
}

// unboundKeyLines returns the DNSKEY/DS lines of an unbound state file
// text, whitespace-normalised, for a textual comparison of our writer with
// unbound's.
func unboundKeyLines(text string, dropKeyComment bool) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, ";") {
			continue
		}
		if i := strings.Index(t, ";{"); dropKeyComment && i >= 0 {
			// Re-signed keys: the ";{id = …, size = …}" comment of the
			// expected file names the old key.
			if j := strings.Index(t[i:], "}"); j >= 0 {
				t = t[:i] + t[i+j+1:]
			}
		}
		out = append(out, strings.Join(strings.Fields(t), " "))
	}
	return out
}

// unboundHeaderLines returns the comment lines of an unbound state file
// (header and ;;REVOKED notice), in order.
func unboundHeaderLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, ";") {
			out = append(out, t)
		}
	}
	return out
}
