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
// Exit status: 0 written, 1 the deposit or keys are unusable, 2 usage or I/O error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ssrkit/ssr/escrow"
)

var (
	recipientFile = flag.String("recipient", "", "escrow agent's OpenPGP public key `file` (binary or armored)")
	signerFile    = flag.String("signer", "", "registry's OpenPGP secret key `file`, without passphrase")
	outDir        = flag.String("out", ".", "output `directory`")
	splitFlag     = flag.String("split", "0", "split .ryde files at this `size` (bytes, or with K, M, G suffix); 0 = one piece")
	tldFlag       = flag.String("tld", "", "TLD A-label (default: the deposit's rdeHeader:tld)")
	dateFlag      = flag.String("date", "", "watermark date YYYY-MM-DD (default: the deposit's watermark)")
	typeFlag      = flag.String("type", "", "full, diff or thin (default: from the deposit type)")
	revFlag       = flag.Int("rev", -1, "revision number (default: the deposit's resend attribute)")
	reportFlag    = flag.Bool("report", false, "also write the rdeReport document for ICANN")
	jsonFlag      = flag.Bool("json", false, "print the result as JSON")
	forceFlag     = flag.Bool("force", false, "pack the deposit even if it fails verification")
	filesDir      = flag.String("files", "", "directory of the CSV files of a CSV-model deposit (default: the deposit's directory)")
	prevFiles     multiFlag
)

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func init() {
	flag.Var(&prevFiles, "prev", "previous deposit `FILE` (FULL, then DIFF/INCR), oldest first, to verify a DIFF or INCR; repeatable")
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: escrowmake -recipient AGENT.pub -signer REGISTRY.sec [-out DIR] [-split SIZE] [-tld T] [-date D] [-type T] [-rev N] [-report] [-json] DEPOSIT.xml")
	flag.PrintDefaults()
}

func main() {
	flag.Usage = usage
	flag.Parse()
	if flag.NArg() != 1 || *recipientFile == "" || *signerFile == "" {
		usage()
		os.Exit(2)
	}
	split, err := parseSize(*splitFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, "escrowmake: -split:", err)
		os.Exit(2)
	}
	recipients, err := escrow.ReadKeyRingFile(*recipientFile)
	if err != nil {
		fail(err)
	}
	signers, err := escrow.ReadKeyRingFile(*signerFile)
	if err != nil {
		fail(err)
	}
	path := flag.Arg(0)
	meta, err := scanDeposit(path)
	if err != nil {
		fail(err)
	}
	name, err := fileName(meta)
	if err != nil {
		fmt.Fprintln(os.Stderr, "escrowmake:", err)
		os.Exit(1)
	}
	if err := verify(path); err != nil {
		if !*forceFlag {
			fmt.Fprintln(os.Stderr, "escrowmake:", err, "(not packed; -force packs it anyway)")
			os.Exit(1)
		}
		fmt.Fprintln(os.Stderr, "escrowmake: WARNING, packing anyway (-force):", err)
	}
	f, err := os.Open(path)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "escrowmake: writing %s (%d bytes of XML) to %s\n", name.WithExt("ryde"), st.Size(), *outDir)
	res, err := escrow.WriteRyDE(context.Background(), name, f, st.Size(), &escrow.RyDEWriteConfig{
		Recipients: recipients,
		Signer:     signers[0],
		Create:     escrow.CreateInDir(*outDir),
		SplitSize:  split,
	})
	if err != nil {
		for _, n := range append(res.Pieces, res.Signatures...) {
			os.Remove(filepath.Join(*outDir, n))
		}
		fail(err)
	}
	var reportName string
	if *reportFlag {
		reportName, err = writeReport(meta, name)
		if err != nil {
			fail(err)
		}
	}
	if *jsonFlag {
		out := struct {
			*escrow.RyDEWriteResult
			Report string `json:",omitempty"`
		}{res, reportName}
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
		return
	}
	for i, p := range res.Pieces {
		fmt.Printf("%s\t%d bytes\t%s\n", p, res.Sizes[i], res.Signatures[i])
	}
	fmt.Printf("%s, %s, %s compression; member %s\n", res.Encryption, res.Cipher, res.Compression, res.Member)
	if reportName != "" {
		fmt.Println(reportName)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	var ie *escrow.Error
	if errors.As(err, &ie) {
		os.Exit(1)
	}
	os.Exit(2)
}

// depositMeta is what the file name and report need from the deposit.
type depositMeta struct {
	dep    *escrow.Deposit
	tld    string
	counts []escrow.RDEHeaderCount
}

// scanDeposit reads the deposit up to its rdeHeader:header.
func scanDeposit(path string) (*depositMeta, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := escrow.NewReader(f, &escrow.ReaderOptions{Name: filepath.Base(path)})
	dep, err := r.Deposit()
	if err != nil {
		return nil, err
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
				return nil, fmt.Errorf("escrowmake: rdeHeader:count %q: %v", c.Text, err)
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
		return nil, err
	}
	return m, nil
}

func fileName(m *depositMeta) (escrow.FileName, error) {
	n := escrow.FileName{TLD: strings.ToLower(m.tld), Date: m.dep.Watermark.UTC().Truncate(24 * time.Hour), Rev: m.dep.Resend, Seq: 1, Ext: "ryde"}
	switch m.dep.Type {
	case escrow.Full:
		n.Type = "full"
	case escrow.Differential:
		n.Type = "diff"
	}
	if *tldFlag != "" {
		n.TLD = strings.ToLower(*tldFlag)
	}
	if *dateFlag != "" {
		d, err := time.Parse(time.DateOnly, *dateFlag)
		if err != nil {
			return n, fmt.Errorf("-date: %v", err)
		}
		n.Date = d
	}
	if *typeFlag != "" {
		n.Type = *typeFlag
	}
	if *revFlag >= 0 {
		n.Rev = *revFlag
	}
	if n.TLD == "" {
		return n, errors.New("the deposit has no rdeHeader:tld; give -tld")
	}
	if n.Type == "" {
		return n, fmt.Errorf("deposit type %q has no RyDE name (RA Spec 2 Part A §5.3); give -type", m.dep.Type)
	}
	if m.dep.Watermark.IsZero() && *dateFlag == "" {
		return n, errors.New("the deposit has no watermark; give -date")
	}
	return n, n.Validate()
}

func writeReport(m *depositMeta, name escrow.FileName) (string, error) {
	rep := &escrow.RDEReport{
		ID:              m.dep.ID,
		Version:         1,
		RydeSpecEscrow:  "RFC8909",
		RydeSpecMapping: "RFC9022",
		Resend:          m.dep.Resend,
		CrDate:          time.Now().UTC().Truncate(time.Second),
		Kind:            string(m.dep.Type),
		Watermark:       m.dep.Watermark,
		Header:          escrow.RDEHeader{TLD: name.TLD, Counts: m.counts},
	}
	b, err := escrow.MarshalRDEReport(rep)
	if err != nil {
		return "", err
	}
	base := strings.TrimSuffix(name.WithExt("ryde").String(), ".ryde") + ".rep.xml"
	w, err := escrow.CreateInDir(*outDir)(base)
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
		return 0, fmt.Errorf("%q is not a size", s)
	}
	return n * mult, nil
}

// errFindings reports a deposit that failed verification.
var errFindings = errors.New("the deposit fails verification")

// verify checks the deposit (after the -prev chain) as an escrow agent
// will, printing up to 20 findings to stderr.
func verify(path string) error {
	state := escrow.NewState()
	for _, p := range append(append([]string(nil), prevFiles...), path) {
		f, err := os.Open(p)
		if err != nil {
			fail(err)
		}
		dir := *filesDir
		if dir == "" {
			dir = filepath.Dir(p)
		}
		rep, err := escrow.Verify(context.Background(), f, &escrow.VerifyOptions{Name: filepath.Base(p), State: state, Files: os.DirFS(dir)})
		f.Close()
		if err != nil {
			fail(err)
		}
		if p != path {
			continue // findings of earlier deposits are not this deposit's
		}
		if rep.OK() {
			return nil
		}
		for i, f := range rep.Findings {
			if i == 20 {
				fmt.Fprintf(os.Stderr, "  ... %d more\n", len(rep.Findings)-20)
				break
			}
			fmt.Fprintln(os.Stderr, " ", f)
		}
		return fmt.Errorf("%s: %w: %d finding(s)", filepath.Base(p), errFindings, int64(len(rep.Findings))+rep.Dropped)
	}
	return nil
}
