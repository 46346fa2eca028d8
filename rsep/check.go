package rsep

import (
	"fmt"
	"sort"
)

// Mode says which inputs a check needs.
type Mode uint8

const (
	// ModeZone checks need only the zone.
	ModeZone Mode = iota + 1
	// ModeParent checks also need parent data (NS, glue, DS) or a policy;
	// they are skipped when that input is missing.
	ModeParent
	// ModeLive checks query the zone's name servers through a [Prober].
	ModeLive
	// ModeDiff checks compare a before state with an after state
	// ([Classify], [Simulate], [Compare]).
	ModeDiff
)

var modeNames = map[Mode]string{ModeZone: "zone", ModeParent: "parent-or-policy", ModeLive: "live", ModeDiff: "diff"}

func (m Mode) String() string {
	if s, ok := modeNames[m]; ok {
		return s
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

// MarshalText renders the mode by name in JSON reports.
func (m Mode) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText parses a mode name.
func (m *Mode) UnmarshalText(b []byte) error {
	for k, v := range modeNames {
		if v == string(b) {
			*m = k
			return nil
		}
	}
	return errorf(ErrMalformed, "", 0, "unknown mode %q", b)
}

// Effect is the RSEP category a finding bears on: the two kinds of effect on
// security of ICANN's Registry Services Evaluation Policy §1.2 and the two
// kinds of effect on stability of §1.3 (policy posted 25 July 2006, in
// force 15 August 2006). The descriptions below are our paraphrase; see
// testdata/README.md for what was checked against the published text.
type Effect uint8

const (
	// SecurityA (RSEP §1.2 (A)): Registry Data disclosed, altered,
	// inserted or destroyed without authorization.
	SecurityA Effect = iota + 1
	// SecurityB (RSEP §1.2 (B)): information or resources on the Internet
	// accessed or disclosed without authorization by systems that follow
	// the applicable standards.
	SecurityB
	// StabilityA (RSEP §1.3 (A)): the service does not conform to the
	// relevant authoritative standards of a recognized standards body,
	// such as IETF Standards-Track or BCP RFCs.
	StabilityA
	// StabilityB (RSEP §1.3 (B)): the service degrades the throughput,
	// response time, consistency or coherence of the answers that
	// standards-conforming servers and end systems relying on the
	// registry's delegation or provisioning data receive.
	StabilityB
	// Contract: outside what the Registry Agreement permits without a
	// Registry Services request (for example an RR type not in Exhibit A).
	Contract
)

var effectNames = map[Effect]string{SecurityA: "security-a", SecurityB: "security-b", StabilityA: "stability-a", StabilityB: "stability-b", Contract: "contract"}

func (e Effect) String() string {
	if s, ok := effectNames[e]; ok {
		return s
	}
	return fmt.Sprintf("Effect(%d)", uint8(e))
}

// Sentinel returns the Err* sentinel of the effect.
func (e Effect) Sentinel() error {
	switch e {
	case SecurityA:
		return ErrSecurityA
	case SecurityB:
		return ErrSecurityB
	case StabilityA:
		return ErrStabilityA
	case StabilityB:
		return ErrStabilityB
	case Contract:
		return ErrContract
	}
	return ErrMalformed
}

// MarshalText renders the effect by name in JSON reports.
func (e Effect) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalText parses an effect name.
func (e *Effect) UnmarshalText(b []byte) error {
	for k, v := range effectNames {
		if v == string(b) {
			*e = k
			return nil
		}
	}
	return errorf(ErrMalformed, "", 0, "unknown effect %q", b)
}

// Severity grades a finding. Notice findings are indicative (single-vantage
// measurements, advisory values) and do not make [Report.Err] non-nil.
type Severity uint8

const (
	Notice Severity = iota + 1
	Warning
	Failure
)

var severityNames = map[Severity]string{Notice: "notice", Warning: "warning", Failure: "error"}

func (s Severity) String() string {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// MarshalText renders the severity by name in JSON reports.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	for k, v := range severityNames {
		if v == string(b) {
			*s = k
			return nil
		}
	}
	return errorf(ErrMalformed, "", 0, "unknown severity %q", b)
}

// Check describes one entry of the catalogue.
type Check struct {
	ID         string   // stable identifier, e.g. "ZC02"
	Title      string   // what it detects
	Mode       Mode     // inputs it needs
	Effect     Effect   // RSEP category of its findings (a finding may override it)
	Authority  string   // the clauses it rests on
	Zonemaster []string // overlapping Zonemaster test cases, e.g. "DELEGATION01"

	run   func(*env)
	needs func(*env) string // non-empty: why the check cannot run
}

// Catalogue returns the checks [Run] knows, in ID order.
func Catalogue() []Check {
	out := make([]Check, len(catalogue))
	copy(out, catalogue)
	for i := range out {
		out[i].run = nil
	}
	return out
}

// Lookup returns the catalogue entry for id.
func Lookup(id string) (Check, bool) {
	for _, c := range catalogue {
		if c.ID == id {
			c.run = nil
			return c, true
		}
	}
	return Check{}, false
}

var catalogue []Check

func register(cs ...Check) {
	catalogue = append(catalogue, cs...)
	sort.Slice(catalogue, func(i, j int) bool { return catalogue[i].ID < catalogue[j].ID })
}
