package idn

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/ssrkit/ssr/idn/internal/rzlgr"
)

// TestEmbedded2024Manifest checks every embedded 2024 LGR against
// manifest-2024.txt (from shared/data/idn/reference-lgr-2024/SOURCES.txt):
// the SHA-256 of the decompressed XML, and the version, date and Unicode
// version of its <meta> (RFC 7940 §4.3.1, §4.3.2, §4.3.7).
func TestEmbedded2024Manifest(t *testing.T) {
	m := rzlgr.Manifest2024()
	if len(m) != 118 {
		t.Fatalf("manifest has %d entries, want 118 (59 reference + 59 full-variant-set)", len(m))
	}
	sets := map[string]int{}
	for _, e := range m {
		sets[e.Set]++
		dir := rzlgr.Reference2024Dir
		if e.Set == SetFullVariant2024 {
			dir = rzlgr.FullVariant2024Dir
		}
		rc, err := rzlgr.Open(dir, e.Tag+".xml")
		if err != nil {
			t.Errorf("%s:%s: %v", e.Set, e.Tag, err)
			continue
		}
		h := sha256.New()
		_, err = io.Copy(h, rc)
		rc.Close()
		if err != nil {
			t.Errorf("%s:%s: %v", e.Set, e.Tag, err)
			continue
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != e.SHA256 {
			t.Errorf("%s:%s: sha256 %s, manifest says %s", e.Set, e.Tag, got, e.SHA256)
		}
		l, err := LoadEmbeddedLGR(e.Set + ":" + e.Tag)
		if err != nil {
			t.Errorf("%s:%s: %v", e.Set, e.Tag, err)
			continue
		}
		if l.Meta.Version != e.Version || l.Meta.Date != e.Date || l.Meta.UnicodeVersion != e.UnicodeVersion {
			t.Errorf("%s:%s: meta version %q date %q unicode %q, manifest %q %q %q", e.Set, e.Tag,
				l.Meta.Version, l.Meta.Date, l.Meta.UnicodeVersion, e.Version, e.Date, e.UnicodeVersion)
		}
	}
	if sets[SetReference2024] != 59 || sets[SetFullVariant2024] != 59 {
		t.Errorf("sets %v, want 59 ref and 59 fvs", sets)
	}
}

// TestLoadEmbeddedLGRSpecs checks the spec forms: 2024 tags (any case), 2022
// file names, RZ-LGR-5, and typed errors for unknown specs.
func TestLoadEmbeddedLGRSpecs(t *testing.T) {
	for _, spec := range []string{"ref:es", "ref:ES", "fvs:und-Latn", "fvs:UND-latn", "ref:und-Jpan",
		"ref:lgr-second-level-spanish-language-31may22-en", "ref:lgr-second-level-spanish-language-31may22-en.xml",
		"rz:Latn", "rz:common"} {
		if _, err := LoadEmbeddedLGR(spec); err != nil {
			t.Errorf("%s: %v", spec, err)
		}
	}
	a, _ := LoadEmbeddedLGR("ref:es")
	b, _ := LoadEmbeddedLGR("ref:lgr-second-level-spanish-language-31may22-en")
	if a == b || a.Meta.Date != "2024-10-25" || b.Meta.Date != "2022-05-31" {
		t.Errorf("ref:es and the 2022 Spanish file must be different documents (dates %q, %q)", a.Meta.Date, b.Meta.Date)
	}
	for _, spec := range []string{"", "es", "ref:", "fvs:xx", "xyz:es", "rz:Zzzz", "fvs:lgr-second-level-spanish-language-31may22-en"} {
		_, err := LoadEmbeddedLGR(spec)
		if !errors.Is(err, ErrInvalidLabel) || !strings.Contains(err.Error(), "RFC7940") && !strings.Contains(err.Error(), "RZ-LGR") {
			t.Errorf("%q: err %v, want a typed error", spec, err)
		}
	}
}
