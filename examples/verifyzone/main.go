// Command verifyzone checks a signed DNS zone file completely: every
// signature, the NSEC or NSEC3 chain, delegations and glue, key policy,
// the DNSKEY RRset against a trust anchor and the ZONEMD digest.
//
// Usage:
//
//	verifyzone [-anchor FILE] [-now RFC3339] [-origin NAME] [-expiry DURATION] [-z] [-mem SIZE] [-tmp DIR] [-json] ZONEFILE
//
// ZONEFILE may be gzip-compressed (inflated as it is read, at most
// dnssec.MaxZoneInflatedBytes). -anchor reads DS or DNSKEY records in
// presentation format (for the root, /usr/share/dns/root.ds) or an IANA
// root-anchors.xml file. -z drops the rule that, when the zone has keys with
// the SEP flag, each algorithm's DNSKEY RRset is signed by one of them (as
// dnssec-verify -z does). Exit status: 0 the zone verified, 1 problems were
// found, 2 usage or I/O error. A progress line is written to stderr.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
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
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
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

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verifyzone", flag.ContinueOnError)
	fs.SetOutput(stderr)
	anchor := fs.String("anchor", "", "file with DS/DNSKEY anchors for the apex, or an IANA root-anchors.xml")
	nowS := fs.String("now", "", "validation time, RFC 3339 (default: the current time)")
	origin := fs.String("origin", "", "zone apex (default: owner of the first SOA)")
	expiry := fs.Duration("expiry", 0, "also report signatures expiring within this duration")
	asJSON := fs.Bool("json", false, "write the report as JSON")
	quiet := fs.Bool("q", false, "no progress line")
	noSEP := fs.Bool("z", false, "ignore the SEP (KSK) flag: do not require, per algorithm, a DNSKEY RRset signature by a SEP key (like dnssec-verify -z)")
	mem := fs.String("mem", "", "memory budget, e.g. 512M or 2G (default 768M, dnssec.MaxZoneMemory): zones not in canonical order are sorted on disk past it")
	tmp := fs.String("tmp", "", "directory for the sorted runs (default: the system's temporary directory)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: verifyzone [-anchor FILE] [-now RFC3339] [-origin NAME] [-expiry DURATION] [-z] [-mem SIZE] [-tmp DIR] [-json] ZONEFILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	opts := dnssec.ZoneOptions{Origin: *origin, ExpiryWindow: *expiry, File: fs.Arg(0), TempDir: *tmp, Memory: dnssec.MaxZoneMemory, AllowDNSKEYNotSignedBySEPKey: *noSEP}
	if *mem != "" {
		m, err := parseSize(*mem)
		if err != nil {
			fmt.Fprintf(stderr, "verifyzone: -mem: %v\n", err)
			return 2
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
	if *nowS != "" {
		t, err := time.Parse(time.RFC3339, *nowS)
		if err != nil {
			fmt.Fprintf(stderr, "verifyzone: -now: %v\n", err)
			return 2
		}
		opts.Now = func() time.Time { return t }
	}
	if *anchor != "" {
		as, err := readAnchors(*anchor)
		if err != nil {
			fmt.Fprintf(stderr, "verifyzone: -anchor: %v\n", err)
			return 2
		}
		opts.Anchors = as
	}
	zf, err := dnssec.OpenZoneFile(fs.Arg(0), 0)
	if err != nil {
		fmt.Fprintf(stderr, "verifyzone: %v\n", err)
		return 2
	}
	defer zf.Close()
	start := time.Now()
	progress := false // a progress line is open on stderr
	if !*quiet {
		opts.Progress = func(p dnssec.ZoneProgress) {
			progress = !p.Done
			end := ""
			if p.Done {
				end = "\n"
			}
			fmt.Fprintf(stderr, "\rverifyzone: %d records, %d names, %d signatures checked, %.1fs%s",
				p.Records, p.Names, p.Verified, time.Since(start).Seconds(), end)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := dnssec.VerifyZone(ctx, zf, opts)
	if err != nil {
		if progress {
			fmt.Fprintln(stderr)
		}
		fmt.Fprintf(stderr, "verifyzone: %v\n", err)
		return 2
	}
	if *asJSON {
		writeJSON(stdout, rep)
	} else {
		writeText(stdout, rep)
	}
	if rep.Err() != nil {
		return 1
	}
	return 0
}

// readAnchors reads DS/DNSKEY records in presentation format, or the
// KeyDigest elements of an IANA root-anchors.xml (RFC 9718 §2).
func readAnchors(name string) ([]dns.RR, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	if bytes.Contains(data, []byte("<TrustAnchor")) {
		var ta struct {
			Zone    string `xml:"Zone"`
			Digests []struct {
				ValidFrom  string `xml:"validFrom,attr"`
				ValidUntil string `xml:"validUntil,attr"`
				KeyTag     uint16 `xml:"KeyTag"`
				Algorithm  uint8  `xml:"Algorithm"`
				DigestType uint8  `xml:"DigestType"`
				Digest     string `xml:"Digest"`
			} `xml:"KeyDigest"`
		}
		if err := xml.Unmarshal(data, &ta); err != nil {
			return nil, err
		}
		var out []dns.RR
		for _, d := range ta.Digests {
			out = append(out, &dns.DS{Hdr: dns.RR_Header{Name: dns.Fqdn(ta.Zone), Rrtype: dns.TypeDS, Class: dns.ClassINET},
				KeyTag: d.KeyTag, Algorithm: d.Algorithm, DigestType: d.DigestType, Digest: strings.ToUpper(d.Digest)})
		}
		return out, nil
	}
	zp := dns.NewZoneParser(bytes.NewReader(data), ".", name)
	var out []dns.RR
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		switch rr.(type) {
		case *dns.DS, *dns.DNSKEY:
			out = append(out, rr)
		}
	}
	if err := zp.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no DS or DNSKEY records")
	}
	return out, nil
}

type jsonProblem struct {
	Line    int    `json:"line,omitempty"`
	Owner   string `json:"owner,omitempty"`
	Type    string `json:"type,omitempty"`
	KeyTag  int    `json:"keyTag,omitempty"`
	Kind    string `json:"kind"`
	Clause  string `json:"clause,omitempty"`
	Message string `json:"message"`
	Record  string `json:"record,omitempty"`
}

func writeJSON(w io.Writer, rep *dnssec.ZoneReport) {
	out := struct {
		*dnssec.ZoneReport
		Problems []jsonProblem `json:"Problems"`
		OK       bool          `json:"OK"`
	}{ZoneReport: rep, OK: rep.Err() == nil}
	out.Problems = []jsonProblem{}
	for _, p := range rep.Problems {
		j := jsonProblem{Line: p.Line, Owner: p.Name, Clause: p.Clause, Message: p.Error()}
		if p.Type != 0 {
			j.Type = dns.Type(p.Type).String()
		}
		if p.Kind != nil {
			j.Kind = p.Kind.Error()
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
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}

func writeText(w io.Writer, rep *dnssec.ZoneReport) {
	fmt.Fprintf(w, "zone %s serial %d: %d records, %d names, %d RRsets, %d/%d signatures verified, denial %s, ZONEMD %s\n",
		rep.Origin, rep.Serial, rep.Records, rep.Names, rep.RRsets, rep.Verified, rep.Signatures, rep.Denial, rep.ZONEMD)
	for _, k := range rep.Keys {
		role := "ZSK"
		if k.Flags&dns.SEP != 0 {
			role = "KSK"
		}
		anch := ""
		if k.Anchored {
			anch = ", anchored"
		}
		fmt.Fprintf(w, "key %d alg %d %s %d bits: %d signatures%s\n", k.Tag, k.Algorithm, role, k.Bits, k.Signs, anch)
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(w, p.Error())
	}
	if rep.Omitted > 0 {
		fmt.Fprintf(w, "… %d more problems not kept\n", rep.Omitted)
	}
	if err := rep.Err(); err != nil {
		fmt.Fprintf(w, "FAIL: %d problem(s)\n", len(rep.Problems)+rep.Omitted)
	} else {
		fmt.Fprintln(w, "OK: zone verified completely")
	}
}
