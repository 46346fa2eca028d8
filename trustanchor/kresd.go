package trustanchor

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec"
)

const kresdFile = "kresd key file"

// Knot Resolver's RFC 5011 defaults (daemon/lua/trust_anchors.lua): the
// hold-down for adding and revoking, and four times it before a Missing key
// is dropped.
const (
	KresdHoldDown    = 30 * 24 * time.Hour
	KresdMissingKeep = 4 * KresdHoldDown
)

var reKresdState = regexp.MustCompile(`^\s*([A-Za-z]+):(\d*)`)

// ReadKresd reads a Knot Resolver trust-anchor key file: zone lines with a
// "; <State>:<timer> ; KeyTag:<tag>" comment, keys that are neither Valid
// nor Missing commented out with "; " so older versions skip them. Lines
// without a state are Valid. The timer is the end of the running hold-down;
// LastChange is reconstructed from it with Knot Resolver's defaults.
func ReadKresd(r io.Reader) (*TrustPoint, error) {
	data, err := readAll(r, MaxDocumentSize, kresdFile)
	if err != nil {
		return nil, err
	}
	tp := &TrustPoint{}
	var errs []error
	for i, raw := range strings.Split(string(data), "\n") {
		n := i + 1
		line := strings.TrimRight(raw, "\r")
		if len(line) > MaxLineLength {
			return nil, errorf(ErrLimitExceeded, "", kresdFile, n, "", "line longer than %d bytes", MaxLineLength)
		}
		commented := false
		if strings.HasPrefix(line, "; ") {
			commented = true
			line = line[2:]
		}
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, ";") || strings.HasPrefix(t, "$") {
			continue
		}
		rrText, comment := cutComment(line)
		m := reKresdState.FindStringSubmatch(comment)
		rr, err := dns.NewRR(rrText)
		if err != nil || rr == nil {
			if commented {
				continue // an ordinary comment
			}
			errs = append(errs, errorf(ErrMalformed, "RFC 1035 §5.1", kresdFile, n, "", "record: %v", err))
			continue
		}
		if commented && m == nil {
			continue // kresd ignores commented records without a state
		}
		k := &TrustKey{State: Valid}
		switch v := rr.(type) {
		case *dns.DNSKEY:
			k.DNSKEY = v
		case *dns.DS:
			k.DS = v
		default:
			errs = append(errs, errorf(ErrMalformed, "RFC 5011 §2", kresdFile, n, "", "%s record is not a trust anchor", dns.Type(rr.Header().Rrtype)))
			continue
		}
		if m != nil {
			s, ok := ParseState(m[1])
			if !ok {
				errs = append(errs, errorf(ErrMalformed, "RFC 5011 §4", kresdFile, n, "", "unknown state %q", m[1]))
				continue
			}
			k.State = s
			if m[2] != "" {
				v, err := stateNumber(m[2], MaxStateTime, "MaxStateTime", kresdFile, n, "timer")
				if err != nil {
					errs = append(errs, err)
					continue
				}
				k.Timer = unix(v)
				switch s {
				case AddPend, Revoked:
					k.LastChange = notBeforeEpoch(k.Timer.Add(-KresdHoldDown))
				case Missing:
					k.LastChange = notBeforeEpoch(k.Timer.Add(-KresdMissingKeep))
				}
			}
		}
		owner := lowerName(dns.Fqdn(rr.Header().Name))
		if tp.Zone == "" {
			tp.Zone = owner
		} else if !dnssec.EqualNames(owner, tp.Zone) {
			errs = append(errs, errorf(ErrMalformed, "RFC 5011 §2", kresdFile, n, "", "record for %s in the file of %s", owner, tp.Zone))
			continue
		}
		if len(tp.Keys) >= MaxKeys {
			return nil, errorf(ErrLimitExceeded, "", kresdFile, n, "", "more than %d keys", MaxKeys)
		}
		tp.Keys = append(tp.Keys, k)
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	if len(tp.Keys) == 0 {
		return nil, errorf(ErrNoAnchor, "RFC 5011 §2", kresdFile, 0, "", "no keys")
	}
	return tp, nil
}

// notBeforeEpoch returns t, or the zero time when t is unset or before
// 1970: a hold-down start reconstructed from an early timer must stay
// writable in the other state formats (MaxStateTime).
func notBeforeEpoch(t time.Time) time.Time {
	if t.IsZero() || t.Unix() < 0 {
		return time.Time{}
	}
	return t
}

// WriteKresd writes tp in Knot Resolver's key file format, keys sorted
// canonically. Timers come from Timer, or when zero from LastChange plus
// Knot Resolver's hold-downs.
func WriteKresd(w io.Writer, tp *TrustPoint) error {
	var b bytes.Buffer
	for _, k := range sortedKeys(tp.Keys) {
		rr := k.RR()
		if rr == nil {
			continue
		}
		timer := k.Timer
		if timer.IsZero() && !k.LastChange.IsZero() {
			switch k.State {
			case AddPend, Revoked:
				timer = k.LastChange.Add(KresdHoldDown)
			case Missing:
				timer = k.LastChange.Add(KresdMissingKeep)
			}
		}
		if !timeFits(timer) {
			return errorf(ErrLimitExceeded, "", kresdFile, 0, fmt.Sprintf("key tag %d", k.Tag()), "timer %v is outside 1970…MaxStateTime", timer)
		}
		ts := ""
		if !timer.IsZero() && k.State != Valid {
			ts = strconv.FormatInt(timer.Unix(), 10)
		}
		if !k.State.Trusted() {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s ; %s:%s ; KeyTag:%d\n", rrLine(rr), k.State, ts, k.Tag())
	}
	_, err := w.Write(b.Bytes())
	return err
}

// rrLine renders a DS or DNSKEY as a one-line master-file record with TTL.
func rrLine(rr dns.RR) string {
	switch v := rr.(type) {
	case *dns.DS:
		return fmt.Sprintf("%s %d IN DS %d %d %d %s", v.Hdr.Name, v.Hdr.Ttl, v.KeyTag, v.Algorithm, v.DigestType, strings.ToUpper(v.Digest))
	case *dns.DNSKEY:
		return fmt.Sprintf("%s %d IN DNSKEY %d %d %d %s", v.Hdr.Name, v.Hdr.Ttl, v.Flags, v.Protocol, v.Algorithm, v.PublicKey)
	}
	return rr.String()
}
