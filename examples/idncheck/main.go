// Command idncheck checks domain labels under strict IDNA2008 (RFC 5890-5893)
// and, with -tld, the new gTLD string requirements (Applicant Guidebook
// §2.2.1.3.2) followed by the Root Zone LGR (RZ-LGR-5: element LGR of the
// label's script, then the RFC 7940 §8.5 collision check against the
// delegated TLDs and their variants), and explains every rule a label breaks.
// A delegated TLD collides with itself ("already delegated"): -tld answers
// whether a string can be applied for. -skip-rz-lgr leaves the Root Zone LGR
// out (AGB string rules only).
//
// Usage:
//
//	idncheck [-tld [-skip-rz-lgr]] [-json] [-lgr FILE [-variants]] LABEL...
//	idncheck [-tld [-skip-rz-lgr]] [-json] < labels.txt     (one label per line)
//	idncheck -list [-json]     (the embedded LGRs: spec for -lgr, tag, date, Unicode version)
//	idncheck -lgr SPEC -variant-of LABEL [-json] CANDIDATE...
//	idncheck -lgr SPEC -variants [-allocatable] [-max-variants N] LABEL...
//	idncheck -rst request.json [-rst-tables TAG,TAG...] [-json]
//
// -variant-of answers, for each candidate, whether it is a variant label of
// LABEL under the LGR and with which disposition (RFC 7940 §8.2, §8.3),
// without enumerating the variant set; exit 0 when every candidate is a
// registrable (valid, allocatable, activated) variant. -variants lists
// variant labels (U-label, A-label, disposition); -allocatable streams only
// the registrable ones. -rst checks the test labels of an RST
// idnTableRequest JSON file against the embedded 2024 LGRs (exit 1 on any
// disagreement).
//
// Output per label: the verdict, A-label, U-label and every rule broken with
// its code point and position. With -json, one JSON object per line with at
// least label, alabel, ulabel, ok and errors (the rule codes).
//
// Exit status: 0 all labels valid, 1 at least one label invalid, 2 usage or
// I/O error.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ssrkit/ssr/idn"
)

var (
	tldMode  = flag.Bool("tld", false, "apply the new gTLD string requirements (AGB §2.2.1.3.2) and the Root Zone LGR (RZ-LGR-5, collision with delegated TLDs) after IDNA2008")
	skipRZ   = flag.Bool("skip-rz-lgr", false, "with -tld, do NOT run the Root Zone LGR stage (AGB string rules only; e.g. for checking strings that are already delegated)")
	jsonOut  = flag.Bool("json", false, "print one JSON object per label per line")
	existing = flag.String("existing", "", "comma-separated strings (e.g. delegated TLDs) to test -tld labels for UTS #39 confusability against")
)

// variantResult is one variant label produced by an LGR (-lgr -variants).
type variantResult struct {
	Label       string `json:"label"` // U-label
	ALabel      string `json:"alabel"`
	Disposition string `json:"disposition"`
}

// ruleError is one broken rule in the JSON output.
type ruleError struct {
	Rule    string `json:"rule"`
	Rune    string `json:"rune,omitempty"` // U+XXXX
	Pos     int    `json:"pos"`            // code point position, -1 if not about one code point
	Message string `json:"message"`
}

// result is the outcome for one label.
type result struct {
	Label       string          `json:"label"`
	ALabel      string          `json:"alabel"`
	ULabel      string          `json:"ulabel"`
	OK          bool            `json:"ok"`
	Errors      []string        `json:"errors"` // rule codes, in order, without duplicates
	Details     []ruleError     `json:"details,omitempty"`
	Disposition string          `json:"disposition,omitempty"`
	Variants    []variantResult `json:"variants,omitempty"`
}

func usage() {
	fmt.Fprintf(os.Stderr, "usage: idncheck [-tld [-skip-rz-lgr]] [-json] [-existing a,b] [-lgr SPEC [-variants [-allocatable]]] LABEL...\n       idncheck -lgr SPEC -variant-of LABEL CANDIDATE...\n       idncheck -rst request.json [-rst-tables TAG,...]\n       idncheck -list\n       (labels one per line on stdin when none are given)\n")
	flag.PrintDefaults()
}

func main() {
	flag.Usage = usage
	flag.Parse()
	os.Exit(run(flag.Args(), os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if *listLGRs {
		if err := runList(stdout, *jsonOut); err != nil {
			fmt.Fprintln(stderr, "idncheck:", err)
			return 2
		}
		return 0
	}
	if *maxVariants > idn.MaxVariantLabelsCap || *maxVariants < 1 {
		fmt.Fprintf(stderr, "idncheck: -max-variants %d: want 1 to %d (idn.MaxVariantLabelsCap); use -variants -allocatable or -variant-of for larger variant sets\n", *maxVariants, idn.MaxVariantLabelsCap)
		return 2
	}
	if *variantOf != "" || *rstFile != "" {
		var code int
		var err error
		if *variantOf != "" {
			code, err = runVariantOf(args, stdout, *jsonOut)
		} else {
			code, err = runRST(stdout, *jsonOut)
		}
		if err != nil {
			fmt.Fprintln(stderr, "idncheck:", err)
			if code != 2 {
				code = 2
			}
		}
		return code
	}
	var ex []string
	if *existing != "" {
		ex = strings.Split(*existing, ",")
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	status := 0
	n := 0
	check := func(label string) error {
		var v idn.Verdict
		if *tldMode {
			v = idn.CheckTLD(label, idn.TLDPolicy{Existing: ex, SkipRootZoneLGR: *skipRZ})
		} else {
			v = idn.CheckLabel(label, idn.Policy{})
		}
		r := &result{Label: label, ALabel: v.ALabel, ULabel: v.ULabel, OK: v.OK(), Errors: v.Rules()}
		if r.Errors == nil {
			r.Errors = []string{}
		}
		for _, e := range v.Errors {
			d := ruleError{Rule: e.Rule, Pos: e.Pos, Message: e.Error()}
			if e.Rune >= 0 {
				d.Rune = fmt.Sprintf("U+%04X", e.Rune)
			}
			r.Details = append(r.Details, d)
		}
		if err := applyLGR(label, r); err != nil {
			return err
		}
		if !r.OK {
			status = 1
		}
		n++
		if n%10000 == 0 {
			fmt.Fprintf(stderr, "idncheck: %d labels\n", n)
		}
		if *jsonOut {
			return enc.Encode(r)
		}
		verdict := "OK"
		if !r.OK {
			verdict = "INVALID"
		}
		fmt.Fprintf(out, "%s\t%s\talabel=%s\tulabel=%s", verdict, label, r.ALabel, r.ULabel)
		if r.Disposition != "" {
			fmt.Fprintf(out, "\tdisposition=%s", r.Disposition)
		}
		fmt.Fprintln(out)
		for _, d := range r.Details {
			fmt.Fprintf(out, "\t%s\n", d.Message)
		}
		for _, vr := range r.Variants {
			fmt.Fprintf(out, "\tvariant %s %s %s\n", vr.Label, vr.ALabel, vr.Disposition)
		}
		return nil
	}
	if len(args) > 0 {
		for _, a := range args {
			if err := check(a); err != nil {
				fmt.Fprintln(stderr, err)
				return 2
			}
		}
		return status
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := check(line); err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(stderr, "idncheck: reading stdin:", err)
		return 2
	}
	if n == 0 {
		fmt.Fprintln(stderr, "idncheck: no labels")
		usage()
		return 2
	}
	return status
}
