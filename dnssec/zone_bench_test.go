package dnssec

import (
	"bytes"
	"context"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// BenchmarkVerifyZone verifies the peer-signed fixtures and the 2022 root
// zone end to end (parse, index, chains, signatures on all cores).
func BenchmarkVerifyZone(b *testing.B) {
	for _, tc := range []struct {
		name, file string
		now        time.Time
	}{
		{"root-2022", "root-2022021501.zone.gz", time.Date(2022, 2, 20, 0, 0, 0, 0, time.UTC)},
		{"bind-nsec3-13", "bind-nsec3-13.zone", fixtureNow},
		{"ldns-nsec-15", "ldns-nsec-15.zone", fixtureNow},
		{"bind-optout-8", "bind-optout-8.zone", fixtureNow},
	} {
		b.Run(tc.name, func(b *testing.B) {
			z := []byte(readZoneFixture(b, tc.file))
			b.SetBytes(int64(len(z)))
			b.ReportAllocs()
			defer cpuMetric(b)()
			for b.Loop() {
				rep, err := VerifyZone(context.Background(), bytes.NewReader(z), &ZoneConfig{Now: at(tc.now)})
				if err != nil || rep.Verified != rep.Signatures {
					b.Fatal(err, rep.Err())
				}
			}
		})
	}
}

// BenchmarkZoneIndex measures everything but signature verification on
// the root zone (the zone has no DNSKEY for this run: signatures are then
// only matched to keys, not verified).
func BenchmarkZoneNoCrypto(b *testing.B) {
	z := readZoneFixture(b, "root-2022021501.zone.gz")
	var lines []string
	for _, l := range strings.Split(z, "\n") {
		if !strings.Contains(l, "\tDNSKEY\t") {
			lines = append(lines, l)
		}
	}
	data := []byte(strings.Join(lines, "\n"))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	defer cpuMetric(b)()
	for b.Loop() {
		if _, err := VerifyZone(context.Background(), bytes.NewReader(data), &ZoneConfig{Now: at(time.Date(2022, 2, 20, 0, 0, 0, 0, time.UTC))}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestZoneCryptoBound measures the pure Go crypto bound for a large zone
// named by SSR_ZONE_BENCH: the zone is parsed and grouped first (not timed),
// then every RRSIG is verified with VerifyRRSIG on GOMAXPROCS goroutines
// and nothing else, with the standard library's crypto (and, for RSA keys,
// again with the prepared modulus VerifyZone uses). Compare with the wall
// time of VerifyZone on the same file.
func TestZoneCryptoBound(t *testing.T) {
	file := os.Getenv("SSR_ZONE_BENCH")
	if file == "" {
		t.Skip("set SSR_ZONE_BENCH to a signed zone file")
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type job struct {
		rrs  []dns.RR
		sigs []*dns.RRSIG
	}
	sets := map[string]*job{}
	var order []*job
	var keys []*Key
	zp := dns.NewZoneParser(f, "", file)
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		h := rr.Header()
		typ := h.Rrtype
		if s, ok := rr.(*dns.RRSIG); ok {
			typ = s.TypeCovered
		}
		k := strings.ToLower(h.Name) + "/" + dns.Type(typ).String()
		j := sets[k]
		if j == nil {
			j = &job{}
			sets[k] = j
			order = append(order, j)
		}
		if s, ok := rr.(*dns.RRSIG); ok {
			j.sigs = append(j.sigs, s)
		} else {
			j.rrs = append(j.rrs, rr)
		}
		if k, ok := rr.(*dns.DNSKEY); ok {
			key, err := NewKey(k)
			if err != nil {
				t.Fatal(err)
			}
			keys = append(keys, key)
		}
	}
	if err := zp.Err(); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	bound := func(name string, keys []*Key) {
		n := runtime.GOMAXPROCS(0)
		ch := make(chan *job, 1024)
		var wg sync.WaitGroup
		var mu sync.Mutex
		verified := 0
		start := time.Now()
		cpu0 := processCPU()
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := 0
				for j := range ch {
					for _, s := range j.sigs {
						for _, k := range keys {
							if k.Tag == s.KeyTag && VerifyRRSIG(j.rrs, s, k, now) == nil {
								c++
								break
							}
						}
					}
				}
				mu.Lock()
				verified += c
				mu.Unlock()
			}()
		}
		for _, j := range order {
			ch <- j
		}
		close(ch)
		wg.Wait()
		wall := time.Since(start)
		t.Logf("crypto bound (%s): %d signatures verified on %d goroutines in %.2fs wall, %.2fs CPU", name, verified, n, wall.Seconds(), (processCPU() - cpu0).Seconds())
	}
	// The standard library's crypto alone; for RSA also with the modulus
	// prepared once per key (internal/rsapub), which is what VerifyZone uses.
	var std []*Key
	prepared := false
	for _, k := range keys {
		c := *k
		prepared = prepared || c.rsaPub != nil
		c.rsaPub = nil
		std = append(std, &c)
	}
	bound("standard library", std)
	if prepared {
		bound("RSA modulus prepared", keys)
	}
}

// BenchmarkVerifyZoneFile verifies the large zone named by SSR_ZONE_BENCH
// (for example a 100,000-name zone from dnssec-signzone) from disk.
func BenchmarkVerifyZoneFile(b *testing.B) {
	file := os.Getenv("SSR_ZONE_BENCH")
	if file == "" {
		b.Skip("set SSR_ZONE_BENCH to a signed zone file")
	}
	b.ReportAllocs()
	defer cpuMetric(b)()
	for b.Loop() {
		f, err := os.Open(file)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := VerifyZone(context.Background(), f, nil)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Verified), "sigs/op")
	}
}
