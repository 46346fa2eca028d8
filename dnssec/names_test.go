package dnssec

import (
	"encoding/base32"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRFC4034Section61Order checks the canonical order example of RFC 4034
// §6.1, with case and escape variants.
func TestRFC4034Section61Order(t *testing.T) {
	ordered := []string{
		"example.",
		"a.example.",
		"yljkjljk.a.example.",
		"Z.a.example.",
		"zABC.a.EXAMPLE.",
		"z.example.",
		"\\001.z.example.",
		"*.z.example.",
		"\\200.z.example.",
	}
	for i := range ordered {
		for j := range ordered {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := CompareNames(ordered[i], ordered[j]); got != want {
				t.Errorf("CompareNames(%q, %q) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}

func TestEqualNames(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"Example.COM.", "example.com.", true},
		{"example.com", "example.com.", true},
		{"\\069xample.com.", "example.com.", true}, // escaped upper-case E
		{"\\101xample.com.", "Example.com.", true},
		{"ex\\.ample.com.", "ex.ample.com.", false},
		{"example.com.", "example.org.", false},
		{".", ".", true},
	} {
		if got := EqualNames(c.a, c.b); got != c.want {
			t.Errorf("EqualNames(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestIsAtOrBelow(t *testing.T) {
	for _, c := range []struct {
		child, parent string
		want          bool
	}{
		{"www.example.com.", "example.com.", true},
		{"example.com.", "example.com.", true},
		{"www.badexample.com.", "example.com.", false}, // miekg/dns's string-suffix check accepts this
		{"WWW.Example.COM.", "example.com.", true},
		{"com.", "example.com.", false},
		{"anything.", ".", true},
		{"a\\.example.com.", "example.com.", false}, // one label "a.example"
		{"x.a\\.example.com.", "a.example.com.", false},
	} {
		if got := IsAtOrBelow(c.child, c.parent); got != c.want {
			t.Errorf("IsAtOrBelow(%q, %q) = %v, want %v", c.child, c.parent, got, c.want)
		}
	}
}

func TestCountLabels(t *testing.T) {
	for name, want := range map[string]int{".": 0, "com.": 1, "*.example.com.": 3, "a\\.b.example.": 2} {
		if got := CountLabels(name); got != want {
			t.Errorf("CountLabels(%q) = %d, want %d", name, got, want)
		}
	}
}

var b32 = base32.HexEncoding.WithPadding(base32.NoPadding)

// TestRFC5155AppendixAHashes checks the hashed owner names listed in RFC
// 5155 Appendix A (SHA-1, 12 iterations, salt aabbccdd).
func TestRFC5155AppendixAHashes(t *testing.T) {
	for name, want := range map[string]string{
		"example.":        "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom",
		"a.example.":      "35mthgpgcu1qg68fab165klnsnk3dpvl",
		"ai.example.":     "gjeqe526plbf1g8mklp59enfd789njgi",
		"ns1.example.":    "2t7b4g4vsa5smi47k61mv5bv1a22bojr",
		"ns2.example.":    "q04jkcevqvmu85r014c7dkba38o0ji5r",
		"w.example.":      "k8udemvp1j2f7eg6jebps17vp3n8i58h",
		"*.w.example.":    "r53bq7cc2uvmubfu5ocmm6pers9tk9en",
		"x.w.example.":    "b4um86eghhds6nea196smvmlo4ors995",
		"y.w.example.":    "ji6neoaepv8b5o6k4ev33abha8ht9fgc",
		"x.y.w.example.":  "2vptu5timamqttgl4luu9kg21e0aor3s",
		"xx.example.":     "t644ebqk9bibcna874givr6joj62mlhv",
		"XX.\\069xample.": "t644ebqk9bibcna874givr6joj62mlhv", // canonical form is lower case
		"2t7b4g4vsa5smi47k61mv5bv1a22bojr.example.": "kohar7mbb8dc2ce8a9qvl8hon4k53uhi",
	} {
		h, err := NSEC3Hash(name, 1, 12, []byte{0xaa, 0xbb, 0xcc, 0xdd})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.ToLower(b32.EncodeToString(h)); got != want {
			t.Errorf("NSEC3Hash(%q) = %s, want %s", name, got, want)
		}
	}
	if _, err := NSEC3Hash("example.", 2, 0, nil); err == nil {
		t.Error("NSEC3Hash with algorithm 2: no error")
	}
	if _, err := NSEC3Hash("example.", 1, MaxNSEC3HashIterations+1, nil); err == nil {
		t.Error("NSEC3Hash above MaxNSEC3HashIterations: no error")
	}
}

// TestAppendPlainName checks the fast path of appendCanonicalName against
// dns.PackDomainName on the names it takes and the ones it leaves.
func TestAppendPlainName(t *testing.T) {
	long63 := strings.Repeat("a", 63)
	for _, tc := range []struct {
		name  string
		plain bool
	}{
		{".", true}, {"", false}, {"example.", true}, {"Example.COM.", true}, {"www.example.com", true},
		{"*.Wild-Card_x.example.", true}, {"xn--bcher-kva.example.", true},
		{long63 + ".example.", true}, {long63 + "a.example.", false},
		{strings.Repeat(long63+".", 3) + strings.Repeat("a", 61) + ".", true}, // 255 octets
		{strings.Repeat(long63+".", 3) + strings.Repeat("a", 62) + ".", false},
		{"a..example.", false}, {".example.", false}, {"a\\.b.example.", false}, {"\\065.example.", false},
		{"a b.example.", false}, {"a\"b.", false}, {"caf\u00e9.example.", false}, {"a/b.", false},
	} {
		plain, ok := appendPlainName([]byte{0xEE}, tc.name)
		if ok != tc.plain {
			t.Errorf("appendPlainName(%q) ok = %v, want %v", tc.name, ok, tc.plain)
		}
		if !ok {
			if len(plain) != 1 {
				t.Errorf("appendPlainName(%q) changed dst: %x", tc.name, plain)
			}
			continue
		}
		packed, err := appendPackedName([]byte{0xEE}, tc.name)
		if err != nil {
			t.Errorf("%q: fast path accepts what PackDomainName refuses: %v", tc.name, err)
			continue
		}
		if diff := cmp.Diff(packed, plain); diff != "" {
			t.Errorf("%q (-PackDomainName +fast path):\n%s", tc.name, diff)
		}
	}
}
