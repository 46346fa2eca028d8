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
// Exit status: 0 verified, 1 findings, 2 usage or I/O error.
package main

import (
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

	"github.com/ssrkit/ssr/escrow"
)

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

var (
	prevFiles multiFlag
	nowFlag   = flag.String("now", "", "verification time, RFC 3339 (default: the current time)")
	jsonOut   = flag.Bool("json", false, "print the reports as JSON")
	filesDir  = flag.String("files", "", "directory holding the CSV files of CSV-model deposits (default: the deposit's directory)")
	quiet     = flag.Bool("q", false, "no progress on stderr")
)

func init() {
	flag.Var(&prevFiles, "prev", "previous deposit `FILE` (FULL, then DIFF/INCR), oldest first; repeatable")
}

type jsonFinding struct {
	Kind   string `json:"kind"`
	Clause string `json:"clause,omitempty"`
	Object string `json:"object,omitempty"`
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Offset int64  `json:"offset,omitempty"`
	Detail string `json:"detail"`
	Code   string `json:"code,omitempty"` // RST error code
}

type jsonReport struct {
	File     string           `json:"file"`
	Type     string           `json:"type,omitempty"`
	ID       string           `json:"id,omitempty"`
	PrevID   string           `json:"prevId,omitempty"`
	Resend   int              `json:"resend,omitempty"`
	Wmark    string           `json:"watermark,omitempty"`
	Objects  int64            `json:"objects"`
	ByKind   map[string]int64 `json:"byKind"`
	CSVRows  int64            `json:"csvRows,omitempty"`
	Header   map[string]int64 `json:"header"`
	Counts   map[string]int64 `json:"counts"`
	Bytes    int64            `json:"bytes"`
	Seconds  float64          `json:"seconds"`
	OK       bool             `json:"ok"`
	Findings []jsonFinding    `json:"findings"`
	Dropped  int64            `json:"dropped,omitempty"`
	Skipped  []string         `json:"skipped,omitempty"`
}

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: escrowcheck [-prev FILE]... [-now T] [-json] [-files DIR] [-rst [-tld T] [-data-model M] [-host-model H] [-idn-tables T]] [-rst-inputs FILE] DEPOSIT\n       escrowcheck -recipients FILE.ryde")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *recipients {
		if flag.NArg() != 1 {
			flag.Usage()
			os.Exit(2)
		}
		if err := listRecipients(flag.Arg(0)); err != nil {
			fmt.Fprintf(os.Stderr, "escrowcheck: %v\n", err)
			if errors.Is(err, escrow.ErrMalformed) || errors.Is(err, escrow.ErrRyDELayout) {
				os.Exit(1)
			}
			os.Exit(2)
		}
		os.Exit(0)
	}
	now := time.Now
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			fmt.Fprintf(os.Stderr, "escrowcheck: -now: %v\n", err)
			os.Exit(2)
		}
		now = func() time.Time { return t }
	}
	if *regDir != "" {
		if flag.NArg() != 0 {
			flag.Usage()
			os.Exit(2)
		}
		os.Exit(checkRegistrar(*regDir, now))
	}
	deposit := flag.Arg(0)
	rst, err := rstConfig(&deposit)
	if err != nil {
		fmt.Fprintf(os.Stderr, "escrowcheck: %v\n", err)
		os.Exit(2)
	}
	if flag.NArg() > 1 || deposit == "" {
		flag.Usage()
		os.Exit(2)
	}
	state := escrow.NewState()
	var reports []jsonReport
	exit := 0
	all := append(append([]string(nil), prevFiles...), deposit)
	for i, path := range all {
		var ro *escrow.RSTOptions
		if i == len(all)-1 {
			ro = rst
		}
		rep, secs, err := check(path, state, now, ro)
		if err != nil && rejected(err) {
			// The deposit was refused (signature, integrity, pieces,
			// limits): a finding about the deposit, not a usage or I/O
			// error. Later deposits of a chain cannot be applied.
			exit = 1
			if *jsonOut {
				reports = append(reports, jsonReport{File: path, Findings: []jsonFinding{{Kind: kindOf(err), Clause: clauseOf(err), Detail: err.Error(), Code: escrow.RyDECode(err)}}})
			} else {
				fmt.Printf("%s: REJECTED: %v\n", path, err)
			}
			break
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "escrowcheck: %s: %v\n", path, err)
			os.Exit(2)
		}
		if !rep.OK() {
			exit = 1
		}
		if *jsonOut {
			reports = append(reports, toJSON(rep, secs))
		} else {
			printText(os.Stdout, rep, secs)
		}
	}
	if *jsonOut {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(reports); err != nil {
			fmt.Fprintln(os.Stderr, "escrowcheck:", err)
			os.Exit(2)
		}
	}
	os.Exit(exit)
}

func check(path string, state *escrow.State, now func() time.Time, rst *escrow.RSTOptions) (*escrow.Report, float64, error) {
	r, c, err := openDeposit(path, rst)
	if err != nil {
		return nil, 0, err
	}
	defer c.Close()
	dir := *filesDir
	if dir == "" {
		dir = filepath.Dir(path)
	}
	start := time.Now()
	opts := &escrow.VerifyOptions{
		Name:  filepath.Base(path),
		Now:   now,
		State: state,
		Files: os.DirFS(dir),
	}
	if rst != nil {
		ro := *rst
		ro.FileName = filepath.Base(path) // rde.depositFile (rde-01)
		opts.RST = &ro
	}
	if !*quiet {
		opts.Progress = func(objects, offset int64) {
			el := time.Since(start).Seconds()
			fmt.Fprintf(os.Stderr, "escrowcheck: %s: %d objects, %.0f MB, %.0f MB/s\n", filepath.Base(path), objects, float64(offset)/1e6, float64(offset)/1e6/el)
		}
	}
	rep, err := escrow.Verify(context.Background(), r, opts)
	secs := time.Since(start).Seconds()
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, 0, err
	}
	if !*quiet {
		fmt.Fprintf(os.Stderr, "escrowcheck: %s: done, %d objects, %.1f MB in %.2fs (%.0f MB/s)\n", filepath.Base(path), rep.Objects, float64(rep.Bytes)/1e6, secs, float64(rep.Bytes)/1e6/secs)
	}
	return rep, secs, nil
}

func toJSON(rep *escrow.Report, secs float64) jsonReport {
	j := jsonReport{File: rep.File, Objects: rep.Objects, ByKind: rep.ByKind, CSVRows: rep.CSVRows, Header: rep.Header,
		Counts: rep.Counts, Bytes: rep.Bytes, Seconds: secs, OK: rep.OK(), Dropped: rep.Dropped, Skipped: rep.Skipped, Findings: []jsonFinding{}}
	if d := rep.Deposit; d != nil {
		j.Type, j.ID, j.PrevID, j.Resend, j.Wmark = string(d.Type), d.ID, d.PrevID, d.Resend, d.WatermarkText
	}
	for _, f := range rep.Findings {
		jf := jsonFinding{Clause: f.Clause, Object: f.Object, File: f.File, Line: f.Line, Code: f.Code}
		if f.Offset > 0 {
			jf.Offset = f.Offset
		}
		if f.Kind != nil {
			jf.Kind = f.Kind.Error()
		}
		if f.Err != nil {
			jf.Detail = f.Err.Error()
		}
		j.Findings = append(j.Findings, jf)
	}
	return j
}

func printText(w io.Writer, rep *escrow.Report, secs float64) {
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
	for _, f := range rep.Findings {
		fmt.Fprintln(w, "  ", f)
	}
	if rep.Dropped > 0 {
		fmt.Fprintf(w, "   ... and %d more findings\n", rep.Dropped)
	}
	for _, s := range rep.Skipped {
		fmt.Fprintln(w, "   not checked:", s)
	}
	if rep.OK() {
		fmt.Fprintf(w, "%s: verified\n", rep.File)
	} else {
		fmt.Fprintf(w, "%s: %d finding(s)\n", rep.File, int64(len(rep.Findings))+rep.Dropped)
	}
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
