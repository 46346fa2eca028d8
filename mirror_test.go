package ssr_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestPeerHelperCopies: the peer-tool helper is one file mirrored into each
// package's internal/peer (the packages stay independent, so they cannot
// share it); the copies must stay identical (README "Conventions"), so the
// helper's own test, in dnssec/internal/peer, covers them all.
func TestPeerHelperCopies(t *testing.T) {
	dirs := []string{"dnssec", "trustanchor", "idn", "escrow", "rsep", "examples"}
	for _, file := range []string{"peer.go"} {
		want, err := os.ReadFile(filepath.Join(dirs[0], "internal", "peer", file))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dirs[1:] {
			got, err := os.ReadFile(filepath.Join(d, "internal", "peer", file))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s/internal/peer/%s differs from %s/internal/peer/%s; copy the changed one over the others", d, file, dirs[0], file)
			}
		}
	}
}
