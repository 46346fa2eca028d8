// Package peer finds the peer tools (Graphviz dot, BIND, Knot, Unbound,
// ldns, ...) that the example programs' tests run against. It is the only
// place where tests under examples/ should read SSR_PEERS.
package peer

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// sbin are the directories searched after PATH: Debian installs daemons
// and administration tools there, outside a normal user's PATH.
var sbin = []string{"/usr/sbin", "/usr/local/sbin", "/sbin"}

// Need returns the path of tool, looked up in PATH and then in /usr/sbin,
// /usr/local/sbin and /sbin. When it is absent the test is skipped with a
// message naming the tool, or fails when SSR_PEERS=1 (CI, where every peer
// must be installed).
func Need(t testing.TB, tool string) string {
	t.Helper()
	if p, err := exec.LookPath(tool); err == nil {
		return p
	}
	for _, dir := range sbin {
		p := filepath.Join(dir, tool)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	if os.Getenv("SSR_PEERS") == "1" {
		t.Fatalf("peer tool %s not found in PATH or %v (SSR_PEERS=1 requires it)", tool, sbin)
	}
	t.Skipf("peer tool %s not installed (not in PATH or %v); skipping, set SSR_PEERS=1 to make this a failure", tool, sbin)
	return ""
}
