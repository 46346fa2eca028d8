// Command validate validates one DNS answer with package dnssec and prints
// the verdict, the RFC 8914 Extended DNS Error code and the chain of trust
// it walked.
//
//	validate [-anchor FILE] [-server ADDR] [-chain FILE] [-now RFC3339] [-nsec3-iterations N] [-graph FILE] [-json] NAME [TYPE]
//
// -anchor takes DS or DNSKEY RRs in zone-file syntax, or an IANA
// root-anchors.xml (RFC 9718); the default is /usr/share/dns/root.key.
// With -server every query goes to that one server (a recursive resolver,
// or an authoritative server holding the whole test hierarchy), as with
// "delv @server"; without it, the first nameserver of /etc/resolv.conf.
// With -chain the answer is validated offline from the RRs of FILE
// (zone-file syntax) and nothing is sent on the network.
// -nsec3-iterations sets the largest NSEC3 iteration count a denial may use
// (default 50, as BIND; Unbound allows 150); above it the answer is
// insecure with EDE 27 (RFC 9276 §3.2).
// -graph FILE writes the chain of trust walked as a graph in the manner of
// DNSViz (zones, DS, DNSKEYs, RRSIGs, answer and denial, each styled by
// status): SVG when FILE ends in .svg (Graphviz's dot must be on PATH),
// Graphviz DOT otherwise.
//
// Exit status: 0 secure or insecure, 1 bogus or indeterminate, 2 usage or
// I/O error.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/dnssec"
	"github.com/ssrkit/ssr/trustanchor"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type output struct {
	Name    string        `json:"name"`
	Type    string        `json:"type"`
	Verdict string        `json:"verdict"`
	EDE     int           `json:"ede"`
	Rcode   string        `json:"rcode"`
	Answer  []string      `json:"answer"`
	Chain   []dnssec.Step `json:"chain"`
	Errors  []string      `json:"errors"`
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	anchorFile := fs.String("anchor", "/usr/share/dns/root.key", "trust anchors: DS/DNSKEY zone lines or root-anchors.xml")
	server := fs.String("server", "", "send every query to this server (host or host:port)")
	chainFile := fs.String("chain", "", "validate offline from the RRs in this file")
	nowFlag := fs.String("now", "", "validation time, RFC 3339 (default: now)")
	jsonOut := fs.Bool("json", false, "print the result as JSON")
	graphFile := fs.String("graph", "", "write the chain of trust walked as a graph: SVG if FILE ends in .svg (needs Graphviz dot), else DOT")
	deprecated := fs.Bool("allow-deprecated-algorithms", false, "accept RSASHA1 (5, 7) and RSA keys under 1024 bits")
	nsec3Iter := fs.Int("nsec3-iterations", dnssec.MaxNSEC3Iterations,
		fmt.Sprintf("largest NSEC3 iteration count a denial proof may use; above it the answer is insecure, EDE 27 (RFC 9276 §3.2). 1–%d; BIND uses 50, Unbound 150", dnssec.MaxNSEC3HashIterations))
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: validate [-anchor FILE] [-server ADDR] [-chain FILE] [-now RFC3339] [-nsec3-iterations N] [-graph FILE] [-json] NAME [TYPE]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		fs.Usage()
		return 2
	}
	if *nsec3Iter < 1 || *nsec3Iter > dnssec.MaxNSEC3HashIterations {
		fmt.Fprintf(stderr, "validate: -nsec3-iterations %d: want 1–%d\n", *nsec3Iter, dnssec.MaxNSEC3HashIterations)
		return 2
	}
	name := dns.Fqdn(fs.Arg(0))
	qtype := dns.TypeA
	if fs.NArg() == 2 {
		t, ok := dns.StringToType[strings.ToUpper(fs.Arg(1))]
		if !ok {
			fmt.Fprintf(stderr, "validate: unknown type %q\n", fs.Arg(1))
			return 2
		}
		qtype = t
	}
	now := time.Now()
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			fmt.Fprintf(stderr, "validate: -now: %v\n", err)
			return 2
		}
		now = t
	}
	anchors, err := readAnchors(*anchorFile, now)
	if err != nil {
		fmt.Fprintf(stderr, "validate: %v\n", err)
		return 2
	}
	cfg := dnssec.Config{Anchors: anchors, Now: func() time.Time { return now }, AllowDeprecatedAlgorithms: *deprecated,
		MaxNSEC3Iterations: *nsec3Iter}
	var res *dnssec.Result
	if *chainFile != "" {
		f, err := os.Open(*chainFile)
		if err != nil {
			fmt.Fprintf(stderr, "validate: %v\n", err)
			return 2
		}
		chain, err := dnssec.ReadChain(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "validate: %s: %v\n", *chainFile, err)
			return 2
		}
		v, err := dnssec.NewValidator(cfg)
		if err != nil {
			fmt.Fprintf(stderr, "validate: %v\n", err)
			return 2
		}
		res = v.ValidateChain(chain, name, qtype)
	} else {
		addr, err := serverAddr(*server)
		if err != nil {
			fmt.Fprintf(stderr, "validate: %v\n", err)
			return 2
		}
		cfg.Exchanger = &dnssec.Client{Server: addr}
		v, err := dnssec.NewValidator(cfg)
		if err != nil {
			fmt.Fprintf(stderr, "validate: %v\n", err)
			return 2
		}
		fmt.Fprintf(stderr, "validate: %s %s via %s\n", name, dns.Type(qtype), addr)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		res = v.Validate(ctx, name, qtype)
		cancel()
	}
	if *graphFile != "" {
		if err := writeGraph(*graphFile, res); err != nil {
			fmt.Fprintf(stderr, "validate: %v\n", err)
			return 2
		}
	}
	out := output{Name: res.Name, Type: res.Type, Verdict: res.Verdict.String(), EDE: res.EDE,
		Rcode: dns.RcodeToString[res.Rcode], Chain: res.Chain, Answer: []string{}, Errors: []string{}}
	for _, rr := range res.Answer {
		out.Answer = append(out.Answer, rr.String())
	}
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, e.Error())
	}
	if *jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return 2
		}
	} else {
		printText(stdout, out)
	}
	switch res.Verdict {
	case dnssec.Secure, dnssec.Insecure:
		return 0
	}
	return 1
}

func printText(w io.Writer, o output) {
	ede := "none"
	if o.EDE != dnssec.EDENone {
		ede = fmt.Sprint(o.EDE)
	}
	fmt.Fprintf(w, "%s %s: %s (EDE %s, rcode %s)\n", o.Name, o.Type, o.Verdict, ede, o.Rcode)
	for _, s := range o.Chain {
		fmt.Fprintf(w, "  chain %-24s %-13s %s", s.Zone, s.Verdict, s.Note)
		if len(s.DS) > 0 {
			fmt.Fprintf(w, " [%s]", strings.Join(s.DS, ", "))
		}
		if len(s.Keys) > 0 {
			fmt.Fprintf(w, " keys %v", s.Keys)
		}
		fmt.Fprintln(w)
	}
	for _, a := range o.Answer {
		fmt.Fprintf(w, "  answer %s\n", a)
	}
	for _, e := range o.Errors {
		fmt.Fprintf(w, "  error %s\n", e)
	}
}

// readAnchors reads DS/DNSKEY zone lines or an IANA root-anchors.xml.
func readAnchors(path string, now time.Time) ([]dns.RR, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if bytes.Contains(b[:min(len(b), 512)], []byte("<TrustAnchor")) {
		doc, err := trustanchor.ParseXML(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		rrs := doc.Anchors(now, trustanchor.Policy{}).RRs()
		if len(rrs) == 0 {
			return nil, fmt.Errorf("%s: no trust anchor valid at %s", path, now.Format(time.RFC3339))
		}
		return rrs, nil
	}
	rrs, err := trustanchor.ReadZoneLines(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []dns.RR
	for _, rr := range rrs {
		switch rr.(type) {
		case *dns.DS, *dns.DNSKEY:
			out = append(out, rr)
		}
	}
	if len(out) == 0 {
		return nil, errors.New(path + ": no DS or DNSKEY records")
	}
	return out, nil
}

func serverAddr(s string) (string, error) {
	if s == "" {
		cc, err := dns.ClientConfigFromFile("/etc/resolv.conf")
		if err != nil || len(cc.Servers) == 0 {
			return "", fmt.Errorf("no -server and no nameserver in /etc/resolv.conf")
		}
		return net.JoinHostPort(cc.Servers[0], cc.Port), nil
	}
	if _, _, err := net.SplitHostPort(s); err != nil {
		return net.JoinHostPort(strings.Trim(s, "[]"), "53"), nil
	}
	return s, nil
}
