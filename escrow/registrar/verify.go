package registrar

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"

	"github.com/ssrkit/ssr/escrow/internal/pinned"
)

// Clauses cited by Verify; all are from secondary sources (doc.go).
const (
	clauseHash    = "2007 RDE spec [4.1.18] per HEXONET API:RDE (secondary)"
	clauseDomain  = "2007 RDE spec [4.1.2] per HEXONET API:RDE (secondary)"
	clauseHandle  = "2007 RDE spec [4.1.9] per HEXONET API:RDE (secondary)"
	clauseCrypto  = "getnamingo escrow_ncc.php: gzip, then OpenPGP to the agent's key (secondary); RFC 9580"
	clauseIANAID  = "RAA 3.6; IANA Registrar IDs registry"
	clauseCountry = "ISO 3166-1 alpha-2 (HEXONET example: two-letter country, secondary)"
	// clauseExpired: no source says how long expired names stay in a
	// deposit; this rule is a decision of this package (doc.go).
	clauseExpired = "decision of package registrar (doc.go), not from a source"
)

// Config configures Verify. The zero value is strict: every file is
// checked, encrypted files are reported as not read.
type Config struct {
	// Names are the deposit's file names in the fs.FS; nil means every
	// entry of its root directory.
	Names []string
	// Keys decrypt .gpg files (the escrow agent's secret keys).
	Keys openpgp.EntityList
	// Now is the verification time for domain expiration dates (a domain
	// expired more than a year before is reported); nil means time.Now.
	Now func() time.Time
	// MaxFindings overrides MaxFindings when positive.
	MaxFindings int
	// MaxHandles overrides MaxHandles when positive.
	MaxHandles int
	// MaxDomainNames overrides MaxDomainNames when positive.
	MaxDomainNames int
}

// Report is the result of Verify.
type Report struct {
	IANAID   int
	Date     time.Time
	Files    []string // the deposit's files, sorted
	Domains  int64
	Handles  int64
	Findings []*Error
	Dropped  int64
	Skipped  []string // checks that could not run, and why
}

// OK reports whether there are no findings.
func (r *Report) OK() bool { return len(r.Findings) == 0 && r.Dropped == 0 }

type verifier struct {
	ctx     context.Context
	fsys    fs.FS
	opts    *Config
	rep     *Report
	maxF    int
	maxH    int
	maxD    int
	handles map[string]bool
	tooMany bool
	digests map[string]string // name (stored or decoded) → lower-case hex SHA-256
}

// Verify reads a registrar data escrow deposit (RAA 3.6) from fsys and
// checks it against the format the secondary sources of doc.go describe:
// file names, the registrar's IANA ID, the SHA-256 hash file, the domain
// ("full") and handle ("hdl") CSV files, their references and values. The
// error is non-nil only for I/O errors and context cancellation.
func Verify(ctx context.Context, fsys fs.FS, opts *Config) (*Report, error) {
	if opts == nil {
		opts = &Config{}
	}
	v := &verifier{ctx: ctx, fsys: fsys, opts: opts, rep: &Report{IANAID: -1}, maxF: MaxFindings,
		handles: map[string]bool{}, digests: map[string]string{}}
	if opts.MaxFindings > 0 {
		v.maxF = opts.MaxFindings
	}
	v.maxH, v.maxD = MaxHandles, MaxDomainNames
	if opts.MaxHandles > 0 {
		v.maxH = opts.MaxHandles
	}
	if opts.MaxDomainNames > 0 {
		v.maxD = opts.MaxDomainNames
	}
	files, err := v.files()
	if err != nil {
		return v.rep, err
	}
	var hashFile string
	var data []FileName
	var dataNames []string
	for _, n := range v.rep.Files {
		f := files[n]
		if f.Kind == "hash" {
			if hashFile != "" {
				v.add(&Error{Kind: ErrInvalid, Clause: clauseHash, File: n, Err: fmt.Errorf("second hash file (first %s)", hashFile)})
			}
			hashFile = n
			continue
		}
		data = append(data, f)
		dataNames = append(dataNames, n)
	}
	// Handles first, so that the domain files' references resolve.
	for _, kind := range []string{"hdl", "full"} {
		for i, f := range data {
			if f.Kind != kind {
				continue
			}
			if err := v.dataFile(dataNames[i], f); err != nil {
				return v.rep, err
			}
		}
	}
	if !slicesContainsKind(data, "full") {
		v.add(&Error{Kind: ErrInvalid, Clause: clauseDomain, Err: errors.New("no domain data (full) file")})
	}
	if hashFile == "" {
		v.add(&Error{Kind: ErrInvalid, Clause: clauseHash, Err: errors.New("no hash file")})
	} else if err := v.hashFile(hashFile, dataNames); err != nil {
		return v.rep, err
	}
	return v.rep, nil
}

func slicesContainsKind(fs []FileName, kind string) bool {
	for _, f := range fs {
		if f.Kind == kind {
			return true
		}
	}
	return false
}

func (v *verifier) add(e *Error) {
	if len(v.rep.Findings) >= v.maxF {
		v.rep.Dropped++
		return
	}
	v.rep.Findings = append(v.rep.Findings, e)
}

// files lists and names the deposit's files, checking that they belong to
// one registrar and date.
func (v *verifier) files() (map[string]FileName, error) {
	names := v.opts.Names
	if names == nil {
		ents, err := fs.ReadDir(v.fsys, ".")
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			if e.Type().IsRegular() {
				names = append(names, e.Name())
			}
		}
	}
	if len(names) > MaxFiles {
		return nil, &Error{Kind: ErrLimitExceeded, Err: fmt.Errorf("%d files, more than MaxFiles (%d)", len(names), MaxFiles)}
	}
	out := map[string]FileName{}
	for _, n := range names {
		f, err := ParseFileName(n)
		if err != nil {
			var e *Error
			errors.As(err, &e)
			v.add(e)
			continue
		}
		if v.rep.IANAID < 0 {
			v.rep.IANAID, v.rep.Date = f.IANAID, f.Date
			if !pinned.RegistrarID(fmt.Sprint(f.IANAID)) {
				v.add(&Error{Kind: ErrInvalid, Clause: clauseIANAID, File: n, Err: fmt.Errorf("IANA ID %d is not in IANA's Registrar IDs registry (pinned 2026-08-21)", f.IANAID)})
			}
		} else if f.IANAID != v.rep.IANAID || !f.Date.Equal(v.rep.Date) {
			v.add(&Error{Kind: ErrInvalid, Clause: clauseName, File: n, Err: fmt.Errorf("IANA ID %d, date %s: not the deposit's %d, %s",
				f.IANAID, f.Date.Format(time.DateOnly), v.rep.IANAID, v.rep.Date.Format(time.DateOnly))})
		}
		out[n] = f
		v.rep.Files = append(v.rep.Files, n)
	}
	sort.Strings(v.rep.Files)
	return out, nil
}

// open opens a data file through its gzip and OpenPGP layers. decoded is
// the file's name without .gz/.gpg, for the hash file. A nil reader with a
// nil error means the file cannot be read here (reported in Skipped).
func (v *verifier) open(name string, f FileName) (io.Reader, func(), string, error) {
	fh, err := v.fsys.Open(name)
	if err != nil {
		return nil, nil, "", err
	}
	raw := sha256.New()
	rawR := io.TeeReader(fh, raw)
	var r io.Reader = rawR
	closers := []func(){func() { fh.Close() }}
	done := func() {
		io.Copy(io.Discard, rawR) // the stored file's digest needs every byte
		for _, c := range closers {
			c()
		}
		v.digests[name] = hex.EncodeToString(raw.Sum(nil))
	}
	exts := strings.Split(f.Ext, ".")
	decoded := name
	for i := len(exts) - 1; i >= 0; i-- {
		switch exts[i] {
		case "gpg", "pgp", "asc":
			if len(v.opts.Keys) == 0 {
				v.rep.Skipped = append(v.rep.Skipped, name+": encrypted, no Config.Keys to decrypt it")
				done()
				return nil, nil, "", nil
			}
			cr := &countReader{r: r}
			md, err := openpgp.ReadMessage(cr, v.opts.Keys, nil, nil)
			if err != nil {
				done()
				v.add(&Error{Kind: ErrMalformed, Clause: clauseCrypto, File: name, Err: err})
				return nil, nil, "", nil
			}
			// Its error at EOF reports a failed MDC/AEAD check. Compressed
			// packets inside the message (RFC 9580 §5.6, nestable) are held
			// to MaxCompressionRatio as the .gz layer is.
			r = &ratioReader{r: md.UnverifiedBody, in: cr}
		case "gz":
			cr := &countReader{r: r}
			zr, err := gzip.NewReader(cr)
			if err != nil {
				done()
				v.add(&Error{Kind: ErrMalformed, Clause: clauseCrypto + "; RFC 1952", File: name, Err: err})
				return nil, nil, "", nil
			}
			closers = append(closers, func() { zr.Close() })
			r = &ratioReader{r: zr, in: cr}
		default:
			continue
		}
		decoded = strings.TrimSuffix(decoded, "."+exts[i])
	}
	return r, done, decoded, nil
}

// dataFile reads one "full" or "hdl" file.
func (v *verifier) dataFile(name string, f FileName) error {
	r, done, decoded, err := v.open(name, f)
	if err != nil {
		return err
	}
	if r == nil {
		return nil
	}
	dec := sha256.New()
	rd, err := NewReader(io.TeeReader(r, dec), f.Kind, name)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			v.add(e)
			done()
			return nil
		}
		done()
		return err
	}
	if unk := rd.UnknownColumns(); len(unk) > 0 {
		v.rep.Skipped = append(v.rep.Skipped, fmt.Sprintf("%s: columns %v are not in the secondary descriptions, not checked", name, unk))
	}
	if f.Kind == "full" {
		v.domains(rd, name)
	} else {
		v.handleRecords(rd, name)
	}
	if err := v.ctx.Err(); err != nil {
		done()
		return err
	}
	if err := rd.Err(); err != nil {
		var e *Error
		if errors.As(err, &e) {
			v.add(e)
		}
	} else if _, err := io.Copy(dec, r); err != nil { // MDC and gzip trailer
		v.add(&Error{Kind: ErrMalformed, Clause: clauseCrypto, File: name, Err: err})
	}
	done()
	if decoded != name {
		v.digests[decoded] = hex.EncodeToString(dec.Sum(nil))
	}
	return nil
}

var phoneRE = regexp.MustCompile(`^\+[0-9]{1,3}\.?[0-9]{1,14}$`)

func (v *verifier) handleRecords(rd *Reader, name string) {
	for rd.Next() {
		h := rd.Handle()
		v.rep.Handles++
		bad := func(format string, a ...any) {
			v.add(&Error{Kind: ErrInvalid, Clause: clauseHandle, File: name, Line: h.Line, Err: fmt.Errorf(format, a...)})
		}
		switch {
		case h.Handle == "":
			bad("empty handle")
		case v.handles[h.Handle]:
			bad("handle %q repeated", h.Handle)
		case len(v.handles) >= v.maxH:
			v.tooMany = true
		default:
			v.handles[h.Handle] = true
		}
		if h.Country != "" && !pinned.ISO3166Alpha2(strings.ToUpper(h.Country)) {
			v.add(&Error{Kind: ErrInvalid, Clause: clauseCountry, File: name, Line: h.Line, Err: fmt.Errorf("country %q is not an ISO 3166-1 alpha-2 code", h.Country)})
		}
		for _, p := range []string{h.Phone, h.Fax} {
			if p != "" && !phoneRE.MatchString(p) {
				bad("phone %q is not +CC.NUMBER or +DIGITS", p)
			}
		}
		if h.Email != "" && !plausibleEmail(h.Email) {
			bad("email %q is not local@domain", h.Email)
		}
	}
}

func (v *verifier) domains(rd *Reader, name string) {
	now := time.Now()
	if v.opts.Now != nil {
		now = v.opts.Now()
	}
	seen := map[string]bool{}
	seenFull := false
	hasExp := false
	for _, c := range rd.roles {
		hasExp = hasExp || c == "expiration"
	}
	if !hasExp {
		v.add(&Error{Kind: ErrInvalid, Clause: clauseDomain, File: name, Line: 1, Err: errors.New("no expiration date column")})
	}
	if v.tooMany {
		v.rep.Skipped = append(v.rep.Skipped, fmt.Sprintf("%s: more than MaxHandles (%d) handles, references not checked", name, v.maxH))
	}
	checkRefs := len(v.handles) > 0 && !v.tooMany
	for rd.Next() {
		d := rd.Domain()
		v.rep.Domains++
		bad := func(format string, a ...any) {
			v.add(&Error{Kind: ErrInvalid, Clause: clauseDomain, File: name, Line: d.Line, Err: fmt.Errorf(format, a...)})
		}
		n := strings.ToLower(strings.TrimSuffix(d.Name, "."))
		switch {
		case !validHostName(n) || !strings.Contains(n, "."):
			bad("domain %q is not an LDH domain name (RFC 1123 §2.1; A-labels for IDNs)", d.Name)
		case seen[n]:
			bad("domain %q repeated", d.Name)
		case len(seen) >= v.maxD:
			if !seenFull {
				seenFull = true
				v.rep.Skipped = append(v.rep.Skipped, fmt.Sprintf("%s: more than MaxDomainNames (%d) domains, repetition not checked from line %d on", name, v.maxD, d.Line))
			}
		default:
			seen[n] = true
		}
		if hasExp && d.Expiration.IsZero() {
			bad("expiration date %q is not YYYY-MM-DD hh:mm:ss or RFC 3339", d.Fields["expiration_date"]+d.Fields["expiration-date"])
		} else if hasExp && d.Expiration.Before(now.AddDate(-1, 0, 0)) {
			v.add(&Error{Kind: ErrInvalid, Clause: clauseExpired, File: name, Line: d.Line,
				Err: fmt.Errorf("expiration date %s is more than a year before the verification time", d.Expiration.Format(time.DateOnly))})
		}
		for _, ns := range d.Nameservers {
			if !validHostName(strings.ToLower(strings.TrimSuffix(ns, "."))) {
				bad("name server %q is not an LDH host name", ns)
			}
		}
		if id := d.Fields["iana"]; id != "" && !pinned.RegistrarID(id) {
			bad("iana %q is not in IANA's Registrar IDs registry", id)
		}
		if c := d.Fields["rt-country"]; c != "" && !pinned.ISO3166Alpha2(strings.ToUpper(c)) {
			v.add(&Error{Kind: ErrInvalid, Clause: clauseCountry, File: name, Line: d.Line, Err: fmt.Errorf("rt-country %q is not an ISO 3166-1 alpha-2 code", c)})
		}
		if checkRefs {
			roles := make([]string, 0, len(d.Contacts))
			for r := range d.Contacts {
				roles = append(roles, r)
			}
			sort.Strings(roles)
			for _, role := range roles {
				if h := d.Contacts[role]; !v.handles[h] {
					v.add(&Error{Kind: ErrInvalid, Clause: clauseHandle, File: name, Line: d.Line,
						Err: fmt.Errorf("%s handle %q of %s is not in the handle file", role, h, d.Name)})
				}
			}
		}
	}
}

// hashFile checks the SHA-256 hash file: "<hex> <name>" or "<hex>  <name>"
// lines (sha256sum layout), each naming a file of the deposit (as stored,
// or its decompressed/decrypted form) whose digest matches, and every data
// file listed.
func (v *verifier) hashFile(name string, data []string) error {
	f, err := v.fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, MaxHashFileBytes+1))
	sc.Buffer(make([]byte, 4096), 64<<10)
	listed := map[string]bool{}
	line, size := 0, 0
	for sc.Scan() {
		line++
		size += len(sc.Bytes()) + 1
		if size > MaxHashFileBytes {
			v.add(&Error{Kind: ErrLimitExceeded, File: name, Line: line, Err: fmt.Errorf("hash file larger than MaxHashFileBytes (%d)", MaxHashFileBytes)})
			return nil
		}
		l := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		sum, file, ok := strings.Cut(l, " ")
		file = strings.TrimPrefix(strings.TrimPrefix(file, " "), "*")
		file = file[strings.LastIndexByte(file, '/')+1:] // the NCC variant writes a path
		if !ok || len(sum) != 64 || !isHex(sum) || file == "" {
			v.add(&Error{Kind: ErrMalformed, Clause: clauseHash, File: name, Line: line, Err: fmt.Errorf("line %.80q is not <sha256 hex> <file>", l)})
			continue
		}
		listed[file] = true
		got, known := v.digests[file]
		switch {
		case !known:
			v.add(&Error{Kind: ErrInvalid, Clause: clauseHash, File: name, Line: line, Err: fmt.Errorf("%s is listed but not in the deposit (or could not be read)", file)})
		case got != strings.ToLower(sum):
			v.add(&Error{Kind: ErrInvalid, Clause: clauseHash, File: name, Line: line, Err: fmt.Errorf("SHA-256 of %s is %s, the hash file says %s", file, got, strings.ToLower(sum))})
		}
	}
	if err := sc.Err(); err != nil {
		v.add(&Error{Kind: ErrMalformed, Clause: clauseHash, File: name, Err: err})
	}
	for _, d := range data {
		fn, _ := ParseFileName(d)
		inner := d
		for _, e := range []string{".gpg", ".pgp", ".asc", ".gz"} {
			inner = strings.TrimSuffix(inner, e)
		}
		if !listed[d] && !listed[inner] && fn.Kind != "hash" {
			v.add(&Error{Kind: ErrInvalid, Clause: clauseHash, File: name, Err: fmt.Errorf("data file %s is not listed", d)})
		}
	}
	return nil
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil
}

func plausibleEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t\r\n<>,;") && strings.Contains(s[at+1:], ".")
}

// validHostName: LDH labels of 1–63 octets, no leading or trailing hyphen,
// "--" in positions 3–4 only for A-labels, 253 octets at most (RFC 1123
// §2.1, RFC 5891 §4.2.3.1). The registry package has its own copy, so
// that the two can follow their specifications apart.
func validHostName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, l := range strings.Split(s, ".") {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i] | 0x20
			if !(c >= 'a' && c <= 'z' || l[i] >= '0' && l[i] <= '9' || l[i] == '-') {
				return false
			}
		}
		if len(l) >= 4 && l[2:4] == "--" && !strings.EqualFold(l[:2], "xn") {
			return false
		}
	}
	return true
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// ratioReader bounds the gzip inflation ratio (MaxCompressionRatio).
type ratioReader struct {
	r   io.Reader
	in  *countReader
	out int64
}

func (z *ratioReader) Read(p []byte) (int, error) {
	n, err := z.r.Read(p)
	z.out += int64(n)
	if z.out > 1<<20 && z.out > MaxCompressionRatio*z.in.n {
		return n, &Error{Kind: ErrLimitExceeded, Err: fmt.Errorf("gzip inflates more than MaxCompressionRatio (%d)", MaxCompressionRatio)}
	}
	return n, err
}
