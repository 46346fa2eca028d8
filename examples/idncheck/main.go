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
// its code point and position. With -json, one JSON object per line with
// label, alabel, ulabel, ok, errors (the rule codes) and details (check,
// rune, pos, message).
//
// Labels may follow or precede flags; "--" ends the flags; "-" alone (or
// no label) reads labels from standard input. -lgr FILE and -rst FILE are
// read whole within idn.MaxLGRBytes and idn.MaxTableRequestBytes. The text
// report of several labels ends with "# N labels: X ok, Y invalid" and the
// count of each rule broken. JSON members are camelCase (package
// examples/internal/cli).
//
// Exit status (package examples/internal/cli): 0 all labels valid, 1 at
// least one label invalid, 2 usage, I/O error or a file that cannot be
// parsed.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ssrkit/ssr/examples/internal/cli"
	"github.com/ssrkit/ssr/idn"
)

var (
	tldMode  = flag.Bool("tld", false, "apply the new gTLD string requirements (AGB §2.2.1.3.2) and the Root Zone LGR (RZ-LGR-5, collision with delegated TLDs) after IDNA2008")
	skipRZ   = flag.Bool("skip-rz-lgr", false, "with -tld, do NOT run the Root Zone LGR stage (AGB string rules only; e.g. for checking strings that are already delegated)")
	jsonOut  = flag.Bool("json", false, "print one JSON object per label per line")
	existing = flag.String("existing", "", "`LIST` of comma-separated strings (e.g. delegated TLDs) to test -tld labels for UTS #39 confusability against")
)

// variantResult is one variant label produced by an LGR (-lgr -variants).
type variantResult struct {
	Label       string `json:"label"` // U-label
	ALabel      string `json:"alabel"`
	Disposition string `json:"disposition"`
}

// ruleError is one broken rule in the JSON output.
type ruleError struct {
	Check   string `json:"check"`          // the rule code, e.g. RFC5892-A.3
	Rune    string `json:"rune,omitempty"` // U+XXXX
	Pos     *int   `json:"pos,omitempty"`  // code point position; absent if not about one code point
	Message string `json:"message"`
}

// position is the JSON form of a code point position (-1: absent).
func position(p int) *int {
	if p < 0 {
		return nil
	}
	return &p
}

// result is the outcome for one label.
type result struct {
	Label       string          `json:"label"`
	ALabel      string          `json:"alabel"`
	ULabel      string          `json:"ulabel"`
	OK          bool            `json:"ok"`
	Errors      []string        `json:"errors"`  // rule codes, in order, without duplicates
	Details     []ruleError     `json:"details"` // [] when none
	Disposition string          `json:"disposition,omitempty"`
	Variants    []variantResult `json:"variants,omitempty"`
}

// examples use every flag; TestContract checks it.
var examples = []string{
	"idncheck bücher a·b XN--BCHER-KVA",
	"idncheck -tld -json ѕһор -existing shop",
	"idncheck -tld -skip-rz-lgr photographers < labels.txt",
	"idncheck -lgr rz -variants 中國",
	"idncheck -lgr fvs:es -variants -allocatable -max-variants 100 airl·lpack",
	"idncheck -lgr fvs:es -variant-of airl·lpack airl-lpack áirl-lpack",
	"idncheck -lgr table.xml -json - < labels.txt",
	"idncheck -rst es.json -rst-tables es,de,und-Latn",
	"idncheck -list -json",
}

// main parses the command line with examples/internal/cli (flags after
// labels, "--", -h exits 0) and runs.
func main() {
	c := cli.New("idncheck", os.Stdout, os.Stderr)
	c.Synopsis = []string{
		"[-tld [-skip-rz-lgr]] [-json] [-existing a,b] [-lgr SPEC [-variants [-allocatable] [-max-variants N]]] LABEL...",
		"[options] [-]          (labels one per line on standard input; # starts a comment)",
		"-lgr SPEC -variant-of LABEL [-json] CANDIDATE...",
		"-rst request.json [-rst-tables TAG,...] [-json]",
		"-list [-json]",
	}
	c.About = fmt.Sprintf("Checks labels under IDNA2008 and, with -tld, the new gTLD string rules and the Root Zone LGR.\n-lgr FILE is read whole, at most %d bytes (idn.MaxLGRBytes); -rst FILE at most %d bytes\n(idn.MaxTableRequestBytes); either may be \"-\" (standard input) when labels are given as arguments.\nInput lines longer than %d bytes are refused. The text report ends with counts by rule.",
		idn.MaxLGRBytes, idn.MaxTableRequestBytes, maxLineBytes)
	c.Examples = examples
	flag.CommandLine.VisitAll(func(f *flag.Flag) { c.Flags.Var(f.Value, f.Name, f.Usage) })
	args, code, ok := c.Parse(os.Args[1:])
	if !ok {
		os.Exit(code)
	}
	os.Exit(run(args, os.Stdin, os.Stdout, os.Stderr))
}

// maxLineBytes caps one line of labels on standard input.
const maxLineBytes = 1 << 16

// fail prints err as one line and returns ExitUsage.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "idncheck: %s\n", cli.Line(strings.TrimPrefix(err.Error(), "idncheck: "), cli.MaxMessageBytes-len("idncheck: ")))
	return cli.ExitUsage
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if *listLGRs {
		if err := runList(stdout, *jsonOut); err != nil {
			return fail(stderr, err)
		}
		return 0
	}
	if *maxVariants > idn.MaxVariantLabelsCap || *maxVariants < 1 {
		return fail(stderr, fmt.Errorf("-max-variants %d: want 1 to %d (idn.MaxVariantLabelsCap); use -variants -allocatable or -variant-of for larger variant sets", *maxVariants, idn.MaxVariantLabelsCap))
	}
	if len(args) == 1 && args[0] == "-" {
		args = nil // labels on standard input
	}
	if *lgrFile == "-" && len(args) == 0 && *rstFile == "" {
		return fail(stderr, errors.New(`-lgr - reads the LGR from standard input: give the labels as arguments`))
	}
	rstIn = stdin
	if *variantOf != "" || *rstFile != "" {
		var code int
		var err error
		if *variantOf != "" {
			code, err = runVariantOf(args, stdout, *jsonOut)
		} else {
			code, err = runRST(stdout, *jsonOut)
		}
		if err != nil {
			return fail(stderr, err)
		}
		return code
	}
	c := &checker{stderr: stderr, out: bufio.NewWriter(stdout)}
	if *existing != "" {
		c.existing = strings.Split(*existing, ",")
	}
	defer c.out.Flush()
	c.enc = json.NewEncoder(c.out)
	c.enc.SetEscapeHTML(false)
	check, summary := c.check, c.summary
	if len(args) > 0 {
		for _, a := range args {
			if err := check(a); err != nil {
				return fail(stderr, err)
			}
		}
		summary()
		return c.status
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 0, 4096), maxLineBytes)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if err := check(text); err != nil {
			return fail(stderr, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fail(stderr, fmt.Errorf("standard input line %d: %v (at most %d bytes a line)", line+1, err, maxLineBytes))
	}
	if c.n == 0 {
		return fail(stderr, errors.New("no labels on standard input (idncheck -h for help)"))
	}
	summary()
	return c.status
}

// checker checks labels one by one, prints each result and keeps the
// counts for the summary.
type checker struct {
	existing []string
	stderr   io.Writer
	out      *bufio.Writer
	enc      *json.Encoder
	status   int
	n        int
	invalid  int
	tally    cli.Tally
}

// verdict runs CheckLabel or CheckTLD and the LGR options on one label.
func (c *checker) verdict(label string) (*result, error) {
	var v idn.Verdict
	if *tldMode {
		v = idn.CheckTLD(label, &idn.TLDConfig{Existing: c.existing, SkipRootZoneLGR: *skipRZ})
	} else {
		v = idn.CheckLabel(label, nil)
	}
	r := &result{Label: label, ALabel: v.ALabel, ULabel: v.ULabel, OK: v.OK(), Errors: v.Rules(), Details: []ruleError{}}
	if r.Errors == nil {
		r.Errors = []string{}
	}
	for _, e := range v.Findings {
		d := ruleError{Check: e.Rule, Pos: position(e.Pos), Message: e.Error()}
		if e.Rune >= 0 {
			d.Rune = fmt.Sprintf("U+%04X", e.Rune)
		}
		r.Details = append(r.Details, d)
	}
	if err := applyLGR(label, r); err != nil {
		return nil, err
	}
	return r, nil
}

func (c *checker) check(label string) error {
	r, err := c.verdict(label)
	if err != nil {
		return err
	}
	if !r.OK {
		c.status = 1
		c.invalid++
	}
	for _, e := range r.Errors {
		c.tally.Add(e, "error")
	}
	c.n++
	if c.n%10000 == 0 {
		fmt.Fprintf(c.stderr, "idncheck: %d labels\n", c.n)
	}
	if *jsonOut {
		return c.enc.Encode(r)
	}
	verdict := "OK"
	if !r.OK {
		verdict = "INVALID"
	}
	out := c.out
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

func (c *checker) summary() {
	if *jsonOut || c.n < 2 {
		return
	}
	fmt.Fprintf(c.out, "# %d labels: %d ok, %d invalid\n", c.n, c.n-c.invalid, c.invalid)
	for _, t := range c.tally.Counts() {
		fmt.Fprintf(c.out, "# %s: %d\n", t.Kind, t.Count)
	}
}
