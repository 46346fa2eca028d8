package rsep

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/idn"
)

// Policy is what the registry declared, against which a zone is judged:
// extra RR types it was authorized to publish, its name-collision
// controlled-interruption window, its reserved and released names, its IDN
// scripts and tables, its name-server operators and its thresholds. The
// zero value is the strict default: only the Registry Agreement Exhibit A
// types, no controlled interruption, no reserved names, no IDN scripts
// declared (so IDN labels are only checked against IDNA2008).
//
// Policy files are JSON (see [ParsePolicy]):
//
//	{
//	  "tld": "example",
//	  "allowed_types": ["CDS", "CDNSKEY", "ZONEMD"],
//	  "amended_exhibit_a": true,
//	  "controlled_interruption": {"start": "2026-09-01T00:00:00Z", "days": 90},
//	  "reserved": ["nic", "whois", "www"],
//	  "released": ["www"],
//	  "idn_scripts": ["Latin", "Greek"],
//	  "idn_tables": {"el": "1.0", "und-Latn": "2.1"},
//	  "lgrs": ["lgr-second-level-latin-script-31may22-en"],
//	  "operators": {"nic.example.": "Example Registry", "dns.net.": "DNS Co"},
//	  "signature_min_remaining": "48h",
//	  "udp_rtt": "500ms",
//	  "tcp_rtt": "1500ms",
//	  "waivers": [{"check": "DEL04", "reason": "lab addresses", "expires": "2027-01-01T00:00:00Z"}]
//	}
//
// An object with the same key twice is refused (encoding/json would keep
// the last one silently).
type Policy struct {
	TLD string `json:"tld,omitempty"`
	// AllowedTypes are RR types authorized in addition to Exhibit A's
	// (for example by an approved RSEP request).
	AllowedTypes []string `json:"allowed_types,omitempty"`
	// AmendedExhibitA applies the amended Exhibit A TLD-zone list found in
	// some individual agreements: besides the base list it allows an apex
	// TXT record for zone versioning (§1.1.6) and an apex TYPE65534 record
	// for automatic DNSSEC signing (§1.1.7). False: the base agreement's
	// Exhibit A §1.1-§1.5 only.
	AmendedExhibitA bool `json:"amended_exhibit_a,omitempty"`
	// ControlledInterruption declares a name-collision controlled
	// interruption period (RA Spec 6 §6.2.1 and the Name Collision
	// Occurrence Assessment of 4 August 2014); nil: none.
	ControlledInterruption *Window `json:"controlled_interruption,omitempty"`
	// Reserved are labels the registry may not delegate (RA Spec 5) unless
	// they appear in Released.
	Reserved []string `json:"reserved,omitempty"`
	Released []string `json:"released,omitempty"`
	// IDNScripts are the Unicode scripts (Go unicode.Scripts names, e.g.
	// "Latin", "Cyrillic") of the IDN tables the registry offers; empty: any.
	IDNScripts []string `json:"idn_scripts,omitempty"`
	// IDNTables maps an IDN table tag (language or script) to its version.
	IDNTables map[string]string `json:"idn_tables,omitempty"`
	// LGRs names the ICANN Second-Level Reference LGRs the registry's IDN
	// tables follow (idn.ReferenceLGRs, e.g.
	// "lgr-second-level-latin-script-31may22-en"); empty: no LGR check.
	LGRs []string `json:"lgrs,omitempty"`
	// Operators maps a name-server host name, or a domain suffix of it, to
	// the operator running it; [Classify] uses it to spot a new operator.
	Operators map[string]string `json:"operators,omitempty"`
	// SignatureMinRemaining is the least validity an RRSIG must have left
	// (zero: 12h, see SEC02).
	SignatureMinRemaining Duration `json:"signature_min_remaining,omitzero"`
	// UDPRTT and TCPRTT are the Spec 10 RTT thresholds (zero: 500 ms, 1500 ms).
	UDPRTT Duration `json:"udp_rtt,omitzero"`
	TCPRTT Duration `json:"tcp_rtt,omitzero"`
	// Waivers accept findings the registry has decided to live with, each
	// with a reason and an optional expiry (see [Waiver]); waived findings
	// stay in the report but do not count in [Report.Err].
	Waivers []Waiver `json:"waivers,omitempty"`
}

// Window is a period starting at Start and lasting Days days (zero: 90,
// the continuous controlled-interruption period of ICANN's Name Collision
// Occurrence Management Framework, 30 July 2014; a shorter declared period
// is reported by ZC04).
type Window struct {
	Start time.Time `json:"start"`
	Days  int       `json:"days,omitempty"`
}

// End returns the end of the window.
func (w *Window) End() time.Time {
	d := w.Days
	if d == 0 {
		d = 90
	}
	return w.Start.Add(time.Duration(d) * 24 * time.Hour)
}

// Duration is a time.Duration that reads and writes as a Go duration
// string ("12h", "500ms") in JSON.
type Duration time.Duration

// MarshalText renders the duration as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText parses a Go duration string; negative durations are refused.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	if v < 0 {
		return errors.New("negative duration")
	}
	*d = Duration(v)
	return nil
}

// ParsePolicy reads a JSON policy file of at most [MaxPolicySize] bytes.
// Unknown fields, trailing data, unknown RR types, invalid names or scripts
// and lists longer than [MaxPolicyEntries] are errors wrapping ErrPolicy or
// ErrMalformed; a nil policy is returned with any error.
func ParsePolicy(r io.Reader) (*Policy, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxPolicySize+1))
	if err != nil {
		return nil, &Error{Kind: ErrMalformed, Err: err}
	}
	if len(b) > MaxPolicySize {
		return nil, errorf(ErrLimitExceeded, "", 0, "policy larger than %d bytes (MaxPolicySize)", MaxPolicySize)
	}
	if err := checkDuplicateKeys(b); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	p := new(Policy)
	if err := dec.Decode(p); err != nil {
		return nil, &Error{Kind: ErrMalformed, Line: jsonLine(b, err), Err: err}
	}
	if dec.More() {
		return nil, errorf(ErrMalformed, "", 0, "trailing data after the policy object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errorf(ErrMalformed, "", 0, "trailing data after the policy object")
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

func jsonLine(b []byte, err error) int {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(b)) {
		return 0
	}
	return 1 + bytes.Count(b[:off], []byte("\n"))
}

// Validate reports every inconsistency of the policy, joined.
func (p *Policy) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, errorf(ErrPolicy, "", 0, format, args...)) }
	if p.TLD != "" {
		if _, ok := dns.IsDomainName(p.TLD); !ok {
			bad("tld %q is not a domain name", p.TLD)
		}
	}
	for name, list := range map[string][]string{"allowed_types": p.AllowedTypes, "reserved": p.Reserved, "released": p.Released, "idn_scripts": p.IDNScripts, "lgrs": p.LGRs} {
		if len(list) > MaxPolicyEntries {
			errs = append(errs, errorf(ErrLimitExceeded, "", 0, "%s has %d entries, more than %d (MaxPolicyEntries)", name, len(list), MaxPolicyEntries))
		}
	}
	if len(p.IDNTables) > MaxPolicyEntries || len(p.Operators) > MaxPolicyEntries || len(p.Waivers) > MaxPolicyEntries {
		errs = append(errs, errorf(ErrLimitExceeded, "", 0, "idn_tables, operators or waivers has more than %d entries (MaxPolicyEntries)", MaxPolicyEntries))
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	for _, t := range p.AllowedTypes {
		if _, ok := parseType(t); !ok {
			bad("allowed_types: unknown RR type %q", t)
		}
	}
	for _, l := range append(append([]string(nil), p.Reserved...), p.Released...) {
		if l == "" || strings.Contains(strings.TrimSuffix(l, "."), ".") {
			bad("reserved/released: %q is not a single label", l)
			continue
		}
		if _, ok := dns.IsDomainName(l); !ok {
			bad("reserved/released: %q is not a valid label", l)
		}
	}
	known := idn.ReferenceLGRs()
	for _, l := range p.LGRs {
		if !contains(known, l) {
			bad("lgrs: %q is not an embedded reference LGR (idn.ReferenceLGRs)", l)
		}
	}
	for _, s := range p.IDNScripts {
		if _, ok := unicode.Scripts[s]; !ok {
			bad("idn_scripts: unknown Unicode script %q", s)
		}
	}
	for h := range p.Operators {
		if _, ok := dns.IsDomainName(h); !ok || h == "" {
			bad("operators: %q is not a domain name", h)
		}
	}
	for i := range p.Waivers {
		if err := p.Waivers[i].validate(i); err != nil {
			errs = append(errs, err)
		}
	}
	if w := p.ControlledInterruption; w != nil {
		if w.Start.IsZero() {
			bad("controlled_interruption: start missing")
		}
		if w.Days < 0 || w.Days > 3650 {
			bad("controlled_interruption: days %d out of range 0..3650", w.Days)
		}
	}
	return errors.Join(errs...)
}

func parseType(s string) (uint16, bool) {
	s = strings.ToUpper(s)
	if t, ok := dns.StringToType[s]; ok {
		return t, true
	}
	if n, ok := strings.CutPrefix(s, "TYPE"); ok {
		v, err := strconv.ParseUint(n, 10, 16)
		return uint16(v), err == nil
	}
	return 0, false
}

func (p *Policy) reserved() map[string]bool {
	rel := make(map[string]bool)
	for _, l := range p.Released {
		rel[strings.ToLower(strings.TrimSuffix(l, "."))] = true
	}
	m := make(map[string]bool)
	for _, l := range p.Reserved {
		l = strings.ToLower(strings.TrimSuffix(l, "."))
		if !rel[l] {
			m[l] = true
		}
	}
	return m
}

func (p *Policy) sigMin() time.Duration {
	if p.SignatureMinRemaining > 0 {
		return time.Duration(p.SignatureMinRemaining)
	}
	return 12 * time.Hour
}

func (p *Policy) udpRTT() time.Duration {
	if p.UDPRTT > 0 {
		return time.Duration(p.UDPRTT)
	}
	return 500 * time.Millisecond
}

func (p *Policy) tcpRTT() time.Duration {
	if p.TCPRTT > 0 {
		return time.Duration(p.TCPRTT)
	}
	return 1500 * time.Millisecond
}
