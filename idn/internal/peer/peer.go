// Package peer finds the independent implementations (peer tools) that
// package idn's tests compare against. It is the only place that reads
// SSR_PEERS: unset, a test whose peer is missing is skipped with a message
// naming it; SSR_PEERS=1 (CI with the peers installed) fails it instead.
package peer

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// sbinDirs are searched after PATH: some peers install there and a
// non-root PATH may not include them.
var sbinDirs = []string{"/usr/sbin", "/sbin", "/usr/local/sbin"}

// Need returns the path of tool, looked up on PATH and then in /usr/sbin
// (and /sbin, /usr/local/sbin). When it is absent the test is skipped, or
// failed when SSR_PEERS=1.
func Need(t testing.TB, tool string) string {
	t.Helper()
	if p, err := exec.LookPath(tool); err == nil {
		return p
	}
	for _, dir := range sbinDirs {
		p := filepath.Join(dir, tool)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	Unavailable(t, "peer tool %s not found on PATH or in /usr/sbin", tool)
	return ""
}

// Unavailable ends the test because a peer (a tool, or a module a tool
// needs) is missing: a skip with the reason, or a failure when SSR_PEERS=1.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("SSR_PEERS") == "1" {
		t.Fatalf("%s (SSR_PEERS=1 requires every peer)", msg)
	}
	t.Skipf("%s (set SSR_PEERS=1 to require it)", msg)
}
