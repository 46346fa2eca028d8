// Command rsepcheck evaluates a TLD zone with the rsep check catalogue and,
// given the zone before a change, reports what the change introduces and
// how it is classified under the Registry Services Evaluation Policy.
//
//	rsepcheck -zone FILE [-origin NAME] [-before FILE] [-parent FILE] [-policy FILE]
//	          [-zonemaster FILE] [-anchors root-anchors.xml] [-now RFC3339] [-live] [-json]
//
// Findings are printed grouped by effect (security A/B, stability A/B,
// contract) with the clause each rests on. Exit status: 0 no findings of
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
	"github.com/ssrkit/ssr/rsep"
)

type output struct {
	Report  *rsep.Report  `json:"report"`
	Diff    *rsep.Diff    `json:"diff,omitempty"`
	Changes []rsep.Change `json:"changes,omitempty"`
}

func main() {
	zoneFile := flag.String("zone", "", "zone file (RFC 1035 master format) to evaluate `FILE`")
	origin := flag.String("origin", "", "zone origin (default: the SOA owner of -zone)")
	before := flag.String("before", "", "the zone before the change `FILE`")
	parent := flag.String("parent", "", "parent data: NS, glue and DS for the zone `FILE`")
	policy := flag.String("policy", "", "JSON policy `FILE` (see rsep.Policy)")
	zm := flag.String("zonemaster", "", "zonemaster-cli --json-stream --raw output to merge `FILE`")
	anchors := flag.String("anchors", "", "IANA root-anchors.xml for the chain-of-trust check (needs -parent with the root DNSKEY set) `FILE`")
	now := flag.String("now", "", "evaluation time, RFC 3339 (default: the current time)")
	live := flag.Bool("live", false, "probe the zone's name servers (network)")
	asJSON := flag.Bool("json", false, "print machine-readable JSON")
	flag.Parse()
	if *zoneFile == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: rsepcheck -zone FILE [-before FILE] [-parent FILE] [-policy FILE] [-zonemaster FILE] [-now RFC3339] [-live] [-json]")
		os.Exit(2)
	}
	code, err := runMain(*zoneFile, *origin, *before, *parent, *policy, *zm, *anchors, *now, *live, *asJSON, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rsepcheck:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

func runMain(zoneFile, origin, beforeFile, parentFile, policyFile, zmFile, anchorFile, nowStr string, live, asJSON bool, w io.Writer) (int, error) {
	at := time.Now().UTC()
	if nowStr != "" {
		t, err := time.Parse(time.RFC3339, nowStr)
		if err != nil {
			return 2, fmt.Errorf("-now: %w", err)
		}
		at = t
	}
	if origin == "" {
		o, err := soaOwner(zoneFile)
		if err != nil {
			return 2, err
		}
		origin = o
	}
	fmt.Fprintf(os.Stderr, "rsepcheck: reading %s\n", zoneFile)
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
	if live {
		tg.Prober = &rsep.Client{}
	}
	fmt.Fprintf(os.Stderr, "rsepcheck: running %d checks over %d records\n", len(rsep.Catalogue()), len(zone.Records))
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
		brep, err := rsep.Run(context.Background(), &btg)
		if err != nil {
			return 2, err
		}
		d := rsep.Compare(brep, rep)
		out.Diff = &d
		out.Changes = rsep.Classify(&btg, tg)
		failing = d.Err() != nil
	}
	if asJSON {
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
			fmt.Fprintf(w, "    %-5s %-8s %s %s: %s\n      [%s]\n", f.Check, f.Severity, f.Tag, subject, f.Message, f.Authority)
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
