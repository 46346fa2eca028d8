package trustanchor

import (
	"fmt"
	"strings"

	"github.com/miekg/dns"
)

// lowerName lower-cases the US-ASCII letters of a domain name and nothing
// else: DNS names compare case-insensitively for A–Z only (RFC 4343 §3),
// and any other octet, valid UTF-8 or not, is part of the name as it is.
// strings.ToLower would fold non-ASCII letters and turn invalid UTF-8 into
// U+FFFD, so a name would not survive a write and a read.
func lowerName(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + ('a' - 'A')
				}
			}
			return string(b)
		}
	}
	return s
}

// presentName returns name in presentation format with every octet other
// than a letter, digit, '-', '_' or '*' written as \DDD (RFC 1035 §5.1), by
// way of the wire form, so that it stands as one blank-free field of a
// line. A name that does not encode is returned as it is.
func presentName(name string) string {
	var buf [256]byte
	n, err := dns.PackDomainName(dns.Fqdn(name), buf[:], 0, nil, false)
	if err != nil {
		return name
	}
	var b strings.Builder
	for i := 0; i < n && buf[i] != 0; i += int(buf[i]) + 1 {
		for _, c := range buf[i+1 : i+1+int(buf[i])] {
			switch {
			case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '*':
				b.WriteByte(c)
			default:
				fmt.Fprintf(&b, "\\%03d", c)
			}
		}
		b.WriteByte('.')
	}
	if b.Len() == 0 {
		return "."
	}
	return b.String()
}

// cutComment splits a zone-file line at its first comment (RFC 1035 §5.1:
// a ';' that is neither escaped by '\\' nor inside a quoted string).
func cutComment(line string) (data, comment string) {
	quoted := false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++ // the escaped octet (\DDD's digits are plain anyway)
		case '"':
			quoted = !quoted
		case ';':
			if !quoted {
				return line[:i], line[i+1:]
			}
		}
	}
	return line, ""
}

// originFrom returns the origin a "$ORIGIN name" line sets when current is
// in force: a relative name is relative to the current origin (RFC 1035
// §5.1), an absolute one stands as it is.
func originFrom(name, current string) string {
	if dns.IsFqdn(name) {
		return name
	}
	if current == "" || current == "." {
		return name + "."
	}
	return name + "." + current
}
