// Package peer finds the peer tools (BIND, Knot, Unbound, ldns, gpg,
// xmllint, zonemaster-cli, Graphviz, ...) that this package's differential
// tests run against. It is the only place that reads SSR_PEERS (README
// "Conventions"): without it a missing peer skips the test; with
// SSR_PEERS=1 (CI, where every peer is installed) it fails it.
//
// The same file is in each package's internal/peer, because the packages
// stay independent of each other; the module's budget_test.go keeps the
// copies identical.
package peer

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// sbin are the directories searched after PATH: Debian installs daemons
// and administration tools there, outside a normal user's PATH.
var sbin = []string{"/usr/sbin", "/usr/local/sbin", "/sbin"}

// Need returns the path of tool, looked up in PATH and then in /usr/sbin,
// /usr/local/sbin and /sbin; a tool given as an absolute path is a data file
// a peer package installs (/usr/share/dns/root.key) and only has to exist.
// When it is absent the test is skipped with a message naming the tool, or
// fails when SSR_PEERS=1.
func Need(t testing.TB, tool string) string {
	t.Helper()
	if filepath.IsAbs(tool) {
		if fi, err := os.Stat(tool); err == nil && !fi.IsDir() {
			return tool
		}
		Unavailable(t, fmt.Sprintf("peer file %s not installed", tool))
		return ""
	}
	if p, err := exec.LookPath(tool); err == nil {
		return p
	}
	for _, dir := range sbin {
		p := filepath.Join(dir, tool)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	Unavailable(t, fmt.Sprintf("peer tool %s not installed (not in PATH or %v)", tool, sbin))
	return ""
}

// Unavailable ends a test whose peer setup cannot run (a module missing,
// an address that cannot be bound): it skips the test saying why, or fails
// it when SSR_PEERS=1.
func Unavailable(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("SSR_PEERS") == "1" {
		t.Fatalf("%s, and SSR_PEERS=1 requires it", why)
	}
	t.Skipf("%s; skipping (set SSR_PEERS=1 to make this a failure)", why)
}
