package keytrap

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// TestZone: every DNSKEY of the generated zone shares the real key's tag
// and algorithm, and the zone parses.
func TestZone(t *testing.T) {
	var b bytes.Buffer
	inc := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if err := Zone(&b, "example.", 50, inc, inc.AddDate(0, 2, 0)); err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("KEYTRAP_OUT"); p != "" {
		os.WriteFile(p, b.Bytes(), 0o644)
	}
	zp := dns.NewZoneParser(&b, "example.", "")
	tags := map[uint16]int{}
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if k, isKey := rr.(*dns.DNSKEY); isKey {
			tags[k.KeyTag()]++
		}
	}
	if err := zp.Err(); err != nil {
		t.Fatal(err)
	}
	if len(tags) != 1 {
		t.Fatalf("key tags %v, want one tag shared by 50 keys", tags)
	}
	for _, n := range tags {
		if n != 50 {
			t.Fatalf("%d keys with the tag, want 50", n)
		}
	}
}
