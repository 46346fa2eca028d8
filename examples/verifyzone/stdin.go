package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ssrkit/ssr/dnssec"
	"github.com/ssrkit/ssr/examples/internal/cli"
)

// MaxStdinBytes bounds the zone text read from standard input ("-"),
// inflated when it is gzip-compressed: the text is spooled to a temporary
// file as it is read, so that a zone not in canonical order can be read a
// second time. It is the bound of a gzip zone file's inflated text.
const MaxStdinBytes = dnssec.MaxZoneInflatedBytes

// errStdinLimit is standard input past MaxStdinBytes.
var errStdinLimit = fmt.Errorf("%w: more than MaxStdinBytes (%d bytes)", cli.ErrTooLarge, int64(MaxStdinBytes))

// spool reads the zone text from standard input and copies it to an
// unlinked temporary file as it goes. dnssec.VerifyZone streams a zone in
// canonical order in one pass and never seeks; for other input it seeks
// back to the start, and spool then copies the rest of standard input to
// the file and replays the file. Memory stays constant; the file holds at
// most MaxStdinBytes and disappears when closed (or the process ends).
type spool struct {
	src    io.Reader // the inflated text of standard input
	file   *os.File  // the text read so far
	off    int64     // bytes read from src
	replay bool      // reading from file after a seek to the start
}

// openStdin checks the first bytes of r (gzip is inflated; an empty or
// binary input is refused) and returns a spool over it with its file in
// dir ("" is the system's temporary directory).
func openStdin(r io.Reader, dir string) (*spool, error) {
	if r == nil {
		r = os.Stdin
	}
	br := bufio.NewReaderSize(r, 1<<16)
	var src *bufio.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %v (RFC 1952 §2.3)", err)
		}
		src = bufio.NewReaderSize(zr, 1<<16)
	}
	head, err := src.Peek(cli.TextSniffBytes)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, readErr(err)
	}
	if err := sniff(head); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, "verifyzone-stdin-*")
	if err != nil {
		return nil, fmt.Errorf("temporary file for standard input: %v", unwrapPath(err))
	}
	os.Remove(f.Name()) // unlinked at once: nothing is left behind
	return &spool{src: &limited{r: src, n: MaxStdinBytes}, file: f}, nil
}

// readErr names an error reading standard input; a gzip stream that breaks
// off is "truncated".
func readErr(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("gzip: truncated: unexpected EOF (RFC 1952 §2.3)")
	}
	if errors.Is(err, errStdinLimit) {
		return err
	}
	return fmt.Errorf("reading: %v", err)
}

func (s *spool) Read(p []byte) (int, error) {
	if s.replay {
		return s.file.Read(p)
	}
	n, err := s.src.Read(p)
	if n > 0 {
		if _, werr := s.file.Write(p[:n]); werr != nil {
			return 0, &cli.PathError{Path: "-", Err: fmt.Errorf("temporary file for standard input: %v", unwrapPath(werr))}
		}
		s.off += int64(n)
	}
	if err != nil && err != io.EOF {
		err = &cli.PathError{Path: "-", Err: readErr(err)}
	}
	return n, err
}

// Seek supports what dnssec.VerifyZone asks: the current offset, and a
// return to the start.
func (s *spool) Seek(offset int64, whence int) (int64, error) {
	switch {
	case offset == 0 && whence == io.SeekCurrent && !s.replay:
		return s.off, nil
	case offset == 0 && whence == io.SeekCurrent:
		return s.file.Seek(0, io.SeekCurrent)
	case offset == 0 && whence == io.SeekStart:
		if !s.replay {
			if _, err := io.Copy(s.file, s.src); err != nil {
				return 0, &cli.PathError{Path: "-", Err: readErr(err)}
			}
			s.replay = true
		}
		return s.file.Seek(0, io.SeekStart)
	}
	return 0, errors.New("standard input seeks only to its start")
}

func (s *spool) close() { s.file.Close() }

// limited is io.LimitReader that fails with errStdinLimit past n bytes
// instead of ending quietly.
type limited struct {
	r io.Reader
	n int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var one [1]byte
		if k, _ := io.ReadFull(l.r, one[:]); k == 0 {
			return 0, io.EOF
		}
		return 0, errStdinLimit
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}
