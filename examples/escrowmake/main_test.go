package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRefusesFailingDeposit: a deposit that fails verification is not
// packed (exit 1, no .ryde) unless -force; a clean one is packed (exit 0).
func TestRefusesFailingDeposit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	bin := filepath.Join(t.TempDir(), "escrowmake")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	td := filepath.Join("..", "..", "escrow", "testdata")
	key := filepath.Join(td, "ryde", "agent.sec.asc")
	// The RFC 9022 §14 example references a contact and hosts it lacks.
	bad := filepath.Join(td, "rfc9022", "rfc9022-s14-full-xml.xml")
	good := filepath.Join("..", "tldcheck", "sample", "deposit.xml")
	for _, tc := range []struct {
		name    string
		dep     string
		force   bool
		want    int
		written bool
	}{
		{"failing deposit refused", bad, false, 1, false},
		{"failing deposit with -force", bad, true, 0, true},
		{"clean deposit", good, false, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			args := []string{"-recipient", key, "-signer", key, "-out", out}
			if tc.force {
				args = append(args, "-force")
			}
			cmd := exec.Command(bin, append(args, tc.dep)...)
			msg, _ := cmd.CombinedOutput()
			if got := cmd.ProcessState.ExitCode(); got != tc.want {
				t.Fatalf("exit %d, want %d\n%s", got, tc.want, msg)
			}
			ents, _ := os.ReadDir(out)
			n := 0
			for _, e := range ents {
				if strings.HasSuffix(e.Name(), ".ryde") {
					n++
				}
			}
			if (n > 0) != tc.written {
				t.Errorf("%d .ryde files written, want written=%v\n%s", n, tc.written, msg)
			}
		})
	}
}
