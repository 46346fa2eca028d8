// Command rsepcheck evaluates a TLD zone with the rsep check catalogue and,
// given the zone before a change, reports what the change introduces and
// how it is classified under the Registry Services Evaluation Policy.
//
//	rsepcheck -zone FILE [-origin NAME] [-before FILE [-before-now TIME]] [-parent FILE]
//	          [-policy FILE] [-zonemaster FILE] [-anchor FILE] [-now TIME]
//	          [-live [-timeout D] [-ns NAME/ADDR]... [-resolver ADDR] [-allow-special-addresses]]
//	          [-max N] [-v] [-q] [-json]
//
// Findings are printed grouped by effect (security A/B, stability A/B,
// contract) with the clause each rests on and, where one applies, the RST
// v2.0 test case and error code; findings a policy waiver accepts are shown
// with its reason and do not count. At most -max findings of each check are
// printed (-v prints all); the report ends with the counts by check and
// severity. With -live the name servers are probed over UDP and TCP,
// progress is written to stderr, each query times out after -timeout, -ns
// gives a name server's address (for servers not yet in the DNS), and
// addresses in special-purpose blocks (documentation, private, loopback)
// taken from the zone are skipped unless -allow-special-addresses is given.
//
// The operator contract is package examples/internal/cli's: flags anywhere,
// -now and -before-now as RFC 3339, YYYY-MM-DD or YYYYMMDDhhmmss, "-" for
// standard input (one file at most), every file read whole within a size
// limit before it is parsed (zones rsep.MaxZoneSize after gzip
// decompression, the policy rsep.MaxPolicySize, the Zonemaster stream
// rsep.MaxZonemasterSize, -anchor trustanchor.MaxDocumentSize,
// parent data cli.MaxInputBytes), one-line errors naming the path given.
// Exit status: 0 no findings of severity warning or error (new findings
// only, with -before), 1 findings, 2 usage, I/O error or input that cannot
// be parsed. No network traffic unless -live is given. JSON members are
// camelCase (package examples/internal/rsepjson for findings).
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec"
	"github.com/ssrkit/ssr/examples/internal/cli"
	"github.com/ssrkit/ssr/examples/internal/inputerr"
	"github.com/ssrkit/ssr/examples/internal/nsflag"
	"github.com/ssrkit/ssr/rsep"
	"github.com/ssrkit/ssr/trustanchor"
)

// maxParentBytes caps the -parent file (a delegation: a few records).
const maxParentBytes = cli.MaxInputBytes

// options are the command line.
type options struct {
	zone, origin, before, parent, policy, zonemaster, anchors string
	now, beforeNow                                            time.Time
	live, json, allowSpecial, quiet                           bool
	timeout                                                   time.Duration
	ns                                                        nsflag.Map
	resolver                                                  string
	tally                                                     cli.Tally
	stdin                                                     io.Reader
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := cli.New("rsepcheck", stdout, stderr)
	c.Synopsis = []string{"-zone FILE [-origin NAME] [-before FILE [-before-now TIME]] [-parent FILE] [-policy FILE] [-zonemaster FILE] [-anchor FILE] [-now TIME] [-live [-timeout D] [-ns NAME/ADDR]... [-resolver ADDR] [-allow-special-addresses]] [-max N] [-v] [-q] [-json]"}
	c.About = fmt.Sprintf("Evaluates a TLD zone with the rsep check catalogue and, with -before, classifies the change under the\n"+
		"Registry Services Evaluation Policy. Every file is read whole within a limit before it is parsed: zones %d bytes\n"+
		"(after gzip decompression), -policy %d, -zonemaster %d, -anchor %d, -parent %d. One of them may be \"-\"\n"+
		"(standard input). Progress goes to stderr (-q: none).",
		rsep.MaxZoneSize, rsep.MaxPolicySize, rsep.MaxZonemasterSize, trustanchor.MaxDocumentSize, maxParentBytes)
	c.Examples = []string{
		"rsepcheck -zone example.zone -parent parent.txt -now 2026-12-01 -max 3",
		"rsepcheck -zone new.zone -before old.zone -now 20270201000000 -before-now 2026-12-01 -origin example. -v",
		"rsepcheck -zone example.zone.gz -policy policy.json -zonemaster zm.json -anchor root-anchors.xml -json -q",
		"rsepcheck -zone example.zone -parent parent.txt -anchors root-anchor.ds",
		"rsepcheck -zone example.zone -live -timeout 2s -ns ns1.nic.example/192.0.2.1 -resolver 127.0.0.1 -allow-special-addresses",
	}
	fs := c.Flags
	o := options{ns: nsflag.Map{}, stdin: stdin}
	fs.StringVar(&o.zone, "zone", "", "zone `FILE` (RFC 1035 master format, optionally gzip) to evaluate; - for standard input")
	fs.StringVar(&o.origin, "origin", "", "zone origin `NAME` (default: the owner of the first SOA of -zone)")
	fs.StringVar(&o.before, "before", "", "the zone before the change `FILE`")
	beforeNow := c.Time("before-now", "evaluation time of the -before zone (default: -now)")
	fs.StringVar(&o.parent, "parent", "", "parent data `FILE`: NS, glue and DS for the zone")
	fs.StringVar(&o.policy, "policy", "", "JSON policy `FILE` (see rsep.Policy; waivers are shown in the report)")
	fs.StringVar(&o.zonemaster, "zonemaster", "", "zonemaster-cli --json-stream --raw output `FILE` to merge")
	fs.StringVar(&o.anchors, "anchor", "", "root trust anchor `FILE` for the chain-of-trust check (SEC09; needs -parent with the root DNSKEY set): IANA root-anchors.xml, or DS/DNSKEY zone lines, as tldcheck -anchor")
	fs.StringVar(&o.anchors, "anchors", "", "the same as -anchor (its former name) `FILE`")
	now := c.Time("now", "evaluation time (default: the current time)")
	fs.BoolVar(&o.live, "live", false, "probe the zone's name servers (network); progress goes to stderr")
	fs.DurationVar(&o.timeout, "timeout", rsep.MaxProbeTimeout, "with -live: timeout `D` of one query")
	fs.Var(o.ns, "ns", "with -live: query `NAME/ADDRESS[:PORT]` for name server NAME instead of its glue (repeatable, like zonemaster-cli --ns)")
	fs.BoolVar(&o.allowSpecial, "allow-special-addresses", false, "with -live: also query name-server addresses in special-purpose blocks (RFC 6890: documentation, private, loopback)")
	fs.StringVar(&o.resolver, "resolver", "", "with -live: recursive resolver `ADDRESS[:PORT]` for the PTR lookups of the name-server addresses")
	fs.BoolVar(&o.quiet, "q", false, "no progress on stderr")
	fs.BoolVar(&o.json, "json", false, "print machine-readable JSON (never limited by -max)")
	c.AddMaxFlags(&o.tally)
	pos, code, ok := c.Parse(args)
	if !ok {
		return code
	}
	if len(pos) != 0 {
		return c.Usagef("unexpected argument %q", pos[0])
	}
	if o.zone == "" {
		return c.Usagef("-zone is required")
	}
	if o.timeout <= 0 {
		return c.Usagef("-timeout must be positive")
	}
	o.now = time.Now().UTC()
	if !now.IsZero() {
		o.now = *now
	}
	o.beforeNow = o.now
	if !beforeNow.IsZero() {
		o.beforeNow = *beforeNow
	}
	stdinUsers := 0
	for _, f := range []string{o.zone, o.before, o.parent, o.policy, o.zonemaster, o.anchors} {
		if f == "-" {
			stdinUsers++
		}
	}
	if stdinUsers > 1 {
		return c.Usagef("only one of -zone, -before, -parent, -policy, -zonemaster and -anchor can be \"-\" (standard input)")
	}
	if o.resolver != "" {
		if _, err := nsflag.Addr(o.resolver); err != nil {
			return c.Usagef("-resolver: %v", err)
		}
	}
	return runMain(c, o)
}

// inputError is an input that cannot be read or parsed: exit 2, one line
// naming the path.
type inputError = inputerr.Error

// inputs are the parsed files of one run.
type inputs struct {
	zone, before []byte
	origin       string
	parent       *rsep.Delegation
	policy       *rsep.Policy
	zonemaster   []rsep.Finding
	anchors      []*dns.DS
}

// readInputs reads and parses every file named on the command line, so that
// any of them that cannot be read is reported before the evaluation starts.
func readInputs(o *options) (*inputs, error) {
	var in inputs
	read := func(path string, max int64, maxName string, gunzip bool) ([]byte, error) {
		return cli.ReadFile(path, cli.ReadOptions{Max: max, MaxName: maxName, Gunzip: gunzip, Text: true, Stdin: o.stdin})
	}
	var err error
	if in.zone, err = read(o.zone, rsep.MaxZoneSize, "rsep.MaxZoneSize", true); err != nil {
		return nil, err
	}
	in.origin = o.origin
	if in.origin == "" {
		if in.origin, err = soaOwner(in.zone, o.zone); err != nil {
			return nil, &inputError{Path: o.zone, Err: err}
		}
	}
	if o.before != "" {
		if in.before, err = read(o.before, rsep.MaxZoneSize, "rsep.MaxZoneSize", true); err != nil {
			return nil, err
		}
	}
	if o.policy != "" {
		b, err := read(o.policy, rsep.MaxPolicySize, "rsep.MaxPolicySize", false)
		if err != nil {
			return nil, err
		}
		if in.policy, err = rsep.ParsePolicy(bytes.NewReader(b)); err != nil {
			return nil, &inputError{Path: o.policy, Err: err}
		}
	}
	if o.parent != "" {
		b, err := read(o.parent, maxParentBytes, "cli.MaxInputBytes", false)
		if err != nil {
			return nil, err
		}
		if in.parent, err = rsep.ReadDelegation(context.Background(), bytes.NewReader(b), in.origin, o.parent, nil); err != nil {
			return nil, &inputError{Path: o.parent, Err: err}
		}
	}
	if o.anchors != "" {
		b, err := read(o.anchors, trustanchor.MaxDocumentSize, "trustanchor.MaxDocumentSize", false)
		if err != nil {
			return nil, err
		}
		if in.anchors, err = readAnchors(b, o.now); err != nil {
			return nil, &inputError{Path: o.anchors, Err: inputerr.Anonymous(err)}
		}
		if len(in.anchors) == 0 {
			return nil, &inputError{Path: o.anchors, Err: errors.New("no usable root trust anchor: an empty anchor set is refused (RFC 4033 §6)")}
		}
	}
	if o.zonemaster != "" {
		b, err := read(o.zonemaster, rsep.MaxZonemasterSize, "rsep.MaxZonemasterSize", false)
		if err != nil {
			return nil, err
		}
		if in.zonemaster, err = rsep.ImportZonemaster(context.Background(), bytes.NewReader(b), nil); err != nil {
			return nil, &inputError{Path: o.zonemaster, Err: err}
		}
	}
	return &in, nil
}

// readAnchors parses an anchor file: IANA's root-anchors.xml (the anchors
// valid at now, RFC 9718 §4) or DS/DNSKEY zone lines, a DNSKEY becoming
// its SHA-256 DS (RFC 4034 §5.1.4).
func readAnchors(b []byte, now time.Time) ([]*dns.DS, error) {
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("<")) {
		return rsep.RootAnchors(b, now)
	}
	rrs, err := trustanchor.ReadZoneLines(bytes.NewReader(b))
	if err != nil || len(rrs) == 0 {
		return nil, err
	}
	return trustanchor.ToDS(rrs, dns.SHA256)
}

// stopped is a clock that always reads t: the run is judged at the time
// the flags give (the zero time: without a clock).
func stopped(t time.Time) func() time.Time { return func() time.Time { return t } }

// parseZone parses a zone read by readInputs.
func parseZone(b []byte, origin, path string) (*rsep.Zone, error) {
	z, err := rsep.ReadZone(context.Background(), bytes.NewReader(b), origin, path, nil)
	if err != nil {
		return nil, &inputError{Path: path, Err: err}
	}
	return z, nil
}

func runMain(c *cli.Command, o options) int {
	in, err := readInputs(&o)
	if err != nil {
		return c.Fail(cli.ExitUsage, err)
	}
	zone, err := parseZone(in.zone, in.origin, o.zone)
	if err != nil {
		return c.Fail(cli.ExitUsage, err)
	}
	var before *rsep.Zone
	if in.before != nil {
		if before, err = parseZone(in.before, in.origin, o.before); err != nil {
			return c.Fail(cli.ExitUsage, err)
		}
	}
	tg := &rsep.Target{Zone: zone, Now: stopped(o.now), Policy: in.policy, Parent: in.parent, Anchors: in.anchors}
	progress := func(format string, args ...any) {
		if !o.quiet {
			c.Printf(format, args...)
		}
	}
	if o.live {
		tg.Prober = &rsep.Client{Timeout: o.timeout}
		tg.Limits.ProbeTimeout = o.timeout
		tg.ServerAddrs = o.ns
		tg.AllowSpecialAddresses = o.allowSpecial
		if o.resolver != "" {
			tg.Resolver, _ = nsflag.Addr(o.resolver) // checked in run
		}
		tg.Progress = func(s string) { progress("%s", s) }
	}
	progress("running %d checks over %d records of %s", len(rsep.Catalogue()), len(zone.Records), o.zone)
	rep, err := rsep.Run(context.Background(), tg)
	if err != nil {
		return c.Fail(cli.ExitUsage, &inputError{Path: o.zone, Err: err})
	}
	rep.Add(in.zonemaster...)
	out := result{Report: rep}
	failing := rep.Err() != nil
	if before != nil {
		btg := *tg
		btg.Zone = before
		btg.Prober = nil
		btg.Progress = nil
		btg.Now = stopped(o.beforeNow)
		brep, err := rsep.Run(context.Background(), &btg)
		if err != nil {
			return c.Fail(cli.ExitUsage, &inputError{Path: o.before, Err: err})
		}
		d := rsep.Compare(brep, rep)
		out.Diff = &d
		if out.Changes, err = rsep.Classify(context.Background(), &btg, tg); err != nil {
			return c.Fail(cli.ExitUsage, err)
		}
		failing = d.Err() != nil
	}
	var buf bytes.Buffer
	if o.json {
		writeJSON(&buf, out)
	} else {
		printText(&buf, out, o.tally)
	}
	if _, err := c.Stdout.Write(buf.Bytes()); err != nil {
		return c.Fail(cli.ExitUsage, fmt.Errorf("standard output: %v", err))
	}
	if failing {
		return cli.ExitFindings
	}
	return cli.ExitOK
}

// soaOwner returns the owner of the first SOA record of a zone file.
func soaOwner(b []byte, path string) (string, error) {
	// Through the dnssec zone reader: entry length and $GENERATE are
	// bounded before anything expands.
	zp := dnssec.NewZoneScanner(bytes.NewReader(b), &dnssec.ZoneConfig{Origin: ".", File: path, MaxRecords: rsep.MaxZoneRecords})
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if rr.Header().Rrtype == dns.TypeSOA {
			return strings.ToLower(rr.Header().Name), nil
		}
	}
	if err := zp.Err(); err != nil {
		return "", fmt.Errorf("not a zone file (RFC 1035 §5): %w", err)
	}
	return "", errors.New("no SOA record: not a zone file (RFC 1035 §5.2); give -origin for a partial zone")
}
