package idn

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// benchAlphabets are letters (General_Category Ll/Lo, PVALID) of the scripts
// in the benchmark mix.
var benchAlphabets = [][]rune{
	[]rune("abcdefghijklmnopqrstuvwxyzàáâãäåçèéêëìíîïñòóôõöøùúûüýÿāăąćčďđēęěğīıłńňőœřśşšţťūůűźżž"), // Latin with diacritics
	[]rune("абвгдежзийклмнопрстуфхцчшщъыьэюяёђѓєѕіїјљњћќўџ"),                                       // Cyrillic
	[]rune("αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ"),                                                      // Greek
	[]rune("ابتثجحخدذرزسشصضطظعغفقكلمنهوي"),                                                         // Arabic
	[]rune("אבגדהוזחטיכלמנסעפצקרשת"),                                                               // Hebrew
	[]rune("中文网络域名注册服务器日本東京北京上海信息公司"),                                                              // Han
	[]rune("कखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह"),                                                      // Devanagari consonants
	[]rune("ひらがなカタカナあいうえおさしすせそ"),                                                                   // Hiragana/Katakana
}

const ldhAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// benchLabels returns n labels, 60% IDN (U-labels from benchAlphabets) and
// 40% LDH, from a fixed seed.
func benchLabels(n int) []string {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]string, n)
	var b strings.Builder
	for i := range out {
		b.Reset()
		l := 3 + rng.IntN(10)
		if rng.IntN(10) < 4 {
			for j := 0; j < l; j++ {
				b.WriteByte(ldhAlphabet[rng.IntN(len(ldhAlphabet))])
			}
		} else {
			a := benchAlphabets[rng.IntN(len(benchAlphabets))]
			for j := 0; j < l; j++ {
				b.WriteRune(a[rng.IntN(len(a))])
			}
		}
		out[i] = b.String()
	}
	return out
}

// BenchmarkCheckLabel checks a mixed list of 100k labels (60% IDN) per
// iteration and reports labels per wall-clock second and per CPU second
// (labels/cpu-s; the process's user+system time, less distorted when the
// machine is shared). The list is the one libidn2's idn2_register_u8 was
// timed on for comparison (see the package's closing note).
func BenchmarkCheckLabel(b *testing.B) {
	benchLabelList(b, benchLabels(100000))
}

func benchLabelList(b *testing.B, labels []string) {
	b.ReportAllocs()
	c0 := cpuTime()
	for b.Loop() {
		for _, l := range labels {
			CheckLabel(l, nil)
		}
	}
	n := float64(len(labels) * b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "labels/s")
	if c := cpuTime() - c0; c > 0 {
		b.ReportMetric(n/c.Seconds(), "labels/cpu-s")
	}
}

// BenchmarkCheckLabelIDN is BenchmarkCheckLabel on the IDN labels only.
func BenchmarkCheckLabelIDN(b *testing.B) {
	var labels []string
	for _, l := range benchLabels(100000) {
		if !isASCII(l) {
			labels = append(labels, l)
		}
	}
	benchLabelList(b, labels)
}

// BenchmarkCheckTLD checks 10k mixed labels (60% IDN) with the zero
// TLDConfig, so the IDN labels that pass the AGB string rules also go
// through the Root Zone LGR stage. The LGRs they need are loaded before
// timing.
func BenchmarkCheckTLD(b *testing.B) {
	labels := benchLabels(10000)
	for _, l := range labels {
		CheckTLD(l, nil)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range labels {
			CheckTLD(l, nil)
		}
	}
	b.ReportMetric(float64(len(labels)*b.N)/b.Elapsed().Seconds(), "labels/s")
}

func BenchmarkSkeleton(b *testing.B) {
	labels := benchLabels(10000)
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range labels {
			Skeleton(l)
		}
	}
}
