package dnssec

import (
	"bytes"
	"errors"
	"strings"

	"github.com/miekg/dns"
)

// maxNameWire is the longest wire-format domain name (RFC 1035 §3.1).
const maxNameWire = 255

// errNameTooLong: a name longer than maxNameWire on the wire.
var errNameTooLong = errors.New("domain name longer than 255 octets (RFC 1035 §3.1)")

// appendCanonicalName appends the canonical wire form of name to dst: the
// uncompressed wire encoding with every US-ASCII upper-case letter replaced
// by its lower-case counterpart (RFC 4034 §6.2 items 1–3). Lower-casing is
// done on the wire bytes, so escaped upper-case letters such as `\065` are
// lowered too (miekg/dns's CanonicalName only lowers literal A–Z).
func appendCanonicalName(dst []byte, name string) ([]byte, error) {
	if w, ok := appendPlainName(dst, name); ok {
		return w, nil
	}
	return appendPackedName(dst, name)
}

// appendPackedName is appendCanonicalName through dns.PackDomainName, for
// every name.
func appendPackedName(dst []byte, name string) ([]byte, error) {
	var tmp [maxNameWire + 1]byte
	if !dns.IsFqdn(name) {
		name += "."
	}
	n, err := dns.PackDomainName(name, tmp[:], 0, nil, false)
	if err != nil {
		return dst, err
	}
	if n > maxNameWire {
		// dns.PackDomainName lets a name of 256 octets through when
		// escapes make its text look shorter.
		return dst, errNameTooLong
	}
	start := len(dst)
	dst = append(dst, tmp[:n]...)
	lowerWireName(dst[start:])
	return dst, nil
}

// appendPlainName is appendCanonicalName for the common case, a name of
// letters, digits, '-', '_' and '*' in labels of 1–63 octets (RFC 1035
// §2.3.4) and at most 255 octets on the wire. It reports false, with dst
// unchanged, for anything else, which dns.PackDomainName then handles:
// escapes, other octets, empty or long labels, long names.
func appendPlainName(dst []byte, name string) ([]byte, bool) {
	if name == "." {
		return append(dst, 0), true
	}
	if name == "" {
		return dst, false
	}
	start, lab := len(dst), len(dst)
	dst = append(dst, 0) // length of the current label, set at its end
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c == '.':
			l := len(dst) - lab - 1
			if l == 0 || l > 63 {
				return dst[:start], false
			}
			dst[lab] = byte(l)
			lab = len(dst)
			dst = append(dst, 0)
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '*':
			dst = append(dst, c)
		case 'A' <= c && c <= 'Z':
			dst = append(dst, c+('a'-'A'))
		default:
			return dst[:start], false
		}
	}
	if name[len(name)-1] != '.' { // relative: close the last label, add the root
		l := len(dst) - lab - 1
		if l > 63 {
			return dst[:start], false
		}
		dst[lab] = byte(l)
		dst = append(dst, 0)
	}
	if len(dst)-start > maxNameWire {
		return dst[:start], false
	}
	return dst, true
}

// lowerWireName lower-cases the US-ASCII letters of the uncompressed wire
// name at the start of b and returns its length, or -1 if b does not start
// with a complete uncompressed name.
func lowerWireName(b []byte) int {
	i := 0
	for i < len(b) {
		l := int(b[i])
		if l == 0 {
			return i + 1
		}
		if l > 63 || i+1+l > len(b) {
			return -1
		}
		for j := i + 1; j <= i+l; j++ {
			if c := b[j]; 'A' <= c && c <= 'Z' {
				b[j] = c + ('a' - 'A')
			}
		}
		i += l + 1
	}
	return -1
}

// wireLabels appends the start offset of every label of the uncompressed
// wire name w (root label excluded) to dst.
func wireLabels(dst []int, w []byte) []int {
	for i := 0; i < len(w) && w[i] != 0; i += int(w[i]) + 1 {
		dst = append(dst, i)
	}
	return dst
}

// compareWire orders two canonical wire names by RFC 4034 §6.1: label by
// label from the right, each label as an unsigned octet string, a name that
// is a proper suffix of the other sorting first.
func compareWire(a, b []byte) int {
	var la, lb [128]int
	sa := wireLabels(la[:0], a)
	sb := wireLabels(lb[:0], b)
	i, j := len(sa)-1, len(sb)-1
	for ; i >= 0 && j >= 0; i, j = i-1, j-1 {
		x := a[sa[i]+1 : sa[i]+1+int(a[sa[i]])]
		y := b[sb[j]+1 : sb[j]+1+int(b[sb[j]])]
		if c := bytes.Compare(x, y); c != 0 {
			return c
		}
	}
	switch {
	case i < 0 && j < 0:
		return 0
	case i < 0:
		return -1
	default:
		return 1
	}
}

// CompareNames orders domain names in canonical DNS name order (RFC 4034
// §6.1): it returns -1, 0 or +1. Names are compared label by label from the
// root, case-insensitively for US-ASCII, with presentation escapes (\DDD,
// \X) decoded first. A name that cannot be encoded (for example a label over
// 63 octets) sorts by its lower-cased text after all valid names.
func CompareNames(a, b string) int {
	var ba, bb [maxNameWire + 1]byte
	wa, errA := appendCanonicalName(ba[:0], a)
	wb, errB := appendCanonicalName(bb[:0], b)
	switch {
	case errA == nil && errB == nil:
		return compareWire(wa, wb)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}

// EqualNames reports whether a and b are the same domain name, comparing
// US-ASCII case-insensitively after decoding escapes (RFC 4343 §3, RFC 4034
// §6.2). A missing trailing dot is tolerated.
func EqualNames(a, b string) bool {
	if strings.IndexByte(a, '\\') < 0 && strings.IndexByte(b, '\\') < 0 {
		return strings.EqualFold(strings.TrimSuffix(a, "."), strings.TrimSuffix(b, "."))
	}
	return CompareNames(a, b) == 0
}

// canonicalLabels returns the canonical wire name and its label offsets.
func canonicalLabels(name string) ([]byte, []int, error) {
	w, err := appendCanonicalName(nil, name)
	if err != nil {
		return nil, nil, err
	}
	return w, wireLabels(nil, w), nil
}

// atOrBelowWire reports whether the canonical wire name child is parent or
// below it on a label boundary (the wire form of IsAtOrBelow).
func atOrBelowWire(child, parent []byte) bool {
	if len(parent) > len(child) {
		return false
	}
	if len(parent) == len(child) {
		return bytes.Equal(parent, child)
	}
	// The suffix must start on a label boundary of child.
	for i := 0; i < len(child) && child[i] != 0; i += int(child[i]) + 1 {
		if len(child)-i == len(parent) {
			return bytes.Equal(child[i:], parent)
		}
		if len(child)-i < len(parent) {
			return false
		}
	}
	return len(parent) == 1 // root is the parent of everything
}

// canonicalName returns the one presentation spelling of name's canonical
// wire form (RFC 4034 §6.2): fully qualified, US-ASCII letters in lower
// case, escapes only where the presentation format needs them
// (dns.UnpackDomainName's). Two spellings of one name, such as
// mail.\069xample. and MAIL.example., give the same string, so zone code
// may compare these strings as names. A name of plain lower-case letters,
// digits, '-', '_' and '*' is returned as it is, without allocating; a
// name that cannot be encoded is returned lower-cased.
func canonicalName(name string) string {
	plain, upper := true, false
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '*', c == '.':
		case 'A' <= c && c <= 'Z':
			upper = true
		default:
			plain = false
		}
	}
	if plain && name != "" && name[len(name)-1] == '.' && !strings.Contains(name, "..") && (len(name) == 1 || name[0] != '.') {
		if upper {
			return strings.ToLower(name)
		}
		return name
	}
	var b [maxNameWire + 1]byte
	w, err := appendCanonicalName(b[:0], name)
	if err != nil {
		return strings.ToLower(name)
	}
	return wireToName(w)
}

// namesBetween returns the names strictly between ancestor and name, from
// the top down, in canonical presentation form (the empty non-terminals
// between them when neither holds data), or nil if name is not below
// ancestor. It works on the canonical wire forms (RFC 4034 §6.2).
func namesBetween(name, ancestor string) []string {
	var bn, ba [maxNameWire + 1]byte
	var lb [128]int
	w, err1 := appendCanonicalName(bn[:0], name)
	a, err2 := appendCanonicalName(ba[:0], ancestor)
	if err1 != nil || err2 != nil || !atOrBelowWire(w, a) {
		return nil
	}
	ls := wireLabels(lb[:0], w)
	var out []string
	for i := len(ls) - 1; i >= 1; i-- { // proper ancestors of name, top first
		if suffix := w[ls[i]:]; len(suffix) > len(a) {
			out = append(out, wireToName(suffix))
		}
	}
	return out
}

// IsAtOrBelow reports whether name is ancestor itself or a name below it,
// on a label boundary and case-insensitively (RFC 4034 §6.2 wire forms,
// escapes decoded). The arguments read as the sentence "name is at or below
// ancestor"; miekg/dns's IsSubDomain(parent, child) takes them the other
// way round. Unlike a string-suffix test, www.badexample.com. is not below
// example.com. (RFC 4035 §5.3.1).
func IsAtOrBelow(name, ancestor string) bool {
	var bc, bp [maxNameWire + 1]byte
	c, err1 := appendCanonicalName(bc[:0], name)
	p, err2 := appendCanonicalName(bp[:0], ancestor)
	if err1 != nil || err2 != nil {
		return false
	}
	return atOrBelowWire(c, p)
}

// CountLabels returns the number of labels of name, not counting the root
// label (RFC 4034 §3.1.3). Malformed names count as -1.
func CountLabels(name string) int {
	var b [maxNameWire + 1]byte
	w, err := appendCanonicalName(b[:0], name)
	if err != nil {
		return -1
	}
	n := 0
	for i := 0; i < len(w) && w[i] != 0; i += int(w[i]) + 1 {
		n++
	}
	return n
}

// isWildcardWire reports whether the first label of w is the single octet
// '*' (RFC 4592 §2.1.1).
func isWildcardWire(w []byte) bool {
	return len(w) >= 2 && w[0] == 1 && w[1] == '*'
}

// wireToName renders a canonical wire name in presentation format.
func wireToName(w []byte) string {
	s, _, err := dns.UnpackDomainName(w, 0)
	if err != nil {
		return "."
	}
	return s
}
