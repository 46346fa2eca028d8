package dnssec

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"
)

// ZoneConfig configures [VerifyZone], [NewZoneScanner] and
// [LimitZoneReader], which take it by pointer; nil means the zero value.
// The zero value is strict: every check is on, RFC 9276 and RFC 8624
// policies are enforced, $INCLUDE is refused and the clock is read once
// when verification starts.
type ZoneConfig struct {
	// Origin is the zone apex. Empty means the owner of the first SOA record.
	// It is also the initial $ORIGIN for relative names.
	Origin string
	// Anchors are DS or DNSKEY records for the apex (for example the IANA
	// root anchors). When set, the DNSKEY RRset must be validly signed by a
	// key matching one of them (RFC 4035 §5.2) and hold a key of every
	// anchor algorithm (RFC 6840 §5.11).
	Anchors []dns.RR
	// Now returns the validation time. Nil means time.Now, called once.
	Now func() time.Time
	// ExpiryWindow reports valid signatures that expire within this
	// duration of Now (0: off).
	ExpiryWindow time.Duration
	// AllowInclude lets $INCLUDE read files (off by default: a zone file
	// must not make the verifier open other files).
	AllowInclude bool
	// AllowDeprecatedAlgorithms accepts zone keys with algorithms RFC 8624
	// §3.1 marks MUST NOT or NOT RECOMMENDED for signing (1, 3, 5, 6, 7, 10, 12).
	AllowDeprecatedAlgorithms bool
	// MinRSABits is the smallest RSA modulus accepted for a zone key
	// (0: 2048, per NIST SP 800-57 Part 1 Rev. 5 §5.6.1.1 and RFC 8624 §3.1).
	MinRSABits int
	// AllowNSEC3Iterations and AllowNSEC3Salt accept NSEC3 parameters that
	// RFC 9276 §3.1 says signers must not use (iterations > 0, a salt).
	AllowNSEC3Iterations bool
	AllowNSEC3Salt       bool
	// AllowDNSKEYNotSignedBySEPKey drops the secure-entry-point rule (like
	// dnssec-verify -z): by default, when the apex has keys with the SEP
	// flag and no Anchors are given, the DNSKEY RRset must be validly
	// signed, for every algorithm, by a key with the SEP flag (see
	// zone_keys.go, sepChecks).
	AllowDNSKEYNotSignedBySEPKey bool
	// MaxRecords and MaxFindings override MaxZoneRecords and
	// MaxZoneFindings (0: the default).
	MaxRecords  int
	MaxFindings int
	// MaxLineLength and MaxGenerated override MaxZoneLineLength and
	// MaxZoneGenerated (0: the default).
	MaxLineLength int
	MaxGenerated  int
	// Memory is the memory budget in bytes (0: MaxZoneMemory). Input not in
	// canonical order is held in a sort buffer of at most
	// Memory×zoneSortShare bytes (records in wire format, about 100 bytes
	// each); past it, sorted runs are written to temporary files in TempDir
	// and merged. VerifyZone does not set the Go memory limit; a program
	// that verifies one zone at a time may (verifyzone sets it to Memory).
	Memory int64
	// TempDir holds the sorted runs ("": os.TempDir()). They are unlinked as
	// soon as they are created where the system allows it, and removed
	// before VerifyZone returns in any case.
	TempDir string
	// Progress, when set, is called from time to time with counts so far
	// and once at the end with Done set.
	Progress func(ZoneProgress)
	// File names the input in parse errors.
	File string

	// testWorkers is a test hook: the number of signature-verifying
	// goroutines (0: GOMAXPROCS).
	testWorkers int
}

// value returns a copy of *c, or the zero value for nil.
func (c *ZoneConfig) value() ZoneConfig {
	if c == nil {
		return ZoneConfig{}
	}
	return *c
}

// ZoneProgress is passed to ZoneConfig.Progress.
type ZoneProgress struct {
	Records  int // records read
	Names    int // authoritative names indexed
	Verified int // signatures checked so far
	Done     bool
}

func (o *ZoneConfig) maxRecords() int {
	if o.MaxRecords > 0 {
		return o.MaxRecords
	}
	return MaxZoneRecords
}

// zoneSortShare is the part of ZoneConfig.Memory the sort buffer may
// take: the name index, the records in flight and the collector's headroom
// need the rest.
const zoneSortShare = 0.3

func (o *ZoneConfig) sortBudget() int64 {
	m := o.Memory
	if m <= 0 {
		m = MaxZoneMemory
	}
	return int64(float64(m) * zoneSortShare)
}

func (o *ZoneConfig) maxProblems() int {
	if o.MaxFindings > 0 {
		return o.MaxFindings
	}
	return MaxZoneFindings
}

func (o *ZoneConfig) workers() int {
	if o.testWorkers > 0 {
		return o.testWorkers
	}
	return runtime.GOMAXPROCS(0)
}

func (o *ZoneConfig) minRSABits() int {
	if o.MinRSABits > 0 {
		return o.MinRSABits
	}
	return 2048
}

func zoneErrorf(format string, a ...any) error { return fmt.Errorf(format, a...) }

var errZoneRestart = errors.New("restart in buffered mode")

// VerifyZone reads a signed zone in presentation format (RFC 1035 §5) from
// r and checks it completely: every RRSIG (RFC 4035 §5.3) at the time
// opts.Now, that every authoritative RRset is signed with every algorithm of
// the apex DNSKEY RRset (RFC 4035 §2.2, RFC 6840 §5.11), that glue, occluded
// data and delegation NS RRsets are not signed, the NSEC (RFC 4035 §2.3) or
// NSEC3 (RFC 5155 §7.1) chain with its type bitmaps, NSEC3PARAM and the
// RFC 9276 parameter policy, the DNSKEY RRset against opts.Anchors, key
// algorithm and size policy (RFC 8624 §3.1) and the ZONEMD digest when
// present (RFC 8976 §4).
//
// A zone in canonical order (as Knot and ldns write it) is streamed:
// signatures are verified on all cores while the file is read, and memory
// holds only the name index plus the records in flight. Other input (BIND
// writes glue before its delegation and NSEC3 records last) is read a
// second time into a compact sort buffer (zone_sort.go) bounded by
// opts.Memory, spilled to sorted temporary files past it, and then checked
// in canonical order; that needs r to be an io.Seeker (a file,
// [ZoneFile] or bytes.Reader), otherwise VerifyZone returns an error
// wrapping ErrZoneOrder.
//
// The error result is non-nil only when the zone cannot be read (I/O error,
// syntax error, a limit) or ctx ends (the error then wraps ctx.Err());
// problems in the zone are in the report, see [ZoneReport.Err]. Reading,
// indexing and the signature workers all watch ctx, so cancelling it ends
// the call within a fraction of a second.
func VerifyZone(ctx context.Context, r io.Reader, cfg *ZoneConfig) (*ZoneReport, error) {
	opts := cfg.value()
	nowf := opts.Now
	if nowf == nil {
		nowf = time.Now
	}
	now := nowf()
	if opts.Origin != "" {
		if _, ok := dns.IsDomainName(opts.Origin); !ok {
			return nil, &Error{Kind: ErrMalformed, Clause: "RFC 1035 §2.3.1", Name: opts.Origin, Err: errors.New("bad origin")}
		}
		opts.Origin = canonicalName(dns.Fqdn(opts.Origin))
	}
	var start int64
	seeker, _ := r.(io.Seeker)
	if seeker != nil {
		off, err := seeker.Seek(0, io.SeekCurrent)
		if err != nil {
			seeker = nil
		}
		start = off
	}
	rep, err := runZone(ctx, r, &opts, now, false)
	if !errors.Is(err, errZoneRestart) {
		return rep, err
	}
	if seeker == nil {
		return nil, &Error{Kind: ErrZoneOrder, Clause: "RFC 4034 §6.1", Err: errors.New("sort the zone or pass an io.Seeker")}
	}
	if _, err := seeker.Seek(start, io.SeekStart); err != nil {
		return nil, err
	}
	return runZone(ctx, r, &opts, now, true)
}

// zoneCtxErr is the error of a verification that ctx ended.
func zoneCtxErr(ctx context.Context) error {
	return &Error{Kind: ctx.Err(), Err: context.Cause(ctx)}
}

// runZone makes one pass over r. In streaming mode it returns errZoneRestart
// when the input turns out not to be in canonical order.
func runZone(ctx context.Context, r io.Reader, opts *ZoneConfig, now time.Time, buffered bool) (rep *ZoneReport, err error) {
	if ctx.Err() != nil {
		return nil, zoneCtxErr(ctx)
	}
	v := newZoneVerifier(opts, now)
	v.ctx = ctx
	v.rep.Sorted = !buffered
	batches := make(chan zoneReadBatch, 16)
	stop := make(chan struct{})
	var rwg sync.WaitGroup
	rwg.Add(1)
	go func() {
		defer rwg.Done()
		readZoneGroups(r, opts.Origin, opts, batches, stop)
	}()
	v.startWorkers()
	defer func() {
		close(stop)
		rwg.Wait()
		if err != nil {
			v.stopWorkers()
		}
	}()

	var (
		sorter     *zoneSorter
		firstSOA   string
		nextReport = 100_000
	)
	if buffered {
		sorter = newZoneSorter(opts.sortBudget(), opts.TempDir)
		defer sorter.close()
	}
	for {
		var b zoneReadBatch
		select {
		case b = <-batches:
		case <-ctx.Done():
			return nil, zoneCtxErr(ctx)
		}
		v.rep.Records += b.records
		if b.done {
			if b.err != nil {
				return nil, b.err
			}
			break
		}
		for _, g := range b.groups {
			if buffered {
				if firstSOA == "" && g.has(dns.TypeSOA) {
					firstSOA = g.key
				}
				if err := sorter.add(g); err != nil {
					return nil, err
				}
				continue
			}
			if err := v.group(g); err != nil {
				return nil, err
			}
		}
		if opts.Progress != nil && v.rep.Records >= nextReport {
			nextReport += 100_000
			opts.Progress(ZoneProgress{Records: v.rep.Records, Names: len(v.names), Verified: int(v.checked.Load())})
		}
	}
	if buffered {
		if v.origin == "" {
			v.origin = firstSOA
		}
		// Owners come back from wire format: the origin in the same form.
		v.origin = zoneWireText(v.origin)
		// One index entry per owner group at most, plus a few empty
		// non-terminals: sized once rather than grown (and copied) by a
		// quarter at a time.
		v.names = make([]zname, 0, sorter.seq+sorter.seq/16+16)
		n := 0
		err := sorter.each(func(g *zgroup) error {
			if n++; n%4096 == 0 && ctx.Err() != nil {
				return zoneCtxErr(ctx)
			}
			return v.group(g)
		})
		if err != nil {
			return nil, err
		}
	}
	if ctx.Err() != nil {
		return nil, zoneCtxErr(ctx)
	}
	if err := v.finish(); err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		opts.Progress(ZoneProgress{Records: v.rep.Records, Names: len(v.names), Verified: v.rep.Signatures, Done: true})
	}
	return v.rep, nil
}

func (g *zgroup) has(t uint16) bool {
	for _, r := range g.recs {
		if r.rr.Header().Rrtype == t {
			return true
		}
	}
	return false
}

// Name flags in the index.
const (
	zApex     = 1 << iota // the zone apex
	zDeleg                // delegation point (NS below the apex)
	zSecure               // delegation with a DS RRset
	zENT                  // empty non-terminal
	zSigned               // has RRSIGs over authoritative data
	zNeeded               // ENT that must have an NSEC3 even with opt-out
	zHasNSEC3             // owner of NSEC3 records (not a name of its own)
)

// zname is one entry of the sorted name index.
type zname struct {
	name     string   // lower-case, fully qualified
	types    []uint16 // sorted types present (authoritative only)
	line     int
	flags    uint8
	nsec     *dns.NSEC
	nsecLine int
	nsecs    uint8 // NSEC records at this name
}

// zoneVerifier holds the state of one pass.
type zoneVerifier struct {
	ctx  context.Context
	opts *ZoneConfig
	now  time.Time
	rep  *ZoneReport
	prob zoneProblems

	origin     string
	apexDone   bool
	pending    []*zgroup       // groups seen before the apex
	last       string          // last in-zone owner, for the order check
	lastNSEC3  string          // last owner of an NSEC3-only group
	aside      map[string]bool // owners of NSEC3 groups taken out of order (nsec3Aside)
	cut        string          // current delegation point or DNAME owner
	path       []string        // ancestors of the last indexed name (apex first)
	names      []zname
	nsec3      []zNSEC3
	nsec3Recs  int
	nsecRecs   int
	params     []zNSEC3PARAM
	lastParams zoneNSEC3Params

	keys      []*zkey
	keysByTag map[uint16][]*zkey
	algs      []uint8 // algorithms of usable zone keys, sorted
	signed    bool    // apex has a DNSKEY RRset

	zonemd *zonemdState

	pool         *zonePool
	checked      zoneCounter
	sepUndecided atomic.Bool // a limit left an apex DNSKEY RRSIG unverified (sepChecks)
}

func newZoneVerifier(opts *ZoneConfig, now time.Time) *zoneVerifier {
	v := &zoneVerifier{
		ctx:       context.Background(),
		opts:      opts,
		now:       now,
		rep:       &ZoneReport{Denial: DenialNone, ZONEMD: ZONEMDAbsent},
		origin:    opts.Origin,
		keysByTag: map[uint16][]*zkey{},
	}
	v.prob.max = opts.maxProblems()
	return v
}

func (v *zoneVerifier) problem(e *Error) { v.prob.add(e) }

// inZone reports whether name is at or below the origin (names.go: wire
// form, label boundaries, escapes decoded).
func (v *zoneVerifier) inZone(name string) bool { return IsAtOrBelow(name, v.origin) }

// group processes one owner group in canonical order.
func (v *zoneVerifier) group(g *zgroup) error {
	if v.origin == "" {
		if !g.has(dns.TypeSOA) {
			v.pending = append(v.pending, g)
			return nil
		}
		v.origin = g.key
	}
	if !v.inZone(g.key) {
		v.outOfZone(g)
		return nil
	}
	if !v.apexDone {
		if g.key != v.origin {
			if v.rep.Sorted {
				// In canonical order the apex precedes every name below it.
				return errZoneRestart
			}
			v.pending = append(v.pending, g)
			return nil
		}
		v.apex(g)
		v.apexDone = true
		v.last = g.key
		v.index(g)
		pend := v.pending
		v.pending = nil
		for _, p := range pend {
			if err := v.group(p); err != nil {
				return err
			}
		}
		return nil
	}
	if c := CompareNames(v.last, g.key); c >= 0 {
		if v.rep.Sorted {
			if v.nsec3Aside(g) {
				return nil
			}
			return errZoneRestart
		}
		// Buffered input is sorted and merged: cannot happen.
		return &Error{Kind: ErrMalformed, Name: g.key, Err: errors.New("internal: owner out of order")}
	}
	if v.aside[g.key] {
		return errZoneRestart // a name that an NSEC3 group out of order already had
	}
	v.last = g.key
	if zoneNSEC3Only(g) {
		v.lastNSEC3 = g.key
	}
	v.index(g)
	return nil
}

// nsec3Aside takes an owner group of NSEC3 records (and their RRSIGs) that
// comes out of canonical order while streaming, as BIND writes the NSEC3
// records after all other names: their owners are hashes directly below
// the apex (RFC 5155 §7.1), outside the namespace whose order the checks
// need, and the NSEC3 chain is sorted by hash on its own. It declines (and
// the zone is read again, sorted) when the order could matter: with ZONEMD
// (the digest is over canonical order, RFC 8976 §3.3.1), when such groups
// are not in increasing order among themselves (an owner split in two),
// or when the owner is also an indexed name.
func (v *zoneVerifier) nsec3Aside(g *zgroup) bool {
	if v.zonemd != nil || !zoneNSEC3Only(g) || !EqualNames(parentName(g.key), v.origin) {
		return false
	}
	if v.lastNSEC3 != "" && CompareNames(v.lastNSEC3, g.key) >= 0 {
		return false
	}
	i := sort.Search(len(v.names), func(i int) bool { return CompareNames(v.names[i].name, g.key) >= 0 })
	if i < len(v.names) && EqualNames(v.names[i].name, g.key) {
		return false
	}
	if v.aside == nil {
		v.aside = map[string]bool{}
	}
	v.aside[g.key] = true
	v.lastNSEC3 = g.key
	cut := v.cut
	v.index(g)
	v.cut = cut
	return true
}

// zoneNSEC3Only reports whether g holds NSEC3 records and nothing but
// them and RRSIGs over them.
func zoneNSEC3Only(g *zgroup) bool {
	n := 0
	for _, r := range g.recs {
		switch rr := r.rr.(type) {
		case *dns.NSEC3:
			n++
		case *dns.RRSIG:
			if rr.TypeCovered != dns.TypeNSEC3 {
				return false
			}
		default:
			return false
		}
	}
	return n > 0
}

func (v *zoneVerifier) outOfZone(g *zgroup) {
	seen := map[uint16]bool{}
	for _, r := range g.recs {
		t := r.rr.Header().Rrtype
		if seen[t] {
			continue
		}
		seen[t] = true
		v.problem(&Error{Kind: ErrOutOfZone, Clause: "RFC 1034 §4.2.1", RR: r.rr, Line: r.line,
			Err: zoneErrorf("not at or below the zone apex %s", v.origin)})
	}
}

// rrsetOf splits a group into RRsets (file order of first appearance) and
// the RRSIGs of each covered type.
type zrrset struct {
	typ   uint16
	rrs   []dns.RR
	lines []int // line of each record of rrs
	line  int   // line of the first record
	sigs  []*dns.RRSIG
	slins []int // line of each RRSIG
}

func zoneSplit(g *zgroup) (sets []*zrrset, sigs []*zrrset) {
	find := func(list []*zrrset, t uint16) *zrrset {
		for _, s := range list {
			if s.typ == t {
				return s
			}
		}
		return nil
	}
	for _, r := range g.recs {
		if sig, ok := r.rr.(*dns.RRSIG); ok {
			s := find(sigs, sig.TypeCovered)
			if s == nil {
				s = &zrrset{typ: sig.TypeCovered, line: r.line}
				sigs = append(sigs, s)
			}
			s.sigs = append(s.sigs, sig)
			s.slins = append(s.slins, r.line)
			continue
		}
		t := r.rr.Header().Rrtype
		s := find(sets, t)
		if s == nil {
			s = &zrrset{typ: t, line: r.line}
			sets = append(sets, s)
		}
		s.rrs = append(s.rrs, r.rr)
		s.lines = append(s.lines, r.line)
	}
	for _, s := range sets {
		if c := find(sigs, s.typ); c != nil {
			s.sigs, s.slins = c.sigs, c.slins
		}
	}
	return sets, sigs
}

// index classifies a group (authoritative, delegation, glue, occluded),
// adds it to the name index and the ZONEMD digest, and queues its
// signatures for verification.
func (v *zoneVerifier) index(g *zgroup) {
	if v.zonemd != nil {
		v.zonemd.add(g, g.key == v.origin)
	}
	sets, sigs := zoneSplit(g)

	// Below a zone cut or DNAME: glue or occluded, never signed (RFC 4035 §2.2).
	if v.cut != "" && g.key != v.cut && IsAtOrBelow(g.key, v.cut) {
		v.belowCut(g, sets, sigs)
		return
	}
	v.cut = ""

	n, deleg, hashedOwner := v.classify(g, sets, sigs)
	types, signedAuth := v.authoritative(g, sets, &n, deleg)
	v.coveredTypesPresent(g, sets, sigs)
	v.contentChecks(g.key, sets, deleg)

	if hashedOwner {
		return // hashed owner name: not a name of the zone's namespace
	}
	if signedAuth {
		types = append(types, dns.TypeRRSIG)
		n.flags |= zSigned
	}
	sort.Slice(types, func(i, j int) bool { return types[i] < types[j] })
	n.types = types
	v.addName(n)
}

// belowCut reports the signatures and NSEC/NSEC3 records of a group below
// a zone cut or DNAME: glue and occluded data are not authoritative and
// never signed (RFC 4035 §2.2), and have no NSEC (RFC 4035 §2.3) or NSEC3
// (RFC 5155 §7.1).
func (v *zoneVerifier) belowCut(g *zgroup, sets, sigs []*zrrset) {
	for _, s := range sigs {
		for i, sig := range s.sigs {
			v.problem(&Error{Kind: ErrSignedNonAuthoritative, Clause: "RFC 4035 §2.2", RR: sig, Line: s.slins[i],
				Err: zoneErrorf("%s is below the zone cut %s (glue or occluded data)", g.key, v.cut)})
		}
	}
	for _, s := range sets {
		switch s.typ {
		case dns.TypeNSEC:
			v.problem(&Error{Kind: ErrNSECChain, Clause: "RFC 4035 §2.3", RR: s.rrs[0], Line: s.line,
				Err: zoneErrorf("NSEC at non-authoritative name below %s", v.cut)})
		case dns.TypeNSEC3:
			v.problem(&Error{Kind: ErrNSEC3Chain, Clause: "RFC 5155 §7.1", RR: s.rrs[0], Line: s.line,
				Err: zoneErrorf("NSEC3 below the zone cut %s", v.cut)})
		}
	}
}

// classify starts the index entry of an authoritative group: apex,
// delegation point (NS below the apex) and secure delegation (with DS),
// and sets the zone cut that the names below it fall under (a delegation
// or a DNAME). A DS RRset elsewhere is reported (RFC 4035 §2.4).
// hashedOwner is true for a group of NSEC3 records (or their RRSIGs) and
// nothing else: its owner is a hash, not a name of the namespace.
func (v *zoneVerifier) classify(g *zgroup, sets, sigs []*zrrset) (n zname, deleg, hashedOwner bool) {
	n = zname{name: g.key, line: g.recs[0].line}
	apex := g.key == v.origin
	if apex {
		n.flags |= zApex
	}
	isNSEC3Owner := false
	hasOther := false
	for _, s := range sigs {
		if s.typ == dns.TypeNSEC3 {
			isNSEC3Owner = true // even when the NSEC3 itself is missing
		}
	}
	for _, s := range sets {
		switch s.typ {
		case dns.TypeNSEC3:
			isNSEC3Owner = true
		case dns.TypeNS:
			if !apex {
				n.flags |= zDeleg
			}
			hasOther = true
		default:
			hasOther = true
		}
	}
	deleg = n.flags&zDeleg != 0
	if deleg {
		v.cut = g.key
	}
	for _, s := range sets {
		if s.typ == dns.TypeDS && deleg {
			n.flags |= zSecure
		}
		if s.typ == dns.TypeDS && !deleg {
			// A DS RRset belongs to the parent side of a zone cut (RFC 4035 §2.4).
			v.problem(&Error{Kind: ErrZoneContent, Clause: "RFC 4035 §2.4", RR: s.rrs[0], Line: s.line,
				Err: zoneErrorf("DS at %s, which is not a delegation point", g.key)})
		}
		if s.typ == dns.TypeDNAME && !deleg {
			v.cut = g.key
		}
	}
	return n, deleg, isNSEC3Owner && !hasOther
}

// authoritative sorts the RRsets of a group into authoritative ones, whose
// signatures it queues and whose types it returns for the index, and
// non-authoritative ones, which must not be signed (RFC 4035 §2.2): at a
// delegation point only DS and NSEC are authoritative, elsewhere
// everything. NSEC3 RRsets go to the NSEC3 chain. It records the NSEC of
// the name in n; signedAuth reports an authoritative RRset with RRSIGs.
func (v *zoneVerifier) authoritative(g *zgroup, sets []*zrrset, n *zname, deleg bool) (types []uint16, signedAuth bool) {
	auth := func(t uint16) bool {
		if !deleg {
			return true
		}
		return t == dns.TypeDS || t == dns.TypeNSEC
	}
	for _, s := range sets {
		if s.typ == dns.TypeNSEC3 {
			v.addNSEC3(s)
		} else if auth(s.typ) {
			types = append(types, s.typ)
		} else if s.typ != dns.TypeNS {
			// Occluded data at a delegation point (or glue named like the cut).
			for i, sig := range s.sigs {
				v.problem(&Error{Kind: ErrSignedNonAuthoritative, Clause: "RFC 4035 §2.2", RR: sig, Line: s.slins[i],
					Err: zoneErrorf("%s/%s at the delegation point %s is not authoritative", g.key, dns.Type(s.typ), g.key)})
			}
			continue
		} else {
			for i, sig := range s.sigs {
				v.problem(&Error{Kind: ErrSignedNonAuthoritative, Clause: "RFC 4035 §2.2", RR: sig, Line: s.slins[i],
					Err: errors.New("the NS RRset at a delegation point must not be signed")})
			}
			types = append(types, s.typ)
			continue
		}
		if s.typ == dns.TypeNSEC {
			v.nsecRecs += len(s.rrs)
			n.nsec, _ = s.rrs[0].(*dns.NSEC)
			n.nsecLine = s.line
			n.nsecs = uint8(min(len(s.rrs), 255))
		}
		if len(s.sigs) > 0 && s.typ != dns.TypeNSEC3 {
			signedAuth = true
		}
		v.queue(g.key, s)
	}
	return types, signedAuth
}

// coveredTypesPresent reports RRSIGs whose covered type has no RRset at
// the owner (RFC 4034 §3.1.1).
func (v *zoneVerifier) coveredTypesPresent(g *zgroup, sets, sigs []*zrrset) {
	for _, s := range sigs {
		found := false
		for _, t := range sets {
			if t.typ == s.typ {
				found = true
				break
			}
		}
		if !found {
			for i, sig := range s.sigs {
				v.problem(&Error{Kind: ErrZoneContent, Clause: "RFC 4034 §3.1.1", RR: sig, Line: s.slins[i],
					Err: zoneErrorf("covers %s but %s has no such RRset", dns.Type(s.typ), g.key)})
			}
		}
	}
}

// addName appends n to the index, inserting empty non-terminals between
// it and its closest indexed ancestor (RFC 5155 §7.1 gives them NSEC3s).
func (v *zoneVerifier) addName(n zname) {
	for len(v.path) > 0 && !IsAtOrBelow(n.name, v.path[len(v.path)-1]) {
		v.path = v.path[:len(v.path)-1]
	}
	if len(v.path) > 0 {
		for _, ent := range namesBetween(n.name, v.path[len(v.path)-1]) {
			v.names = append(v.names, zname{name: ent, line: n.line, flags: zENT})
			v.path = append(v.path, ent)
		}
	}
	v.names = append(v.names, n)
	v.path = append(v.path, n.name)
}

// contentChecks reports structural faults of one authoritative name.
func (v *zoneVerifier) contentChecks(owner string, sets []*zrrset, deleg bool) {
	var cname *zrrset
	for _, s := range sets {
		if s.typ == dns.TypeCNAME {
			cname = s
		}
	}
	if cname != nil {
		for _, s := range sets {
			switch s.typ {
			case dns.TypeCNAME, dns.TypeRRSIG, dns.TypeNSEC, dns.TypeNSEC3:
			default:
				if deleg && s.typ != dns.TypeDS {
					continue
				}
				v.problem(&Error{Kind: ErrZoneContent, Clause: "RFC 2181 §10.1, RFC 4035 §2.5", RR: s.rrs[0], Line: s.line,
					Err: zoneErrorf("%s has a CNAME and other data", owner)})
			}
		}
	}
}

// finish runs the checks that need the whole zone.
func (v *zoneVerifier) finish() error {
	if v.origin == "" || !v.apexDone {
		v.stopWorkers()
		return &Error{Kind: ErrMalformed, Clause: "RFC 1035 §5.2", Err: errors.New("no SOA record: not a zone")}
	}
	v.flush()
	v.stopWorkers()
	v.rep.Origin = v.origin
	v.rep.Names = len(v.names)
	v.denialChecks()
	v.sepChecks()
	if v.zonemd != nil {
		v.zonemd.finish(v)
	}
	for _, k := range v.keys {
		v.rep.Keys = append(v.rep.Keys, ZoneKey{Tag: k.tag, Algorithm: k.rr.Algorithm, Flags: k.rr.Flags,
			Bits: k.bits, Anchored: k.anchored, Signs: int(k.signs.Load())})
	}
	v.pool.merge(v)
	v.rep.Findings = v.prob.list
	v.rep.Dropped = v.prob.omitted
	sortZoneProblems(v.rep.Findings)
	return nil
}

// zoneWireText is name as it reads back from wire format (the form of the
// owners the sort buffer returns), lower-cased.
func zoneWireText(name string) string {
	var buf [maxNameWire + 1]byte
	n, err := dns.PackDomainName(dns.Fqdn(name), buf[:], 0, nil, false)
	if err != nil {
		return name
	}
	s, _, err := dns.UnpackDomainName(buf[:n], 0)
	if err != nil {
		return name
	}
	return strings.ToLower(s)
}
