package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"

	"github.com/ssrkit/ssr/escrow"
	"github.com/ssrkit/ssr/escrow/registrar"
)

// Flags of ICANN's Registry System Testing (RST v2.0, RDE test plan): -rst
// turns on RST's rules and codes; the other flags are its inputs.
var (
	rstMode    = flag.Bool("rst", false, "check as ICANN's RST RDE test plan does (rde-01 … rde-15), with its inputs below")
	tldFlag    = flag.String("tld", "", "TLD(s) of the test, comma-separated A-labels (RST's test request)")
	dataModel  = flag.String("data-model", "", "general.registryDataModel: minimum, maximum or per-registrar (default maximum)")
	hostModel  = flag.String("host-model", "", "epp.hostModel: objects or attributes (default objects)")
	idnTables  = flag.String("idn-tables", "", "language tags of the TLD's IDN tables, comma-separated")
	rstInputs  = flag.String("rst-inputs", "", "JSON `FILE` of RST input parameters (keys as RST names them; see the package doc)")
	recipients = flag.Bool("recipients", false, "list the key IDs the .ryde file is encrypted to (no secret key needed) and exit")
	regDir     = flag.String("registrar", "", "verify the registrar data escrow deposit (RAA 3.6) in `DIR` instead (secondary format descriptions, see escrow/registrar)")
	sigFile    = flag.String("sig", "", "detached signature `file` of a single-piece .ryde deposit (default: the .ryde name with .sig)")
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
func rstConfig(deposit *string) (*escrow.RSTOptions, error) {
	if *rstInputs != "" {
		*rstMode = true
	}
	if !*rstMode {
		return nil, nil
	}
	ro := &escrow.RSTOptions{}
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
	b, err := readCapped(path, maxRSTInputsBytes, "maxRSTInputsBytes")
	if err != nil {
		return nil, fmt.Errorf("-rst-inputs %v", err)
	}
	in, err := parseRSTInputs(b)
	if err != nil {
		return nil, fmt.Errorf("-rst-inputs %s: %v", path, err)
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
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	ids, err := escrow.RyDERecipients(f)
	if err != nil {
		return err
	}
	if *jsonOut {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"file": filepath.Base(path), "recipients": ids})
	}
	for _, id := range ids {
		fmt.Printf("%s: encrypted to %s\n", filepath.Base(path), id)
	}
	return nil
}

// checkRegistrar verifies a registrar deposit directory and prints the
// report; it returns the exit status.
func checkRegistrar(dir string, now func() time.Time) int {
	var keys openpgp.EntityList
	if *keyFile != "" {
		k, err := escrow.ReadKeyRingFile(*keyFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "escrowcheck:", err)
			return 2
		}
		keys = k
	}
	rep, err := registrar.Verify(context.Background(), os.DirFS(dir), &registrar.Options{Keys: keys, Now: now})
	if err != nil {
		fmt.Fprintln(os.Stderr, "escrowcheck:", err)
		return 2
	}
	printRegistrar(os.Stdout, dir, rep, *jsonOut)
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
			Kind, Clause, File, Detail string
			Line                       int `json:",omitempty"`
		}
		out := struct {
			Dir              string
			IANAID           int
			Date             string
			Files            []string
			Domains, Handles int64
			OK               bool
			Findings         []finding
			Dropped          int64    `json:",omitempty"`
			Skipped          []string `json:",omitempty"`
		}{Dir: dir, IANAID: rep.IANAID, Date: rep.Date.Format(time.DateOnly), Files: rep.Files, Domains: rep.Domains,
			Handles: rep.Handles, OK: rep.OK(), Findings: []finding{}, Dropped: rep.Dropped, Skipped: rep.Skipped}
		for _, f := range rep.Findings {
			d := ""
			if f.Err != nil {
				d = f.Err.Error()
			}
			out.Findings = append(out.Findings, finding{Kind: f.Kind.Error(), Clause: f.Clause, File: f.File, Line: f.Line, Detail: d})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(out)
	} else {
		fmt.Fprintf(w, "%s: registrar deposit, IANA ID %d, %s, %d files, %d domains, %d handles\n", dir, rep.IANAID, rep.Date.Format(time.DateOnly), len(rep.Files), rep.Domains, rep.Handles)
		for _, f := range rep.Findings {
			fmt.Fprintln(w, "  ", f)
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
			fmt.Fprintf(w, "%s: %d finding(s)\n", dir, int64(len(rep.Findings))+rep.Dropped)
		}
	}
}

// readCapped reads a whole file of at most max bytes; a larger one (or a
// device that never ends) is refused with an error naming the limit.
func readCapped(path string, max int64, limit string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: larger than %s (%d bytes)", path, limit, max)
	}
	return b, nil
}
