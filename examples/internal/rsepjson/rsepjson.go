// Package rsepjson renders findings of package rsep for the programs that
// report them (rsepcheck, tldcheck) in the JSON style of package cli:
// camelCase members, and the check, severity, effect, clause and RST test
// case and error code as separate members, each omitted when it does not
// apply.
package rsepjson

import (
	"strings"

	"github.com/ssrkit/ssr/rsep"
)

// Finding is one rsep.Finding as the programs print it with -json.
type Finding struct {
	Check    string `json:"check"`             // check ID, e.g. "DEL04", "CHAIN", "ZM:DNSSEC05"
	Tag      string `json:"tag"`               // stable reason code, e.g. "WILDCARD"
	Severity string `json:"severity"`          // "error", "warning" or "notice"
	Effect   string `json:"effect"`            // RSEP category, e.g. "stability-b"
	Clause   string `json:"clause,omitempty"`  // the authority the finding rests on
	RSTCase  string `json:"rstCase,omitempty"` // RST v2.0 test case, e.g. "dnssec-92"
	RSTCode  string `json:"rstCode,omitempty"` // RST v2.0 error code, e.g. "DNSSEC_DS_SHA1_DEPRECATED"
	Name     string `json:"name,omitempty"`    // owner name or server
	Type     string `json:"type,omitempty"`    // RR type mnemonic
	Message  string `json:"message"`
	Related  string `json:"related,omitempty"` // Zonemaster imports: the overlapping rsep check
	Waived   string `json:"waived,omitempty"`  // the reason of the policy waiver that accepts it
}

// FromFinding converts one finding.
func FromFinding(f rsep.Finding) Finding {
	j := Finding{Check: f.Check, Tag: f.Tag, Severity: f.Severity.String(), Effect: f.Effect.String(),
		Name: f.Name, Type: f.Type, Message: Operator(f.Message), Related: f.Related, Waived: f.Waived}
	if f.Authority != "-" {
		j.Clause = Operator(f.Authority)
	}
	if f.RST != "" {
		c, code, ok := strings.Cut(f.RST, "/")
		if ok {
			j.RSTCase, j.RSTCode = c, code
		} else {
			j.RSTCode = f.RST
		}
	}
	return j
}

// Findings converts a list; the result is never nil.
func Findings(fs []rsep.Finding) []Finding {
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		out = append(out, FromFinding(f))
	}
	return out
}

// TallyKey is the kind and severity under which a finding is counted in a
// report's summary (cli.Tally): its check, and its severity, marked
// "waived" when a policy waiver accepts it (it then does not count in the
// exit status).
func TallyKey(f rsep.Finding) (kind, severity string) {
	sev := f.Severity.String()
	if f.Waived != "" {
		sev += " (waived)"
	}
	return f.Check, sev
}

// flagNames replaces the names of rsep's Go fields that the library's
// texts mention by the flags the programs set them with.
var flagNames = strings.NewReplacer(
	"rsep Target.AllowSpecialAddresses", "-allow-special-addresses",
	"Target.AllowSpecialAddresses", "-allow-special-addresses",
	"Target.Anchors", "-anchor",
	"Target.Resolver", "-resolver",
	"Target.Now", "-now",
)

// Operator rewrites a library text for an operator: the Go field names it
// mentions become the programs' flag names.
func Operator(s string) string { return flagNames.Replace(s) }
