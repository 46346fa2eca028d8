package dnssec

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"
)

// Speculative verification for the buffered pass.
//
// A zone that is not in canonical order (BIND's dnssec-signzone writes glue
// before its delegation and the NSEC3 records last) is read whole, sorted
// and only then checked, because whether an RRset is authoritative, glue
// or occluded (RFC 4035 §2.2) is known only from the whole name tree. While
// it is read, one core parses and the others would wait. The speculative
// workers use them: for each owner group read so far they check the RRSIGs
// over the group's RRsets with the apex keys, and remember the successes.
//
// A remembered success is only a cache of VerifyRRSIG's answer for the
// same inputs: the check proper still runs on every RRSIG in the normal
// pass, which reuses the answer only when its key is the very DNSKEY record
// being tried and its RRset holds exactly the records of the final RRset
// (a group merged with another part of the same owner elsewhere in the file
// has more records, and is verified again). Failures are not remembered,
// so every reported problem comes from the normal pass. Speculation tries
// at most one key per RRSIG and skips groups of more than zoneSpecMaxGroup
// records, so a hostile zone cannot make it cost more than one extra
// verification per RRSIG.

// zoneSpecMaxGroup is the largest owner group checked speculatively.
const zoneSpecMaxGroup = 256

// zspec remembers a successful speculative verification of one RRSIG.
type zspec struct {
	key *dns.DNSKEY // the record whose key verified the signature
	rrs []dns.RR    // the RRset it was verified over
}

// zoneSpeculator runs the speculative workers of one buffered pass.
type zoneSpeculator struct {
	now      time.Time
	allowDep bool
	drain    bool              // stopWorkers waits for every offered group (tests)
	keyed    bool              // the first SOA group has been seen
	keys     map[uint16][]*Key // its zone keys by tag
	jobs     chan []*zgroup
	stop     atomic.Bool
	stopped  bool
	wg       sync.WaitGroup
	done     atomic.Int64 // RRSIGs verified speculatively (tests)
}

func newZoneSpeculator(v *zoneVerifier) *zoneSpeculator {
	n := v.opts.workers()
	sp := &zoneSpeculator{now: v.now, allowDep: v.opts.AllowDeprecatedAlgorithms, drain: v.opts.testSpecDrain,
		jobs: make(chan []*zgroup, 2*n)}
	for range n {
		sp.wg.Add(1)
		go func() {
			defer sp.wg.Done()
			for batch := range sp.jobs {
				for _, g := range batch {
					if sp.stop.Load() {
						break
					}
					sp.verify(g)
				}
			}
		}()
	}
	return sp
}

// offer hands a batch of groups to the workers without ever blocking the
// reader: when they are busy, the batch is left to the normal pass.
func (sp *zoneSpeculator) offer(groups []*zgroup) {
	if !sp.keyed {
		for i, g := range groups {
			if g.has(dns.TypeSOA) {
				sp.setKeys(g)
				groups = groups[i:]
				break
			}
		}
		if !sp.keyed {
			return
		}
	}
	if len(sp.keys) == 0 || len(groups) == 0 {
		return
	}
	select {
	case sp.jobs <- groups:
	default:
	}
}

// setKeys takes the zone keys of the DNSKEY records in the first group with
// an SOA record, as the normal pass does at the apex (RFC 4034 §2.1.1-2).
func (sp *zoneSpeculator) setKeys(g *zgroup) {
	sp.keyed = true
	sp.keys = map[uint16][]*Key{}
	for _, r := range g.recs {
		k, ok := r.rr.(*dns.DNSKEY)
		if !ok || k.Flags&dns.ZONE == 0 || k.Protocol != 3 {
			continue
		}
		if key, err := newKey(k, sp.allowDep); err == nil {
			sp.keys[key.Tag] = append(sp.keys[key.Tag], key)
		}
	}
}

// stopWorkers ends speculation; afterwards the groups may be changed.
func (sp *zoneSpeculator) stopWorkers() {
	if sp.stopped {
		return
	}
	sp.stopped = true
	if !sp.drain {
		sp.stop.Store(true)
	}
	close(sp.jobs)
	sp.wg.Wait()
}

// verify checks the RRSIGs of one group and records the successes in the
// group's records.
func (sp *zoneSpeculator) verify(g *zgroup) {
	if len(g.recs) > zoneSpecMaxGroup {
		return
	}
	for i := range g.recs {
		sig, ok := g.recs[i].rr.(*dns.RRSIG)
		if !ok || sig.TypeCovered == dns.TypeRRSIG {
			continue
		}
		var key *Key
		for _, k := range sp.keys[sig.KeyTag] {
			if k.DNSKEY.Algorithm == sig.Algorithm {
				key = k
				break
			}
		}
		if key == nil {
			continue
		}
		var rrs []dns.RR
		for _, r := range g.recs {
			if r.rr.Header().Rrtype == sig.TypeCovered {
				rrs = append(rrs, r.rr)
			}
		}
		if len(rrs) > 0 && VerifyRRSIG(rrs, sig, key, sp.now) == nil {
			g.recs[i].spec = &zspec{key: key.DNSKEY, rrs: rrs}
			sp.done.Add(1)
		}
	}
}

// reuse reports whether a speculative success settles the RRSIG at index i
// of s for the key record k: same key record, same records in the RRset.
func (s *zrrset) reuse(i int, k *dns.DNSKEY) bool {
	if i >= len(s.specs) || s.specs[i] == nil || s.specs[i].key != k || len(s.specs[i].rrs) != len(s.rrs) {
		return false
	}
	for j, rr := range s.specs[i].rrs {
		if s.rrs[j] != rr {
			return false
		}
	}
	return true
}
