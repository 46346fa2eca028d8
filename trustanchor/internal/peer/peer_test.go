package peer

import (
	"os"
	"path/filepath"
	"testing"
)

func TestNeedFinds(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	if got := Need(t, self); got != self {
		t.Errorf("Need(%q) = %q", self, got)
	}
	dir := t.TempDir()
	tool := filepath.Join(dir, "ssr-peer-test-tool")
	if err := os.WriteFile(tool, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	if got := Need(t, "ssr-peer-test-tool"); got != tool {
		t.Errorf("Need on PATH = %q, want %q", got, tool)
	}
}

func TestNeedSkipsOrFails(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	for _, env := range []string{"", "1"} {
		t.Setenv("SSR_PEERS", env)
		ft := &fakeT{TB: t}
		func() {
			defer func() { // fakeT stops the "test" with a panic
				if r := recover(); r != nil {
					if _, ok := r.(stop); !ok {
						panic(r)
					}
				}
			}()
			Need(ft, "ssr-no-such-peer-tool")
		}()
		if wantFail := env == "1"; ft.failed != wantFail || ft.skipped == wantFail {
			t.Errorf("SSR_PEERS=%q: failed %v skipped %v", env, ft.failed, ft.skipped)
		}
	}
}

// fakeT records Fatalf and Skipf instead of ending the real test.
type fakeT struct {
	testing.TB
	failed, skipped bool
}

type stop struct{}

func (f *fakeT) Helper()               {}
func (f *fakeT) Fatalf(string, ...any) { f.failed = true; panic(stop{}) }
func (f *fakeT) Skipf(string, ...any)  { f.skipped = true; panic(stop{}) }
