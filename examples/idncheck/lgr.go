package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/ssrkit/ssr/idn"
)

// The RFC 7940 LGR part of idncheck (issue 10).

var lgrFile = flag.String("lgr", "", "evaluate each label against an RFC 7940 LGR: an XML FILE, \"rz\" (embedded Root Zone LGR-5: element LGR of the label's script, then collision with the TLDs delegated in 2022), \"rz:SCRIPT\" (one RZ-LGR element LGR, e.g. rz:Latn), \"ref:TAG\" or \"fvs:TAG\" (ICANN 2024 Second-Level Reference or full-variant-set LGR by language tag, e.g. ref:es, fvs:und-Hani) or \"ref:NAME\" (a 2022 reference LGR by file name); see -list")

var showVariants = flag.Bool("variants", false, "with -lgr, list the variant labels and their dispositions (RFC 7940 §8.2)")

var maxVariants = flag.Int("max-variants", idn.MaxVariantLabels, "with -variants, refuse to enumerate when the variant count estimate exceeds this")

var (
	lgrOnce sync.Once
	lgrDoc  *idn.LGR
	lgrErr  error
)

func loadLGR() (*idn.LGR, error) {
	lgrOnce.Do(func() {
		spec := *lgrFile
		switch {
		case spec == "rz":
			// Per label; see applyLGR.
		case strings.HasPrefix(spec, "rz:"), strings.HasPrefix(spec, "ref:"), strings.HasPrefix(spec, "fvs:"):
			lgrDoc, lgrErr = idn.LoadEmbeddedLGR(spec)
		default:
			f, err := os.Open(spec)
			if err != nil {
				lgrErr = err
				return
			}
			defer f.Close()
			lgrDoc, lgrErr = idn.ParseLGR(f, &idn.LGRConfig{Name: spec})
		}
		if lgrErr != nil {
			lgrErr = fmt.Errorf("idncheck: -lgr %s: %w", spec, lgrErr)
		}
	})
	return lgrDoc, lgrErr
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
		problems = rz.Problems
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
		vs, err := l.Variants(u, *maxVariants)
		if err != nil {
			addProblem(r, err, false)
		}
		for _, v := range vs {
			r.Variants = append(r.Variants, variantResult{Label: v.Label, Disposition: string(v.Disposition)})
		}
	}
	return nil
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
		d := ruleError{Rule: "RFC7940", Pos: -1, Message: e.Error()}
		var ie *idn.Error
		if errors.As(e, &ie) {
			d.Rule, d.Pos = ie.Rule, ie.Pos
			if ie.Rune >= 0 {
				d.Rune = fmt.Sprintf("U+%04X", ie.Rune)
			}
			if errors.Is(e, idn.ErrLimitExceeded) && strings.HasPrefix(ie.Rule, "MaxVariant") {
				// A refused enumeration is reported but does not fail the label.
				r.Details = append(r.Details, d)
				continue
			}
		}
		dup := false
		for _, x := range r.Errors {
			dup = dup || x == d.Rule
		}
		if dup && skipKnown {
			continue
		}
		r.OK = false
		if !dup {
			r.Errors = append(r.Errors, d.Rule)
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
	for _, e := range infos {
		if asJSON {
			if err := enc.Encode(e); err != nil {
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
