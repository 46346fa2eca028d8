// Command tldanchors rebuilds a TLD trust-anchor repository (what IANA's
// ITAR was) from a signed root zone: every TLD's DS RRset, verified under
// the root trust anchor, printed as a DS master file or JSON, or compared
// with an older snapshot.
//
// Usage:
//
//	tldanchors [-json | -bind] [-diff OLD] [-now T] [-old-now T] [-anchors FILE] ROOTZONE
//
// ROOTZONE and OLD are master files, optionally gzip-compressed. -now is
// the time to check signatures at (use the zone's date for archives).
// Exit status: 0 all verified, 1 a DS RRset or the apex failed, 2 usage or
// I/O error. No network access.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/dnssec"
	"github.com/ssrkit/ssr/trustanchor"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tldanchors", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jsonOut := fs.Bool("json", false, "machine-readable output")
	bindOut := fs.Bool("bind", false, "print a BIND trust-anchors statement of static-ds entries instead of the master file")
	diff := fs.String("diff", "", "older root zone to compare with")
	nowFlag := fs.String("now", "", "time to check ROOTZONE's signatures at, RFC 3339 or YYYY-MM-DD (default: now)")
	oldNowFlag := fs.String("old-now", "", "time to check OLD's signatures at (default: -now)")
	anchorsFile := fs.String("anchors", "", "root anchors as DS/DNSKEY zone lines (default: embedded IANA anchors valid at -now)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: tldanchors [-json | -bind] [-diff OLD] [-now T] [-old-now T] [-anchors FILE] ROOTZONE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 || (*jsonOut && *bindOut) {
		fs.Usage()
		return 2
	}
	now := time.Now().UTC()
	if *nowFlag != "" {
		t, err := parseTime(*nowFlag)
		if err != nil {
			fmt.Fprintf(stderr, "tldanchors: -now: %v\n", err)
			return 2
		}
		now = t
	}
	oldNow := now
	if *oldNowFlag != "" {
		t, err := parseTime(*oldNowFlag)
		if err != nil {
			fmt.Fprintf(stderr, "tldanchors: -old-now: %v\n", err)
			return 2
		}
		oldNow = t
	}
	var anchors []dns.RR
	if *anchorsFile != "" {
		f, err := os.Open(*anchorsFile)
		if err != nil {
			fmt.Fprintf(stderr, "tldanchors: %v\n", err)
			return 2
		}
		anchors, err = trustanchor.ReadZoneLines(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "tldanchors: %v\n", err)
			return 2
		}
	}
	repo, code := build(fs.Arg(0), anchors, now, stderr)
	if repo == nil {
		return code
	}
	var out bytes.Buffer
	if *diff != "" {
		old, c := build(*diff, anchors, oldNow, stderr)
		if old == nil {
			return c
		}
		d := repo.Compare(old)
		if *jsonOut {
			writeDiffJSON(&out, d)
		} else {
			writeDiff(&out, d)
		}
		code = max(code, c)
	} else if *jsonOut {
		b, err := json.MarshalIndent(repo, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "tldanchors: %v\n", err)
			return 2
		}
		out.Write(b)
		out.WriteByte('\n')
	} else if *bindOut {
		var rrs []dns.RR
		for _, t := range repo.TLDs {
			for _, d := range t.DS {
				rrs = append(rrs, d)
			}
		}
		if err := trustanchor.WriteBIND(&out, trustanchor.BINDAnchors(rrs, true)); err != nil {
			fmt.Fprintf(stderr, "tldanchors: %v\n", err)
			return 2
		}
	} else if err := repo.WriteMasterFile(&out); err != nil {
		return 2
	}
	if _, err := stdout.Write(out.Bytes()); err != nil {
		return 2
	}
	return code
}

// build reads and verifies one zone; it prints progress and problems on
// stderr and returns the exit code so far.
func build(name string, anchors []dns.RR, now time.Time, stderr io.Writer) (*trustanchor.Repository, int) {
	// Plain or gzip (inflated as it is read, at most
	// dnssec.MaxZoneInflatedBytes), and through the dnssec zone reader's
	// line and $GENERATE limits before BuildRepository parses it.
	f, err := dnssec.OpenZoneFile(name, 0)
	if err != nil {
		fmt.Fprintf(stderr, "tldanchors: %v\n", err)
		return nil, 2
	}
	defer f.Close()
	r := dnssec.LimitZoneReader(f, dnssec.ZoneOptions{File: name, MaxRecords: trustanchor.MaxZoneRecords})
	fmt.Fprintf(stderr, "tldanchors: reading and verifying %s at %s\n", name, now.Format(time.RFC3339))
	repo, err := trustanchor.BuildRepository(r, trustanchor.RepositoryConfig{Anchors: anchors, Now: func() time.Time { return now }})
	if err != nil {
		fmt.Fprintf(stderr, "tldanchors: %s: %v\n", name, err)
		return nil, 1
	}
	fmt.Fprintf(stderr, "tldanchors: %s: serial %d, %d signed TLDs, %d unsigned, %d problems\n",
		name, repo.Serial, len(repo.TLDs), len(repo.Unsigned), len(repo.Problems))
	for _, p := range repo.Problems {
		fmt.Fprintf(stderr, "tldanchors: %v\n", p)
	}
	if len(repo.Problems) > 0 {
		return repo, 1
	}
	return repo, 0
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is neither RFC 3339 nor YYYY-MM-DD", s)
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
		AddedDS           []string `json:"added_ds"`
		RemovedDS         []string `json:"removed_ds"`
		OldAlgorithms     []uint8  `json:"old_algorithms"`
		NewAlgorithms     []uint8  `json:"new_algorithms"`
		AlgorithmChanged  bool     `json:"algorithm_changed"`
		DigestTypeChanged bool     `json:"digest_type_changed"`
	}
	v := struct {
		OldSerial uint32   `json:"old_serial"`
		NewSerial uint32   `json:"new_serial"`
		Added     []string `json:"added"`
		Removed   []string `json:"removed"`
		Changed   []change `json:"changed"`
	}{OldSerial: d.OldSerial, NewSerial: d.NewSerial, Added: append([]string{}, d.Added...), Removed: append([]string{}, d.Removed...), Changed: []change{}}
	for _, c := range d.Changed {
		v.Changed = append(v.Changed, change{c.Name, dsText(c.AddedDS), dsText(c.RemovedDS), c.OldAlgorithms, c.NewAlgorithms, c.AlgorithmChanged, c.DigestTypeChanged})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
