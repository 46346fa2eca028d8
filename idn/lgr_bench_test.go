package idn

import (
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

// TestLGRColdLoad logs the first-use cost of the embedded Root Zone LGR in
// this process: common LGR, one element LGR and the delegated-TLD index
// (run alone: go test ./idn -run TestLGRColdLoad -v). Timing is not
// asserted; the machine is shared.
func TestLGRColdLoad(t *testing.T) {
	if !testing.Verbose() {
		t.Skip("timing report; run with -v")
	}
	t0 := time.Now()
	if _, err := RootZoneCommon(); err != nil {
		t.Fatal(err)
	}
	t1 := time.Now()
	if _, err := RootZoneScript("Cyrl"); err != nil {
		t.Fatal(err)
	}
	t2 := time.Now()
	if _, _, err := DelegatedIndex(); err != nil {
		t.Fatal(err)
	}
	t3 := time.Now()
	EvaluateRootZone("москва", nil)
	t4 := time.Now()
	t.Logf("common %v, Cyrillic %v, delegated index %v, first evaluation %v, total %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3), t4.Sub(t0))
}
