package dnssec

import (
	"bufio"
	"bytes"
	"io"
	"sync"

	"github.com/miekg/dns"
)

// Parallel reading of a zone file (issue 16). A splitter cuts the input
// into chunks at line starts that begin with an owner name; workers read
// the chunks with the fast reader (zone_fastread.go) at the same time; the
// records come back in input order. The result is the sequential
// zoneSource's exactly: records, line numbers, limits and errors.
//
//   - A chunk after the first starts without the parser state that the
//     record before it leaves (owner and TTL, RFC 1035 §5.1): its reader
//     declines any entry that depends on it until it has read a record.
//   - Each chunk passes through a zoneGuard of its own (zone_guard.go): at a
//     boundary between entries the fast reader accepted, the file's guard
//     is in its initial state too, so a limit it would reach makes the
//     chunk's reader decline there.
//   - A chunk declined at an entry is read again from that entry with the
//     real state; if the fast reader declines again (or the chunk ends in
//     the middle of an entry), the rest of the input, from that entry on,
//     goes to a sequential zoneSource that starts in the state the
//     sequential reader would be in there, with the file's own guard: it
//     hands over to dns.ZoneParser as the sequential reader does.
//
// One thing depends on buffering, here as in the sequential reader: a limit
// that the guard reaches in input read ahead of the parser is reported
// instead of a syntax error the parser finds first (zoneSource.err); the
// fallback reads ahead in full reads like a file, as the sequential reader
// does, but from the declined entry on, so with input of more than 64 KiB
// the two can differ in which of the two errors they report.
//
// Memory stays bounded: at most zoneChunksInFlight chunks more than there
// are workers are read ahead.

// zoneChunkSize is the size of a chunk (tests make it small to exercise
// the boundaries). A chunk is cut at the last owner line start in it; an
// entry longer than four chunks sends the rest of the input to the
// sequential reader.
var zoneChunkSize = 1 << 18

// zoneChunk is a piece of the input that ends after a newline (or at the
// end of input), and the line count before it.
type zoneChunk struct {
	data  []byte
	line  int  // lines before the chunk
	first bool // the chunk starts the input: the reader's state is known
	last  bool // the input ends with this chunk
	// tail: the splitter stopped before data (it found no boundary, was
	// told to stop, or the input failed with err after data); the rest
	// of the input is data, then err or whatever r still holds.
	tail bool
	err  error
	res  chan zoneChunkResult
}

// zoneChunkResult is what a worker read in a chunk.
type zoneChunkResult struct {
	recs     []zrec // lines are the file's
	declined bool   // the reader declined an entry (or the chunk ended inside one)
	off      int    // byte offset in the chunk of the declined entry
	line     int    // lines before the declined entry
	owner    string // the state after the last record, when recs is not empty
	ttl      uint32
}

// zoneParSource yields a zone's records like zoneSource, reading chunks in
// parallel while the input stays on the fast path.
type zoneParSource struct {
	r      io.Reader
	origin string
	opts   *ZoneConfig
	queue  chan *zoneChunk // chunks in input order
	jobs   chan *zoneChunk
	quit   chan struct{} // closed to stop the splitter
	outer  <-chan struct{}
	wg     sync.WaitGroup // the splitter
	closed bool
	size   int // chunk size

	cur   []zrec
	pos   int
	done  bool
	owner string // the state after the last record handed on
	ttl   uint32
	seq   *zoneSource // the sequential rest, after a fallback
	small bool        // seq reads all of a small input
}

// zoneChunksInFlight is how many chunks, besides one per worker, may be
// read ahead of the one whose records are handed on.
const zoneChunksInFlight = 2

func newZoneParSource(r io.Reader, origin string, opts *ZoneConfig, workers, size int, stop <-chan struct{}) *zoneParSource {
	n := max(workers, 1)
	// Input that ends within the first 64 KiB is read sequentially: the
	// same bytes, without the goroutines.
	first := make([]byte, min(max(size, 1), 1<<16))
	k, ferr := zoneFill(r, first)
	if ferr == io.EOF {
		s := &zoneParSource{queue: make(chan *zoneChunk), closed: true, done: true, small: true}
		close(s.queue)
		s.seq = newZoneSource(bytes.NewReader(first[:k]), origin, opts, true)
		return s
	}
	s := &zoneParSource{r: r, origin: origin, opts: opts, outer: stop, size: max(size, 1),
		queue: make(chan *zoneChunk, zoneChunksInFlight+n), jobs: make(chan *zoneChunk, zoneChunksInFlight+n),
		quit: make(chan struct{})}
	for range n {
		go func() {
			for c := range s.jobs {
				c.res <- readZoneChunk(c.data, 0, c.line, !c.first, "", 0, origin, opts)
			}
		}()
	}
	s.wg.Add(1)
	go s.split(first[:k], ferr)
	return s
}

// close stops the splitter and waits for it: r is not read after close.
func (s *zoneParSource) close() {
	if !s.closed {
		s.closed = true
		close(s.quit)
	}
	for range s.queue {
		// The splitter may be sending: it closes the queue when it stops.
	}
	s.wg.Wait()
}

// zoneOwnerStart reports whether a line that starts with c starts with an
// owner name: a chunk boundary the next chunk's reader can start at.
func zoneOwnerStart(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ';', '$', '(', ')', '"':
		return false
	}
	return true
}

// zoneChunkCut is the offset of the last line start in b (not 0) that
// starts with an owner name, or -1.
func zoneChunkCut(b []byte) int {
	end := len(b) - 1
	for end > 0 {
		j := bytes.LastIndexByte(b[:end], '\n')
		if j < 0 {
			return -1
		}
		if zoneOwnerStart(b[j+1]) {
			return j + 1
		}
		end = j
	}
	return -1
}

// split reads r, after the bytes pre read first (and preErr, the error
// that ended them, if any), into chunks and sends them, in order, to the queue and to
// the workers, until the input ends, fails or the source is closed.
func (s *zoneParSource) split(pre []byte, preErr error) {
	defer s.wg.Done()
	defer close(s.jobs)
	defer close(s.queue)
	carry := pre
	line := 0
	// The chunks grow to s.size: a first pass that VerifyZone abandons
	// early (input out of order) has read little ahead.
	size := min(s.size, 1<<16)
	first := true
	// After quit, the merger drains the queue: what was read still goes to it.
	send := func(c *zoneChunk) bool {
		c.first, first = first, false
		select {
		case s.queue <- c:
		case <-s.outer:
			return false
		}
		if !c.tail {
			s.jobs <- c // the workers take jobs whatever the merger does
		}
		return true
	}
	if preErr != nil {
		send(&zoneChunk{data: carry, line: line, tail: true, err: preErr})
		return
	}
	for {
		select {
		case <-s.quit:
			send(&zoneChunk{data: carry, line: line, tail: true})
			return
		case <-s.outer:
			return
		default:
		}
		buf := make([]byte, len(carry)+size)
		copy(buf, carry)
		n, err := zoneFill(s.r, buf[len(carry):])
		buf = buf[:len(carry)+n]
		switch err {
		case nil:
		case io.EOF:
			send(&zoneChunk{data: buf, line: line, last: true, res: make(chan zoneChunkResult, 1)})
			return
		default:
			send(&zoneChunk{data: buf, line: line, tail: true, err: err})
			return
		}
		cut := zoneChunkCut(buf)
		if cut < 0 {
			if len(buf) < 4*size+1<<16 {
				carry = buf // a long entry: read on
				continue
			}
			send(&zoneChunk{data: buf, line: line, tail: true})
			return
		}
		c := &zoneChunk{data: buf[:cut:cut], line: line, res: make(chan zoneChunkResult, 1)}
		if !send(c) {
			return
		}
		line += bytes.Count(c.data, []byte{'\n'})
		carry = buf[cut:]
		size = min(2*size, s.size)
	}
}

// zoneFill reads into b until it is full, the input ends (io.EOF, also
// after some bytes) or fails, or a read returns nothing after some bytes
// came. Like bufio, it gives up with io.ErrNoProgress after 100 empty
// reads in a row.
func zoneFill(r io.Reader, b []byte) (int, error) {
	n, empty := 0, 0
	for n < len(b) {
		k, err := r.Read(b[n:])
		n += k
		if err != nil {
			return n, err
		}
		if k == 0 {
			if n > 0 {
				break
			}
			if empty++; empty == 100 {
				return n, io.ErrNoProgress
			}
		}
	}
	return n, nil
}

// readZoneChunk reads data[off:] with the fast reader behind a guard of its
// own, lines counted from line; noState says the state before (owner, ttl)
// is unknown.
func readZoneChunk(data []byte, off, line int, noState bool, owner string, ttl uint32, origin string, opts *ZoneConfig) zoneChunkResult {
	g := newZoneGuard(bytes.NewReader(data[off:]), opts.guardLimits(), "")
	f := newFastZoneReader(g, origin, opts.File)
	if n := len(data) - off + 16; n < 1<<16 {
		// A line longer than the chunk cannot be in it: a smaller buffer.
		f.br = bufio.NewReaderSize(g, n)
	}
	f.line, f.owner, f.ttl, f.noState = line, owner, ttl, noState
	var res zoneChunkResult
	for {
		rr, l, ok := f.next()
		if !ok {
			break
		}
		res.recs = append(res.recs, zrec{rr: rr, line: l})
	}
	if !f.eof {
		res.declined, res.off, res.line = true, off+f.entryOff, f.first-1
	}
	res.owner, res.ttl = f.owner, f.ttl
	return res
}

// next returns the next record and the line it starts on.
func (s *zoneParSource) next() (dns.RR, int, bool) {
	for {
		if s.pos < len(s.cur) {
			r := s.cur[s.pos]
			s.cur[s.pos] = zrec{}
			s.pos++
			return r.rr, r.line, true
		}
		if s.seq != nil {
			return s.seq.next()
		}
		if s.done {
			return nil, 0, false
		}
		s.chunk()
	}
}

// chunk takes the next chunk's records, reads a declined entry again with
// the state before it, and falls back to the sequential reader when that
// declines too.
func (s *zoneParSource) chunk() {
	c, ok := <-s.queue
	if !ok {
		s.done = true // stopped from outside
		return
	}
	if c.tail {
		s.fallback(c, 0, c.line)
		return
	}
	res := <-c.res
	if res.declined {
		s.take(res)
		// Read the rest of the chunk again, with the state before it.
		res = readZoneChunk(c.data, res.off, res.line, false, s.owner, s.ttl, s.origin, s.opts)
		if res.declined {
			s.take(res)
			s.fallback(c, res.off, res.line)
			return
		}
	}
	s.take(res)
	s.done = c.last
}

// take queues the records of res and keeps the state they leave.
func (s *zoneParSource) take(res zoneChunkResult) {
	if len(res.recs) == 0 {
		return
	}
	if s.pos == len(s.cur) {
		s.cur, s.pos = res.recs, 0
	} else {
		s.cur = append(s.cur[s.pos:], res.recs...)
		s.pos = 0
	}
	s.owner, s.ttl = res.owner, res.ttl
}

// fallback hands the input from offset off of chunk c (line lines before
// it) to a sequential zoneSource: the rest of c, the chunks read ahead, and
// then r.
func (s *zoneParSource) fallback(c *zoneChunk, off, line int) {
	if !s.closed {
		s.closed = true
		close(s.quit)
	}
	parts := [][]byte{c.data[off:]}
	rest, last := c.err, c.last
	if !c.tail && !c.last {
		for d := range s.queue {
			parts = append(parts, d.data)
			rest, last = d.err, d.last
		}
	}
	s.wg.Wait()
	var tail io.Reader = s.r
	switch {
	case rest != nil:
		tail = errReader{rest}
	case last:
		tail = bytes.NewReader(nil)
	}
	in := &zoneFullReader{parts: parts, rest: tail}
	s.seq = newZoneSourceAt(in, s.origin, s.opts, line, s.owner, s.ttl)
}

// err is the sequential reader's error, if the input went to it.
func (s *zoneParSource) err() (int, error) {
	if s.seq == nil {
		return 0, nil
	}
	return s.seq.err()
}

// zoneFullReader reads parts and then rest, filling every read as far as
// the input allows (as a file does), so the guard behind it sees as much
// of the input at a time as the sequential reader's.
type zoneFullReader struct {
	parts [][]byte
	rest  io.Reader
}

func (z *zoneFullReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && len(z.parts) > 0 {
		k := copy(p[n:], z.parts[0])
		n += k
		if z.parts[0] = z.parts[0][k:]; len(z.parts[0]) == 0 {
			z.parts = z.parts[1:]
		}
	}
	if n == len(p) {
		return n, nil
	}
	k, err := zoneFill(z.rest, p[n:])
	if n+k > 0 && err == io.EOF {
		err = nil
	}
	return n + k, err
}
