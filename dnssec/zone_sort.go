package dnssec

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// zoneSorter holds the owner groups of a zone that is not in canonical
// order, compactly, and gives them back in canonical order (RFC 4034 §6.1)
// with the groups of one owner merged in file order. Each record is kept in
// wire format (RFC 1035 §3.2.1, owner uncompressed; dns.PackRR and
// dns.UnpackRR round-trip every type exactly) with its line, in an arena
// without pointers, so the collector does not scan it; a group costs one
// small index entry and its sort key. When the arena passes the budget, the
// run is sorted and written to a temporary file, and the runs are merged at
// the end (an external merge sort). The files are unlinked as soon as they
// are created where the system allows it, and removed on close otherwise,
// so none is left behind on exit or on error.
type zoneSorter struct {
	budget int    // bytes the in-memory run may hold
	dir    string // for the runs ("" = os.TempDir)
	arena  []byte // per record: uvarint line, uvarint length, kind byte, wire or text
	groups []zsortGroup
	seq    uint32
	runs   []*os.File
	spill  []byte // buffer for writing a run
	wire   []byte // buffer for dns.PackRR
}

// zsortGroup indexes one run of consecutive records of one owner.
type zsortGroup struct {
	key, keyLen uint32 // sort key in the arena
	off, size   uint32 // records in the arena
	n, seq      uint32 // record count, input order
}

// Record encodings in the arena.
const (
	zsortWire = 0 // dns.PackRR output
	zsortText = 1 // rr.String(), for a record dns.PackRR refuses
)

// zoneSortGroupSize is what one group costs besides its bytes in the
// arena (the index entry and slice growth), for the budget.
const zoneSortGroupSize = 40

// maxZoneRun caps one in-memory run below the 4 GiB the 32-bit offsets
// address.
const maxZoneRun = 3 << 30

func newZoneSorter(budget int64, dir string) *zoneSorter {
	return &zoneSorter{budget: int(min(budget, maxZoneRun)), dir: dir}
}

// add stores one group, spilling the run first when it is full.
func (s *zoneSorter) add(g *zgroup) error {
	if len(s.arena)+len(s.groups)*zoneSortGroupSize >= s.budget && len(s.groups) > 0 {
		if err := s.spillRun(); err != nil {
			return err
		}
	}
	key := len(s.arena)
	s.arena = appendZoneSortKey(s.arena, g.key)
	off := len(s.arena)
	if s.wire == nil {
		s.wire = make([]byte, 1<<16)
	}
	wire := s.wire
	for _, r := range g.recs {
		s.arena = binary.AppendUvarint(s.arena, uint64(r.line))
		n, err := dns.PackRR(r.rr, wire[:], 0, nil, false)
		if err != nil {
			text := r.rr.String()
			s.arena = binary.AppendUvarint(s.arena, uint64(len(text))+1)
			s.arena = append(s.arena, zsortText)
			s.arena = append(s.arena, text...)
			continue
		}
		s.arena = binary.AppendUvarint(s.arena, uint64(n)+1)
		s.arena = append(s.arena, zsortWire)
		s.arena = append(s.arena, wire[:n]...)
	}
	s.groups = append(s.groups, zsortGroup{key: uint32(key), keyLen: uint32(off - key), off: uint32(off),
		size: uint32(len(s.arena) - off), n: uint32(len(g.recs)), seq: s.seq})
	s.seq++
	return nil
}

// appendZoneSortKey appends a key whose byte order is the canonical order
// of owner names (RFC 4034 §6.1): the labels from the root down, each
// lower-cased and escaped so that no label is a byte prefix of a greater
// one (0x00 → 01 01, 0x01 → 01 02, then a 00 terminator). A name that does
// not encode sorts after every name that does, by its lower-case text, as
// CompareNames orders them.
func appendZoneSortKey(dst []byte, name string) []byte {
	var buf [maxNameWire + 1]byte
	w, err := appendCanonicalName(buf[:0], name)
	if err != nil {
		dst = append(dst, 1)
		return append(dst, strings.ToLower(name)...)
	}
	dst = append(dst, 0)
	var starts [128]int
	labels := starts[:0]
	for i := 0; i < len(w) && w[i] != 0; i += int(w[i]) + 1 {
		labels = append(labels, i)
	}
	for i := len(labels) - 1; i >= 0; i-- {
		l := w[labels[i]+1 : labels[i]+1+int(w[labels[i]])]
		for _, c := range l {
			if c <= 1 {
				dst = append(dst, 1, c+1)
				continue
			}
			dst = append(dst, c)
		}
		dst = append(dst, 0)
	}
	return dst
}

func (s *zoneSorter) keyOf(g *zsortGroup) []byte { return s.arena[g.key : g.key+g.keyLen] }

// sortRun orders the in-memory groups by key, then input order.
func (s *zoneSorter) sortRun() {
	slices.SortFunc(s.groups, func(a, b zsortGroup) int {
		if c := bytes.Compare(s.keyOf(&a), s.keyOf(&b)); c != 0 {
			return c
		}
		return int(a.seq) - int(b.seq)
	})
}

// spillRun writes the sorted run to a temporary file and empties memory.
func (s *zoneSorter) spillRun() error {
	s.sortRun()
	f, err := os.CreateTemp(s.dir, "ssr-zone-*.run")
	if err != nil {
		return &Error{Kind: ErrLimitExceeded, Clause: "ZoneConfig.Memory", Err: fmt.Errorf("zone larger than the memory budget and no temporary file: %w", err)}
	}
	os.Remove(f.Name()) // unlinked: gone on close or exit (where the system allows)
	s.runs = append(s.runs, f)
	bw := bufio.NewWriterSize(f, 1<<20)
	for i := range s.groups {
		g := &s.groups[i]
		b := s.spill[:0]
		b = binary.AppendUvarint(b, uint64(g.keyLen))
		b = append(b, s.keyOf(g)...)
		b = binary.AppendUvarint(b, uint64(g.seq))
		b = binary.AppendUvarint(b, uint64(g.n))
		b = binary.AppendUvarint(b, uint64(g.size))
		s.spill = b
		bw.Write(b)
		if _, err := bw.Write(s.arena[g.off : g.off+g.size]); err != nil {
			return &Error{Kind: ErrMalformed, Clause: "ZoneConfig.TempDir", Err: fmt.Errorf("writing a sorted run: %w", err)}
		}
	}
	if err := bw.Flush(); err != nil {
		return &Error{Kind: ErrMalformed, Clause: "ZoneConfig.TempDir", Err: fmt.Errorf("writing a sorted run: %w", err)}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	s.arena = s.arena[:0]
	s.groups = s.groups[:0]
	return nil
}

// close removes the runs.
func (s *zoneSorter) close() {
	for _, f := range s.runs {
		f.Close()
		os.Remove(f.Name())
	}
	s.runs = nil
	s.arena, s.groups = nil, nil
}

// zsortItem is one group on its way out of the sorter.
type zsortItem struct {
	key  []byte
	seq  uint32
	n    uint32
	recs []byte
}

// zsortSource yields the groups of one sorted run in order.
type zsortSource interface {
	next() (zsortItem, bool, error)
}

type memRun struct {
	s *zoneSorter
	i int
}

func (m *memRun) next() (zsortItem, bool, error) {
	if m.i == len(m.s.groups) {
		return zsortItem{}, false, nil
	}
	g := &m.s.groups[m.i]
	m.i++
	return zsortItem{key: m.s.keyOf(g), seq: g.seq, n: g.n, recs: m.s.arena[g.off : g.off+g.size]}, true, nil
}

type fileRun struct {
	br   *bufio.Reader
	key  []byte
	recs []byte
}

func (r *fileRun) next() (zsortItem, bool, error) {
	kl, err := binary.ReadUvarint(r.br)
	if err == io.EOF {
		return zsortItem{}, false, nil
	}
	var it zsortItem
	var seq, n, size uint64
	if err == nil {
		r.key = slices.Grow(r.key[:0], int(kl))[:kl]
		_, err = io.ReadFull(r.br, r.key)
	}
	if err == nil {
		seq, err = binary.ReadUvarint(r.br)
	}
	if err == nil {
		n, err = binary.ReadUvarint(r.br)
	}
	if err == nil {
		size, err = binary.ReadUvarint(r.br)
	}
	if err == nil {
		r.recs = slices.Grow(r.recs[:0], int(size))[:size]
		_, err = io.ReadFull(r.br, r.recs)
	}
	if err != nil {
		return it, false, &Error{Kind: ErrMalformed, Clause: "ZoneConfig.TempDir", Err: fmt.Errorf("reading a sorted run: %w", err)}
	}
	return zsortItem{key: r.key, seq: uint32(seq), n: uint32(n), recs: r.recs}, true, nil
}

// zsortHeap merges the runs by key, then input order.
type zsortHeap struct {
	src  []zsortSource
	head []zsortItem
	idx  []int // indexes into src/head of the live runs
}

func (h *zsortHeap) Len() int { return len(h.idx) }
func (h *zsortHeap) Less(i, j int) bool {
	a, b := &h.head[h.idx[i]], &h.head[h.idx[j]]
	if c := bytes.Compare(a.key, b.key); c != 0 {
		return c < 0
	}
	return a.seq < b.seq
}
func (h *zsortHeap) Swap(i, j int) { h.idx[i], h.idx[j] = h.idx[j], h.idx[i] }
func (h *zsortHeap) Push(x any)    { h.idx = append(h.idx, x.(int)) }
func (h *zsortHeap) Pop() any {
	x := h.idx[len(h.idx)-1]
	h.idx = h.idx[:len(h.idx)-1]
	return x
}

// each calls fn with every owner group in canonical order, the groups of
// one owner merged in file order. Records are unpacked into a fresh zgroup.
func (s *zoneSorter) each(fn func(*zgroup) error) error {
	s.sortRun()
	h := &zsortHeap{}
	for _, f := range s.runs {
		h.src = append(h.src, &fileRun{br: bufio.NewReaderSize(f, 1<<20)})
	}
	h.src = append(h.src, &memRun{s: s})
	h.head = make([]zsortItem, len(h.src))
	for i, src := range h.src {
		it, ok, err := src.next()
		if err != nil {
			return err
		}
		if ok {
			h.head[i] = it
			h.idx = append(h.idx, i)
		}
	}
	heap.Init(h)
	var (
		cur    *zgroup
		curKey []byte
	)
	for h.Len() > 0 {
		i := h.idx[0]
		it := h.head[i]
		if cur != nil && !bytes.Equal(curKey, it.key) {
			if err := fn(cur); err != nil {
				return err
			}
			cur = nil
		}
		if cur == nil {
			curKey = append(curKey[:0], it.key...)
			cur = &zgroup{}
		}
		if len(cur.recs)+int(it.n) > MaxZoneNameRecords {
			return errNameRecords(cur.key, 0)
		}
		if err := unpackZoneRecs(cur, it.recs); err != nil {
			return err
		}
		next, ok, err := h.src[i].next()
		if err != nil {
			return err
		}
		if ok {
			h.head[i] = next
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	if cur != nil {
		return fn(cur)
	}
	return nil
}

// unpackZoneRecs appends the records of one stored group to g.
func unpackZoneRecs(g *zgroup, b []byte) error {
	for len(b) > 0 {
		line, k := binary.Uvarint(b)
		if k <= 0 {
			return errZoneSortCorrupt
		}
		b = b[k:]
		n, k := binary.Uvarint(b)
		if k <= 0 || n == 0 || uint64(len(b)-k) < n {
			return errZoneSortCorrupt
		}
		data := b[k : k+int(n)]
		b = b[k+int(n):]
		var rr dns.RR
		var err error
		if data[0] == zsortWire {
			rr, _, err = dns.UnpackRR(data[1:], 0)
		} else {
			rr, err = dns.NewRR(string(data[1:]))
		}
		if err != nil || rr == nil {
			return &Error{Kind: ErrMalformed, Clause: "RFC 1035 §3.2.1", Line: int(line), Err: fmt.Errorf("record does not read back from the sort buffer: %v", err)}
		}
		if g.key == "" {
			g.key = strings.ToLower(rr.Header().Name)
		}
		g.recs = append(g.recs, zrec{rr: rr, line: int(line)})
	}
	return nil
}

var errZoneSortCorrupt = &Error{Kind: ErrMalformed, Clause: "ZoneConfig.TempDir", Err: errors.New("sort buffer corrupt")}
