package idn

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"golang.org/x/net/idna"

	"github.com/ssrkit/ssr/idn/internal/rzlgr"
)

// The Root Zone LGR (RZ-LGR-5, ICANN, 26 May 2022) and ICANN's
// Second-Level Reference LGRs (31 May 2022) are embedded gzip-compressed
// (internal/rzlgr, with provenance in its README) and parsed on first use,
// one file at a time.

// RootZoneLGRVersion names the embedded Root Zone LGR.
const RootZoneLGRVersion = "RZ-LGR-5 (2022-05-26)"

// DelegatedTLDsSource names the root zone the embedded delegated-TLD list
// comes from.
const DelegatedTLDsSource = "IANA root zone, SOA serial 2022021501"

type lazyLGR struct {
	once sync.Once
	dir  string
	file string
	lgr  *LGR
	err  error
}

func (z *lazyLGR) get() (*LGR, error) {
	z.once.Do(func() {
		data, err := rzlgr.ReadAll(z.dir, z.file, MaxLGRBytes)
		if err != nil {
			z.err = err
			return
		}
		z.lgr, z.err = parseLGRData(data, &LGRConfig{Name: z.file})
	})
	return z.lgr, z.err
}

var (
	rzOnce    sync.Once
	rzCommon  *lazyLGR
	rzScripts map[string]*lazyLGR // ISO 15924 code from the file's language tag "und-Xxxx"
	slrFiles  map[string]*lazyLGR

	delegOnce  sync.Once
	delegIndex *LabelIndex
	delegErr   error
	delegSkip  []string
)

func rzInit() {
	rzOnce.Do(func() {
		rzScripts = map[string]*lazyLGR{}
		for _, f := range rzlgr.List(rzlgr.RootZoneDir) {
			z := &lazyLGR{dir: rzlgr.RootZoneDir, file: f}
			if strings.Contains(f, "-common-") {
				rzCommon = z
				continue
			}
			rzScripts[rzScriptOfFile(f)] = z
		}
		slrFiles = map[string]*lazyLGR{}
		for _, f := range rzlgr.List(rzlgr.SecondLevelDir) {
			slrFiles[strings.TrimSuffix(f, ".xml")] = &lazyLGR{dir: rzlgr.SecondLevelDir, file: f}
		}
	})
}

// rzScriptOfFile maps "lgr-5-latin-script-26may22-en.xml" to "Latn".
func rzScriptOfFile(f string) string {
	name := strings.TrimPrefix(f, "lgr-5-")
	name = name[:strings.Index(name, "-script")]
	return map[string]string{
		"arabic": "Arab", "armenian": "Armn", "bengali": "Beng", "chinese": "Hani", "cyrillic": "Cyrl",
		"devanagari": "Deva", "ethiopic": "Ethi", "georgian": "Geor", "greek": "Grek", "gujarati": "Gujr",
		"gurmukhi": "Guru", "hebrew": "Hebr", "japanese": "Jpan", "kannada": "Knda", "khmer": "Khmr",
		"korean": "Kore", "lao": "Laoo", "latin": "Latn", "malayalam": "Mlym", "myanmar": "Mymr",
		"oriya": "Orya", "sinhala": "Sinh", "tamil": "Taml", "telugu": "Telu", "thai": "Thai",
	}[name]
}

// RootZoneScripts returns the ISO 15924 codes of the element LGRs of the
// embedded Root Zone LGR (Hani is the Chinese LGR, Jpan the Japanese, Kore
// the Korean), sorted.
func RootZoneScripts() []string {
	rzInit()
	out := make([]string, 0, len(rzScripts))
	for s := range rzScripts {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// RootZoneScript returns the embedded RZ-LGR-5 element LGR of script (an
// ISO 15924 code from [RootZoneScripts]), parsing it on first use.
func RootZoneScript(script string) (*LGR, error) {
	rzInit()
	z, ok := rzScripts[script]
	if !ok {
		return nil, &Error{Kind: ErrInvalidLabel, Rule: "RZ-LGR-5", Rune: -1, Pos: -1,
			Err: fmt.Errorf("RZ-LGR-5 has no element LGR for script %q: strings in it cannot be delegated", script)}
	}
	return z.get()
}

// RootZoneCommon returns the embedded RZ-LGR-5 common LGR (all 26 scripts
// merged, with cross-script variants), parsing it on first use.
func RootZoneCommon() (*LGR, error) {
	rzInit()
	return rzCommon.get()
}

// ReferenceLGRs returns the names of the embedded ICANN Second-Level
// Reference LGRs, e.g. "lgr-second-level-latin-script-31may22-en", sorted.
func ReferenceLGRs() []string {
	rzInit()
	out := make([]string, 0, len(slrFiles))
	for s := range slrFiles {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// ReferenceLGR returns the named embedded Second-Level Reference LGR,
// parsing it on first use.
func ReferenceLGR(name string) (*LGR, error) {
	rzInit()
	z, ok := slrFiles[strings.TrimSuffix(name, ".xml")]
	if !ok {
		return nil, &Error{Kind: ErrInvalidLabel, Rule: "RFC7940", Label: name, Rune: -1, Pos: -1, Err: errors.New("no such reference LGR")}
	}
	return z.get()
}

// DelegatedTLDs returns the embedded list of TLDs delegated in the root
// zone ([DelegatedTLDsSource]), as A-labels.
func DelegatedTLDs() []string { return rzlgr.DelegatedTLDs() }

// RootZoneIndex builds a collision index (RFC 7940 §8.5) of tlds (A-labels
// or U-labels) under the RZ-LGR-5 common LGR. TLDs without an index label
// (code points outside RZ-LGR-5, such as IDN ccTLDs delegated before it) are
// left out and returned in skipped.
func RootZoneIndex(tlds []string) (x *LabelIndex, skipped []string, err error) {
	common, err := RootZoneCommon()
	if err != nil {
		return nil, nil, err
	}
	x = &LabelIndex{lgr: common, m: make(map[string][]string, len(tlds))}
	for _, t := range tlds {
		u, err := tldULabel(t)
		if err == nil {
			err = x.Add(u)
		}
		if err != nil {
			skipped = append(skipped, t)
		}
	}
	return x, skipped, nil
}

// DelegatedIndex returns the collision index of the embedded delegated TLDs
// ([RootZoneIndex] of [DelegatedTLDs]), built on first use.
func DelegatedIndex() (x *LabelIndex, skipped []string, err error) {
	delegOnce.Do(func() {
		delegIndex, delegSkip, delegErr = RootZoneIndex(DelegatedTLDs())
	})
	return delegIndex, delegSkip, delegErr
}

func tldULabel(s string) (string, error) {
	s = toLowerASCII(s)
	if strings.HasPrefix(s, "xn--") {
		return idna.Punycode.ToUnicode(s)
	}
	return s, nil
}

// RootZoneResult is the Root Zone LGR verdict on a TLD label.
type RootZoneResult struct {
	Label  string // U-label evaluated
	Script string // element LGR used (ISO 15924)
	// Element is the evaluation against the element LGR (step 1).
	Element *LGRResult
	// Index is the label's index label under the common LGR and Collisions
	// the TLDs of the index sharing it (step 2, RFC 7940 §8.5).
	Index      string
	Collisions []string
	// Disposition is the element disposition, or blocked when the label
	// collides with an existing TLD (it is in that TLD's variant set).
	Disposition Disposition
	Findings    []error
}

// OK reports whether the label may be delegated on RZ-LGR grounds.
func (r *RootZoneResult) OK() bool { return len(r.Findings) == 0 }

// Err returns every problem found, joined, or nil.
func (r *RootZoneResult) Err() error { return errors.Join(r.Findings...) }

// EvaluateRootZone runs a TLD label (U-label or A-label) through the Root
// Zone LGR in the order RZ-LGR uses: (1) the element LGR of the label's
// script, stopping if the label is not valid there; (2) the index label
// under the common LGR against the delegated TLDs and their variants
// (RFC 7940 §8.5; RZ-LGR-5 Overview). Every problem is reported.
func EvaluateRootZone(label string, cfg *RootZoneConfig) *RootZoneResult {
	var o RootZoneConfig
	if cfg != nil {
		o = *cfg
	}
	res := &RootZoneResult{Disposition: DispositionInvalid}
	if o.Index == nil && o.Delegated != nil {
		x, _, err := RootZoneIndex(o.Delegated)
		if err != nil {
			res.Label = label
			res.Findings = append(res.Findings, &Error{Kind: ErrInvalidLabel, Rule: RuleRootZoneLGR, Label: label, Rune: -1, Pos: -1, Err: err})
			return res
		}
		o.Index = x
	}
	u, err := tldULabel(label)
	if err != nil {
		res.Label = label
		res.Findings = append(res.Findings, &Error{Kind: ErrInvalidLabel, Rule: "RFC5891-5.3", Label: label, Rune: -1, Pos: -1, Err: err})
		return res
	}
	res.Label = u
	script := o.Script
	if script == "" {
		script, err = labelRZScript(u)
		if err != nil {
			res.Findings = append(res.Findings, err)
			return res
		}
	}
	res.Script = script
	el, err := RootZoneScript(script)
	if err != nil {
		res.Findings = append(res.Findings, err)
		return res
	}
	res.Element = el.Evaluate(u)
	res.Disposition = res.Element.Disposition
	if !res.Element.OK() {
		res.Findings = append(res.Findings, res.Element.Err())
		return res
	}
	x := o.Index
	if x == nil {
		x, _, err = DelegatedIndex()
		if err != nil {
			res.Findings = append(res.Findings, err)
			return res
		}
	}
	res.Index, err = x.lgr.IndexLabel(u)
	if err != nil {
		res.Findings = append(res.Findings, err)
		return res
	}
	if c := x.m[res.Index]; len(c) > 0 {
		res.Collisions = append([]string(nil), c...)
		sort.Strings(res.Collisions)
		res.Disposition = DispositionBlocked
		res.Findings = append(res.Findings, collisionErrors(u, res.Collisions)...)
	}
	return res
}

// RuleCollision is the rule code of a collision with an existing TLD: the
// label's index label under the RZ-LGR common LGR equals that of a TLD in
// the index (RFC 7940 §8.5), because the label is that TLD or one of its
// variants.
const RuleCollision = "RFC7940-8.5"

// collisionErrors returns one [ErrCollision] per colliding TLD, saying
// whether the label is that TLD itself ("already delegated") or a variant of
// it, so an application for an existing string and one for a variant of it
// are told apart.
func collisionErrors(u string, collisions []string) []error {
	var out []error
	for _, c := range collisions {
		var msg string
		if c == u {
			msg = "already delegated"
		} else {
			msg = "variant of delegated TLD " + c
			if a, err := idna.Punycode.ToASCII(c); err == nil && a != c {
				msg += " (" + a + ")"
			}
			msg += ": same index label under the RZ-LGR-5 common LGR"
		}
		out = append(out, &Error{Kind: ErrCollision, Rule: RuleCollision, Label: u, Rune: -1, Pos: -1, Err: errors.New(msg)})
	}
	return out
}

// labelRZScript picks the RZ-LGR element LGR for a label from the pinned
// Script property of its code points.
func labelRZScript(u string) (string, error) {
	var seen [8]uint8 // distinct script ids, in order of appearance
	n := 0
	for _, r := range u {
		sc := propsOf(r).script()
		if sc == scriptZyyy || sc == scriptZinh {
			continue
		}
		dup := false
		for _, x := range seen[:n] {
			dup = dup || x == sc
		}
		if !dup && n < len(seen) {
			seen[n] = sc
			n++
		}
	}
	has := func(id uint8) bool {
		for _, x := range seen[:n] {
			if x == id {
				return true
			}
		}
		return false
	}
	onlyIn := func(allowed ...uint8) bool {
		for _, x := range seen[:n] {
			ok := false
			for _, a := range allowed {
				ok = ok || x == a
			}
			if !ok {
				return false
			}
		}
		return true
	}
	switch {
	case n == 0:
		return "", &Error{Kind: ErrInvalidLabel, Rule: "RZ-LGR-5", Label: u, Rune: -1, Pos: -1, Err: errors.New("label has no script-specific code point")}
	case (has(scriptHira) || has(scriptKana)) && onlyIn(scriptHira, scriptKana, scriptHani):
		return "Jpan", nil
	case has(scriptHang) && onlyIn(scriptHang, scriptHani):
		return "Kore", nil
	case n == 1:
		return scriptCodes[seen[0]], nil
	}
	var list []string
	for _, x := range seen[:n] {
		list = append(list, scriptCodes[x])
	}
	sort.Strings(list)
	return "", &Error{Kind: ErrInvalidLabel, Rule: "RZ-LGR-5", Label: u, Rune: -1, Pos: -1,
		Err: fmt.Errorf("label mixes scripts %s; each RZ-LGR element LGR covers one script", strings.Join(list, ", "))}
}

// RootZoneConfig configures [EvaluateRootZone] and the Root Zone LGR stage
// of [CheckTLD] (TLDConfig.RootZone), which runs by default (see
// [TLDConfig].SkipRootZoneLGR): labels that pass the string rules, ASCII
// ones included (the RZ-LGR-5 Latin LGR has a-z and the common LGR gives
// them cross-script variants, so "pyc" is a variant of the delegated
// Cyrillic рус), are evaluated against the embedded RZ-LGR-5 and checked
// for collisions with the delegated TLDs and their variants. The RZ-LGR is
// the sole source of variant labels and their dispositions for all gTLDs
// (EPDP on IDNs Phase 1). A label that is already delegated collides with
// itself, which is the right verdict for an application: the string is not
// available. nil means the zero value, which picks the element LGR from the
// label's script and checks collisions against the embedded list of
// delegated TLDs.
type RootZoneConfig struct {
	// Script selects the element LGR (ISO 15924, see RootZoneScripts);
	// empty picks it from the label: Hiragana or Katakana → Jpan, Hangul →
	// Kore, Han alone → Hani, otherwise the one script of the label.
	Script string
	// Delegated replaces the existing TLDs (A-labels or U-labels) the label
	// must not collide with; nil means the embedded list ([DelegatedTLDs],
	// from the root zone with SOA serial 2022021501). Index, when set, is used
	// instead of both (build it once with [RootZoneIndex] for many checks).
	Delegated []string
	Index     *LabelIndex
}

// RuleRootZoneLGR is the rule code CheckTLD reports when the Root Zone LGR
// stage could not run (for example, the label mixes scripts); LGR findings
// carry their RFC 7940 section (RFC7940-8.1, RFC7940-6.4, RFC7940-7.x,
// RFC7940-8.5).
const RuleRootZoneLGR = "RZ-LGR-5"

// tldRootZone is the CheckTLD stage for the Root Zone LGR.
func tldRootZone(v *Verdict, p *TLDConfig) {
	// The RZ-LGR presumes a valid single-script label (U-label or ASCII
	// letters); labels that already failed IDNA2008 or the AGB string rules
	// are not evaluated further.
	if p.SkipRootZoneLGR || v.ULabel == "" || len(v.Findings) > 0 {
		return
	}
	r := EvaluateRootZone(v.ULabel, &p.RootZone)
	var leaves []*Error
	var walk func(error)
	walk = func(e error) {
		if ie, ok := e.(*Error); ok {
			leaves = append(leaves, ie)
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		leaves = append(leaves, &Error{Kind: ErrInvalidLabel, Rule: RuleRootZoneLGR, Rune: -1, Pos: -1, Err: e})
	}
	for _, e := range r.Findings {
		walk(e)
	}
	for _, e := range leaves {
		kind := e.Kind
		if kind == nil {
			kind = ErrInvalidLabel
		}
		rule := e.Rule
		if rule == "" {
			rule = RuleRootZoneLGR
		}
		v.add(kind, rule, e.Rune, e.Pos, e.Err)
	}
}
