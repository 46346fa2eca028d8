package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ssrkit/ssr/examples/internal/peer"
)

// TestSampleReproducible re-runs the generator and requires the embedded
// sample to be byte-identical: the sample is generated, never hand-edited.
func TestSampleReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "./gensample", "-out", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gensample: %v\n%s", err, out)
	}
	err := fs.WalkDir(sampleFS, "sample", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		want, _ := sampleFS.ReadFile(path)
		got, err := os.ReadFile(filepath.Join(dir, d.Name()))
		if err != nil {
			t.Errorf("%s: not written by the generator: %v", path, err)
			return nil
		}
		if !bytes.Equal(want, got) {
			t.Errorf("%s differs from a fresh `go generate` (run it and commit the result)", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSamplePeers has BIND, ldns and libxml2 judge the sample: both zones
// must verify completely and the deposit must be valid under the RFC 8909 /
// RFC 9022 schemas.
func TestSamplePeers(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"example.zone", "root.zone", "deposit.xml"} {
		b, err := sampleFS.ReadFile("sample/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(t *testing.T, name string, args ...string) {
		t.Helper()
		out, err := exec.Command(peer.Need(t, name), args...).CombinedOutput()
		if err != nil {
			t.Errorf("%s %v: %v\n%s", name, args, err, out)
		}
	}
	t.Run("dnssec-verify", func(t *testing.T) {
		run(t, "dnssec-verify", "-o", "example.", filepath.Join(dir, "example.zone"))
		run(t, "dnssec-verify", "-o", ".", filepath.Join(dir, "root.zone"))
	})
	t.Run("ldns-verify-zone", func(t *testing.T) {
		run(t, "ldns-verify-zone", filepath.Join(dir, "example.zone"))
		run(t, "ldns-verify-zone", filepath.Join(dir, "root.zone"))
	})
	t.Run("xmllint", func(t *testing.T) {
		xsd := filepath.Join("..", "..", "escrow", "testdata", "xsd", "all.xsd")
		if _, err := os.Stat(xsd); err != nil {
			t.Skipf("RFC XSDs not in escrow/testdata/xsd yet: %v", err)
		}
		run(t, "xmllint", "--noout", "--schema", xsd, filepath.Join(dir, "deposit.xml"))
	})
}
