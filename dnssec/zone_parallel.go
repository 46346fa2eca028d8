package dnssec

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"
)

type zoneCounter = atomic.Int64

// zoneSigJob asks a worker to check every RRSIG over one authoritative RRset.
type zoneSigJob struct {
	owner string
	s     *zrrset
}

// zonePool verifies signatures on all cores. Jobs come in batches so the
// channel is cheap; the channel capacity bounds the records in flight, so
// memory does not grow with the zone.
type zonePool struct {
	jobs    chan []zoneSigJob
	batch   []zoneSigJob
	wg      sync.WaitGroup
	workers []*zworker
	stopped bool
}

type zworker struct {
	prob     zoneProblems
	rrsets   int
	sigs     int
	verified int
}

const zoneBatch = 64

func (v *zoneVerifier) startWorkers() {
	n := v.opts.workers()
	p := &zonePool{jobs: make(chan []zoneSigJob, 8*n)}
	for range n {
		w := &zworker{prob: zoneProblems{max: v.prob.max}}
		p.workers = append(p.workers, w)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for batch := range p.jobs {
				if v.ctx.Err() != nil {
					continue // drain: the verification was cancelled
				}
				for _, j := range batch {
					w.verify(v, j.owner, j.s)
				}
			}
		}()
	}
	v.pool = p
}

// queue schedules the signature checks of one authoritative RRset.
func (v *zoneVerifier) queue(owner string, s *zrrset) {
	p := v.pool
	p.batch = append(p.batch, zoneSigJob{owner: owner, s: s})
	if len(p.batch) >= zoneBatch {
		p.jobs <- p.batch
		p.batch = make([]zoneSigJob, 0, zoneBatch)
	}
}

func (v *zoneVerifier) flush() {
	p := v.pool
	if len(p.batch) > 0 && !p.stopped {
		p.jobs <- p.batch
		p.batch = nil
	}
}

func (v *zoneVerifier) stopWorkers() {
	p := v.pool
	if p == nil || p.stopped {
		return
	}
	p.stopped = true
	close(p.jobs)
	p.wg.Wait()
}

// merge adds the workers' findings and counts to the report.
func (p *zonePool) merge(v *zoneVerifier) {
	for _, w := range p.workers {
		v.rep.RRsets += w.rrsets
		v.rep.Signatures += w.sigs
		v.rep.Verified += w.verified
		for _, e := range w.prob.list {
			v.prob.add(e)
		}
		v.prob.omitted += w.prob.omitted
	}
}

// verify checks every RRSIG over one RRset and that each zone algorithm
// has at least one valid signature.
func (w *zworker) verify(v *zoneVerifier, owner string, s *zrrset) {
	w.rrsets++
	var ok, limited [4]uint64 // algorithms with a valid signature; left undecided by a limit
	set := func(bits *[4]uint64, alg uint8) { bits[alg/64] |= 1 << (alg % 64) }
	apexKeys := s.typ == dns.TypeDNSKEY && owner == v.origin
	ttl := s.rrs[0].Header().Ttl
	for i, sig := range s.sigs {
		line := s.slins[i]
		if i == MaxZoneRRSIGsPerRRset {
			w.prob.add(&Error{Kind: ErrLimitExceeded, Clause: "limits.go MaxZoneRRSIGsPerRRset", RR: sig, Line: line,
				Err: zoneErrorf("%d RRSIGs over one RRset; those after the first %d are not verified", len(s.sigs), MaxZoneRRSIGsPerRRset)})
			// The unverified RRSIGs may be the valid ones: their algorithms
			// are undecided, not unsigned.
			for _, rest := range s.sigs[i:] {
				set(&limited, rest.Algorithm)
			}
			break
		}
		w.sigs++
		v.checked.Add(1)
		if !EqualNames(sig.SignerName, v.origin) {
			w.prob.add(&Error{Kind: ErrBogus, Clause: "RFC 4035 §2.2", RR: sig, Line: line,
				Err: zoneErrorf("signer name %s is not the zone apex %s", sig.SignerName, v.origin)})
			continue
		}
		if sig.Hdr.Ttl != ttl {
			w.prob.add(&Error{Kind: ErrZoneContent, Clause: "RFC 4034 §3", RR: sig, Line: line,
				Err: zoneErrorf("RRSIG TTL %d differs from the RRset TTL %d", sig.Hdr.Ttl, ttl)})
		}
		if sig.OrigTtl != ttl {
			w.prob.add(&Error{Kind: ErrZoneContent, Clause: "RFC 4034 §3.1.4", RR: sig, Line: line,
				Err: zoneErrorf("original TTL %d differs from the RRset TTL %d", sig.OrigTtl, ttl)})
		}
		tried, candidates, err := w.tryKeys(v, s, i, sig, apexKeys)
		if tried == 0 {
			w.prob.add(&Error{Kind: ErrBogus, Clause: "RFC 4035 §5.3.1", RR: sig, Line: line,
				Err: zoneErrorf("no usable zone DNSKEY with tag %d and algorithm %d at the apex", sig.KeyTag, sig.Algorithm)})
			continue
		}
		if err != nil && candidates > tried {
			// Keys that were not tried may verify it: say the limit was
			// reached, not that the signature is bad.
			w.prob.add(&Error{Kind: ErrLimitExceeded, Clause: "limits.go MaxZoneKeyTagCollisions", RR: sig, Line: line,
				Err: zoneErrorf("%d zone keys share key tag %d and algorithm %d; the first %d tried do not verify this RRSIG and the other %d were not tried, so it is neither verified nor known to be bad",
					candidates, sig.KeyTag, sig.Algorithm, tried, candidates-tried)})
			set(&limited, sig.Algorithm)
			if apexKeys {
				v.sepUndecided.Store(true)
			}
			continue
		}
		if err != nil {
			w.prob.add(zoneSigError(err, sig, line))
			continue
		}
		w.verified++
		set(&ok, sig.Algorithm)
		if win := v.opts.ExpiryWindow; win > 0 {
			exp := zoneSerialTime(sig.Expiration, v.now.Unix())
			if left := exp - v.now.Unix(); left < int64(win.Seconds()) {
				w.prob.add(&Error{Kind: ErrExpiresSoon, Clause: "RFC 4034 §3.1.5", RR: sig, Line: line,
					Err: zoneErrorf("expires in %s, within the %s window", zoneSeconds(left), win)})
			}
		}
	}
	if apexKeys && limited != [4]uint64{} {
		v.sepUndecided.Store(true)
	}
	var missing []uint8
	for _, a := range v.algs {
		if (ok[a/64]|limited[a/64])&(1<<(a%64)) == 0 {
			missing = append(missing, a)
		}
	}
	if len(missing) > 0 {
		what := "no valid RRSIG"
		if len(s.sigs) == 0 {
			what = "no RRSIG"
		}
		w.prob.add(&Error{Kind: ErrUnsignedRRset, Clause: "RFC 4035 §2.2, RFC 6840 §5.11", Name: owner, Type: s.typ, Line: s.line,
			Err: zoneErrorf("%s for algorithm(s) %s", what, zoneAlgList(missing))})
	}
}

// tryKeys verifies the RRSIG at index i of s with the apex keys of its key
// tag and algorithm, at most MaxZoneKeyTagCollisions of them (KeyTrap,
// CVE-2023-50387). It returns nil once one verifies, or the last key's
// error, with the number of keys tried and the number of candidates (which
// exceeds tried only when the limit stopped the search).
func (w *zworker) tryKeys(v *zoneVerifier, s *zrrset, i int, sig *dns.RRSIG, apexKeys bool) (tried, candidates int, err error) {
	for _, k := range v.keysByTag[sig.KeyTag] {
		if k.rr.Algorithm != sig.Algorithm || k.key == nil {
			continue
		}
		candidates++
		if tried == MaxZoneKeyTagCollisions {
			continue // counted, not tried
		}
		tried++
		err = VerifyRRSIG(s.rrs, sig, k.key, v.now)
		if err == nil {
			k.signs.Add(1)
			if apexKeys {
				k.signsKeys.Store(true)
			}
			return tried, candidates, nil
		}
	}
	return tried, candidates, err
}

// zoneSigError turns an error of VerifyRRSIG into a located *Error.
func zoneSigError(err error, sig *dns.RRSIG, line int) *Error {
	var e *Error
	if errors.As(err, &e) {
		c := *e
		if c.RR == nil {
			c.RR = sig
		}
		c.Line = line
		return &c
	}
	return &Error{Kind: ErrBogus, Clause: "RFC 4035 §5.3", RR: sig, Line: line, Err: err}
}

// zoneSerialTime maps a 32-bit RRSIG time to Unix seconds near now
// (RFC 4034 §3.1.5: serial number arithmetic, RFC 1982).
func zoneSerialTime(t uint32, now int64) int64 {
	return now + int64(int32(t-uint32(now)))
}

func zoneSeconds(s int64) string {
	if s < 0 {
		return "the past"
	}
	return (time.Duration(s) * time.Second).String()
}

func zoneAlgList(as []uint8) string {
	out := ""
	for i, a := range as {
		if i > 0 {
			out += ", "
		}
		out += zoneErrorf("%d (%s)", a, dns.AlgorithmToString[a]).Error()
	}
	return out
}
