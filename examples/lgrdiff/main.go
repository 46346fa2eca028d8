// Command lgrdiff reports what changes between two RFC 7940 Label
// Generation Rulesets: the repertoire elements, variant mappings, classes,
// rules and actions added, removed or changed. It is the evidence an RSEP
// request to change a registry's IDN table needs.
//
// Usage:
//
//	lgrdiff [-json] [-max N | -v] OLD NEW
//
// OLD and NEW are LGR XML files, or "rz:SCRIPT" (an element LGR of the
// embedded Root Zone LGR-5, e.g. rz:Latn), "rz:common", "ref:TAG" or
// "fvs:TAG" (ICANN's 2024 Second-Level Reference or full-variant-set LGR
// by language tag, e.g. ref:es) or "ref:NAME" (a 2022 reference LGR by
// file name); idncheck -list names them all.
//
// The comparison is idn.DiffLGR; this program loads the two LGRs and prints
// its report. Code points of <range> elements added or removed together
// are reported as one change per run.
//
// OLD or NEW may be "-" (standard input); files are read whole, at most
// idn.MaxLGRBytes. The text report prints at most -max changes of each kind
// and operation (-v: all), then the count of each; -json lists every
// change.
//
// Exit status (package examples/internal/cli): 0 no difference, 1
// differences found, 2 usage, I/O error or an LGR that cannot be parsed.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/ssrkit/ssr/examples/internal/cli"
	"github.com/ssrkit/ssr/idn"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := cli.New("lgrdiff", stdout, stderr)
	c.Synopsis = []string{"[-json] [-max N | -v] OLD NEW"}
	c.About = fmt.Sprintf("Reports what changes between two RFC 7940 LGRs. OLD and NEW are LGR XML files (at most %d bytes,\nidn.MaxLGRBytes; one may be \"-\", standard input) or embedded LGRs: rz:SCRIPT, rz:common, ref:TAG,\nfvs:TAG or ref:NAME (idncheck -list names them). -max and -v limit the text report; -json lists\nevery change.", idn.MaxLGRBytes)
	c.Examples = []string{
		"lgrdiff ref:es fvs:es",
		"lgrdiff -json old-table.xml new-table.xml",
		"lgrdiff -max 20 rz:Latn ref:es; lgrdiff -v rz:Latn ref:es",
		"xmllint --format new.xml | lgrdiff old.xml -",
	}
	jsonOut := c.Flags.Bool("json", false, "print the report (idn.LGRDiff) as one JSON object")
	tally := &cli.Tally{}
	c.AddMaxFlags(tally)
	pos, code, ok := c.Parse(args)
	if !ok {
		return code
	}
	if len(pos) != 2 {
		return c.Usagef("want OLD and NEW, got %d argument(s)", len(pos))
	}
	if pos[0] == "-" && pos[1] == "-" {
		return c.Usagef("only one of OLD and NEW can be \"-\" (standard input)")
	}
	a, err := load(pos[0], stdin)
	if err != nil {
		return c.Fail(cli.ExitUsage, err)
	}
	b, err := load(pos[1], stdin)
	if err != nil {
		return c.Fail(cli.ExitUsage, err)
	}
	rep := idn.DiffLGR(a, b)
	rep.Old, rep.New = pos[0], pos[1]
	if rep.Changes == nil {
		rep.Changes = []idn.LGRChange{}
	}
	if rep.Summary == nil {
		rep.Summary = map[string]int{}
	}
	if *jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			return c.Fail(cli.ExitUsage, err)
		}
	} else {
		writeText(stdout, rep, tally)
	}
	if len(rep.Changes) > 0 {
		return cli.ExitFindings
	}
	return cli.ExitOK
}

// writeText prints at most -max changes of each kind and operation, then
// the count of each (the summary) and how many were not shown.
func writeText(w io.Writer, rep *idn.LGRDiff, tally *cli.Tally) {
	for _, c := range rep.Changes {
		if !tally.Add(string(c.Kind)+" "+string(c.Op), "notice") {
			continue
		}
		line := fmt.Sprintf("%-10s %-7s %s", c.Kind, c.Op, c.Item)
		if c.Old != "" || c.New != "" {
			line += fmt.Sprintf("  [%s] -> [%s]", c.Old, c.New)
		}
		if c.Detail != "" {
			line += "  " + c.Detail
		}
		fmt.Fprintln(w, line)
	}
	var keys []string
	for k := range rep.Summary {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "# %s: %d\n", k, rep.Summary[k])
	}
	if h := tally.Hidden(); h > 0 {
		fmt.Fprintf(w, "# %d change(s) not shown (-max per kind; -v shows all)\n", h)
	}
}

// load reads an embedded LGR or an LGR file ("-": standard input) within
// idn.MaxLGRBytes.
func load(spec string, stdin io.Reader) (*idn.LGR, error) {
	switch {
	case strings.HasPrefix(spec, "rz:"), strings.HasPrefix(spec, "ref:"), strings.HasPrefix(spec, "fvs:"):
		l, err := idn.LoadEmbeddedLGR(spec)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", spec, err)
		}
		return l, nil
	}
	data, err := cli.ReadFile(spec, cli.ReadOptions{Max: idn.MaxLGRBytes, Stdin: stdin})
	if err != nil {
		return nil, err
	}
	l, err := idn.ParseLGR(bytes.NewReader(data), &idn.LGRConfig{Name: spec})
	if err != nil && !strings.Contains(err.Error(), spec) {
		err = fmt.Errorf("%s: %w", spec, err)
	}
	return l, err
}
