package peer

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB whose Skipf and Fatalf record the message and
// end the goroutine, as the real ones do, without ending the test.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper() {}
func (r *recorder) Skipf(f string, a ...any) {
	r.skipped = fmt.Sprintf(f, a...)
	runtime.Goexit()
}
func (r *recorder) Fatalf(f string, a ...any) {
	r.failed = fmt.Sprintf(f, a...)
	runtime.Goexit()
}

// need runs Need in its own goroutine, so that Goexit ends only that one.
func need(r *recorder, tool string) (path string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		path = Need(r, tool)
	}()
	<-done
	return path
}

func TestUnavailable(t *testing.T) {
	for _, tc := range []struct{ env, want string }{{"", "skip"}, {"1", "fail"}} {
		t.Setenv("SSR_PEERS", tc.env)
		r := &recorder{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			Unavailable(r, "cannot bind 127.0.0.1:53")
		}()
		<-done
		got := map[bool]string{true: "skip", false: "fail"}[r.skipped != ""]
		if got != tc.want || !strings.Contains(r.skipped+r.failed, "cannot bind") {
			t.Errorf("SSR_PEERS=%q: skipped %q failed %q, want %s", tc.env, r.skipped, r.failed, tc.want)
		}
	}
}

func TestNeedFound(t *testing.T) {
	if p := Need(t, "sh"); p == "" {
		t.Fatal("sh not found")
	}
}

func TestNeedFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "root.key")
	if err := os.WriteFile(f, []byte("."), 0o644); err != nil {
		t.Fatal(err)
	}
	if p := Need(t, f); p != f {
		t.Fatalf("Need(%s) = %q", f, p)
	}
	t.Setenv("SSR_PEERS", "")
	r := &recorder{TB: t}
	if p := need(r, f+".absent"); p != "" || !strings.Contains(r.skipped, "root.key.absent") {
		t.Fatalf("absent file: path %q, skipped %q", p, r.skipped)
	}
}

func TestNeedMissing(t *testing.T) {
	const tool = "ssr-no-such-peer-tool"
	for _, tc := range []struct{ env, want string }{{"", "skip"}, {"0", "skip"}, {"1", "fail"}} {
		t.Run("SSR_PEERS="+tc.env, func(t *testing.T) {
			t.Setenv("SSR_PEERS", tc.env)
			r := &recorder{TB: t}
			if p := need(r, tool); p != "" {
				t.Fatalf("found %q", p)
			}
			got, msg := "skip", r.skipped
			if r.failed != "" {
				got, msg = "fail", r.failed
			}
			if got != tc.want || (r.skipped != "" && r.failed != "") {
				t.Fatalf("skipped %q failed %q, want %s", r.skipped, r.failed, tc.want)
			}
			if !strings.Contains(msg, tool) {
				t.Errorf("message %q does not name the tool", msg)
			}
		})
	}
}
