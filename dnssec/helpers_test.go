package dnssec

import (
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// mustRR parses one RR in zone-file syntax or fails the test.
func mustRR(t testing.TB, s string) dns.RR {
	t.Helper()
	rr, err := dns.NewRR(s)
	if err != nil || rr == nil {
		t.Fatalf("dns.NewRR(%q): %v", s, err)
	}
	return rr
}

// mustRRs parses one RR per non-empty line.
func mustRRs(t testing.TB, s string) []dns.RR {
	t.Helper()
	var out []dns.RR
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		out = append(out, mustRR(t, line))
	}
	return out
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := dns.StringToTime(s)
	if err != nil {
		t.Fatal(err)
	}
	return time.Unix(int64(v), 0).UTC()
}
