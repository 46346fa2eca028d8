package escrow

import (
	"errors"
	"io"
	"sync"
)

// readAhead runs the RyDE decryption, inflation and untar in a goroutine,
// a few buffers ahead of the caller, so that on a multi-core machine the
// deposit parser and the RyDE layers overlap. Data and the final error
// arrive in order; Close stops the goroutine.
type readAhead struct {
	full chan []byte
	free chan []byte
	done chan struct{}
	stop sync.Once
	cur  []byte
	buf  []byte // buffer being returned to free
	err  error  // final error, valid after full is closed
}

const (
	readAheadBuffers = 4
	readAheadSize    = 256 << 10
)

func newReadAhead(src io.Reader) *readAhead {
	ra := &readAhead{
		full: make(chan []byte, readAheadBuffers),
		free: make(chan []byte, readAheadBuffers),
		done: make(chan struct{}),
	}
	for range readAheadBuffers {
		ra.free <- make([]byte, readAheadSize)
	}
	go ra.fill(src)
	return ra
}

func (ra *readAhead) fill(src io.Reader) {
	defer close(ra.full)
	for {
		var buf []byte
		select {
		case buf = <-ra.free:
		case <-ra.done:
			ra.err = errReadAheadClosed
			return
		}
		n := 0
		var err error
		for n < len(buf) && err == nil {
			var m int
			m, err = src.Read(buf[n:])
			n += m
		}
		if n > 0 {
			select {
			case ra.full <- buf[:n]:
			case <-ra.done:
				ra.err = errReadAheadClosed
				return
			}
		}
		if err != nil {
			ra.err = err
			return
		}
	}
}

var errReadAheadClosed = errors.New("escrow: read from closed RyDE reader")

func (ra *readAhead) Read(p []byte) (int, error) {
	if len(ra.cur) == 0 {
		if ra.buf != nil {
			ra.free <- ra.buf[:cap(ra.buf)]
			ra.buf = nil
		}
		b, ok := <-ra.full
		if !ok {
			return 0, ra.err
		}
		ra.cur, ra.buf = b, b
	}
	n := copy(p, ra.cur)
	ra.cur = ra.cur[n:]
	return n, nil
}

// Close stops the read-ahead goroutine and waits for it to finish.
func (ra *readAhead) Close() error {
	ra.stop.Do(func() { close(ra.done) })
	for range ra.full { // drain so the goroutine can see done and exit
	}
	return nil
}
