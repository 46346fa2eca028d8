package trustanchor

import (
	"encoding/binary"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/miekg/dns"
)

// EDNS0KeyTag is the edns-key-tag option code (RFC 8145 §4, IANA: 14).
const EDNS0KeyTag = 14

// MaxKeyTagsPerQName is the most key tags a "_ta-" label can hold: the
// label is limited to 63 octets (RFC 1035 §2.3.4): "_ta" plus "-" and 4 hex
// digits per tag.
const MaxKeyTagsPerQName = 12

const (
	clause8145Q    = "RFC 8145 §5.1"
	clause8145Opt  = "RFC 8145 §4.1"
	clause8509     = "RFC 8509 §2"
	sentinelIsTA   = "root-key-sentinel-is-ta-"
	sentinelNotTA  = "root-key-sentinel-not-ta-"
	sentinelDigits = 5
)

func sortedTags(tags []uint16) []uint16 {
	out := append([]uint16(nil), tags...)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	// Remove duplicates.
	w := 0
	for i, t := range out {
		if i == 0 || t != out[w-1] {
			out[w] = t
			w++
		}
	}
	return out[:w]
}

// KeyTagQName builds the RFC 8145 §5.1 key-tag query name for the trust
// anchors of zone: "_ta-" then each key tag as four lower-case hex digits,
// ascending, joined by "-", e.g. "_ta-4f66-9728." for the root's 20326 and
// 38696. The query type is NULL.
func KeyTagQName(zone string, tags []uint16) (string, error) {
	t := sortedTags(tags)
	if len(t) == 0 {
		return "", errorf(ErrMalformed, clause8145Q, "", 0, "", "no key tags")
	}
	if len(t) > MaxKeyTagsPerQName {
		return "", errorf(ErrLimitExceeded, "RFC 1035 §2.3.4", "", 0, "", "%d key tags do not fit in one label", len(t))
	}
	var b strings.Builder
	b.WriteString("_ta")
	for _, tag := range t {
		fmt.Fprintf(&b, "-%04x", tag)
	}
	b.WriteByte('.')
	zone = lowerName(dns.Fqdn(zone))
	if zone != "." {
		b.WriteString(zone)
	}
	name := b.String()
	if _, ok := dns.IsDomainName(name); !ok {
		return "", errorf(ErrMalformed, clause8145Q, "", 0, "", "name %q too long", name)
	}
	return name, nil
}

// ParseKeyTagQName parses an RFC 8145 §5.1 key-tag query name into the
// trust-anchor zone and the key tags. The tags must be four hex digits each
// in strictly ascending order.
func ParseKeyTagQName(qname string) (zone string, tags []uint16, err error) {
	labels := dns.SplitDomainName(qname)
	if len(labels) == 0 || !strings.HasPrefix(lowerName(labels[0]), "_ta-") {
		return "", nil, errorf(ErrMalformed, clause8145Q, "", 0, "", "%q does not start with a _ta- label", qname)
	}
	parts := strings.Split(labels[0][4:], "-")
	for _, p := range parts {
		if len(p) != 4 {
			return "", nil, errorf(ErrMalformed, clause8145Q, "", 0, "", "key tag %q is not four hex digits", p)
		}
		v, err := strconv.ParseUint(p, 16, 16)
		if err != nil {
			return "", nil, errorf(ErrMalformed, clause8145Q, "", 0, "", "key tag %q is not hex", p)
		}
		if len(tags) > 0 && uint16(v) <= tags[len(tags)-1] {
			return "", nil, errorf(ErrMalformed, clause8145Q, "", 0, "", "key tags not in ascending order")
		}
		tags = append(tags, uint16(v))
	}
	zone = lowerName(dns.Fqdn(strings.Join(labels[1:], ".")))
	return zone, tags, nil
}

// KeyTagOption builds the RFC 8145 §4.1 edns-key-tag option: the key tags
// as 16-bit network-order values, ascending.
func KeyTagOption(tags []uint16) (*dns.EDNS0_LOCAL, error) {
	t := sortedTags(tags)
	if len(t) == 0 {
		return nil, errorf(ErrMalformed, clause8145Opt, "", 0, "", "no key tags")
	}
	data := make([]byte, 2*len(t))
	for i, tag := range t {
		binary.BigEndian.PutUint16(data[2*i:], tag)
	}
	return &dns.EDNS0_LOCAL{Code: EDNS0KeyTag, Data: data}, nil
}

// ParseKeyTagOption parses an edns-key-tag option (RFC 8145 §4.1): a
// non-empty list of 16-bit key tags.
func ParseKeyTagOption(opt dns.EDNS0) ([]uint16, error) {
	local, ok := opt.(*dns.EDNS0_LOCAL)
	if !ok || local.Code != EDNS0KeyTag {
		return nil, errorf(ErrMalformed, clause8145Opt, "", 0, "", "option %d is not edns-key-tag", opt.Option())
	}
	if len(local.Data) == 0 || len(local.Data)%2 != 0 {
		return nil, errorf(ErrMalformed, clause8145Opt, "", 0, "", "option length %d is not a positive even number", len(local.Data))
	}
	tags := make([]uint16, len(local.Data)/2)
	for i := range tags {
		tags[i] = binary.BigEndian.Uint16(local.Data[2*i:])
	}
	return tags, nil
}

// SentinelLabel builds an RFC 8509 §2 root key sentinel label:
// "root-key-sentinel-is-ta-DDDDD" or "root-key-sentinel-not-ta-DDDDD" with
// the key tag as five decimal digits.
func SentinelLabel(isTA bool, tag uint16) string {
	if isTA {
		return fmt.Sprintf("%s%05d", sentinelIsTA, tag)
	}
	return fmt.Sprintf("%s%05d", sentinelNotTA, tag)
}

// ParseSentinel recognises an RFC 8509 §2 sentinel in the leftmost label of
// qname (case-insensitively). ok is false when the label is not a sentinel;
// a sentinel prefix with a malformed key tag is an error.
func ParseSentinel(qname string) (isTA bool, tag uint16, ok bool, err error) {
	labels := dns.SplitDomainName(qname)
	if len(labels) == 0 {
		return false, 0, false, nil
	}
	l := lowerName(labels[0])
	var digits string
	switch {
	case strings.HasPrefix(l, sentinelIsTA):
		isTA, digits = true, l[len(sentinelIsTA):]
	case strings.HasPrefix(l, sentinelNotTA):
		digits = l[len(sentinelNotTA):]
	default:
		return false, 0, false, nil
	}
	if len(digits) != sentinelDigits {
		return false, 0, false, errorf(ErrMalformed, clause8509, "", 0, "", "sentinel key tag %q is not five decimal digits", digits)
	}
	v, perr := strconv.ParseUint(digits, 10, 16)
	if perr != nil {
		return false, 0, false, errorf(ErrMalformed, clause8509, "", 0, "", "sentinel key tag %q is not a 16-bit decimal number", digits)
	}
	return isTA, uint16(v), true, nil
}

// SentinelServfail reports whether a validating resolver must answer
// SERVFAIL to a validated query whose name carries a sentinel (RFC 8509
// §3.2): "is-ta" for a key tag that is not one of its trusted root keys, or
// "not-ta" for one that is.
func SentinelServfail(isTA bool, tag uint16, trustedTags []uint16) bool {
	have := false
	for _, t := range trustedTags {
		have = have || t == tag
	}
	return isTA != have
}
