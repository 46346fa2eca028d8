package rsep

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec"
	"github.com/ssrkit/ssr/trustanchor"
)

const authTLDChain = "RFC 4035 §5 (chain of trust); RA Spec 6 §1.3"

// chainSection verifies the TLD zone completely (dnssec.VerifyZone) under
// the chain of trust: the root zone's apex keys under the root anchors and
// the TLD's DS RRset under those keys (trustanchor.BuildRepository), then
// every signature, the denial chain and the key policy of the TLD zone with
// that DS RRset as its anchor (RFC 4035 §5.2).
func (r *tldRun) chainSection() Section {
	var sec Section
	add := func(tag string, sev Severity, clause, name, format string, args ...any) {
		sec.Findings = append(sec.Findings, sectionFinding(CheckChain, tag, sev, SecurityA, clause, name, format, args...))
	}
	chain := "no root zone given: the TLD's keys are not checked against a parent DS (chain of trust not evaluated)"
	var anchors []dns.RR
	switch {
	case r.in.Root != nil:
		r.readRoot(&sec)
		chain = r.root
		if r.rootErr == nil {
			if len(r.tldDS) == 0 {
				add("NO_VERIFIED_DS", Failure, "RFC 4035 §5.2", r.tld, "the root zone has no verified DS RRset for the TLD: the TLD is not in the chain of trust")
			}
			for _, ds := range r.tldDS {
				anchors = append(anchors, ds)
			}
		}
	case r.in.Parent != nil:
		r.parent = r.in.Parent
		for _, ds := range r.in.Parent.DS {
			anchors = append(anchors, ds)
		}
		chain = fmt.Sprintf("parent data given without the root zone: %d DS record(s) used as the TLD's anchor, their signatures not verified here (see SEC09)", len(anchors))
	}
	if len(anchors) == 0 && (r.in.Root != nil || r.in.Parent != nil) && r.rootErr == nil {
		chain += "; the zone is verified without an anchor"
	}
	now := r.now
	zrep, err := dnssec.VerifyZone(r.ctx, bytes.NewReader(r.zoneRaw), &dnssec.ZoneConfig{
		Origin: r.tld, Anchors: anchors, Now: func() time.Time { return now }, File: r.zoneFile(),
		MaxRecords: orDefault(r.in.Limits.ZoneRecords, MaxZoneRecords),
	})
	if err != nil {
		add("ZONE_UNREADABLE", Failure, "RFC 1035 §5", r.tld, "%v", err)
		return sec
	}
	for _, p := range zrep.Findings {
		name := p.Name
		if p.RR != nil {
			name = strings.ToLower(p.RR.Header().Name)
		}
		add("ZONE_"+dnssecKindTag(p), Failure, p.Clause, name, "%v", p)
	}
	if zrep.Dropped > 0 {
		add("ZONE_PROBLEMS_OMITTED", Failure, "dnssec MaxZoneFindings", r.tld, "%d more findings not kept (dnssec.MaxZoneFindings)", zrep.Dropped)
	}
	sec.Summary = fmt.Sprintf("%s serial %d: %d names, %d RRsets, %d/%d signatures verified, denial %s, ZONEMD %s; %s",
		r.tld, zrep.Serial, zrep.Names, zrep.RRsets, zrep.Verified, zrep.Signatures, zrep.Denial, zrep.ZONEMD, chain)
	return sec
}

// dnssecKindTag turns the category of a dnssec problem into a tag.
func dnssecKindTag(p *dnssec.Error) string {
	if p.Kind == nil {
		return "PROBLEM"
	}
	s := strings.ToUpper(p.Kind.Error())
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			b.WriteRune(c)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// readRoot reads the root zone once: trustanchor.BuildRepository verifies
// its apex DNSKEY RRset under the anchors and every DS RRset under those
// keys, while the same bytes, teed through a pipe, give the TLD's
// delegation as the root serves it (parent data for the catalogue).
func (r *tldRun) readRoot(sec *Section) {
	add := func(tag string, sev Severity, clause, name, format string, args ...any) {
		sec.Findings = append(sec.Findings, sectionFinding(CheckChain, tag, sev, SecurityA, clause, name, format, args...))
	}
	if len(r.anchors) == 0 {
		r.rootErr = errors.New("no root trust anchor selected")
		add("NO_ANCHOR", Failure, "RFC 4035 §5", ".", "no root trust anchor selected: the root zone cannot be trusted")
		r.root = "root zone not evaluated (no trust anchor)"
		return
	}
	max := orDefault(r.in.Limits.ZoneSize, int64(MaxZoneSize))
	// The dnssec zone reader's guard bounds entries (MaxZoneLineLength) and
	// counts $GENERATE against the record limit before any parser below
	// expands it.
	guarded := dnssec.LimitZoneReader(r.in.Root, &dnssec.ZoneConfig{File: "root zone", MaxRecords: orDefault(r.in.Limits.ZoneRecords, MaxZoneRecords)})
	lr := &limitedReader{r: guarded, n: max}
	pr, pw := io.Pipe()
	type result struct {
		d   *Delegation
		err error
	}
	done := make(chan result, 1)
	go func() {
		d, err := delegationFrom(pr, r.tld, orDefault(r.in.Limits.ZoneRecords, MaxZoneRecords))
		_, _ = io.Copy(io.Discard, pr) // keep the tee flowing after an error
		done <- result{d, err}
	}()
	now := r.now
	repo, err := trustanchor.BuildRepository(r.ctx, io.TeeReader(lr, pw), &trustanchor.RepositoryConfig{
		Anchors: r.anchors, Now: func() time.Time { return now }, MaxRecords: orDefault(r.in.Limits.ZoneRecords, MaxZoneRecords),
	})
	if err == nil {
		// BuildRepository stops at the end of its input; drain what the
		// parser may not have consumed (trailing comments).
		_, err = io.Copy(pw, lr)
	}
	pw.CloseWithError(err)
	res := <-done
	if lr.exceeded {
		err = errorf(ErrLimitExceeded, "", 0, "root zone: more than %d bytes (MaxZoneSize)", max)
	}
	if err != nil && unreadable(err) {
		// Input that cannot be read is not a finding about the TLD: the
		// evaluation ends with the error, as for the zone itself.
		r.fatal = err
		return
	}
	if err != nil {
		r.rootErr = err
		add("ROOT_UNTRUSTED", Failure, authTLDChain, ".", "root zone: %v", err)
		r.root = "root zone not usable"
		return
	}
	for _, p := range repo.Findings {
		add("ROOT_PROBLEM", Failure, authTLDChain, ".", "root zone: %v", p)
	}
	for _, t := range repo.TLDs {
		if strings.EqualFold(t.Name, r.tld) {
			r.tldDS = t.DS
		}
	}
	if res.err != nil {
		add("NO_DELEGATION", Failure, "RFC 1034 §4.2.1", r.tld, "root zone: %v", res.err)
	} else {
		r.parent = res.d
	}
	r.root = fmt.Sprintf("root zone serial %d, DNSKEY RRset verified under root key(s) %v, ZONEMD %s; TLD DS RRset: %d record(s) verified",
		repo.Serial, repo.RootKeys, repo.ZONEMD, len(r.tldDS))
}

// delegationFrom streams a parent zone and keeps what the parent serves for
// the delegation of zone: its NS and DS RRsets with the DS signatures, the
// glue at or below it, and the parent's DNSKEY RRset with its signatures
// (RFC 4035 §2.2, §3.1.4).
func delegationFrom(r io.Reader, zone string, maxRecords int) (*Delegation, error) {
	zp := dns.NewZoneParser(r, ".", "root zone")
	zp.SetIncludeAllowed(false)
	d := new(Delegation)
	var apex string
	var apexKeys []*dns.DNSKEY
	var apexSigs []*dns.RRSIG
	n := 0
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if n++; n > maxRecords {
			return nil, errorf(ErrLimitExceeded, "", 0, "root zone: more than %d records (MaxZoneRecords)", maxRecords)
		}
		h := rr.Header()
		name := strings.ToLower(h.Name)
		switch v := rr.(type) {
		case *dns.SOA:
			if apex == "" {
				apex = name
			}
		case *dns.NS:
			if name == zone {
				d.NS = append(d.NS, v)
			}
		case *dns.DS:
			if name == zone {
				d.DS = append(d.DS, v)
			}
		case *dns.A, *dns.AAAA:
			if dns.IsSubDomain(zone, name) {
				d.Glue = append(d.Glue, rr)
			}
		case *dns.DNSKEY:
			apexKeys = append(apexKeys, v)
		case *dns.RRSIG:
			if name == zone && v.TypeCovered == dns.TypeDS {
				d.Sigs = append(d.Sigs, v)
			} else if v.TypeCovered == dns.TypeDNSKEY {
				apexSigs = append(apexSigs, v)
			}
		}
	}
	if err := zp.Err(); err != nil {
		return nil, &Error{Kind: ErrMalformed, Clause: "RFC 1035 §5", Err: err}
	}
	for _, k := range apexKeys {
		if strings.EqualFold(k.Hdr.Name, apex) {
			d.Keys = append(d.Keys, k)
		}
	}
	for _, s := range apexSigs {
		if strings.EqualFold(s.Hdr.Name, apex) {
			d.Sigs = append(d.Sigs, s)
		}
	}
	if len(d.NS) == 0 {
		return nil, &Error{Kind: ErrMalformed, Clause: "RFC 1034 §4.2.1", Name: zone, Type: "NS", Err: errors.New("the root zone does not delegate the TLD")}
	}
	return d, nil
}

// unreadable reports whether err says that the root zone could not be read
// or parsed, or reached a limit, rather than that it does not validate.
func unreadable(err error) bool {
	return errors.Is(err, ErrLimitExceeded) || errors.Is(err, dnssec.ErrLimitExceeded) ||
		errors.Is(err, trustanchor.ErrLimitExceeded) || errors.Is(err, trustanchor.ErrMalformed) ||
		errors.Is(err, dnssec.ErrMalformed)
}
