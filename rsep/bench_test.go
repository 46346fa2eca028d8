package rsep

import (
	"bytes"
	"context"
	"crypto"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// largeZone is an unsigned TLD zone with n delegations, each with two NS
// (one in-domain with glue) and a DS.
func largeZone(n int) string {
	var b strings.Builder
	b.WriteString(unsignedBase)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "d%d 86400 IN NS ns1.d%d\nd%d 86400 IN NS ns.registrar.net.\nns1.d%d 86400 IN A 185.24.%d.%d\n", i, i, i, i, 100+i/250, 1+i%250)
		fmt.Fprintf(&b, "d%d 86400 IN DS %d 13 2 %064X\n", i, i%65536, i)
	}
	return b.String()
}

func BenchmarkRunOfflineLarge(b *testing.B) {
	z, err := ReadZone(context.Background(), strings.NewReader(largeZone(20000)), "example.", "large", nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ReportMetric(float64(len(z.Records)), "records")
	for b.Loop() {
		if _, err := Run(context.Background(), &Target{Zone: z, Now: at(evalTime), Policy: &Policy{Reserved: []string{"www"}}}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadZoneLarge(b *testing.B) {
	text := largeZone(20000)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadZone(context.Background(), strings.NewReader(text), "example.", "large", nil); err != nil {
			b.Fatal(err)
		}
	}
}

// signedZone signs every authoritative RRset of the large zone with one
// ECDSA P-256 key (no denial records: the benchmark measures SEC02).
func signedZone(b *testing.B, n int) *Zone {
	z, err := ReadZone(context.Background(), strings.NewReader(largeZone(n)), "example.", "large", nil)
	if err != nil {
		b.Fatal(err)
	}
	key := &dns.DNSKEY{Hdr: dns.RR_Header{Name: "example.", Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET, Ttl: 3600}, Flags: 257, Protocol: 3, Algorithm: dns.ECDSAP256SHA256}
	priv, err := key.Generate(256)
	if err != nil {
		b.Fatal(err)
	}
	z.Records = append(z.Records, key)
	ix := buildIndex(z)
	for _, k := range ix.authoritative() {
		sig := &dns.RRSIG{Hdr: dns.RR_Header{Name: k.name, Rrtype: dns.TypeRRSIG, Class: dns.ClassINET, Ttl: 3600}, Inception: uint32(evalTime.Add(-24 * time.Hour).Unix()), Expiration: uint32(evalTime.Add(30 * 24 * time.Hour).Unix()), KeyTag: key.KeyTag(), SignerName: "example.", Algorithm: dns.ECDSAP256SHA256}
		if err := sig.Sign(priv.(crypto.Signer), ix.get(k.name, k.typ)); err != nil {
			b.Fatal(err)
		}
		z.Records = append(z.Records, sig)
	}
	return z
}

func BenchmarkSignatures(b *testing.B) {
	z := signedZone(b, 2000)
	var sigs int
	for _, rr := range z.Records {
		if rr.Header().Rrtype == dns.TypeRRSIG {
			sigs++
		}
	}
	b.ReportAllocs()
	b.ReportMetric(float64(sigs), "sigs/op")
	for b.Loop() {
		r, err := Run(context.Background(), &Target{Zone: z, Now: at(evalTime), Checks: []string{"SEC02"}})
		if err != nil || len(r.Findings) != 0 {
			b.Fatal(err, r.Findings)
		}
	}
}

func BenchmarkImportZonemaster(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "zonemaster-good.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ImportZonemaster(context.Background(), bytes.NewReader(data), nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSimulate(b *testing.B) {
	steps := timeline(b, "roll-", []string{"ok-0", "ok-1", "ok-2", "ok-3"}, []int{0, 1, 2, 4})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Simulate(context.Background(), steps); err != nil {
			b.Fatal(err)
		}
	}
}
