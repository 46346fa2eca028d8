// Command rootanchor verifies IANA's root-anchors.xml with its detached CMS
// signature (RFC 9718 §3) and prints the root trust anchors valid now in the
// format a resolver needs.
//
// Usage:
//
//	rootanchor [-xml F -p7s F -ca F] [-now T] [-at-signing-time] [-include-future]
//	           [-format ds|dnskey|bind|unbound|kresd|json] [-json]
//
// With no file flags it uses the publication and ICANN CA bundle embedded in
// package trustanchor. Exit status: 0 anchors printed, 1 the signature,
// dates or digests fail (or the format needs keys the document lacks), 2
// usage or I/O error. No network access.
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
	"github.com/ssrkit/ssr/trustanchor"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rootanchor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	xmlFile := fs.String("xml", "", "root-anchors.xml (default: embedded)")
	p7sFile := fs.String("p7s", "", "detached CMS signature root-anchors.p7s (default: embedded)")
	caFile := fs.String("ca", "", "ICANN CA bundle in PEM (default: embedded)")
	nowFlag := fs.String("now", "", "verification time, RFC 3339 or YYYY-MM-DD (default: current time)")
	atSigning := fs.Bool("at-signing-time", false, "check the certificate chain at the signature's signingTime")
	future := fs.Bool("include-future", false, "keep keys whose validFrom is in the future (Debian's choice)")
	format := fs.String("format", "ds", "output: ds, dnskey, bind, unbound, kresd or json")
	jsonOut := fs.Bool("json", false, "same as -format json")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: rootanchor [-xml F -p7s F -ca F] [-now T] [-format ds|dnskey|bind|unbound|kresd|json]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	if *jsonOut {
		*format = "json"
	}
	switch *format {
	case "ds", "dnskey", "bind", "unbound", "kresd", "json":
	default:
		fmt.Fprintf(stderr, "rootanchor: unknown format %q\n", *format)
		return 2
	}
	now := time.Now().UTC()
	if *nowFlag != "" {
		t, err := parseTime(*nowFlag)
		if err != nil {
			fmt.Fprintf(stderr, "rootanchor: -now: %v\n", err)
			return 2
		}
		now = t
	}
	if (*xmlFile == "") != (*p7sFile == "") {
		fmt.Fprintln(stderr, "rootanchor: -xml and -p7s go together")
		return 2
	}
	var xmlData, p7s, bundle []byte
	for _, f := range []struct {
		name string
		dst  *[]byte
	}{{*xmlFile, &xmlData}, {*p7sFile, &p7s}, {*caFile, &bundle}} {
		if f.name == "" {
			continue
		}
		b, err := os.ReadFile(f.name)
		if err != nil {
			fmt.Fprintf(stderr, "rootanchor: %v\n", err)
			return 2
		}
		*f.dst = b
	}
	cfg := trustanchor.CMSConfig{Bundle: bundle, Now: func() time.Time { return now }, AtSigningTime: *atSigning}
	sel, sig, err := trustanchor.Root(xmlData, p7s, cfg, trustanchor.Policy{IncludeFuture: *future})
	if err != nil {
		fmt.Fprintf(stderr, "rootanchor: %v\n", err)
		return 1
	}
	if xmlData == nil && trustanchor.Stale(now, 0) {
		fmt.Fprintf(stderr, "rootanchor: warning: the embedded publication dates from %s; fetch a fresh one from https://data.iana.org/root-anchors/\n",
			trustanchor.EmbeddedDate.Format("2006-01-02"))
	}
	var out bytes.Buffer
	rrs := sel.RRs()
	switch *format {
	case "ds":
		err = trustanchor.WriteDS(&out, rrs)
	case "dnskey":
		err = trustanchor.WriteDNSKEY(&out, rrs)
	case "bind":
		err = trustanchor.WriteBIND(&out, trustanchor.BINDAnchors(rrs, false))
	case "unbound", "kresd":
		var tp *trustanchor.TrustPoint
		tp, err = trustanchor.NewTrustPoint(rrs, now)
		if err == nil && *format == "unbound" {
			err = trustanchor.WriteUnbound(&out, tp)
		} else if err == nil {
			err = trustanchor.WriteKresd(&out, tp)
		}
	case "json":
		err = writeJSON(&out, sel, sig, now)
	}
	if err != nil {
		fmt.Fprintf(stderr, "rootanchor: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(out.Bytes()); err != nil {
		return 2
	}
	return 0
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is neither RFC 3339 nor YYYY-MM-DD", s)
}

type jsonAnchor struct {
	ID         string `json:"id"`
	DS         string `json:"ds"`
	DNSKEY     string `json:"dnskey,omitempty"`
	ValidFrom  string `json:"valid_from"`
	ValidUntil string `json:"valid_until,omitempty"`
}

func writeJSON(w io.Writer, sel *trustanchor.Selection, sig *trustanchor.Signature, now time.Time) error {
	v := struct {
		VerifiedAt  string       `json:"verified_at"`
		SigningTime string       `json:"signing_time"`
		Signer      string       `json:"signer"`
		Anchors     []jsonAnchor `json:"anchors"`
		Excluded    []string     `json:"excluded"`
	}{VerifiedAt: sig.VerifiedAt.UTC().Format(time.RFC3339), SigningTime: sig.SigningTime.Format(time.RFC3339),
		Signer: sig.Signer.Subject.String(), Anchors: []jsonAnchor{}, Excluded: []string{}}
	for _, a := range sel.Anchors {
		j := jsonAnchor{ID: a.ID, DS: line(a.DS), ValidFrom: a.ValidFrom.Format(time.RFC3339)}
		if a.DNSKEY != nil {
			j.DNSKEY = line(a.DNSKEY)
		}
		if !a.ValidUntil.IsZero() {
			j.ValidUntil = a.ValidUntil.Format(time.RFC3339)
		}
		v.Anchors = append(v.Anchors, j)
	}
	for _, x := range sel.Excluded {
		v.Excluded = append(v.Excluded, x.Reason.Error())
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func line(rr dns.RR) string {
	s := rr.String()
	return strings.Join(strings.Fields(s), " ")
}
