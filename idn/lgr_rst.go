package idn

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// RST's IDN table request format. ICANN's Registry System Testing (RST
// v2.0, test case idn-01, "IDN label validation test") takes, for each IDN
// table a TLD offers, an idnTableRequest object (RST-API specification;
// ICANN publishes one per reference LGR in icann/rst-idn-test-labels):
// the table's language tag, the code points safe to send in EPP, and test
// labels: allocatable labels, each with its variant labels, and
// unallocatable labels. Each allocatable label and variant lists, in
// variantTLDAllocatability, the tags of the tables in which it may be
// allocated. CheckIDNTableRequest recomputes all of it from the LGRs, so a
// registry can run its tables' test labels before RST does.

// IDNTableRequest is RST's idnTableRequest object.
type IDNTableRequest struct {
	Tag                      string        `json:"tag"`
	EPPSafeCodePoints        []string      `json:"eppSafeCodePoints,omitempty"`
	IsReferenceLGR           bool          `json:"isReferenceLGR,omitempty"`
	PermittedVariantPolicies []string      `json:"permittedVariantPolicies,omitempty"`
	TestLabels               RSTTestLabels `json:"testLabels"`
	Version                  string        `json:"version,omitempty"`
}

// RSTTestLabels is the testLabels member of an idnTableRequest.
type RSTTestLabels struct {
	AllocatableLabels   []RSTAllocatableLabel `json:"allocatableLabels"`
	UnallocatableLabels []string              `json:"unallocatableLabels"`
}

// RSTAllocatableLabel is one allocatable test label with its variants.
type RSTAllocatableLabel struct {
	Label                    string            `json:"label"`
	VariantTLDAllocatability []string          `json:"variantTLDAllocatability"`
	Variants                 []RSTVariantLabel `json:"variants"`
}

// RSTVariantLabel is one variant label of an allocatable test label.
type RSTVariantLabel struct {
	Label                    string   `json:"label"`
	VariantTLDAllocatability []string `json:"variantTLDAllocatability"`
}

// ParseIDNTableRequest reads one idnTableRequest JSON object. The input is
// bounded by [MaxTableRequestBytes] and the labels by
// [MaxTableRequestLabels]; a missing tag is an error. Unknown members are
// ignored (the RST-API object has more than this check needs).
func ParseIDNTableRequest(r io.Reader) (*IDNTableRequest, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxTableRequestBytes+1))
	if err != nil {
		return nil, &Error{Kind: ErrMalformed, Rule: "RST-idnTableRequest", Rune: -1, Pos: -1, Err: err}
	}
	if len(b) > MaxTableRequestBytes {
		return nil, &Error{Kind: ErrLimitExceeded, Rule: "MaxTableRequestBytes", Rune: -1, Pos: -1,
			Err: fmt.Errorf("idnTableRequest larger than %d bytes", MaxTableRequestBytes)}
	}
	var req IDNTableRequest
	if err := json.Unmarshal(b, &req); err != nil {
		return nil, &Error{Kind: ErrMalformed, Rule: "RST-idnTableRequest", Rune: -1, Pos: -1, Err: err}
	}
	if req.Tag == "" {
		return nil, &Error{Kind: ErrMalformed, Rule: "RST-idnTableRequest", Rune: -1, Pos: -1, Err: errors.New("no tag")}
	}
	n := len(req.TestLabels.UnallocatableLabels)
	for _, a := range req.TestLabels.AllocatableLabels {
		n += 1 + len(a.Variants)
	}
	if n > MaxTableRequestLabels {
		return nil, &Error{Kind: ErrLimitExceeded, Rule: "MaxTableRequestLabels", Label: req.Tag, Rune: -1, Pos: -1,
			Err: fmt.Errorf("%d test labels, more than %d", n, MaxTableRequestLabels)}
	}
	return &req, nil
}

// RSTTable is one IDN table a zone offers: its language tag, the LGR its
// labels and their variants are checked against, and a second LGR asked
// about a variant that LGR does not produce (for ICANN's tables, the
// full-variant-set LGR of the same tag, which adds blocked cross-script
// variants; nil means none). The full-variant-set LGRs disable their own
// in-language variants (their rule "enabled" matches only the empty label:
// "no longer designed for a standalone use"), so in-language variant
// dispositions come from the reference LGR.
type RSTTable struct {
	Tag        string
	LGR        *LGR
	VariantLGR *LGR
}

// RSTTablesFor returns the RSTTable of each tag from the embedded 2024
// LGRs: the reference LGR for labels and their in-language variants, and
// the full-variant-set LGR for the variants only it produces (blocked
// cross-script ones).
func RSTTablesFor(tags ...string) ([]RSTTable, error) {
	var out []RSTTable
	for _, t := range tags {
		ref, err := ReferenceLGR2024(t)
		if err != nil {
			return nil, err
		}
		fvs, err := FullVariantLGR2024(t)
		if err != nil {
			return nil, err
		}
		out = append(out, RSTTable{Tag: t, LGR: ref, VariantLGR: fvs})
	}
	return out, nil
}

// Rule codes of the findings of CheckIDNTableRequest: the RST idn-01 error
// that a server following the LGR would trigger against RST's expectation.
const (
	RuleRSTRejectsValid   = "RST-idn-01/IDN_SERVER_REJECTS_VALID_LABEL"
	RuleRSTAcceptsInvalid = "RST-idn-01/IDN_SERVER_ACCEPTS_INVALID_LABEL"
	RuleRSTVariant        = "RST-idn-01/IDN_VARIANT_LABEL_NOT_BLOCKED"
	RuleRSTAllocatability = "RST-idn-01/variantTLDAllocatability"
	RuleRSTEPPSafe        = "RST-idnTableRequest/eppSafeCodePoints"
)

// ErrRSTMismatch reports a test label whose expectation in an
// idnTableRequest disagrees with the LGRs.
var ErrRSTMismatch error = &subKind{"RST test label disagrees with the LGR", ErrInvalidLabel}

// RSTLabelKind is the list of an idnTableRequest a test label comes from.
type RSTLabelKind string

// The kinds of RST test labels.
const (
	RSTAllocatable   RSTLabelKind = "allocatable"
	RSTUnallocatable RSTLabelKind = "unallocatable"
	RSTVariant       RSTLabelKind = "variant"
)

// RSTLabelResult is the LGR's answer for one test label.
type RSTLabelResult struct {
	Label  string // as given (A-label or U-label)
	ULabel string
	Kind   RSTLabelKind
	Of     string // for a variant: the allocatable label it belongs to
	// Disposition under the request table's LGR (for a variant: as a
	// variant of Of under the variant LGR, RFC 7940 §8.3).
	Disposition Disposition
	// Allocatable lists the offered tags in which the label may be
	// allocated, sorted: for an allocatable label, the tables whose LGR
	// gives it a registrable disposition; for a variant, those tables
	// when its variant disposition is registrable, else none.
	Allocatable []string
}

// RSTReport is the outcome of CheckIDNTableRequest.
type RSTReport struct {
	Tag      string
	Offered  []string // tags of the tables compared, sorted
	Labels   []RSTLabelResult
	Findings []*Error // every disagreement, each naming its RST error, in label order
	Dropped  int      // disagreements counted but not kept past MaxRSTFindings
}

// MaxRSTFindings bounds the findings an [RSTReport] keeps; further ones are
// counted in Dropped.
const MaxRSTFindings = 1000

// OK reports whether every test label agrees with the LGRs.
func (r *RSTReport) OK() bool { return len(r.Findings) == 0 && r.Dropped == 0 }

// Err returns the findings joined, or nil when there are none.
func (r *RSTReport) Err() error {
	if r.OK() {
		return nil
	}
	errs := make([]error, 0, len(r.Findings)+1)
	for _, f := range r.Findings {
		errs = append(errs, f)
	}
	if r.Dropped > 0 {
		errs = append(errs, &Error{Kind: ErrLimitExceeded, Rule: "MaxRSTFindings", Label: r.Tag, Rune: -1, Pos: -1,
			Err: fmt.Errorf("%d more findings not kept", r.Dropped)})
	}
	return errors.Join(errs...)
}

// CheckIDNTableRequest checks the test labels of req against the LGRs of
// tables, which must include req.Tag (RST test case idn-01):
//   - each unallocatable label must not be registrable under the table's
//     LGR (else RST's expectation is IDN_SERVER_ACCEPTS_INVALID_LABEL for a
//     server that follows the LGR);
//   - each allocatable label must be registrable (RFC 7940 §7.3, §8.3;
//     else IDN_SERVER_REJECTS_VALID_LABEL);
//   - each variant must be in the label's variant set under the table's
//     LGR or, failing that, its VariantLGR, found without enumeration
//     ([LGR.VariantOf], RFC 7940 §8.2);
//   - variantTLDAllocatability, restricted to the offered tags, must equal
//     the tables in which the label (for a variant: a registrable variant)
//     is registrable;
//   - each eppSafeCodePoints entry must be a code point of the repertoire.
func CheckIDNTableRequest(req *IDNTableRequest, tables []RSTTable) (*RSTReport, error) {
	rep := &RSTReport{Tag: req.Tag}
	var own *RSTTable
	for i := range tables {
		if tables[i].LGR == nil {
			return nil, &Error{Kind: ErrMalformed, Rule: "RST-idnTableRequest", Label: tables[i].Tag, Rune: -1, Pos: -1, Err: errors.New("table without an LGR")}
		}
		rep.Offered = append(rep.Offered, tables[i].Tag)
		if strings.EqualFold(tables[i].Tag, req.Tag) {
			own = &tables[i]
		}
	}
	sort.Strings(rep.Offered)
	if own == nil {
		return nil, &Error{Kind: ErrMalformed, Rule: "RST-idnTableRequest", Label: req.Tag, Rune: -1, Pos: -1,
			Err: fmt.Errorf("no table offered for the request's tag %q", req.Tag)}
	}
	rep.checkEPPSafe(req, own.LGR)
	for _, s := range req.TestLabels.UnallocatableLabels {
		u := rstULabel(s)
		res := own.LGR.Evaluate(u)
		rep.Labels = append(rep.Labels, RSTLabelResult{Label: s, ULabel: u, Kind: RSTUnallocatable, Disposition: res.Disposition})
		if res.OK() {
			rep.find(RuleRSTAcceptsInvalid, s, "listed as unallocatable, but the %s LGR gives it disposition %s (%s)", req.Tag, res.Disposition, res.Why)
		}
	}
	for _, a := range req.TestLabels.AllocatableLabels {
		u := rstULabel(a.Label)
		res := own.LGR.Evaluate(u)
		r := RSTLabelResult{Label: a.Label, ULabel: u, Kind: RSTAllocatable, Disposition: res.Disposition}
		if !res.OK() {
			rep.find(RuleRSTRejectsValid, a.Label, "listed as allocatable, but the %s LGR gives it disposition %s: %v", req.Tag, res.Disposition, res.Err())
		}
		r.Allocatable = allocatableIn(u, tables)
		rep.compareAllocatability(a.Label, a.VariantTLDAllocatability, r.Allocatable)
		rep.Labels = append(rep.Labels, r)
		for _, v := range a.Variants {
			rep.checkVariant(own, u, a.Label, v, tables)
		}
	}
	return rep, nil
}

func (rep *RSTReport) checkVariant(own *RSTTable, u, label string, v RSTVariantLabel, tables []RSTTable) {
	vu := rstULabel(v.Label)
	r := RSTLabelResult{Label: v.Label, ULabel: vu, Kind: RSTVariant, Of: label}
	tag := own.Tag
	ans, err := own.LGR.VariantOf(u, vu)
	if err == nil && !ans.InSet && !ans.Identical && own.VariantLGR != nil {
		ans, err = own.VariantLGR.VariantOf(u, vu)
	}
	switch {
	case err != nil:
		rep.find(RuleRSTVariant, v.Label, "variant of %s: %v", label, err)
	case ans.Identical:
		rep.find(RuleRSTVariant, v.Label, "listed as a variant of %s, but it is that label itself (RFC 7940 §8.2: a variant label differs from its original)", label)
	case !ans.InSet:
		rep.find(RuleRSTVariant, v.Label, "listed as a variant of %s, but the %s variant LGR does not produce it (RFC 7940 §8.2)", label, tag)
	default:
		r.Disposition = ans.Disposition
		if ans.Registrable() {
			r.Allocatable = allocatableIn(vu, tables)
		}
	}
	if r.Allocatable == nil {
		r.Allocatable = []string{}
	}
	rep.compareAllocatability(v.Label, v.VariantTLDAllocatability, r.Allocatable)
	rep.Labels = append(rep.Labels, r)
}

// allocatableIn returns the tags of the tables whose LGR gives u a
// registrable disposition, sorted.
func allocatableIn(u string, tables []RSTTable) []string {
	out := []string{}
	for _, t := range tables {
		if t.LGR.Evaluate(u).OK() {
			out = append(out, t.Tag)
		}
	}
	sort.Strings(out)
	return out
}

// compareAllocatability compares a listed variantTLDAllocatability,
// restricted to the offered tags, with the computed one.
func (rep *RSTReport) compareAllocatability(label string, listed, got []string) {
	offered := map[string]bool{}
	for _, t := range rep.Offered {
		offered[strings.ToLower(t)] = true
	}
	var want []string
	for _, t := range listed {
		if offered[strings.ToLower(t)] {
			want = append(want, t)
		}
	}
	sort.Strings(want)
	if !strings.EqualFold(strings.Join(want, " "), strings.Join(got, " ")) {
		rep.find(RuleRSTAllocatability, label, "variantTLDAllocatability over the offered tables lists [%s], the LGRs give [%s]",
			strings.Join(want, " "), strings.Join(got, " "))
	}
}

func (rep *RSTReport) checkEPPSafe(req *IDNTableRequest, l *LGR) {
	for _, s := range req.EPPSafeCodePoints {
		// One code point "U+0915" or a sequence "U+0789 U+07A8".
		var cp []rune
		ok := len(strings.Fields(s)) > 0
		for _, f := range strings.Fields(s) {
			v, err := strconv.ParseUint(strings.TrimPrefix(strings.ToUpper(f), "U+"), 16, 32)
			if err != nil || !strings.HasPrefix(strings.ToUpper(f), "U+") || v > 0x10FFFF {
				ok = false
				break
			}
			cp = append(cp, rune(v))
		}
		if !ok {
			rep.find(RuleRSTEPPSafe, s, "not a code point or sequence in U+XXXX form")
			continue
		}
		// A sequence is safe when it is a repertoire element or made of
		// repertoire code points (Thaana lists consonant+vowel pairs).
		if _, ok := l.Lookup(cp); ok {
			continue
		}
		for _, r := range cp {
			if _, ok := l.Lookup([]rune{r}); !ok {
				rep.find(RuleRSTEPPSafe, s, "U+%04X is not in the repertoire of the %s LGR (RFC 7940 §5.1)", r, req.Tag)
				break
			}
		}
	}
}

func (rep *RSTReport) find(rule, label, format string, args ...any) {
	if len(rep.Findings) >= MaxRSTFindings {
		rep.Dropped++
		return
	}
	rep.Findings = append(rep.Findings, &Error{Kind: ErrRSTMismatch, Rule: rule, Label: label, Rune: -1, Pos: -1, Err: fmt.Errorf(format, args...)})
}

// rstULabel turns a test label into the U-label the LGRs are evaluated on:
// an A-label (any case of the prefix) is decoded; anything else is
// lower-cased in ASCII. A label that does not decode is kept as given, so
// the LGR reports it as not in the repertoire.
func rstULabel(s string) string {
	v := CheckLabel(s, nil)
	if v.ULabel != "" {
		return v.ULabel
	}
	return s
}
