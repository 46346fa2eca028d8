// Command lgrdiff reports what changes between two RFC 7940 Label
// Generation Rulesets: the repertoire elements, variant mappings, classes,
// rules and actions added, removed or changed. It is the evidence an RSEP
// request to change a registry's IDN table needs.
//
// Usage:
//
//	lgrdiff [-json] OLD NEW
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
// Exit status: 0 no difference, 1 differences found, 2 usage or I/O error.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/ssrkit/ssr/idn"
)

var jsonOut = flag.Bool("json", false, "print the report (idn.LGRDiff) as one JSON object")

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: lgrdiff [-json] OLD NEW   (files, rz:SCRIPT, rz:common, ref:TAG, fvs:TAG or ref:NAME)")
		flag.PrintDefaults()
	}
	flag.Parse()
	os.Exit(run(flag.Args(), os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) != 2 {
		flag.Usage()
		return 2
	}
	fmt.Fprintf(stderr, "lgrdiff: loading %s and %s\n", args[0], args[1])
	a, err := load(args[0])
	if err != nil {
		fmt.Fprintln(stderr, "lgrdiff:", err)
		return 2
	}
	b, err := load(args[1])
	if err != nil {
		fmt.Fprintln(stderr, "lgrdiff:", err)
		return 2
	}
	rep := idn.DiffLGR(a, b)
	rep.Old, rep.New = args[0], args[1]
	if *jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintln(stderr, "lgrdiff:", err)
			return 2
		}
	} else {
		for _, c := range rep.Changes {
			line := fmt.Sprintf("%-10s %-7s %s", c.Kind, c.Op, c.Item)
			if c.Old != "" || c.New != "" {
				line += fmt.Sprintf("  [%s] -> [%s]", c.Old, c.New)
			}
			if c.Detail != "" {
				line += "  " + c.Detail
			}
			fmt.Fprintln(stdout, line)
		}
		var keys []string
		for k := range rep.Summary {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(stdout, "# %s: %d\n", k, rep.Summary[k])
		}
	}
	if len(rep.Changes) > 0 {
		return 1
	}
	return 0
}

func load(spec string) (*idn.LGR, error) {
	switch {
	case strings.HasPrefix(spec, "rz:"), strings.HasPrefix(spec, "ref:"), strings.HasPrefix(spec, "fvs:"):
		return idn.LoadEmbeddedLGR(spec)
	}
	f, err := os.Open(spec)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return idn.ParseLGR(f, &idn.LGRConfig{Name: spec})
}
