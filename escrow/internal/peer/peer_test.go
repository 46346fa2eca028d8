package peer

import (
	"os"
	"testing"
)

func TestNeedFindsShell(t *testing.T) {
	if p := Need(t, "sh"); p == "" {
		t.Fatal("Need returned an empty path without skipping")
	}
}

func TestNeedSkipsMissing(t *testing.T) {
	if os.Getenv("SSR_PEERS") == "1" {
		t.Skip("SSR_PEERS=1: a missing tool fails instead")
	}
	ran := false
	t.Run("missing", func(t *testing.T) {
		defer func() { ran = true }()
		Need(t, "ssr-no-such-peer-tool")
		t.Error("Need returned for a missing tool")
	})
	if !ran {
		t.Fatal("subtest did not run")
	}
}
