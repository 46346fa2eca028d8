// Command tldcheck runs the ssr TLD evaluation (rsep.EvaluateTLD), the main
// job of the library: the root trust anchor, the TLD zone verified under the
// chain of trust, its labels (IDNA2008 and LGR), the RSEP check catalogue,
// and the escrow deposit (XML or CSV model) reconciled with the zone. The
// program only reads its inputs, calls the library and prints the report.
//
// With no arguments it uses an embedded sample TLD (see gensample), with the
// sample's policy (sample/policy.json). With flags it runs on real data:
//
//	tldcheck [-zone FILE] [-root FILE] [-anchor FILE [-p7s FILE]] [-deposit FILE] [-policy FILE] [-now TIME]
//	         [-live [-timeout D] [-ns NAME/ADDR]... [-resolver ADDR] [-allow-special-addresses]]
//	         [-max N] [-v] [-q] [-json]
//
// A CSV-model deposit's files are looked up in the deposit file's directory.
// With -live the catalogue's live checks probe the TLD's name servers
// (progress on stderr); special-purpose addresses from the zone are not
// queried unless -allow-special-addresses is given.
//
// The operator contract is package examples/internal/cli's: flags anywhere,
// -now as RFC 3339, YYYY-MM-DD or YYYYMMDDhhmmss, "-" for standard input
// (one file at most), one-line errors naming the path given. Every file is
// read within a size limit and parsed before the evaluation starts: the zone
// rsep.MaxZoneSize and the root zone trustanchor.MaxZoneBytes (both after
// gzip decompression), -anchor trustanchor.MaxDocumentSize, -p7s
// trustanchor.MaxCMSSize, -policy rsep.MaxPolicySize; the deposit, which
// may be far larger, is streamed (package escrow bounds each token and
// object) after its envelope is checked. An anchor file with no DS or
// DNSKEY record is refused. The text report prints at most -max findings
// per check (-v all) and ends with the counts by check and severity.
//
// Exit status: 0 when every section holds, 1 when there are findings, 2 on
// usage, I/O error or input that cannot be read or parsed.
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

	"github.com/ssrkit/ssr/escrow"
	"github.com/ssrkit/ssr/examples/internal/cli"
	"github.com/ssrkit/ssr/examples/internal/inputerr"
	"github.com/ssrkit/ssr/examples/internal/nsflag"
	"github.com/ssrkit/ssr/rsep"
	"github.com/ssrkit/ssr/trustanchor"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

type flags struct {
	zone, root, anchor, p7s, deposit, policy string
	now                                      *time.Time
	json, quiet                              bool
	// live checks
	live, allowSpecial bool
	timeout            time.Duration
	ns                 nsflag.Map
	resolver           string
	tally              cli.Tally
	stdin              io.Reader
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := cli.New("tldcheck", stdout, stderr)
	c.Synopsis = []string{"[-zone FILE] [-root FILE] [-anchor FILE [-p7s FILE]] [-deposit FILE] [-policy FILE] [-now TIME] [-live [-timeout D] [-ns NAME/ADDR]... [-resolver ADDR] [-allow-special-addresses]] [-max N] [-v] [-q] [-json]"}
	c.About = fmt.Sprintf("Runs the TLD evaluation: trust anchor, zone under the chain of trust, labels, RSEP check catalogue and\n"+
		"escrow deposit. Without -zone it evaluates the embedded sample TLD. Each file is read within a limit before\n"+
		"it is parsed: -zone %d bytes and -root %d (after gzip decompression), -anchor %d, -p7s %d, -policy %d;\n"+
		"the deposit is streamed after its envelope is checked. One file may be \"-\" (standard input; a CSV-model\n"+
		"deposit's files are then looked up in the current directory). Progress goes to stderr (-q: none).",
		rsep.MaxZoneSize, trustanchor.MaxZoneBytes, trustanchor.MaxDocumentSize, trustanchor.MaxCMSSize, rsep.MaxPolicySize)
	c.Examples = []string{
		"tldcheck",
		"tldcheck -zone example.zone -root root.zone -anchor root-anchors.xml -p7s root-anchors.p7s -deposit deposit.xml -policy policy.json -now 2026-11-26",
		"tldcheck -zone example.zone.gz -now 20261126000000 -max 2 -q",
		"tldcheck -json -v",
		"tldcheck -live -timeout 2s -ns ns1.nic.example/192.0.2.1 -resolver 127.0.0.1 -allow-special-addresses",
	}
	fs := c.Flags
	f := flags{ns: nsflag.Map{}, stdin: stdin}
	fs.StringVar(&f.zone, "zone", "", "signed TLD zone `FILE`, optionally gzip (default: the embedded sample)")
	fs.StringVar(&f.root, "root", "", "signed root zone `FILE` holding the TLD's delegation, for the chain of trust (needs -zone)")
	fs.StringVar(&f.anchor, "anchor", "", "root trust anchor `FILE`: root-anchors.xml, or DS/DNSKEY zone lines (default: the embedded IANA publication, or the sample's)")
	fs.StringVar(&f.p7s, "p7s", "", "detached CMS signature `FILE` over the -anchor root-anchors.xml, checked against the embedded ICANN CA bundle")
	fs.StringVar(&f.deposit, "deposit", "", "RFC 8909/9022 escrow deposit `FILE` (XML document, XML or CSV model) for the TLD (needs -zone)")
	fs.StringVar(&f.policy, "policy", "", "registry policy `FILE` for the RSEP checks (JSON, see rsep.ParsePolicy; default: the sample's, or the strict zero policy)")
	f.now = c.Time("now", "evaluation time (default: the sample's date, or the current time with -zone)")
	fs.BoolVar(&f.live, "live", false, "also run the catalogue's live checks against the TLD's name servers (network)")
	fs.DurationVar(&f.timeout, "timeout", rsep.MaxProbeTimeout, "with -live: timeout `D` of one query")
	fs.Var(f.ns, "ns", "with -live: query `NAME/ADDRESS[:PORT]` for name server NAME instead of its glue (repeatable)")
	fs.BoolVar(&f.allowSpecial, "allow-special-addresses", false, "with -live: also query name-server addresses in special-purpose blocks (RFC 6890)")
	fs.StringVar(&f.resolver, "resolver", "", "with -live: recursive resolver `ADDRESS[:PORT]` for the PTR lookups")
	fs.BoolVar(&f.quiet, "q", false, "no progress on stderr")
	fs.BoolVar(&f.json, "json", false, "print the report as JSON (never limited by -max)")
	c.AddMaxFlags(&f.tally)
	pos, code, ok := c.Parse(args)
	if !ok {
		return code
	}
	if msg := f.check(pos); msg != "" {
		return c.Usagef("%s", msg)
	}
	in, source, cleanup, err := inputs(&f)
	defer cleanup()
	if err != nil {
		return c.Fail(cli.ExitUsage, err)
	}
	if !f.quiet {
		// The first line waits for the first section: a zone that cannot
		// be parsed is then reported alone, on one line.
		started := false
		in.Progress = func(s string) {
			if !started {
				started = true
				c.Printf("checking %s at %s", source, in.Now().Format(time.RFC3339))
			}
			c.Printf("%s…", s)
		}
	}
	rep, err := rsep.EvaluateTLD(context.Background(), in)
	if err != nil {
		return c.Fail(cli.ExitUsage, blame(err, &f))
	}
	out := newReport(source, rep)
	var buf bytes.Buffer
	if f.json {
		writeJSON(&buf, out)
	} else {
		printText(&buf, out, f.tally)
	}
	if _, err := stdout.Write(buf.Bytes()); err != nil {
		return c.Fail(cli.ExitUsage, fmt.Errorf("standard output: %v", err))
	}
	if err := unreadable(rep, &f); err != nil {
		// The deposit could be opened and began as one but could not be
		// read to its end: input that cannot be parsed, not a finding.
		return c.Fail(cli.ExitUsage, err)
	}
	if !out.OK {
		return cli.ExitFindings
	}
	return cli.ExitOK
}

// check validates the flags together; it returns a usage message or "".
func (f *flags) check(pos []string) string {
	switch {
	case len(pos) != 0:
		return fmt.Sprintf("unexpected argument %q", pos[0])
	case f.zone == "" && (f.root != "" || f.deposit != ""):
		return "-root and -deposit need -zone"
	case f.p7s != "" && f.anchor == "":
		return "-p7s needs -anchor"
	case f.timeout <= 0:
		return "-timeout must be positive"
	}
	if f.resolver != "" {
		if _, err := nsflag.Addr(f.resolver); err != nil {
			return "-resolver: " + err.Error()
		}
	}
	n := 0
	for _, p := range []string{f.zone, f.root, f.anchor, f.p7s, f.deposit, f.policy} {
		if p == "-" {
			n++
		}
	}
	if n > 1 {
		return "only one of -zone, -root, -anchor, -p7s, -deposit and -policy can be \"-\" (standard input)"
	}
	return ""
}

// blame names the path given in an error of EvaluateTLD: an invalid policy
// is the -policy file's, anything else (the zone cannot be parsed, a limit)
// the zone's.
func blame(err error, f *flags) error {
	path := f.zone
	if path == "" {
		path = "embedded sample"
	}
	if errors.Is(err, rsep.ErrPolicy) && f.policy != "" {
		path = f.policy
	}
	return &inputError{Path: path, Err: err}
}

// unreadable reports a deposit that escrow could not read to its end: the
// DEPOSIT_UNREADABLE finding of the deposit section (escrow.Verify failed),
// or a DEPOSIT_INVALID one for XML that is not well-formed or breaks a
// token limit (escrow's ErrMalformed or ErrLimitExceeded under "XML 1.0",
// RFC 8909 §4: a truncated or damaged file). The rsep finding keeps only
// the message, so the category is recognised by the sentinels' texts.
func unreadable(rep *rsep.TLDReport, f *flags) error {
	s := rep.Section(rsep.SectionDeposit)
	if s == nil || f.deposit == "" {
		return nil
	}
	for _, x := range s.Findings {
		xml := x.Tag == "DEPOSIT_INVALID" && strings.Contains(x.Message, "(XML 1.0") &&
			(strings.Contains(x.Message, ": "+escrow.ErrMalformed.Error()+": ") || strings.Contains(x.Message, ": "+escrow.ErrLimitExceeded.Error()+": "))
		if x.Tag == "DEPOSIT_UNREADABLE" || xml {
			return &inputError{Path: f.deposit, Err: errors.New(strings.TrimPrefix(x.Message, "escrow: "))}
		}
	}
	return nil
}

// inputError is an input that cannot be read or parsed: exit 2, one line
// naming the path.
type inputError = inputerr.Error
