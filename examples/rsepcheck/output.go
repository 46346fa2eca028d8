package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ssrkit/ssr/examples/internal/cli"
	"github.com/ssrkit/ssr/examples/internal/rsepjson"
	"github.com/ssrkit/ssr/rsep"
)

// result is one run: the report, and with -before the diff and the
// classified changes.
type result struct {
	Report  *rsep.Report
	Diff    *rsep.Diff
	Changes []rsep.Change
}

// JSON view (package cli style: camelCase, lists never null).
type (
	jsonOutput struct {
		Report  jsonReport   `json:"report"`
		Diff    *jsonDiff    `json:"diff,omitempty"`    // with -before
		Changes []jsonChange `json:"changes,omitempty"` // with -before; [] when none
	}
	jsonReport struct {
		Zone     string             `json:"zone"`
		Time     string             `json:"time,omitempty"`
		Findings []rsepjson.Finding `json:"findings"`
		Checks   []jsonCheck        `json:"checks"`
		Summary  []cli.Count        `json:"summary"`
	}
	jsonCheck struct {
		ID      string `json:"id"`
		Ran     bool   `json:"ran"`
		Skipped string `json:"skipped,omitempty"`
	}
	jsonDiff struct {
		New        []rsepjson.Finding `json:"new"`
		Resolved   []rsepjson.Finding `json:"resolved"`
		Persisting []rsepjson.Finding `json:"persisting"`
		Summary    []cli.Count        `json:"summary"` // of the new findings
	}
	jsonChange struct {
		Kind   string `json:"kind"`
		Detail string `json:"detail"`
		Track  string `json:"track"`
		Plan   string `json:"plan"`
		Effect string `json:"effect"`
		Clause string `json:"clause"`
	}
)

// counts tallies findings by check and severity.
func counts(fs []rsep.Finding) []cli.Count {
	var t cli.Tally
	for _, f := range fs {
		t.Add(rsepjson.TallyKey(f))
	}
	return t.Counts()
}

func writeJSON(w io.Writer, r result) {
	rep := r.Report
	o := jsonOutput{Report: jsonReport{Zone: rep.Zone, Findings: rsepjson.Findings(rep.Findings), Checks: []jsonCheck{}, Summary: counts(rep.Findings)}}
	if !rep.Time.IsZero() {
		o.Report.Time = rep.Time.UTC().Format("2006-01-02T15:04:05Z07:00")
	}
	for _, c := range rep.Checks {
		o.Report.Checks = append(o.Report.Checks, jsonCheck{ID: c.ID, Ran: c.Ran, Skipped: rsepjson.Operator(c.Skipped)})
	}
	if r.Diff != nil {
		o.Diff = &jsonDiff{New: rsepjson.Findings(r.Diff.New), Resolved: rsepjson.Findings(r.Diff.Resolved),
			Persisting: rsepjson.Findings(r.Diff.Persisting), Summary: counts(r.Diff.New)}
		o.Changes = []jsonChange{}
		for _, c := range r.Changes {
			o.Changes = append(o.Changes, jsonChange{Kind: string(c.Kind), Detail: c.Detail, Track: c.Track, Plan: c.Plan, Effect: c.Effect.String(), Clause: c.Authority})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(o) // plain values: cannot fail
}

var effects = []rsep.Effect{rsep.SecurityA, rsep.SecurityB, rsep.StabilityA, rsep.StabilityB, rsep.Contract}

// printFindings prints fs grouped by effect, at most t.Max of each check
// (all with t.Verbose), then the counts by check and severity.
func printFindings(w io.Writer, fs []rsep.Finding, t cli.Tally, indent string) {
	by := make(map[rsep.Effect][]rsep.Finding)
	for _, f := range fs {
		by[f.Effect] = append(by[f.Effect], f)
	}
	for _, e := range effects {
		if len(by[e]) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s  %s (%d)\n", indent, e, len(by[e]))
		for _, f := range by[e] {
			if !t.Add(rsepjson.TallyKey(f)) {
				continue
			}
			subject := f.Name
			if f.Type != "" {
				subject += "/" + f.Type
			}
			auth := rsepjson.Operator(f.Authority)
			if f.RST != "" {
				auth += "; RST " + f.RST
			}
			fmt.Fprintf(w, "%s    %-5s %-8s %s %s: %s\n%s      [%s]\n", indent, f.Check, f.Severity, f.Tag, subject, rsepjson.Operator(f.Message), indent, auth)
			if f.Waived != "" {
				fmt.Fprintf(w, "%s      waived: %s\n", indent, f.Waived)
			}
		}
	}
	if len(fs) > 0 {
		t.WriteSummary(w, indent+"  ")
	}
}

func printText(w io.Writer, o result, t cli.Tally) {
	fmt.Fprintf(w, "zone %s: %d findings\n", o.Report.Zone, len(o.Report.Findings))
	printFindings(w, o.Report.Findings, t, "")
	var skipped []string
	for _, c := range o.Report.Checks {
		if !c.Ran {
			skipped = append(skipped, c.ID+" ("+rsepjson.Operator(c.Skipped)+")")
		}
	}
	if len(skipped) > 0 {
		fmt.Fprintf(w, "skipped: %s\n", strings.Join(skipped, ", "))
	}
	if o.Diff != nil {
		fmt.Fprintf(w, "\nchange impact: %d new, %d resolved, %d persisting\n", len(o.Diff.New), len(o.Diff.Resolved), len(o.Diff.Persisting))
		if len(o.Diff.New) > 0 {
			fmt.Fprintln(w, " new:")
			printFindings(w, o.Diff.New, t, " ")
		}
		if len(o.Diff.Resolved) > 0 {
			fmt.Fprintln(w, " resolved:")
			printFindings(w, o.Diff.Resolved, t, " ")
		}
		fmt.Fprintf(w, "\nchange classification (%d):\n", len(o.Changes))
		for _, c := range o.Changes {
			fmt.Fprintf(w, "  %s: %s\n    track: %s\n    plan:  %s\n    effect %s [%s]\n", c.Kind, c.Detail, c.Track, c.Plan, c.Effect, c.Authority)
		}
	}
}
