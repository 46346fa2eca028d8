package trustanchor

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/dnssec"
)

// readAll reads r up to max bytes, failing with ErrLimitExceeded beyond.
func readAll(r io.Reader, max int, file string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, &Error{Kind: ErrMalformed, File: file, Err: err}
	}
	if len(data) > max {
		return nil, errorf(ErrLimitExceeded, "", file, 0, "", "input larger than %d bytes", max)
	}
	if n := bytes.Count(data, []byte("\n")); n > MaxLines {
		return nil, errorf(ErrLimitExceeded, "", file, 0, "", "more than %d lines", MaxLines)
	}
	return data, nil
}

// ReadZoneLines reads DS and DNSKEY records in master-file syntax (RFC 1035
// §5): Debian's root.key and root.ds, unbound-anchor's output, keymgr's DS
// lines, and the record lines of unbound and Knot Resolver state files (their
// comments are ignored), and DS master files such as the TLD repository's.
// Other record types, $INCLUDE and more than MaxKeys records for one owner
// are refused (the file is bounded by MaxDocumentSize and MaxLines). Every
// bad line is reported.
func ReadZoneLines(r io.Reader) ([]dns.RR, error) {
	return readZoneLines(r, "zone file")
}

func readZoneLines(r io.Reader, file string) ([]dns.RR, error) {
	data, err := readAll(r, MaxDocumentSize, file)
	if err != nil {
		return nil, err
	}
	var out []dns.RR
	var errs []error
	perOwner := map[string]int{}
	// Parse line by line so that one bad line does not hide the others and
	// every error has its line number. Parenthesised records spanning lines
	// are joined first.
	for _, ln := range logicalLines(data) {
		rr, err := dns.NewRR(ln.text)
		if err != nil {
			errs = append(errs, errorf(ErrMalformed, "RFC 1035 §5.1", file, ln.line, "", "%v", err))
			continue
		}
		if rr == nil {
			continue
		}
		switch v := rr.(type) {
		case *dns.DS:
			if !isHex(v.Digest) {
				errs = append(errs, errorf(ErrMalformed, "RFC 4034 §5.3", file, ln.line, "", "DS digest %q is not hex", v.Digest))
				continue
			}
		case *dns.DNSKEY:
		default:
			errs = append(errs, errorf(ErrMalformed, "RFC 4034 §2, §5", file, ln.line, "", "%s record is not a trust anchor", dns.Type(rr.Header().Rrtype)))
			continue
		}
		owner := lowerName(dns.Fqdn(rr.Header().Name))
		if perOwner[owner]++; perOwner[owner] > MaxKeys {
			return nil, errorf(ErrLimitExceeded, "", file, ln.line, "", "more than %d keys for %s", MaxKeys, owner)
		}
		out = append(out, rr)
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	return out, nil
}

type logicalLine struct {
	line int
	text string
}

// logicalLines splits master-file text into records: comments dropped,
// parenthesised continuations joined, $TTL/$ORIGIN refused by the caller
// through dns.NewRR.
func logicalLines(data []byte) []logicalLine {
	var out []logicalLine
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), MaxLineLength)
	var cur strings.Builder
	start, depth := 0, 0
	for n := 1; sc.Scan(); n++ {
		t := stripComment(sc.Text())
		if strings.TrimSpace(t) == "" && depth == 0 {
			continue
		}
		if depth == 0 {
			start = n
			cur.Reset()
		}
		depth += strings.Count(t, "(") - strings.Count(t, ")")
		cur.WriteString(strings.NewReplacer("(", " ", ")", " ").Replace(t))
		cur.WriteByte(' ')
		if depth <= 0 {
			depth = 0
			out = append(out, logicalLine{start, strings.TrimSpace(cur.String())})
		}
	}
	if depth > 0 {
		out = append(out, logicalLine{start, strings.TrimSpace(cur.String()) + " ("})
	}
	if sc.Err() != nil {
		out = append(out, logicalLine{start, "\x00 line too long"})
	}
	return out
}

// stripComment removes a ';' comment outside quotes.
func stripComment(s string) string {
	inQ := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			inQ = !inQ
		case '\\':
			i++
		case ';':
			if !inQ {
				return s[:i]
			}
		}
	}
	return s
}

func joinErrs(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	return &multiError{errs}
}

// multiError joins errors like errors.Join but keeps one per line.
type multiError struct{ errs []error }

func (m *multiError) Error() string {
	s := make([]string, len(m.errs))
	for i, e := range m.errs {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}
func (m *multiError) Unwrap() []error { return m.errs }

// compareNames orders owner names canonically (RFC 4034 §6.1).
func compareNames(a, b string) int { return dnssec.CompareNames(a, b) }

// Canonical returns copies of the DS and DNSKEY records of rrs in a stable
// form for diffs: owner lower-cased and absolute, class IN, TTL 0, digest
// upper-case hex; duplicates removed; sorted by owner (RFC 4034 §6.1), then
// DS before DNSKEY, key tag, algorithm, digest type, digest, key.
func Canonical(rrs []dns.RR) []dns.RR {
	var out []dns.RR
	seen := map[string]bool{}
	for _, rr := range rrs {
		var c dns.RR
		switch v := rr.(type) {
		case *dns.DS:
			d := *v
			d.Digest = strings.ToUpper(d.Digest)
			c = &d
		case *dns.DNSKEY:
			k := *v
			c = &k
		default:
			continue
		}
		h := c.Header()
		h.Name = lowerName(dns.Fqdn(h.Name))
		h.Class = dns.ClassINET
		h.Ttl = 0
		key := formatRR(c)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return lessRR(out[i], out[j]) })
	return out
}

func lessRR(a, b dns.RR) bool {
	if a == nil || b == nil {
		return a != nil && b == nil
	}
	if c := compareNames(a.Header().Name, b.Header().Name); c != 0 {
		return c < 0
	}
	ta, tb := a.Header().Rrtype, b.Header().Rrtype
	if ta != tb {
		return ta == dns.TypeDS
	}
	switch x := a.(type) {
	case *dns.DS:
		y := b.(*dns.DS)
		if x.KeyTag != y.KeyTag {
			return x.KeyTag < y.KeyTag
		}
		if x.Algorithm != y.Algorithm {
			return x.Algorithm < y.Algorithm
		}
		if x.DigestType != y.DigestType {
			return x.DigestType < y.DigestType
		}
		return strings.ToUpper(x.Digest) < strings.ToUpper(y.Digest)
	case *dns.DNSKEY:
		y := b.(*dns.DNSKEY)
		if x.KeyTag() != y.KeyTag() {
			return x.KeyTag() < y.KeyTag()
		}
		if x.Algorithm != y.Algorithm {
			return x.Algorithm < y.Algorithm
		}
		if x.Flags != y.Flags {
			return x.Flags < y.Flags
		}
		return x.PublicKey < y.PublicKey
	}
	return false
}

// formatRR renders a DS or DNSKEY in Debian's dns-root-data style, without
// TTL: ". IN DS 20326 8 2 E06D…" and ". IN DNSKEY 257 3 8 AwEA… ; keytag 20326".
func formatRR(rr dns.RR) string {
	switch v := rr.(type) {
	case *dns.DS:
		return fmt.Sprintf("%s IN DS %d %d %d %s", v.Hdr.Name, v.KeyTag, v.Algorithm, v.DigestType, strings.ToUpper(v.Digest))
	case *dns.DNSKEY:
		return fmt.Sprintf("%s IN DNSKEY %d %d %d %s ; keytag %d", v.Hdr.Name, v.Flags, v.Protocol, v.Algorithm, v.PublicKey, v.KeyTag())
	}
	return rr.String()
}

// ToDS converts anchors to DS records: DS records are kept, each DNSKEY
// becomes a DS with the given digest type (RFC 4034 §5.1.4) unless a DS for
// the same key is already present, in which case that DS must match it
// (compared case-insensitively) or ErrDigestMismatch is reported. The result
// is canonical.
func ToDS(rrs []dns.RR, digestType uint8) ([]*dns.DS, error) {
	var out []dns.RR
	var errs []error
	type keyID struct {
		owner string
		tag   uint16
		alg   uint8
	}
	haveDS := map[keyID][]*dns.DS{}
	for _, rr := range rrs {
		if ds, ok := rr.(*dns.DS); ok {
			out = append(out, ds)
			id := keyID{lowerName(ds.Hdr.Name), ds.KeyTag, ds.Algorithm}
			haveDS[id] = append(haveDS[id], ds)
		}
	}
	for _, rr := range rrs {
		k, ok := rr.(*dns.DNSKEY)
		if !ok {
			continue
		}
		id := keyID{lowerName(k.Hdr.Name), k.KeyTag(), k.Algorithm}
		matched := false
		for _, ds := range haveDS[id] {
			calc := k.ToDS(ds.DigestType)
			if calc == nil {
				continue
			}
			if !strings.EqualFold(calc.Digest, ds.Digest) {
				errs = append(errs, errorf(ErrDigestMismatch, "RFC 4034 §5.1.4", "", 0,
					fmt.Sprintf("DS %s tag %d", ds.Hdr.Name, ds.KeyTag), ""))
			}
			matched = true
		}
		if !matched {
			ds := k.ToDS(digestType)
			if ds == nil {
				errs = append(errs, errorf(ErrUnsupported, "RFC 4034 §5.1.4", "", 0,
					fmt.Sprintf("DNSKEY %s tag %d", k.Hdr.Name, k.KeyTag()), "digest type %d", digestType))
				continue
			}
			out = append(out, ds)
		}
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	c := Canonical(out)
	res := make([]*dns.DS, len(c))
	for i, rr := range c {
		res[i] = rr.(*dns.DS)
	}
	return res, nil
}

// ToDNSKEY returns the DNSKEY records of rrs, canonical. Every DS must be
// matched by one of the DNSKEYs (the digest checked); a DS without its key
// is ErrNoKey, because a digest cannot be turned back into a key.
func ToDNSKEY(rrs []dns.RR) ([]*dns.DNSKEY, error) {
	var keys []*dns.DNSKEY
	for _, rr := range rrs {
		if k, ok := rr.(*dns.DNSKEY); ok {
			keys = append(keys, k)
		}
	}
	var errs []error
	for _, rr := range rrs {
		ds, ok := rr.(*dns.DS)
		if !ok {
			continue
		}
		found := false
		for _, k := range keys {
			if k.KeyTag() == ds.KeyTag && k.Algorithm == ds.Algorithm && strings.EqualFold(k.Hdr.Name, ds.Hdr.Name) {
				if calc := k.ToDS(ds.DigestType); calc != nil && strings.EqualFold(calc.Digest, ds.Digest) {
					found = true
				}
			}
		}
		if !found {
			errs = append(errs, errorf(ErrNoKey, "RFC 4034 §5", "", 0, fmt.Sprintf("DS %s tag %d", ds.Hdr.Name, ds.KeyTag), ""))
		}
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	c := Canonical(dnskeysToRR(keys))
	res := make([]*dns.DNSKEY, len(c))
	for i, rr := range c {
		res[i] = rr.(*dns.DNSKEY)
	}
	return res, nil
}

func dnskeysToRR(keys []*dns.DNSKEY) []dns.RR {
	out := make([]dns.RR, len(keys))
	for i, k := range keys {
		out[i] = k
	}
	return out
}

// WriteDS writes anchors as DS zone lines (Debian root.ds style), converting
// DNSKEYs with SHA-256, canonical and sorted.
func WriteDS(w io.Writer, rrs []dns.RR) error {
	ds, err := ToDS(rrs, dns.SHA256)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	for _, d := range ds {
		b.WriteString(formatRR(d))
		b.WriteByte('\n')
	}
	_, err = w.Write(b.Bytes())
	return err
}

// WriteDNSKEY writes anchors as DNSKEY zone lines (Debian root.key style),
// canonical and sorted. It fails with ErrNoKey when a DS has no key.
func WriteDNSKEY(w io.Writer, rrs []dns.RR) error {
	keys, err := ToDNSKEY(rrs)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	for _, k := range keys {
		b.WriteString(formatRR(k))
		b.WriteByte('\n')
	}
	_, err = w.Write(b.Bytes())
	return err
}

func decodeBase64(s string) ([]byte, error) {
	return base64.StdEncoding.DecodeString(s)
}
