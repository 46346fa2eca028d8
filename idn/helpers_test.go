package idn

import (
	"compress/gzip"
	"io"
	"os"
	"testing"
)

// openGzip opens the gzip-compressed test file name and returns its
// decompressed contents as a stream; the file is closed when the test ends.
func openGzip(t testing.TB, name string) io.Reader {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return zr
}
