package cli

import (
	"fmt"
	"io"
	"sort"
)

// Tally counts findings by kind and severity for a report's summary and
// decides which are printed: the first Max of each kind, all with Verbose.
type Tally struct {
	Max     int  // examples printed per kind; <= 0 means DefaultMax
	Verbose bool // print every finding (-v)
	counts  map[tallyKey]int
	kinds   map[string]int
}

type tallyKey struct{ kind, severity string }

// Add counts one finding and reports whether to print it.
func (t *Tally) Add(kind, severity string) bool {
	if t.counts == nil {
		t.counts, t.kinds = map[tallyKey]int{}, map[string]int{}
	}
	t.counts[tallyKey{kind, severity}]++
	t.kinds[kind]++
	max := t.Max
	if max <= 0 {
		max = DefaultMax
	}
	return t.Verbose || t.kinds[kind] <= max
}

// AddFolded counts one finding in the summary that the report shows in
// another form (for example folded into one line per waiver), so it never
// counts as not shown.
func (t *Tally) AddFolded(kind, severity string) {
	if t.counts == nil {
		t.counts, t.kinds = map[tallyKey]int{}, map[string]int{}
	}
	t.counts[tallyKey{kind, severity}]++
}

// Total is the number of findings counted.
func (t *Tally) Total() int {
	n := 0
	for _, c := range t.counts {
		n += c
	}
	return n
}

// Hidden is the number of findings Add said not to print.
func (t *Tally) Hidden() int {
	if t.Verbose {
		return 0
	}
	max := t.Max
	if max <= 0 {
		max = DefaultMax
	}
	n := 0
	for _, c := range t.kinds {
		n += c - min(c, max)
	}
	return n
}

// Count is one line of a summary.
type Count struct {
	Kind     string `json:"kind"`
	Severity string `json:"severity"`
	Count    int    `json:"count"`
}

// Counts returns the counts sorted by kind then severity; never nil.
func (t *Tally) Counts() []Count {
	out := []Count{}
	for k, n := range t.counts {
		out = append(out, Count{k.kind, k.severity, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Severity < out[j].Severity
	})
	return out
}

// WriteSummary writes "prefix summary: N findings" then one line per kind
// and severity, and a note on findings not shown.
func (t *Tally) WriteSummary(w io.Writer, prefix string) {
	fmt.Fprintf(w, "%ssummary: %d finding(s)\n", prefix, t.Total())
	for _, c := range t.Counts() {
		fmt.Fprintf(w, "%s  %-40s %-8s %d\n", prefix, c.Kind, c.Severity, c.Count)
	}
	if h := t.Hidden(); h > 0 {
		fmt.Fprintf(w, "%s%d not shown (-max %d per kind; -v shows all)\n", prefix, h, max(t.Max, 0)+boolInt(t.Max <= 0)*DefaultMax)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// AddMaxFlags defines -max and -v on c and returns the Tally they set.
func (c *Command) AddMaxFlags(t *Tally) {
	c.Flags.IntVar(&t.Max, "max", DefaultMax, "print at most `N` findings per kind (the summary counts all)")
	c.Flags.BoolVar(&t.Verbose, "v", false, "print every finding (overrides -max)")
}
