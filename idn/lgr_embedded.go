package idn

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/ssrkit/ssr/idn/internal/rzlgr"
)

// The 25 October 2024 Second-Level Reference LGRs and full-variant-set
// LGRs are embedded next to RZ-LGR-5 and the 2022 reference set
// (internal/rzlgr, gzip-compressed, provenance and checksums in its
// README and manifest-2024.txt) and parsed on first use, one file at a
// time. They are selected by language tag (RFC 5646) through a spec:
//
//	ref:TAG   2024 Second-Level Reference LGR, e.g. ref:es, ref:und-Jpan
//	fvs:TAG   2024 full-variant-set LGR, e.g. fvs:es, fvs:und-Hani
//	ref:NAME  2022 Second-Level Reference LGR by file name, e.g.
//	          ref:lgr-second-level-latin-script-31may22-en
//	rz:SCRIPT RZ-LGR-5 element LGR (rz:Latn); rz:common the common LGR

// Embedded LGR set names, the prefix of a spec.
const (
	SetReference2024   = "ref" // ICANN Second-Level Reference LGRs, 2024-10-25
	SetFullVariant2024 = "fvs" // ICANN full-variant-set LGRs, 2024-10-25
	SetReference2022   = "ref" // 2022-05-31 reference LGRs share the prefix, selected by file name
	SetRootZone        = "rz"  // RZ-LGR-5
)

// EmbeddedLGRInfo describes one embedded LGR for listings: Spec selects it
// in [LoadEmbeddedLGR]; Tag is the language tag of its <meta> (2024 sets:
// the tag it is selected by); Version, Date and UnicodeVersion come from
// its <meta> (RFC 7940 §4.3.1, §4.3.2, §4.3.7); Source names the
// publication.
type EmbeddedLGRInfo struct {
	Spec           string `json:"spec"`
	Set            string `json:"set"`
	Tag            string `json:"tag"`
	Version        string `json:"version"`
	Date           string `json:"date"`
	UnicodeVersion string `json:"unicode_version"`
	Source         string `json:"source"`
}

var (
	emb24Once sync.Once
	emb24     map[string]*lazyLGR // "ref:es", "fvs:es"
	emb24Info []EmbeddedLGRInfo
)

func emb24Init() {
	emb24Once.Do(func() {
		emb24 = map[string]*lazyLGR{}
		for _, e := range rzlgr.Manifest2024() {
			dir := rzlgr.Reference2024Dir
			src := "ICANN Second-Level Reference LGR " + e.ICANNName
			if e.Set == SetFullVariant2024 {
				dir = rzlgr.FullVariant2024Dir
				src = "ICANN full-variant-set LGR for " + e.ICANNName
			}
			spec := e.Set + ":" + e.Tag
			emb24[spec] = &lazyLGR{dir: dir, file: e.Tag + ".xml"}
			emb24Info = append(emb24Info, EmbeddedLGRInfo{Spec: spec, Set: e.Set, Tag: e.Tag, Version: e.Version,
				Date: e.Date, UnicodeVersion: e.UnicodeVersion, Source: src})
		}
		sort.Slice(emb24Info, func(i, j int) bool { return emb24Info[i].Spec < emb24Info[j].Spec })
	})
}

// ReferenceLGR2024Tags returns the language tags of the embedded 2024
// Second-Level Reference LGRs (the same tags have a full-variant-set LGR),
// sorted.
func ReferenceLGR2024Tags() []string {
	emb24Init()
	var out []string
	for _, e := range emb24Info {
		if e.Set == SetReference2024 {
			out = append(out, e.Tag)
		}
	}
	return out
}

// ReferenceLGR2024 returns the embedded 2024 Second-Level Reference LGR for
// a language tag (e.g. "es", "und-Latn"), parsing it on first use.
func ReferenceLGR2024(tag string) (*LGR, error) { return LoadEmbeddedLGR(SetReference2024 + ":" + tag) }

// FullVariantLGR2024 returns the embedded 2024 full-variant-set LGR for a
// language tag, parsing it on first use.
func FullVariantLGR2024(tag string) (*LGR, error) {
	return LoadEmbeddedLGR(SetFullVariant2024 + ":" + tag)
}

// LoadEmbeddedLGR returns the embedded LGR named by spec (see the list at
// the top of lgr_embedded.go: ref:TAG, fvs:TAG, ref:NAME of the 2022 set,
// rz:SCRIPT, rz:common), parsing it on first use. Language tags match
// case-insensitively (RFC 5646 §2.1.1).
func LoadEmbeddedLGR(spec string) (*LGR, error) {
	set, name, ok := strings.Cut(spec, ":")
	if !ok || name == "" {
		return nil, &Error{Kind: ErrInvalidLabel, Rule: "RFC7940", Label: spec, Rune: -1, Pos: -1,
			Err: errors.New("embedded LGR spec must be ref:TAG, fvs:TAG, ref:NAME, rz:SCRIPT or rz:common")}
	}
	switch set {
	case SetRootZone:
		if name == "common" {
			return RootZoneCommon()
		}
		return RootZoneScript(name)
	case SetReference2024, SetFullVariant2024:
		if set == SetReference2022 {
			rzInit()
			if z, ok := slrFiles[strings.TrimSuffix(name, ".xml")]; ok {
				return z.get()
			}
		}
		emb24Init()
		if z, ok := emb24[set+":"+canonTag(name)]; ok {
			return z.get()
		}
	}
	return nil, &Error{Kind: ErrInvalidLabel, Rule: "RFC7940", Label: spec, Rune: -1, Pos: -1,
		Err: fmt.Errorf("no embedded LGR %q (see EmbeddedLGRs)", spec)}
}

// canonTag finds the embedded tag equal to t ignoring case.
func canonTag(t string) string {
	for _, e := range emb24Info {
		if strings.EqualFold(e.Tag, t) {
			return e.Tag
		}
	}
	return t
}

// EmbeddedLGRs lists every embedded LGR: the 2024 reference and
// full-variant-set LGRs, the 2022 reference LGRs and the RZ-LGR-5 files.
// For the 2022 and RZ-LGR-5 files the language, date and Unicode version are
// read from the document, which parses it (each once per process).
func EmbeddedLGRs() ([]EmbeddedLGRInfo, error) {
	emb24Init()
	out := append([]EmbeddedLGRInfo(nil), emb24Info...)
	add := func(spec, src string) error {
		l, err := LoadEmbeddedLGR(spec)
		if err != nil {
			return err
		}
		out = append(out, EmbeddedLGRInfo{Spec: spec, Set: strings.SplitN(spec, ":", 2)[0], Tag: strings.Join(l.Meta.Languages, " "),
			Version: l.Meta.Version, Date: l.Meta.Date, UnicodeVersion: l.Meta.UnicodeVersion, Source: src})
		return nil
	}
	for _, n := range ReferenceLGRs() {
		if err := add(SetReference2022+":"+n, "ICANN Second-Level Reference LGR "+n+".xml (2022)"); err != nil {
			return nil, err
		}
	}
	if err := add("rz:common", "RZ-LGR-5 common LGR"); err != nil {
		return nil, err
	}
	for _, s := range RootZoneScripts() {
		if err := add("rz:"+s, "RZ-LGR-5 element LGR"); err != nil {
			return nil, err
		}
	}
	return out, nil
}
