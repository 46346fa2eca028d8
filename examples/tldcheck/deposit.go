package main

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/escrow"
)

// checkDeposit verifies the escrow deposit (RFC 9022 §8, RA Specification 2
// Part A §8) and reconciles it with the zone: every delegation is a domain
// object with the same name servers and DS data, every domain that should be
// published is delegated, and glue equals the host objects' addresses.
func checkDeposit(in *input) section {
	if in.deposit == nil {
		return section{Status: statusSkipped, Summary: "no deposit given (-deposit)"}
	}
	sec := section{Status: statusOK}
	add := func(f finding) {
		sec.Findings = append(sec.Findings, f)
		sec.Status = statusFindings
	}
	rep, err := escrow.Verify(context.Background(), bytes.NewReader(in.deposit), &escrow.VerifyOptions{
		Name: "deposit",
		Now:  func() time.Time { return in.now },
	})
	if err != nil {
		add(finding{Check: "escrow", Message: err.Error()})
		return sec
	}
	for _, f := range rep.Findings {
		add(finding{Check: "escrow", Subject: f.Object, Message: f.Error(), Clause: f.Clause})
	}
	for _, s := range rep.Skipped {
		sec.Findings = append(sec.Findings, finding{Check: "escrow", Message: "not checked: " + s})
	}

	dep, err := readDeposit(in.deposit)
	if err != nil {
		add(finding{Check: "reconcile", Message: err.Error()})
		return sec
	}
	z, err := readDelegations(in.zone, in.tld)
	if err != nil {
		add(finding{Check: "reconcile", Message: err.Error()})
		return sec
	}
	for _, f := range reconcile(z, dep) {
		add(f)
	}
	sec.Summary = fmt.Sprintf("%d objects read (%d domains, %d hosts), %d bytes; reconciled with %d delegations",
		rep.Objects, rep.ByKind["domain"], rep.ByKind["host"], rep.Bytes, len(z.ns))
	return sec
}

// registry is the part of a deposit or zone the reconciliation compares.
type registry struct {
	ns   map[string][]string // domain → name servers (sorted, lower case, fully qualified)
	ds   map[string][]string // domain → DS data "tag alg type DIGEST" (sorted)
	glue map[string][]string // host → addresses (sorted)
	held map[string]bool     // domains whose status keeps them out of the zone
}

func newRegistry() *registry {
	return &registry{ns: map[string][]string{}, ds: map[string][]string{}, glue: map[string][]string{}, held: map[string]bool{}}
}

func fqdn(s string) string { return dns.CanonicalName(strings.TrimSpace(s)) }

func readDeposit(b []byte) (*registry, error) {
	reg := newRegistry()
	r := escrow.NewReader(bytes.NewReader(b), nil)
	for r.Next() {
		o := r.Object()
		if o.Delete || o.Elem == nil {
			continue
		}
		e := o.Elem
		switch o.Kind {
		case escrow.KindDomain:
			name := fqdn(e.ChildText(escrow.NSDomain, "name"))
			for _, st := range e.Children {
				if st.Name == (escrow.Name{Space: escrow.NSDomain, Local: "status"}) {
					// RFC 5731 §2.3: clientHold/serverHold names are
					// not published in the DNS.
					if s, _ := st.Attr("s"); s == "clientHold" || s == "serverHold" {
						reg.held[name] = true
					}
				}
			}
			var ns []string
			if nse := e.Child(escrow.NSDomain, "ns"); nse != nil {
				for _, h := range nse.Children {
					switch h.Name.Local {
					case "hostObj":
						ns = append(ns, fqdn(h.Value()))
					case "hostAttr":
						ns = append(ns, fqdn(h.ChildText(escrow.NSEPPDomain, "hostName")))
					}
				}
			}
			sort.Strings(ns)
			reg.ns[name] = ns
			if sd := e.Child(escrow.NSDomain, "secDNS"); sd != nil {
				for _, d := range sd.Children {
					if d.Name.Local != "dsData" {
						continue
					}
					reg.ds[name] = append(reg.ds[name], fmt.Sprintf("%s %s %s %s",
						d.ChildText(escrow.NSSecDNS, "keyTag"), d.ChildText(escrow.NSSecDNS, "alg"),
						d.ChildText(escrow.NSSecDNS, "digestType"), strings.ToUpper(d.ChildText(escrow.NSSecDNS, "digest"))))
				}
				sort.Strings(reg.ds[name])
			}
		case escrow.KindHost:
			name := fqdn(e.ChildText(escrow.NSHost, "name"))
			var addrs []string
			for _, a := range e.Children {
				if a.Name == (escrow.Name{Space: escrow.NSHost, Local: "addr"}) {
					if ip, err := netip.ParseAddr(a.Value()); err == nil {
						addrs = append(addrs, ip.String())
					} else {
						addrs = append(addrs, a.Value())
					}
				}
			}
			sort.Strings(addrs)
			if len(addrs) > 0 {
				reg.glue[name] = addrs
			}
		}
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	return reg, nil
}

func readDelegations(zone []byte, tld string) (*registry, error) {
	reg := newRegistry()
	zp := dns.NewZoneParser(bytes.NewReader(zone), tld, "zone")
	glue := map[string][]string{}
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		name := dns.CanonicalName(rr.Header().Name)
		if name == tld {
			continue
		}
		switch v := rr.(type) {
		case *dns.NS:
			reg.ns[name] = append(reg.ns[name], fqdn(v.Ns))
		case *dns.DS:
			reg.ds[name] = append(reg.ds[name], fmt.Sprintf("%d %d %d %s", v.KeyTag, v.Algorithm, v.DigestType, strings.ToUpper(v.Digest)))
		case *dns.A:
			a, _ := netip.AddrFromSlice(v.A)
			glue[name] = append(glue[name], a.Unmap().String())
		case *dns.AAAA:
			a, _ := netip.AddrFromSlice(v.AAAA)
			glue[name] = append(glue[name], a.String())
		}
	}
	if err := zp.Err(); err != nil {
		return nil, err
	}
	// Glue is the address data at or below a delegation point (RFC 9499 §7).
	for h, addrs := range glue {
		for d := range reg.ns {
			if dns.IsSubDomain(d, h) {
				sort.Strings(addrs)
				reg.glue[h] = addrs
				break
			}
		}
	}
	for d := range reg.ns {
		sort.Strings(reg.ns[d])
		sort.Strings(reg.ds[d])
	}
	return reg, nil
}

// reconcile compares the zone's delegations with the deposit's domains.
func reconcile(zone, dep *registry) []finding {
	var out []finding
	add := func(subject, clause, format string, a ...any) {
		out = append(out, finding{Check: "reconcile", Subject: subject, Message: fmt.Sprintf(format, a...), Clause: clause})
	}
	names := func(m map[string][]string) []string {
		var s []string
		for k := range m {
			s = append(s, k)
		}
		sort.Strings(s)
		return s
	}
	for _, d := range names(zone.ns) {
		depNS, ok := dep.ns[d]
		switch {
		case !ok:
			add(d, "RFC 9022 §5.1.1", "delegated in the zone but not a domain object of the deposit")
		case dep.held[d]:
			add(d, "RFC 5731 §2.3", "delegated in the zone although the deposit gives it a hold status")
		case strings.Join(depNS, " ") != strings.Join(zone.ns[d], " "):
			add(d, "RFC 9022 §5.1.1", "name servers differ: zone %v, deposit %v", zone.ns[d], depNS)
		}
		if ok && strings.Join(dep.ds[d], ",") != strings.Join(zone.ds[d], ",") {
			add(d, "RFC 9022 §5.1.1 (secDNS, RFC 5910)", "DS data differ: zone %v, deposit %v", zone.ds[d], dep.ds[d])
		}
	}
	for _, d := range names(dep.ns) {
		if _, ok := zone.ns[d]; !ok && len(dep.ns[d]) > 0 && !dep.held[d] {
			add(d, "RFC 9022 §5.1.1", "domain with name servers %v in the deposit is not delegated in the zone", dep.ns[d])
		}
	}
	for _, h := range names(zone.glue) {
		addrs, ok := dep.glue[h]
		switch {
		case !ok:
			add(h, "RFC 9022 §5.2.1", "glue in the zone but no host object with addresses in the deposit")
		case strings.Join(addrs, " ") != strings.Join(zone.glue[h], " "):
			add(h, "RFC 9022 §5.2.1", "glue addresses differ: zone %v, deposit %v", zone.glue[h], addrs)
		}
	}
	for _, h := range names(dep.glue) {
		if _, ok := zone.glue[h]; ok {
			continue
		}
		// A host object with addresses under a delegated domain must appear
		// as glue when a delegation uses it.
		for d, ns := range zone.ns {
			if dns.IsSubDomain(d, h) && contains(ns, h) {
				add(h, "RFC 9022 §5.2.1", "host object with addresses %v is a name server of %s but has no glue in the zone", dep.glue[h], d)
			}
		}
	}
	return out
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
