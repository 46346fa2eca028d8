// Command tldcheck runs the ssr TLD evaluation (rsep.EvaluateTLD), the main
// job of the library: the root trust anchor, the TLD zone verified under the
// chain of trust, its labels (IDNA2008 and LGR), the RSEP check catalogue,
// and the escrow deposit (XML or CSV model) reconciled with the zone. The
// program only reads its inputs, calls the library and prints the report.
//
// With no arguments it uses an embedded sample TLD (see gensample), with the
// sample's policy (sample/policy.json). With flags it runs on real data:
//
//	tldcheck [-zone FILE] [-root FILE] [-anchor FILE [-p7s FILE]] [-deposit FILE] [-policy FILE] [-now RFC3339]
//	         [-live [-timeout D] [-ns NAME/ADDR]... [-resolver ADDR] [-allow-special-addresses]] [-json]
//
// A CSV-model deposit's files are looked up in the deposit file's directory.
// With -live the catalogue's live checks probe the TLD's name servers
// (progress on stderr); special-purpose addresses from the zone are not
// queried unless -allow-special-addresses is given.
//
// Exit status: 0 when every section holds, 1 when there are findings, 2 on
// usage or I/O error.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ssrkit/ssr/dnssec"
	"github.com/ssrkit/ssr/examples/internal/nsflag"
	"github.com/ssrkit/ssr/rsep"
)

// report is what -json prints: the library's report with the input source
// and the verdict.
type report struct {
	Source string `json:"source"`
	OK     bool   `json:"ok"`
	*rsep.TLDReport
}

type usageError struct{ error }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type flags struct {
	zone, root, anchor, p7s, deposit, policy, now string
	json                                          bool
	// live checks
	live, allowSpecial bool
	timeout            time.Duration
	ns                 nsflag.Map
	resolver           string
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tldcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := flags{ns: nsflag.Map{}}
	fs.BoolVar(&f.live, "live", false, "also run the catalogue's live checks against the TLD's name servers (network)")
	fs.DurationVar(&f.timeout, "timeout", rsep.MaxProbeTimeout, "with -live: timeout of one query")
	fs.Var(f.ns, "ns", "with -live: query `NAME/ADDRESS[:PORT]` for name server NAME instead of its glue (repeatable)")
	fs.BoolVar(&f.allowSpecial, "allow-special-addresses", false, "with -live: also query name-server addresses in special-purpose blocks (RFC 6890)")
	fs.StringVar(&f.resolver, "resolver", "", "with -live: recursive resolver `ADDRESS[:PORT]` for the PTR lookups")
	fs.StringVar(&f.zone, "zone", "", "signed TLD zone file (default: the embedded sample)")
	fs.StringVar(&f.root, "root", "", "signed root zone holding the TLD's delegation, for the chain of trust")
	fs.StringVar(&f.anchor, "anchor", "", "root trust anchor: root-anchors.xml, or DS/DNSKEY zone lines (default: the embedded IANA publication, or the sample's)")
	fs.StringVar(&f.p7s, "p7s", "", "detached CMS signature over the -anchor root-anchors.xml, checked against the embedded ICANN CA bundle")
	fs.StringVar(&f.deposit, "deposit", "", "RFC 8909/9022 escrow deposit (XML document, XML or CSV model) for the TLD")
	fs.StringVar(&f.now, "now", "", "evaluation time, RFC 3339 (default: the sample's date, or the current time with -zone)")
	fs.StringVar(&f.policy, "policy", "", "registry policy for the RSEP checks (JSON, see rsep.ParsePolicy; default: the sample's, or the strict zero policy)")
	fs.BoolVar(&f.json, "json", false, "print the report as JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: tldcheck [-zone FILE] [-root FILE] [-anchor FILE [-p7s FILE]] [-deposit FILE] [-policy FILE] [-now RFC3339] [-live [-timeout D] [-ns NAME/ADDR]... [-resolver ADDR] [-allow-special-addresses]] [-json]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	in, source, closeAll, err := inputs(&f)
	defer closeAll()
	if err != nil {
		fmt.Fprintf(stderr, "tldcheck: %v\n", err)
		var ue usageError
		if errors.As(err, &ue) {
			fs.Usage()
		}
		return 2
	}
	in.Progress = func(s string) { fmt.Fprintf(stderr, "tldcheck: %s…\n", s) }
	fmt.Fprintf(stderr, "tldcheck: checking %s at %s\n", source, in.Now.Format(time.RFC3339))
	rep, err := rsep.EvaluateTLD(context.Background(), in)
	if err != nil {
		fmt.Fprintf(stderr, "tldcheck: %v\n", err)
		return 2
	}
	out := report{Source: source, OK: rep.Err() == nil, TLDReport: rep}
	if f.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "tldcheck: %v\n", err)
			return 2
		}
	} else {
		printText(stdout, &out)
	}
	if !out.OK {
		return 1
	}
	return 0
}

// inputs maps the flags (or the embedded sample) to rsep.TLDInput. The
// returned function closes the opened files.
func inputs(f *flags) (*rsep.TLDInput, string, func(), error) {
	var files []io.Closer
	closeAll := func() {
		for _, fh := range files {
			fh.Close()
		}
	}
	open := func(name string) (io.Reader, error) {
		fh, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		files = append(files, fh)
		return fh, nil
	}
	// Zone files: plain or gzip, inflated as read and never past
	// dnssec.MaxZoneInflatedBytes; rsep.EvaluateTLD puts them through the
	// dnssec zone reader's line and $GENERATE limits.
	openZone := func(name string) (io.Reader, error) {
		zf, err := dnssec.OpenZoneFile(name, 0)
		if err != nil {
			return nil, err
		}
		files = append(files, zf)
		return zf, nil
	}
	in := &rsep.TLDInput{}
	source := "embedded sample"
	var policy []byte
	if f.zone == "" {
		if f.root != "" || f.deposit != "" {
			return nil, "", closeAll, usageError{errors.New("-root and -deposit need -zone")}
		}
		if err := sampleInputs(in, &policy); err != nil {
			return nil, "", closeAll, err
		}
	} else {
		source = f.zone
		var err error
		if in.Zone, err = openZone(f.zone); err != nil {
			return nil, "", closeAll, err
		}
		in.ZoneFile = filepath.Base(f.zone)
		if f.root != "" {
			if in.Root, err = openZone(f.root); err != nil {
				return nil, "", closeAll, err
			}
		}
		if f.deposit != "" {
			if in.Deposit, err = open(f.deposit); err != nil {
				return nil, "", closeAll, err
			}
			in.DepositFile = filepath.Base(f.deposit)
			in.DepositFiles = os.DirFS(filepath.Dir(f.deposit))
		}
		in.Now = time.Now().UTC()
	}
	if err := readFlagFiles(f, in, &policy); err != nil {
		return nil, "", closeAll, err
	}
	if policy != nil {
		p, err := rsep.ParsePolicy(bytes.NewReader(policy))
		if err != nil {
			return nil, "", closeAll, fmt.Errorf("policy: %w", err)
		}
		in.Policy = p
	}
	if f.live {
		in.Prober = &rsep.Client{Timeout: f.timeout}
		in.Limits.ProbeTimeout = f.timeout
		in.ServerAddrs = f.ns
		in.AllowSpecialAddresses = f.allowSpecial
		if f.resolver != "" {
			var err error
			if in.Resolver, err = nsflag.Addr(f.resolver); err != nil {
				return nil, "", closeAll, usageError{fmt.Errorf("-resolver: %v", err)}
			}
		}
	}
	if f.now != "" {
		t, err := time.Parse(time.RFC3339, f.now)
		if err != nil {
			return nil, "", closeAll, usageError{fmt.Errorf("-now: %v", err)}
		}
		in.Now = t.UTC()
	}
	return in, source, closeAll, nil
}

// readFlagFiles reads the small inputs named by flags: anchors, their
// signature and the policy.
func readFlagFiles(f *flags, in *rsep.TLDInput, policy *[]byte) error {
	var err error
	if f.anchor != "" {
		if in.Anchor, err = os.ReadFile(f.anchor); err != nil {
			return err
		}
	}
	if f.p7s != "" {
		if f.anchor == "" {
			return usageError{errors.New("-p7s needs -anchor")}
		}
		if in.AnchorSignature, err = os.ReadFile(f.p7s); err != nil {
			return err
		}
	}
	if f.policy != "" {
		if *policy, err = os.ReadFile(f.policy); err != nil {
			return err
		}
	}
	return nil
}

// sampleInputs fills in the embedded sample: zone, root zone, anchors,
// deposit, policy, TLD and evaluation time.
func sampleInputs(in *rsep.TLDInput, policy *[]byte) error {
	meta, err := readSample("SAMPLE")
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(meta), "\n") {
		k, v, _ := strings.Cut(line, " ")
		switch k {
		case "now":
			in.Now, err = time.Parse(time.RFC3339, v)
		case "tld":
			in.TLD = v
		}
		if err != nil {
			return fmt.Errorf("sample metadata: %v", err)
		}
	}
	var zone, root, deposit []byte
	for name, dst := range map[string]*[]byte{"example.zone": &zone, "root.zone": &root, "root-anchors.xml": &in.Anchor, "deposit.xml": &deposit, "policy.json": policy} {
		if *dst, err = readSample(name); err != nil {
			return err
		}
	}
	in.Zone, in.ZoneFile = bytes.NewReader(zone), "example.zone"
	in.Root = bytes.NewReader(root)
	in.Deposit, in.DepositFile = bytes.NewReader(deposit), "deposit.xml"
	return nil
}

func readSample(name string) ([]byte, error) {
	b, err := sampleFS.ReadFile("sample/" + name)
	if err != nil {
		return nil, fmt.Errorf("embedded sample: %v", err)
	}
	return b, nil
}

func printText(w io.Writer, rep *report) {
	fmt.Fprintf(w, "SSR report for %s (%s) at %s\n\n", rep.TLD, rep.Source, rep.Time.Format(time.RFC3339))
	for _, s := range rep.Sections {
		fmt.Fprintf(w, "%-32s %s", s.Name, s.Status)
		if s.Summary != "" {
			fmt.Fprintf(w, " — %s", s.Summary)
		}
		fmt.Fprintln(w)
		waived := map[string]int{}
		var reasons []string
		for _, f := range s.Findings {
			if f.Waived != "" {
				if waived[f.Waived] == 0 {
					reasons = append(reasons, f.Waived)
				}
				waived[f.Waived]++
				continue
			}
			fmt.Fprintf(w, "    - %s\n", f)
		}
		for _, r := range reasons {
			fmt.Fprintf(w, "    - %d finding(s) waived by the policy: %s (see -json)\n", waived[r], r)
		}
	}
	fmt.Fprintln(w)
	if rep.OK {
		fmt.Fprintln(w, "verdict: every section holds")
	} else {
		fmt.Fprintln(w, "verdict: findings (see above)")
	}
}
