// Command tldcheck runs the ssr checks over a TLD, the main job of the
// library: the root trust anchor, the TLD zone verified under the chain of
// trust, its labels (IDNA2008 and LGR), the RSEP check catalogue, and the
// escrow deposit reconciled with the zone.
//
// With no arguments it uses an embedded sample TLD (see gensample). With flags
// it runs on real data:
//
//	tldcheck [-zone FILE] [-root FILE] [-anchor FILE [-p7s FILE]] [-deposit FILE] [-policy FILE] [-now RFC3339] [-json]
//
// Exit status: 0 when every section holds, 1 when there are findings (or a
// section could not run), 2 on usage or I/O error.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/dnssec"
	"github.com/ssrkit/ssr/rsep"
)

// Section statuses.
const (
	statusOK       = "ok"
	statusFindings = "findings"
	statusSkipped  = "skipped"
)

type finding struct {
	Check   string `json:"check,omitempty"`
	Subject string `json:"subject,omitempty"`
	Message string `json:"message"`
	Clause  string `json:"clause,omitempty"`
}

type section struct {
	Name     string    `json:"name"`
	Status   string    `json:"status"`
	Summary  string    `json:"summary,omitempty"`
	Findings []finding `json:"findings,omitempty"`
}

type report struct {
	TLD      string    `json:"tld"`
	Source   string    `json:"source"`
	Now      time.Time `json:"now"`
	OK       bool      `json:"ok"`
	Sections []section `json:"sections"`
}

// input is everything the sections read, loaded up front.
type input struct {
	tld     string
	zone    []byte // the TLD zone file
	root    []byte // the root zone file (chain of trust), may be nil
	anchor  []byte // root-anchors.xml or DS/DNSKEY lines, may be nil
	p7s     []byte // detached CMS signature over anchor, may be nil
	deposit []byte // RFC 8909/9022 deposit, may be nil
	now     time.Time
	sample  bool

	// Filled in by the sections, for the sections after them.
	anchors []dns.RR // root trust anchors (DS or DNSKEY) selected by the anchor section
	policy  *rsep.Policy
}

type usageError struct{ error }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tldcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	zoneFile := fs.String("zone", "", "signed TLD zone file (default: the embedded sample)")
	rootFile := fs.String("root", "", "signed root zone holding the TLD's delegation, for the chain of trust")
	anchorFile := fs.String("anchor", "", "root trust anchor: root-anchors.xml, or DS/DNSKEY zone lines (default: the embedded IANA publication, or the sample's)")
	p7sFile := fs.String("p7s", "", "detached CMS signature over the -anchor root-anchors.xml, checked against the embedded ICANN CA bundle")
	depositFile := fs.String("deposit", "", "RFC 8909/9022 escrow deposit (XML) for the TLD")
	nowFlag := fs.String("now", "", "evaluation time, RFC 3339 (default: the sample's date, or the current time with -zone)")
	policyFile := fs.String("policy", "", "registry policy for the RSEP checks (JSON, see rsep.ParsePolicy; default: the sample's, or the strict zero policy)")
	jsonOut := fs.Bool("json", false, "print the report as JSON")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: tldcheck [-zone FILE] [-root FILE] [-anchor FILE [-p7s FILE]] [-deposit FILE] [-policy FILE] [-now RFC3339] [-json]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	in, source, err := load(*zoneFile, *rootFile, *anchorFile, *p7sFile, *depositFile, *nowFlag)
	if err != nil {
		fmt.Fprintf(stderr, "tldcheck: %v\n", err)
		var ue usageError
		if errors.As(err, &ue) {
			fs.Usage()
		}
		return 2
	}
	if *policyFile != "" {
		b, err := os.ReadFile(*policyFile)
		if err == nil {
			in.policy, err = rsep.ParsePolicy(bytes.NewReader(b))
		}
		if err != nil {
			fmt.Fprintf(stderr, "tldcheck: -policy: %v\n", err)
			return 2
		}
	}
	fmt.Fprintf(stderr, "tldcheck: checking %s (%s) at %s\n", in.tld, source, in.now.Format(time.RFC3339))
	rep := evaluate(in, stderr)
	rep.Source = source
	if *jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "tldcheck: %v\n", err)
			return 2
		}
	} else {
		printText(stdout, rep)
	}
	if !rep.OK {
		return 1
	}
	return 0
}

func load(zoneFile, rootFile, anchorFile, p7sFile, depositFile, nowFlag string) (*input, string, error) {
	in := &input{sample: zoneFile == ""}
	source := "embedded sample"
	if zoneFile == "" {
		if rootFile != "" || depositFile != "" {
			return nil, "", usageError{errors.New("-root and -deposit need -zone")}
		}
		meta, err := readSample("SAMPLE")
		if err != nil {
			return nil, "", err
		}
		for _, line := range strings.Split(string(meta), "\n") {
			k, v, _ := strings.Cut(line, " ")
			switch k {
			case "now":
				in.now, err = time.Parse(time.RFC3339, v)
			case "tld":
				in.tld = v
			}
			if err != nil {
				return nil, "", fmt.Errorf("sample metadata: %v", err)
			}
		}
		for name, dst := range map[string]*[]byte{"example.zone": &in.zone, "root.zone": &in.root, "root-anchors.xml": &in.anchor, "deposit.xml": &in.deposit} {
			if *dst, err = readSample(name); err != nil {
				return nil, "", err
			}
		}
	} else {
		source = zoneFile
		var err error
		if in.zone, err = readZoneFile(zoneFile); err != nil {
			return nil, "", err
		}
		if rootFile != "" {
			if in.root, err = readZoneFile(rootFile); err != nil {
				return nil, "", err
			}
		}
		if depositFile != "" {
			if in.deposit, err = os.ReadFile(depositFile); err != nil {
				return nil, "", err
			}
		}
		in.now = time.Now().UTC()
	}
	if anchorFile != "" {
		var err error
		if in.anchor, err = os.ReadFile(anchorFile); err != nil {
			return nil, "", err
		}
		in.sample = false
	}
	if p7sFile != "" {
		if anchorFile == "" {
			return nil, "", usageError{errors.New("-p7s needs -anchor")}
		}
		var err error
		if in.p7s, err = os.ReadFile(p7sFile); err != nil {
			return nil, "", err
		}
	}
	if nowFlag != "" {
		t, err := time.Parse(time.RFC3339, nowFlag)
		if err != nil {
			return nil, "", usageError{fmt.Errorf("-now: %v", err)}
		}
		in.now = t.UTC()
	}
	if in.tld == "" {
		origin, err := zoneOrigin(in.zone)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %v", zoneFile, err)
		}
		in.tld = origin
	}
	return in, source, nil
}

func readSample(name string) ([]byte, error) {
	b, err := sampleFS.ReadFile("sample/" + name)
	if err != nil {
		return nil, fmt.Errorf("embedded sample: %v", err)
	}
	return b, nil
}

// evaluate runs every section in order; a section passes only when its checks
// ran and found nothing.
func evaluate(in *input, progress io.Writer) *report {
	rep := &report{TLD: in.tld, Now: in.now, OK: true}
	for _, s := range sections {
		fmt.Fprintf(progress, "tldcheck: %s…\n", s.name)
		sec := s.run(in)
		sec.Name = s.name
		if sec.Status != statusOK && sec.Status != statusSkipped {
			rep.OK = false
		}
		rep.Sections = append(rep.Sections, sec)
	}
	return rep
}

var sections = []struct {
	name string
	run  func(*input) section
}{
	{"trust anchor", checkAnchor},
	{"zone under the chain of trust", checkZone},
	{"labels (IDNA2008 + LGR)", checkLabels},
	{"RSEP check catalogue", checkRSEP},
	{"escrow deposit", checkDeposit},
}

func printText(w io.Writer, rep *report) {
	fmt.Fprintf(w, "SSR report for %s (%s) at %s\n\n", rep.TLD, rep.Source, rep.Now.Format(time.RFC3339))
	for _, s := range rep.Sections {
		fmt.Fprintf(w, "%-32s %s", s.Name, s.Status)
		if s.Summary != "" {
			fmt.Fprintf(w, " — %s", s.Summary)
		}
		fmt.Fprintln(w)
		for _, f := range s.Findings {
			fmt.Fprintf(w, "    - ")
			if f.Check != "" {
				fmt.Fprintf(w, "[%s] ", f.Check)
			}
			if f.Subject != "" {
				fmt.Fprintf(w, "%s: ", f.Subject)
			}
			fmt.Fprint(w, f.Message)
			if f.Clause != "" && !strings.Contains(f.Message, f.Clause) {
				fmt.Fprintf(w, " (%s)", f.Clause)
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintln(w)
	if rep.OK {
		fmt.Fprintln(w, "verdict: every section holds")
	} else {
		fmt.Fprintln(w, "verdict: findings (see above)")
	}
}

// readZoneFile reads a zone file (-zone, -root) into memory through the
// dnssec zone reader, so that the parsers run over it later meet no entry
// longer than dnssec.MaxZoneLineLength, no $GENERATE past
// dnssec.MaxZoneGenerated and at most rsep.MaxZoneRecords records: gzip is
// inflated as it is read (at most dnssec.MaxZoneInflatedBytes), and the text
// is at most rsep.MaxZoneSize bytes.
func readZoneFile(name string) ([]byte, error) {
	zf, err := dnssec.OpenZoneFile(name, 0)
	if err != nil {
		return nil, err
	}
	defer zf.Close()
	var text bytes.Buffer
	lr := io.LimitReader(zf, rsep.MaxZoneSize+1)
	// Origin "." only so that relative names count; the checks parse the
	// text again with the TLD as origin.
	zs := dnssec.NewZoneScanner(io.TeeReader(lr, &text), dnssec.ZoneOptions{Origin: ".", File: name, MaxRecords: rsep.MaxZoneRecords})
	for _, ok := zs.Next(); ok; _, ok = zs.Next() {
	}
	if text.Len() > rsep.MaxZoneSize {
		return nil, fmt.Errorf("%s: more than %d bytes (rsep.MaxZoneSize)", name, rsep.MaxZoneSize)
	}
	if err := zs.Err(); errors.Is(err, dnssec.ErrLimitExceeded) {
		return nil, err
	}
	// A syntax error is left to the checks, which report it where they
	// parse; they stop there, and the text so far includes that entry.
	return text.Bytes(), nil
}
