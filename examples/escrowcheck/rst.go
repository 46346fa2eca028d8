package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"

	"github.com/ssrkit/ssr/escrow"
	"github.com/ssrkit/ssr/escrow/registrar"
	"github.com/ssrkit/ssr/examples/internal/cli"
)

// Flags of ICANN's Registry System Testing (RST v2.0, RDE test plan): -rst
// turns on RST's rules and codes; the other flags are its inputs.
var (
	rstMode    = cmd.Flags.Bool("rst", false, "check as ICANN's RST RDE test plan does (rde-01 … rde-15), with its inputs below")
	tldFlag    = cmd.Flags.String("tld", "", "TLD(s) of the test, comma-separated A-labels (RST's test request)")
	dataModel  = cmd.Flags.String("data-model", "", "general.registryDataModel: minimum, maximum or per-registrar (default maximum)")
	hostModel  = cmd.Flags.String("host-model", "", "epp.hostModel: objects or attributes (default objects)")
	idnTables  = cmd.Flags.String("idn-tables", "", "language tags of the TLD's IDN tables, comma-separated")
	rstInputs  = cmd.Flags.String("rst-inputs", "", "JSON `FILE` of RST input parameters (keys as RST names them; see the package doc); - for standard input")
	recipients = cmd.Flags.Bool("recipients", false, "list the key IDs the .ryde file is encrypted to (no secret key needed) and exit")
	regDir     = cmd.Flags.String("registrar", "", "verify the registrar data escrow deposit (RAA 3.6) in `DIR` instead (secondary format descriptions, see escrow/registrar)")
	sigFile    = cmd.Flags.String("sig", "", "detached signature `file` of a single-piece .ryde deposit (default: the .ryde name with .sig)")
)

// rstInputFile is the JSON object of -rst-inputs: RST's input parameter
// names; "tlds" and "idnTables" are not RST input parameters (RST takes
// them from the test request) and are accepted for completeness. File
// paths are relative to the JSON file's directory.
type rstInputFile struct {
	DepositFile   string   `json:"rde.depositFile"`
	SignatureFile string   `json:"rde.signatureFile"`
	PublicKey     string   `json:"rde.publicKey"`
	DataModel     string   `json:"general.registryDataModel"`
	HostModel     string   `json:"epp.hostModel"`
	TLDs          []string `json:"tlds"`
	IDNTables     []string `json:"idnTables"`
}

// rstConfig builds the RST options from the flags and -rst-inputs; it
// returns nil when RST mode is off. deposit is the deposit path from the
// command line or rde.depositFile.
func rstConfig(deposit *string) (*escrow.RSTConfig, error) {
	if *rstInputs != "" {
		*rstMode = true
	}
	if !*rstMode {
		return nil, nil
	}
	ro := &escrow.RSTConfig{}
	if *rstInputs != "" {
		in, err := readRSTInputs(*rstInputs)
		if err != nil {
			return nil, err
		}
		dir := filepath.Dir(*rstInputs)
		rel := func(p string) string {
			if p == "" || filepath.IsAbs(p) {
				return p
			}
			return filepath.Join(dir, p)
		}
		ro.DataModel, ro.HostModel = escrow.DataModel(in.DataModel), escrow.HostModel(in.HostModel)
		ro.TLDs, ro.IDNTables = in.TLDs, in.IDNTables
		if *deposit == "" {
			*deposit = rel(in.DepositFile)
		}
		if *signerFile == "" {
			*signerFile = rel(in.PublicKey)
		}
		if *sigFile == "" {
			*sigFile = rel(in.SignatureFile)
		}
	}
	// Flags override the file.
	if *tldFlag != "" {
		ro.TLDs = splitList(*tldFlag)
	}
	if *dataModel != "" {
		ro.DataModel = escrow.DataModel(*dataModel)
	}
	if *hostModel != "" {
		ro.HostModel = escrow.HostModel(*hostModel)
	}
	if *idnTables != "" {
		ro.IDNTables = splitList(*idnTables)
	}
	if err := ro.Validate(); err != nil {
		return nil, err
	}
	return ro, nil
}

// maxRSTInputsBytes bounds the -rst-inputs file read: RST's input
// parameters are a few short strings, so a larger file (or a device such
// as /dev/zero) is refused rather than read into memory.
const maxRSTInputsBytes = 1 << 20

func readRSTInputs(path string) (*rstInputFile, error) {
	b, err := cli.ReadFile(path, cli.ReadOptions{Max: maxRSTInputsBytes, MaxName: "maxRSTInputsBytes", Text: true, Stdin: os.Stdin})
	if err != nil {
		return nil, fmt.Errorf("-rst-inputs %w", err)
	}
	in, err := parseRSTInputs(b)
	if err != nil {
		return nil, fmt.Errorf("-rst-inputs %s: not a JSON object of RST input parameters: %v", path, err)
	}
	return in, nil
}

// parseRSTInputs decodes the -rst-inputs JSON object. Every value used is
// a string or a list of strings; other RST parameters (dns.*, epp.*) may be
// present and are ignored.
func parseRSTInputs(b []byte) (*rstInputFile, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	in := &rstInputFile{}
	set := map[string]*string{"rde.depositFile": &in.DepositFile, "rde.signatureFile": &in.SignatureFile,
		"rde.publicKey": &in.PublicKey, "general.registryDataModel": &in.DataModel, "epp.hostModel": &in.HostModel}
	lists := map[string]*[]string{"tlds": &in.TLDs, "idnTables": &in.IDNTables}
	for k, v := range raw {
		if set[k] == nil && lists[k] == nil {
			continue
		}
		var s string
		var list []string
		isStr := json.Unmarshal(v, &s) == nil
		isList := !isStr && json.Unmarshal(v, &list) == nil
		switch {
		case set[k] != nil && isStr:
			*set[k] = s
		case lists[k] != nil && (isList || isStr):
			if isStr {
				list = splitList(s)
			}
			*lists[k] = list
		default:
			return nil, fmt.Errorf("%s must be a string%s", k, map[bool]string{true: " or a list of strings"}[lists[k] != nil])
		}
	}
	return in, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// listRecipients prints the key IDs a RyDE file is encrypted to.
func listRecipients(path string) error {
	f, c, err := cli.OpenStream(path, cli.ReadOptions{})
	if err != nil {
		return err
	}
	defer c.Close()
	ids, err := escrow.RyDERecipients(f)
	if err != nil {
		return depositErr(path, err)
	}
	if ids == nil {
		ids = []string{}
	}
	if *jsonOut {
		enc := json.NewEncoder(cmd.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"file": filepath.Base(path), "recipients": ids})
	}
	for _, id := range ids {
		fmt.Fprintf(cmd.Stdout, "%s: encrypted to %s\n", filepath.Base(path), id)
	}
	return nil
}

// checkRegistrar verifies a registrar deposit directory and prints the
// report; it returns the exit status.
func checkRegistrar(dir string, now func() time.Time) int {
	var keys openpgp.EntityList
	if *keyFile != "" {
		k, err := readKeys("-key", *keyFile)
		if err != nil {
			return cmd.Fail(cli.ExitUsage, err)
		}
		keys = k
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		if err == nil {
			err = errors.New("not a directory")
		}
		return cmd.Fail(cli.ExitUsage, fmt.Errorf("-registrar %w", &cli.PathError{Path: dir, Err: unwrapPath(err)}))
	}
	rep, err := registrar.Verify(context.Background(), os.DirFS(dir), &registrar.Config{Keys: keys, Now: now})
	if err != nil {
		return cmd.Fail(cli.ExitUsage, fmt.Errorf("-registrar %s: %s", dir, strings.TrimPrefix(err.Error(), "registrar: ")))
	}
	printRegistrar(cmd.Stdout, dir, rep, *jsonOut)
	if !rep.OK() {
		return 1
	}
	return 0
}

// printRegistrar prints a registrar deposit's report, in JSON or text;
// findings beyond MaxFindings are counted (Dropped), never silently lost.
func printRegistrar(w io.Writer, dir string, rep *registrar.Report, asJSON bool) {
	if asJSON {
		type finding struct {
			Check    string `json:"check"`
			Severity string `json:"severity"`
			Kind     string `json:"kind"`
			Clause   string `json:"clause"`
			File     string `json:"file"`
			Line     int    `json:"line,omitempty"`
			Detail   string `json:"detail"`
		}
		out := struct {
			Dir      string      `json:"dir"`
			IANAID   int         `json:"ianaId"`
			Date     string      `json:"date"`
			Files    []string    `json:"files"`
			Domains  int64       `json:"domains"`
			Handles  int64       `json:"handles"`
			OK       bool        `json:"ok"`
			Findings []finding   `json:"findings"`
			Summary  []cli.Count `json:"summary"`
			Dropped  int64       `json:"dropped,omitempty"`
			Skipped  []string    `json:"skipped,omitempty"`
		}{Dir: dir, IANAID: rep.IANAID, Date: rep.Date.Format(time.DateOnly), Files: rep.Files, Domains: rep.Domains,
			Handles: rep.Handles, OK: rep.OK(), Findings: []finding{}, Dropped: rep.Dropped, Skipped: rep.Skipped}
		if out.Files == nil {
			out.Files = []string{}
		}
		var t cli.Tally
		for _, f := range rep.Findings {
			d := ""
			if f.Err != nil {
				d = f.Err.Error()
			}
			k := strings.TrimPrefix(f.Kind.Error(), "registrar: ")
			t.Add(k, "error")
			out.Findings = append(out.Findings, finding{Check: k, Severity: "error", Kind: f.Kind.Error(), Clause: f.Clause, File: f.File, Line: f.Line, Detail: d})
		}
		out.Summary = t.Counts()
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(out)
	} else {
		fmt.Fprintf(w, "%s: registrar deposit, IANA ID %d, %s, %d files, %d domains, %d handles\n", dir, rep.IANAID, rep.Date.Format(time.DateOnly), len(rep.Files), rep.Domains, rep.Handles)
		t := cli.Tally{Max: tally.Max, Verbose: tally.Verbose}
		for _, f := range rep.Findings {
			if t.Add(strings.TrimPrefix(f.Kind.Error(), "registrar: "), "error") {
				fmt.Fprintln(w, "  ", f)
			}
		}
		if rep.Dropped > 0 {
			fmt.Fprintf(w, "   ... and %d more findings (MaxFindings reached)\n", rep.Dropped)
		}
		for _, s := range rep.Skipped {
			fmt.Fprintln(w, "   not checked:", s)
		}
		if rep.OK() {
			fmt.Fprintf(w, "%s: verified\n", dir)
		} else {
			t.WriteSummary(w, "  ")
			fmt.Fprintf(w, "%s: %d finding(s)\n", dir, int64(len(rep.Findings))+rep.Dropped)
		}
	}
}
