package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/ssrkit/ssr/examples/internal/cli"
	"github.com/ssrkit/ssr/examples/internal/rsepjson"
	"github.com/ssrkit/ssr/rsep"
)

// report is what -json prints (package cli style: camelCase, lists never
// null): the input source, the verdict, the five sections and the counts
// of findings by check and severity.
type report struct {
	Source   string      `json:"source"`
	OK       bool        `json:"ok"`
	TLD      string      `json:"tld"`
	Time     string      `json:"time"`
	Sections []section   `json:"sections"`
	Summary  []cli.Count `json:"summary"`
}

type section struct {
	Name     string             `json:"name"`
	Status   string             `json:"status"` // ok, findings or skipped
	Summary  string             `json:"summary,omitempty"`
	Findings []rsepjson.Finding `json:"findings"`
	Checks   []checkStatus      `json:"checks,omitempty"` // the catalogue section's checks
	findings []rsep.Finding
}

type checkStatus struct {
	ID      string `json:"id"`
	Ran     bool   `json:"ran"`
	Skipped string `json:"skipped,omitempty"`
}

// Section returns the section with the given name, or nil.
func (r *report) Section(name string) *section {
	for i := range r.Sections {
		if r.Sections[i].Name == name {
			return &r.Sections[i]
		}
	}
	return nil
}

func newReport(source string, rep *rsep.TLDReport) *report {
	out := &report{Source: source, OK: rep.Err() == nil, TLD: rep.TLD, Sections: []section{}}
	if !rep.Time.IsZero() {
		out.Time = rep.Time.UTC().Format(time.RFC3339)
	}
	var t cli.Tally
	for _, s := range rep.Sections {
		js := section{Name: s.Name, Status: s.Status.String(), Summary: rsepjson.Operator(s.Summary), Findings: rsepjson.Findings(s.Findings), findings: s.Findings}
		for _, c := range s.Checks {
			js.Checks = append(js.Checks, checkStatus{ID: c.ID, Ran: c.Ran, Skipped: rsepjson.Operator(c.Skipped)})
		}
		for _, f := range s.Findings {
			t.Add(rsepjson.TallyKey(f))
		}
		out.Sections = append(out.Sections, js)
	}
	out.Summary = t.Counts()
	return out
}

func writeJSON(w io.Writer, rep *report) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(rep) // plain values: cannot fail
}

// printText prints each section's status and findings, at most t.Max per
// check (all with t.Verbose); findings a policy waiver accepts are counted
// per reason (-v prints them too). The report ends with the counts by check and severity.
func printText(w io.Writer, rep *report, t cli.Tally) {
	fmt.Fprintf(w, "SSR report for %s (%s) at %s\n\n", rep.TLD, rep.Source, rep.Time)
	for _, s := range rep.Sections {
		fmt.Fprintf(w, "%-32s %s", s.Name, s.Status)
		if s.Summary != "" {
			fmt.Fprintf(w, " — %s", s.Summary)
		}
		fmt.Fprintln(w)
		waived := map[string]int{}
		var reasons []string
		for _, f := range s.findings {
			if f.Waived != "" && !t.Verbose {
				if waived[f.Waived] == 0 {
					reasons = append(reasons, f.Waived)
				}
				waived[f.Waived]++
				t.AddFolded(rsepjson.TallyKey(f))
				continue
			}
			if t.Add(rsepjson.TallyKey(f)) {
				fmt.Fprintf(w, "    - %s\n", rsepjson.Operator(f.String()))
			}
		}
		for _, r := range reasons {
			fmt.Fprintf(w, "    - %d finding(s) waived by the policy: %s (see -json)\n", waived[r], r)
		}
	}
	fmt.Fprintln(w)
	if t.Total() > 0 {
		t.WriteSummary(w, "")
		fmt.Fprintln(w)
	}
	if rep.OK {
		fmt.Fprintln(w, "verdict: every section holds")
	} else {
		fmt.Fprintln(w, "verdict: findings (see above)")
	}
}
