// Package clitest holds the black-box tests every program under examples/
// shares: bad inputs (exit 2, one short line naming the path, bounded
// memory and time), -h, and golden files.
package clitest

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ssrkit/ssr/examples/internal/cli"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Build compiles the program in the current directory into a temporary
// directory and returns its path; call it once per test run (one test with
// subtests) and pass the path on.
func Build(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the program; skipped with -short")
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), filepath.Base(wd))
	out, err := exec.Command("go", "build", "-o", p, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return p
}

// BadInput is one unreadable or malformed input.
type BadInput struct {
	Name string
	Path string
}

// BadInputs creates the bad inputs every program must refuse with exit 2:
// a missing path, a directory, an empty file, random bytes, a truncated
// gzip file, a 10 MB line, wrongFormat (a well-formed file of another
// kind, copied in) and /dev/zero.
func BadInputs(t *testing.T, wrongFormat string) []BadInput {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	random := make([]byte, 4096)
	rand.Read(random)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(bytes.Repeat([]byte(". 3600 IN NS a.root-servers.net.\n"), 2000))
	zw.Close()
	wrong, err := os.ReadFile(wrongFormat)
	if err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "adir"), 0o755)
	var sparse []BadInput
	if f, err := os.Create(filepath.Join(dir, "sparse")); err == nil {
		if f.Truncate(4<<30) == nil {
			sparse = append(sparse, BadInput{"4GB-sparse", f.Name()})
		}
		f.Close()
	}
	return append(sparse, []BadInput{
		{"missing", filepath.Join(dir, "missing")},
		{"directory", filepath.Join(dir, "adir")},
		{"empty", write("empty", nil)},
		{"random", write("random", random)},
		{"truncated-gzip", write("truncated.gz", gz.Bytes()[:gz.Len()/2])},
		{"10MB-line", write("longline", append(bytes.Repeat([]byte("a"), 10<<20), '\n'))},
		{"wrong-format", write("wrong", wrong)},
		{"dev-zero", "/dev/zero"},
	}...)
}

// Result is one run of a program.
type Result struct {
	Code           int
	Stdout, Stderr string
	Elapsed        time.Duration
}

// Run runs bin with args under a 3 GB address-space limit and a 10 s
// timeout, with stdin as standard input.
func Run(t *testing.T, bin string, stdin string, args ...string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", append([]string{"-c", `ulimit -v 3000000; exec "$0" "$@"`, bin}, args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := Result{Code: cmd.ProcessState.ExitCode(), Stdout: out.String(), Stderr: errb.String(), Elapsed: time.Since(start)}
	if ctx.Err() != nil {
		t.Errorf("%s %q: killed after 10 s", filepath.Base(bin), args)
	} else if err != nil && r.Code < 0 {
		t.Errorf("%s %q: %v", filepath.Base(bin), args, err)
	}
	return r
}

// CheckBadInputs runs bin once per bad input per argument builder (each
// places the path where the program reads a file) and checks exit 2, one
// line of at most cli.MaxMessageBytes naming the path, and no panic.
func CheckBadInputs(t *testing.T, bin string, wrongFormat string, builders map[string]func(path string) []string) {
	t.Helper()
	for _, in := range BadInputs(t, wrongFormat) {
		for bname, build := range builders {
			t.Run(bname+"/"+in.Name, func(t *testing.T) {
				args := build(in.Path)
				r := Run(t, bin, "", args...)
				CheckOneLine(t, r, in.Path, args)
			})
		}
	}
}

// CheckOneLine checks a run refused its input: exit 2 and one error line of
// at most cli.MaxMessageBytes naming path, nothing else on stderr.
func CheckOneLine(t *testing.T, r Result, path string, args []string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(r.Stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	switch {
	case r.Code != cli.ExitUsage:
		t.Errorf("%q: exit %d, want 2; stderr %.500q", args, r.Code, r.Stderr)
	case strings.Contains(r.Stderr, "panic") || strings.Contains(r.Stderr, "goroutine "):
		t.Errorf("%q: panic: %.2000s", args, r.Stderr)
	case len(lines) != 1 || r.Stderr == "" || !strings.HasSuffix(r.Stderr, "\n"):
		t.Errorf("%q: want one error line, got %d: %.1000q", args, len(lines), r.Stderr)
	case len(last) > cli.MaxMessageBytes:
		t.Errorf("%q: error line of %d bytes: %.400q", args, len(last), last)
	case !strings.Contains(last, path):
		t.Errorf("%q: error does not name %s: %q", args, path, last)
	case strings.HasPrefix(last, " ") || strings.Contains(last, "{optional:"):
		t.Errorf("%q: untidy error: %q", args, last)
	}
}

var flagLine = regexp.MustCompile(`(?m)^  -([A-Za-z0-9-]+)`)

// CheckHelp checks that -h exits 0 and that the help lists every flag and
// an example using it.
func CheckHelp(t *testing.T, bin string) {
	t.Helper()
	for _, h := range []string{"-h", "-help", "--help"} {
		r := Run(t, bin, "", h)
		if r.Code != 0 {
			t.Fatalf("%s: exit %d; stderr %q", h, r.Code, r.Stderr)
		}
		_, ex, ok := strings.Cut(r.Stdout, "\nexamples:\n")
		if !ok {
			t.Fatalf("%s: no examples:\n%s", h, r.Stdout)
		}
		flags := flagLine.FindAllStringSubmatch(r.Stdout, -1)
		if len(flags) == 0 {
			t.Fatalf("%s: no flags listed:\n%s", h, r.Stdout)
		}
		for _, m := range flags {
			if !regexp.MustCompile(`(^|\s)-` + regexp.QuoteMeta(m[1]) + `(\s|=|$)`).MatchString(ex) {
				t.Errorf("%s: no example uses -%s", h, m[1])
			}
		}
	}
}

// Golden compares got with the file testdata/golden/NAME, rewriting it
// with -update.
func Golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", "golden", name)
	if *update {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", p, got, want)
	}
	CheckJSONStyle(t, got)
}

var (
	memberName = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	camelCase  = regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)
)

// CheckJSONStyle checks one JSON value or JSON lines against the package
// cli style: camelCase member names (keys with other characters, such as
// "meta changed", are data) and no null.
func CheckJSONStyle(t *testing.T, data []byte) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		var v any
		if err := dec.Decode(&v); err == io.EOF {
			return
		} else if err != nil {
			t.Errorf("not JSON: %v", err)
			return
		}
		var walk func(string, any)
		walk = func(path string, v any) {
			switch x := v.(type) {
			case nil:
				t.Errorf("%s is null", path)
			case []any:
				for i, e := range x {
					walk(fmt.Sprintf("%s[%d]", path, i), e)
				}
			case map[string]any:
				for k, e := range x {
					if memberName.MatchString(k) && !camelCase.MatchString(k) {
						t.Errorf("%s.%s: member name not camelCase", path, k)
					}
					walk(path+"."+k, e)
				}
			}
		}
		walk("$", v)
	}
}
