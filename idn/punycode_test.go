package idn

import (
	"math/rand/v2"
	"testing"

	"golang.org/x/net/idna"
)

// TestAppendALabel compares our RFC 3492 encoder with golang.org/x/net/idna's
// on the RFC 3492 §7.1 samples, the peer labels and random strings.
func TestAppendALabel(t *testing.T) {
	inputs := []string{
		// RFC 3492 §7.1 (A) Arabic (Egyptian), (B) Chinese (simplified), (L) 3<nen>B<gumi><kinpachi><sensei>.
		"\u0644\u064a\u0647\u0645\u0627\u0628\u062a\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064a\u061f",
		"\u4ed6\u4eec\u4e3a\u4ec0\u4e48\u4e0d\u8bf4\u4e2d\u6587",
		"3\u5e74b\u7d44\u91d1\u516b\u5148\u751f",
		"münchen", "ü", "aaaaaaaaaaaaaaaaaaaa\U0010FFFF", "München", "MÜNCHEN",
	}
	inputs = append(inputs, peerLabels(t)...)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		n := 1 + rng.IntN(20)
		rs := make([]rune, n)
		for i := range rs {
			switch rng.IntN(4) {
			case 0:
				rs[i] = rune('a' + rng.IntN(26))
			case 3:
				rs[i] = rune('A' + rng.IntN(26))
			case 1:
				rs[i] = rune(0x80 + rng.IntN(0x800))
			default:
				rs[i] = rune(0x800 + rng.IntN(0x10F000-0x800))
				if rs[i] >= 0xD800 && rs[i] < 0xE000 {
					rs[i] = 0xE000
				}
			}
		}
		inputs = append(inputs, string(rs))
	}
	want := map[string]string{
		inputs[0]: "xn--egbpdaj6bu4bxfgehfvwxn",
		inputs[1]: "xn--ihqwcrb4cv8a8dqg056pqjye",
		inputs[2]: "xn--3b-ww4c5e180e575a65lsy2b",
	}
	for _, s := range inputs {
		if isASCII(s) || hasACEPrefix(s) {
			continue // x/net passes these through unencoded
		}
		got, err := appendALabel(nil, []rune(s))
		if err != nil {
			t.Errorf("%+q: %v", s, err)
			continue
		}
		x, err := idna.Punycode.ToASCII(s)
		if err == nil && toLowerASCII(x) != string(got) {
			t.Errorf("%+q: ours %q, x/net %q", s, got, x)
		}
		if w, ok := want[s]; ok && w != string(got) {
			t.Errorf("%+q: got %q, RFC 3492 §7.1 says %q", s, got, w)
		}
	}
}
