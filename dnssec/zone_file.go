package dnssec

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
)

// ZoneFile is a zone file opened for reading: plain text, or gzip
// (RFC 1952) inflated as it is read, never into memory, and never past
// MaxZoneInflatedBytes. It can seek back to its start (a gzip stream is
// opened again), which is what [VerifyZone] needs to read input that is not
// in canonical order a second time.
type ZoneFile struct {
	f    *os.File
	gz   *gzip.Reader // nil for plain text
	br   *bufio.Reader
	name string
	off  int64 // bytes read (inflated)
	max  int64
}

// OpenZoneFile opens the zone file name, recognising gzip by its magic
// number (RFC 1952 §2.3.1). maxInflated bounds the inflated size of gzip
// input (0: MaxZoneInflatedBytes); reading past it fails with an *Error
// wrapping ErrLimitExceeded.
func OpenZoneFile(name string, maxInflated int64) (*ZoneFile, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if maxInflated <= 0 {
		maxInflated = MaxZoneInflatedBytes
	}
	z := &ZoneFile{f: f, name: name, max: maxInflated}
	if err := z.start(); err != nil {
		f.Close()
		return nil, err
	}
	return z, nil
}

// start (re)starts reading at the beginning of the file.
func (z *ZoneFile) start() error {
	z.off = 0
	if z.br == nil {
		z.br = bufio.NewReaderSize(z.f, 1<<16)
	} else {
		z.br.Reset(z.f)
	}
	magic, _ := z.br.Peek(2)
	if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		z.gz = nil
		return nil
	}
	var err error
	if z.gz == nil {
		z.gz, err = gzip.NewReader(z.br)
	} else {
		err = z.gz.Reset(z.br)
	}
	if err != nil {
		return &Error{Kind: ErrMalformed, Clause: "RFC 1952 §2.3", Err: fmt.Errorf("%s: %w", z.name, err)}
	}
	return nil
}

// Read reads inflated text.
func (z *ZoneFile) Read(p []byte) (int, error) {
	if z.gz == nil {
		n, err := z.br.Read(p)
		z.off += int64(n)
		return n, err
	}
	if z.off >= z.max {
		// One byte more tells a stream of exactly max bytes from a longer one.
		var one [1]byte
		if n, _ := io.ReadFull(z.gz, one[:]); n == 0 {
			return 0, io.EOF
		}
		return 0, &Error{Kind: ErrLimitExceeded, Clause: "limits.go MaxZoneInflatedBytes",
			Err: fmt.Errorf("%s: inflates to more than %d bytes", z.name, z.max)}
	}
	if rem := z.max - z.off; int64(len(p)) > rem {
		p = p[:rem]
	}
	n, err := z.gz.Read(p)
	z.off += int64(n)
	if err != nil && err != io.EOF {
		err = &Error{Kind: ErrMalformed, Clause: "RFC 1952 §2.3", Err: fmt.Errorf("%s: %w", z.name, err)}
	}
	return n, err
}

// Seek supports only what VerifyZone asks: the current offset
// (0, io.SeekCurrent) and back to the start (0, io.SeekStart).
func (z *ZoneFile) Seek(offset int64, whence int) (int64, error) {
	switch {
	case offset == 0 && whence == io.SeekCurrent:
		return z.off, nil
	case offset == 0 && whence == io.SeekStart:
		if _, err := z.f.Seek(0, io.SeekStart); err != nil {
			return 0, err
		}
		return 0, z.start()
	}
	return 0, errors.New("dnssec: ZoneFile seeks only to its start")
}

// Close closes the file.
func (z *ZoneFile) Close() error { return z.f.Close() }
