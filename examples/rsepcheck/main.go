// Command rsepcheck evaluates a TLD zone with the rsep check catalogue and,
// given the zone before a change, reports what the change introduces and
// how it is classified under the Registry Services Evaluation Policy.
//
//	rsepcheck -zone FILE [-origin NAME] [-before FILE [-before-now RFC3339]] [-parent FILE]
//	          [-policy FILE] [-zonemaster FILE] [-anchors root-anchors.xml] [-now RFC3339]
//	          [-live [-timeout D] [-ns NAME/ADDR]... [-resolver ADDR] [-allow-special-addresses]] [-json]
//
// Findings are printed grouped by effect (security A/B, stability A/B,
// contract) with the clause each rests on and, where one applies, the RST
// v2.0 test case and error code; findings a policy waiver accepts are shown
// with its reason and do not count. With -live the name servers are probed
// over UDP and TCP, progress is written to stderr, each query times out
// after -timeout, -ns gives a name server's address (for servers not yet in
// the DNS), and addresses in special-purpose blocks (documentation,
// private, loopback) taken from the zone are skipped unless
// -allow-special-addresses is given. Exit status: 0 no findings of
// severity warning or error (new findings only, with -before), 1 findings,
// 2 usage or I/O error. No network traffic unless -live is given.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ssrkit/ssr/dnssec"
	"github.com/ssrkit/ssr/examples/internal/nsflag"
	"github.com/ssrkit/ssr/rsep"
)

type output struct {
	Report  *rsep.Report  `json:"report"`
	Diff    *rsep.Diff    `json:"diff,omitempty"`
	Changes []rsep.Change `json:"changes,omitempty"`
}

// options are the command line.
type options struct {
	zone, origin, before, parent, policy, zonemaster, anchors string
	now, beforeNow                                            string
	live, json, allowSpecial                                  bool
	timeout                                                   time.Duration
	ns                                                        nsflag.Map
	resolver                                                  string
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rsepcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := options{ns: nsflag.Map{}}
	fs.StringVar(&o.zone, "zone", "", "zone file (RFC 1035 master format) to evaluate `FILE`")
	fs.StringVar(&o.origin, "origin", "", "zone origin (default: the SOA owner of -zone)")
	fs.StringVar(&o.before, "before", "", "the zone before the change `FILE`")
	fs.StringVar(&o.beforeNow, "before-now", "", "evaluation time of the -before zone, RFC 3339 (default: -now)")
	fs.StringVar(&o.parent, "parent", "", "parent data: NS, glue and DS for the zone `FILE`")
	fs.StringVar(&o.policy, "policy", "", "JSON policy `FILE` (see rsep.Policy; waivers are shown in the report)")
	fs.StringVar(&o.zonemaster, "zonemaster", "", "zonemaster-cli --json-stream --raw output to merge `FILE`")
	fs.StringVar(&o.anchors, "anchors", "", "IANA root-anchors.xml for the chain-of-trust check (needs -parent with the root DNSKEY set) `FILE`")
	fs.StringVar(&o.now, "now", "", "evaluation time, RFC 3339 (default: the current time)")
	fs.BoolVar(&o.live, "live", false, "probe the zone's name servers (network); progress goes to stderr")
	fs.DurationVar(&o.timeout, "timeout", rsep.MaxProbeTimeout, "timeout of one live query")
	fs.Var(o.ns, "ns", "with -live: query `NAME/ADDRESS[:PORT]` for name server NAME instead of its glue (repeatable, like zonemaster-cli --ns)")
	fs.BoolVar(&o.allowSpecial, "allow-special-addresses", false, "with -live: also query name-server addresses in special-purpose blocks (RFC 6890: documentation, private, loopback)")
	fs.StringVar(&o.resolver, "resolver", "", "with -live: recursive resolver `ADDRESS[:PORT]` for the PTR lookups of the name-server addresses")
	fs.BoolVar(&o.json, "json", false, "print machine-readable JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rsepcheck -zone FILE [-before FILE [-before-now RFC3339]] [-parent FILE] [-policy FILE] [-zonemaster FILE] [-now RFC3339] [-live [-timeout D] [-ns NAME/ADDR]... [-resolver ADDR] [-allow-special-addresses]] [-json]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if o.zone == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	code, err := runMain(o, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "rsepcheck:", err)
		return 2
	}
	return code
}

func parseTime(flagName, v string, def time.Time) (time.Time, error) {
	if v == "" {
		return def, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("-%s: %w", flagName, err)
	}
	return t.UTC(), nil
}

func runMain(o options, w, stderr io.Writer) (int, error) {
	zoneFile, origin, beforeFile, parentFile, policyFile, zmFile, anchorFile := o.zone, o.origin, o.before, o.parent, o.policy, o.zonemaster, o.anchors
	at, err := parseTime("now", o.now, time.Now().UTC())
	if err != nil {
		return 2, err
	}
	beforeAt, err := parseTime("before-now", o.beforeNow, at)
	if err != nil {
		return 2, err
	}
	if origin == "" {
		o, err := soaOwner(zoneFile)
		if err != nil {
			return 2, err
		}
		origin = o
	}
	fmt.Fprintf(stderr, "rsepcheck: reading %s\n", zoneFile)
	zone, err := readZone(zoneFile, origin)
	if err != nil {
		return 2, err
	}
	tg := &rsep.Target{Zone: zone, Now: at}
	if policyFile != "" {
		f, err := os.Open(policyFile)
		if err != nil {
			return 2, err
		}
		tg.Policy, err = rsep.ParsePolicy(f)
		f.Close()
		if err != nil {
			return 2, fmt.Errorf("%s: %w", policyFile, err)
		}
	}
	if parentFile != "" {
		f, err := os.Open(parentFile)
		if err != nil {
			return 2, err
		}
		tg.Parent, err = rsep.ReadDelegation(f, origin, parentFile, nil)
		f.Close()
		if err != nil {
			return 2, err
		}
	}
	if anchorFile != "" {
		b, err := os.ReadFile(anchorFile)
		if err != nil {
			return 2, err
		}
		if tg.Anchors, err = rsep.RootAnchors(b, at); err != nil {
			return 2, fmt.Errorf("%s: %w", anchorFile, err)
		}
	}
	if o.live {
		tg.Prober = &rsep.Client{Timeout: o.timeout}
		tg.Limits.ProbeTimeout = o.timeout
		tg.ServerAddrs = o.ns
		tg.AllowSpecialAddresses = o.allowSpecial
		if o.resolver != "" {
			if tg.Resolver, err = nsflag.Addr(o.resolver); err != nil {
				return 2, fmt.Errorf("-resolver: %w", err)
			}
		}
		tg.Progress = func(s string) { fmt.Fprintf(stderr, "rsepcheck: %s\n", s) }
	}
	fmt.Fprintf(stderr, "rsepcheck: running %d checks over %d records\n", len(rsep.Catalogue()), len(zone.Records))
	rep, err := rsep.Run(context.Background(), tg)
	if err != nil {
		return 2, err
	}
	if zmFile != "" {
		f, err := os.Open(zmFile)
		if err != nil {
			return 2, err
		}
		fs, err := rsep.ImportZonemaster(f)
		f.Close()
		if err != nil {
			return 2, fmt.Errorf("%s: %w", zmFile, err)
		}
		rep.Add(fs...)
	}
	out := output{Report: rep}
	failing := rep.Err() != nil
	if beforeFile != "" {
		bz, err := readZone(beforeFile, origin)
		if err != nil {
			return 2, err
		}
		btg := *tg
		btg.Zone = bz
		btg.Prober = nil
		btg.Progress = nil
		btg.Now = beforeAt
		brep, err := rsep.Run(context.Background(), &btg)
		if err != nil {
			return 2, err
		}
		d := rsep.Compare(brep, rep)
		out.Diff = &d
		out.Changes = rsep.Classify(&btg, tg)
		failing = d.Err() != nil
	}
	if o.json {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return 2, err
		}
	} else {
		printText(w, out)
	}
	if failing {
		return 1, nil
	}
	return 0, nil
}

// readZone reads a zone file, plain or gzip-compressed (inflated as it is
// read, at most dnssec.MaxZoneInflatedBytes).
func readZone(file, origin string) (*rsep.Zone, error) {
	f, err := dnssec.OpenZoneFile(file, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return rsep.ReadZone(f, origin, file, nil)
}

// soaOwner returns the owner of the first SOA record in file.
func soaOwner(file string) (string, error) {
	z, err := readZone(file, ".")
	if err != nil {
		return "", err
	}
	for _, rr := range z.Records {
		if rr.Header().Rrtype == 6 {
			return rr.Header().Name, nil
		}
	}
	return "", fmt.Errorf("%s: no SOA record; give -origin", file)
}

var effects = []rsep.Effect{rsep.SecurityA, rsep.SecurityB, rsep.StabilityA, rsep.StabilityB, rsep.Contract}

func printFindings(w io.Writer, fs []rsep.Finding) {
	by := make(map[rsep.Effect][]rsep.Finding)
	for _, f := range fs {
		by[f.Effect] = append(by[f.Effect], f)
	}
	for _, e := range effects {
		if len(by[e]) == 0 {
			continue
		}
		fmt.Fprintf(w, "  %s (%d)\n", e, len(by[e]))
		for _, f := range by[e] {
			subject := f.Name
			if f.Type != "" {
				subject += "/" + f.Type
			}
			auth := f.Authority
			if f.RST != "" {
				auth += "; RST " + f.RST
			}
			fmt.Fprintf(w, "    %-5s %-8s %s %s: %s\n      [%s]\n", f.Check, f.Severity, f.Tag, subject, f.Message, auth)
			if f.Waived != "" {
				fmt.Fprintf(w, "      waived: %s\n", f.Waived)
			}
		}
	}
}

func printText(w io.Writer, o output) {
	fmt.Fprintf(w, "zone %s: %d findings\n", o.Report.Zone, len(o.Report.Findings))
	printFindings(w, o.Report.Findings)
	var skipped []string
	for _, c := range o.Report.Checks {
		if !c.Ran {
			skipped = append(skipped, c.ID+" ("+c.Skipped+")")
		}
	}
	if len(skipped) > 0 {
		fmt.Fprintf(w, "skipped: %s\n", strings.Join(skipped, ", "))
	}
	if o.Diff != nil {
		fmt.Fprintf(w, "\nchange impact: %d new, %d resolved, %d persisting\n", len(o.Diff.New), len(o.Diff.Resolved), len(o.Diff.Persisting))
		if len(o.Diff.New) > 0 {
			fmt.Fprintln(w, " new:")
			printFindings(w, o.Diff.New)
		}
		if len(o.Diff.Resolved) > 0 {
			fmt.Fprintln(w, " resolved:")
			printFindings(w, o.Diff.Resolved)
		}
		fmt.Fprintf(w, "\nchange classification (%d):\n", len(o.Changes))
		for _, c := range o.Changes {
			fmt.Fprintf(w, "  %s: %s\n    track: %s\n    plan:  %s\n    effect %s [%s]\n", c.Kind, c.Detail, c.Track, c.Plan, c.Effect, c.Authority)
		}
	}
}
