package rsep

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Finding is one problem found by a check or imported from Zonemaster.
// Findings are values: comparable field by field and stable across runs on
// the same input, so reports can be diffed ([Compare]) and stored as golden
// JSON.
type Finding struct {
	Check     string   `json:"check"`             // check ID, e.g. "ZC02", or "ZM:DNSSEC05" for imports
	Tag       string   `json:"tag"`               // stable reason code, e.g. "WILDCARD"
	Severity  Severity `json:"severity"`          // error, warning or notice
	Effect    Effect   `json:"effect"`            // RSEP category
	Authority string   `json:"authority"`         // clause the finding rests on
	Name      string   `json:"name,omitempty"`    // owner name or server the finding is about
	Type      string   `json:"type,omitempty"`    // RR type mnemonic, if any
	Message   string   `json:"message"`           // human-readable detail
	Related   string   `json:"related,omitempty"` // for imports: the rsep check that overlaps
	// RST names the ICANN RST v2.0 test case and error code the finding
	// corresponds to, e.g. "dnssec-92/DNSSEC_DS_SHA1_DEPRECATED"; empty
	// when RST has none (see the coverage table in the package doc).
	RST string `json:"rst,omitempty"`
	// Waived holds the reason of the policy waiver that accepts the
	// finding; a waived finding does not count in [Report.Err].
	Waived string `json:"waived,omitempty"`
}

// Key identifies a finding across two reports: the same problem found
// before and after a change has the same key even when its message (dates,
// counts) differs.
func (f Finding) Key() string {
	return f.Check + "|" + f.Tag + "|" + f.Name + "|" + f.Type
}

// Err returns the finding as an [*Error] wrapping its effect sentinel.
func (f Finding) Err() error {
	return &Error{Kind: f.Effect.Sentinel(), Check: f.Check, Clause: f.Authority, Name: f.Name, Type: f.Type, Err: errors.New(f.Message)}
}

// CheckStatus records whether a check of the catalogue ran.
type CheckStatus struct {
	ID      string `json:"id"`
	Ran     bool   `json:"ran"`
	Skipped string `json:"skipped,omitempty"` // why it did not run
}

// Report is the result of [Run]: every finding, sorted, plus the status of
// every selected check. It is deterministic for a given input and
// JSON-serializable.
type Report struct {
	Zone     string    `json:"zone"`
	Time     time.Time `json:"time,omitzero"`
	Findings []Finding `json:"findings"`
	// Dropped counts the findings past the MaxFindings limit
	// ([Limits].Findings) that were not kept; a TOO_MANY_FINDINGS warning
	// in Findings says so too.
	Dropped int           `json:"dropped,omitempty"`
	Checks  []CheckStatus `json:"checks,omitempty"`
}

// Err returns nil when the report has no finding of severity warning or
// error that is not waived; otherwise it joins the [Finding.Err] of each such finding.
func (r *Report) Err() error {
	var errs []error
	for _, f := range r.Findings {
		if f.Severity >= Warning && f.Waived == "" {
			errs = append(errs, f.Err())
		}
	}
	return errors.Join(errs...)
}

// ByEffect groups the findings by effect, in effect order.
func (r *Report) ByEffect() map[Effect][]Finding {
	m := make(map[Effect][]Finding)
	for _, f := range r.Findings {
		m[f.Effect] = append(m[f.Effect], f)
	}
	return m
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Check != b.Check {
			return a.Check < b.Check
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.Tag != b.Tag {
			return a.Tag < b.Tag
		}
		return a.Message < b.Message
	})
}

func (f Finding) String() string {
	s := fmt.Sprintf("%s %s [%s/%s]", f.Check, f.Tag, f.Effect, f.Severity)
	if f.Name != "" {
		s += " " + f.Name
		if f.Type != "" {
			s += "/" + f.Type
		}
	}
	s += ": " + f.Message + " (" + f.Authority
	if f.RST != "" {
		s += "; RST " + f.RST
	}
	s += ")"
	if f.Waived != "" {
		s += " [waived: " + f.Waived + "]"
	}
	return s
}
