package peer

import "testing"

func TestNeed(t *testing.T) {
	if p := Need(t, "sh"); p == "" {
		t.Fatal("sh not found")
	}
	t.Setenv("SSR_PEERS", "")
	var skipped bool
	t.Run("missing", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		Need(t, "no-such-peer-tool-ssr")
		t.Error("Need returned for a missing tool")
	})
	if !skipped {
		t.Error("a missing tool without SSR_PEERS=1 must skip the test")
	}
}
