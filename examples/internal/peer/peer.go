// Package peer finds the peer tools (ldns, knotd, gpg, dot, ...) that the
// example programs' tests compare against. It is the only place under
// examples/ that reads SSR_PEERS (README "Conventions"): without the
// variable a missing peer skips the test; with SSR_PEERS=1 (CI with the
// peers installed) it fails it.
package peer

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Need returns the path of the peer tool, looked up in PATH and then in
// /usr/sbin and /sbin. When it is absent the test is skipped with a
// message naming the tool, or fails when SSR_PEERS=1.
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
	why := "peer tool " + tool + " not installed (looked in PATH, /usr/sbin, /sbin)"
	if os.Getenv("SSR_PEERS") == "1" {
		t.Fatalf("%s and SSR_PEERS=1", why)
	}
	t.Skipf("%s; skipping (set SSR_PEERS=1 to require it)", why)
	return ""
}
