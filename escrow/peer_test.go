package escrow

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

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
