// Command escrowcheck reads and verifies a registry data escrow deposit as an
// escrow agent must (RFC 8909, RFC 9022 §8, ICANN RA Specification 2 Part A
// §8): schema-level validity, header counts, references, policy, eppParams,
// watermark and unique identifiers.
//
//	escrowcheck [-prev FILE]... [-now T] [-json] [-files DIR] DEPOSIT
//	escrowcheck -rst [-tld NAME,...] [-data-model M] [-host-model H] [-idn-tables TAG,...] [-signer KEY] [-key KEY] DEPOSIT
//	escrowcheck -rst-inputs FILE [-key KEY] [DEPOSIT]
//	escrowcheck -recipients FILE.ryde
//	escrowcheck -registrar DIR [-key KEY]
//
// -registrar verifies a registrar data escrow deposit (RAA 3.6) in DIR:
// file names, hash file, CSV domain and handle files (package
// escrow/registrar; its format is known from secondary descriptions only).
//
// Every finding carries the error code ICANN's Registry System Testing
// (RST v2.0, RDE test plan) raises for it, in brackets and in -json's
// "code". -rst adds RST's own rules (rde-01 … rde-15): the file name's
// type and TLD, the object URIs of the data model (-data-model, RST's
// general.registryDataModel) and host model (-host-model, epp.hostModel),
// domain, host, contact, registrar, IDN table (-idn-tables), EPP
// parameters and policy checks. -rst-inputs reads the inputs from a JSON
// object keyed by RST's input parameter names (rde.depositFile,
// rde.signatureFile, rde.publicKey, general.registryDataModel,
// epp.hostModel) plus "tlds" and "idnTables", which RST takes from the test
// request; paths are relative to the JSON file. RST's rde.signatureFile is
// ASCII-armoured, binary signatures are accepted too. -recipients lists the
// key IDs a .ryde file is encrypted to, without a secret key.
//
// -prev names the FULL deposit and the DIFF/INCR deposits that precede
// DEPOSIT, oldest first; they are applied in order (RFC 8909 §5.2) so that a
// DIFF's header counts can be checked against the rebuilt repository. CSV
// model files are read from -files (default: the deposit's directory).
//
// The operator contract is package examples/internal/cli's: flags anywhere
// (and "--"), -h lists every flag with examples, -now as RFC 3339,
// YYYY-MM-DD or YYYYMMDDhhmmss, "-" for standard input (one file at most:
// the deposit or -rst-inputs), the deposit streamed (never read whole;
// empty or binary input refused at once), key files read within
// escrow.MaxKeyRingBytes, -sig within escrow.MaxSignatureBytes, -rst-inputs
// within maxRSTInputsBytes, one-line errors naming the path given. At most
// -max findings per RST code (or kind, without a code) are printed (-v: all),
// then the counts by code and severity; -json is never limited, its
// members are camelCase, findings carry check, severity, kind, clause and
// rstCode separately, and lists are never null.
//
// Exit status: 0 verified, 1 findings (including a RyDE deposit refused for
// its signature or integrity), 2 usage, I/O error or input that is not a
// deposit (empty, binary, not well-formed XML, past escrow's limits) or an
// unusable key.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ssrkit/ssr/escrow"
	"github.com/ssrkit/ssr/examples/internal/cli"
)

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// cmd is the command line; the flags of every file are defined on it.
var cmd = cli.New("escrowcheck", os.Stdout, os.Stderr)

var (
	prevFiles multiFlag
	nowFlag   = cmd.Time("now", "verification time (default: the current time)")
	jsonOut   = cmd.Flags.Bool("json", false, "print the reports as JSON (never limited by -max)")
	filesDir  = cmd.Flags.String("files", "", "`DIR`ectory holding the CSV files of CSV-model deposits (default: the deposit's directory)")
	quiet     = cmd.Flags.Bool("q", false, "no progress on stderr")
	tally     cli.Tally
)

func init() {
	cmd.Flags.Var(&prevFiles, "prev", "previous deposit `FILE` (FULL, then DIFF/INCR), oldest first; repeatable")
	cmd.AddMaxFlags(&tally)
	cmd.Synopsis = []string{
		"[-prev FILE]... [-now TIME] [-files DIR] [-max N] [-v] [-q] [-json] DEPOSIT",
		"-rst [-tld NAME,...] [-data-model M] [-host-model H] [-idn-tables TAG,...] [-key KEY -signer KEY [-sig FILE] [-insecure-allow-no-mdc]] DEPOSIT.ryde",
		"-rst-inputs FILE [-key KEY] [DEPOSIT]",
		"-recipients FILE.ryde",
		"-registrar DIR [-key KEY]",
	}
	cmd.About = fmt.Sprintf("Verifies a registry data escrow deposit (RFC 8909, RFC 9022 §8, RA Specification 2 Part A §8) as an escrow\n"+
		"agent must: plain XML, gzip XML or RyDE pieces. The deposit is streamed (escrow's per-token and per-object\n"+
		"limits); key files are read within %d bytes (escrow.MaxKeyRingBytes), -sig within %d (escrow.MaxSignatureBytes),\n"+
		"-rst-inputs within %d. The deposit or -rst-inputs may be \"-\" (standard input).",
		escrow.MaxKeyRingBytes, escrow.MaxSignatureBytes, maxRSTInputsBytes)
	cmd.Examples = []string{
		"escrowcheck -now 2026-12-01 -max 3 deposit.xml",
		"escrowcheck -prev full.xml -files csv -q -json -v diff.xml",
		"escrowcheck -rst -tld example -data-model maximum -host-model objects -idn-tables ja,de -key agent.sec -signer registry.pub example_2026-12-01_full_S1_R0.ryde",
		"escrowcheck -key agent.sec -signer registry.pub -sig piece.sig -insecure-allow-no-mdc -now 20261201000000 example_2026-12-01_full_S1_R0.ryde",
		"escrowcheck -rst-inputs inputs.json -key agent.sec",
		"escrowcheck -recipients example_2026-12-01_full_S1_R0.ryde",
		"escrowcheck -registrar 8_RDE_2026-11-22 -key registrar.pub",
		"gzip -dc deposit.xml.gz | escrowcheck -",
	}
}

// progressf prints a progress line unless -q.
func progressf(format string, args ...any) {
	if !*quiet {
		cmd.Printf(format, args...)
	}
}

type jsonFinding struct {
	Check    string `json:"check"`    // the RST code, or the kind without one
	Severity string `json:"severity"` // always "error": the agent rejects the deposit
	Kind     string `json:"kind"`
	Clause   string `json:"clause,omitempty"`
	RSTCode  string `json:"rstCode,omitempty"` // RST error code
	Object   string `json:"object,omitempty"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Offset   int64  `json:"offset,omitempty"`
	Detail   string `json:"detail"`
}

type jsonReport struct {
	File     string           `json:"file"`
	Type     string           `json:"type,omitempty"`
	ID       string           `json:"id,omitempty"`
	PrevID   string           `json:"prevId,omitempty"`
	Resend   int              `json:"resend,omitempty"`
	Wmark    string           `json:"watermark,omitempty"`
	Objects  int64            `json:"objects"`
	ByKind   []kindCount      `json:"byKind"`
	CSVRows  int64            `json:"csvRows,omitempty"`
	Header   map[string]int64 `json:"header"`
	Counts   map[string]int64 `json:"counts"`
	Bytes    int64            `json:"bytes"`
	Seconds  float64          `json:"seconds"`
	OK       bool             `json:"ok"`
	Findings []jsonFinding    `json:"findings"`
	Summary  []cli.Count      `json:"summary"`
	Dropped  int              `json:"dropped,omitempty"`
	Skipped  []string         `json:"skipped,omitempty"`
}

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	pos, code, ok := cmd.Parse(args)
	if !ok {
		return code
	}
	if *recipients {
		if len(pos) != 1 {
			return cmd.Usagef("-recipients takes one .ryde file")
		}
		if err := listRecipients(pos[0]); err != nil {
			return cmd.Fail(cli.ExitUsage, err)
		}
		return cli.ExitOK
	}
	now := time.Now
	if !nowFlag.IsZero() {
		t := *nowFlag
		now = func() time.Time { return t }
	}
	if *regDir != "" {
		if len(pos) != 0 {
			return cmd.Usagef("-registrar takes no argument, got %q", pos[0])
		}
		return checkRegistrar(*regDir, now)
	}
	if len(pos) > 1 {
		return cmd.Usagef("unexpected argument %q", pos[1])
	}
	deposit := ""
	if len(pos) == 1 {
		deposit = pos[0]
	}
	rst, err := rstConfig(&deposit)
	if err != nil {
		return cmd.Fail(cli.ExitUsage, err)
	}
	if deposit == "" {
		return cmd.Usagef("a DEPOSIT argument is required")
	}
	all := append(append([]string(nil), prevFiles...), deposit)
	stdin := 0
	for _, p := range append(all, *rstInputs) {
		if p == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return cmd.Usagef("only one input can be \"-\" (standard input)")
	}
	return checkAll(all, now, rst)
}

// checkAll verifies the deposits of a chain in order and prints the
// reports; it returns the exit status.
func checkAll(all []string, now func() time.Time, rst *escrow.RSTConfig) int {
	state := escrow.NewState()
	reports := []jsonReport{}
	exit := cli.ExitOK
	for i, path := range all {
		var ro *escrow.RSTConfig
		if i == len(all)-1 {
			ro = rst
		}
		rep, secs, err := check(path, state, now, ro)
		var ie inputError
		if err != nil && !errors.As(err, &ie) && rejected(err) {
			// The deposit was refused (signature, integrity, pieces,
			// limits): a finding about the deposit, not a usage or I/O
			// error. Later deposits of a chain cannot be applied.
			exit = cli.ExitFindings
			if *jsonOut {
				var t cli.Tally
				jf := rejectedJSON(err)
				t.Add(jf.Check, jf.Severity)
				reports = append(reports, jsonReport{File: path, ByKind: []kindCount{}, Header: map[string]int64{}, Counts: map[string]int64{},
					Findings: []jsonFinding{jf}, Summary: t.Counts()})
			} else {
				fmt.Fprintf(cmd.Stdout, "%s: REJECTED: %s\n", path, cli.Line(err.Error(), 1000))
			}
			break
		}
		if err != nil {
			return cmd.Fail(cli.ExitUsage, err)
		}
		if !rep.OK() {
			exit = cli.ExitFindings
		}
		if *jsonOut {
			reports = append(reports, toJSON(rep, secs))
		} else {
			printText(cmd.Stdout, rep)
		}
	}
	if *jsonOut {
		enc := json.NewEncoder(cmd.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(reports); err != nil {
			return cmd.Fail(cli.ExitUsage, fmt.Errorf("writing JSON: %v", err))
		}
	}
	return exit
}

func rejectedJSON(err error) jsonFinding {
	jf := jsonFinding{Severity: "error", Kind: kindOf(err), Clause: clauseOf(err), Detail: err.Error(), RSTCode: escrow.RyDECode(err)}
	jf.Check = jf.RSTCode
	if jf.Check == "" {
		jf.Check = jf.Kind
	}
	return jf
}

func check(path string, state *escrow.State, now func() time.Time, rst *escrow.RSTConfig) (*escrow.Report, float64, error) {
	r, c, err := openDeposit(path, rst)
	if err != nil {
		return nil, 0, err
	}
	defer c.Close()
	dir := *filesDir
	if dir == "" {
		dir = filepath.Dir(path)
	}
	name := filepath.Base(path)
	if path == "-" {
		name = "stdin"
	}
	start := time.Now()
	opts := &escrow.VerifyConfig{
		Name:  name,
		Now:   now,
		State: state,
		Files: os.DirFS(dir),
	}
	if rst != nil {
		ro := *rst
		ro.FileName = name // rde.depositFile (rde-01)
		opts.RST = &ro
	}
	if !*quiet {
		opts.Progress = func(objects, offset int64) {
			el := time.Since(start).Seconds()
			cmd.Printf("%s: %d objects, %.0f MB, %.0f MB/s", name, objects, float64(offset)/1e6, float64(offset)/1e6/el)
		}
	}
	rep, err := escrow.Verify(context.Background(), r, opts)
	secs := time.Since(start).Seconds()
	plain := !strings.HasSuffix(path, ".ryde")
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		if plain && (errors.Is(err, escrow.ErrMalformed) || errors.Is(err, escrow.ErrLimitExceeded)) {
			return nil, 0, inputError{depositErr(path, err)}
		}
		if !rejected(err) {
			return nil, 0, inputError{depositErr(path, err)}
		}
		return nil, 0, err
	}
	if plain && rep != nil {
		if f := unreadable(rep); f != nil {
			return nil, 0, inputError{depositErr(path, f)}
		}
	}
	progressf("%s: done, %d objects, %.1f MB in %.2fs (%.0f MB/s)", name, rep.Objects, float64(rep.Bytes)/1e6, secs, float64(rep.Bytes)/1e6/secs)
	return rep, secs, nil
}

// unreadable returns the first finding saying a plain XML deposit is not
// well-formed XML or passes one of escrow's limits (XML 1.0, RFC 8909 §4):
// input that cannot be read, which the contract reports as malformed input
// (exit 2) rather than a finding.
func unreadable(rep *escrow.Report) *escrow.Error {
	for _, f := range rep.Findings {
		if errors.Is(f.Kind, escrow.ErrMalformed) || errors.Is(f.Kind, escrow.ErrLimitExceeded) {
			return f
		}
	}
	return nil
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
	return fmt.Errorf("%s: %v", path, unwrapPath(err))
}

// unwrapPath drops the *os.PathError wrapper, whose message repeats the path.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// findingCheck is the RST code of a finding or, without one, its kind.
func findingCheck(f *escrow.Error) string {
	if f.Code != "" {
		return f.Code
	}
	if f.Kind != nil {
		return strings.TrimPrefix(f.Kind.Error(), "escrow: ")
	}
	return "finding"
}

// kindCount is one member of byKind: object kind names such as "NNDN"
// are data, so they are values, not member names.
type kindCount struct {
	Kind  string `json:"kind"`
	Count int64  `json:"count"`
}

func byKind(m map[string]int64) []kindCount {
	out := []kindCount{}
	for k, n := range m {
		out = append(out, kindCount{k, n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out
}

func nonNil(m map[string]int64) map[string]int64 {
	if m == nil {
		return map[string]int64{}
	}
	return m
}

func toJSON(rep *escrow.Report, secs float64) jsonReport {
	j := jsonReport{File: rep.File, Objects: rep.Objects, ByKind: byKind(rep.ByKind), CSVRows: rep.CSVRows, Header: nonNil(rep.Header),
		Counts: nonNil(rep.Counts), Bytes: rep.Bytes, Seconds: secs, OK: rep.OK(), Dropped: rep.Dropped, Skipped: rep.Skipped, Findings: []jsonFinding{}}
	if d := rep.Deposit; d != nil {
		j.Type, j.ID, j.PrevID, j.Resend, j.Wmark = string(d.Type), d.ID, d.PrevID, d.Resend, d.WatermarkText
	}
	var t cli.Tally
	for _, f := range rep.Findings {
		jf := jsonFinding{Check: findingCheck(f), Severity: "error", Clause: f.Clause, Object: f.Object, File: f.File, Line: f.Line, RSTCode: f.Code}
		if f.Offset > 0 {
			jf.Offset = f.Offset
		}
		if f.Kind != nil {
			jf.Kind = f.Kind.Error()
		}
		if f.Err != nil {
			jf.Detail = f.Err.Error()
		}
		t.Add(jf.Check, jf.Severity)
		j.Findings = append(j.Findings, jf)
	}
	j.Summary = t.Counts()
	return j
}

func printText(w io.Writer, rep *escrow.Report) {
	d := rep.Deposit
	if d != nil {
		fmt.Fprintf(w, "%s: %s deposit %s", rep.File, d.Type, d.ID)
		if d.PrevID != "" {
			fmt.Fprintf(w, " (prevId %s)", d.PrevID)
		}
		fmt.Fprintf(w, ", watermark %s, %d objects", d.WatermarkText, rep.Objects)
		if rep.CSVRows > 0 {
			fmt.Fprintf(w, ", %d CSV rows", rep.CSVRows)
		}
		fmt.Fprintln(w)
	}
	t := cli.Tally{Max: tally.Max, Verbose: tally.Verbose}
	for _, f := range rep.Findings {
		if t.Add(findingCheck(f), "error") {
			fmt.Fprintln(w, "  ", f)
		}
	}
	if rep.Dropped > 0 {
		fmt.Fprintf(w, "   ... and %d more findings (escrow.MaxFindings reached)\n", rep.Dropped)
	}
	for _, s := range rep.Skipped {
		fmt.Fprintln(w, "   not checked:", s)
	}
	if rep.OK() {
		fmt.Fprintf(w, "%s: verified\n", rep.File)
		return
	}
	t.WriteSummary(w, "  ")
	fmt.Fprintf(w, "%s: %d finding(s)\n", rep.File, len(rep.Findings)+rep.Dropped)
}

// rejected reports whether err means the deposit itself failed a check while
// being opened (RyDE signatures, integrity, pieces, layout, limits), as
// opposed to a usage or I/O problem.
func rejected(err error) bool {
	for _, k := range []error{escrow.ErrSignature, escrow.ErrUnknownSigner, escrow.ErrNoIntegrity, escrow.ErrIntegrity,
		escrow.ErrMissingPiece, escrow.ErrRyDELayout, escrow.ErrPieceChanged, escrow.ErrLimitExceeded, escrow.ErrMalformed, escrow.ErrFileName} {
		if errors.Is(err, k) {
			return true
		}
	}
	return false
}

func kindOf(err error) string {
	var e *escrow.Error
	if errors.As(err, &e) && e.Kind != nil {
		return e.Kind.Error()
	}
	return "rejected"
}

func clauseOf(err error) string {
	var e *escrow.Error
	if errors.As(err, &e) {
		return e.Clause
	}
	return ""
}
