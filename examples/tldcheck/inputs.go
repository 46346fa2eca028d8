package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec"
	"github.com/ssrkit/ssr/escrow"
	"github.com/ssrkit/ssr/examples/internal/cli"
	"github.com/ssrkit/ssr/examples/internal/inputerr"
	"github.com/ssrkit/ssr/examples/internal/nsflag"
	"github.com/ssrkit/ssr/rsep"
	"github.com/ssrkit/ssr/trustanchor"
)

// maxEnvelopeBytes bounds the part of a deposit read to check its envelope
// (the <rde:deposit> element, header and menu, RFC 8909 §5.1) before the
// evaluation; a real envelope is a few kilobytes.
const maxEnvelopeBytes = 1 << 20

// inputs reads the flags' files (or the embedded sample) into
// rsep.TLDInput, parsing each before the evaluation so that any file that
// cannot be read or parsed is reported at once, naming its path. The
// returned function closes the deposit.
func inputs(f *flags) (*rsep.TLDInput, string, func(), error) {
	cleanup := func() {}
	in := &rsep.TLDInput{}
	source := "embedded sample"
	var policy []byte
	if f.zone == "" {
		if err := sampleInputs(in, &policy); err != nil {
			return nil, "", cleanup, err
		}
	} else {
		source = f.zone
		zone, err := f.read(f.zone, rsep.MaxZoneSize, "rsep.MaxZoneSize", true)
		if err != nil {
			return nil, "", cleanup, err
		}
		in.Zone, in.ZoneFile = bytes.NewReader(zone), f.zone
		if f.root != "" {
			root, err := f.read(f.root, trustanchor.MaxZoneBytes, "trustanchor.MaxZoneBytes", true)
			if err != nil {
				return nil, "", cleanup, err
			}
			if err := checkRoot(root, f.root); err != nil {
				return nil, "", cleanup, err
			}
			in.Root = bytes.NewReader(root)
		}
		if f.deposit != "" {
			var closer io.Closer
			if in.Deposit, closer, err = openDeposit(f.deposit, f.stdin); err != nil {
				return nil, "", cleanup, err
			}
			cleanup = func() { closer.Close() }
			in.DepositFile = f.deposit
			dir := "."
			if f.deposit != "-" {
				dir = filepath.Dir(f.deposit)
			}
			in.DepositFiles = os.DirFS(dir)
		}
		now := time.Now().UTC()
		in.Now = func() time.Time { return now }
	}
	if !f.now.IsZero() {
		now := *f.now
		in.Now = func() time.Time { return now }
	}
	if in.Now == nil { // a sample without a time: judged without a clock, as before
		in.Now = func() time.Time { return time.Time{} }
	}
	if err := readAnchor(f, in); err != nil {
		return nil, "", cleanup, err
	}
	if f.policy != "" {
		var err error
		if policy, err = f.read(f.policy, rsep.MaxPolicySize, "rsep.MaxPolicySize", false); err != nil {
			return nil, "", cleanup, err
		}
	}
	if policy != nil {
		p, err := rsep.ParsePolicy(bytes.NewReader(policy))
		if err != nil {
			path := f.policy
			if path == "" {
				path = "embedded sample policy.json"
			}
			return nil, "", cleanup, &inputError{Path: path, Err: err}
		}
		in.Policy = p
	}
	if f.live {
		in.Prober = &rsep.Client{Timeout: f.timeout}
		in.Limits.ProbeTimeout = f.timeout
		in.ServerAddrs = f.ns
		in.AllowSpecialAddresses = f.allowSpecial
		if f.resolver != "" {
			in.Resolver, _ = nsflag.Addr(f.resolver) // checked by flags.check
		}
	}
	return in, source, cleanup, nil
}

// read reads one text input within max bytes.
func (f *flags) read(path string, max int64, maxName string, gunzip bool) ([]byte, error) {
	return cli.ReadFile(path, cli.ReadOptions{Max: max, MaxName: maxName, Gunzip: gunzip, Text: true, Stdin: f.stdin})
}

// checkRoot parses the -root file as a zone whose first SOA is the root's
// (RFC 1035 §5): a file of another kind is input that cannot be used, not a
// finding of the chain of trust.
func checkRoot(b []byte, path string) error {
	// Through the dnssec zone reader: entry length and $GENERATE are
	// bounded before anything expands.
	zp := dnssec.NewZoneScanner(bytes.NewReader(b), &dnssec.ZoneConfig{Origin: ".", File: path, MaxRecords: trustanchor.MaxZoneRecords})
	soa := ""
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if soa == "" && rr.Header().Rrtype == dns.TypeSOA {
			soa = rr.Header().Name
		}
	}
	if err := zp.Err(); err != nil {
		return &inputError{Path: path, Err: fmt.Errorf("not a zone file (RFC 1035 §5): %v", err)}
	}
	switch soa {
	case "":
		return &inputError{Path: path, Err: errors.New("no SOA record: not a root zone (RFC 1035 §5.2)")}
	case ".":
		return nil
	}
	return &inputError{Path: path, Err: fmt.Errorf("the SOA is %s's: not the root zone", soa)}
}

// readAnchor reads -anchor and -p7s and parses them as the anchor section
// will: a root-anchors.xml document (RFC 9718 §2) whose signature, when
// given, is a well-formed CMS SignedData (RFC 5652), or DS/DNSKEY lines, at
// least one (an empty anchor set is refused, RFC 4033 §6). Whether the
// signature verifies and which anchors are valid are the evaluation's
// findings.
func readAnchor(f *flags, in *rsep.TLDInput) error {
	if f.anchor == "" {
		return nil
	}
	b, err := cli.ReadFile(f.anchor, cli.ReadOptions{Max: trustanchor.MaxDocumentSize, Text: true, Stdin: f.stdin})
	if err != nil {
		return err
	}
	in.Anchor, in.AnchorSignature = b, nil
	isXML := bytes.HasPrefix(bytes.TrimSpace(b), []byte("<"))
	if !isXML {
		if f.p7s != "" {
			return &inputError{Path: f.anchor, Err: errors.New("-p7s signs a root-anchors.xml document, and this is not one (RFC 9718 §3)")}
		}
		rrs, err := trustanchor.ReadZoneLines(bytes.NewReader(b))
		if err != nil {
			return &inputError{Path: f.anchor, Err: inputerr.Anonymous(err)}
		}
		if len(rrs) == 0 {
			return &inputError{Path: f.anchor, Err: errors.New("no DS or DNSKEY record: an empty trust anchor set is refused (RFC 4033 §6)")}
		}
		return nil
	}
	if _, err := trustanchor.ParseXML(b); err != nil {
		return &inputError{Path: f.anchor, Err: inputerr.Anonymous(err)}
	}
	if f.p7s == "" {
		return nil
	}
	sig, err := cli.ReadFile(f.p7s, cli.ReadOptions{Max: trustanchor.MaxCMSSize, Stdin: f.stdin})
	if err != nil {
		return err
	}
	in.AnchorSignature = sig
	now := in.Now()
	_, err = (&trustanchor.CMSConfig{Now: func() time.Time { return now }}).Verify(b, sig)
	if errors.Is(err, trustanchor.ErrMalformed) || errors.Is(err, trustanchor.ErrLimitExceeded) {
		return &inputError{Path: f.p7s, Err: inputerr.Anonymous(err)}
	}
	return nil
}

// openDeposit opens the deposit and checks its envelope (RFC 8909 §5.1)
// before the evaluation streams it: a directory, an empty or binary file,
// or XML that is not a deposit is refused here.
func openDeposit(path string, stdin io.Reader) (io.Reader, io.Closer, error) {
	var r io.Reader
	closer := io.NopCloser(nil)
	if path == "-" {
		r = stdin
		if r == nil {
			r = os.Stdin
		}
	} else {
		fh, err := os.Open(path)
		if err != nil {
			return nil, nil, &inputError{Path: path, Err: unwrapPath(err)}
		}
		if st, err := fh.Stat(); err != nil {
			fh.Close()
			return nil, nil, &inputError{Path: path, Err: unwrapPath(err)}
		} else if st.IsDir() {
			fh.Close()
			return nil, nil, &inputError{Path: path, Err: cli.ErrDirectory}
		}
		r, closer = fh, fh
	}
	br := bufio.NewReaderSize(r, cli.TextSniffBytes)
	head, err := br.Peek(cli.TextSniffBytes)
	if len(head) == 0 {
		closer.Close()
		if err != nil && err != io.EOF {
			return nil, nil, &inputError{Path: path, Err: unwrapPath(err)}
		}
		return nil, nil, &inputError{Path: path, Err: cli.ErrEmpty}
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		closer.Close()
		return nil, nil, &inputError{Path: path, Err: fmt.Errorf("%w (NUL byte at offset %d)", cli.ErrBinary, i)}
	}
	if t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"); len(t) > 0 && t[0] != '<' {
		closer.Close()
		return nil, nil, &inputError{Path: path, Err: fmt.Errorf("not an XML document, so not an RFC 8909 deposit (RFC 8909 §5; it begins %.20q)", t)}
	}
	// Check the envelope on a copy of the first bytes, then hand the
	// evaluation those bytes followed by the rest. Tokens are capped below
	// the copy's size so that a malformed envelope fails within it.
	var prefix bytes.Buffer
	er := escrow.NewReader(io.TeeReader(io.LimitReader(br, maxEnvelopeBytes), &prefix),
		&escrow.ReaderConfig{Name: path, MaxTokenBytes: maxEnvelopeBytes / 4})
	if _, err := er.Deposit(); err != nil && prefix.Len() < maxEnvelopeBytes {
		closer.Close()
		return nil, nil, &inputError{Path: path, Err: errors.New(strings.TrimPrefix(err.Error(), "escrow: "))}
	}
	return io.MultiReader(&prefix, br), closer, nil
}

// unwrapPath drops the *os.PathError wrapper, whose message repeats the
// path and the system call.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// sampleInputs fills in the embedded sample: zone, root zone, anchors,
// deposit, policy, TLD and evaluation time.
func sampleInputs(in *rsep.TLDInput, policy *[]byte) error {
	meta, err := readSample("SAMPLE")
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(meta), "\n") {
		k, v, _ := strings.Cut(line, " ")
		switch k {
		case "now":
			var now time.Time
			now, err = time.Parse(time.RFC3339, v)
			in.Now = func() time.Time { return now }
		case "tld":
			in.TLD = v
		}
		if err != nil {
			return fmt.Errorf("embedded sample metadata: %v", err)
		}
	}
	var zone, root, deposit []byte
	for name, dst := range map[string]*[]byte{"example.zone": &zone, "root.zone": &root, "root-anchors.xml": &in.Anchor, "deposit.xml": &deposit, "policy.json": policy} {
		if *dst, err = readSample(name); err != nil {
			return err
		}
	}
	in.Zone, in.ZoneFile = bytes.NewReader(zone), "example.zone"
	in.Root = bytes.NewReader(root)
	in.Deposit, in.DepositFile = bytes.NewReader(deposit), "deposit.xml"
	return nil
}

func readSample(name string) ([]byte, error) {
	b, err := sampleFS.ReadFile("sample/" + name)
	if err != nil {
		return nil, fmt.Errorf("embedded sample: %v", err)
	}
	return b, nil
}
