package rsep

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/dnssec"
)

// Zone is the zone under evaluation: its origin and its records, as read
// from a master file or built by the caller.
type Zone struct {
	Origin  string   // fully qualified, lower case
	Records []dns.RR // in input order
}

// NewZone returns a zone of the given records. The origin is made fully
// qualified and lower case; the records are used as is.
func NewZone(origin string, rrs []dns.RR) *Zone {
	return &Zone{Origin: canon(origin), Records: rrs}
}

// ReadZone reads a zone in RFC 1035 master-file format. origin is the
// zone's name; file names the input in errors. $INCLUDE is refused. At most
// cfg.Limits.ZoneRecords records and cfg.Limits.ZoneSize bytes are read
// (nil cfg or zero: the Max* defaults). Records outside the origin are an
// error. ctx is honoured between records.
func ReadZone(ctx context.Context, r io.Reader, origin, file string, cfg *ReadConfig) (*Zone, error) {
	l := cfg.limits()
	origin = canon(origin)
	if _, ok := dns.IsDomainName(origin); !ok {
		return nil, errorf(ErrMalformed, "RFC 1035 §5.1", 0, "origin %q is not a domain name", origin)
	}
	maxRecords := orDefault(l.ZoneRecords, MaxZoneRecords)
	maxSize := orDefault(l.ZoneSize, int64(MaxZoneSize))
	lr := &limitedReader{r: r, n: maxSize}
	// The dnssec zone reader bounds lines and $GENERATE (counted before it
	// expands) and quotes at most ~100 bytes of bad input in its errors.
	zs := dnssec.NewZoneScanner(lr, &dnssec.ZoneConfig{Origin: origin, File: file, MaxRecords: maxRecords})
	z := &Zone{Origin: origin}
	for rr, ok := zs.Next(); ok; rr, ok = zs.Next() {
		if len(z.Records)%ctxEvery == 0 && ctx.Err() != nil {
			return nil, cancelled(ctx.Err())
		}
		if !dns.IsSubDomain(origin, rr.Header().Name) {
			return nil, &Error{Kind: ErrMalformed, Clause: "RFC 1034 §4.2.1", Name: rr.Header().Name, Type: dns.TypeToString[rr.Header().Rrtype], Line: zs.Line(), Err: errors.New("record outside the zone's origin " + origin)}
		}
		lowerOwner(rr)
		z.Records = append(z.Records, rr)
	}
	if lr.exceeded {
		return nil, errorf(ErrLimitExceeded, "", 0, "%s: more than %d bytes (MaxZoneSize)", file, maxSize)
	}
	if err := zs.Err(); err != nil {
		e := &Error{Kind: ErrMalformed, Clause: "RFC 1035 §5", Err: err}
		var de *dnssec.Error
		if errors.As(err, &de) {
			e.Line, e.Err = de.Line, de.Err
			if errors.Is(err, dnssec.ErrLimitExceeded) {
				e.Kind, e.Clause = ErrLimitExceeded, de.Clause
			}
		}
		return nil, e
	}
	return z, nil
}

type limitedReader struct {
	r        io.Reader
	n        int64
	exceeded bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		l.exceeded = true
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

func canon(name string) string {
	return strings.ToLower(dns.Fqdn(name))
}

func lowerOwner(rr dns.RR) {
	h := rr.Header()
	h.Name = strings.ToLower(h.Name)
}

func typeName(t uint16) string {
	if s, ok := dns.TypeToString[t]; ok {
		return s
	}
	return "TYPE" + strconv.Itoa(int(t))
}

func itoa(n int) string { return strconv.Itoa(n) }
