package rsep

import (
	"fmt"
	"sort"
	"strings"
	"time"

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

// delegatedLabels returns the labels delegated directly under the TLD
// (owners of NS RRsets one label below the apex) and TLDInput.Labels,
// sorted.
func (r *tldRun) delegatedLabels() []string {
	seen := make(map[string]bool)
	depth := dns.CountLabel(r.tld) + 1
	for _, rr := range r.zone.Records {
		h := rr.Header()
		if h.Rrtype != dns.TypeNS || dns.CountLabel(h.Name) != depth {
			continue
		}
		seen[strings.TrimSuffix(strings.ToLower(h.Name), "."+r.tld)] = true
	}
	for _, l := range r.in.Labels {
		l = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(l), "."), "."+strings.TrimSuffix(r.tld, "."))
		if l != "" {
			seen[l] = true
		}
	}
	out := make([]string, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// labelSection checks every label registered directly under the TLD: the
// IDNA2008 registration rules (RFC 5890-5893) for all, and for IDN labels
// the ICANN second-level reference LGR of the label's script (RFC 7940 §8).
func (r *tldRun) labelSection() Section {
	var sec Section
	labels := r.delegatedLabels()
	idns, lgrChecked := 0, 0
	noLGR := map[string]bool{}
	for _, l := range labels {
		name := l + "." + r.tld
		if strings.ContainsRune(l, '.') {
			sec.Findings = append(sec.Findings, sectionFinding(CheckLabel, "NOT_A_LABEL", Failure, StabilityA, "RFC 1035 §2.3.1", name, "%q is not a single label under %s", l, r.tld))
			continue
		}
		v := idn.CheckLabel(l, nil)
		for _, e := range v.Findings {
			sec.Findings = append(sec.Findings, sectionFinding(CheckLabel, "IDNA2008_INVALID", Failure, StabilityA, e.Rule, name, "%v", e))
		}
		if !strings.HasPrefix(l, "xn--") || !v.OK() {
			continue
		}
		idns++
		// UTS #39 §5.1: an empty resolved script set means mixed script.
		scripts := idn.ResolvedScripts(v.ULabel)
		if len(scripts) == 0 {
			sec.Findings = append(sec.Findings, sectionFinding(CheckLabel, "MIXED_SCRIPT", Failure, StabilityA, "UTS #39 §5.1", name, "U-label %q mixes scripts", v.ULabel))
			continue
		}
		var lgr *idn.LGR
		var lgrName string
		for _, sc := range scripts {
			if lgr, lgrName = referenceLGR(sc); lgr != nil {
				break
			}
		}
		if lgr == nil {
			noLGR[strings.Join(scripts, "+")] = true
			continue
		}
		lgrChecked++
		if res := lgr.Evaluate(v.ULabel); !res.OK() {
			sec.Findings = append(sec.Findings, sectionFinding(CheckLabel, "LGR_INVALID", Failure, StabilityA, res.Rule, name, "%q is %s under %s: %s", v.ULabel, res.Disposition, lgrName, res.Why))
		}
	}
	missing := make([]string, 0, len(noLGR))
	for s := range noLGR {
		missing = append(missing, s)
	}
	sort.Strings(missing)
	sec.Summary = fmt.Sprintf("%d labels (IDNA2008 %s), %d IDN labels, %d checked against ICANN second-level reference LGRs", len(labels), idn.DerivedPropertyVersion, idns, lgrChecked)
	if len(missing) > 0 {
		sec.Summary += fmt.Sprintf("; no reference LGR for %v (IDNA2008 only)", missing)
	}
	return sec
}

// catalogueSection runs the RSEP check catalogue ([Run]) with the parent
// data from the root zone (or TLDInput.Parent), the root anchors (SEC09) and
// the live prober when given.
func (r *tldRun) catalogueSection() (Section, *Report) {
	var sec Section
	in := r.in
	t := &Target{Zone: r.zone, Parent: r.parent, Policy: r.pol, Prober: in.Prober, Servers: in.Servers, Now: func() time.Time { return r.now }, Limits: in.Limits,
		ServerAddrs: in.ServerAddrs, AllowSpecialAddresses: in.AllowSpecialAddresses, Resolver: in.Resolver}
	if in.Progress != nil && in.Prober != nil {
		t.Progress = func(s string) { in.Progress(SectionCatalogue + ": " + s) }
	}
	if ds, err := anchorDS(r.anchors); err == nil {
		t.Anchors = ds
	}
	rep, err := Run(r.ctx, t)
	if err != nil {
		sec.Findings = append(sec.Findings, sectionFinding("RSEP", "NOT_RUN", Failure, StabilityB, "", r.tld, "%v", err))
		return sec, nil
	}
	sec.Findings = rep.Findings
	sec.Checks = rep.Checks
	ran, skipped, waived := 0, 0, 0
	for _, c := range rep.Checks {
		if c.Skipped != "" {
			skipped++
		} else {
			ran++
		}
	}
	for _, f := range rep.Findings {
		if f.Waived != "" {
			waived++
		}
	}
	sec.Summary = fmt.Sprintf("%d checks run, %d skipped (live checks without a prober, or inputs missing), %d findings", ran, skipped, len(rep.Findings))
	if waived > 0 {
		sec.Summary += fmt.Sprintf(" (%d waived by the policy)", waived)
	}
	return sec, rep
}
