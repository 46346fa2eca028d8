package escrow

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// needTool returns the path of a peer tool, looking in PATH and /usr/sbin.
// It skips the test when the tool is absent, unless SSR_PEERS=1.
func needTool(t testing.TB, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/local/sbin"} {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	if os.Getenv("SSR_PEERS") == "1" {
		t.Fatalf("peer tool %s not found and SSR_PEERS=1", name)
	}
	t.Skipf("peer tool %s not installed (install libxml2-utils; set SSR_PEERS=1 to require it)", name)
	return ""
}

// xmllintValidate validates path against testdata/xsd/all.xsd with
// xmllint --stream --schema. It reports the output and whether it validated.
func xmllintValidate(t testing.TB, xmllint, path string) (string, bool) {
	t.Helper()
	xsd, err := filepath.Abs("testdata/xsd/all.xsd")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(xmllint, "--noout", "--stream", "--schema", xsd, path).CombinedOutput()
	return strings.TrimSpace(string(out)), err == nil
}

func writeGen(t testing.TB, path string, s genSpec) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := generate(f, s); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
