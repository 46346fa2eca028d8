package idn

import (
	"errors"
	"strings"
)

// NameVerdict is the outcome of [CheckName]: one [Verdict] per label and the
// name-level errors.
type NameVerdict struct {
	Input    string
	ALabel   string    // the name with every label in its ASCII form
	ULabel   string    // the name with every label in its Unicode form
	Labels   []Verdict // one per label, in order
	Findings []*Error  // name-level errors (length, empty labels, input limit)
}

// OK reports whether the name and all its labels are valid.
func (n *NameVerdict) OK() bool {
	if len(n.Findings) > 0 {
		return false
	}
	for i := range n.Labels {
		if !n.Labels[i].OK() {
			return false
		}
	}
	return true
}

// Err joins every name-level and label error, or returns nil.
func (n *NameVerdict) Err() error {
	var errs []error
	for _, e := range n.Findings {
		errs = append(errs, e)
	}
	for i := range n.Labels {
		for _, e := range n.Labels[i].Findings {
			errs = append(errs, e)
		}
	}
	return errors.Join(errs...)
}

// CheckName checks a domain name (labels separated by U+002E; one trailing
// dot allowed) for registration: [CheckLabel] on every label, the RFC 5893
// Bidi rule on every label once one label has a right-to-left code point
// (RFC 5893 §2: a Bidi domain name), no empty label, and at most 253 octets
// in ASCII form (RFC 1035 §2.3.4). Only U+002E separates labels; the
// ideographic full stop and other dots are UTS #46 mappings, not IDNA2008.
func CheckName(name string, cfg *CheckConfig) NameVerdict {
	var p CheckConfig
	if cfg != nil {
		p = *cfg
	}
	nv := NameVerdict{Input: name}
	addErr := func(kind error, rule string, pos int, msg string) {
		nv.Findings = append(nv.Findings, &Error{Kind: kind, Rule: rule, Label: name, Rune: -1, Pos: pos, Err: errors.New(msg)})
	}
	maxIn := p.MaxNameInputBytes
	if maxIn <= 0 {
		maxIn = MaxNameInputBytes
	}
	if len(name) > maxIn {
		addErr(errInputTooLarge, RuleInputLimit, -1, "name longer than MaxNameInputBytes")
		return nv
	}
	trimmed := strings.TrimSuffix(name, ".")
	if trimmed == "" {
		addErr(ErrEmptyLabel, RuleNameLength, -1, "empty name")
		return nv
	}
	labels := strings.Split(trimmed, ".")
	bidi := p.BidiDomain
	if !bidi {
		for _, l := range labels {
			v := CheckLabel(l, &p)
			if hasRTL(v.ULabel) {
				bidi = true
				break
			}
		}
	}
	lp := p
	lp.BidiDomain = bidi
	var as, us []string
	for _, l := range labels {
		v := CheckLabel(l, &lp)
		nv.Labels = append(nv.Labels, v)
		as = append(as, v.ALabel)
		us = append(us, v.ULabel)
	}
	nv.ALabel = strings.Join(as, ".")
	nv.ULabel = strings.Join(us, ".")
	if len(nv.ALabel) > MaxNameOctets {
		addErr(ErrLength, RuleNameLength, -1, "name longer than 253 octets in ASCII form")
	}
	return nv
}

// hasRTL reports whether s has a code point of Bidi class R, AL or AN.
func hasRTL(s string) bool {
	for _, r := range s {
		switch propsOf(r).bidi() {
		case bcR, bcAL, bcAN:
			return true
		}
	}
	return false
}
