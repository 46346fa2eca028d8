package cli

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

// Input errors, for errors.Is.
var (
	ErrTooLarge  = errors.New("input too large")
	ErrEmpty     = errors.New("empty input")
	ErrDirectory = errors.New("is a directory")
	ErrBinary    = errors.New("binary data, not a text file")
)

// PathError is an input error; its message names the path as given.
type PathError struct {
	Path string
	Err  error
}

func (e *PathError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *PathError) Unwrap() error { return e.Err }

// ReadOptions tunes ReadFile; the zero value reads at most MaxInputBytes,
// refuses empty input and does not decompress.
type ReadOptions struct {
	Max        int64     // size limit in bytes (after decompression); 0 means MaxInputBytes
	MaxName    string    // the limit's name in messages, e.g. "rsep.MaxZoneSize"; "" names MaxInputBytes or the number alone
	Gunzip     bool      // decompress input that starts with the gzip magic number
	AllowEmpty bool      // accept an empty input
	Text       bool      // refuse input with a NUL byte in its first TextSniffBytes (after decompression)
	Stdin      io.Reader // what "-" reads; nil means os.Stdin
}

// ReadFile reads the whole input named path ("-" is standard input) within
// the size limit. Every error is a *PathError naming path.
func ReadFile(path string, o ReadOptions) ([]byte, error) {
	max := o.Max
	if max <= 0 {
		max = MaxInputBytes
	}
	var r io.Reader
	var size int64 = -1 // a regular file's size, to read it in one allocation
	if path == "-" {
		r = o.Stdin
		if r == nil {
			r = os.Stdin
		}
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, &PathError{path, unwrapPath(err)}
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return nil, &PathError{path, unwrapPath(err)}
		}
		if st.IsDir() {
			return nil, &PathError{path, ErrDirectory}
		}
		if st.Mode().IsRegular() && st.Size() > max {
			return nil, &PathError{path, fmt.Errorf("%w: %d bytes, more than %s", ErrTooLarge, st.Size(), o.limitName(max))}
		}
		if st.Mode().IsRegular() {
			size = st.Size()
		}
		r = f
	}
	br := bufio.NewReader(r)
	r = br
	if o.Gunzip {
		if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
			zr, err := gzip.NewReader(br)
			if err != nil {
				return nil, &PathError{path, fmt.Errorf("gzip: %v", err)}
			}
			r, size = bufio.NewReader(zr), -1
		}
	}
	if o.Text {
		head, _ := r.(*bufio.Reader).Peek(TextSniffBytes)
		if i := bytes.IndexByte(head, 0); i >= 0 {
			return nil, &PathError{path, fmt.Errorf("%w (NUL byte at offset %d)", ErrBinary, i)}
		}
	}
	data, err := readAll(io.LimitReader(r, max+1), size, max)
	if errors.Is(err, errOverLimit) {
		return nil, &PathError{path, fmt.Errorf("%w: more than %s", ErrTooLarge, o.limitName(max))}
	}
	if err != nil {
		what := "reading"
		if size < 0 && o.Gunzip && errors.Is(err, io.ErrUnexpectedEOF) {
			what = "gzip: truncated"
		}
		return nil, &PathError{path, fmt.Errorf("%s: %v", what, unwrapPath(err))}
	}
	if int64(len(data)) > max {
		return nil, &PathError{path, fmt.Errorf("%w: more than %s", ErrTooLarge, o.limitName(max))}
	}
	if len(data) == 0 && !o.AllowEmpty {
		return nil, &PathError{path, ErrEmpty}
	}
	return data, nil
}

// unwrapPath drops the *os.PathError wrapper, whose message repeats the
// path and the system call.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readAll is io.ReadAll of a reader bounded at max+1 bytes that allocates once when the size is known (a
// regular file that is not decompressed), so a large file needs its size
// in memory rather than the doubling growth of io.ReadAll.
func readAll(r io.Reader, size, max int64) ([]byte, error) {
	if size < 0 {
		return readStream(r, max)
	}
	b := make([]byte, 0, size+1) // +1: see EOF (or growth past the limit) at once
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // the file grew while read
		}
	}
}

// errOverLimit reports a stream longer than the limit.
var errOverLimit = errors.New("over the limit")

// bigStream is the stream size past which readStream returns its blocks
// to the operating system at once.
const bigStream = 64 << 20

// streamChunk is the block size readStream reads a stream of unknown size
// in.
const streamChunk = 4 << 20

// readStream reads a stream of unknown size (standard input, a pipe, a
// decompressor) in fixed blocks and joins them once at the end: memory
// stays near the input's size (twice it while joining) instead of the
// repeated doubling copies of io.ReadAll, which ran out of memory under a
// 3 GB address-space limit on a 512 MiB stream. r is bounded by the caller
// (io.LimitReader), so the blocks are too.
func readStream(r io.Reader, max int64) ([]byte, error) {
	var blocks [][]byte
	total := 0
	for {
		b := make([]byte, streamChunk)
		n, err := io.ReadFull(r, b)
		if n > 0 {
			blocks = append(blocks, b[:n])
			total += n
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(total) > max {
		return nil, errOverLimit // before joining: a refused stream costs its size once
	}
	if len(blocks) == 1 {
		return blocks[0], nil
	}
	out := make([]byte, 0, total)
	for i, b := range blocks {
		out = append(out, b...)
		blocks[i] = nil
	}
	if total > bigStream {
		// Give the blocks back now: the parser that follows would
		// otherwise grow the heap on top of them (a 500 MB zone on
		// standard input ran out of memory under ulimit -v 3000000).
		blocks = nil
		debug.FreeOSMemory()
	}
	return out, nil
}

// limitName names the size limit for a message: "rsep.MaxZoneSize (536870912
// bytes)", or the number of bytes alone.
func (o ReadOptions) limitName(max int64) string {
	name := o.MaxName
	if name == "" && o.Max <= 0 {
		name = "cli.MaxInputBytes"
	}
	if name == "" {
		return fmt.Sprintf("%d bytes", max)
	}
	return fmt.Sprintf("%s (%d bytes)", name, max)
}

// OpenStream opens the input named path ("-" is standard input) to be
// streamed rather than read whole (a deposit of many gigabytes): it
// refuses a directory and empty input (unless o.AllowEmpty), decompresses
// gzip with o.Gunzip and, with o.Text, refuses a NUL byte in the first
// TextSniffBytes. o.Max is not applied: the reader's consumer bounds what
// it reads. Every error is a *PathError naming path; close the returned
// Closer when done.
func OpenStream(path string, o ReadOptions) (io.Reader, io.Closer, error) {
	var r io.Reader
	var c io.Closer = io.NopCloser(nil)
	if path == "-" {
		r = o.Stdin
		if r == nil {
			r = os.Stdin
		}
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, &PathError{path, unwrapPath(err)}
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, nil, &PathError{path, unwrapPath(err)}
		}
		if st.IsDir() {
			f.Close()
			return nil, nil, &PathError{path, ErrDirectory}
		}
		r, c = f, f
	}
	br := bufio.NewReaderSize(r, 1<<20)
	magic, err := br.Peek(2)
	if len(magic) == 0 && !o.AllowEmpty {
		c.Close()
		if err != nil && err != io.EOF {
			return nil, nil, &PathError{path, fmt.Errorf("reading: %v", unwrapPath(err))}
		}
		return nil, nil, &PathError{path, ErrEmpty}
	}
	out := br
	if o.Gunzip && bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			c.Close()
			return nil, nil, &PathError{path, fmt.Errorf("gzip: %v", err)}
		}
		out = bufio.NewReaderSize(zr, 1<<20)
		if head, err := out.Peek(1); len(head) == 0 && !o.AllowEmpty {
			c.Close()
			if err != nil && err != io.EOF {
				return nil, nil, &PathError{path, fmt.Errorf("gzip: truncated: %v", err)}
			}
			return nil, nil, &PathError{path, ErrEmpty}
		}
	}
	if o.Text {
		head, err := out.Peek(TextSniffBytes)
		if i := bytes.IndexByte(head, 0); i >= 0 {
			c.Close()
			return nil, nil, &PathError{path, fmt.Errorf("%w (NUL byte at offset %d)", ErrBinary, i)}
		}
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			c.Close()
			what := "reading"
			if errors.Is(err, io.ErrUnexpectedEOF) {
				what = "gzip: truncated"
			}
			return nil, nil, &PathError{path, fmt.Errorf("%s: %v", what, unwrapPath(err))}
		}
	}
	return out, c, nil
}
