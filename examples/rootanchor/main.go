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
// package trustanchor. Each file is read whole, at most
// trustanchor.MaxDocumentSize bytes; one may be "-" (standard input). -now
// takes RFC 3339, YYYY-MM-DD or YYYYMMDDhhmmss. Exit status (package
// examples/internal/cli): 0 anchors printed, 1 the signature, dates or
// digests fail (or the format needs keys the document lacks), 2 usage, I/O
// error or a file that cannot be parsed. No network access. JSON members
// are camelCase.
package main

import (
	"bytes"
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

// maxFileBytes caps each of -xml, -p7s and -ca (trustanchor.MaxDocumentSize,
// 1 MiB; IANA's files are a few kilobytes).
const maxFileBytes = trustanchor.MaxDocumentSize

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := cli.New("rootanchor", stdout, stderr)
	c.Synopsis = []string{"[-xml FILE -p7s FILE] [-ca FILE] [-now TIME] [-at-signing-time] [-include-future] [-format ds|dnskey|bind|unbound|kresd|json] [-json]"}
	c.About = fmt.Sprintf("Verifies IANA's root-anchors.xml with its detached CMS signature (RFC 9718 §3) and prints the\nroot trust anchors valid at -now. Without file flags it uses the embedded publication and ICANN CA.\nEach file is read whole, at most %d bytes; one of them may be \"-\" (standard input).", maxFileBytes)
	c.Examples = []string{
		"rootanchor -now 2026-11-26 -format unbound",
		"rootanchor -xml root-anchors.xml -p7s root-anchors.p7s -ca icannbundle.pem -json",
		"rootanchor -xml old.xml -p7s old.p7s -now 20240101000000 -at-signing-time -include-future",
		"rootanchor -format dnskey",
	}
	fs := c.Flags
	xmlFile := fs.String("xml", "", "`FILE`: root-anchors.xml, - for standard input (default: embedded)")
	p7sFile := fs.String("p7s", "", "`FILE`: detached CMS signature root-anchors.p7s (default: embedded)")
	caFile := fs.String("ca", "", "`FILE`: ICANN CA bundle in PEM (default: embedded)")
	nowFlag := c.Time("now", "verification time (default: current time)")
	atSigning := fs.Bool("at-signing-time", false, "check the certificate chain at the signature's signingTime")
	future := fs.Bool("include-future", false, "keep keys whose validFrom is in the future (Debian's choice)")
	format := fs.String("format", "ds", "output `FORMAT`: ds, dnskey, bind, unbound, kresd or json")
	jsonOut := fs.Bool("json", false, "same as -format json")
	pos, code, ok := c.Parse(args)
	if !ok {
		return code
	}
	if len(pos) != 0 {
		return c.Usagef("unexpected argument %q", pos[0])
	}
	if *jsonOut {
		*format = "json"
	}
	switch *format {
	case "ds", "dnskey", "bind", "unbound", "kresd", "json":
	default:
		return c.Usagef("unknown format %q", *format)
	}
	now := time.Now().UTC()
	if !nowFlag.IsZero() {
		now = *nowFlag
	}
	if (*xmlFile == "") != (*p7sFile == "") {
		return c.Usagef("-xml and -p7s go together")
	}
	stdinUsers := 0
	for _, f := range []string{*xmlFile, *p7sFile, *caFile} {
		if f == "-" {
			stdinUsers++
		}
	}
	if stdinUsers > 1 {
		return c.Usagef("only one of -xml, -p7s and -ca can be \"-\" (standard input)")
	}
	var xmlData, p7s, bundle []byte
	for _, f := range []struct {
		name string
		dst  *[]byte
	}{{*xmlFile, &xmlData}, {*p7sFile, &p7s}, {*caFile, &bundle}} {
		if f.name == "" {
			continue
		}
		b, err := cli.ReadFile(f.name, cli.ReadOptions{Max: maxFileBytes, Stdin: stdin})
		if err != nil {
			return c.Fail(cli.ExitUsage, err)
		}
		*f.dst = b
	}
	// Parse the document and the bundle first, so that a file of the wrong
	// kind is reported as such (exit 2), not as a signature that does not
	// verify.
	if xmlData != nil {
		if _, err := trustanchor.ParseXML(xmlData); err != nil {
			return c.Fail(exitFor(err), rename(err, *xmlFile))
		}
	}
	if bundle != nil {
		if _, err := trustanchor.ParseBundle(bundle, trustanchor.MaxCertificates); err != nil {
			return c.Fail(exitFor(err), rename(err, *caFile))
		}
	}
	cfg := &trustanchor.CMSConfig{Bundle: bundle, Now: func() time.Time { return now }, AtSigningTime: *atSigning}
	sel, sig, err := trustanchor.Root(xmlData, p7s, cfg, &trustanchor.SelectConfig{IncludeFuture: *future})
	if err != nil {
		return c.Fail(exitFor(err), blame(err, *xmlFile, *p7sFile, *caFile))
	}
	if xmlData == nil && trustanchor.Stale(now, 0) {
		c.Printf("warning: the embedded publication dates from %s; fetch a fresh one from https://data.iana.org/root-anchors/",
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
		return c.Fail(cli.ExitFindings, err)
	}
	if _, err := stdout.Write(out.Bytes()); err != nil {
		return c.Fail(cli.ExitUsage, err)
	}
	return cli.ExitOK
}

// exitFor maps a trustanchor error to the exit status: input that cannot
// be parsed or is too large is 2, a failed check (signature, dates,
// digests, no anchor left) is 1.
func exitFor(err error) int {
	if errors.Is(err, trustanchor.ErrMalformed) || errors.Is(err, trustanchor.ErrLimitExceeded) {
		return cli.ExitUsage
	}
	return cli.ExitFindings
}

// rename sets the file name of a trustanchor error to path.
func rename(err error, path string) error {
	var te *trustanchor.Error
	if errors.As(err, &te) {
		te.File = path
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// blame names the files the operator gave instead of trustanchor's default
// names; a signature that does not verify names both the document and the
// signature, since either may be the wrong one.
func blame(err error, xmlPath, p7sPath, caPath string) error {
	var te *trustanchor.Error
	if !errors.As(err, &te) {
		return err
	}
	switch {
	case xmlPath != "" && errors.Is(err, trustanchor.ErrSignature):
		te.File = fmt.Sprintf("%s (signature %s", xmlPath, p7sPath)
		if caPath != "" {
			te.File += ", CA " + caPath
		}
		te.File += ")"
	case xmlPath != "" && te.File == "root-anchors.xml":
		te.File = xmlPath
	case p7sPath != "" && te.File == "root-anchors.p7s":
		te.File = p7sPath
	case te.File == "" && caPath != "":
		te.File = caPath
	}
	return err
}

// jsonExcluded is a key left out (RFC 9718 §4 dates, digests, algorithms).
type jsonExcluded struct {
	ID      string `json:"id"`
	Check   string `json:"check"` // the reason's category, e.g. "no usable trust anchor"
	Clause  string `json:"clause,omitempty"`
	Message string `json:"message"`
}

type jsonAnchor struct {
	ID         string `json:"id"`
	DS         string `json:"ds"`
	DNSKEY     string `json:"dnskey,omitempty"`
	ValidFrom  string `json:"validFrom"`
	ValidUntil string `json:"validUntil,omitempty"`
}

func writeJSON(w io.Writer, sel *trustanchor.Selection, sig *trustanchor.Signature, now time.Time) error {
	v := struct {
		VerifiedAt  string         `json:"verifiedAt"`
		SigningTime string         `json:"signingTime"`
		Signer      string         `json:"signer"`
		Anchors     []jsonAnchor   `json:"anchors"`
		Excluded    []jsonExcluded `json:"excluded"`
	}{VerifiedAt: sig.VerifiedAt.UTC().Format(time.RFC3339), SigningTime: sig.SigningTime.Format(time.RFC3339),
		Signer: sig.Signer.Subject.String(), Anchors: []jsonAnchor{}, Excluded: []jsonExcluded{}}
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
		e := jsonExcluded{ID: x.ID, Check: "anchor-selection", Message: x.Reason.Error()}
		var te *trustanchor.Error
		if errors.As(x.Reason, &te) {
			e.Clause = te.Clause
			if te.Kind != nil {
				e.Check = te.Kind.Error()
			}
		}
		v.Excluded = append(v.Excluded, e)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func line(rr dns.RR) string {
	s := rr.String()
	return strings.Join(strings.Fields(s), " ")
}
