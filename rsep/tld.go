package rsep

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/netip"
	"time"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/dnssec"
)

// TLDInput is everything one TLD evaluation ([EvaluateTLD]) reads. It is
// the input of the job, not a Config: most of its fields are the data
// evaluated (readers that are consumed, files, policy), and without Zone
// there is nothing to evaluate, so a nil TLDInput is an error rather than a
// default. The settings among its fields (Now, Limits, Prober and the live
// options, Progress) follow the Config rules: nil or zero is safe and
// strict, Now defaults to time.Now. Each reader is read once, to its end or
// to the first error; only Zone is required. The zero value of every other
// field skips the section or the part of it that needs the input, and the
// report says so.
type TLDInput struct {
	// TLD is the zone's name; empty takes the owner of the zone's first SOA.
	TLD string
	// Zone is the signed TLD zone in RFC 1035 master-file format; ZoneFile
	// names it in errors.
	Zone     io.Reader
	ZoneFile string
	// Root is a signed root zone holding the TLD's delegation (chain of
	// trust, parent data for the catalogue); Parent is the alternative when
	// only the delegation is at hand ([ReadDelegation]). With both, Root wins.
	Root   io.Reader
	Parent *Delegation
	// Anchor is the root trust anchor: IANA's root-anchors.xml (RFC 9718)
	// or DS/DNSKEY lines. Nil selects the publication embedded in package
	// trustanchor, whose CMS signature is then checked; AnchorSignature is
	// the detached CMS signature (root-anchors.p7s) over a given Anchor.
	Anchor          []byte
	AnchorSignature []byte
	// Deposit is an RFC 8909/9022 escrow deposit (the XML document, in the
	// XML or the CSV model); DepositFiles resolves the CSV model's files.
	// DepositFile names it in findings.
	Deposit      io.Reader
	DepositFiles fs.FS
	DepositFile  string
	// Labels are further labels to check in the labels section besides
	// those delegated in the zone (for example registrations on hold, or
	// names an IDN launch will offer), as the label alone or label.<tld>.
	Labels []string
	// Policy is the registry's declared policy (nil: the strict zero Policy).
	Policy *Policy
	// Prober enables the live checks of the catalogue; Servers,
	// ServerAddrs, AllowSpecialAddresses and Resolver are passed to the
	// catalogue's [Target] (see there).
	Prober                Prober
	Servers               []Server
	ServerAddrs           map[string][]netip.AddrPort
	AllowSpecialAddresses bool
	Resolver              netip.AddrPort
	// Now returns the evaluation time; nil means time.Now. EvaluateTLD reads
	// it once, as it starts, and every section judges at that instant.
	Now func() time.Time
	// Limits overrides the Max* defaults.
	Limits Limits
	// Progress, when set, is called as each section starts.
	Progress func(section string)
}

// Section names of a [TLDReport], in order.
const (
	SectionAnchor    = "trust anchor"
	SectionChain     = "zone under the chain of trust"
	SectionLabels    = "labels (IDNA2008 + LGR)"
	SectionCatalogue = "RSEP check catalogue"
	SectionDeposit   = "escrow deposit"
)

// Status is the outcome of a [Section]. It reads and writes as "ok",
// "findings" or "skipped" in JSON.
type Status uint8

// Section statuses.
const (
	StatusOK       Status = iota + 1 // every finding is a notice or waived
	StatusFindings                   // a finding of severity warning or error that no waiver accepts
	StatusSkipped                    // the section's input was not given
)

var statusNames = [...]string{StatusOK: "ok", StatusFindings: "findings", StatusSkipped: "skipped"}

func (s Status) String() string {
	if int(s) < len(statusNames) && statusNames[s] != "" {
		return statusNames[s]
	}
	return "Status(" + itoa(int(s)) + ")"
}

// MarshalText renders the status by name in JSON reports.
func (s Status) MarshalText() ([]byte, error) {
	if int(s) >= len(statusNames) || statusNames[s] == "" {
		return nil, fmt.Errorf("rsep: invalid section status %d", s)
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText parses a status name.
func (s *Status) UnmarshalText(b []byte) error {
	for i, n := range statusNames {
		if n != "" && n == string(b) {
			*s = Status(i)
			return nil
		}
	}
	return fmt.Errorf("rsep: unknown section status %q", b)
}

// Check IDs of the findings the TLD sections make outside the catalogue.
const (
	CheckAnchor    = "ANCHOR"    // trust-anchor selection (RFC 9718)
	CheckChain     = "CHAIN"     // zone verification under the chain of trust (RFC 4035 §5)
	CheckLabel     = "LABEL"     // IDNA2008 and reference-LGR evaluation of delegated labels
	CheckEscrow    = "ESCROW"    // deposit verification (RFC 9022 §8)
	CheckReconcile = "RECONCILE" // deposit against zone (RFC 9022 §5.1.1, §5.2.1)
)

func isSectionCheck(id string) bool {
	switch id {
	case CheckAnchor, CheckChain, CheckLabel, CheckEscrow, CheckReconcile:
		return true
	}
	return false
}

// Section is one part of a [TLDReport].
type Section struct {
	Name     string    `json:"name"`
	Status   Status    `json:"status"`
	Summary  string    `json:"summary,omitempty"`
	Findings []Finding `json:"findings,omitempty"`
	// Checks is the status of every catalogue check (catalogue section only).
	Checks []CheckStatus `json:"checks,omitempty"`
}

// TLDReport is the result of [EvaluateTLD]: the five sections in order (trust
// anchor, zone under the chain of trust, labels, RSEP check catalogue,
// escrow deposit reconciled with the zone) and the catalogue's own report.
type TLDReport struct {
	TLD      string    `json:"tld"`
	Time     time.Time `json:"time,omitzero"`
	Sections []Section `json:"sections"`
	// Findings are the findings of every section, in section order (the
	// JSON form carries them per section only).
	Findings []Finding `json:"-"`
	// Dropped counts the findings past the MaxFindings limit that were not
	// kept (the catalogue's [Report.Dropped]).
	Dropped   int     `json:"dropped,omitempty"`
	Catalogue *Report `json:"-"` // the catalogue's own report (its findings are the catalogue section's)
}

// Err returns nil when every section holds; otherwise it joins the
// [Finding.Err] of every finding of severity warning or error that no
// waiver accepts.
func (r *TLDReport) Err() error {
	var errs []error
	for _, s := range r.Sections {
		for _, f := range s.Findings {
			if f.Severity >= Warning && f.Waived == "" {
				errs = append(errs, f.Err())
			}
		}
	}
	return errors.Join(errs...)
}

// Section returns the section with the given name, or nil.
func (r *TLDReport) Section(name string) *Section {
	for i := range r.Sections {
		if r.Sections[i].Name == name {
			return &r.Sections[i]
		}
	}
	return nil
}

// tldRun is the state of one EvaluateTLD shared by its sections.
type tldRun struct {
	ctx     context.Context
	in      *TLDInput
	now     time.Time // the evaluation time, read once (TLDInput.Now)
	tld     string
	zoneRaw []byte // the zone's bytes, read once
	zone    *Zone
	pol     *Policy
	anchors []dns.RR // root trust anchors selected by the anchor section
	parent  *Delegation
	tldDS   []*dns.DS // the TLD's DS RRset, verified under the root keys
	rootErr error     // why the root zone could not be used
	fatal   error     // input that could not be read: ends the evaluation
	root    string    // summary of the root-zone verification
}

// EvaluateTLD runs the TLD evaluation: the root trust anchor, the TLD zone
// verified completely under the chain of trust from it (dnssec.VerifyZone,
// with the TLD's DS from trustanchor.BuildRepository over the root zone),
// the delegated labels (IDNA2008, ICANN second-level reference LGRs), the
// RSEP check catalogue ([Run]) and the escrow deposit verified and
// reconciled with the zone's delegations (XML and CSV models). The error is
// non-nil only when nothing could be evaluated (no zone, a zone that cannot
// be read, an invalid policy, a cancelled context); problems are findings in
// the report, whose Err method summarizes them.
func EvaluateTLD(ctx context.Context, in *TLDInput) (*TLDReport, error) {
	if in == nil || in.Zone == nil {
		return nil, errorf(ErrMalformed, "", 0, "no zone to evaluate")
	}
	pol := in.Policy
	if pol == nil {
		pol = new(Policy)
	}
	if err := pol.Validate(); err != nil {
		return nil, err
	}
	r := &tldRun{ctx: ctx, in: in, pol: pol, now: clock(in.Now)}
	if err := r.readZone(); err != nil {
		return nil, err
	}
	rep := &TLDReport{TLD: r.tld, Time: r.now}
	steps := []struct {
		name string
		run  func() Section
	}{
		{SectionAnchor, r.anchorSection},
		{SectionChain, r.chainSection},
		{SectionLabels, r.labelSection},
		{SectionCatalogue, func() Section { s, cat := r.catalogueSection(); rep.Catalogue = cat; return s }},
		{SectionDeposit, r.depositSection},
	}
	for _, st := range steps {
		if err := ctx.Err(); err != nil {
			return nil, cancelled(err)
		}
		if in.Progress != nil {
			in.Progress(st.name)
		}
		sec := st.run()
		if r.fatal != nil {
			return nil, r.fatal
		}
		sec.Name = st.name
		if st.name != SectionCatalogue {
			sec.Findings = append(sec.Findings, applyWaivers(sec.Findings, pol.Waivers, r.now)...)
			sortFindings(sec.Findings)
		}
		sec.Status = sectionStatus(sec)
		rep.Sections = append(rep.Sections, sec)
		rep.Findings = append(rep.Findings, sec.Findings...)
	}
	if rep.Catalogue != nil {
		rep.Dropped = rep.Catalogue.Dropped
	}
	return rep, nil
}

func sectionStatus(s Section) Status {
	if s.Status == StatusSkipped {
		return StatusSkipped
	}
	for _, f := range s.Findings {
		if f.Severity >= Warning && f.Waived == "" {
			return StatusFindings
		}
	}
	return StatusOK
}

// readZone reads the zone once, bounded by lim.ZoneSize, and parses it
// ([ReadZone]). The bytes are kept for the complete verification of the
// chain section (dnssec.VerifyZone needs a seekable input for zones not in
// canonical order).
func (r *tldRun) readZone() error {
	max := orDefault(r.in.Limits.ZoneSize, int64(MaxZoneSize))
	// Through the dnssec zone reader's guard (entry length, $GENERATE
	// counted before it expands) before any parser sees the text.
	guarded := dnssec.LimitZoneReader(r.in.Zone, &dnssec.ZoneConfig{File: r.zoneFile(), MaxRecords: orDefault(r.in.Limits.ZoneRecords, MaxZoneRecords)})
	lr := &limitedReader{r: guarded, n: max}
	b, err := io.ReadAll(lr)
	if err != nil {
		if errors.Is(err, dnssec.ErrLimitExceeded) {
			return &Error{Kind: ErrLimitExceeded, Clause: "dnssec limits.go", Err: err}
		}
		return &Error{Kind: ErrMalformed, Err: err}
	}
	if lr.exceeded {
		return errorf(ErrLimitExceeded, "", 0, "%s: more than %d bytes (MaxZoneSize)", r.zoneFile(), max)
	}
	r.zoneRaw = b
	r.tld = r.in.TLD
	if r.tld == "" {
		if r.tld, err = firstSOAOwner(b, r.zoneFile()); err != nil {
			return err
		}
	}
	r.tld = canon(r.tld)
	r.zone, err = ReadZone(r.ctx, bytes.NewReader(b), r.tld, r.zoneFile(), &ReadConfig{Limits: r.in.Limits})
	return err
}

func (r *tldRun) zoneFile() string {
	if r.in.ZoneFile != "" {
		return r.in.ZoneFile
	}
	return "zone"
}

// firstSOAOwner returns the owner of the first SOA record of a zone file.
func firstSOAOwner(b []byte, file string) (string, error) {
	zp := dns.NewZoneParser(bytes.NewReader(b), ".", file)
	zp.SetIncludeAllowed(false)
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if rr.Header().Rrtype == dns.TypeSOA {
			return canon(rr.Header().Name), nil
		}
	}
	if err := zp.Err(); err != nil {
		return "", &Error{Kind: ErrMalformed, Clause: "RFC 1035 §5", Err: err}
	}
	return "", errorf(ErrMalformed, "RFC 1035 §5.2", 0, "%s: no SOA record: not a zone file", file)
}

// sectionFinding builds a finding of a TLD section.
func sectionFinding(check, tag string, sev Severity, eff Effect, clause, name, format string, args ...any) Finding {
	if clause == "" {
		clause = "-"
	}
	f := Finding{Check: check, Tag: tag, Severity: sev, Effect: eff, Authority: clause, Name: name, Message: fmt.Sprintf(format, args...)}
	f.RST = rstFor(&f)
	return f
}
