package rsep

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Waiver is an operator's documented acceptance of a finding: every finding
// of the check Check (or with the tag Tag, or both), optionally only for the
// owner name or server Name, is kept in the report with the waiver's reason
// but no longer counts in [Report.Err]. A waiver with an Expires time applies
// only while the evaluation time is before it; once expired (or when the run
// has no clock), the findings count again and a WAIVER_EXPIRED notice says
// so. Waivers are a local decision and carry no authority of their own: the
// finding keeps the clause it rests on.
type Waiver struct {
	Check   string    `json:"check,omitempty"`  // check ID, e.g. "DEL04", or an imported "ZM:ADDRESS01"
	Tag     string    `json:"tag,omitempty"`    // finding tag, e.g. "NS_ADDRESS_SPECIAL"
	Name    string    `json:"name,omitempty"`   // owner name or server the waiver is limited to
	Reason  string    `json:"reason"`           // why the finding is accepted (shown in the report)
	Expires time.Time `json:"expires,omitzero"` // zero: no expiry
}

func (w *Waiver) String() string {
	var parts []string
	if w.Check != "" {
		parts = append(parts, "check "+w.Check)
	}
	if w.Tag != "" {
		parts = append(parts, "tag "+w.Tag)
	}
	if w.Name != "" {
		parts = append(parts, "name "+w.Name)
	}
	s := strings.Join(parts, ", ") + ": " + w.Reason
	if !w.Expires.IsZero() {
		s += " (until " + w.Expires.Format(time.RFC3339) + ")"
	}
	return s
}

func (w *Waiver) validate(i int) error {
	switch {
	case w.Check == "" && w.Tag == "":
		return errorf(ErrPolicy, "", 0, "waivers[%d]: needs a check ID or a finding tag", i)
	case strings.TrimSpace(w.Reason) == "":
		return errorf(ErrPolicy, "", 0, "waivers[%d]: needs a reason", i)
	}
	if w.Check != "" && !strings.HasPrefix(w.Check, "ZM:") && !isSectionCheck(w.Check) {
		if _, ok := Lookup(w.Check); !ok {
			return errorf(ErrPolicy, "", 0, "waivers[%d]: check %q is not in the catalogue", i, w.Check)
		}
	}
	return nil
}

func (w *Waiver) matches(f *Finding) bool {
	if w.Check != "" && w.Check != f.Check {
		return false
	}
	if w.Tag != "" && w.Tag != f.Tag {
		return false
	}
	return w.Name == "" || strings.EqualFold(strings.TrimSuffix(w.Name, "."), strings.TrimSuffix(f.Name, "."))
}

// applyWaivers marks the findings the policy's waivers cover, at time now,
// and returns a notice per expired waiver that still matched findings.
func applyWaivers(fs []Finding, ws []Waiver, now time.Time) []Finding {
	var notices []Finding
	for i := range ws {
		w := &ws[i]
		active := w.Expires.IsZero() || (!now.IsZero() && now.Before(w.Expires))
		matched := 0
		for j := range fs {
			f := &fs[j]
			if f.Waived != "" || !w.matches(f) {
				continue
			}
			matched++
			if active {
				f.Waived = w.Reason
			}
		}
		if !active && matched > 0 {
			why := "expired at " + w.Expires.Format(time.RFC3339)
			if now.IsZero() {
				why = "has an expiry and the run has no evaluation time"
			}
			notices = append(notices, Finding{Check: "RSEP", Tag: "WAIVER_EXPIRED", Severity: Notice, Effect: StabilityB, Authority: "registry policy (waivers)",
				Message: fmt.Sprintf("waiver %s %s: its %d finding(s) count again", w, why, matched)})
		}
	}
	return notices
}

// checkDuplicateKeys refuses a JSON document in which an object has the
// same member name twice: encoding/json keeps the last silently, so a
// policy could say two things at once (RFC 8259 §4: names SHOULD be unique;
// we make it MUST).
func checkDuplicateKeys(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	type frame struct {
		obj  bool
		keys map[string]bool
		key  bool // next string token in an object is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return nil // syntax errors are reported by the decoder proper
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.obj && top.key {
			if s, ok := tok.(string); ok {
				if top.keys[s] {
					off := dec.InputOffset()
					return &Error{Kind: ErrMalformed, Clause: "RFC 8259 §4", Line: 1 + bytes.Count(b[:off], []byte("\n")), Err: fmt.Errorf("duplicate key %q", s)}
				}
				top.keys[s] = true
				top.key = false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{obj: true, keys: map[string]bool{}, key: true})
			continue
		case json.Delim('['):
			stack = append(stack, &frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && stack[len(stack)-1].obj {
				stack[len(stack)-1].key = true
			}
			continue
		}
		// A scalar value: in an object, the next token is a key again.
		if top != nil && top.obj {
			top.key = true
		}
	}
}
