// Package peer finds the peer tools (xmllint, gpg, ...) that escrow's
// differential tests run against. It is the only place in escrow that reads
// SSR_PEERS: when SSR_PEERS=1 a missing tool fails the test, otherwise it
// skips it.
package peer

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// dirs are searched after PATH: system tools are often outside a test's PATH.
var dirs = []string{"/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin"}

// packages names the package that provides a tool, for the skip message.
var packages = map[string]string{
	"xmllint": "libxml2-utils",
	"gpg":     "gnupg",
}

// Need returns the path of tool, looked up on PATH and then in /usr/sbin,
// /sbin, /usr/local/sbin, /usr/bin and /usr/local/bin. When it is absent the
// test is skipped with a message saying what to install, or fails when
// SSR_PEERS=1 (peer tests required).
func Need(t testing.TB, tool string) string {
	t.Helper()
	if p, err := exec.LookPath(tool); err == nil {
		return p
	}
	for _, dir := range dirs {
		p := filepath.Join(dir, tool)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	if os.Getenv("SSR_PEERS") == "1" {
		t.Fatalf("peer tool %s not found and SSR_PEERS=1 requires it", tool)
	}
	hint := ""
	if pkg, ok := packages[tool]; ok {
		hint = " (install " + pkg + ")"
	}
	t.Skipf("peer tool %s not installed%s; set SSR_PEERS=1 to make its absence a failure", tool, hint)
	return ""
}
