// Command verifyzone checks a signed DNS zone file completely: every
// signature, the NSEC or NSEC3 chain, delegations and glue, key policy,
// the DNSKEY RRset against a trust anchor and the ZONEMD digest.
//
// Usage:
//
//	verifyzone [-anchor FILE] [-now TIME] [-origin NAME] [-expiry DURATION] [-z] [-mem SIZE] [-tmp DIR] [-max N] [-v] [-q] [-json] ZONEFILE
//
// ZONEFILE may be gzip-compressed (inflated as it is read, at most
// dnssec.MaxZoneInflatedBytes); it is streamed through dnssec.OpenZoneFile,
// never read into memory. "-" reads the zone from standard input, spooled
// as it is read to an unlinked temporary file in -tmp (at most
// MaxStdinBytes), which is replayed when the zone is not in canonical order
// and must be read twice (stdin.go).
// -anchor reads DS or DNSKEY records in presentation format (for the root,
// /usr/share/dns/root.ds) or an IANA root-anchors.xml file, at most
// trustanchor.MaxDocumentSize bytes; a file without anchors is refused
// (RFC 4033 §6). -z drops the rule that, when the zone has keys with the
// SEP flag, each algorithm's DNSKEY RRset is signed by one of them (as
// dnssec-verify -z does).
//
// The operator contract is package examples/internal/cli's: flags anywhere
// (and "--"), -now as RFC 3339, YYYY-MM-DD or YYYYMMDDhhmmss, one-line
// errors naming the path given. The text report prints at most -max
// problems of each kind (-v: all) and ends with the counts by kind and
// severity; -json is never limited and uses camelCase members. Severity is
// "warning" for policy findings (signatures expiring soon, NSEC3
// parameters, key policy) and "error" otherwise; both fail the zone.
// Exit status: 0 the zone verified, 1 problems were found, 2 usage, I/O
// error or input that is not a zone file. A progress line is written to
// stderr (-q: none).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/dnssec"
	"github.com/ssrkit/ssr/examples/internal/cli"
	"github.com/ssrkit/ssr/examples/internal/inputerr"
	"github.com/ssrkit/ssr/trustanchor"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// parseSize reads a byte count with an optional K, M or G suffix (powers
// of 1024).
func parseSize(s string) (int64, error) {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1<<10, strings.TrimSuffix(s, "K")
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, strings.TrimSuffix(s, "M")
	case strings.HasSuffix(s, "G"):
		mult, s = 1<<30, strings.TrimSuffix(s, "G")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<50)/mult {
		return 0, fmt.Errorf("%q is not a size like 512M or 2G", s)
	}
	return n * mult, nil
}

// options are the command line.
type options struct {
	anchor, origin, mem, tmp string
	now                      time.Time
	expiry                   time.Duration
	json, quiet, noSEP       bool
	tally                    cli.Tally
	stdin                    io.Reader
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := cli.New("verifyzone", stdout, stderr)
	c.Synopsis = []string{"[-anchor FILE] [-now TIME] [-origin NAME] [-expiry DURATION] [-z] [-mem SIZE] [-tmp DIR] [-max N] [-v] [-q] [-json] ZONEFILE"}
	c.About = fmt.Sprintf("Verifies a signed zone completely (signatures, NSEC/NSEC3 chain, delegations, key policy, trust anchor,\n"+
		"ZONEMD). ZONEFILE may be gzip-compressed (at most %d bytes inflated) and is streamed, never read whole;\n"+
		"\"-\" reads it from standard input, spooled to a temporary file in -tmp of at most %d bytes (MaxStdinBytes).\n"+
		"-anchor is read within %d bytes (trustanchor.MaxDocumentSize). Progress goes to stderr (-q: none).",
		dnssec.MaxZoneInflatedBytes, int64(MaxStdinBytes), trustanchor.MaxDocumentSize)
	c.Examples = []string{
		"verifyzone -anchor /usr/share/dns/root.ds -now 2026-12-01 root.zone.gz",
		"verifyzone -origin example. -expiry 72h -now 20261201000000 -max 3 example.zone",
		"verifyzone -z -mem 2G -tmp /var/tmp -q -v big.zone",
		"xzcat tld.zone.xz | verifyzone -json -q -",
	}
	fs := c.Flags
	o := options{stdin: stdin}
	fs.StringVar(&o.anchor, "anchor", "", "`FILE` with DS/DNSKEY anchors for the apex, or an IANA root-anchors.xml; - for standard input")
	now := c.Time("now", "validation time (default: the current time)")
	fs.StringVar(&o.origin, "origin", "", "zone apex `NAME` (default: owner of the first SOA)")
	fs.DurationVar(&o.expiry, "expiry", 0, "also report signatures expiring within this `DURATION`")
	fs.BoolVar(&o.json, "json", false, "write the report as JSON (never limited by -max)")
	fs.BoolVar(&o.quiet, "q", false, "no progress line")
	fs.BoolVar(&o.noSEP, "z", false, "ignore the SEP (KSK) flag: do not require, per algorithm, a DNSKEY RRset signature by a SEP key (like dnssec-verify -z)")
	fs.StringVar(&o.mem, "mem", "", "memory budget `SIZE`, e.g. 512M or 2G (default 768M, dnssec.MaxZoneMemory): zones not in canonical order are sorted on disk past it")
	fs.StringVar(&o.tmp, "tmp", "", "`DIR` for the sorted runs and a copy of standard input (default: the system's temporary directory)")
	c.AddMaxFlags(&o.tally)
	pos, code, ok := c.Parse(args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		return c.Usagef("ZONEFILE is required")
	}
	if len(pos) > 1 {
		return c.Usagef("unexpected argument %q", pos[1])
	}
	if pos[0] == "-" && o.anchor == "-" {
		return c.Usagef("only one of ZONEFILE and -anchor can be \"-\" (standard input)")
	}
	o.now = *now
	return verify(c, o, pos[0])
}

// inputError is an input that cannot be read or parsed: exit 2, one line
// naming the path.
type inputError struct {
	path string
	err  error
}

func (e *inputError) Error() string {
	msg := strings.TrimPrefix(e.err.Error(), "dnssec: ")
	msg = strings.ReplaceAll(msg, e.path+": ", "")
	return e.path + ": " + msg
}

func (e *inputError) Unwrap() error { return e.err }

// renamed is err about the file name (a temporary copy of standard input,
// or path itself) as an inputError naming path.
func renamed(path, name string, err error) error {
	if name == path {
		return &inputError{path, err}
	}
	return &inputError{path, errors.New(strings.ReplaceAll(err.Error(), name, path))}
}

func verify(c *cli.Command, o options, path string) int {
	opts := dnssec.ZoneConfig{Origin: o.origin, ExpiryWindow: o.expiry, File: path, TempDir: o.tmp, Memory: dnssec.MaxZoneMemory, AllowDNSKEYNotSignedBySEPKey: o.noSEP}
	if o.mem != "" {
		m, err := parseSize(o.mem)
		if err != nil {
			return c.Usagef("-mem: %v", err)
		}
		opts.Memory = m
	}
	// The heap is sized for the budget: the collector runs when the heap
	// nears it rather than at twice the live data, so a zone that fits
	// the budget is read without fighting the collector. GOMEMLIMIT
	// overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(opts.Memory)
	}
	if !o.now.IsZero() {
		t := o.now
		opts.Now = func() time.Time { return t }
	}
	if o.anchor != "" {
		b, err := cli.ReadFile(o.anchor, cli.ReadOptions{Max: trustanchor.MaxDocumentSize, MaxName: "trustanchor.MaxDocumentSize", Text: true, Stdin: o.stdin})
		if err != nil {
			return c.Fail(cli.ExitUsage, err)
		}
		as, err := readAnchors(b)
		if err != nil {
			return c.Fail(cli.ExitUsage, &inputError{o.anchor, inputerr.Anonymous(err)})
		}
		opts.Anchors = as
	}
	zf, name, cleanup, err := openZone(path, o)
	if err != nil {
		return c.Fail(cli.ExitUsage, err)
	}
	defer cleanup()
	start := time.Now()
	progress := false // a progress line is open on stderr
	if !o.quiet {
		opts.Progress = func(p dnssec.ZoneProgress) {
			progress = !p.Done
			end := ""
			if p.Done {
				end = "\n"
			}
			fmt.Fprintf(c.Stderr, "\rverifyzone: %d records, %d names, %d signatures checked, %.1fs%s",
				p.Records, p.Names, p.Verified, time.Since(start).Seconds(), end)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := dnssec.VerifyZone(ctx, zf, &opts)
	if err != nil {
		if progress {
			fmt.Fprintln(c.Stderr)
		}
		return c.Fail(cli.ExitUsage, renamed(path, name, err))
	}
	var buf bytes.Buffer
	if o.json {
		writeJSON(&buf, rep)
	} else {
		writeText(&buf, rep, &o.tally)
	}
	if _, err := c.Stdout.Write(buf.Bytes()); err != nil {
		return c.Fail(cli.ExitUsage, fmt.Errorf("standard output: %v", err))
	}
	if rep.Err() != nil {
		return cli.ExitFindings
	}
	return cli.ExitOK
}

// openZone opens the zone file (standard input for "-", see stdin.go) and
// checks its first bytes: an empty file or binary data (a NUL byte in the
// first cli.TextSniffBytes, after gzip) is refused at once. It returns the
// name of the file opened; the caller runs cleanup when done.
func openZone(path string, o options) (io.ReadSeeker, string, func(), error) {
	if path == "-" {
		sp, err := openStdin(o.stdin, o.tmp)
		if err != nil {
			return nil, "", nil, &cli.PathError{Path: path, Err: err}
		}
		return sp, path, sp.close, nil
	}
	if st, err := os.Stat(path); err != nil {
		return nil, "", nil, &cli.PathError{Path: path, Err: unwrapPath(err)}
	} else if st.IsDir() {
		return nil, "", nil, &cli.PathError{Path: path, Err: cli.ErrDirectory}
	}
	zf, err := dnssec.OpenZoneFile(path, 0)
	if err != nil {
		return nil, "", nil, renamed(path, path, unwrapPath(err))
	}
	done := func() { zf.Close() }
	head := make([]byte, cli.TextSniffBytes)
	n, err := io.ReadFull(zf, head)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	if err == nil {
		err = sniff(head[:n])
	}
	if err == nil {
		_, err = zf.Seek(0, io.SeekStart)
	}
	if err != nil {
		done()
		return nil, "", nil, renamed(path, path, err)
	}
	return zf, path, done, nil
}

// sniff refuses an empty input, or binary data: a NUL byte in the text's
// first bytes (presentation format escapes it, RFC 1035 §5.1).
func sniff(head []byte) error {
	if len(head) == 0 {
		return cli.ErrEmpty
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return fmt.Errorf("%w (NUL byte at offset %d)", cli.ErrBinary, i)
	}
	return nil
}

// unwrapPath drops the *os.PathError wrapper, whose message repeats the
// path and the system call.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readAnchors reads DS/DNSKEY records in presentation format (through
// trustanchor's bounded reader), or the KeyDigest elements of an IANA
// root-anchors.xml (RFC 9718 §2). An empty anchor set is refused
// (RFC 4033 §6: validation starts from a configured anchor).
func readAnchors(data []byte) ([]dns.RR, error) {
	var out []dns.RR
	if bytes.Contains(data, []byte("<TrustAnchor")) {
		var ta struct {
			Zone    string `xml:"Zone"`
			Digests []struct {
				KeyTag     uint16 `xml:"KeyTag"`
				Algorithm  uint8  `xml:"Algorithm"`
				DigestType uint8  `xml:"DigestType"`
				Digest     string `xml:"Digest"`
			} `xml:"KeyDigest"`
		}
		if err := xml.Unmarshal(data, &ta); err != nil {
			return nil, fmt.Errorf("not a root-anchors.xml (RFC 9718 §2): %v", err)
		}
		for _, d := range ta.Digests {
			out = append(out, &dns.DS{Hdr: dns.RR_Header{Name: dns.Fqdn(ta.Zone), Rrtype: dns.TypeDS, Class: dns.ClassINET},
				KeyTag: d.KeyTag, Algorithm: d.Algorithm, DigestType: d.DigestType, Digest: strings.ToUpper(d.Digest)})
		}
	} else {
		rrs, err := trustanchor.ReadZoneLines(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		for _, rr := range rrs {
			switch rr.(type) {
			case *dns.DS, *dns.DNSKEY:
				out = append(out, rr)
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no DS or DNSKEY record: an empty anchor set is refused (RFC 4033 §6)")
	}
	return out, nil
}

// jsonProblem is one problem in the JSON report.
type jsonProblem struct {
	Line     int    `json:"line,omitempty"`
	Owner    string `json:"owner,omitempty"`
	Type     string `json:"type,omitempty"`
	KeyTag   int    `json:"keyTag,omitempty"`
	Kind     string `json:"kind"`
	Severity string `json:"severity"`
	Clause   string `json:"clause,omitempty"`
	Message  string `json:"message"`
	Record   string `json:"record,omitempty"`
}

// jsonKey is one key of the apex DNSKEY RRset.
type jsonKey struct {
	Tag       uint16 `json:"tag"`
	Algorithm uint8  `json:"algorithm"`
	Flags     uint16 `json:"flags"`
	Role      string `json:"role"`
	Bits      int    `json:"bits,omitempty"`
	Anchored  bool   `json:"anchored"`
	Signs     int    `json:"signs"`
}

// jsonReport is the JSON report: camelCase members, lists never null.
type jsonReport struct {
	OK         bool          `json:"ok"`
	Origin     string        `json:"origin"`
	Serial     uint32        `json:"serial"`
	Records    int           `json:"records"`
	Names      int           `json:"names"`
	RRsets     int           `json:"rrsets"`
	Signatures int           `json:"signatures"`
	Verified   int           `json:"verified"`
	Keys       []jsonKey     `json:"keys"`
	Denial     string        `json:"denial"`
	ZONEMD     string        `json:"zonemd"`
	Sorted     bool          `json:"sorted"`
	Problems   []jsonProblem `json:"problems"`
	Omitted    int           `json:"omitted"`
	Summary    []cli.Count   `json:"summary"`
}

// severity is "warning" for the policy findings (a signature expiring
// within -expiry, NSEC3 parameters against RFC 9276 §3.1, a key against
// RFC 8624 §3.1) and "error" for the rest; both fail the zone.
func severity(p *dnssec.Error) string {
	for _, k := range []error{dnssec.ErrExpiresSoon, dnssec.ErrNSEC3Policy, dnssec.ErrKeyPolicy} {
		if errors.Is(p, k) {
			return "warning"
		}
	}
	return "error"
}

// kind names a problem's category for the summary.
func kind(p *dnssec.Error) string {
	if p.Kind == nil {
		return "error"
	}
	return p.Kind.Error()
}

func role(flags uint16) string {
	if flags&dns.SEP != 0 {
		return "KSK"
	}
	return "ZSK"
}

func writeJSON(w io.Writer, rep *dnssec.ZoneReport) {
	out := jsonReport{OK: rep.Err() == nil, Origin: rep.Origin, Serial: rep.Serial, Records: rep.Records, Names: rep.Names,
		RRsets: rep.RRsets, Signatures: rep.Signatures, Verified: rep.Verified, Keys: []jsonKey{}, Denial: rep.Denial.String(),
		ZONEMD: rep.ZONEMD.String(), Sorted: rep.Sorted, Problems: []jsonProblem{}, Omitted: rep.Dropped}
	for _, k := range rep.Keys {
		out.Keys = append(out.Keys, jsonKey{k.Tag, k.Algorithm, k.Flags, role(k.Flags), k.Bits, k.Anchored, k.Signs})
	}
	var tally cli.Tally
	for _, p := range rep.Findings {
		j := jsonProblem{Line: p.Line, Owner: p.Name, Kind: kind(p), Severity: severity(p), Clause: p.Clause, Message: p.Error()}
		tally.AddFolded(j.Kind, j.Severity)
		if p.Type != 0 {
			j.Type = dns.Type(p.Type).String()
		}
		if p.RR != nil {
			h := p.RR.Header()
			j.Owner, j.Type, j.Record = h.Name, dns.Type(h.Rrtype).String(), p.RR.String()
			switch rr := p.RR.(type) {
			case *dns.RRSIG:
				j.KeyTag, j.Type = int(rr.KeyTag), "RRSIG "+dns.Type(rr.TypeCovered).String()
			case *dns.DNSKEY:
				j.KeyTag = int(rr.KeyTag())
			case *dns.DS:
				j.KeyTag = int(rr.KeyTag)
			}
		}
		out.Problems = append(out.Problems, j)
	}
	out.Summary = tally.Counts()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}

// writeText writes the report: at most tally.Max problems of each kind
// (all with tally.Verbose), then the summary by kind and severity.
func writeText(w io.Writer, rep *dnssec.ZoneReport, tally *cli.Tally) {
	fmt.Fprintf(w, "zone %s serial %d: %d records, %d names, %d RRsets, %d/%d signatures verified, denial %s, ZONEMD %s\n",
		rep.Origin, rep.Serial, rep.Records, rep.Names, rep.RRsets, rep.Verified, rep.Signatures, rep.Denial, rep.ZONEMD)
	for _, k := range rep.Keys {
		anch := ""
		if k.Anchored {
			anch = ", anchored"
		}
		fmt.Fprintf(w, "key %d alg %d %s %d bits: %d signatures%s\n", k.Tag, k.Algorithm, role(k.Flags), k.Bits, k.Signs, anch)
	}
	for _, p := range rep.Findings {
		if tally.Add(kind(p), severity(p)) {
			fmt.Fprintln(w, p.Error())
		}
	}
	if rep.Dropped > 0 {
		fmt.Fprintf(w, "… %d more problems not kept (dnssec.MaxZoneFindings)\n", rep.Dropped)
	}
	if err := rep.Err(); err != nil {
		tally.WriteSummary(w, "")
		fmt.Fprintf(w, "FAIL: %d problem(s)\n", len(rep.Findings)+rep.Dropped)
	} else {
		fmt.Fprintln(w, "OK: zone verified completely")
	}
}
