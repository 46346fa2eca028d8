// Command escrowmake turns an XML deposit (RFC 8909, RFC 9022) into a
// signed, encrypted RyDE file set (ICANN RA Specification 2 Part A §4–§5):
// {tld}_{date}_{type}_S{n}_R{rev}.ryde pieces, each with a detached .sig.
//
//	escrowmake -recipient AGENT.pub -signer REGISTRY.sec [-out DIR] [-split SIZE]
//	           [-tld T] [-date YYYY-MM-DD] [-type full|diff|thin] [-rev N] [-report] [-json] DEPOSIT.xml
//
// The TLD, watermark date, type and revision default to the deposit's
// rdeHeader:tld, watermark, type and resend attribute. -report also writes
// the rdeReport document ({name}.rep.xml) for ICANN.
//
// Before packing, the deposit is verified as an escrow agent will verify it
// (escrow.Verify: RFC 9022 §8, RA Specification 2 Part A §8; a DIFF or INCR
// against the deposits named by -prev, oldest first; CSV files from -files
// or the deposit's directory). A deposit with findings is refused, the
// findings printed, unless -force is given: the agent would reject it and
// ICANN be notified (RA Specification 2 Part B §7).
//
// The operator contract is package examples/internal/cli's: flags anywhere
// (and "--"), -h lists every flag with examples, -date as YYYY-MM-DD, the
// key files read whole within escrow.MaxKeyRingBytes, the deposit streamed
// (never read whole; binary or empty input is refused at once), one-line
// errors naming the path given. The deposit is read three times (header,
// verification, packing): "-" (standard input, for the deposit or one
// -prev) is copied to a temporary file while it is verified, so only what
// escrow accepts is spooled, and removed at exit. The findings of
// a deposit that fails verification are printed at most -max per RST code
// (-v: all), then counted by code and severity.
//
// Exit status: 0 written, 1 the deposit fails verification (a finding; not
// packed without -force), 2 usage, I/O error, unusable keys or a deposit
// that cannot be read as RFC 8909 XML. -json members are camelCase.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"

	"github.com/ssrkit/ssr/escrow"
	"github.com/ssrkit/ssr/examples/internal/cli"
)

// options are the command line.
type options struct {
	recipient, signer, out, split, tld, date, typ, files string
	rev                                                  int
	report, json, force                                  bool
	prev                                                 multiFlag
	day                                                  time.Time // -date parsed
	spool                                                *os.File  // copy of a deposit read from "-"
	tally                                                cli.Tally
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	o := options{}
	c := newCommand(stdout, stderr, &o)
	pos, code, ok := c.Parse(args)
	if !ok {
		return code
	}
	split, code, ok := checkArgs(c, pos, &o)
	if !ok {
		return code
	}
	recipients, err := readKeys("-recipient", o.recipient)
	if err != nil {
		return c.Fail(cli.ExitUsage, err)
	}
	signers, err := readKeys("-signer", o.signer)
	if err != nil {
		return c.Fail(cli.ExitUsage, err)
	}
	path := pos[0]
	src := path // the file packed: the deposit, or its spool when path is "-"
	if path == "-" {
		// The deposit is read three times (header, verification,
		// packing): standard input is copied to a temporary file while
		// it is verified, so only what escrow accepts is spooled.
		sp, err := os.CreateTemp("", "escrowmake-stdin-*.xml")
		if err != nil {
			return c.Fail(cli.ExitUsage, fmt.Errorf("spooling -: %v", unwrap(err)))
		}
		defer os.Remove(sp.Name())
		defer sp.Close()
		o.spool, src = sp, sp.Name()
	}
	meta, name, code, ok := verifyAndName(c, path, src, &o)
	if !ok {
		return code
	}
	return pack(c, &o, path, src, meta, name, &escrow.RyDEWriteConfig{
		Recipients: recipients,
		Signer:     signers[0],
		Create:     escrow.CreateInDir(o.out),
		SplitSize:  split,
	})
}

// newCommand describes the command and its flags, which fill o.
func newCommand(stdout, stderr io.Writer, o *options) *cli.Command {
	c := cli.New("escrowmake", stdout, stderr)
	c.Synopsis = []string{"-recipient AGENT.pub -signer REGISTRY.sec [-out DIR] [-split SIZE] [-tld T] [-date YYYY-MM-DD] [-type full|diff|thin] [-rev N] [-prev FILE]... [-files DIR] [-force] [-report] [-max N] [-v] [-json] DEPOSIT.xml"}
	c.About = fmt.Sprintf("Verifies an RFC 8909/9022 deposit as an escrow agent will, then packs it into signed, encrypted RyDE\n"+
		"pieces (RA Specification 2 Part A §4-§5). Key files are read whole within %d bytes (escrow.MaxKeyRingBytes);\n"+
		"the deposit is streamed (escrow's per-token and per-object limits); \"-\" reads it from standard input, copied\n"+
		"to a temporary file while it is verified (it is read three times). One input at most may be \"-\".",
		escrow.MaxKeyRingBytes)
	c.Examples = []string{
		"escrowmake -recipient agent.pub -signer registry.sec -out out -report deposit.xml",
		"escrowmake deposit.xml -recipient agent.pub -signer registry.sec -split 100M -tld example -date 2026-12-01 -type full -rev 1 -json",
		"escrowmake -recipient agent.pub -signer registry.sec -prev full.xml -files csv -max 3 -v diff.xml",
		"escrowmake -recipient agent.pub -signer registry.sec -force -- deposit.xml",
	}
	fs := c.Flags
	fs.StringVar(&o.recipient, "recipient", "", "escrow agent's OpenPGP public key `FILE` (binary or armored)")
	fs.StringVar(&o.signer, "signer", "", "registry's OpenPGP secret key `FILE`, without passphrase")
	fs.StringVar(&o.out, "out", ".", "output `DIR`ectory")
	fs.StringVar(&o.split, "split", "0", "split .ryde files at this `SIZE` (bytes, or with K, M, G suffix); 0 = one piece")
	fs.StringVar(&o.tld, "tld", "", "TLD A-label `T` (default: the deposit's rdeHeader:tld)")
	fs.StringVar(&o.date, "date", "", "watermark `DATE` YYYY-MM-DD (default: the deposit's watermark)")
	fs.StringVar(&o.typ, "type", "", "full, diff or thin `TYPE` (default: from the deposit type)")
	fs.IntVar(&o.rev, "rev", -1, "revision number `N` (default: the deposit's resend attribute)")
	fs.BoolVar(&o.report, "report", false, "also write the rdeReport document for ICANN")
	fs.BoolVar(&o.json, "json", false, "print the result as JSON")
	fs.BoolVar(&o.force, "force", false, "pack the deposit even if it fails verification")
	fs.StringVar(&o.files, "files", "", "`DIR`ectory of the CSV files of a CSV-model deposit (default: the deposit's directory)")
	fs.Var(&o.prev, "prev", "previous deposit `FILE` (FULL, then DIFF/INCR), oldest first, to verify a DIFF or INCR; repeatable")
	c.AddMaxFlags(&o.tally)
	return c
}

// checkArgs checks the arguments and flags that need no file: one deposit,
// the two keys, at most one "-", -split, -date and -out. It returns the
// split size, or the exit code and false.
func checkArgs(c *cli.Command, pos []string, o *options) (int64, int, bool) {
	switch {
	case len(pos) == 0:
		return 0, c.Usagef("a DEPOSIT.xml argument is required"), false
	case len(pos) > 1:
		return 0, c.Usagef("unexpected argument %q", pos[1]), false
	case o.recipient == "" || o.signer == "":
		return 0, c.Usagef("-recipient and -signer are required"), false
	}
	stdin := 0
	for _, p := range append(append([]string(nil), o.prev...), pos[0]) {
		if p == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return 0, c.Usagef("only one input can be \"-\" (standard input)"), false
	}
	split, err := parseSize(o.split)
	if err != nil {
		return 0, c.Usagef("-split: %v", err), false
	}
	if o.date != "" {
		d, err := time.Parse(time.DateOnly, o.date)
		if err != nil {
			return 0, c.Usagef("-date %s is not a date; use YYYY-MM-DD", strconv.Quote(o.date)), false
		}
		o.day = d
	}
	if st, err := os.Stat(o.out); err != nil || !st.IsDir() {
		if err == nil {
			err = errors.New("not a directory")
		}
		return 0, c.Fail(cli.ExitUsage, fmt.Errorf("-out %w", &cli.PathError{Path: o.out, Err: unwrap(err)})), false
	}
	return split, 0, true
}

// verifyAndName reads the deposit's header and names the RyDE set (for "-",
// after verification has spooled it), and verifies the deposit. A deposit
// with findings is refused unless -force. It returns the exit code and
// false when the deposit is not to be packed.
func verifyAndName(c *cli.Command, path, src string, o *options) (*depositMeta, escrow.FileName, int, bool) {
	var meta *depositMeta
	var name escrow.FileName
	prepare := func() error {
		var err error
		if meta, err = scanDeposit(src); err != nil {
			return err
		}
		if name, err = fileName(meta, o); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		return nil
	}
	if path != "-" {
		if err := prepare(); err != nil {
			return nil, name, c.Fail(cli.ExitUsage, err), false
		}
	}
	err := verify(path, o, c)
	if err == nil || errors.Is(err, errFindings) {
		if path == "-" {
			if err := prepare(); err != nil {
				return nil, name, c.Fail(cli.ExitUsage, err), false
			}
		}
	}
	if err != nil {
		if !errors.Is(err, errFindings) {
			return nil, name, c.Fail(cli.ExitUsage, err), false
		}
		if !o.force {
			return nil, name, c.Fail(cli.ExitFindings, fmt.Errorf("%v (not packed; -force packs it anyway)", err)), false
		}
		c.Printf("WARNING, packing anyway (-force): %v", err)
	}
	return meta, name, 0, true
}

// pack writes the RyDE set of src (RA Specification 2 Part A §4-§5) and,
// with -report, the rdeReport, and prints what was written.
func pack(c *cli.Command, o *options, path, src string, meta *depositMeta, name escrow.FileName, cfg *escrow.RyDEWriteConfig) int {
	f, err := os.Open(src)
	if err != nil {
		return c.Fail(cli.ExitUsage, &cli.PathError{Path: path, Err: unwrap(err)})
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return c.Fail(cli.ExitUsage, &cli.PathError{Path: path, Err: unwrap(err)})
	}
	if !o.json {
		c.Printf("writing %s (%d bytes of XML) to %s", name.WithExt("ryde"), st.Size(), o.out)
	}
	res, err := escrow.WriteRyDE(context.Background(), name, f, st.Size(), cfg)
	if err != nil {
		if res != nil {
			for _, n := range append(res.Pieces, res.Signatures...) {
				os.Remove(filepath.Join(o.out, n))
			}
		}
		return c.Fail(cli.ExitUsage, fmt.Errorf("writing to -out %s: %v", o.out, unwrap(err)))
	}
	var reportName string
	if o.report {
		reportName, err = writeReport(meta, name, o.out)
		if err != nil {
			return c.Fail(cli.ExitUsage, fmt.Errorf("writing the report to -out %s: %v", o.out, unwrap(err)))
		}
	}
	if o.json {
		return printJSON(c, res, reportName)
	}
	stdout := c.Stdout
	for i, p := range res.Pieces {
		fmt.Fprintf(stdout, "%s\t%d bytes\t%s\n", p, res.Sizes[i], res.Signatures[i])
	}
	fmt.Fprintf(stdout, "%s, %s, %s compression; member %s\n", res.Encryption, res.Cipher, res.Compression, res.Member)
	if reportName != "" {
		fmt.Fprintln(stdout, reportName)
	}
	return cli.ExitOK
}

// jsonPiece is one written piece in -json output.
type jsonPiece struct {
	File      string `json:"file"`
	Bytes     int64  `json:"bytes"`
	Signature string `json:"signature"`
}

// jsonResult is the -json output (camelCase, lists never null).
type jsonResult struct {
	Pieces      []jsonPiece `json:"pieces"`
	Encryption  string      `json:"encryption"`
	Cipher      string      `json:"cipher"`
	Compression string      `json:"compression"`
	Member      string      `json:"member"`
	Report      string      `json:"report,omitempty"`
}

func printJSON(c *cli.Command, res *escrow.RyDEWriteResult, report string) int {
	out := jsonResult{Pieces: []jsonPiece{}, Encryption: string(res.Encryption), Cipher: res.Cipher, Compression: string(res.Compression), Member: res.Member, Report: report}
	for i, p := range res.Pieces {
		out.Pieces = append(out.Pieces, jsonPiece{File: p, Bytes: res.Sizes[i], Signature: res.Signatures[i]})
	}
	enc := json.NewEncoder(c.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return c.Fail(cli.ExitUsage, fmt.Errorf("writing JSON: %v", err))
	}
	return cli.ExitOK
}

// readKeys reads an OpenPGP key file within escrow.MaxKeyRingBytes.
func readKeys(flagName, path string) (openpgp.EntityList, error) {
	b, err := cli.ReadFile(path, cli.ReadOptions{Max: escrow.MaxKeyRingBytes, MaxName: "escrow.MaxKeyRingBytes"})
	if err != nil {
		return nil, fmt.Errorf("%s %w", flagName, err)
	}
	el, err := escrow.ReadKeyRing(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %s", flagName, path, strings.TrimPrefix(err.Error(), "escrow: "))
	}
	if len(el) == 0 {
		return nil, fmt.Errorf("%s %s: no OpenPGP key (RFC 9580 §10.1)", flagName, path)
	}
	return el, nil
}

// unwrap drops the *os.PathError wrapper, whose message repeats the path.
func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// depositMeta is what the file name and report need from the deposit.
type depositMeta struct {
	dep    *escrow.Deposit
	tld    string
	counts []escrow.RDEHeaderCount
}

// openText opens a deposit to stream: not a directory, not empty, no NUL
// byte at its start.
func openText(path string) (io.Reader, io.Closer, error) {
	return cli.OpenStream(path, cli.ReadOptions{Text: true})
}

// scanDeposit reads the deposit up to its rdeHeader:header.
func scanDeposit(path string) (*depositMeta, error) {
	f, c, err := openText(path)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	r := escrow.NewReader(f, &escrow.ReaderConfig{Name: filepath.Base(path)})
	dep, err := r.Deposit()
	if err != nil {
		return nil, depositErr(path, err)
	}
	m := &depositMeta{dep: dep}
	for r.Next() {
		o := r.Object()
		if o.Kind != escrow.KindHeader || o.Delete {
			continue
		}
		m.tld = o.Elem.ChildText(escrow.NSHeader, "tld")
		for _, c := range o.Elem.Children {
			if c.Name.Space != escrow.NSHeader || c.Name.Local != "count" {
				continue
			}
			n, err := strconv.ParseInt(strings.TrimSpace(c.Text), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: rdeHeader:count %s is not a number (RFC 9022 §5.1)", path, strconv.Quote(c.Text))
			}
			hc := escrow.RDEHeaderCount{Count: n}
			hc.URI, _ = c.Attr("uri")
			hc.RCDN, _ = c.Attr("rcdn")
			hc.RegistrarID, _ = c.Attr("registrarId")
			m.counts = append(m.counts, hc)
		}
		break
	}
	if err := r.Err(); err != nil {
		return nil, depositErr(path, err)
	}
	return m, nil
}

// depositErr names the path given in an escrow error, without escrow's
// prefix and its own (base) file name.
func depositErr(path string, err error) error {
	var e *escrow.Error
	if errors.As(err, &e) {
		e2 := *e
		e2.File = ""
		return fmt.Errorf("%s: %s", path, strings.TrimPrefix(e2.Error(), "escrow: "))
	}
	return fmt.Errorf("%s: %v", path, unwrap(err))
}

func fileName(m *depositMeta, o *options) (escrow.FileName, error) {
	n := escrow.FileName{TLD: strings.ToLower(m.tld), Date: m.dep.Watermark.UTC().Truncate(24 * time.Hour), Rev: m.dep.Resend, Seq: 1, Ext: "ryde"}
	switch m.dep.Type {
	case escrow.Full:
		n.Type = "full"
	case escrow.Differential:
		n.Type = "diff"
	}
	if o.tld != "" {
		n.TLD = strings.ToLower(o.tld)
	}
	if !o.day.IsZero() {
		n.Date = o.day
	}
	if o.typ != "" {
		n.Type = escrow.FileType(o.typ)
	}
	if o.rev >= 0 {
		n.Rev = o.rev
	}
	if n.TLD == "" {
		return n, errors.New("the deposit has no rdeHeader:tld; give -tld")
	}
	if n.Type == "" {
		return n, fmt.Errorf("deposit type %q has no RyDE name (RA Spec 2 Part A §5.3); give -type", m.dep.Type)
	}
	if m.dep.Watermark.IsZero() && o.day.IsZero() {
		return n, errors.New("the deposit has no watermark; give -date")
	}
	if err := n.Validate(); err != nil {
		return n, errors.New(strings.TrimPrefix(err.Error(), "escrow: "))
	}
	return n, nil
}

func writeReport(m *depositMeta, name escrow.FileName, dir string) (string, error) {
	rep := &escrow.RDEReport{
		ID:              m.dep.ID,
		Version:         1,
		RydeSpecEscrow:  "RFC8909",
		RydeSpecMapping: "RFC9022",
		Resend:          m.dep.Resend,
		CrDate:          time.Now().UTC().Truncate(time.Second),
		Kind:            m.dep.Type,
		Watermark:       m.dep.Watermark,
		Header:          escrow.RDEHeader{TLD: name.TLD, Counts: m.counts},
	}
	b, err := escrow.MarshalRDEReport(rep)
	if err != nil {
		return "", err
	}
	base := strings.TrimSuffix(name.WithExt("ryde").String(), ".ryde") + ".rep.xml"
	w, err := escrow.CreateInDir(dir)(base)
	if err != nil {
		return "", err
	}
	if _, err := w.Write(b); err != nil {
		w.Close()
		return "", err
	}
	return base, w.Close()
}

func parseSize(s string) (int64, error) {
	orig := s
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
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("%s is not a size (bytes, or with a K, M or G suffix)", strconv.Quote(orig))
	}
	return n * mult, nil
}

// errFindings reports a deposit that failed verification.
var errFindings = errors.New("the deposit fails verification")

// verify checks the deposit (after the -prev chain) as an escrow agent
// will, printing at most -max findings per RST code (-v: all) and a
// summary to stderr. It returns an error wrapping errFindings for
// findings, another for a deposit that cannot be read.
func verify(path string, o *options, c *cli.Command) error {
	state := escrow.NewState()
	for _, p := range append(append([]string(nil), o.prev...), path) {
		f, cl, err := openText(p)
		if err != nil {
			return err
		}
		dir := o.files
		if dir == "" {
			dir = filepath.Dir(p)
		}
		in, spool := f, p == path && o.spool != nil
		if spool {
			in = io.TeeReader(f, o.spool)
		}
		name := filepath.Base(p)
		if p == "-" {
			name = "stdin"
		}
		rep, err := escrow.Verify(context.Background(), in, &escrow.VerifyConfig{Name: name, State: state, Files: os.DirFS(dir)})
		if err == nil {
			if u := unreadable(rep); u != nil {
				err = u // not RFC 8909 XML: input error, not a finding
			}
		}
		if err == nil && spool {
			err = drain(o.spool, f)
		}
		cl.Close()
		if err != nil {
			return depositErr(p, err)
		}
		if p != path {
			continue // findings of earlier deposits are not this deposit's
		}
		if rep.OK() {
			return nil
		}
		for _, f := range rep.Findings {
			if o.tally.Add(findingKind(f), "error") {
				fmt.Fprintln(c.Stderr, " ", cli.Line(f.Error(), 1000))
			}
		}
		for i := 0; i < rep.Dropped; i++ {
			o.tally.AddFolded("(not kept: escrow.MaxFindings)", "error")
		}
		o.tally.WriteSummary(c.Stderr, "  ")
		return fmt.Errorf("%s: %w: %d finding(s)", p, errFindings, len(rep.Findings)+rep.Dropped)
	}
	return nil
}

// unreadable returns the first finding saying the deposit is not
// well-formed XML or passes one of escrow's limits (RFC 8909 §4, XML 1.0):
// a deposit that cannot be read, which the contract reports as malformed
// input (exit 2) rather than a finding.
func unreadable(rep *escrow.Report) error {
	for _, f := range rep.Findings {
		if errors.Is(f.Kind, escrow.ErrMalformed) || errors.Is(f.Kind, escrow.ErrLimitExceeded) {
			return f
		}
	}
	return nil
}

// drain copies what follows a verified document on standard input to the
// spool: only white space or comments may follow (XML 1.0 §2.1 Misc), so
// at most escrow.MaxTokenBytes are copied; more is refused rather than
// spooled without bound.
func drain(spool io.Writer, r io.Reader) error {
	n, err := io.Copy(spool, io.LimitReader(r, escrow.MaxTokenBytes+1))
	if err != nil {
		return err
	}
	if n > escrow.MaxTokenBytes {
		return fmt.Errorf("more than escrow.MaxTokenBytes (%d bytes) after the deposit's root element (XML 1.0 §2.1)", escrow.MaxTokenBytes)
	}
	return nil
}

// findingKind is the RST code of a finding or, without one, its kind.
func findingKind(f *escrow.Error) string {
	if f.Code != "" {
		return f.Code
	}
	if f.Kind != nil {
		return strings.TrimPrefix(f.Kind.Error(), "escrow: ")
	}
	return "finding"
}
