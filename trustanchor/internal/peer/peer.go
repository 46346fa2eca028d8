// Package peer finds the peer programs (ldns, BIND, unbound ...) that
// trustanchor's tests compare against. It is the only place that reads
// SSR_PEERS (README Conventions): with SSR_PEERS=1 a missing peer fails
// the test, as CI installs them all; otherwise the test is skipped.
package peer

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// dirs are searched after PATH: BIND and unbound install their tools in
// sbin, which a user's PATH often lacks.
var dirs = []string{"/usr/sbin", "/sbin", "/usr/bin"}

// Need returns the path of the peer tool, looked up on PATH and then in
// /usr/sbin, /sbin and /usr/bin. An absolute tool names a file a peer
// package installs (such as /usr/share/dns/root.key) and is returned if it
// exists. When the tool is absent Need skips the test, or fails it when
// SSR_PEERS=1.
func Need(t testing.TB, tool string) string {
	t.Helper()
	if filepath.IsAbs(tool) {
		if fi, err := os.Stat(tool); err == nil && !fi.IsDir() {
			return tool
		}
	} else {
		if p, err := exec.LookPath(tool); err == nil {
			return p
		}
		for _, dir := range dirs {
			p := filepath.Join(dir, tool)
			if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
				return p
			}
		}
	}
	if os.Getenv("SSR_PEERS") == "1" {
		t.Fatalf("peer %s not found and SSR_PEERS=1 requires it", tool)
	}
	t.Skipf("peer %s not installed (SSR_PEERS=1 makes this a failure)", tool)
	return ""
}
