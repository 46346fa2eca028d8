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
// embedded Root Zone LGR-5, e.g. rz:Latn), "rz:common", or "ref:NAME" (an
// embedded ICANN Second-Level Reference LGR).
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

var jsonOut = flag.Bool("json", false, "print the report as one JSON object")

// Change is one difference. Kind is "repertoire", "variant", "class",
// "rule", "action" or "meta"; Op is "added", "removed" or "changed".
type Change struct {
	Kind   string `json:"kind"`
	Op     string `json:"op"`
	Item   string `json:"item"`
	Old    string `json:"old,omitempty"`
	New    string `json:"new,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// Report is the -json output.
type Report struct {
	Old     string         `json:"old"`
	New     string         `json:"new"`
	Summary map[string]int `json:"summary"` // "<kind> <op>" -> count
	Changes []Change       `json:"changes"`
}

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: lgrdiff [-json] OLD NEW   (files, rz:SCRIPT, rz:common or ref:NAME)")
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
	rep := Diff(a, b)
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

func cpString(cp []rune) string {
	return fmt.Sprintf("%s (%s)", idn.FormatCP(cp), string(cp))
}

func ctx(when, notWhen string) string {
	switch {
	case when != "":
		return "when=" + when
	case notWhen != "":
		return "not-when=" + notWhen
	}
	return ""
}

func charDesc(c idn.LGRChar) string {
	var parts []string
	if s := ctx(c.When, c.NotWhen); s != "" {
		parts = append(parts, s)
	}
	if len(c.Tags) > 0 {
		t := append([]string(nil), c.Tags...)
		sort.Strings(t)
		parts = append(parts, "tags="+strings.Join(t, " "))
	}
	return strings.Join(parts, " ")
}

func actionDesc(a idn.LGRAction) string {
	s := "disp=" + string(a.Disp)
	if a.Match != "" {
		s += " match=" + a.Match
	}
	if a.NotMatch != "" {
		s += " not-match=" + a.NotMatch
	}
	if a.AnyVariant != nil {
		s += " any-variant=" + strings.Join(a.AnyVariant, " ")
	}
	if a.AllVariants != nil {
		s += " all-variants=" + strings.Join(a.AllVariants, " ")
	}
	if a.OnlyVariants != nil {
		s += " only-variants=" + strings.Join(a.OnlyVariants, " ")
	}
	return s
}

// Diff compares two LGRs.
func Diff(a, b *idn.LGR) *Report {
	r := &Report{Summary: map[string]int{}, Changes: []Change{}}
	add := func(c Change) {
		r.Changes = append(r.Changes, c)
		r.Summary[c.Kind+" "+c.Op]++
	}
	// Metadata.
	for _, m := range []struct{ name, o, n string }{
		{"version", a.Meta.Version, b.Meta.Version},
		{"date", a.Meta.Date, b.Meta.Date},
		{"unicode-version", a.Meta.UnicodeVersion, b.Meta.UnicodeVersion},
		{"language", strings.Join(a.Meta.Languages, " "), strings.Join(b.Meta.Languages, " ")},
	} {
		if m.o != m.n {
			add(Change{Kind: "meta", Op: "changed", Item: m.name, Old: m.o, New: m.n})
		}
	}
	// Repertoire and variants.
	type vkey struct{ to, when, notWhen string }
	index := func(l *idn.LGR) (map[string]idn.LGRChar, []string) {
		m := map[string]idn.LGRChar{}
		var keys []string
		for _, c := range l.Repertoire() {
			k := idn.FormatCP(c.CP)
			m[k] = c
			keys = append(keys, k)
		}
		return m, keys
	}
	am, akeys := index(a)
	bm, bkeys := index(b)
	for _, k := range akeys {
		if _, ok := bm[k]; !ok {
			add(Change{Kind: "repertoire", Op: "removed", Item: cpString(am[k].CP), Detail: charDesc(am[k])})
		}
	}
	for _, k := range bkeys {
		nc := bm[k]
		oc, ok := am[k]
		if !ok {
			add(Change{Kind: "repertoire", Op: "added", Item: cpString(nc.CP), Detail: charDesc(nc)})
			for _, v := range nc.Variants {
				add(Change{Kind: "variant", Op: "added", Item: cpString(nc.CP) + " -> " + cpString(v.CP), New: v.Type, Detail: ctx(v.When, v.NotWhen)})
			}
			continue
		}
		if d1, d2 := charDesc(oc), charDesc(nc); d1 != d2 {
			add(Change{Kind: "repertoire", Op: "changed", Item: cpString(nc.CP), Old: d1, New: d2})
		}
		ov := map[vkey]idn.LGRVariant{}
		for _, v := range oc.Variants {
			ov[vkey{idn.FormatCP(v.CP), v.When, v.NotWhen}] = v
		}
		seen := map[vkey]bool{}
		for _, v := range nc.Variants {
			k := vkey{idn.FormatCP(v.CP), v.When, v.NotWhen}
			seen[k] = true
			item := cpString(nc.CP) + " -> " + cpString(v.CP)
			if o, ok := ov[k]; !ok {
				add(Change{Kind: "variant", Op: "added", Item: item, New: v.Type, Detail: ctx(v.When, v.NotWhen)})
			} else if o.Type != v.Type {
				add(Change{Kind: "variant", Op: "changed", Item: item, Old: o.Type, New: v.Type, Detail: ctx(v.When, v.NotWhen)})
			}
		}
		for _, v := range oc.Variants {
			k := vkey{idn.FormatCP(v.CP), v.When, v.NotWhen}
			if !seen[k] {
				add(Change{Kind: "variant", Op: "removed", Item: cpString(oc.CP) + " -> " + cpString(v.CP), Old: v.Type, Detail: ctx(v.When, v.NotWhen)})
			}
		}
	}
	for _, k := range akeys {
		if _, ok := bm[k]; ok {
			continue
		}
		for _, v := range am[k].Variants {
			add(Change{Kind: "variant", Op: "removed", Item: cpString(am[k].CP) + " -> " + cpString(v.CP), Old: v.Type, Detail: ctx(v.When, v.NotWhen)})
		}
	}
	// Classes and rules, compared by their canonical text.
	named := func(kind string, oldNames, newNames []string, text func(*idn.LGR, string) (string, bool)) {
		for _, n := range oldNames {
			if _, ok := text(b, n); !ok {
				t, _ := text(a, n)
				add(Change{Kind: kind, Op: "removed", Item: n, Old: t})
			}
		}
		for _, n := range newNames {
			nt, _ := text(b, n)
			ot, ok := text(a, n)
			switch {
			case !ok:
				add(Change{Kind: kind, Op: "added", Item: n, New: nt})
			case ot != nt:
				add(Change{Kind: kind, Op: "changed", Item: n, Old: ot, New: nt})
			}
		}
	}
	named("class", a.ClassNames(), b.ClassNames(), (*idn.LGR).ClassText)
	named("rule", a.RuleNames(), b.RuleNames(), (*idn.LGR).RuleText)
	// Actions: order matters (RFC 7940 §7), so compare the sequences.
	oa, na := a.Actions(), b.Actions()
	olds := make([]string, len(oa))
	news := make([]string, len(na))
	for i, x := range oa {
		olds[i] = actionDesc(x)
	}
	for i, x := range na {
		news[i] = actionDesc(x)
	}
	if strings.Join(olds, "\n") != strings.Join(news, "\n") {
		count := func(xs []string) map[string]int {
			m := map[string]int{}
			for _, x := range xs {
				m[x]++
			}
			return m
		}
		oc, nc := count(olds), count(news)
		for i, x := range olds {
			if nc[x] == 0 {
				add(Change{Kind: "action", Op: "removed", Item: fmt.Sprintf("#%d", i+1), Old: x})
			} else {
				nc[x]--
			}
		}
		for i, x := range news {
			if oc[x] == 0 {
				add(Change{Kind: "action", Op: "added", Item: fmt.Sprintf("#%d", i+1), New: x})
			} else {
				oc[x]--
			}
		}
		if r.Summary["action added"]+r.Summary["action removed"] == 0 {
			add(Change{Kind: "action", Op: "changed", Item: "order", Detail: "same actions in a different order (RFC 7940 §7: first match wins)"})
		}
	}
	return r
}
