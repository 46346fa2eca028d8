package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/ssrkit/ssr/examples/internal/cli"
	"github.com/ssrkit/ssr/idn"
)

// The RFC 7940 LGR part of idncheck (issue 10).

var lgrFile = flag.String("lgr", "", "evaluate each label against an RFC 7940 LGR `SPEC`: an XML FILE (- for standard input), \"rz\" (embedded Root Zone LGR-5: element LGR of the label's script, then collision with the TLDs delegated in 2022), \"rz:SCRIPT\" (one RZ-LGR element LGR, e.g. rz:Latn), \"ref:TAG\" or \"fvs:TAG\" (ICANN 2024 Second-Level Reference or full-variant-set LGR by language tag, e.g. ref:es, fvs:und-Hani) or \"ref:NAME\" (a 2022 reference LGR by file name); see -list")

var showVariants = flag.Bool("variants", false, "with -lgr, list the variant labels and their dispositions (RFC 7940 §8.2)")

var maxVariants = flag.Int("max-variants", idn.MaxVariantLabels, fmt.Sprintf("with -variants, refuse to enumerate (`N`) when the variant count estimate exceeds this (at most %d; with -allocatable, stop after this many)", idn.MaxVariantLabelsCap))

var allocatableOnly = flag.Bool("allocatable", false, "with -variants, list only the variant labels whose disposition lets them be registered (valid, allocatable, activated), streaming, without building the blocked ones (RFC 7940 §8.3)")

// lgrCache holds the LGRs loaded for -lgr, by spec (one per run of the
// program; tests change -lgr between runs).
var (
	lgrMu    sync.Mutex
	lgrCache = map[string]*idn.LGR{}
)

func loadLGR() (*idn.LGR, error) {
	spec := *lgrFile
	lgrMu.Lock()
	defer lgrMu.Unlock()
	if l, ok := lgrCache[spec]; ok {
		return l, nil
	}
	var l *idn.LGR
	var err error
	switch {
	case spec == "rz":
		return nil, nil // per label; see applyLGR
	case strings.HasPrefix(spec, "rz:"), strings.HasPrefix(spec, "ref:"), strings.HasPrefix(spec, "fvs:"):
		l, err = idn.LoadEmbeddedLGR(spec)
	default:
		var data []byte
		data, err = cli.ReadFile(spec, cli.ReadOptions{Max: idn.MaxLGRBytes, Stdin: rstIn})
		if err != nil {
			return nil, fmt.Errorf("-lgr %w", err)
		}
		l, err = idn.ParseLGR(bytes.NewReader(data), &idn.LGRConfig{Name: spec})
	}
	if err != nil {
		return nil, fmt.Errorf("-lgr %s: %w", spec, err)
	}
	lgrCache[spec] = l
	return l, nil
}

// applyLGR fills r.Disposition and r.Variants from the LGR named by -lgr; a
// disposition other than valid, allocatable or activated makes the label
// fail, with the RFC 7940 rule codes added to r.Errors.
func applyLGR(label string, r *result) error {
	if *lgrFile == "" {
		return nil
	}
	l, err := loadLGR()
	if err != nil {
		return err
	}
	u := r.ULabel
	if u == "" {
		u = label
	}
	var problems []error
	if *lgrFile == "rz" {
		rz := idn.EvaluateRootZone(u, nil)
		r.Disposition = string(rz.Disposition)
		problems = rz.Findings
		if *showVariants && rz.Script != "" && rz.Element != nil && rz.Element.OK() {
			l, _ = idn.RootZoneScript(rz.Script)
		}
	} else {
		res := l.Evaluate(u)
		r.Disposition = string(res.Disposition)
		if err := res.Err(); err != nil {
			problems = append(problems, err)
		}
	}
	// With -tld, CheckTLD has already run the same Root Zone LGR stage
	// (unless -skip-rz-lgr); its findings are not repeated.
	dedup := *lgrFile == "rz" && *tldMode && !*skipRZ
	for _, p := range problems {
		addProblem(r, p, dedup)
	}
	if *showVariants && l != nil && len(problems) == 0 || (*showVariants && l != nil && *lgrFile == "rz" && r.Disposition == string(idn.DispositionBlocked)) {
		listVariants(l, u, r)
	}
	return nil
}

// listVariants fills r.Variants for -variants: every variant label
// (enumerated, refused beyond -max-variants) or, with -allocatable, the
// registrable ones streamed and stopped after -max-variants. Each carries
// its A-label, made from the lower-cased U-label.
func listVariants(l *idn.LGR, u string, r *result) {
	add := func(v idn.VariantLabel) {
		vr := variantResult{Label: v.Label, Disposition: string(v.Disposition)}
		if a, err := idn.ALabel(v.Label); err == nil {
			vr.ALabel = a
		}
		r.Variants = append(r.Variants, vr)
	}
	if !*allocatableOnly {
		vs, err := l.Variants(u, *maxVariants)
		if err != nil {
			addProblem(r, err, false)
		}
		for _, v := range vs {
			add(v)
		}
		return
	}
	n := 0
	err := l.AllocatableVariants(u, func(v idn.VariantLabel) bool {
		if n == *maxVariants {
			addProblem(r, &idn.Error{Kind: idn.ErrLimitExceeded, Rule: "MaxVariantLabels", Label: u, Rune: -1, Pos: -1,
				Err: fmt.Errorf("more than %d registrable variant labels; listing stopped (-max-variants)", *maxVariants)}, false)
			return false
		}
		n++
		add(v)
		return true
	})
	if err != nil {
		addProblem(r, err, false)
	}
}

// addProblem records every *idn.Error inside err (joined errors included);
// with skipKnown, errors whose rule code r.Errors already lists are left out.
func addProblem(r *result, err error, skipKnown bool) {
	var leaves []error
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			if _, isIDN := e.(*idn.Error); !isIDN {
				for _, x := range j.Unwrap() {
					walk(x)
				}
				return
			}
		}
		leaves = append(leaves, e)
	}
	walk(err)
	for _, e := range leaves {
		d := ruleError{Check: "RFC7940", Message: e.Error()}
		var ie *idn.Error
		if errors.As(e, &ie) {
			d.Check, d.Pos = ie.Rule, position(ie.Pos)
			if ie.Rune >= 0 {
				d.Rune = fmt.Sprintf("U+%04X", ie.Rune)
			}
			if errors.Is(e, idn.ErrLimitExceeded) && strings.HasPrefix(ie.Rule, "MaxVariant") {
				// MaxVariantLabels, MaxVariantWalkSteps.
				// A refused enumeration is reported but does not fail the label.
				r.Details = append(r.Details, d)
				continue
			}
		}
		dup := false
		for _, x := range r.Errors {
			dup = dup || x == d.Check
		}
		if dup && skipKnown {
			continue
		}
		r.OK = false
		if !dup {
			r.Errors = append(r.Errors, d.Check)
		}
		r.Details = append(r.Details, d)
	}
}

var listLGRs = flag.Bool("list", false, "print every embedded LGR (spec, language tag, date, Unicode version, source) and exit")

// runList prints the embedded LGRs for -list.
func runList(out io.Writer, asJSON bool) error {
	infos, err := idn.EmbeddedLGRs()
	if err != nil {
		return err
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	type info struct {
		Spec           string `json:"spec"`
		Set            string `json:"set"`
		Tag            string `json:"tag"`
		Version        string `json:"version"`
		Date           string `json:"date"`
		UnicodeVersion string `json:"unicodeVersion"`
		Source         string `json:"source"`
	}
	for _, e := range infos {
		if asJSON {
			if err := enc.Encode(info{e.Spec, e.Set, e.Tag, e.Version, e.Date, e.UnicodeVersion, e.Source}); err != nil {
				return err
			}
			continue
		}
		if _, err := fmt.Fprintf(out, "%-50s\ttag=%s\tdate=%s\tunicode=%s\tversion=%s\t%s\n", e.Spec, e.Tag, e.Date, e.UnicodeVersion, e.Version, e.Source); err != nil {
			return err
		}
	}
	return nil
}

var variantOf = flag.String("variant-of", "", "with -lgr, answer for each LABEL argument whether it is a variant of this `LABEL` and with which disposition (RFC 7940 §8.2, §8.3), without enumerating the variant set; exit 0 when every one is a registrable variant")

// variantAnswer is one -variant-of answer.
type variantAnswer struct {
	Label       string   `json:"label"`
	ALabel      string   `json:"alabel"`
	ULabel      string   `json:"ulabel"`
	VariantOf   string   `json:"variantOf"`
	InSet       bool     `json:"inVariantSet"`
	Identical   bool     `json:"identical,omitempty"`
	Disposition string   `json:"disposition"`
	Types       []string `json:"types"` // [] when none
	Why         string   `json:"why"`
}

// runVariantOf answers -variant-of for each candidate.
func runVariantOf(cands []string, out io.Writer, asJSON bool) (int, error) {
	if *lgrFile == "" || *lgrFile == "rz" {
		return 2, errors.New("-variant-of needs -lgr with one LGR (FILE, rz:SCRIPT, ref:TAG, fvs:TAG)")
	}
	if len(cands) == 0 {
		return 2, errors.New("-variant-of needs candidate labels as arguments")
	}
	l, err := loadLGR()
	if err != nil {
		return 2, err
	}
	base := uLabelOf(*variantOf)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	status := 0
	for _, c := range cands {
		u := uLabelOf(c)
		a, err := l.VariantOf(base, u)
		if err != nil {
			return 1, fmt.Errorf("-variant-of %s: %w", *variantOf, err)
		}
		ans := variantAnswer{Label: c, ULabel: u, VariantOf: base, InSet: a.InSet, Identical: a.Identical,
			Disposition: string(a.Disposition), Types: append([]string{}, a.Types...), Why: a.Why}
		if ans.Disposition == "" {
			ans.Disposition = "not-a-variant"
		}
		if al, err := idn.ALabel(u); err == nil {
			ans.ALabel = al
		}
		if !a.Registrable() {
			status = 1
		}
		if asJSON {
			if err := enc.Encode(ans); err != nil {
				return 2, err
			}
			continue
		}
		fmt.Fprintf(out, "%s\t%s\talabel=%s\tvariant-of=%s", ans.Disposition, c, ans.ALabel, base)
		if len(a.Types) > 0 {
			fmt.Fprintf(out, "\ttypes=%s", strings.Join(a.Types, ","))
		}
		fmt.Fprintf(out, "\t%s\n", a.Why)
	}
	return status, nil
}

// uLabelOf returns the U-label of an A-label (any case), else the label
// with ASCII lower-cased (what CheckLabel reports as the U-label), else the
// label as given.
func uLabelOf(s string) string {
	if v := idn.CheckLabel(s, nil); v.ULabel != "" {
		return v.ULabel
	}
	return s
}

var (
	rstFile   = flag.String("rst", "", "check the test labels of an RST idnTableRequest JSON `FILE` against the embedded 2024 LGRs (reference LGR for labels, full-variant-set LGR for variants; RST test case idn-01)")
	rstTables = flag.String("rst-tables", "", "with -rst, `TAGS`: comma-separated language tags of the tables the zone offers, for the cross-table variantTLDAllocatability (default: the request's own tag)")
)

// rstIn is what -lgr - and -rst - read (standard input).
var rstIn io.Reader

// runRST checks an idnTableRequest (-rst).
func runRST(out io.Writer, asJSON bool) (int, error) {
	data, err := cli.ReadFile(*rstFile, cli.ReadOptions{Max: idn.MaxTableRequestBytes, Stdin: rstIn})
	if err != nil {
		return 2, fmt.Errorf("-rst %w", err)
	}
	req, err := idn.ParseIDNTableRequest(bytes.NewReader(data))
	if err != nil {
		return 2, fmt.Errorf("-rst %s: %w", *rstFile, err)
	}
	tags := []string{req.Tag}
	if *rstTables != "" {
		tags = strings.Split(*rstTables, ",")
	}
	tables, err := idn.RSTTablesFor(tags...)
	if err != nil {
		return 2, err
	}
	rep, err := idn.CheckIDNTableRequest(req, tables)
	if err != nil {
		return 2, err
	}
	if asJSON {
		type finding struct {
			Label   string `json:"label"`
			Check   string `json:"check"`
			Message string `json:"message"`
		}
		type label struct {
			Label       string   `json:"label"`
			ULabel      string   `json:"ulabel"`
			Kind        string   `json:"kind"`
			Of          string   `json:"of,omitempty"`
			Disposition string   `json:"disposition"`
			Allocatable []string `json:"allocatable"`
		}
		type report struct {
			Tag      string    `json:"tag"`
			Offered  []string  `json:"offered"`
			Labels   []label   `json:"labels"`
			Findings []finding `json:"findings"`
		}
		r := report{Tag: rep.Tag, Offered: append([]string{}, rep.Offered...), Labels: []label{}, Findings: []finding{}}
		for _, x := range rep.Labels {
			r.Labels = append(r.Labels, label{x.Label, x.ULabel, string(x.Kind), x.Of, string(x.Disposition), append([]string{}, x.Allocatable...)})
		}
		for _, e := range rep.Findings {
			r.Findings = append(r.Findings, finding{e.Label, e.Rule, e.Error()})
		}
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			return 2, err
		}
	} else {
		for _, x := range rep.Labels {
			fmt.Fprintf(out, "%-13s\t%s\tulabel=%s\tdisposition=%s\tallocatable-in=%s", x.Kind, x.Label, x.ULabel, x.Disposition, strings.Join(x.Allocatable, ","))
			if x.Of != "" {
				fmt.Fprintf(out, "\tvariant-of=%s", x.Of)
			}
			fmt.Fprintln(out)
		}
		for _, e := range rep.Findings {
			fmt.Fprintf(out, "FINDING\t%s\n", e.Error())
		}
		fmt.Fprintf(out, "# %s: %d test labels, %d findings, tables %s\n", rep.Tag, len(rep.Labels), len(rep.Findings), strings.Join(rep.Offered, ","))
	}
	if !rep.OK() {
		return 1, nil
	}
	return 0, nil
}
