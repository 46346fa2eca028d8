package trustanchor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/dnssec"
)

// Repository is a TLD trust-anchor repository (what IANA's ITAR was),
// rebuilt from a signed root zone: every delegation's DS RRset, verified
// under the root trust anchor.
type Repository struct {
	Serial     uint32              // root zone SOA serial
	VerifiedAt time.Time           // time the signatures were checked at
	RootKeys   []uint16            // tags of the root KSKs that validated the DNSKEY RRset
	ZONEMD     dnssec.ZONEMDStatus // absent, verified, failed or unsupported (RFC 8976 §4)
	TLDs       []TLD               // signed delegations, canonical order
	Unsigned   []string            // delegations without DS, canonical order
	// Findings lists every DS RRset that did not verify, and the ZONEMD
	// check's failures first, the rest in canonical order of the names;
	// such TLDs are left out of TLDs. Past MaxFindings they are only
	// counted, in Dropped.
	Findings []error
	Dropped  int
}

// TLD is one delegation's verified DS RRset.
type TLD struct {
	Name string
	DS   []*dns.DS
}

// Err returns the findings joined, or nil when there are none.
func (r *Repository) Err() error { return errors.Join(r.Findings...) }

// add records a finding, or counts it in Dropped past max.
func (r *Repository) add(max int, err error) {
	if len(r.Findings) >= max {
		r.Dropped++
		return
	}
	r.Findings = append(r.Findings, err)
}

// RepositoryConfig tunes BuildRepository. The zero value uses the embedded
// IANA anchors valid at the verification time.
type RepositoryConfig struct {
	// Anchors are the root trust anchors (DS or DNSKEY). Nil selects the
	// embedded IANA anchors valid at Now (a nil SelectConfig).
	Anchors []dns.RR
	// Now returns the time to check signatures at; nil means time.Now.
	// Use the zone's signing time for archived zones.
	Now func() time.Time
	// MaxRecords caps the records read (default MaxZoneRecords).
	MaxRecords int
	// MaxFindings caps the findings kept (default MaxFindings).
	MaxFindings int
}

const zoneFile = "root zone"

// BuildRepository reads a signed root zone in master-file format and builds
// the repository: the apex DNSKEY RRset must be signed by a key matching a
// trust anchor (RFC 4035 §5.2), and each delegation's DS RRset by a key of
// that validated set (RFC 4035 §5.3). Every failure is recorded in
// Findings; the error return is for unreadable input, missing apex data, an
// apex that does not validate (then no TLD can be trusted) or ctx ending,
// which is checked between records. A nil cfg is the zero RepositoryConfig.
func BuildRepository(ctx context.Context, r io.Reader, cfg *RepositoryConfig) (*Repository, error) {
	if cfg == nil {
		cfg = &RepositoryConfig{}
	}
	at := time.Now()
	if cfg.Now != nil {
		at = cfg.Now()
	}
	anchors := cfg.Anchors
	if anchors == nil {
		doc, err := ParseXML(EmbeddedXML)
		if err != nil {
			return nil, err
		}
		anchors = doc.Anchors(at, nil).RRs()
	}
	maxRec := pick(cfg.MaxRecords, MaxZoneRecords)
	maxFind := pick(cfg.MaxFindings, MaxFindings)
	data, err := readZone(r)
	if err != nil {
		return nil, err
	}
	z, err := scanZone(ctx, data, maxRec)
	if err != nil {
		return nil, err
	}
	repo := &Repository{Serial: z.soa.Serial, VerifiedAt: at, ZONEMD: dnssec.ZONEMDAbsent}
	checks := 0
	zoneKeys, err := verifyApex(repo, z, anchors, at, &checks)
	if err != nil {
		return nil, err
	}
	if z.haveMD {
		if err := checkZONEMD(ctx, repo, data, anchors, at, maxRec, maxFind); err != nil {
			return nil, err
		}
	}
	if err := verifyDelegations(ctx, repo, z, zoneKeys, at, &checks, maxFind); err != nil {
		return nil, err
	}
	return repo, nil
}

// readZone reads the whole zone, at most MaxZoneBytes.
func readZone(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxZoneBytes+1))
	if err != nil {
		kind := ErrMalformed
		if errors.Is(err, dnssec.ErrLimitExceeded) {
			kind = ErrLimitExceeded
		}
		return nil, &Error{Kind: kind, File: zoneFile, Err: err}
	}
	if len(data) > MaxZoneBytes {
		return nil, errorf(ErrLimitExceeded, "", zoneFile, 0, "", "zone larger than %d bytes", MaxZoneBytes)
	}
	return data, nil
}

type rrsetKey struct {
	name string
	t    uint16
}

// zoneScan is what BuildRepository keeps of the zone's records.
type zoneScan struct {
	soa      *dns.SOA
	apexKeys []dns.RR
	haveMD   bool
	sigs     map[rrsetKey][]*dns.RRSIG // RRSIGs over DNSKEY and DS RRsets
	ds       map[string][]dns.RR
	deleg    map[string]bool // TLD names with NS records
}

// scanZone parses the zone and sorts out the records BuildRepository
// needs; it needs the apex SOA and DNSKEY RRset (RFC 4035 §2.1).
func scanZone(ctx context.Context, data []byte, maxRec int) (*zoneScan, error) {
	z := &zoneScan{sigs: map[rrsetKey][]*dns.RRSIG{}, ds: map[string][]dns.RR{}, deleg: map[string]bool{}}
	// The dnssec zone reader's guard bounds each entry (MaxZoneLineLength)
	// and counts $GENERATE against maxRec before the parser expands it.
	guarded := &readErr{r: dnssec.LimitZoneReader(bytes.NewReader(data), &dnssec.ZoneConfig{File: zoneFile, MaxRecords: maxRec})}
	zp := dns.NewZoneParser(guarded, ".", "")
	zp.SetIncludeAllowed(false)
	n := 0
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if n++; n > maxRec {
			return nil, errorf(ErrLimitExceeded, "", zoneFile, 0, "", "more than %d records", maxRec)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		z.add(rr)
	}
	if err := zp.Err(); err != nil {
		// A limit of the guard cuts the text mid-entry; the parser may then
		// report the cut entry instead of the limit, which is the cause.
		if errors.Is(guarded.err, dnssec.ErrLimitExceeded) {
			err = guarded.err
		}
		if errors.Is(err, dnssec.ErrLimitExceeded) {
			return nil, &Error{Kind: ErrLimitExceeded, Clause: "dnssec limits.go", File: zoneFile, Err: err}
		}
		return nil, &Error{Kind: ErrMalformed, Clause: "RFC 1035 §5", File: zoneFile, Err: err}
	}
	if z.soa == nil || len(z.apexKeys) == 0 {
		return nil, errorf(ErrMalformed, "RFC 4035 §2.1", zoneFile, 0, "", "no apex SOA or DNSKEY RRset")
	}
	return z, nil
}

// add files one record.
func (z *zoneScan) add(rr dns.RR) {
	name := lowerName(rr.Header().Name)
	switch v := rr.(type) {
	case *dns.SOA:
		if name == "." {
			z.soa = v
		}
	case *dns.DNSKEY:
		if name == "." {
			z.apexKeys = append(z.apexKeys, v)
		}
	case *dns.ZONEMD:
		if name == "." {
			z.haveMD = true
		}
	case *dns.RRSIG:
		k := rrsetKey{name, v.TypeCovered}
		if v.TypeCovered == dns.TypeDNSKEY || v.TypeCovered == dns.TypeDS {
			z.sigs[k] = append(z.sigs[k], v)
		}
	case *dns.DS:
		z.ds[name] = append(z.ds[name], v)
	case *dns.NS:
		if name != "." && dns.CountLabel(name) == 1 {
			z.deleg[name] = true
		}
	}
}

// verifyApex validates the apex DNSKEY RRset under the anchors (RFC 4035
// §5.2), records the validating root keys and returns the zone keys of the
// set that may sign DS RRsets (not revoked, RFC 5011 §2.1).
func verifyApex(repo *Repository, z *zoneScan, anchors []dns.RR, at time.Time, checks *int) ([]*dnssec.Key, error) {
	var apexErrs []error
	for _, sig := range z.sigs[rrsetKey{".", dns.TypeDNSKEY}] {
		for _, rr := range z.apexKeys {
			k := rr.(*dns.DNSKEY)
			if k.KeyTag() != sig.KeyTag || k.Algorithm != sig.Algorithm || !anchored(k, anchors) {
				continue
			}
			*checks++
			key, err := dnssec.NewKey(k)
			if err == nil {
				err = dnssec.VerifyRRSIG(z.apexKeys, sig, key, at)
			}
			if err != nil {
				apexErrs = append(apexErrs, &Error{Kind: ErrBogus, Clause: "RFC 4035 §5.2", File: zoneFile,
					Anchor: fmt.Sprintf("RRSIG ./DNSKEY tag %d", sig.KeyTag), Err: err})
				continue
			}
			repo.RootKeys = append(repo.RootKeys, k.KeyTag())
		}
	}
	if len(repo.RootKeys) == 0 {
		apexErrs = append(apexErrs, errorf(ErrBogus, "RFC 4035 §5.2", zoneFile, 0, "DNSKEY .", "no RRSIG by a trust-anchor key verifies (%d tried)", *checks))
		return nil, errors.Join(apexErrs...)
	}
	var zoneKeys []*dnssec.Key
	for _, rr := range z.apexKeys {
		k := rr.(*dns.DNSKEY)
		if k.Flags&dns.ZONE == 0 || revoked(k) {
			continue
		}
		if key, err := dnssec.NewKey(k); err == nil {
			zoneKeys = append(zoneKeys, key)
		}
	}
	return zoneKeys, nil
}

// checkZONEMD verifies the ZONEMD over the whole zone (RFC 8976 §4), with
// its RRSIG, by dnssec.VerifyZone; only its ZONEMD findings are taken over.
func checkZONEMD(ctx context.Context, repo *Repository, data []byte, anchors []dns.RR, at time.Time, maxRec, maxFind int) error {
	rep, err := dnssec.VerifyZone(ctx, bytes.NewReader(data), &dnssec.ZoneConfig{Origin: ".", Anchors: anchors,
		Now: func() time.Time { return at }, MaxRecords: maxRec, File: zoneFile})
	if err != nil {
		return &Error{Kind: ErrMalformed, Clause: "RFC 8976 §4", File: zoneFile, Err: err}
	}
	repo.ZONEMD = rep.ZONEMD
	for _, p := range rep.Findings {
		sig, isSig := p.RR.(*dns.RRSIG)
		if errors.Is(p, dnssec.ErrZONEMD) || (isSig && sig.TypeCovered == dns.TypeZONEMD) {
			repo.add(maxFind, &Error{Kind: ErrBogus, Clause: "RFC 8976 §4", File: zoneFile, Line: p.Line, Anchor: "ZONEMD .", Err: p})
		}
	}
	if rep.ZONEMD == dnssec.ZONEMDFailed && len(repo.Findings)+repo.Dropped == 0 {
		repo.add(maxFind, errorf(ErrBogus, "RFC 8976 §4", zoneFile, 0, "ZONEMD .", "digest does not match the zone"))
	}
	return nil
}

// verifyDelegations checks each delegation's DS RRset under the zone keys
// (RFC 4035 §5.3), in canonical order; a DS RRset without a delegation is a
// problem (RFC 4035 §2.4).
func verifyDelegations(ctx context.Context, repo *Repository, z *zoneScan, zoneKeys []*dnssec.Key, at time.Time, checks *int, maxFind int) error {
	byName := func(names []string) {
		sort.Slice(names, func(i, j int) bool { return dnssec.CompareNames(names[i], names[j]) < 0 })
	}
	var names, orphans []string
	for name := range z.deleg {
		names = append(names, name)
	}
	for name := range z.ds {
		if !z.deleg[name] {
			orphans = append(orphans, name)
		}
	}
	byName(orphans)
	for _, name := range orphans {
		repo.add(maxFind, errorf(ErrMalformed, "RFC 4035 §2.4", zoneFile, 0, "DS "+name, "DS RRset without a delegation"))
	}
	byName(names)
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		set := z.ds[name]
		if len(set) == 0 {
			repo.Unsigned = append(repo.Unsigned, name)
			continue
		}
		errs, err := verifyDS(set, z.sigs[rrsetKey{name, dns.TypeDS}], zoneKeys, at, checks)
		if err != nil {
			return err
		}
		if errs != nil {
			repo.add(maxFind, &Error{Kind: ErrBogus, Clause: "RFC 4035 §5.3", File: zoneFile,
				Anchor: "DS " + name, Err: errs})
			continue
		}
		tld := TLD{Name: name}
		for _, rr := range Canonical(set) {
			tld.DS = append(tld.DS, rr.(*dns.DS))
		}
		repo.TLDs = append(repo.TLDs, tld)
	}
	return nil
}

// verifyDS returns nil, nil when an RRSIG by a zone key verifies the DS
// RRset, else why not; the error is the MaxSignatureChecks limit.
func verifyDS(set []dns.RR, sigs []*dns.RRSIG, zoneKeys []*dnssec.Key, at time.Time, checks *int) (why, err error) {
	var errs []error
	ok := false
	for _, sig := range sigs {
		for _, key := range zoneKeys {
			if key.Tag != sig.KeyTag || key.DNSKEY.Algorithm != sig.Algorithm {
				continue
			}
			if *checks++; *checks > MaxSignatureChecks {
				return nil, errorf(ErrLimitExceeded, "", zoneFile, 0, "", "more than %d signature checks", MaxSignatureChecks)
			}
			if err := dnssec.VerifyRRSIG(set, sig, key, at); err != nil {
				errs = append(errs, err)
				continue
			}
			ok = true
		}
	}
	switch {
	case ok:
		return nil, nil
	case len(errs) == 0:
		return errors.New("no RRSIG by a zone key"), nil
	}
	return errors.Join(errs...), nil
}

// anchored reports whether k matches one of the anchors (same DNSKEY, or a
// DS whose digest matches, compared case-insensitively).
func anchored(k *dns.DNSKEY, anchors []dns.RR) bool {
	for _, a := range anchors {
		switch v := a.(type) {
		case *dns.DNSKEY:
			if v.Flags == k.Flags && v.Algorithm == k.Algorithm && v.Protocol == k.Protocol && v.PublicKey == k.PublicKey {
				return true
			}
		case *dns.DS:
			if v.KeyTag == k.KeyTag() && v.Algorithm == k.Algorithm {
				if c := k.ToDS(v.DigestType); c != nil && strings.EqualFold(c.Digest, v.Digest) {
					return true
				}
			}
		}
	}
	return false
}

// WriteMasterFile writes the repository as a DS master file in the manner
// of ITAR's anchors.mf: a header comment, one "tld. IN DS …" line per
// record in canonical order, and "; End of file".
func (r *Repository) WriteMasterFile(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "; TLD trust anchors from root zone serial %d, verified %s under root key(s) %v\n",
		r.Serial, r.VerifiedAt.UTC().Format(time.RFC3339), r.RootKeys)
	fmt.Fprintf(&b, "; %d signed TLDs, %d unsigned\n", len(r.TLDs), len(r.Unsigned))
	for _, t := range r.TLDs {
		for _, d := range t.DS {
			b.WriteString(formatRR(d))
			b.WriteByte('\n')
		}
	}
	b.WriteString("; End of file\n")
	_, err := w.Write(b.Bytes())
	return err
}

type jsonDS struct {
	KeyTag     uint16 `json:"key_tag"`
	Algorithm  uint8  `json:"algorithm"`
	DigestType uint8  `json:"digest_type"`
	Digest     string `json:"digest"`
}

type jsonTLD struct {
	Name string   `json:"name"`
	DS   []jsonDS `json:"ds"`
}

type jsonRepo struct {
	Serial     uint32    `json:"serial"`
	VerifiedAt string    `json:"verified_at"`
	RootKeys   []uint16  `json:"root_keys"`
	ZONEMD     string    `json:"zonemd"`
	TLDs       []jsonTLD `json:"tlds"`
	Unsigned   []string  `json:"unsigned"`
	Problems   []string  `json:"problems"`
	Dropped    int       `json:"dropped,omitempty"`
}

// MarshalJSON renders the repository with DS fields spelled out, digests
// upper case, findings as strings (key "problems"), dropped findings
// counted when there are any.
func (r *Repository) MarshalJSON() ([]byte, error) {
	j := jsonRepo{Serial: r.Serial, VerifiedAt: r.VerifiedAt.UTC().Format(time.RFC3339), RootKeys: r.RootKeys,
		ZONEMD: r.ZONEMD.String(), TLDs: []jsonTLD{}, Unsigned: r.Unsigned, Problems: []string{}, Dropped: r.Dropped}
	if j.Unsigned == nil {
		j.Unsigned = []string{}
	}
	for _, t := range r.TLDs {
		jt := jsonTLD{Name: t.Name}
		for _, d := range t.DS {
			jt.DS = append(jt.DS, jsonDS{d.KeyTag, d.Algorithm, d.DigestType, strings.ToUpper(d.Digest)})
		}
		j.TLDs = append(j.TLDs, jt)
	}
	for _, p := range r.Findings {
		j.Problems = append(j.Problems, p.Error())
	}
	return json.Marshal(j)
}

// Diff describes the change between two repository snapshots.
type Diff struct {
	OldSerial, NewSerial uint32
	Added                []string    // TLDs signed in new, absent or unsigned in old
	Removed              []string    // TLDs signed in old, absent or unsigned in new
	Changed              []TLDChange // TLDs signed in both whose DS RRset changed
}

// TLDChange is the DS change of one TLD.
type TLDChange struct {
	Name               string
	AddedDS, RemovedDS []*dns.DS
	OldAlgorithms      []uint8
	NewAlgorithms      []uint8
	OldDigestTypes     []uint8
	NewDigestTypes     []uint8
	AlgorithmChanged   bool
	DigestTypeChanged  bool
}

// Compare returns the difference from old to r.
func (r *Repository) Compare(old *Repository) *Diff {
	d := &Diff{OldSerial: old.Serial, NewSerial: r.Serial}
	om := map[string]TLD{}
	for _, t := range old.TLDs {
		om[t.Name] = t
	}
	nm := map[string]TLD{}
	for _, t := range r.TLDs {
		nm[t.Name] = t
		o, ok := om[t.Name]
		if !ok {
			d.Added = append(d.Added, t.Name)
			continue
		}
		c := TLDChange{Name: t.Name}
		c.AddedDS = dsMinus(t.DS, o.DS)
		c.RemovedDS = dsMinus(o.DS, t.DS)
		if len(c.AddedDS) == 0 && len(c.RemovedDS) == 0 {
			continue
		}
		c.OldAlgorithms, c.OldDigestTypes = algs(o.DS)
		c.NewAlgorithms, c.NewDigestTypes = algs(t.DS)
		c.AlgorithmChanged = fmt.Sprint(c.OldAlgorithms) != fmt.Sprint(c.NewAlgorithms)
		c.DigestTypeChanged = fmt.Sprint(c.OldDigestTypes) != fmt.Sprint(c.NewDigestTypes)
		d.Changed = append(d.Changed, c)
	}
	for _, t := range old.TLDs {
		if _, ok := nm[t.Name]; !ok {
			d.Removed = append(d.Removed, t.Name)
		}
	}
	return d
}

func dsMinus(a, b []*dns.DS) []*dns.DS {
	var out []*dns.DS
	for _, x := range a {
		found := false
		for _, y := range b {
			if x.KeyTag == y.KeyTag && x.Algorithm == y.Algorithm && x.DigestType == y.DigestType && strings.EqualFold(x.Digest, y.Digest) {
				found = true
				break
			}
		}
		if !found {
			out = append(out, x)
		}
	}
	return out
}

func algs(ds []*dns.DS) (alg, dig []uint8) {
	sa, sd := map[uint8]bool{}, map[uint8]bool{}
	for _, d := range ds {
		sa[d.Algorithm] = true
		sd[d.DigestType] = true
	}
	for a := range sa {
		alg = append(alg, a)
	}
	for t := range sd {
		dig = append(dig, t)
	}
	sort.Slice(alg, func(i, j int) bool { return alg[i] < alg[j] })
	sort.Slice(dig, func(i, j int) bool { return dig[i] < dig[j] })
	return
}

// readErr remembers the first error other than io.EOF that its reader
// returned.
type readErr struct {
	r   io.Reader
	err error
}

func (e *readErr) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF && e.err == nil {
		e.err = err
	}
	return n, err
}
