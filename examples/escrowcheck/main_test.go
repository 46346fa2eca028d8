package main

import (
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitStatus builds escrowcheck and checks its exit status contract:
// 0 verified, 1 findings (including a RyDE deposit refused for its
// signature or integrity), 2 usage or I/O error.
func TestExitStatus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	bin := filepath.Join(t.TempDir(), "escrowcheck")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	ryde := filepath.Join("..", "..", "escrow", "testdata", "ryde")
	rfc := filepath.Join("..", "..", "escrow", "testdata", "rfc9022")
	dir := t.TempDir()
	// A copy of the good RyDE piece whose signature no longer matches.
	b, err := os.ReadFile(filepath.Join(ryde, "test_2010-10-17_full_S1_R0.ryde"))
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 1
	tampered := filepath.Join(dir, "test_2010-10-17_full_S1_R0.ryde")
	if err := os.WriteFile(tampered, b, 0o600); err != nil {
		t.Fatal(err)
	}
	sig, err := os.ReadFile(filepath.Join(ryde, "test_2010-10-17_full_S1_R0.sig"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(strings.TrimSuffix(tampered, ".ryde")+".sig", sig, 0o600); err != nil {
		t.Fatal(err)
	}
	keys := []string{"-key", filepath.Join(ryde, "agent.sec.asc"), "-signer", filepath.Join(ryde, "registry.pub.asc")}
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no arguments", nil, 2},
		{"missing file", []string{"/nonexistent/deposit.xml"}, 2},
		{"RFC 9022 §14 example has dangling references", []string{"-now", "2026-11-26T00:00:00Z", filepath.Join(rfc, "rfc9022-s14-full-xml.xml")}, 1},
		{"tampered RyDE piece", append(append([]string{"-q"}, keys...), tampered), 1},
		{"RyDE without MDC refused", append(append([]string{"-q"}, keys...), filepath.Join(ryde, "test_2010-10-17_full_S1_R1.ryde")), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			out, _ := cmd.CombinedOutput()
			if got := cmd.ProcessState.ExitCode(); got != tc.want {
				t.Errorf("exit %d, want %d\n%s", got, tc.want, out)
			}
		})
	}
}

// TestRST: -rst with its inputs, -rst-inputs, -json codes and -recipients.
func TestRST(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	bin := filepath.Join(t.TempDir(), "escrowcheck")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	rfc := filepath.Join("..", "..", "escrow", "testdata", "rfc9022", "rfc9022-s14-full-xml.xml")
	ryde := filepath.Join("..", "..", "escrow", "testdata", "ryde")
	run := func(args ...string) (string, int) {
		cmd := exec.Command(bin, args...)
		out, _ := cmd.Output()
		return string(out), cmd.ProcessState.ExitCode()
	}
	// Without -rst the RFC example's defects are RFC 9022 §8 findings with
	// their RST codes; with -rst, RST's own rules add more.
	plain, code := run("-q", "-json", "-now", "2026-11-26T00:00:00Z", rfc)
	if code != 1 || !strings.Contains(plain, `"rstCode": "RDE_DOMAIN_HAS_INVALID_REGISTRANT"`) || strings.Contains(plain, "RDE_DOMAIN_HAS_INVALID_ROID") {
		t.Errorf("plain: exit %d\n%s", code, plain)
	}
	withRST, code := run("-q", "-json", "-now", "2026-11-26T00:00:00Z", "-rst", "-tld", "example", "-idn-tables", "pt-BR", rfc)
	for _, c := range []string{"RDE_DOMAIN_HAS_INVALID_ROID", "RDE_INVALID_FILENAME", "RDE_DOMAIN_HAS_INVALID_STATUS"} {
		if code != 1 || !strings.Contains(withRST, `"rstCode": "`+c+`"`) {
			t.Errorf("-rst: exit %d, no %s\n%s", code, c, withRST)
		}
	}
	// -rst-inputs: RST parameter names; a bad data model is a usage error.
	dir := t.TempDir()
	in := filepath.Join(dir, "inputs.json")
	abs, _ := filepath.Abs(rfc)
	os.WriteFile(in, []byte(`{"rde.depositFile": "`+abs+`", "general.registryDataModel": "minimum", "epp.hostModel": "attributes", "tlds": "example", "dns.nameservers": []}`), 0o600)
	out, code := run("-q", "-now", "2026-11-26T00:00:00Z", "-rst-inputs", in)
	if code != 1 || !strings.Contains(out, "[RDE_DOMAIN_HAS_UNEXPECTED_HOST_OBJECTS]") || !strings.Contains(out, "[RDE_UNEXPECTED_OBJECT_URI]") {
		t.Errorf("-rst-inputs: exit %d\n%s", code, out)
	}
	os.WriteFile(in, []byte(`{"general.registryDataModel": "thin"}`), 0o600)
	if _, code := run("-rst-inputs", in, rfc); code != 2 {
		t.Errorf("bad data model: exit %d, want 2", code)
	}
	// -recipients: no key needed.
	out, code = run("-recipients", filepath.Join(ryde, "test_2010-10-17_full_S1_R0.ryde"))
	if code != 0 || !strings.Contains(out, "encrypted to ") {
		t.Errorf("-recipients: exit %d\n%s", code, out)
	}
	if _, code := run("-recipients", rfc); code != 2 {
		t.Errorf("-recipients on XML (not a .ryde): exit %d, want 2", code)
	}
}

// TestRegistrarAndArmouredRST: -registrar on the fixture deposits, and an
// RST run from -rst-inputs with an ASCII-armoured rde.signatureFile.
func TestRegistrarAndArmouredRST(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	bin := filepath.Join(t.TempDir(), "escrowcheck")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	run := func(args ...string) (string, int) {
		cmd := exec.Command(bin, args...)
		out, _ := cmd.CombinedOutput()
		return string(out), cmd.ProcessState.ExitCode()
	}
	reg := filepath.Join("..", "..", "escrow", "registrar", "testdata")
	if out, code := run("-now", "2026-11-23T00:00:00Z", "-registrar", filepath.Join(reg, "hexonet-2007")); code != 0 || !strings.Contains(out, "verified") {
		t.Errorf("-registrar: exit %d\n%s", code, out)
	}
	bad := t.TempDir()
	for _, n := range []string{"8_RDE_2026-11-22_full_0", "8_RDE_2026-11-22_hdl_0"} {
		b, _ := os.ReadFile(filepath.Join(reg, "hexonet-2007", n))
		os.WriteFile(filepath.Join(bad, n), b, 0o600)
	}
	if out, code := run("-now", "2026-11-23T00:00:00Z", "-registrar", bad); code != 1 || !strings.Contains(out, "no hash file") {
		t.Errorf("-registrar without hash file: exit %d\n%s", code, out)
	}

	ryde := filepath.Join("..", "..", "escrow", "testdata", "ryde")
	dir := t.TempDir()
	sig, err := os.ReadFile(filepath.Join(ryde, "test_2010-10-17_full_S1_R0.sig"))
	if err != nil {
		t.Fatal(err)
	}
	var arm strings.Builder
	w, _ := armor.Encode(&arm, "PGP SIGNATURE", nil)
	w.Write(sig)
	w.Close()
	os.WriteFile(filepath.Join(dir, "signature.sig"), []byte(arm.String()), 0o600)
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	in := filepath.Join(dir, "inputs.json")
	os.WriteFile(in, []byte(`{"rde.depositFile": "`+abs(filepath.Join(ryde, "test_2010-10-17_full_S1_R0.ryde"))+`",
		"rde.signatureFile": "signature.sig", "rde.publicKey": "`+abs(filepath.Join(ryde, "registry.pub.asc"))+`",
		"general.registryDataModel": "maximum", "epp.hostModel": "objects", "tlds": ["test"]}`), 0o600)
	out, code := run("-q", "-json", "-key", filepath.Join(ryde, "agent.sec.asc"), "-rst-inputs", in)
	if code != 1 || strings.Contains(out, "REJECTED") || strings.Contains(out, "RDE_INVALID_SIGNATURE") || !strings.Contains(out, `"rstCode": "RDE_`) {
		t.Errorf("armoured rde.signatureFile: exit %d\n%s", code, out)
	}
	// The wrong TLD for the file name is RDE_INVALID_FILENAME.
	out, code = run("-q", "-json", "-key", filepath.Join(ryde, "agent.sec.asc"), "-rst-inputs", in, "-tld", "other")
	if code != 1 || !strings.Contains(out, `"rstCode": "RDE_INVALID_FILENAME"`) {
		t.Errorf("wrong TLD: exit %d\n%s", code, out)
	}
}
