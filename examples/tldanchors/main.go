// Command tldanchors rebuilds a TLD trust-anchor repository (what IANA's
// ITAR was) from a signed root zone: every TLD's DS RRset, verified under
// the root trust anchor, printed as a DS master file or JSON, or compared
// with an older snapshot.
//
// Usage:
//
//	tldanchors [-json | -bind] [-diff OLD] [-now T] [-old-now T] [-anchors FILE] [-max N | -v] ROOTZONE
//
// ROOTZONE and OLD are master files, optionally gzip-compressed (recognised
// by content), at most trustanchor.MaxZoneBytes after decompression;
// ROOTZONE may be "-" (standard input). -now is the time to check
// signatures at (use the zone's date for archives): RFC 3339, YYYY-MM-DD or
// YYYYMMDDhhmmss. -anchors must hold at least one DS or DNSKEY record (an
// empty set is refused, never replaced by the embedded anchors). Problems
// are printed on stderr, at most -max per kind (-v: all), followed by a
// summary by kind. Exit status (package examples/internal/cli): 0 all
// verified, 1 a DS RRset or the apex failed, 2 usage, I/O error or a zone
// that cannot be read or parsed. No network access.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/examples/internal/cli"
	"github.com/ssrkit/ssr/trustanchor"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// options are the flags shared by build.
type options struct {
	anchors []dns.RR
	stdin   io.Reader
	tally   *cli.Tally
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := cli.New("tldanchors", stdout, stderr)
	c.Synopsis = []string{"[-json | -bind] [-diff OLD] [-now TIME] [-old-now TIME] [-anchors FILE] [-max N | -v] ROOTZONE"}
	c.About = fmt.Sprintf("Rebuilds the TLD trust-anchor repository (what IANA's ITAR was) from a signed root zone: every TLD's\nDS RRset verified under the root trust anchor. ROOTZONE and OLD are master files, gzip-compressed or\nnot, at most %d bytes (trustanchor.MaxZoneBytes) after decompression; ROOTZONE may be \"-\" (standard\ninput). -anchors FILE (at most %d bytes) must hold at least one DS or DNSKEY record.",
		trustanchor.MaxZoneBytes, trustanchor.MaxDocumentSize)
	c.Examples = []string{
		"tldanchors -now 2022-02-20 root.zone.gz > tld-ds.zone",
		"tldanchors -json -now 20261126000000 -anchors root.ds root.zone",
		"tldanchors -bind -now 2026-11-26 - < root.zone",
		"tldanchors -now 2022-02-20 -old-now 2017-08-25 -diff root-2017.zone.gz root-2022.zone.gz",
		"tldanchors -max 20 -now 2040-01-01 root.zone; tldanchors -v -now 2040-01-01 root.zone",
	}
	fs := c.Flags
	jsonOut := fs.Bool("json", false, "machine-readable output (camelCase JSON)")
	bindOut := fs.Bool("bind", false, "print a BIND trust-anchors statement of static-ds entries instead of the master file")
	diff := fs.String("diff", "", "older root zone `OLD` to compare with")
	nowFlag := c.Time("now", "time to check ROOTZONE's signatures at (default: now)")
	oldNowFlag := c.Time("old-now", "time to check OLD's signatures at (default: -now)")
	anchorsFile := fs.String("anchors", "", "`FILE` of root anchors as DS/DNSKEY zone lines, at least one (default: embedded IANA anchors valid at -now)")
	opt := options{stdin: stdin, tally: &cli.Tally{}}
	c.AddMaxFlags(opt.tally)
	pos, code, ok := c.Parse(args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return c.Usagef("want one ROOTZONE argument, got %d", len(pos))
	}
	if *jsonOut && *bindOut {
		return c.Usagef("-json and -bind exclude each other")
	}
	stdinUsers := 0
	for _, f := range []string{pos[0], *diff, *anchorsFile} {
		if f == "-" {
			stdinUsers++
		}
	}
	if stdinUsers > 1 {
		return c.Usagef("only one of ROOTZONE, -diff and -anchors can be \"-\" (standard input)")
	}
	now := time.Now().UTC()
	if !nowFlag.IsZero() {
		now = *nowFlag
	}
	oldNow := now
	if !oldNowFlag.IsZero() {
		oldNow = *oldNowFlag
	}
	if *anchorsFile != "" {
		var err error
		if opt.anchors, err = readAnchors(*anchorsFile, stdin); err != nil {
			return c.Fail(cli.ExitUsage, err)
		}
	}
	repo, code := build(c, pos[0], opt, now)
	if repo == nil {
		return code
	}
	var out bytes.Buffer
	if *diff != "" {
		old, c2 := build(c, *diff, opt, oldNow)
		if old == nil {
			return c2
		}
		d := repo.Compare(old)
		if *jsonOut {
			writeDiffJSON(&out, d)
		} else {
			writeDiff(&out, d)
		}
		code = max(code, c2)
	} else if *jsonOut {
		writeRepoJSON(&out, repo, opt.tally)
	} else if *bindOut {
		var rrs []dns.RR
		for _, t := range repo.TLDs {
			for _, d := range t.DS {
				rrs = append(rrs, d)
			}
		}
		if err := trustanchor.WriteBIND(&out, trustanchor.BINDAnchors(rrs, true)); err != nil {
			return c.Fail(cli.ExitUsage, err)
		}
	} else if err := repo.WriteMasterFile(&out); err != nil {
		return c.Fail(cli.ExitUsage, err)
	}
	if opt.tally.Total() > 0 {
		opt.tally.WriteSummary(stderr, "tldanchors: ")
	}
	if _, err := stdout.Write(out.Bytes()); err != nil {
		return c.Fail(cli.ExitUsage, err)
	}
	return code
}

// readAnchors reads -anchors: DS or DNSKEY zone lines, at least one.
func readAnchors(path string, stdin io.Reader) ([]dns.RR, error) {
	b, err := cli.ReadFile(path, cli.ReadOptions{Max: trustanchor.MaxDocumentSize, Stdin: stdin})
	if err != nil {
		return nil, err
	}
	rrs, err := trustanchor.ReadZoneLines(bytes.NewReader(b))
	if err != nil {
		return nil, rename(err, path)
	}
	n := 0
	for _, rr := range rrs {
		switch rr.(type) {
		case *dns.DS, *dns.DNSKEY:
			n++
		}
	}
	if n == 0 {
		// An empty set must not fall back to the embedded anchors.
		return nil, fmt.Errorf("%s: no DS or DNSKEY record: an empty trust anchor set is refused (RFC 4033 §6)", path)
	}
	return rrs, nil
}

// rename puts the path given in place of trustanchor's default file names
// ("root zone", "zone file") in every *trustanchor.Error inside err.
func rename(err error, path string) error {
	var walk func(error) bool
	walk = func(e error) bool {
		found := false
		if te, ok := e.(*trustanchor.Error); ok {
			te.File = path
			return true
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				found = walk(x) || found
			}
		} else if u := errors.Unwrap(e); u != nil {
			found = walk(u)
		}
		return found
	}
	if walk(err) {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// build reads and verifies one zone; it prints progress and problems on
// stderr and returns the exit code so far.
func build(c *cli.Command, name string, opt options, now time.Time) (*trustanchor.Repository, int) {
	data, err := cli.ReadFile(name, cli.ReadOptions{Max: trustanchor.MaxZoneBytes, Gunzip: true, Stdin: opt.stdin})
	if err != nil {
		return nil, c.Fail(cli.ExitUsage, err)
	}
	repo, err := trustanchor.BuildRepository(context.Background(), bytes.NewReader(data), &trustanchor.RepositoryConfig{Anchors: opt.anchors, Now: func() time.Time { return now }})
	if err != nil {
		code := cli.ExitFindings // the apex does not validate
		if errors.Is(err, trustanchor.ErrMalformed) || errors.Is(err, trustanchor.ErrLimitExceeded) {
			code = cli.ExitUsage
		}
		return nil, c.Fail(code, rename(err, name))
	}
	c.Printf("%s: verified at %s: serial %d, %d signed TLDs, %d unsigned, %d problems",
		name, now.Format(time.RFC3339), repo.Serial, len(repo.TLDs), len(repo.Unsigned), len(repo.Findings)+repo.Dropped)
	for _, p := range repo.Findings {
		if opt.tally.Add(problemKind(p), "error") {
			c.Printf("%v", rename(p, name))
		}
	}
	if len(repo.Findings) > 0 {
		return repo, cli.ExitFindings
	}
	return repo, cli.ExitOK
}

// problemKind is the category of a problem, for the summary.
func problemKind(err error) string {
	var te *trustanchor.Error
	if errors.As(err, &te) && te.Kind != nil {
		if te.Clause != "" {
			return te.Kind.Error() + " (" + te.Clause + ")"
		}
		return te.Kind.Error()
	}
	return "other"
}

func dsText(ds []*dns.DS) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d %d %d %s", d.KeyTag, d.Algorithm, d.DigestType, strings.ToUpper(d.Digest)))
	}
	return out
}

func writeDiff(w io.Writer, d *trustanchor.Diff) {
	fmt.Fprintf(w, "; serial %d -> %d: %d added, %d removed, %d changed\n", d.OldSerial, d.NewSerial, len(d.Added), len(d.Removed), len(d.Changed))
	for _, n := range d.Added {
		fmt.Fprintf(w, "+ %s\n", n)
	}
	for _, n := range d.Removed {
		fmt.Fprintf(w, "- %s\n", n)
	}
	for _, c := range d.Changed {
		note := ""
		if c.AlgorithmChanged {
			note += fmt.Sprintf(" algorithm %v -> %v", c.OldAlgorithms, c.NewAlgorithms)
		}
		if c.DigestTypeChanged {
			note += fmt.Sprintf(" digest type %v -> %v", c.OldDigestTypes, c.NewDigestTypes)
		}
		fmt.Fprintf(w, "~ %s%s\n", c.Name, note)
		for _, s := range dsText(c.RemovedDS) {
			fmt.Fprintf(w, "~ %s - DS %s\n", c.Name, s)
		}
		for _, s := range dsText(c.AddedDS) {
			fmt.Fprintf(w, "~ %s + DS %s\n", c.Name, s)
		}
	}
}

func writeDiffJSON(w io.Writer, d *trustanchor.Diff) {
	type change struct {
		Name              string   `json:"name"`
		AddedDS           []string `json:"addedDS"`
		RemovedDS         []string `json:"removedDS"`
		OldAlgorithms     []int    `json:"oldAlgorithms"`
		NewAlgorithms     []int    `json:"newAlgorithms"`
		AlgorithmChanged  bool     `json:"algorithmChanged"`
		DigestTypeChanged bool     `json:"digestTypeChanged"`
	}
	v := struct {
		OldSerial uint32   `json:"oldSerial"`
		NewSerial uint32   `json:"newSerial"`
		Added     []string `json:"added"`
		Removed   []string `json:"removed"`
		Changed   []change `json:"changed"`
	}{OldSerial: d.OldSerial, NewSerial: d.NewSerial, Added: append([]string{}, d.Added...), Removed: append([]string{}, d.Removed...), Changed: []change{}}
	for _, c := range d.Changed {
		v.Changed = append(v.Changed, change{c.Name, dsText(c.AddedDS), dsText(c.RemovedDS), ints(c.OldAlgorithms), ints(c.NewAlgorithms), c.AlgorithmChanged, c.DigestTypeChanged})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// ints copies a byte list to ints (encoding/json writes []uint8 as base64);
// never nil.
func ints(b []uint8) []int {
	out := []int{}
	for _, x := range b {
		out = append(out, int(x))
	}
	return out
}

// jsonProblem is one DS RRset or apex check that failed.
type jsonProblem struct {
	Check    string `json:"check"` // the category, e.g. "bogus"
	Severity string `json:"severity"`
	Clause   string `json:"clause,omitempty"`
	Item     string `json:"item,omitempty"` // what it is about, e.g. "DS alpha."
	Message  string `json:"message"`
}

type jsonTLD struct {
	Name string   `json:"name"`
	DS   []string `json:"ds"`
}

// writeRepoJSON writes the repository in the camelCase style of
// examples/internal/cli.
func writeRepoJSON(w io.Writer, r *trustanchor.Repository, t *cli.Tally) {
	v := struct {
		Serial     uint32        `json:"serial"`
		VerifiedAt string        `json:"verifiedAt"`
		RootKeys   []int         `json:"rootKeys"`
		ZONEMD     string        `json:"zonemd"`
		TLDs       []jsonTLD     `json:"tlds"`
		Unsigned   []string      `json:"unsigned"`
		Problems   []jsonProblem `json:"problems"`
		Summary    []cli.Count   `json:"summary"`
	}{Serial: r.Serial, VerifiedAt: r.VerifiedAt.UTC().Format(time.RFC3339), RootKeys: []int{}, ZONEMD: r.ZONEMD.String(),
		TLDs: []jsonTLD{}, Unsigned: append([]string{}, r.Unsigned...), Problems: []jsonProblem{}, Summary: t.Counts()}
	for _, k := range r.RootKeys {
		v.RootKeys = append(v.RootKeys, int(k))
	}
	for _, tld := range r.TLDs {
		v.TLDs = append(v.TLDs, jsonTLD{Name: tld.Name, DS: dsText(tld.DS)})
	}
	for _, p := range r.Findings {
		jp := jsonProblem{Check: "other", Severity: "error", Message: p.Error()}
		var te *trustanchor.Error
		if errors.As(p, &te) {
			jp.Clause, jp.Item = te.Clause, te.Anchor
			if te.Kind != nil {
				jp.Check = te.Kind.Error()
			}
		}
		v.Problems = append(v.Problems, jp)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
