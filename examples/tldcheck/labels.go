package main

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/idn"
)

// scriptLGR maps an ISO 15924 script code to the word ICANN's second-level
// reference LGRs use in their file names ("lgr-second-level-<word>-script-…").
var scriptLGR = map[string]string{
	"Arab": "arabic", "Armn": "armenian", "Beng": "bengali", "Cyrl": "cyrillic", "Deva": "devanagari",
	"Ethi": "ethiopic", "Geor": "georgian", "Grek": "greek", "Gujr": "gujarati", "Guru": "gurmukhi",
	"Hebr": "hebrew", "Khmr": "khmer", "Knda": "kannada", "Laoo": "lao", "Latn": "latin",
	"Mlym": "malayalam", "Mymr": "myanmar", "Orya": "oriya", "Sinh": "sinhala", "Taml": "tamil",
	"Telu": "telugu", "Thai": "thai",
}

// referenceLGR returns the embedded second-level reference LGR for a script
// code, or nil when ICANN publishes none for it.
func referenceLGR(code string) (*idn.LGR, string) {
	word, ok := scriptLGR[code]
	if !ok {
		return nil, ""
	}
	for _, name := range idn.ReferenceLGRs() {
		if strings.HasPrefix(name, "lgr-second-level-"+word+"-script-") {
			l, err := idn.ReferenceLGR(name)
			if err != nil {
				return nil, ""
			}
			return l, name
		}
	}
	return nil, ""
}

// checkLabels checks every label registered directly under the TLD: strict
// IDNA2008 registration rules (RFC 5890–5893) for all, and for IDN labels the
// ICANN second-level reference LGR of the label's script (RFC 7940 §8).
func checkLabels(in *input) section {
	sec := section{Status: statusOK}
	labels := map[string]bool{}
	zp := dns.NewZoneParser(bytes.NewReader(in.zone), in.tld, "zone")
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		name := dns.CanonicalName(rr.Header().Name)
		if rr.Header().Rrtype != dns.TypeNS || !dns.IsSubDomain(in.tld, name) || dns.CountLabel(name) != dns.CountLabel(in.tld)+1 {
			continue
		}
		labels[strings.TrimSuffix(name, "."+in.tld)] = true
	}
	if err := zp.Err(); err != nil {
		sec.Status = statusFindings
		sec.Findings = append(sec.Findings, finding{Check: "labels", Message: err.Error()})
		return sec
	}
	sorted := make([]string, 0, len(labels))
	for l := range labels {
		sorted = append(sorted, l)
	}
	sort.Strings(sorted)
	idns, lgrChecked := 0, 0
	noLGR := map[string]bool{}
	for _, l := range sorted {
		v := idn.CheckLabel(l, idn.Policy{})
		for _, e := range v.Errors {
			sec.Findings = append(sec.Findings, finding{Check: "IDNA2008", Subject: l + "." + in.tld, Message: e.Error(), Clause: e.Rule})
		}
		if !strings.HasPrefix(l, "xn--") || !v.OK() {
			continue
		}
		idns++
		// UTS #39 §5.1: an empty resolved script set means mixed script.
		scripts := idn.ResolvedScripts(v.ULabel)
		if len(scripts) == 0 {
			sec.Findings = append(sec.Findings, finding{Check: "LGR", Subject: l + "." + in.tld,
				Message: fmt.Sprintf("U-label %q mixes scripts", v.ULabel), Clause: "UTS #39 §5.1"})
			continue
		}
		var lgr *idn.LGR
		var name string
		for _, sc := range scripts {
			if lgr, name = referenceLGR(sc); lgr != nil {
				break
			}
		}
		if lgr == nil {
			noLGR[strings.Join(scripts, "+")] = true
			continue
		}
		lgrChecked++
		r := lgr.Evaluate(v.ULabel)
		if !r.OK() {
			sec.Findings = append(sec.Findings, finding{Check: "LGR", Subject: l + "." + in.tld,
				Message: fmt.Sprintf("%q is %s under %s: %s", v.ULabel, r.Disposition, name, r.Why), Clause: r.Rule})
		}
	}
	if len(sec.Findings) > 0 {
		sec.Status = statusFindings
	}
	var missing []string
	for s := range noLGR {
		missing = append(missing, s)
	}
	sort.Strings(missing)
	sec.Summary = fmt.Sprintf("%d labels (IDNA2008 %s), %d IDN labels, %d checked against ICANN second-level reference LGRs", len(sorted), idn.DerivedPropertyVersion, idns, lgrChecked)
	if len(missing) > 0 {
		sec.Summary += fmt.Sprintf("; no reference LGR for %v (IDNA2008 only)", missing)
	}
	return sec
}
