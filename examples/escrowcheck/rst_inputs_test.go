package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssrkit/ssr/escrow"
	"github.com/ssrkit/ssr/escrow/registrar"
)

// TestReadRSTInputsBounded: an -rst-inputs file larger than
// maxRSTInputsBytes is refused, naming the limit, instead of being read
// whole (a device such as /dev/zero would never end).
func TestReadRSTInputsBounded(t *testing.T) {
	p := filepath.Join(t.TempDir(), "inputs.json")
	big := `{"epp.hostModel":"objects","padding":"` + strings.Repeat("x", maxRSTInputsBytes) + `"}`
	if err := os.WriteFile(p, []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := readRSTInputs(p)
	if err == nil || !strings.Contains(err.Error(), "maxRSTInputsBytes") {
		t.Fatalf("readRSTInputs(%d bytes) = %v, want an error naming maxRSTInputsBytes", len(big), err)
	}
	small := filepath.Join(t.TempDir(), "inputs.json")
	if err := os.WriteFile(small, []byte(`{"epp.hostModel":"attributes","tlds":"example, test","dns.nameservers":[1,2]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := readRSTInputs(small)
	if err != nil || in.HostModel != "attributes" || len(in.TLDs) != 2 {
		t.Fatalf("readRSTInputs(small) = %+v, %v", in, err)
	}
}

// FuzzParseRSTInputs: the -rst-inputs decoder never panics, and what it
// accepts has only the fields RST's parameters set.
func FuzzParseRSTInputs(f *testing.F) {
	f.Add([]byte(`{"rde.depositFile":"example_2023-10-04_full_S1_R0.ryde","rde.signatureFile":"example_2023-10-04_full_S1_R0.sig","rde.publicKey":"k.asc","general.registryDataModel":"maximum","epp.hostModel":"objects","tlds":["example"],"idnTables":"ja,de"}`))
	f.Add([]byte(`{"tlds":{"a":1}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := parseRSTInputs(b)
		if err == nil && in == nil {
			t.Fatal("nil inputs without an error")
		}
	})
}

// TestRegistrarDroppedShown: findings beyond MaxFindings are counted in
// both outputs of -registrar ("a verifier reports every problem").
func TestRegistrarDroppedShown(t *testing.T) {
	rep := &registrar.Report{IANAID: 8, Findings: []*registrar.Error{{Kind: registrar.ErrInvalid, File: "f"}}, Dropped: 7}
	var text, js strings.Builder
	printRegistrar(&text, "d", rep, false)
	printRegistrar(&js, "d", rep, true)
	if !strings.Contains(text.String(), "7 more findings") || !strings.Contains(text.String(), "8 finding(s)") {
		t.Errorf("text output does not count dropped findings:\n%s", text.String())
	}
	if !strings.Contains(js.String(), `"dropped": 7`) {
		t.Errorf("JSON output has no Dropped:\n%s", js.String())
	}
}

// TestSigFileBounded: the -sig (or rde.signatureFile) file is read through
// escrow.MaxSignatureBytes, not whole.
func TestSigFileBounded(t *testing.T) {
	dir := t.TempDir()
	sig := filepath.Join(dir, "x.sig")
	if err := os.WriteFile(sig, make([]byte, escrow.MaxSignatureBytes+1), 0o600); err != nil {
		t.Fatal(err)
	}
	ryde := filepath.Join(dir, "example_2026-11-22_full_S1_R0.ryde")
	if err := os.WriteFile(ryde, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := openOnePiece(ryde, sig, nil, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "MaxSignatureBytes") {
		t.Fatalf("openOnePiece with a %d-byte signature: %v, want an error naming MaxSignatureBytes", escrow.MaxSignatureBytes+1, err)
	}
}
