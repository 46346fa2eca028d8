package main

import (
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
