package dnssec

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// needTool returns the path of a peer tool, looking in PATH and /usr/sbin.
// Without it the test is skipped, unless SSR_PEERS=1 (CI), where it fails.
func needTool(t testing.TB, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/usr/local/sbin", "/sbin"} {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	if os.Getenv("SSR_PEERS") == "1" {
		t.Fatalf("peer tool %s not found (SSR_PEERS=1)", name)
	}
	t.Skipf("peer tool %s not installed; set SSR_PEERS=1 to make this a failure", name)
	return ""
}
