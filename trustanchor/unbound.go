package trustanchor

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec"
)

const unboundFile = "auto-trust-anchor-file"

// unbound's state labels (validator/autotrust.c), nine characters wide.
var unboundStateLabel = [...]string{"  START  ", " ADDPEND ", "  VALID  ", " MISSING ", " REVOKED ", " REMOVED "}

var (
	reUnboundState = regexp.MustCompile(`;;state=(\d+)`)
	reUnboundCount = regexp.MustCompile(`;;count=(\d+)`)
	reUnboundLast  = regexp.MustCompile(`;;lastchange=(\d+)`)
)

// ReadUnbound reads an unbound auto-trust-anchor-file: the ";;id:",
// ";;last_queried:" … header comments, ";;REVOKED", and DNSKEY or DS lines
// with ";;state=N [ … ] ;;count=N ;;lastchange=T" state comments. Lines
// without a state comment are Valid, as in a plain anchor file. One trust
// point per file, as unbound writes it.
func ReadUnbound(r io.Reader) (*TrustPoint, error) {
	data, err := readAll(r, MaxDocumentSize, unboundFile)
	if err != nil {
		return nil, err
	}
	u := &unboundReader{tp: &TrustPoint{}}
	for i, raw := range strings.Split(string(data), "\n") {
		n := i + 1
		line := strings.TrimRight(raw, "\r")
		if len(line) > MaxLineLength || u.pending.Len()+len(line) > MaxLineLength {
			return nil, errorf(ErrLimitExceeded, "", unboundFile, n, "", "line or record longer than %d bytes (MaxLineLength)", MaxLineLength)
		}
		trim := strings.TrimSpace(line)
		if u.depth > 0 {
			trim = "(continued)"
		}
		if u.comment(trim, n) {
			continue
		}
		if err := u.line(line, n); err != nil {
			return nil, err
		}
	}
	if u.depth > 0 {
		u.bad(u.start, "RFC 1035 §5.1", "unbalanced '('")
	}
	if len(u.errs) > 0 {
		return nil, joinErrs(u.errs)
	}
	if u.tp.Zone == "" {
		return nil, errorf(ErrMalformed, "unbound autotrust.c", unboundFile, 0, "", "no ;;id and no keys")
	}
	return u.tp, nil
}

// unboundReader holds ReadUnbound's state. A record may span lines in
// parentheses, and $ORIGIN sets the origin of relative names, as unbound
// reads them (autotrust.c read_multiline, handle_origin).
type unboundReader struct {
	tp      *TrustPoint
	errs    []error
	pending strings.Builder // record text so far inside parentheses
	depth   int             // parenthesis depth
	start   int             // line of the pending record's first line
	origin  string
}

func (u *unboundReader) bad(line int, clause, format string, args ...any) {
	u.errs = append(u.errs, errorf(ErrMalformed, clause, unboundFile, line, "", format, args...))
}

// comment takes a blank line or a comment line and reports whether it did;
// ";;REVOKED", ";;id:" and the ";;name: value" header set the trust point.
func (u *unboundReader) comment(trim string, n int) bool {
	switch {
	case trim == "":
	case strings.HasPrefix(trim, ";;REVOKED"):
		u.tp.Revoked = true
	case strings.HasPrefix(trim, ";;id:"):
		f := strings.Fields(strings.TrimPrefix(trim, ";;id:"))
		if len(f) < 1 {
			u.bad(n, "unbound autotrust.c", "bad ;;id line")
			return true
		}
		u.tp.Zone = lowerName(dns.Fqdn(f[0]))
	case strings.HasPrefix(trim, ";;"):
		if key, val, ok := strings.Cut(strings.TrimPrefix(trim, ";;"), ":"); ok {
			u.header(key, val, n)
		}
	case strings.HasPrefix(trim, ";"):
	default:
		return false
	}
	return true
}

// header reads one ";;name: value" line of the trust point's timers
// (autotrust.c); unknown names are skipped.
func (u *unboundReader) header(key, val string, n int) {
	num := strings.Fields(strings.SplitN(val, ";;", 2)[0])
	if len(num) != 1 {
		u.bad(n, "unbound autotrust.c", "bad ;;%s line", key)
		return
	}
	var limit int64
	var limitName string
	switch key {
	case "last_queried", "last_success", "next_probe_time":
		limit, limitName = MaxStateTime, "MaxStateTime"
	case "query_failed":
		limit, limitName = MaxStateCount, "MaxStateCount"
	case "query_interval", "retry_time":
		limit, limitName = MaxStateInterval, "MaxStateInterval"
	default:
		return // an unknown ;;name: comment
	}
	v, err := stateNumber(num[0], limit, limitName, unboundFile, n, ";;"+key)
	if err != nil {
		u.errs = append(u.errs, err)
		return
	}
	tp := u.tp
	switch key {
	case "last_queried":
		tp.LastQueried = unix(v)
	case "last_success":
		tp.LastSuccess = unix(v)
	case "next_probe_time":
		tp.NextProbe = unix(v)
	case "query_failed":
		tp.QueryFailed = int(v)
	case "query_interval":
		tp.QueryInterval = time.Duration(v) * time.Second
	case "retry_time":
		tp.RetryTime = time.Duration(v) * time.Second
	}
}

// line takes a $ORIGIN line or a record line, joining the lines of a
// record in parentheses (RFC 1035 §5.1) before it is read. The error is a
// limit reached.
func (u *unboundReader) line(line string, n int) error {
	rrText, comment := cutComment(line)
	if f := strings.Fields(rrText); u.depth == 0 && len(f) > 0 && f[0] == "$ORIGIN" {
		if len(f) != 2 {
			u.bad(n, "RFC 1035 §5.1", "bad $ORIGIN")
			return nil
		}
		u.origin = originFrom(f[1], u.origin)
		return nil
	}
	u.depth += strings.Count(rrText, "(") - strings.Count(rrText, ")")
	switch {
	case u.depth < 0:
		u.bad(n, "RFC 1035 §5.1", "unbalanced ')'")
		u.depth = 0
		u.pending.Reset()
		return nil
	case u.depth > 0:
		if u.pending.Len() == 0 {
			u.start = n
		}
		u.pending.WriteString(rrText)
		u.pending.WriteByte(' ')
		return nil
	case u.pending.Len() > 0:
		rrText = u.pending.String() + rrText
		u.pending.Reset()
		n = u.start
	}
	return u.record(strings.NewReplacer("(", " ", ")", " ").Replace(rrText), comment, n)
}

// record reads one DNSKEY or DS with its state comment and adds it to the
// trust point; RRSIGs are skipped. The error is MaxKeys reached.
func (u *unboundReader) record(rrText, comment string, n int) error {
	tp := u.tp
	rr, err := parseRR(rrText, u.origin)
	if err != nil || rr == nil {
		u.bad(n, "RFC 1035 §5.1", "record: %v", err)
		return nil
	}
	k := &TrustKey{State: Valid}
	switch v := rr.(type) {
	case *dns.DNSKEY:
		k.DNSKEY = v
	case *dns.DS:
		k.DS = v
	case *dns.RRSIG:
		// A file made with "dig +dnssec DNSKEY" carries the RRSIGs;
		// unbound reads and ignores them (autotrust.c keeps only DS
		// and DNSKEY records), and so do we: an anchor file is trusted
		// as configured, its signatures prove nothing more.
		if tp.Zone != "" && !dnssec.EqualNames(rr.Header().Name, tp.Zone) {
			u.bad(n, "unbound autotrust.c", "record for %s in the file of %s", rr.Header().Name, tp.Zone)
		}
		return nil
	default:
		u.bad(n, "RFC 5011 §2", "%s record is not a trust anchor", dns.Type(rr.Header().Rrtype))
		return nil
	}
	if !u.keyState(k, comment, n) {
		return nil
	}
	if tp.Zone == "" {
		tp.Zone = lowerName(dns.Fqdn(rr.Header().Name))
	}
	if !dnssec.EqualNames(rr.Header().Name, tp.Zone) {
		u.bad(n, "unbound autotrust.c", "record for %s in the file of %s", rr.Header().Name, tp.Zone)
		return nil
	}
	if len(tp.Keys) >= MaxKeys {
		return errorf(ErrLimitExceeded, "", unboundFile, n, "", "more than %d keys", MaxKeys)
	}
	tp.Keys = append(tp.Keys, k)
	return nil
}

// keyState reads ";;state=N ;;count=N ;;lastchange=T" (RFC 5011 §4 states
// as unbound numbers them) into k and reports whether they were good.
func (u *unboundReader) keyState(k *TrustKey, comment string, n int) bool {
	if m := reUnboundState.FindStringSubmatch(comment); m != nil {
		s, err := strconv.Atoi(m[1])
		if err != nil || s > int(Removed) {
			u.bad(n, "RFC 5011 §4", "unknown state %s", m[1])
			return false
		}
		k.State = State(s)
	}
	if m := reUnboundCount.FindStringSubmatch(comment); m != nil {
		v, err := stateNumber(m[1], MaxStateCount, "MaxStateCount", unboundFile, n, ";;count")
		if err != nil {
			u.errs = append(u.errs, err)
			return false
		}
		k.Count = int(v)
	}
	if m := reUnboundLast.FindStringSubmatch(comment); m != nil {
		v, err := stateNumber(m[1], MaxStateTime, "MaxStateTime", unboundFile, n, ";;lastchange")
		if err != nil {
			u.errs = append(u.errs, err)
			return false
		}
		k.LastChange = unix(v)
	}
	return true
}

// parseRR reads one record, relative names completed with origin ("" is
// the root).
func parseRR(text, origin string) (dns.RR, error) {
	if origin == "" {
		return dns.NewRR(text)
	}
	zp := dns.NewZoneParser(strings.NewReader(text), origin, "")
	rr, ok := zp.Next()
	if !ok {
		return nil, zp.Err()
	}
	return rr, nil
}

// stateNumber parses a non-negative decimal field of a state file that
// must not exceed limit (named limitName in the error). The error is an
// *Error of kind ErrMalformed or ErrLimitExceeded.
func stateNumber(s string, limit int64, limitName, file string, line int, field string) (int64, error) {
	v, err := strconv.ParseInt(s, 10, 64)
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(s, "-"),
		err == nil && v > limit:
		return 0, errorf(ErrLimitExceeded, "", file, line, field, "%s exceeds %s (%d)", s, limitName, limit)
	case err != nil || v < 0:
		return 0, errorf(ErrMalformed, "", file, line, field, "%q is not a non-negative integer", s)
	}
	return v, nil
}

// checkUnboundFields refuses a trust point whose numbers ReadUnbound would
// refuse: negative or oversized intervals, counters and times.
func checkUnboundFields(tp *TrustPoint) error {
	fail := func(field string, limitName string, v any) error {
		return errorf(ErrLimitExceeded, "unbound autotrust.c", unboundFile, 0, field, "%v is outside 0…%s", v, limitName)
	}
	for _, c := range []struct {
		name string
		t    time.Time
	}{{";;last_queried", tp.LastQueried}, {";;last_success", tp.LastSuccess}, {";;next_probe_time", tp.NextProbe}} {
		if !timeFits(c.t) {
			return fail(c.name, "MaxStateTime", c.t)
		}
	}
	for _, c := range []struct {
		name string
		d    time.Duration
	}{{";;query_interval", tp.QueryInterval}, {";;retry_time", tp.RetryTime}} {
		if c.d < 0 || c.d/time.Second > MaxStateInterval {
			return fail(c.name, "MaxStateInterval", c.d)
		}
	}
	if tp.QueryFailed < 0 || int64(tp.QueryFailed) > MaxStateCount {
		return fail(";;query_failed", "MaxStateCount", tp.QueryFailed)
	}
	for _, k := range tp.Keys {
		if k.Count < 0 || int64(k.Count) > MaxStateCount {
			return fail(";;count", "MaxStateCount", k.Count)
		}
		if !timeFits(k.LastChange) {
			return fail(";;lastchange", "MaxStateTime", k.LastChange)
		}
	}
	return nil
}

// timeFits reports whether t is zero or a Unix time in 0…MaxStateTime.
func timeFits(t time.Time) bool {
	return t.IsZero() || (t.Unix() >= 0 && t.Unix() <= MaxStateTime)
}

func unix(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(v, 0).UTC()
}

func unixOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func ctime(t time.Time, loc *time.Location) string {
	return time.Unix(unixOf(t), 0).In(loc).Format("Mon Jan _2 15:04:05 2006")
}

// WriteUnbound writes tp as unbound writes its auto-trust-anchor-file
// (validator/autotrust.c autr_write_contents), keys sorted canonically;
// the ctime comments are in UTC. ReadUnbound of the output gives tp back.
func WriteUnbound(w io.Writer, tp *TrustPoint) error { return writeUnboundIn(w, tp, time.UTC) }

// writeUnboundIn is WriteUnbound with the ctime comments in loc, as unbound
// writes them in the machine's local zone.
func writeUnboundIn(w io.Writer, tp *TrustPoint, loc *time.Location) error {
	if loc == nil {
		loc = time.UTC
	}
	if err := checkUnboundFields(tp); err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString("; autotrust trust anchor file\n")
	if tp.Revoked {
		b.WriteString(";;REVOKED\n")
		b.WriteString("; The zone has all keys revoked, and is\n; considered as if it has no trust anchors.\n; the remainder of the file is the last probe.\n; to restart the trust anchor, overwrite this file.\n; with one containing valid DNSKEYs or DSes.\n")
	}
	fmt.Fprintf(&b, ";;id: %s 1\n", presentName(tp.Zone))
	fmt.Fprintf(&b, ";;last_queried: %d ;;%s\n", unixOf(tp.LastQueried), ctime(tp.LastQueried, loc))
	fmt.Fprintf(&b, ";;last_success: %d ;;%s\n", unixOf(tp.LastSuccess), ctime(tp.LastSuccess, loc))
	fmt.Fprintf(&b, ";;next_probe_time: %d ;;%s\n", unixOf(tp.NextProbe), ctime(tp.NextProbe, loc))
	fmt.Fprintf(&b, ";;query_failed: %d\n", tp.QueryFailed)
	fmt.Fprintf(&b, ";;query_interval: %d\n", int64(tp.QueryInterval/time.Second))
	fmt.Fprintf(&b, ";;retry_time: %d\n", int64(tp.RetryTime/time.Second))
	for _, k := range sortedKeys(tp.Keys) {
		if k.State > Removed {
			return errorf(ErrMalformed, "RFC 5011 §4", unboundFile, 0, "", "unknown state %d", k.State)
		}
		switch {
		case k.DNSKEY != nil:
			b.WriteString(k.DNSKEY.String())
			role := "zsk"
			if k.DNSKEY.Flags&dns.SEP != 0 {
				role = "ksk"
			}
			fmt.Fprintf(&b, " ;{id = %d (%s), size = %db}", k.DNSKEY.KeyTag(), role, keySize(k.DNSKEY))
		case k.DS != nil:
			d := *k.DS
			d.Digest = strings.ToUpper(d.Digest)
			b.WriteString(d.String())
		default:
			continue
		}
		fmt.Fprintf(&b, " ;;state=%d [%s] ;;count=%d ;;lastchange=%d ;;%s\n",
			k.State, unboundStateLabel[k.State], k.Count, unixOf(k.LastChange), ctime(k.LastChange, loc))
	}
	_, err := w.Write(b.Bytes())
	return err
}

func sortedKeys(keys []*TrustKey) []*TrustKey {
	out := append([]*TrustKey(nil), keys...)
	sort.SliceStable(out, func(i, j int) bool { return lessRR(out[i].RR(), out[j].RR()) })
	return out
}

// keySize returns the key size in bits as unbound prints it: the RSA
// modulus length (RFC 3110 §2), or the curve size.
func keySize(k *dns.DNSKEY) int {
	switch k.Algorithm {
	case dns.RSASHA1, dns.RSASHA1NSEC3SHA1, dns.RSASHA256, dns.RSASHA512, dns.RSAMD5:
		raw, err := decodeBase64(k.PublicKey)
		if err != nil || len(raw) < 3 {
			return 0
		}
		off := 1
		elen := int(raw[0])
		if elen == 0 {
			elen = int(raw[1])<<8 | int(raw[2])
			off = 3
		}
		if off+elen >= len(raw) {
			return 0
		}
		return new(big.Int).SetBytes(raw[off+elen:]).BitLen()
	case dns.DSA, dns.DSANSEC3SHA1:
		// RFC 2536 §2: T (one octet), Q (20 octets), then P of 64+8T
		// octets; the key size is P's.
		raw, err := decodeBase64(k.PublicKey)
		if err != nil || len(raw) < 1 || raw[0] > 8 {
			return 0
		}
		return (64 + 8*int(raw[0])) * 8
	case dns.ECDSAP256SHA256, dns.ED25519:
		return 256
	case dns.ECDSAP384SHA384:
		return 384
	case dns.ED448:
		return 456
	}
	raw, _ := decodeBase64(k.PublicKey)
	return 8 * len(raw)
}
