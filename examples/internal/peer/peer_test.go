package peer

import (
	"os"
	"testing"
)

// TestNeed: a tool on PATH is found; a missing one skips the test (the
// SSR_PEERS=1 failure is not exercised here, as it would fail this test).
func TestNeed(t *testing.T) {
	if p := Need(t, "sh"); p == "" {
		t.Fatal("sh not found")
	}
	if os.Getenv("SSR_PEERS") == "1" {
		t.Skip("SSR_PEERS=1 turns the missing tool into a failure")
	}
	var sub *testing.T
	t.Run("missing", func(t *testing.T) {
		sub = t
		Need(t, "ssr-no-such-peer-tool")
		t.Error("Need returned for a missing tool")
	})
	if !sub.Skipped() {
		t.Error("a missing tool did not skip the test")
	}
}
