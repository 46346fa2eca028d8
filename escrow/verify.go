package escrow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Clauses cited by Verify.
const (
	clauseSchema    = "RFC 9022 §9; RFC 8909 §6.1"
	clauseAgent     = "RFC 9022 §8; RA Spec 2 Part A §8"
	clauseCounts    = "RFC 9022 §5.7; RFC 9022 §8"
	clauseRefs      = "RFC 9022 §8"
	clauseRebuild   = "RFC 8909 §2, §5.2"
	clauseWatermark = "RFC 9022 §8; RFC 8909 §4"
	clauseUnique    = "RFC 5730 §2.8; RFC 9022 §8"
)

// VerifyConfig configures Verify. The zero value is safe and strict.
type VerifyConfig struct {
	// Name is the deposit's file name, used in findings.
	Name string
	// Now returns the current time for the watermark check (RFC 9022 §8).
	// nil means time.Now.
	Now func() time.Time
	// State is the repository state after the previous deposits (for DIFF
	// and INCR). Verify applies the deposit onto it (a FULL replaces it).
	// nil starts from an empty state; the result is in Report.State.
	State *State
	// Files resolves the file names of the CSV model (RFC 9022 §4.6);
	// names are looked up with fs.ValidPath rules, never as host paths.
	// nil: CSV files are not read and Report.Skipped says so.
	Files fs.FS
	// Store, if set, receives every applied delete and content in RFC 8909
	// §5.2 order, so a caller can rebuild full objects on its own storage.
	Store Store
	// Reader overrides the Reader limits.
	Reader ReaderConfig
	// Progress, if set, is called every 102,400 objects.
	Progress func(objects, offset int64)
	// MaxFindings overrides the default MaxFindings.
	MaxFindings int
	// MaxCSVFileBytes and MaxCompressionRatio override the CSV defaults.
	MaxCSVFileBytes     int64
	MaxCompressionRatio int64
	// RST, if set, adds the checks of ICANN's Registry System Testing RDE
	// test plan (rde-01 … rde-15) with its inputs; see [RSTConfig].
	// Findings carry RST's error code in Error.Code either way.
	RST *RSTConfig
}

// Store receives the operations of a rebuild (RFC 8909 §5.2): deletes first,
// then contents, in document order. The Object passed to Put is only valid
// during the call (Clone it to keep it). key is the object's identifier (domain,
// host or NNDN name, contact or registrar id, IDN table id); for a host
// deleted by roid, key is the roid and byRoid is true.
type Store interface {
	Delete(kind Kind, key string, byRoid bool) error
	Put(kind Kind, key string, obj *Object) error
}

// Report is the result of Verify: every finding, with object, position and
// clause, plus what was read.
type Report struct {
	File     string
	Deposit  *Deposit
	Objects  int64            // objects read from the XML (contents and deletes)
	ByKind   map[string]int64 // objects read, by kind ("domain", "domain-delete", "csv", ...)
	CSVRows  int64            // CSV records read from referenced files
	Counts   map[string]int64 // repository counts after applying the deposit, by header URI
	Header   map[string]int64 // counts declared in the header, by URI
	Findings []*Error
	Dropped  int      // findings not kept beyond MaxFindings
	Skipped  []string // checks that could not run, and why
	State    *State
	Bytes    int64 // bytes of deposit XML read
}

// OK reports whether there are no findings.
func (r *Report) OK() bool { return len(r.Findings) == 0 && r.Dropped == 0 }

// Err returns nil if the deposit verified, else an error summarising the
// findings; it unwraps to every finding.
func (r *Report) Err() error {
	if r.OK() {
		return nil
	}
	return &reportError{r}
}

type reportError struct{ r *Report }

func (e *reportError) Error() string {
	n := len(e.r.Findings) + e.r.Dropped
	return fmt.Sprintf("escrow: %s: %d finding(s), first: %v", e.r.File, n, e.r.Findings[0])
}

func (e *reportError) Unwrap() []error {
	out := make([]error, len(e.r.Findings))
	for i, f := range e.r.Findings {
		out[i] = f
	}
	return out
}

type pendingRef struct {
	target Kind
	key    string
	src    Kind   // kind of the first referencing object
	what   string // its referencing element
	n      int64
	sites  []refSite
}

type refSite struct {
	file   string
	object string
	line   int
	offset int64
	what   string
	src    Kind // kind of the referencing object (for the RST code)
}

const maxSitesPerRef = 8

type verifier struct {
	ctx   context.Context
	opts  *VerifyConfig
	rep   *Report
	st    *State
	now   time.Time
	maxF  int
	dep   *Deposit
	diffs bool // DIFF or INCR: contents replace, duplicates tracked in seen

	seen    [KindCSV + 1]fpMap // keys seen in this deposit (for DIFF/INCR duplicates)
	pending fpMap              // (target kind, key fp) → index+1 in refs
	refs    []pendingRef

	headers      int
	header       map[string]int64
	headerLine   int
	eppParams    int
	policies     []*Object
	policiesFull bool // maxPolicies reached
	// per kind, per top-level particle: objects lacking it (for <policy>)
	lacking    [KindCSV + 1][]lackInfo // by kind, by index of the top-level particle
	objects    map[Kind]int64          // content objects by kind in this deposit
	csvSeen    bool
	curFile    string // CSV file being read, for findings
	sitesKept  int    // reference sites kept, bounded by maxReferenceSites
	csvKind    map[Kind]bool
	xmlKind    map[Kind]bool
	sf         []schemaFinding
	deferred   []*Object // CSV child files applied after the rest (verify_csv.go)
	replaying  bool
	rst        *RSTConfig      // RST rules, nil if off
	idnSeen    []bool          // RSTConfig.IDNTables[i] has an idnTableRef (RST rde-11)
	rstExPast  []rstExDate     // CSV domains with an exDate not after the watermark (rde-07)
	rstExFull  bool            // rstExPast reached maxReferenceSites
	rstPendDel map[uint64]bool // fingerprints of CSV domains with pendingDelete
}

type lackInfo struct {
	n     int64
	first []refSite
}

// Verify reads a deposit and checks it as an escrow agent must (RFC 9022 §8,
// RA Specification 2 Part A §8): schema-level validity of every object,
// header counts against the repository after applying the deposit, referential
// integrity, <policy>, eppParams, watermark, unique ids and roids. It returns a
// report of every finding; the error is non-nil only for I/O errors and
// context cancellation (a malformed or truncated deposit is a finding).
func Verify(ctx context.Context, r io.Reader, opts *VerifyConfig) (*Report, error) {
	if opts == nil {
		opts = &VerifyConfig{}
	}
	v := &verifier{ctx: ctx, opts: opts, maxF: orDefault(opts.MaxFindings, MaxFindings),
		header: map[string]int64{}, objects: map[Kind]int64{},
		csvKind: map[Kind]bool{}, xmlKind: map[Kind]bool{}}
	if opts.RST != nil {
		ro := *opts.RST // a copy: the TLDs may come from the header
		ro.TLDs = append([]string(nil), ro.TLDs...)
		v.rst = &ro
	}
	v.rep = &Report{File: opts.Name, ByKind: map[string]int64{}, Counts: map[string]int64{}, Header: v.header}
	if opts.Now != nil {
		v.now = opts.Now()
	} else {
		v.now = time.Now()
	}
	ro := opts.Reader
	if ro.Name == "" {
		ro.Name = opts.Name
	}
	cr := &countingReader{r: r}
	rd := NewReader(cr, &ro)
	err := v.run(rd)
	v.rep.Bytes = cr.n
	for _, f := range rd.envelopeFindings() {
		f.Code = readerCode(f)
		v.add(f)
	}
	v.rep.Dropped += rd.droppedFindings()
	sort.SliceStable(v.rep.Findings, func(i, j int) bool {
		a, b := v.rep.Findings[i], v.rep.Findings[j]
		if (a.Line == 0) != (b.Line == 0) {
			return a.Line != 0
		}
		return a.Line < b.Line
	})
	return v.rep, err
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// full reports whether the report holds MaxFindings findings, so that
// further ones are only counted (Report.Dropped).
func (v *verifier) full() bool { return len(v.rep.Findings) >= v.maxF }

func (v *verifier) add(e *Error) {
	if v.full() {
		v.rep.Dropped++
		return
	}
	if e.File == "" {
		e.File = v.opts.Name
	}
	if e.Code != "" && !strings.Contains(e.Clause, "RST rde-") {
		e.Clause += rstCase(e.Code)
		e.Clause = strings.TrimPrefix(e.Clause, "; ")
	}
	v.rep.Findings = append(v.rep.Findings, e)
}

func (v *verifier) finding(o *Object, line int, clause, format string, args ...any) {
	v.findingC("", o, line, clause, format, args...)
}

// findingC records a finding with its RST error code (see rst.go).
func (v *verifier) findingC(code string, o *Object, line int, clause, format string, args ...any) {
	if v.full() {
		v.rep.Dropped++ // counted, not formatted: a report past MaxFindings costs no allocation per finding
		return
	}
	e := &Error{Kind: ErrInvalid, Clause: clause, Offset: -1, Err: fmt.Errorf(format, args...), Code: code}
	if o != nil {
		e.Object = o.Describe()
		e.Line = o.Line
		e.Offset = o.Offset
	}
	if line > 0 {
		e.Line = line
	}
	v.add(e)
}

// fatal records a reader error; I/O errors are returned.
func (v *verifier) fatal(err error) error {
	var e *Error
	if errors.As(err, &e) && (e.Kind == ErrMalformed || e.Kind == ErrLimitExceeded) {
		var ioErr bool
		if e.Err != nil && !errors.Is(e.Err, io.ErrUnexpectedEOF) {
			// A cause from the underlying reader (not a syntax message).
			var se interface{ Unwrap() error }
			ioErr = errors.As(e.Err, &se) && e.Clause == ""
		}
		e.Code = readerCode(e)
		v.add(e)
		if ioErr {
			return e.Err
		}
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if errors.As(err, &e) && e.Clause == "" && e.Kind == ErrMalformed {
		e.Code = codeXMLParse
		v.add(e)
		return e.Err
	}
	v.add(&Error{Kind: ErrMalformed, File: v.opts.Name, Err: err, Code: codeXMLParse})
	return err
}

func (v *verifier) run(rd *Reader) error {
	dep, err := rd.Deposit()
	if err != nil {
		return v.fatal(err)
	}
	v.dep = dep
	v.rep.Deposit = dep
	v.begin(dep)
	if err := v.pipeline(rd); err != nil {
		return err
	}
	v.replayDeferredCSV()
	if err := rd.Err(); err != nil {
		// Truncated or malformed: the checks below would only repeat the
		// damage (counts short), so report the fatal error and stop.
		v.rep.State = v.st
		return v.fatal(err)
	}
	v.finish()
	return nil
}

// pipeline reads objects in one goroutine and verifies them in this one,
// handing over batches whose element trees stay valid until recycled.
func (v *verifier) pipeline(rd *Reader) error {
	const batchSize, nBatches = 256, 4
	free := make(chan *objBatch, nBatches)
	full := make(chan *objBatch, nBatches)
	stop := make(chan struct{})
	for range nBatches {
		free <- &objBatch{}
	}
	var offset atomic.Int64
	go func() {
		defer close(full)
		for {
			var b *objBatch
			select {
			case b = <-free:
			case <-stop:
				return
			}
			more := rd.fillBatch(b, batchSize)
			offset.Store(rd.inputOffset())
			full <- b
			if !more {
				return
			}
		}
	}()
	var err error
	for b := range full {
		if err == nil {
			for i := range b.objs {
				v.rep.Objects++
				if v.rep.Objects%4096 == 0 {
					if v.opts.Progress != nil && v.rep.Objects%(25*4096) == 0 {
						v.opts.Progress(v.rep.Objects, offset.Load())
					}
					if err = v.ctx.Err(); err != nil {
						close(stop)
						break
					}
				}
				v.object(&b.objs[i])
			}
		}
		free <- b
	}
	return err
}

func (v *verifier) begin(dep *Deposit) {
	st := v.opts.State
	switch dep.Type {
	case Full:
		if st == nil {
			st = NewState()
		} else {
			ever := st.eppParamsEver
			*st = State{seed: st.seed, eppParamsEver: ever}
		}
	case Differential, Incremental:
		v.diffs = true
		if st == nil || !st.fullSeen {
			v.finding(nil, 0, clauseRebuild+"; ICANN RRI code 2205",
				"%s deposit %s without a preceding FULL deposit: cannot rebuild the repository, counts and references are checked against this file alone", dep.Type, dep.ID)
			if st == nil {
				st = NewState()
			}
		} else if dep.Type == Differential && dep.PrevID != st.depositID {
			v.finding(nil, 0, "RFC 8909 §5.1", "DIFF prevId %q is not the previous deposit %q", dep.PrevID, st.depositID)
		} else if dep.Type == Incremental && dep.PrevID != "" && dep.PrevID != st.lastFullID {
			v.finding(nil, 0, "RFC 8909 §2, §5.1", "INCR prevId %q is not the last FULL deposit %q", dep.PrevID, st.lastFullID)
		}
		if st != nil && !st.watermark.IsZero() && !dep.Watermark.IsZero() && dep.Watermark.Before(st.watermark) {
			v.finding(nil, 0, "RFC 8909 §2", "watermark %s is before the previous deposit's %s",
				dep.Watermark.Format(time.RFC3339), st.watermark.Format(time.RFC3339))
		}
	}
	if st == nil {
		st = NewState() // invalid type, reported by the Reader: check the file alone
	}
	v.st = st
	v.rep.State = st
	if !dep.Watermark.IsZero() {
		if dep.Watermark.After(v.now) {
			v.finding(nil, 0, clauseWatermark+"; ICANN RRI code 2004", "watermark %s is in the future (now %s)",
				dep.Watermark.Format(time.RFC3339), v.now.UTC().Format(time.RFC3339))
		}
		if !strings.HasSuffix(dep.WatermarkText, "Z") {
			v.finding(nil, 0, "RFC 8909 §4", "watermark %q is not in UTC with a \"Z\" designator", dep.WatermarkText)
		}
	}
}

// object checks and applies one object.
func (v *verifier) object(o *Object) {
	k := o.Kind.String()
	if o.Delete {
		k += "-delete"
	}
	v.rep.ByKind[k]++
	if o.Kind == KindUnknown {
		v.findingC(codeUnexpectedObject, o, 0, "RFC 8909 §6.1; RFC 9022 §9; RST rde-06",
			"element {%s}%s is not an object of any supported schema (kept, not checked)", o.Elem.Name.Space, o.Elem.Name.Local)
		return
	}
	// Schema level.
	if t := objectType(o); t != nil {
		v.sf = validate(o.Elem, t, v.sf[:0])
		for _, f := range v.sf {
			v.findingC(codeSchema, o, f.line, clauseSchema, "%s", f.msg)
		}
	}
	if v.rst != nil && !o.Delete {
		v.rstObject(o)
	}
	if o.Kind == KindCSV {
		v.csvSeen = true
		v.csvKind[csvModelKind(o.Model)] = true
		v.csv(o)
		return
	}
	if o.Delete {
		if v.dep.Type == Full {
			return // ignored in a FULL (RFC 8909 §5.1), reported by the Reader
		}
		v.xmlKind[o.Kind] = true
		v.deleteXML(o)
		return
	}
	switch o.Kind {
	case KindHeader:
		v.headerObj(o)
		return
	case KindEppParams:
		v.eppParams++
		if v.eppParams > 1 {
			v.findingC(codeMultipleEppParams, o, 0, clauseAgent+"; RST rde-13", "more than one <rdeEppParams:eppParams> in the deposit")
		}
		return
	case KindPolicy:
		if len(v.policies) >= maxPolicies {
			if !v.policiesFull {
				v.policiesFull = true
				v.rep.Skipped = append(v.rep.Skipped, fmt.Sprintf("more than maxPolicies (%d) <rdePolicy:policy> objects: the rest (from line %d) are not applied", maxPolicies, o.Line))
			}
			return
		}
		v.policies = append(v.policies, o.Clone())
		return
	}
	v.xmlKind[o.Kind] = true
	v.objects[o.Kind]++
	v.trackLacking(o)
	v.contentXML(o)
}

func (v *verifier) headerObj(o *Object) {
	v.headers++
	if v.headers > 1 {
		v.finding(o, 0, "RFC 9022 §5.7", "more than one <rdeHeader:header>")
		return
	}
	v.headerLine = o.Line
	if v.rst != nil && len(v.rst.TLDs) == 0 {
		// RST knows the TLDs of the test; without them, the header's.
		if t := o.Elem.ChildText(NSHeader, "tld"); t != "" {
			v.rst.TLDs = []string{t}
			v.rep.Skipped = append(v.rep.Skipped, fmt.Sprintf("RST: no TLD given, the header's <rdeHeader:tld> %q is used", t))
		}
	}
	for _, c := range o.Elem.Children {
		if c.Name.Space != NSHeader || c.Name.Local != "count" {
			continue
		}
		uri, _ := c.Attr("uri")
		uri = trimXMLSpace(uri)
		rcdn, _ := c.Attr("rcdn")
		if rcdn != "" {
			uri += "|" + rcdn
		}
		n, err := strconv.ParseInt(c.Value(), 10, 64)
		if err != nil {
			continue // reported by the schema check
		}
		if _, dup := v.header[uri]; dup {
			v.finding(o, c.Line, "RFC 9022 §5.7; ICANN RRI code 2211", "duplicate count for %s", uri)
		}
		v.header[uri] = n
	}
}

// trackLacking records, per top-level element of the object's schema, the
// objects that lack it, for the <rdePolicy:policy> check at the end.
func (v *verifier) trackLacking(o *Object) {
	t := objectType(o)
	if t == nil {
		return
	}
	m := v.lacking[o.Kind]
	if m == nil {
		m = make([]lackInfo, len(t.children))
		v.lacking[o.Kind] = m
	}
	ch := o.Elem.Children
	j := 0
	for pi, p := range t.children {
		if p.alts != nil || p.min > 0 {
			continue
		}
		found := false
		for j2 := j; j2 < len(ch); j2++ {
			if ch[j2].Name == p.name {
				found = true
				j = j2
				break
			}
		}
		if !found {
			li := &m[pi]
			li.n++
			if len(li.first) < maxSitesPerRef {
				li.first = append(li.first, refSite{object: o.Describe(), line: o.Line, offset: o.Offset})
			}
		}
	}
}

// reference records that o refers to an object of kind target with key.
func (v *verifier) reference(o *Object, line int, target Kind, key, what string) {
	key = trimXMLSpace(key)
	if key == "" {
		return
	}
	var fp uint64
	if target == KindHost || target == KindDomain {
		fp = v.st.fpName(key)
	} else {
		fp = v.st.fp(key)
	}
	if v.st.table(target).has(fp) {
		return
	}
	pk := fp ^ kindTag(target)
	if pk == 0 {
		pk = 1
	}
	idx, ok := v.pending.get(pk)
	src := o.Kind
	if src == KindCSV {
		src = csvModelKind(o.Model)
	}
	if !ok {
		v.refs = append(v.refs, pendingRef{target: target, key: key, src: src, what: what})
		idx = uint64(len(v.refs))
		v.pending.put(pk, idx)
	}
	p := &v.refs[idx-1]
	p.n++
	if len(p.sites) < maxSitesPerRef && v.sitesKept < maxReferenceSites {
		v.sitesKept++
		p.sites = append(p.sites, refSite{file: v.curFile, object: o.Describe(), line: line, offset: o.Offset, what: what, src: src})
	}
}

// key returns the identifying key, roid and their fingerprints of a content object.
func objectKey(o *Object) (key, roid string) {
	e := o.Elem
	switch o.Kind {
	case KindDomain:
		return e.ChildText(NSDomain, "name"), e.ChildText(NSDomain, "roid")
	case KindHost:
		return e.ChildText(NSHost, "name"), e.ChildText(NSHost, "roid")
	case KindContact:
		return e.ChildText(NSContact, "id"), e.ChildText(NSContact, "roid")
	case KindRegistrar:
		return e.ChildText(NSRegistrar, "id"), ""
	case KindIDNTableRef:
		id, _ := e.Attr("id")
		return trimXMLSpace(id), ""
	case KindNNDN:
		return e.ChildText(NSNNDN, "aName"), ""
	}
	return "", ""
}

func (v *verifier) keyFP(k Kind, key string) uint64 {
	if k == KindDomain || k == KindHost || k == KindNNDN {
		return v.st.fpName(key)
	}
	return v.st.fp(key)
}

// put applies a content object (full replace, RFC 8909 §5.2).
func (v *verifier) put(o *Object, k Kind, key, roid string, line int) {
	if key == "" {
		return // schema finding already made
	}
	tab := v.st.table(k)
	kf := v.keyFP(k, key)
	var rf uint64
	if roid != "" {
		rf = v.st.fp(roid)
	}
	dup := false
	if v.diffs {
		dup = v.seen[k].put(kf, 1)
	} else {
		dup = tab.has(kf)
	}
	if dup {
		v.findingC(uniqueCode(k, false), o, line, clauseUnique, "duplicate %s %q in this deposit", k, key)
	}
	if old, ok := tab.get(kf); ok && old != 0 && old != rf {
		// Replaced object: drop its old roid.
		v.st.roids.remove(old)
		if k == KindHost {
			v.st.hostRoids.remove(old)
		}
	}
	if roid != "" {
		owner := kf ^ kindTag(k)
		if prev, ok := v.st.roids.get(rf); ok && prev != owner {
			v.findingC(uniqueCode(k, true), o, line, clauseUnique, "roid %q is already used by another object", roid)
		}
		v.st.roids.put(rf, owner)
		if k == KindHost {
			v.st.hostRoids.put(rf, kf)
		}
	}
	val := rf
	if val == 0 {
		val = 1
	}
	tab.put(kf, val)
	if v.opts.Store != nil {
		if err := v.opts.Store.Put(k, key, o); err != nil {
			v.finding(o, line, clauseRebuild, "store: %v", err)
		}
	}
}

// del applies a delete (RFC 8909 §5.2).
func (v *verifier) del(o *Object, k Kind, key string, byRoid bool, line int) {
	key = trimXMLSpace(key)
	if key == "" {
		return
	}
	tab := v.st.table(k)
	var kf uint64
	if byRoid {
		rf := v.st.fp(key)
		name, ok := v.st.hostRoids.get(rf)
		if !ok {
			v.finding(o, line, clauseRebuild, "delete of %s roid %q, which is not in the repository", k, key)
			return
		}
		kf = name
	} else {
		kf = v.keyFP(k, key)
	}
	old, ok := tab.get(kf)
	if !ok {
		// An INCR repeats every change since the FULL, including deletes an
		// earlier INCR already applied (RFC 8909 §2).
		if v.st.fullSeen && v.dep.Type != Incremental {
			v.finding(o, line, clauseRebuild, "delete of %s %q, which is not in the repository", k, key)
		}
	} else {
		tab.remove(kf)
		if old > 1 {
			v.st.roids.remove(old)
			if k == KindHost {
				v.st.hostRoids.remove(old)
			}
		}
	}
	if v.opts.Store != nil {
		if err := v.opts.Store.Delete(k, key, byRoid); err != nil {
			v.finding(o, line, clauseRebuild, "store: %v", err)
		}
	}
}

func (v *verifier) deleteXML(o *Object) {
	for _, c := range o.Elem.Children {
		switch {
		case o.Kind == KindHost && c.Name.Local == "roid":
			v.del(o, KindHost, c.Value(), true, c.Line)
		case o.Kind == KindIDNTableRef && c.Name.Local == "id",
			(o.Kind == KindContact || o.Kind == KindRegistrar) && c.Name.Local == "id",
			(o.Kind == KindDomain || o.Kind == KindHost) && c.Name.Local == "name",
			o.Kind == KindNNDN && c.Name.Local == "aName":
			v.del(o, o.Kind, c.Value(), false, c.Line)
		}
	}
}

func (v *verifier) contentXML(o *Object) {
	key, roid := objectKey(o)
	v.put(o, o.Kind, key, roid, 0)
	e := o.Elem
	ns := e.Name.Space
	for _, c := range e.Children {
		if c.Name.Space != ns {
			continue
		}
		switch c.Name.Local {
		case "clID", "crRr", "upRr":
			v.reference(o, c.Line, KindRegistrar, c.Text, c.Name.Local)
		case "registrant", "contact":
			if o.Kind == KindDomain {
				v.reference(o, c.Line, KindContact, c.Text, c.Name.Local)
			}
		case "idnTableId":
			v.reference(o, c.Line, KindIDNTableRef, c.Text, c.Name.Local)
		case "ns":
			for _, h := range c.Children {
				if h.Name.Space == nsEPPDomain && h.Name.Local == "hostObj" && (v.rst == nil || v.rst.hostModel() == HostModelObjects) {
					v.reference(o, h.Line, KindHost, h.Text, "ns/hostObj")
				}
			}
		case "trnData":
			for _, t := range c.Children {
				if t.Name.Local == "reRr" || t.Name.Local == "acRr" {
					v.reference(o, t.Line, KindRegistrar, t.Text, "trnData/"+t.Name.Local)
				}
			}
		}
	}
}

func (v *verifier) finish() {
	st := v.st
	if v.dep.Type == Full {
		st.fullSeen = true
		st.lastFullID = v.dep.ID
	}
	st.depositCount++
	st.depositID = v.dep.ID
	st.typ = v.dep.Type
	st.watermark = v.dep.Watermark
	if v.eppParams > 0 {
		st.eppParams = 1
		st.eppParamsEver = true
	} else if v.dep.Type == Full {
		st.eppParams = 0
	}
	v.rep.State = st

	// Referential integrity (RFC 9022 §8).
	for i := range v.refs {
		p := &v.refs[i]
		if r, ok := strings.CutPrefix(p.key, "roid:"); ok && p.target == KindHost {
			if st.hostRoids.has(st.fp(r)) {
				continue
			}
		} else {
			var fp uint64
			if p.target == KindHost || p.target == KindDomain {
				fp = st.fpName(p.key)
			} else {
				fp = st.fp(p.key)
			}
			if st.table(p.target).has(fp) {
				continue
			}
		}
		for _, s := range p.sites {
			code := refCode(s.src, p.target, s.what)
			v.add(&Error{Kind: ErrInvalid, Clause: clauseRefs + rstCase(code), Code: code, File: s.file, Object: s.object, Line: s.line, Offset: s.offset,
				Err: fmt.Errorf("<%s> references %s %q, which is not in the repository", s.what, p.target, p.key)})
		}
		if extra := p.n - int64(len(p.sites)); extra > 0 {
			v.add(&Error{Kind: ErrInvalid, Clause: clauseRefs + rstCase(refCode(p.src, p.target, p.what)), Code: refCode(p.src, p.target, p.what), Offset: -1,
				Err: fmt.Errorf("%d more references to the missing %s %q", extra, p.target, p.key)})
		}
	}
	// No name both a domain and an NNDN (RFC 9022 §8, §5.6).
	if st.nndns.size() > 0 && st.domains.size() > 0 {
		n := 0
		st.nndns.each(func(k, _ uint64) bool {
			if st.domains.has(k) {
				n++
			}
			return true
		})
		if n > 0 {
			v.findingC(codeNNDNConflict, nil, 0, clauseAgent+"; RST rde-12", "%d name(s) are both a domain and an NNDN", n)
		}
	}
	// Header.
	if v.headers == 0 {
		v.findingC(codeMissingObjectURI, nil, 0, "RFC 9022 §5.7; RA Spec 2 Part A §3.1; RST rde-05", "no <rdeHeader:header> in the deposit")
	}
	// Counts after replay (RFC 9022 §5.7: the number of objects in the repository).
	for _, k := range []Kind{KindDomain, KindHost, KindContact, KindRegistrar, KindIDNTableRef, KindNNDN, KindEppParams} {
		uri := k.modelURI()
		if v.csvKind[k] || (v.csvSeen && !v.xmlKind[k] && csvURI(k) != "" && v.header[csvURI(k)] != 0) {
			uri = csvURI(k)
		}
		if v.csvKind[k] && v.xmlKind[k] {
			v.findingC(codeMixedTypes, nil, 0, "RFC 9022 §2; ICANN RRI code 2206; RST rde-04", "%s objects use both the XML and the CSV model", k)
		}
		n := st.count(k)
		if n > 0 || v.header[uri] != 0 {
			v.rep.Counts[uri] = n
		}
		want, ok := v.header[uri]
		if !ok {
			if n > 0 {
				code := codeCountMismatch
				if !slices.Contains(v.dep.ObjURIs, uri) {
					code = codeUnexpectedObject
				}
				if v.rst != nil && !slices.Contains(v.dep.ObjURIs, uri) && v.rstExpected()[uri] {
					continue // RDE_MISSING_OBJECT_URI (rstURIs)
				}
				v.findingC(code, nil, v.headerLine, clauseCounts+"; RST rde-06", "header has no count for %s, repository has %d", uri, n)
			}
			continue
		}
		if want != n {
			what := "objects in the deposit"
			if v.dep.Type != Full {
				what = "objects in the repository after applying this " + string(v.dep.Type)
			}
			v.findingC(codeCountMismatch, nil, v.headerLine, clauseCounts+"; RST rde-06", "header count for %s is %d, but there are %d %s", uri, want, n, what)
		}
	}
	for uri := range v.header {
		if kindOfURI(uri) == KindUnknown && !strings.Contains(uri, "|") {
			v.rep.Skipped = append(v.rep.Skipped, fmt.Sprintf("header count for %s: unknown object URI, not checked", uri))
		}
	}
	// eppParams (RFC 9022 §8).
	if v.dep.Type == Full && v.eppParams == 0 && st.eppParamsEver {
		v.findingC(codeMissingEppParams, nil, 0, clauseAgent+"; RST rde-13", "no <rdeEppParams:eppParams> although one was escrowed before")
	}
	v.checkPolicies()
	if v.rst != nil {
		v.rstFinish()
	}
}

func csvURI(k Kind) string {
	switch k {
	case KindDomain:
		return NSCSVDomain
	case KindHost:
		return NSCSVHost
	case KindContact:
		return NSCSVContact
	case KindRegistrar:
		return NSCSVRegistrar
	case KindIDNTableRef:
		return NSCSVIDN
	case KindNNDN:
		return NSCSVNNDN
	}
	return ""
}

func kindOfURI(uri string) Kind {
	for _, k := range []Kind{KindDomain, KindHost, KindContact, KindRegistrar, KindIDNTableRef, KindNNDN, KindEppParams} {
		if uri == k.modelURI() || uri == csvURI(k) {
			return k
		}
	}
	return KindUnknown
}

// checkPolicies applies every <rdePolicy:policy> (RFC 9022 §5.9, §8).
func (v *verifier) checkPolicies() {
	for _, p := range v.policies {
		pol := p.Policy
		if pol == nil || pol.Err != "" || len(pol.Scope) == 0 || len(pol.Element) == 0 {
			why := "empty scope or element"
			if pol != nil && pol.Err != "" {
				why = pol.Err
			}
			v.findingC(codePolicyInvalid, p, 0, "RFC 9022 §5.9; RST rde-14", "policy cannot be applied: %s", why)
			continue
		}
		last := pol.Scope[len(pol.Scope)-1]
		k := objectKind(last.Space, last.Local, false)
		if k == KindUnknown || (len(pol.Scope) >= 2 && pol.Scope[len(pol.Scope)-2] != (Name{NSRDE, "contents"})) {
			v.rep.Skipped = append(v.rep.Skipped, fmt.Sprintf("policy at line %d: scope not of the form //rde:deposit/rde:contents/<object>, not checked", p.Line))
			continue
		}
		el := pol.Element[0]
		if len(pol.Element) > 1 {
			v.rep.Skipped = append(v.rep.Skipped, fmt.Sprintf("policy at line %d: only the first step of element %v is checked", p.Line, pol.Element))
		}
		if el.Space != last.Space {
			v.findingC(codePolicyInvalid, p, 0, "RFC 9022 §5.9; RST rde-14", "policy element {%s}%s is not in the namespace of its scope", el.Space, el.Local)
			continue
		}
		known := false
		required := false
		pidx := 0
		if t := objectType(&Object{Kind: k}); t != nil {
			for i, pt := range t.children {
				if pt.name == el {
					known = true
					required = pt.min > 0
					pidx = i
				}
			}
		}
		if !known {
			v.findingC(codePolicyInvalid, p, 0, "RFC 9022 §5.9; RST rde-14", "policy element %s is not an element of %s", el.Local, k)
			continue
		}
		if required {
			continue // the schema check already requires it
		}
		if len(v.lacking[k]) <= pidx || v.lacking[k][pidx].n == 0 {
			continue
		}
		li := &v.lacking[k][pidx]
		code := lackingCode(k, el.Local)
		for _, s := range li.first {
			v.add(&Error{Kind: ErrInvalid, Clause: "RFC 9022 §5.9, §8", Code: code, Object: s.object, Line: s.line, Offset: s.offset,
				Err: fmt.Errorf("lacks <%s>, required by the deposit's <rdePolicy:policy> (line %d)", el.Local, p.Line)})
		}
		if extra := li.n - int64(len(li.first)); extra > 0 {
			v.add(&Error{Kind: ErrInvalid, Clause: "RFC 9022 §5.9, §8", Code: code, Offset: -1,
				Err: fmt.Errorf("%d more %s objects lack <%s>, required by <rdePolicy:policy>", extra, k, el.Local)})
		}
	}
}
