package rsep

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/escrow"
)

const (
	authDepositDomain = "RFC 9022 §5.1.1 (domain object); RA Spec 2 Part A §9 (deposit reflects the registry)"
	authDepositHost   = "RFC 9022 §5.2.1 (host object); RFC 5732 §1.1 (glue from host addresses)"
	authDepositSecDNS = "RFC 9022 §5.1.1 (secDNS); RFC 5910 §4"
	authDepositHold   = "RFC 5731 §2.3 (clientHold/serverHold: not published in the DNS)"
)

// depositSection verifies the escrow deposit (escrow.Verify: RFC 9022 §8, RA
// Specification 2 Part A §8) and, in the same single read, rebuilds the
// delegation data it holds (escrow.Store and escrow.CSVStore: both models)
// to reconcile it with the zone: every delegation is a domain object with
// the same name servers and DS data, every domain that should be published
// is delegated, and glue equals the host objects' addresses.
func (r *tldRun) depositSection() Section {
	if r.in.Deposit == nil {
		return Section{Status: StatusSkipped, Summary: "no deposit given"}
	}
	var sec Section
	name := r.in.DepositFile
	if name == "" {
		name = "deposit"
	}
	now := r.now
	st := newRegistry()
	rep, err := escrow.Verify(r.ctx, r.in.Deposit, &escrow.VerifyConfig{
		Name: name, Now: func() time.Time { return now }, Files: r.in.DepositFiles, Store: st,
	})
	if err != nil {
		sec.Findings = append(sec.Findings, sectionFinding(CheckEscrow, "DEPOSIT_UNREADABLE", Failure, SecurityA, "RFC 8909 §5", name, "%v", err))
		return sec
	}
	for _, f := range rep.Findings {
		sec.Findings = append(sec.Findings, sectionFinding(CheckEscrow, "DEPOSIT_INVALID", Failure, SecurityA, f.Clause, f.Object, "%v", f))
	}
	if rep.Dropped > 0 {
		sec.Findings = append(sec.Findings, sectionFinding(CheckEscrow, "DEPOSIT_FINDINGS_DROPPED", Failure, SecurityA, "escrow MaxFindings", name, "%d further findings not kept", rep.Dropped))
	}
	for _, s := range rep.Skipped {
		sec.Findings = append(sec.Findings, sectionFinding(CheckEscrow, "NOT_CHECKED", Notice, SecurityA, "RFC 9022 §8", name, "not checked: %s", s))
	}
	dep := st.resolve()
	zone := r.zoneRegistry()
	sec.Findings = append(sec.Findings, reconcile(zone, dep)...)
	model := "XML model"
	if rep.ByKind["csv"] > 0 {
		model = fmt.Sprintf("CSV model, %d rows", rep.CSVRows)
	}
	sec.Summary = fmt.Sprintf("%d objects read (%s; %d domains, %d hosts with addresses), %d bytes; reconciled with %d delegations",
		rep.Objects, model, len(dep.ns), len(dep.glue), rep.Bytes, len(zone.ns))
	return sec
}

// registry is the part of a deposit or zone the reconciliation compares.
type registry struct {
	ns   map[string][]string      // domain → name servers (sorted, lower case, fully qualified)
	ds   map[string][]string      // domain → DS data "tag alg type DIGEST" (sorted)
	glue map[string][]string      // host → addresses (sorted)
	held map[string]bool          // domains whose status keeps them out of the zone
	keys map[string][]*dns.DNSKEY // domain → secDNS keyData (RFC 5910 §4.2), when no dsData

	// CSV model: host roids, resolved to names at the end.
	roidName  map[string]string   // host roid → host name
	roidAddrs map[string][]string // host roid → addresses
	nsRoids   map[string][]string // domain → name-server host roids
}

func newRegistry() *registry {
	return &registry{ns: map[string][]string{}, ds: map[string][]string{}, glue: map[string][]string{}, held: map[string]bool{}, keys: map[string][]*dns.DNSKEY{},
		roidName: map[string]string{}, roidAddrs: map[string][]string{}, nsRoids: map[string][]string{}}
}

func fqdn(s string) string { return dns.CanonicalName(strings.TrimSpace(s)) }

func normAddr(s string) string {
	s = strings.TrimSpace(s)
	if ip, err := netip.ParseAddr(s); err == nil {
		return ip.Unmap().String()
	}
	return s
}

func isHold(s string) bool { return s == "clientHold" || s == "serverHold" }

// Put implements escrow.Store for the XML model.
func (g *registry) Put(kind escrow.Kind, key string, o *escrow.Object) error {
	switch kind {
	case escrow.KindDomain:
		d, err := o.Domain()
		if err != nil {
			return nil // Verify reports the object as invalid
		}
		name := fqdn(d.Name)
		g.dropDomain(name)
		for _, s := range d.Statuses {
			if isHold(s.S) {
				g.held[name] = true
			}
		}
		ns := []string{}
		for _, h := range d.HostObjs {
			ns = append(ns, fqdn(h))
		}
		for _, h := range d.HostAttrs {
			ns = append(ns, fqdn(h.Name))
			// RFC 5731 §1.1: host attributes carry their glue with them.
			for _, a := range h.Addrs {
				g.glue[fqdn(h.Name)] = append(g.glue[fqdn(h.Name)], normAddr(a.Addr))
			}
		}
		g.ns[name] = ns
		if d.SecDNS != nil {
			for _, ds := range d.SecDNS.DS {
				g.ds[name] = append(g.ds[name], dsString(ds.KeyTag, ds.Alg, ds.DigestType, ds.Digest))
			}
			for _, k := range d.SecDNS.Keys {
				g.keys[name] = append(g.keys[name], keyData(name, k.Flags, k.Protocol, k.Alg, k.PubKey))
			}
		}
	case escrow.KindHost:
		h, err := o.Host()
		if err != nil {
			return nil
		}
		name := fqdn(h.Name)
		delete(g.glue, name)
		for _, a := range h.Addrs {
			g.glue[name] = append(g.glue[name], normAddr(a.Addr))
		}
		if h.RoID != "" {
			g.roidName[h.RoID] = name
		}
	}
	return nil
}

func dsString(tag, alg, typ int, digest string) string {
	return fmt.Sprintf("%d %d %d %s", tag, alg, typ, strings.ToUpper(strings.TrimSpace(digest)))
}

// keyData builds the DNSKEY a secDNS keyData describes (RFC 5910 §4.2).
func keyData(owner string, flags, protocol, alg int, pub string) *dns.DNSKEY {
	return &dns.DNSKEY{Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET}, Flags: uint16(flags), Protocol: uint8(protocol), Algorithm: uint8(alg), PublicKey: strings.TrimSpace(pub)}
}

func (g *registry) dropDomain(name string) {
	delete(g.keys, name)
	delete(g.ns, name)
	delete(g.ds, name)
	delete(g.held, name)
	delete(g.nsRoids, name)
}

// Delete implements escrow.Store.
func (g *registry) Delete(kind escrow.Kind, key string, byRoid bool) error {
	switch kind {
	case escrow.KindDomain:
		g.dropDomain(fqdn(key))
	case escrow.KindHost:
		name := fqdn(key)
		if byRoid {
			name = g.roidName[key]
			delete(g.roidName, key)
			delete(g.roidAddrs, key)
		}
		delete(g.glue, name)
	}
	return nil
}

// PutRow implements escrow.CSVStore: a row of a main file (RFC 9022
// §5.1.2.1 domain, §5.2.2.1 host) replaces the object and its child rows.
func (g *registry) PutRow(kind escrow.Kind, key string, spec *escrow.CSVSpec, row []string) error {
	switch kind {
	case escrow.KindDomain:
		name := fqdn(key)
		g.dropDomain(name)
		g.ns[name] = []string{}
	case escrow.KindHost:
		name := fqdn(key)
		delete(g.glue, name)
		if i := spec.Index(escrow.NSCSV, "fRoid"); i >= 0 && i < len(row) && row[i] != "" {
			roid := strings.TrimSpace(row[i])
			g.roidName[roid] = name
			delete(g.roidAddrs, roid)
		}
	}
	return nil
}

// PutChildRow implements escrow.CSVStore: domainNameServers, domainStatuses
// and dnssec rows for domains (RFC 9022 §5.1.2.1), hostAddresses rows for
// hosts (§5.2.2.1, keyed by the host's roid).
func (g *registry) PutChildRow(kind escrow.Kind, parentKey string, parent escrow.CSVField, spec *escrow.CSVSpec, row []string) error {
	field := func(space, local string) string {
		if i := spec.Index(space, local); i >= 0 && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	switch kind {
	case escrow.KindDomain:
		name := fqdn(field(escrow.NSCSVDomain, "fName"))
		switch spec.Name {
		case "domainNameServers":
			if h := field(escrow.NSCSVHost, "fName"); h != "" {
				g.ns[name] = append(g.ns[name], fqdn(h))
			} else if roid := field(escrow.NSCSV, "fRoid"); roid != "" {
				g.nsRoids[name] = append(g.nsRoids[name], roid)
			}
		case "domainStatuses":
			if isHold(field(escrow.NSCSVDomain, "fStatus")) {
				g.held[name] = true
			}
		case "dnssec":
			if spec.Index(escrow.NSCSVDomain, "fPubKey") >= 0 {
				flags, err1 := strconv.Atoi(field(escrow.NSCSVDomain, "fFlags"))
				proto, err2 := strconv.Atoi(field(escrow.NSCSVDomain, "fProtocol"))
				alg, err3 := strconv.Atoi(field(escrow.NSCSVDomain, "fKeyAlg"))
				if errors.Join(err1, err2, err3) == nil {
					g.keys[name] = append(g.keys[name], keyData(name, flags, proto, alg, field(escrow.NSCSVDomain, "fPubKey")))
				}
				break
			}
			tag, err1 := strconv.Atoi(field(escrow.NSCSVDomain, "fKeyTag"))
			alg, err2 := strconv.Atoi(field(escrow.NSCSVDomain, "fDsAlg"))
			typ, err3 := strconv.Atoi(field(escrow.NSCSVDomain, "fDigestType"))
			if err := errors.Join(err1, err2, err3); err == nil {
				g.ds[name] = append(g.ds[name], dsString(tag, alg, typ, field(escrow.NSCSVDomain, "fDigest")))
			}
		}
	case escrow.KindHost:
		if spec.Name == "hostAddresses" {
			roid := field(escrow.NSCSV, "fRoid")
			if a := field(escrow.NSCSVHost, "fAddr"); a != "" && roid != "" {
				g.roidAddrs[roid] = append(g.roidAddrs[roid], normAddr(a))
			}
		}
	}
	return nil
}

// DeleteRow implements escrow.CSVStore.
func (g *registry) DeleteRow(kind escrow.Kind, key string, byRoid bool) error {
	return g.Delete(kind, key, byRoid)
}

// resolve turns the CSV model's roid references into names and sorts every
// list.
func (g *registry) resolve() *registry {
	for roid, addrs := range g.roidAddrs {
		if name, ok := g.roidName[roid]; ok {
			g.glue[name] = append(g.glue[name], addrs...)
		}
	}
	for d, roids := range g.nsRoids {
		for _, roid := range roids {
			name, ok := g.roidName[roid]
			if !ok {
				name = "roid:" + roid // escrow reports the dangling reference
			}
			g.ns[d] = append(g.ns[d], name)
		}
	}
	for _, m := range []map[string][]string{g.ns, g.ds, g.glue} {
		for k := range m {
			sort.Strings(m[k])
			m[k] = dedup(m[k])
		}
	}
	for h, a := range g.glue {
		if len(a) == 0 {
			delete(g.glue, h)
		}
	}
	return g
}

func dedup(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// zoneRegistry collects the zone's delegations: NS and DS below the apex and
// the glue at or below a delegation point (RFC 9499 §7).
func (r *tldRun) zoneRegistry() *registry {
	g := newRegistry()
	addrs := map[string][]string{}
	for _, rr := range r.zone.Records {
		name := strings.ToLower(rr.Header().Name)
		if name == r.tld {
			continue
		}
		switch v := rr.(type) {
		case *dns.NS:
			g.ns[name] = append(g.ns[name], fqdn(v.Ns))
		case *dns.DS:
			g.ds[name] = append(g.ds[name], dsString(int(v.KeyTag), int(v.Algorithm), int(v.DigestType), v.Digest))
		case *dns.A, *dns.AAAA:
			if a, ok := rrAddr(rr); ok {
				addrs[name] = append(addrs[name], a.String())
			}
		}
	}
	for h, a := range addrs {
		for n := h; dns.IsSubDomain(r.tld, n) && n != r.tld; {
			if _, ok := g.ns[n]; ok {
				g.glue[h] = a
				break
			}
			i, end := dns.NextLabel(n, 0)
			if end {
				break
			}
			n = n[i:]
		}
	}
	return g.resolve()
}

func regKeys(m map[string][]string) []string {
	s := make([]string, 0, len(m))
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

// depositDS returns the DS data the deposit gives domain d: its dsData, or
// for keyData only (RFC 5910 §4.2: the registry computes the DS) the DS of
// each key with the digest types the zone's DS RRset uses (SHA-256 when it
// has none), sorted.
func depositDS(dep *registry, d string, zoneDS []string) []string {
	if len(dep.ds[d]) > 0 || len(dep.keys[d]) == 0 {
		return dep.ds[d]
	}
	types := map[uint8]bool{}
	for _, z := range zoneDS {
		if f := strings.Fields(z); len(f) == 4 {
			if t, err := strconv.Atoi(f[2]); err == nil {
				types[uint8(t)] = true
			}
		}
	}
	if len(types) == 0 {
		types[dns.SHA256] = true
	}
	var out []string
	for _, k := range dep.keys[d] {
		for t := range types {
			if ds := k.ToDS(t); ds != nil {
				out = append(out, dsString(int(ds.KeyTag), int(ds.Algorithm), int(ds.DigestType), ds.Digest))
			}
		}
	}
	sort.Strings(out)
	return out
}

// reconcile compares the zone's delegations with the deposit's domains and
// hosts.
func reconcile(zone, dep *registry) []Finding {
	var out []Finding
	add := func(tag, clause, name, format string, a ...any) {
		out = append(out, sectionFinding(CheckReconcile, tag, Failure, StabilityB, clause, name, format, a...))
	}
	for _, d := range regKeys(zone.ns) {
		depNS, ok := dep.ns[d]
		switch {
		case !ok:
			add("NOT_IN_DEPOSIT", authDepositDomain, d, "delegated in the zone but not a domain object of the deposit")
		case dep.held[d]:
			add("HELD_BUT_DELEGATED", authDepositHold, d, "delegated in the zone although the deposit gives it a hold status")
		case strings.Join(depNS, " ") != strings.Join(zone.ns[d], " "):
			add("NS_DIFFER", authDepositDomain, d, "name servers differ: zone %v, deposit %v", zone.ns[d], depNS)
		}
		if want := depositDS(dep, d, zone.ds[d]); ok && strings.Join(want, ",") != strings.Join(zone.ds[d], ",") {
			add("DS_DIFFER", authDepositSecDNS, d, "DS data differ: zone %v, deposit %v", zone.ds[d], want)
		}
	}
	for _, d := range regKeys(dep.ns) {
		if _, ok := zone.ns[d]; !ok && len(dep.ns[d]) > 0 && !dep.held[d] {
			add("NOT_DELEGATED", authDepositDomain, d, "domain with name servers %v in the deposit is not delegated in the zone", dep.ns[d])
		}
	}
	for _, h := range regKeys(zone.glue) {
		addrs, ok := dep.glue[h]
		switch {
		case !ok:
			add("GLUE_NOT_IN_DEPOSIT", authDepositHost, h, "glue in the zone but no host object with addresses in the deposit")
		case strings.Join(addrs, " ") != strings.Join(zone.glue[h], " "):
			add("GLUE_DIFFER", authDepositHost, h, "glue addresses differ: zone %v, deposit %v", zone.glue[h], addrs)
		}
	}
	for _, h := range regKeys(dep.glue) {
		if _, ok := zone.glue[h]; ok {
			continue
		}
		// A host object with addresses under a delegated domain must appear
		// as glue when a delegation uses it.
		for _, d := range regKeys(zone.ns) {
			if dns.IsSubDomain(d, h) && contains(zone.ns[d], h) {
				add("GLUE_MISSING", authDepositHost, h, "host object with addresses %v is a name server of %s but has no glue in the zone", dep.glue[h], d)
			}
		}
	}
	return out
}
