// Package peer finds the peer tools (knotd, zonemaster-cli, ...) that
// rsep's differential tests run against. It is the only place of package
// rsep that reads SSR_PEERS (README "Conventions"): without the variable a
// missing peer skips the test; with SSR_PEERS=1 (CI with the peers
// installed) it fails it.
package peer

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Need returns the path of the peer tool, looked up in PATH and then in
// /usr/sbin and /sbin (Debian installs knotd there). When it is absent the
// test is skipped with a message naming the tool, or fails when
// SSR_PEERS=1.
func Need(t testing.TB, tool string) string {
	t.Helper()
	if p, err := exec.LookPath(tool); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/sbin"} {
		p := filepath.Join(dir, tool)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	Unavailable(t, "peer tool "+tool+" not installed (looked in PATH, /usr/sbin, /sbin)")
	return ""
}

// Unavailable ends a test whose peer setup cannot run (a tool missing, an
// address that cannot be bound): it skips the test with why, or fails it
// when SSR_PEERS=1.
func Unavailable(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("SSR_PEERS") == "1" {
		t.Fatalf("peer unavailable with SSR_PEERS=1: %s", why)
	}
	t.Skipf("peer unavailable: %s (set SSR_PEERS=1 to make this fail)", why)
}
