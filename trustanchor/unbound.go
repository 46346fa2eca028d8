package trustanchor

import (
	"bytes"
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
	tp := &TrustPoint{}
	var errs []error
	bad := func(line int, clause, format string, args ...any) {
		errs = append(errs, errorf(ErrMalformed, clause, unboundFile, line, "", format, args...))
	}
	for i, raw := range strings.Split(string(data), "\n") {
		n := i + 1
		line := strings.TrimRight(raw, "\r")
		if len(line) > MaxLineLength {
			return nil, errorf(ErrLimitExceeded, "", unboundFile, n, "", "line longer than %d bytes", MaxLineLength)
		}
		trim := strings.TrimSpace(line)
		switch {
		case trim == "":
			continue
		case strings.HasPrefix(trim, ";;REVOKED"):
			tp.Revoked = true
			continue
		case strings.HasPrefix(trim, ";;id:"):
			f := strings.Fields(strings.TrimPrefix(trim, ";;id:"))
			if len(f) < 1 {
				bad(n, "unbound autotrust.c", "bad ;;id line")
				continue
			}
			tp.Zone = lowerName(dns.Fqdn(f[0]))
			continue
		case strings.HasPrefix(trim, ";;"):
			key, val, ok := strings.Cut(strings.TrimPrefix(trim, ";;"), ":")
			if !ok {
				continue
			}
			num := strings.Fields(strings.SplitN(val, ";;", 2)[0])
			if len(num) != 1 {
				bad(n, "unbound autotrust.c", "bad ;;%s line", key)
				continue
			}
			v, err := strconv.ParseInt(num[0], 10, 64)
			if err != nil || v < 0 {
				bad(n, "unbound autotrust.c", ";;%s: %q is not a non-negative integer", key, num[0])
				continue
			}
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
			continue
		case strings.HasPrefix(trim, ";"):
			continue
		}
		rrText, comment := cutComment(line)
		rr, err := dns.NewRR(rrText)
		if err != nil || rr == nil {
			bad(n, "RFC 1035 §5.1", "record: %v", err)
			continue
		}
		k := &TrustKey{State: Valid}
		switch v := rr.(type) {
		case *dns.DNSKEY:
			k.DNSKEY = v
		case *dns.DS:
			k.DS = v
		default:
			bad(n, "RFC 5011 §2", "%s record is not a trust anchor", dns.Type(rr.Header().Rrtype))
			continue
		}
		if m := reUnboundState.FindStringSubmatch(comment); m != nil {
			s, err := strconv.Atoi(m[1])
			if err != nil || s > int(Removed) {
				bad(n, "RFC 5011 §4", "unknown state %s", m[1])
				continue
			}
			k.State = State(s)
		}
		if m := reUnboundCount.FindStringSubmatch(comment); m != nil {
			k.Count, _ = strconv.Atoi(m[1])
		}
		if m := reUnboundLast.FindStringSubmatch(comment); m != nil {
			v, _ := strconv.ParseInt(m[1], 10, 64)
			k.LastChange = unix(v)
		}
		if tp.Zone == "" {
			tp.Zone = lowerName(dns.Fqdn(rr.Header().Name))
		}
		if !dnssec.EqualNames(rr.Header().Name, tp.Zone) {
			bad(n, "unbound autotrust.c", "record for %s in the file of %s", rr.Header().Name, tp.Zone)
			continue
		}
		if len(tp.Keys) >= MaxKeys {
			return nil, errorf(ErrLimitExceeded, "", unboundFile, n, "", "more than %d keys", MaxKeys)
		}
		tp.Keys = append(tp.Keys, k)
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	if tp.Zone == "" {
		return nil, errorf(ErrMalformed, "unbound autotrust.c", unboundFile, 0, "", "no ;;id and no keys")
	}
	return tp, nil
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
func WriteUnbound(w io.Writer, tp *TrustPoint) error { return WriteUnboundIn(w, tp, time.UTC) }

// WriteUnboundIn is WriteUnbound with the ctime comments in loc, as unbound
// writes them in the machine's local zone.
func WriteUnboundIn(w io.Writer, tp *TrustPoint, loc *time.Location) error {
	if loc == nil {
		loc = time.UTC
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
