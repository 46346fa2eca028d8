package rsep

import (
	"strings"

	"github.com/miekg/dns"
)

// canonicalLess orders names as RFC 4034 §6.1 does: by labels from the
// root, each label compared as lower-case octet strings.
func canonicalLess(a, b string) bool { return canonicalCompare(a, b) < 0 }

func canonicalCompare(a, b string) int {
	la, lb := dns.SplitDomainName(strings.ToLower(a)), dns.SplitDomainName(strings.ToLower(b))
	for i, j := len(la)-1, len(lb)-1; i >= 0 && j >= 0; i, j = i-1, j-1 {
		if c := strings.Compare(unescape(la[i]), unescape(lb[j])); c != 0 {
			return c
		}
	}
	return len(la) - len(lb)
}

// unescape turns a presentation-format label into its octets (\DDD and \X).
func unescape(l string) string {
	if !strings.Contains(l, `\`) {
		return l
	}
	var b strings.Builder
	for i := 0; i < len(l); i++ {
		c := l[i]
		if c == '\\' && isDigit(l, i+1) && isDigit(l, i+2) && isDigit(l, i+3) {
			b.WriteByte(byte((int(l[i+1]-'0')*100 + int(l[i+2]-'0')*10 + int(l[i+3]-'0')) & 0xff))
			i += 3
			continue
		}
		if c == '\\' && i+1 < len(l) {
			i++
			c = l[i]
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isDigit(s string, i int) bool { return i < len(s) && s[i] >= '0' && s[i] <= '9' }
