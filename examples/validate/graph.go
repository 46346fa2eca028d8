package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/dnssec"
)

// This file draws the chain of trust of a validation as a Graphviz graph,
// in the manner of DNSViz: one cluster per zone, DS and DNSKEY nodes, an
// edge from each DS to the DNSKEY it digests and from each DNSKEY to the
// RRsets its RRSIGs cover, styled by status (see styles).

// status is the state of one node or edge of the graph.
type status int

const (
	stSecure status = iota
	stInsecure
	stBogus
	stIndeterminate
	stUnchecked // an RRSIG not needed: another one already verified the RRset
)

// style is how a status is drawn; the legend shows every one.
type style struct {
	name, color, line string
}

var styles = map[status]style{
	stSecure:        {"secure", "#1f4fa3", "solid"},
	stInsecure:      {"insecure", "#333333", "dashed"},
	stBogus:         {"bogus", "#d00000", "bold"},
	stIndeterminate: {"indeterminate", "#e67e00", "dotted"},
	stUnchecked:     {"not checked", "#999999", "dotted"},
}

func statusOf(v dnssec.Verdict) status {
	switch v {
	case dnssec.Secure:
		return stSecure
	case dnssec.Insecure:
		return stInsecure
	case dnssec.Bogus:
		return stBogus
	}
	return stIndeterminate
}

// dotQuote quotes s as a DOT string; "\n" in s becomes a centred line break.
func dotQuote(s string) string { return dotQuoteBreak(s, `\n`) }

// dotQuoteBreak quotes s as a DOT string with each "\n" turned into brk
// (`\n` centred, `\l` left-justified line break).
func dotQuoteBreak(s, brk string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	return `"` + strings.ReplaceAll(s, "\n", brk) + `"`
}

// short cuts s to n bytes for a label.
func short(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

// graph accumulates the nodes and edges of one drawing.
type graph struct {
	ids      map[string]string   // node key → node id
	order    []string            // node keys in the order added
	pending  [][3]string         // edges from a node key drawn later: from, to id, label
	clusters map[string]*cluster // canonical zone → cluster
	edges    []string
	n        int
}

type cluster struct {
	zone  string
	st    status
	note  string
	nodes []string
}

func newGraph() *graph {
	return &graph{ids: map[string]string{}, clusters: map[string]*cluster{}}
}

func zoneKey(z string) string { return strings.ToLower(dns.Fqdn(z)) }

// cluster returns the cluster of zone, creating it (indeterminate) if new.
func (g *graph) cluster(zone string) *cluster {
	k := zoneKey(zone)
	c, ok := g.clusters[k]
	if !ok {
		c = &cluster{zone: dns.Fqdn(zone), st: stIndeterminate}
		g.clusters[k] = c
	}
	return c
}

// node adds a node under key to zone's cluster ("" for none) once and
// returns its id; later calls with the same key return the first id.
func (g *graph) node(key, zone, label, shape string, st status, extra string) string {
	if id, ok := g.ids[key]; ok {
		return id
	}
	g.n++
	id := fmt.Sprintf("n%d", g.n)
	g.ids[key] = id
	g.order = append(g.order, key)
	s := styles[st]
	line := s.line
	if shape == "box" {
		line += ",rounded"
	}
	line = fmt.Sprintf("%s [label=%s shape=%s color=%q fontcolor=%q style=%q%s];", id, dotQuote(label), shape, s.color, s.color, line, extra)
	if zone == "" {
		g.edges = append(g.edges, line)
	} else {
		c := g.cluster(zone)
		c.nodes = append(c.nodes, line)
	}
	return id
}

func (g *graph) edge(from, to string, st status, label string) {
	s := styles[st]
	g.edges = append(g.edges, fmt.Sprintf("%s -> %s [color=%q fontcolor=%q style=%q label=%s];", from, to, s.color, s.color, s.line, dotQuote(label)))
}

func keyRole(k *dns.DNSKEY) string {
	switch {
	case k.Flags&dns.REVOKE != 0:
		return "revoked"
	case k.Flags&dns.SEP != 0:
		return "KSK"
	}
	return "ZSK"
}

func algName(alg uint8) string {
	if n, ok := dns.AlgorithmToString[alg]; ok {
		return n
	}
	return fmt.Sprint(alg)
}

func dnskeyKey(k *dns.DNSKEY) string {
	return fmt.Sprintf("DNSKEY|%s|%d|%d|%d|%s", zoneKey(k.Hdr.Name), k.Flags, k.Algorithm, k.KeyTag(), k.PublicKey)
}

func dsKey(d *dns.DS) string {
	return fmt.Sprintf("DS|%s|%d|%d|%d|%s", zoneKey(d.Hdr.Name), d.KeyTag, d.Algorithm, d.DigestType, strings.ToLower(d.Digest))
}

// dsZone is where a DS node is drawn: in the cluster of the parent that
// signed it when that zone is in the graph (as DNSViz does), else in the
// child's.
func (g *graph) dsZone(child string, anchored bool, res *dnssec.Result) string {
	if anchored {
		return child
	}
	for _, s := range res.RRsets {
		if len(s.RRset) > 0 && s.RRset[0].Header().Rrtype == dns.TypeDS && dnssec.EqualNames(s.RRset[0].Header().Name, child) {
			return s.Zone
		}
	}
	return child
}

// zone draws the DS and DNSKEY nodes of one zone and the DS → DNSKEY edges.
func (g *graph) zone(z dnssec.ZoneTrust, res *dnssec.Result) {
	c := g.cluster(z.Zone)
	c.st, c.note = statusOf(z.Verdict), z.Note
	matched := map[*dns.DNSKEY]bool{}
	for _, k := range z.Matched {
		matched[k] = true
	}
	usable := map[*dns.DS]bool{}
	for _, d := range z.UsableDS {
		usable[d] = true
	}
	for _, k := range z.DNSKEY {
		st := statusOf(z.Verdict)
		if z.Verdict == dnssec.Secure && (k.Flags&dns.ZONE == 0 || k.Flags&dns.REVOKE != 0) {
			st = stUnchecked
		}
		extra := ""
		if matched[k] {
			extra = " penwidth=2"
		}
		g.node(dnskeyKey(k), z.Zone, fmt.Sprintf("DNSKEY %s\ntag %d, alg %d (%s)", keyRole(k), k.KeyTag(), k.Algorithm, algName(k.Algorithm)), "ellipse", st, extra)
	}
	if z.DS == nil && z.AnchorKeys == nil {
		g.noDS(z, res)
		return
	}
	dsZone := g.dsZone(z.Zone, z.Anchored, res)
	for _, d := range z.DS {
		label := fmt.Sprintf("DS %s\ntag %d, alg %d, digest %d", d.Hdr.Name, d.KeyTag, d.Algorithm, d.DigestType)
		extra := ""
		if z.Anchored {
			label = "trust anchor\n" + label
			extra = " peripheries=2"
		}
		st := stSecure
		if !usable[d] {
			st = stInsecure
		}
		id := g.node(dsKey(d), dsZone, label, "box", st, extra)
		g.dsEdges(id, d.KeyTag, d.Algorithm, usable[d], z)
	}
	for _, a := range z.AnchorKeys {
		st := stSecure
		if !contains(z.UsableAnchorKeys, a) {
			st = stInsecure
		}
		id := g.node("anchor|"+dnskeyKey(a), z.Zone, fmt.Sprintf("trust anchor\nDNSKEY %s tag %d, alg %d (%s)", keyRole(a), a.KeyTag(), a.Algorithm, algName(a.Algorithm)), "box", st, " peripheries=2")
		g.dsEdges(id, a.KeyTag(), a.Algorithm, st == stSecure, z)
	}
}

// noDS draws a zone the walk stopped at without keys: an insecure
// delegation proven by an NSEC of the parent (linked when its owner is
// the zone), or a DS RRset that did not validate.
func (g *graph) noDS(z dnssec.ZoneTrust, res *dnssec.Result) {
	st := statusOf(z.Verdict)
	what := "no DS: unsigned delegation"
	if z.Verdict != dnssec.Insecure {
		what = "DS RRset " + z.Verdict.String()
	}
	id := g.node("nods|"+zoneKey(z.Zone), z.Zone, fmt.Sprintf("%s\n%s", z.Zone, what), "box", st, "")
	for _, s := range res.RRsets {
		if len(s.RRset) == 0 || s.Verdict != dnssec.Secure || !dnssec.EqualNames(s.RRset[0].Header().Name, z.Zone) {
			continue
		}
		switch s.RRset[0].Header().Rrtype {
		case dns.TypeNSEC:
			g.pending = append(g.pending, [3]string{rrsetKey(s.RRset), id, "no DS"})
		case dns.TypeDS:
			for _, rr := range s.RRset {
				if d, ok := rr.(*dns.DS); ok {
					g.pending = append(g.pending, [3]string{dsKey(d), id, ""})
				}
			}
		}
	}
}

// dsEdges links a DS (or DNSKEY anchor) node to the DNSKEYs of z with its
// tag and algorithm: secure when it authenticated one, insecure when its
// algorithm or digest is unsupported, bogus when its digest differs; a
// DS pointing at no DNSKEY gets a "missing DNSKEY" node.
func (g *graph) dsEdges(from string, tag uint16, alg uint8, usable bool, z dnssec.ZoneTrust) {
	found := false
	for _, k := range z.DNSKEY {
		if k.KeyTag() != tag || k.Algorithm != alg {
			continue
		}
		found = true
		st := stBogus
		switch {
		case !usable:
			st = stInsecure
		case contains(z.Matched, k):
			st = stSecure
		}
		g.edge(from, g.ids[dnskeyKey(k)], st, "")
	}
	if found || z.DNSKEY == nil && !usable {
		return
	}
	st, what := stBogus, "missing"
	if z.DNSKEY == nil {
		st, what = statusOf(z.Verdict), "not obtained"
	}
	id := g.node(fmt.Sprintf("missing|%s|%d|%d", zoneKey(z.Zone), tag, alg), z.Zone, fmt.Sprintf("DNSKEY tag %d, alg %d\n%s", tag, alg, what), "ellipse", st, "")
	g.edge(from, id, st, "")
}

func contains(ks []*dns.DNSKEY, k *dns.DNSKEY) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func rrsetKey(set []dns.RR) string {
	h := set[0].Header()
	return fmt.Sprintf("RRset|%s|%d|%s", zoneKey(h.Name), h.Rrtype, set[0].String())
}

// rrsetLabel names an RRset node: owner and type, with the first record's
// data (the next name and types of an NSEC or NSEC3).
func rrsetLabel(set []dns.RR) string {
	h := set[0].Header()
	head := fmt.Sprintf("%s %s", short(h.Name, 64), dns.Type(h.Rrtype))
	data := strings.Join(strings.Fields(strings.TrimPrefix(set[0].String(), set[0].Header().String())), " ")
	if len(set) > 1 {
		data += fmt.Sprintf(" (+%d)", len(set)-1)
	}
	return head + "\n" + short(data, 48)
}

// rrset draws one authenticated (or not) RRset and its RRSIG edges. DS
// and DNSKEY RRsets are drawn by zone; their RRSIGs end at their RRs.
func (g *graph) rrset(s dnssec.SignedRRset, answer map[string]bool) {
	if len(s.RRset) == 0 {
		return
	}
	h := s.RRset[0].Header()
	var targets []string
	switch h.Rrtype {
	case dns.TypeDNSKEY:
		for _, rr := range s.RRset {
			if k, ok := rr.(*dns.DNSKEY); ok {
				if id, ok := g.ids[dnskeyKey(k)]; ok {
					targets = append(targets, id)
				}
			}
		}
	case dns.TypeDS:
		for _, rr := range s.RRset {
			if d, ok := rr.(*dns.DS); ok {
				targets = append(targets, g.node(dsKey(d), s.Zone, fmt.Sprintf("DS %s\ntag %d, alg %d, digest %d", d.Hdr.Name, d.KeyTag, d.Algorithm, d.DigestType), "box", statusOf(s.Verdict), ""))
			}
		}
	default:
		key := rrsetKey(s.RRset)
		shape, extra := "box", ""
		if h.Rrtype == dns.TypeNSEC || h.Rrtype == dns.TypeNSEC3 {
			shape = "rect"
		}
		if answer[zoneKey(h.Name)+"|"+dns.Type(h.Rrtype).String()] {
			extra += " peripheries=2"
		}
		targets = append(targets, g.node(key, s.Zone, rrsetLabel(s.RRset), shape, statusOf(s.Verdict), extra))
	}
	if len(s.RRSIGs) == 0 {
		id := g.node("nosig|"+zoneKey(s.Zone), s.Zone, "no RRSIG", "plaintext", stBogus, "")
		for _, t := range targets {
			g.edge(id, t, stBogus, "")
		}
		return
	}
	for _, sig := range s.RRSIGs {
		st := stBogus
		switch {
		case sig == s.Verified:
			st = stSecure
		case s.Verified != nil:
			st = stUnchecked
		}
		from := g.signer(s.Zone, sig, st)
		for _, t := range targets {
			g.edge(from, t, st, fmt.Sprintf("RRSIG %d", sig.KeyTag))
		}
	}
}

// signer returns the DNSKEY node that an RRSIG names, or a "missing" node.
func (g *graph) signer(zone string, sig *dns.RRSIG, st status) string {
	for _, key := range g.order {
		id := g.ids[key]
		if strings.HasPrefix(key, "DNSKEY|"+zoneKey(sig.SignerName)+"|") {
			parts := strings.SplitN(key, "|", 6)
			if parts[3] == fmt.Sprint(sig.Algorithm) && parts[4] == fmt.Sprint(sig.KeyTag) {
				return id
			}
		}
	}
	if st != stBogus {
		st = stIndeterminate
	}
	return g.node(fmt.Sprintf("missing|%s|%d|%d", zoneKey(sig.SignerName), sig.KeyTag, sig.Algorithm), zone,
		fmt.Sprintf("DNSKEY %s tag %d, alg %d\nnot trusted", sig.SignerName, sig.KeyTag, sig.Algorithm), "ellipse", st, "")
}

// writeDOT writes the chain of trust of res as a DOT digraph.
func writeDOT(w io.Writer, res *dnssec.Result) error {
	g := newGraph()
	for _, z := range res.Zones {
		g.zone(z, res)
	}
	answer := map[string]bool{zoneKey(res.Name) + "|" + res.Type: true}
	for _, rr := range res.Answer {
		answer[zoneKey(rr.Header().Name)+"|"+dns.Type(rr.Header().Rrtype).String()] = true
	}
	for _, s := range res.RRsets {
		g.rrset(s, answer)
	}
	for _, p := range g.pending {
		if from, ok := g.ids[p[0]]; ok {
			st := stSecure
			if p[2] == "" {
				st = stBogus
			}
			g.edge(from, p[1], st, p[2])
		}
	}
	g.answer(res, answer)
	var b bytes.Buffer
	ede := ""
	if res.EDE != dnssec.EDENone {
		ede = fmt.Sprintf(", EDE %d", res.EDE)
	}
	title := fmt.Sprintf("%s %s: %s (rcode %s%s)", res.Name, res.Type, res.Verdict, rcodeName(res.Rcode), ede)
	if res.Verdict != dnssec.Secure && len(res.Findings) > 0 {
		title += "\n" + short(res.Findings[0].Error(), 120) // what decided the verdict
	}
	fmt.Fprintf(&b, "digraph chain {\n\tgraph [label=%s labelloc=t fontname=\"Helvetica\" fontsize=14 rankdir=TB nodesep=0.3 ranksep=0.5 compound=true];\n",
		dotQuote(title))
	b.WriteString("\tnode [fontname=\"Helvetica\" fontsize=10];\n\tedge [fontname=\"Helvetica\" fontsize=9 arrowsize=0.7];\n")
	keys := make([]string, 0, len(g.clusters))
	for k := range g.clusters {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ci, cj := dns.CountLabel(keys[i]), dns.CountLabel(keys[j])
		return ci < cj || ci == cj && keys[i] < keys[j]
	})
	for i, k := range keys {
		c := g.clusters[k]
		s := styles[c.st]
		label := fmt.Sprintf("%s (%s)", c.zone, s.name)
		if c.note != "" {
			label += "\n" + short(c.note, 70)
		}
		left := dotQuoteBreak(label+"\n", `\l`) // \l: left-justified lines
		fmt.Fprintf(&b, "\tsubgraph cluster_%d {\n\t\tlabel=%s; labeljust=l; color=%q; fontcolor=%q; style=%q; penwidth=1.5;\n", i, left, s.color, s.color, s.line)
		for _, n := range c.nodes {
			fmt.Fprintf(&b, "\t\t%s\n", n)
		}
		b.WriteString("\t}\n")
	}
	for _, e := range g.edges {
		fmt.Fprintf(&b, "\t%s\n", e)
	}
	writeLegend(&b)
	b.WriteString("}\n")
	_, err := w.Write(b.Bytes())
	return err
}

func rcodeName(rc int) string {
	if s, ok := dns.RcodeToString[rc]; ok {
		return s
	}
	return fmt.Sprint(rc)
}

// answer draws the result: nothing more when a secure answer RRset is
// drawn already; otherwise a node with the verdict (and what decided it),
// linked from the answer RRsets drawn, else from the denial RRs of the
// answer's zone, else from that zone's keys or missing DS.
func (g *graph) answer(res *dnssec.Result, drawn map[string]bool) {
	st := statusOf(res.Verdict)
	var from []string
	for _, s := range res.RRsets {
		if len(s.RRset) == 0 {
			continue
		}
		h := s.RRset[0].Header()
		if h.Rrtype != dns.TypeNSEC && h.Rrtype != dns.TypeNSEC3 && drawn[zoneKey(h.Name)+"|"+dns.Type(h.Rrtype).String()] {
			if id, ok := g.ids[rrsetKey(s.RRset)]; ok && !slices.Contains(from, id) {
				from = append(from, id)
			}
		}
	}
	if res.Verdict == dnssec.Secure && len(from) > 0 {
		return // the answer RRsets are drawn, with their RRSIGs and status
	}
	label := fmt.Sprintf("answer %s %s\n%s", short(res.Name, 40), res.Type, res.Verdict)
	if len(res.Answer) > 0 {
		label = fmt.Sprintf("answer %s\n%s", short(strings.Join(strings.Fields(res.Answer[0].String()), " "), 60), res.Verdict)
	}
	if n := len(res.Chain); n > 0 && res.Chain[n-1].Verdict == res.Verdict && res.Verdict != dnssec.Secure {
		label += ": " + short(res.Chain[n-1].Note, 60)
	}
	zone := ""
	for _, z := range res.Zones {
		if dnssec.IsAtOrBelow(res.Name, z.Zone) && (zone == "" || dns.CountLabel(z.Zone) > dns.CountLabel(zone)) {
			zone = z.Zone
		}
	}
	id := g.node("answer", zone, label, "box", st, " peripheries=2")
	if zone == "" {
		return
	}
	for _, s := range res.RRsets {
		if len(s.RRset) == 0 || !dnssec.EqualNames(s.Zone, zone) {
			continue
		}
		if t := s.RRset[0].Header().Rrtype; t == dns.TypeNSEC || t == dns.TypeNSEC3 {
			if f, ok := g.ids[rrsetKey(s.RRset)]; ok {
				g.edge(f, id, st, "denial")
			}
		}
	}
	for _, f := range from {
		g.edge(f, id, st, "")
	}
	if len(from) > 0 {
		return
	}
	for _, key := range g.order {
		if strings.HasPrefix(key, "DNSKEY|"+zoneKey(zone)+"|") || strings.HasPrefix(key, "anchor|DNSKEY|"+zoneKey(zone)+"|") || key == "nods|"+zoneKey(zone) {
			g.edge(g.ids[key], id, st, "")
			return
		}
	}
}

// legendCell is the sample line of a status in the legend: the bottom
// border of an empty table cell, so that it is a real line in every SVG
// viewer, not a glyph the viewer's font may lack.
func legendCell(st status) string {
	s := styles[st]
	border, style := 2, ""
	switch s.line {
	case "bold":
		border = 3
	case "dashed", "dotted":
		style = fmt.Sprintf(" style=%q", s.line)
	}
	return fmt.Sprintf("<td sides=\"b\" border=\"%d\" color=%q%s width=\"40\" height=\"6\"></td>", border, s.color, style)
}

// writeLegend draws the legend: one line per status and the node marks.
func writeLegend(b *bytes.Buffer) {
	b.WriteString("\tsubgraph cluster_legend {\n\t\tlabel=\"legend\"; color=\"#bbbbbb\"; fontcolor=\"#555555\"; style=solid; penwidth=1;\n")
	b.WriteString("\t\tlegend [shape=plaintext label=<<table border=\"0\" cellspacing=\"4\" cellpadding=\"0\">")
	for _, st := range []status{stSecure, stInsecure, stBogus, stIndeterminate, stUnchecked} {
		s := styles[st]
		fmt.Fprintf(b, "<tr>%s<td align=\"left\"><font color=%q>%s</font></td></tr>", legendCell(st), s.color, s.name)
	}
	b.WriteString("<tr><td colspan=\"2\" align=\"left\"><font color=\"#555555\">KSK, ZSK: role of a DNSKEY<br align=\"left\"/>bold outline: key a DS or anchor authenticates<br align=\"left\"/>double outline: trust anchor, answer<br align=\"left\"/>edge label RRSIG N: signature by key tag N<br align=\"left\"/></font></td></tr>")
	b.WriteString("</table>>];\n\t}\n")
}

// writeGraph writes the graph of res to path: SVG when path ends in .svg
// (rendered by Graphviz's dot, which must be on PATH), DOT text otherwise.
func writeGraph(path string, res *dnssec.Result) error {
	var dot bytes.Buffer
	if err := writeDOT(&dot, res); err != nil {
		return err
	}
	if !strings.EqualFold(strings.TrimPrefix(pathExt(path), "."), "svg") {
		return os.WriteFile(path, dot.Bytes(), 0o644)
	}
	bin, err := exec.LookPath("dot")
	if err != nil {
		return fmt.Errorf("-graph %s: Graphviz dot is not on PATH (install graphviz, or write a .dot file)", path)
	}
	svg, err := renderSVG(bin, dot.Bytes())
	if err != nil {
		return fmt.Errorf("-graph %s: %w", path, err)
	}
	return os.WriteFile(path, svg, 0o644)
}

func pathExt(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 && !strings.ContainsRune(p[i:], '/') {
		return p[i:]
	}
	return ""
}

// renderSVG runs dot -Tsvg on src, within 30 s.
func renderSVG(bin string, src []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-Tsvg")
	cmd.Stdin = bytes.NewReader(src)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if len(msg) > 200 {
			msg = msg[:200]
		}
		return nil, errors.New("dot -Tsvg: " + err.Error() + ": " + msg)
	}
	return out.Bytes(), nil
}
