package cli

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	sparse := filepath.Join(dir, "sparse")
	f, err := os.Create(sparse)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(4 << 30); err != nil {
		t.Skip("no sparse files here:", err)
	}
	f.Close()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(bytes.Repeat([]byte("x"), 2000))
	zw.Close()
	gzPath := filepath.Join(dir, "z.gz")
	os.WriteFile(gzPath, gz.Bytes(), 0o644)
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, nil, 0o644)

	tests := []struct {
		path string
		o    ReadOptions
		want error
	}{
		{sparse, ReadOptions{}, ErrTooLarge},
		{"/dev/zero", ReadOptions{Max: 1 << 20}, ErrTooLarge},
		{dir, ReadOptions{}, ErrDirectory},
		{empty, ReadOptions{}, ErrEmpty},
		{gzPath, ReadOptions{Gunzip: true, Max: 1000}, ErrTooLarge},
		{filepath.Join(dir, "missing"), ReadOptions{}, os.ErrNotExist},
		{"/dev/zero", ReadOptions{Text: true}, ErrBinary},
		{sparse, ReadOptions{Text: true, Max: 8 << 30}, ErrBinary},
	}
	for _, tt := range tests {
		_, err := ReadFile(tt.path, tt.o)
		if !errors.Is(err, tt.want) || !strings.HasPrefix(err.Error(), tt.path+": ") {
			t.Errorf("ReadFile(%s) = %v, want %v", tt.path, err, tt.want)
		}
	}
	got, err := ReadFile(gzPath, ReadOptions{Gunzip: true})
	if err != nil || len(got) != 2000 {
		t.Errorf("gzip: %d bytes, %v", len(got), err)
	}
	text := filepath.Join(dir, "text")
	os.WriteFile(text, []byte("abc\n"), 0o644)
	got, err = ReadFile(text, ReadOptions{Text: true, Max: 4})
	if err != nil || string(got) != "abc\n" {
		t.Errorf("text at the limit: %q %v", got, err)
	}
	if _, err = ReadFile(text, ReadOptions{Max: 3}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("text over the limit: %v", err)
	}
	big := strings.Repeat("0123456789abcdef", 9<<16) + "tail" // 9 MiB + 4: three blocks
	got, err = ReadFile("-", ReadOptions{Stdin: strings.NewReader(big), Max: int64(len(big))})
	if err != nil || string(got) != big {
		t.Errorf("stream of %d bytes: %d bytes, %v", len(big), len(got), err)
	}
	if _, err = ReadFile("-", ReadOptions{Stdin: strings.NewReader(big), Max: int64(len(big)) - 1}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("stream one byte over: %v", err)
	}
	got, err = ReadFile("-", ReadOptions{Stdin: strings.NewReader("abc")})
	if err != nil || string(got) != "abc" {
		t.Errorf("stdin: %q %v", got, err)
	}
}

func TestOpenStream(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("<a/>\n"))
	zw.Close()
	var gzEmpty bytes.Buffer
	gzip.NewWriter(&gzEmpty).Close()
	text := ReadOptions{Text: true, Gunzip: true}
	for _, tc := range []struct {
		name, path string
		o          ReadOptions
		stdin      string
		want       error  // nil: opened
		read       string // what is read when opened
	}{
		{"directory", dir, text, "", ErrDirectory, ""},
		{"empty", write("empty", nil), text, "", ErrEmpty, ""},
		{"empty allowed", filepath.Join(dir, "empty"), ReadOptions{AllowEmpty: true}, "", nil, ""},
		{"binary", write("bin", []byte("ab\x00c")), text, "", ErrBinary, ""},
		{"binary not checked", filepath.Join(dir, "bin"), ReadOptions{}, "", nil, "ab\x00c"},
		{"gzip", write("z.gz", gz.Bytes()), text, "", nil, "<a/>\n"},
		{"gzip of nothing", write("e.gz", gzEmpty.Bytes()), text, "", ErrEmpty, ""},
		{"missing", filepath.Join(dir, "missing"), text, "", os.ErrNotExist, ""},
		{"stdin", "-", text, "<b/>", nil, "<b/>"},
		{"stdin empty", "-", text, "", ErrEmpty, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.o.Stdin = strings.NewReader(tc.stdin)
			r, c, err := OpenStream(tc.path, tc.o)
			if tc.want != nil {
				var pe *PathError
				if !errors.Is(err, tc.want) || !errors.As(err, &pe) || pe.Path != tc.path {
					t.Fatalf("OpenStream(%s) = %v, want %v naming the path", tc.path, err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			b, err := io.ReadAll(r)
			if err != nil || string(b) != tc.read {
				t.Errorf("read %q, %v; want %q", b, err, tc.read)
			}
		})
	}
}
