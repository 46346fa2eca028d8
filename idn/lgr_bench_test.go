package idn

import (
	"sort"
	"testing"
	"time"

	"github.com/ssrkit/ssr/idn/internal/rzlgr"
)

// rzBenchLabels are TLD strings in several RZ-LGR scripts, some delegated
// (they collide with themselves), some not.
var rzBenchLabels = []string{
	"example", "network", "café", "москва", "онлайн", "αβγ", "ελ", "شبكة", "קום",
	"中国", "日本", "한국", "հայ", "भारत", "ไทย", "გე", "paris", "xn--p1ai",
}

// BenchmarkRootZoneEvaluate measures one TLD label through the embedded
// RZ-LGR: element LGR of the label's script, then the index label under the
// common LGR against the ~1,500 delegated TLDs (a map lookup). LGRs are
// loaded before timing.
func BenchmarkRootZoneEvaluate(b *testing.B) {
	for _, l := range rzBenchLabels {
		if r := EvaluateRootZone(l, nil); r.Element == nil {
			b.Fatalf("%s: %v", l, r.Err())
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		EvaluateRootZone(rzBenchLabels[i%len(rzBenchLabels)], nil)
		i++
	}
}

// BenchmarkLGREvaluate is one label against one element LGR (Arabic: 17
// rules, 21 actions).
func BenchmarkLGREvaluate(b *testing.B) {
	l, err := RootZoneScript("Arab")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		l.Evaluate("شبكة")
	}
}

func BenchmarkLGRIndexLabel(b *testing.B) {
	l, err := RootZoneCommon()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		l.IndexLabel("москва")
	}
}

func BenchmarkLGRVariants(b *testing.B) {
	l, err := RootZoneScript("Latn")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		l.Variants("cafe", 0)
	}
}

func benchLoad(b *testing.B, file string) {
	b.ReportAllocs()
	for b.Loop() {
		rc, err := rzlgr.Open(rzlgr.RootZoneDir, file)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ParseLGR(rc, nil); err != nil {
			b.Fatal(err)
		}
		rc.Close()
	}
}

// BenchmarkLGRLoadCommon decompresses and parses the RZ-LGR-5 common LGR
// (2.1 MB XML), the largest file a TLD check needs besides the Han ones.
func BenchmarkLGRLoadCommon(b *testing.B) { benchLoad(b, "lgr-5-common-26may22-en.xml") }

// BenchmarkLGRLoadChinese is the largest file (3.5 MB).
func BenchmarkLGRLoadChinese(b *testing.B) { benchLoad(b, "lgr-5-chinese-script-26may22-en.xml") }

func BenchmarkLGRLoadLatin(b *testing.B) { benchLoad(b, "lgr-5-latin-script-26may22-en.xml") }

// BenchmarkRootZoneEvaluateLabels reports each label separately (for
// medians per script).
func BenchmarkRootZoneEvaluateLabels(b *testing.B) {
	for _, l := range rzBenchLabels {
		if r := EvaluateRootZone(l, nil); r.Element == nil {
			b.Fatalf("%s: %v", l, r.Err())
		}
		b.Run(l, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				EvaluateRootZone(l, nil)
			}
		})
	}
}

// BenchmarkCheckTLDRootZone is one TLD label through the whole of CheckTLD
// with the zero TLDConfig: IDNA2008, the AGB string rules, then the Root
// Zone LGR stage (element LGR + collision check against the delegated TLDs)
// for the IDN labels.
func BenchmarkCheckTLDRootZone(b *testing.B) {
	for _, l := range rzBenchLabels {
		CheckTLD(l, nil) // load
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		CheckTLD(rzBenchLabels[i%len(rzBenchLabels)], &TLDConfig{})
		i++
	}
}

// TestLGRColdLoad logs the first-use cost of the embedded Root Zone LGR in
// this process: common LGR, one element LGR and the delegated-TLD index
// (run alone: go test ./idn -run TestLGRColdLoad -v). Timing is not
// asserted; the machine is shared.
func TestLGRColdLoad(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("timing report; run with -v")
	}
	c0 := cpuTime()
	t0 := time.Now()
	if _, err := RootZoneCommon(); err != nil {
		t.Fatal(err)
	}
	t1, c1 := time.Now(), cpuTime()
	if _, err := RootZoneScript("Cyrl"); err != nil {
		t.Fatal(err)
	}
	t2 := time.Now()
	if _, _, err := DelegatedIndex(); err != nil {
		t.Fatal(err)
	}
	t3 := time.Now()
	EvaluateRootZone("москва", nil)
	t4, c4 := time.Now(), cpuTime()
	t.Logf("wall: common %v, Cyrillic %v, delegated index %v, first evaluation %v, total %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3), t4.Sub(t0))
	t.Logf("CPU (all threads, GC included): common %v, total %v", c1-c0, c4-c0)
	c5 := cpuTime()
	if _, err := RootZoneScript("Hani"); err != nil {
		t.Fatal(err)
	}
	t.Logf("Chinese (largest file): CPU %v", cpuTime()-c5)
	// The largest 2024 files (3.5-3.7 MB of XML each), first use.
	for _, spec := range []string{"ref:zh", "fvs:zh", "ref:und-Hani", "fvs:und-Hani", "fvs:ko", "ref:und-Jpan"} {
		c, w := cpuTime(), time.Now()
		if _, err := LoadEmbeddedLGR(spec); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: CPU %v, wall %v", spec, cpuTime()-c, time.Since(w))
	}
}

// TestLGRCPUPerLabel reports process CPU time (user+system, cpuTime of
// cputime_*_test.go) per RZ-LGR TLD evaluation, per label, which the shared
// machine's load does not inflate the way wall-clock benchmark figures are
// (run: go test ./idn -run TestLGRCPUPerLabel -v). Not asserted.
func TestLGRCPUPerLabel(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("timing report; run with -v")
	}
	for _, l := range rzBenchLabels {
		EvaluateRootZone(l, nil) // load
	}
	var all []float64
	for _, l := range rzBenchLabels {
		const n = 20000
		c0 := cpuTime()
		for i := 0; i < n; i++ {
			EvaluateRootZone(l, nil)
		}
		us := float64(cpuTime()-c0) / n / 1e3
		all = append(all, us)
		t.Logf("%-10s %.2f µs CPU", l, us)
	}
	sort.Float64s(all)
	t.Logf("median %.2f µs CPU over %d labels", all[len(all)/2], len(all))
	// The same labels through CheckTLD with the zero TLDConfig (IDNA2008,
	// AGB rules and, for IDN labels, the Root Zone LGR stage).
	all = all[:0]
	for _, l := range rzBenchLabels {
		const n = 20000
		c0 := cpuTime()
		for i := 0; i < n; i++ {
			CheckTLD(l, nil)
		}
		us := float64(cpuTime()-c0) / n / 1e3
		all = append(all, us)
		t.Logf("CheckTLD %-10s %.2f µs CPU", l, us)
	}
	sort.Float64s(all)
	t.Logf("CheckTLD median %.2f µs CPU over %d labels", all[len(all)/2], len(all))
}

// BenchmarkVariantOf: one variant question on the Spanish full-variant-set
// LGR, whose label airl·lpack has 201,599 variant labels (issue 19).
func BenchmarkVariantOf(b *testing.B) {
	l, err := FullVariantLGR2024("es")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if a, err := l.VariantOf("airl·lpack", "airl-lpack"); err != nil || a.Disposition != DispositionAllocatable {
			b.Fatal(a, err)
		}
	}
}

// BenchmarkAllocatableVariants: all registrable variants of airl·lpack
// (one), the other 201,598 pruned.
func BenchmarkAllocatableVariants(b *testing.B) {
	l, err := FullVariantLGR2024("es")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := l.AllocatableVariants("airl·lpack", func(VariantLabel) bool { return true }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLGRLoad2024Largest: the largest embedded 2024 LGRs (3.6 MB
// XML each): decompress and parse.
func BenchmarkLGRLoad2024Largest(b *testing.B) {
	for _, tag := range []string{"zh", "und-Hani"} {
		for _, set := range []string{rzlgr.Reference2024Dir, rzlgr.FullVariant2024Dir} {
			b.Run(set+"/"+tag, func(b *testing.B) {
				for b.Loop() {
					// The path of the lazy loader (lazyLGR.get).
					data, err := rzlgr.ReadAll(set, tag+".xml", MaxLGRBytes)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := parseLGRData(data, &LGRConfig{Name: tag}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
