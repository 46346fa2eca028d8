// Command validate validates one DNS answer with package dnssec and prints
// the verdict, the RFC 8914 Extended DNS Error (code and name) and the
// chain of trust it walked.
//
//	validate [-anchor FILE] [-server ADDR] [-chain FILE] [-now TIME] [-nsec3-iterations N] [-allow-deprecated-algorithms] [-graph FILE] [-q] [-json] NAME [TYPE]
//
// -anchor takes DS or DNSKEY RRs in zone-file syntax, or an IANA
// root-anchors.xml (RFC 9718); the default is /usr/share/dns/root.key. It
// is read within trustanchor.MaxDocumentSize and an empty anchor set is
// refused (RFC 4033 §6).
// With -server every query goes to that one server (a recursive resolver,
// or an authoritative server holding the whole test hierarchy), as with
// "delv @server"; ADDR is an IP address or host name with an optional port
// (1–65535). Without it, the first nameserver of /etc/resolv.conf. When
// the server does not answer the question, the report says "no answer"
// (the verdict is indeterminate) rather than an rcode.
// With -chain the answer is validated offline from the RRs of FILE
// (zone-file syntax, at most dnssec.MaxChainBytes) and nothing is sent on
// the network. "-" reads -anchor or -chain (one of them) from standard
// input.
// -nsec3-iterations sets the largest NSEC3 iteration count a denial may use
// (default 50, as BIND; Unbound allows 150); above it the answer is
// insecure with EDE 27 (RFC 9276 §3.2).
// -graph FILE writes the chain of trust walked as a graph in the manner of
// DNSViz (zones, DS, DNSKEYs, RRSIGs, answer and denial, each styled by
// status): SVG when FILE ends in .svg (Graphviz's dot must be on PATH),
// Graphviz DOT otherwise.
//
// The operator contract is package examples/internal/cli's: flags anywhere
// (and "--"), -now as RFC 3339, YYYY-MM-DD or YYYYMMDDhhmmss, one-line
// errors naming the path given, camelCase JSON ("ede" and "edeName" absent
// when no Extended DNS Error applies, "rcode" absent when nothing answered,
// lists never null).
// Exit status: 0 secure or insecure, 1 bogus or indeterminate, 2 usage,
// I/O error or input that cannot be parsed.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/dnssec"
	"github.com/ssrkit/ssr/examples/internal/cli"
	"github.com/ssrkit/ssr/examples/internal/inputerr"
	"github.com/ssrkit/ssr/trustanchor"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// output is the report; its JSON members are camelCase.
type output struct {
	Name     string        `json:"name"`
	Type     string        `json:"type"`
	Verdict  string        `json:"verdict"`
	EDE      *int          `json:"ede,omitempty"`     // RFC 8914 info code; absent when none applies
	EDEName  string        `json:"edeName,omitempty"` // its name (RFC 8914 §5.2 registry)
	Rcode    string        `json:"rcode,omitempty"`   // absent when the server did not answer
	Answered bool          `json:"answered"`          // a response to the question arrived (always with -chain)
	Answer   []string      `json:"answer"`
	Chain    []dnssec.Step `json:"chain"`
	Errors   []string      `json:"errors"`
}

// options are the command line.
type options struct {
	anchor, server, chain, graph string
	now                          time.Time
	json, quiet, deprecated      bool
	nsec3Iter                    int
	stdin                        io.Reader
}

// defaultAnchor is Debian's dns-root-data root key.
const defaultAnchor = "/usr/share/dns/root.key"

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := cli.New("validate", stdout, stderr)
	c.Synopsis = []string{"[-anchor FILE] [-server ADDR] [-chain FILE] [-now TIME] [-nsec3-iterations N] [-allow-deprecated-algorithms] [-graph FILE] [-q] [-json] NAME [TYPE]"}
	c.About = fmt.Sprintf("Validates one DNS answer (TYPE defaults to A) and prints the verdict, the Extended DNS Error and the chain\n"+
		"of trust. -anchor is read within %d bytes (trustanchor.MaxDocumentSize), -chain within %d\n"+
		"(dnssec.MaxChainBytes); one of them may be \"-\" (standard input). Progress goes to stderr (-q: none).",
		trustanchor.MaxDocumentSize, dnssec.MaxChainBytes)
	c.Examples = []string{
		"validate -server 127.0.0.1:5353 -anchor root-anchors.xml www.example.com AAAA",
		"validate -anchor example.ds -chain answer.chain -now 2026-06-01 -graph chain.svg www.example. A",
		"validate -chain answer.chain -anchor ksk.key -now 20100101000000 -allow-deprecated-algorithms -nsec3-iterations 150 -json ns1.example. MX",
		"validate -q -server 192.0.2.53 example.org",
	}
	fs := c.Flags
	o := options{stdin: stdin}
	fs.StringVar(&o.anchor, "anchor", defaultAnchor, "trust anchors `FILE`: DS/DNSKEY zone lines or root-anchors.xml; - for standard input")
	fs.StringVar(&o.server, "server", "", "send every query to this server `ADDR` (IP address or host name, optional :PORT, default port 53)")
	fs.StringVar(&o.chain, "chain", "", "validate offline from the RRs in this `FILE`; - for standard input")
	now := c.Time("now", "validation time (default: the current time)")
	fs.BoolVar(&o.json, "json", false, "print the result as JSON")
	fs.BoolVar(&o.quiet, "q", false, "no progress line on stderr")
	fs.StringVar(&o.graph, "graph", "", "write the chain of trust walked as a graph to `FILE`: SVG if it ends in .svg (needs Graphviz dot), else DOT")
	fs.BoolVar(&o.deprecated, "allow-deprecated-algorithms", false, "accept RSASHA1 (5, 7) and RSA keys under 1024 bits")
	fs.IntVar(&o.nsec3Iter, "nsec3-iterations", dnssec.MaxNSEC3Iterations,
		fmt.Sprintf("largest NSEC3 iteration count `N` a denial proof may use; above it the answer is insecure, EDE 27 (RFC 9276 §3.2). 1–%d; BIND uses 50, Unbound 150", dnssec.MaxNSEC3HashIterations))
	pos, code, ok := c.Parse(args)
	if !ok {
		return code
	}
	if len(pos) < 1 {
		return c.Usagef("NAME is required")
	}
	if len(pos) > 2 {
		return c.Usagef("unexpected argument %q", pos[2])
	}
	if o.nsec3Iter < 1 || o.nsec3Iter > dnssec.MaxNSEC3HashIterations {
		return c.Usagef("-nsec3-iterations %d: want 1–%d", o.nsec3Iter, dnssec.MaxNSEC3HashIterations)
	}
	if o.anchor == "-" && o.chain == "-" {
		return c.Usagef("only one of -anchor and -chain can be \"-\" (standard input)")
	}
	if _, ok := dns.IsDomainName(pos[0]); !ok {
		return c.Usagef("%q is not a domain name", pos[0])
	}
	name := dns.Fqdn(pos[0])
	qtype := dns.TypeA
	if len(pos) == 2 {
		t, ok := dns.StringToType[strings.ToUpper(pos[1])]
		if !ok {
			return c.Usagef("unknown type %q", pos[1])
		}
		qtype = t
	}
	if o.chain == "" {
		if _, err := serverAddr(o.server); err != nil && o.server != "" {
			return c.Usagef("-server: %v", err)
		}
	}
	o.now = time.Now()
	if !now.IsZero() {
		o.now = *now
	}
	return validate(c, o, name, qtype)
}

// inputError is an input that cannot be read or parsed: exit 2, one line
// naming the path.
type inputError = inputerr.Error

func validate(c *cli.Command, o options, name string, qtype uint16) int {
	b, err := cli.ReadFile(o.anchor, cli.ReadOptions{Max: trustanchor.MaxDocumentSize, MaxName: "trustanchor.MaxDocumentSize", Text: true, Stdin: o.stdin})
	if err != nil {
		return c.Fail(cli.ExitUsage, err)
	}
	anchors, err := parseAnchors(b, o.now)
	if err != nil {
		return c.Fail(cli.ExitUsage, &inputError{Path: o.anchor, Err: inputerr.Anonymous(err)})
	}
	cfg := dnssec.Config{Anchors: anchors, Now: func() time.Time { return o.now }, AllowDeprecatedAlgorithms: o.deprecated,
		MaxNSEC3Iterations: o.nsec3Iter}
	var res *dnssec.Result
	answered := true
	if o.chain != "" {
		b, err := cli.ReadFile(o.chain, cli.ReadOptions{Max: dnssec.MaxChainBytes, MaxName: "dnssec.MaxChainBytes", Text: true, Stdin: o.stdin})
		if err != nil {
			return c.Fail(cli.ExitUsage, err)
		}
		chain, err := dnssec.ReadChain(bytes.NewReader(b))
		if err != nil {
			return c.Fail(cli.ExitUsage, &inputError{Path: o.chain, Err: errors.New(strings.TrimPrefix(err.Error(), "dnssec: "))})
		}
		v, err := dnssec.NewValidator(&cfg)
		if err != nil {
			return c.Fail(cli.ExitUsage, err)
		}
		res = v.ValidateChain(chain, name, qtype)
	} else {
		addr, err := serverAddr(o.server)
		if err != nil {
			return c.Fail(cli.ExitUsage, err)
		}
		ex := &watcher{Exchanger: &dnssec.Client{Server: addr}, name: name, qtype: qtype}
		cfg.Exchanger = ex
		v, err := dnssec.NewValidator(&cfg)
		if err != nil {
			return c.Fail(cli.ExitUsage, err)
		}
		if !o.quiet {
			c.Printf("%s %s via %s", name, dns.Type(qtype), addr)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		res = v.Validate(ctx, name, qtype)
		cancel()
		answered = ex.answered()
	}
	if o.graph != "" {
		if err := writeGraph(o.graph, res); err != nil {
			return c.Fail(cli.ExitUsage, err)
		}
	}
	out := report(res, answered)
	var buf bytes.Buffer
	if o.json {
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.Encode(out)
	} else {
		printText(&buf, out)
	}
	if _, err := c.Stdout.Write(buf.Bytes()); err != nil {
		return c.Fail(cli.ExitUsage, fmt.Errorf("standard output: %v", err))
	}
	switch res.Verdict {
	case dnssec.Secure, dnssec.Insecure:
		return cli.ExitOK
	}
	return cli.ExitFindings
}

// report renders a result; answered is false when no response to the
// question arrived, so its rcode means nothing.
func report(res *dnssec.Result, answered bool) output {
	out := output{Name: res.Name, Type: res.Type, Verdict: res.Verdict.String(), Answered: answered,
		Chain: res.Chain, Answer: []string{}, Errors: []string{}}
	if out.Chain == nil {
		out.Chain = []dnssec.Step{}
	}
	if code, ok := res.ExtendedError(); ok {
		ede := int(code)
		out.EDE, out.EDEName = &ede, edeName(code)
	}
	if answered {
		out.Rcode = dns.RcodeToString[res.Rcode]
	}
	for _, rr := range res.Answer {
		out.Answer = append(out.Answer, rr.String())
	}
	for _, e := range res.Findings {
		out.Errors = append(out.Errors, e.Error())
	}
	return out
}

// edeName is the RFC 8914 §5.2 registry name of an info code.
func edeName(code uint16) string {
	if s, ok := dns.ExtendedErrorCodeToString[code]; ok {
		return s
	}
	return "unassigned"
}

// watcher is an Exchanger that notes whether a response to the question
// itself (name and type, any case) arrived.
type watcher struct {
	dnssec.Exchanger
	name  string
	qtype uint16
	mu    sync.Mutex
	got   bool
}

func (w *watcher) Exchange(ctx context.Context, m *dns.Msg) (*dns.Msg, error) {
	r, err := w.Exchanger.Exchange(ctx, m)
	if err == nil && r != nil && len(m.Question) == 1 && m.Question[0].Qtype == w.qtype && strings.EqualFold(m.Question[0].Name, w.name) {
		w.mu.Lock()
		w.got = true
		w.mu.Unlock()
	}
	return r, err
}

func (w *watcher) answered() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.got
}

func printText(w io.Writer, o output) {
	ede := "none"
	if o.EDE != nil {
		ede = fmt.Sprintf("%d %s", *o.EDE, o.EDEName)
	}
	rcode := "rcode " + o.Rcode
	if !o.Answered {
		rcode = "no answer: the server did not respond (timeout or unreachable)"
	}
	fmt.Fprintf(w, "%s %s: %s (EDE %s, %s)\n", o.Name, o.Type, o.Verdict, ede, rcode)
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

// parseAnchors parses DS/DNSKEY zone lines or an IANA root-anchors.xml
// (the anchors valid at now, RFC 9718 §4). An empty anchor set is refused
// (RFC 4033 §6: validation starts from a configured anchor).
func parseAnchors(b []byte, now time.Time) ([]dns.RR, error) {
	if bytes.Contains(b[:min(len(b), 512)], []byte("<TrustAnchor")) {
		doc, err := trustanchor.ParseXML(b)
		if err != nil {
			return nil, err
		}
		rrs := doc.Anchors(now, nil).RRs()
		if len(rrs) == 0 {
			return nil, fmt.Errorf("no trust anchor valid at %s: an empty anchor set is refused (RFC 4033 §6)", now.Format(time.RFC3339))
		}
		return rrs, nil
	}
	rrs, err := trustanchor.ReadZoneLines(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	var out []dns.RR
	for _, rr := range rrs {
		switch rr.(type) {
		case *dns.DS, *dns.DNSKEY:
			out = append(out, rr)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no DS or DNSKEY record: an empty anchor set is refused (RFC 4033 §6)")
	}
	return out, nil
}

// serverAddr checks -server and returns host:port: an IP address (IPv6
// with or without brackets) or a host name (RFC 1123 §2.1 letters, digits,
// hyphens and dots), with an optional port 1–65535 (default 53). Without
// -server it is the first nameserver of /etc/resolv.conf.
func serverAddr(s string) (string, error) {
	if s == "" {
		cc, err := dns.ClientConfigFromFile("/etc/resolv.conf")
		if err != nil || len(cc.Servers) == 0 {
			return "", fmt.Errorf("no -server and no nameserver in /etc/resolv.conf")
		}
		return net.JoinHostPort(cc.Servers[0], cc.Port), nil
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		host, port = strings.Trim(s, "[]"), "53"
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("%q: the port must be a number from 1 to 65535", s)
	}
	if net.ParseIP(host) == nil && !hostName(host) {
		return "", fmt.Errorf("%q is not an IP address or host name (RFC 1123 §2.1)", s)
	}
	return net.JoinHostPort(host, port), nil
}

// hostName reports whether s is a host name: labels of letters, digits
// and inner hyphens, 1–63 bytes each, 253 in all (RFC 1123 §2.1).
func hostName(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 253 {
		return false
	}
	for _, l := range strings.Split(s, ".") {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}
