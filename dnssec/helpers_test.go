package dnssec

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
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

// readFixture reads a test file, gunzipping it when its name ends in .gz.
func readFixture(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return b
}
