package dnssec

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Validation errors.
var (
	ErrNoSignature       = newKind("no RRSIG covers the RRset", ErrBogus)
	ErrNoDNSKEY          = newKind("no usable DNSKEY", ErrBogus)
	ErrDSMismatch        = newKind("no DNSKEY matches the DS RRset", ErrBogus)
	ErrUnsupportedDigest = errors.New("unsupported DS digest type")
	ErrNoTrustAnchor     = errors.New("no trust anchor at or above the name")
	ErrQuery             = errors.New("query failed")
	ErrCNAMELoop         = newKind("CNAME/DNAME chain loops or is malformed", ErrBogus)
)

// Verdict is the outcome of a validation (RFC 4033 §5, RFC 4035 §4.3).
type Verdict int

const (
	// Indeterminate: no trust anchor covers the name, or the data needed
	// could not be obtained. It is the zero value.
	Indeterminate Verdict = iota
	// Secure: an unbroken chain of signed DNSKEY and DS RRs leads from a
	// trust anchor to the answer or its denial.
	Secure
	// Insecure: the chain provably ends at an unsigned delegation, an
	// opt-out span, unsupported algorithms or an NSEC3 iteration count
	// above the limit.
	Insecure
	// Bogus: a chain should exist but a signature, digest or proof fails.
	Bogus
)

func (v Verdict) String() string {
	switch v {
	case Secure:
		return "secure"
	case Insecure:
		return "insecure"
	case Bogus:
		return "bogus"
	}
	return "indeterminate"
}

// MarshalText renders the verdict as "secure", "insecure", "bogus" or
// "indeterminate".
func (v Verdict) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText parses the names MarshalText produces.
func (v *Verdict) UnmarshalText(b []byte) error {
	for _, c := range []Verdict{Indeterminate, Secure, Insecure, Bogus} {
		if string(b) == c.String() {
			*v = c
			return nil
		}
	}
	return &Error{Kind: ErrMalformed, Err: fmt.Errorf("unknown verdict %q", b)}
}

// EDENone is Result.EDE when no Extended DNS Error applies.
const EDENone = -1

// Exchanger sends one DNS query and returns the response. A *Client is
// the default; tests and offline validation use their own.
type Exchanger interface {
	Exchange(ctx context.Context, m *dns.Msg) (*dns.Msg, error)
}

// Client is an Exchanger over miekg/dns: UDP first, TCP when the response
// is truncated (RFC 7766 §5).
type Client struct {
	Server  string        // host:port
	Timeout time.Duration // per exchange; zero means 5 s
}

// Exchange implements Exchanger.
func (c *Client) Exchange(ctx context.Context, m *dns.Msg) (*dns.Msg, error) {
	t := c.Timeout
	if t == 0 {
		t = 5 * time.Second
	}
	cl := &dns.Client{Net: "udp", Timeout: t, UDPSize: 4096}
	r, _, err := cl.ExchangeContext(ctx, m, c.Server)
	if err == nil && r.Truncated {
		cl.Net = "tcp"
		r, _, err = cl.ExchangeContext(ctx, m, c.Server)
	}
	if err == nil && r.Truncated {
		// RFC 7766 §5: TCP is the fallback; a response truncated there too
		// is incomplete, and nothing in it is proven either way.
		return nil, errTruncated
	}
	return r, err
}

// Config configures a Validator. The zero value of every field is safe:
// zero limits mean the package defaults of limits.go, Now nil means the
// wall clock, and deprecated algorithms are refused.
type Config struct {
	// Anchors are the trust anchors: DS or DNSKEY RRs (RFC 4035 §4.4).
	Anchors []dns.RR
	// Exchanger is used by Validate; nil means no live lookups.
	Exchanger Exchanger
	// Now returns the validation time; nil means time.Now.
	Now func() time.Time
	// AllowDeprecatedAlgorithms accepts RSASHA1 (5), RSASHA1-NSEC3-SHA1 (7)
	// and RSA moduli under 1024 bits. Off, they are unsupported: insecure.
	AllowDeprecatedAlgorithms bool

	MaxRRSIGsPerRRset         int
	MaxKeysPerRRSIG           int
	MaxSignatureVerifications int
	MaxNSEC3Hashes            int
	MaxNSEC3Iterations        int
	MaxDSDigests              int
	MaxChainDepth             int
	MaxCNAMEHops              int
	MaxQueries                int

	// replay is set only by this package's tests: the Unbound replay
	// harness (replay_test.go) verifies the DSA (RFC 2536) signatures of
	// Unbound's 2007-era scenarios with it. It cannot be set from outside
	// the package, so no caller can weaken the algorithm policy with it.
	replay *replayPolicy
}

// replayPolicy is a test-only algorithm policy: algorithms validated in
// addition to the supported ones, with the key parser that verifies them.
type replayPolicy struct {
	algorithms map[uint8]bool
	newKey     func(*dns.DNSKEY) (*Key, error)
}

// Validator validates answers from configured trust anchors. It is safe
// for concurrent use; every validation has its own cache and budget.
type Validator struct {
	cfg     Config
	lim     limits
	anchors map[string][]dns.RR // canonical zone name → anchors
}

// NewValidator checks the anchors and returns a Validator. It copies *cfg;
// a nil cfg is the zero Config, which has no anchors and is refused.
func NewValidator(cfg *Config) (*Validator, error) {
	var c Config
	if cfg != nil {
		c = *cfg
	}
	v := &Validator{cfg: c, lim: c.limits(), anchors: map[string][]dns.RR{}}
	for _, a := range c.Anchors {
		switch a.(type) {
		case *dns.DS, *dns.DNSKEY:
		default:
			return nil, &Error{Kind: ErrMalformed, Clause: "RFC 4035 §4.4", RR: a, Err: errors.New("trust anchor must be DS or DNSKEY")}
		}
		k := canonicalKey(a.Header().Name)
		v.anchors[k] = append(v.anchors[k], a)
	}
	if len(v.anchors) == 0 {
		return nil, &Error{Kind: ErrMalformed, Clause: "RFC 4035 §4.4", Err: errors.New("no trust anchors")}
	}
	return v, nil
}

func canonicalKey(name string) string {
	w, err := appendCanonicalName(nil, name)
	if err != nil {
		return strings.ToLower(name)
	}
	return string(w)
}

// Step is one link of the chain of trust walked by a validation.
type Step struct {
	Zone    string   `json:"zone"`
	Verdict Verdict  `json:"verdict"`
	DS      []string `json:"ds,omitempty"`   // the DS (or anchor) RRs used
	Keys    []uint16 `json:"keys,omitempty"` // tags of the zone's trusted DNSKEYs
	Note    string   `json:"note,omitempty"` // what proved it
}

// Result is the full outcome of one validation.
type Result struct {
	Name    string  `json:"name"`
	Type    string  `json:"type"`
	Verdict Verdict `json:"verdict"`
	EDE     int     `json:"ede"` // RFC 8914 info code, EDENone if none
	Rcode   int     `json:"rcode"`
	// TTL is the longest time the validated answer may be cached: the
	// smallest ValidatedTTL of its RRsets (RFC 4035 §5.3.3); 0 if none.
	TTL    uint32   `json:"ttl"`
	Answer []dns.RR `json:"-"`
	Chain  []Step   `json:"chain"`
	// Findings is every problem found, in the order found.
	Findings []*Error `json:"-"`
	// Zones and RRsets are the structure of the chain of trust walked, in
	// the order judged: each zone's DS and DNSKEY RRsets, and each RRset
	// authenticated (or not) with a zone's keys. For display; see ZoneTrust.
	Zones  []ZoneTrust   `json:"-"`
	RRsets []SignedRRset `json:"-"`
}

// ExtendedError returns the RFC 8914 info code as miekg/dns's uint16
// (one of the dns.ExtendedErrorCode* constants), and false when no
// Extended DNS Error applies (EDE is EDENone).
func (r *Result) ExtendedError() (uint16, bool) {
	if r.EDE < 0 || r.EDE > 0xFFFF {
		return 0, false
	}
	return uint16(r.EDE), true
}

// Err returns nil for Secure and Insecure results, and otherwise all
// problems found joined (each an *Error).
func (r *Result) Err() error {
	if r.Verdict == Secure || r.Verdict == Insecure {
		return nil
	}
	if len(r.Findings) == 0 {
		return &Error{Kind: ErrBogus, Name: r.Name, Err: errors.New(r.Verdict.String())}
	}
	errs := make([]error, len(r.Findings))
	for i, e := range r.Findings {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// edeFor maps an error to its RFC 8914 §4 info code.
func edeFor(err error) int {
	switch {
	case errors.Is(err, ErrUnsupportedAlgorithm):
		return int(dns.ExtendedErrorCodeUnsupportedDNSKEYAlgorithm)
	case errors.Is(err, ErrUnsupportedDigest):
		return int(dns.ExtendedErrorCodeUnsupportedDSDigestType)
	case errors.Is(err, ErrExpiredBeforeValid):
		return int(dns.ExtendedErrorCodeSignatureExpiredBeforeValid)
	case errors.Is(err, ErrExpired):
		return int(dns.ExtendedErrorCodeSignatureExpired)
	case errors.Is(err, ErrNotYetValid):
		return int(dns.ExtendedErrorCodeSignatureNotYetValid)
	case errors.Is(err, ErrNoDNSKEY), errors.Is(err, ErrDSMismatch):
		return int(dns.ExtendedErrorCodeDNSKEYMissing)
	case errors.Is(err, ErrNoSignature):
		return int(dns.ExtendedErrorCodeRRSIGsMissing)
	case errors.Is(err, ErrNotZoneKey):
		return int(dns.ExtendedErrorCodeNoZoneKeyBitSet)
	case errors.Is(err, ErrNoNSEC):
		return int(dns.ExtendedErrorCodeNSECMissing)
	case errors.Is(err, ErrNSEC3Iterations):
		return int(dns.ExtendedErrorCodeUnsupportedNSEC3IterValue)
	case errors.Is(err, ErrNoTrustAnchor), errors.Is(err, ErrQuery):
		return int(dns.ExtendedErrorCodeDNSSECIndeterminate)
	}
	return int(dns.ExtendedErrorCodeDNSBogus)
}

// errTruncated reports a response that is truncated (TC) even over TCP.
var errTruncated = errors.New("response truncated (TC) over TCP too: incomplete (RFC 7766 §5)")

// ErrNoNSEC reports a denial with no NSEC or NSEC3 records at all.
var ErrNoNSEC = newKind("no NSEC or NSEC3 records in a negative answer from a signed zone", ErrDenial)

// Validate looks name/qtype up through the configured Exchanger and
// validates the answer (or its denial) from the trust anchors.
func (v *Validator) Validate(ctx context.Context, name string, qtype uint16) *Result {
	if v.cfg.Exchanger == nil {
		r := &Result{Name: dns.Fqdn(name), Type: dns.Type(qtype).String(), EDE: int(dns.ExtendedErrorCodeDNSSECIndeterminate)}
		r.Findings = append(r.Findings, &Error{Kind: ErrQuery, Name: name, Err: errors.New("no Exchanger configured")})
		return r
	}
	return v.run(ctx, v.cfg.Exchanger, true, name, qtype)
}

func (v *Validator) now() time.Time {
	if v.cfg.Now != nil {
		return v.cfg.Now()
	}
	return time.Now()
}

type zoneState struct {
	zone    string
	keys    []*Key
	verdict Verdict
	ede     int
}

type run struct {
	v      *Validator
	ctx    context.Context
	ex     Exchanger
	strict bool // responses are real: rcodes and missing proofs count
	now    time.Time
	b      budget
	cache  map[string]*dns.Msg
	zones  map[string]*zoneState
	res    *Result
	// limit is the work-limit error that ended a verification, if any.
	limit error
}

func (v *Validator) run(ctx context.Context, ex Exchanger, strict bool, name string, qtype uint16) *Result {
	name = dns.Fqdn(name)
	r := &run{v: v, ctx: ctx, ex: ex, strict: strict, now: v.now(), b: budget{lim: v.lim},
		cache: map[string]*dns.Msg{}, zones: map[string]*zoneState{},
		res: &Result{Name: name, Type: dns.Type(qtype).String(), EDE: EDENone}}
	verdict, ede := r.answer(name, qtype, 0, nil)
	r.res.Verdict = verdict
	if verdict != Secure {
		r.res.EDE = ede
	}
	return r.res
}

// note records findings. The engine makes every error an *Error; anything
// else would be a bug, and is kept (as ErrBogus) rather than lost.
func (r *run) note(errs ...error) {
	for _, err := range errs {
		e, ok := err.(*Error)
		if !ok {
			e = &Error{Kind: ErrBogus, Err: err}
		}
		r.res.Findings = append(r.res.Findings, e)
	}
}

// fail records err and returns its verdict and EDE.
func (r *run) fail(v Verdict, err error) (Verdict, int) {
	r.note(err)
	return v, edeFor(err)
}

func (r *run) fetch(name string, qtype uint16) (*dns.Msg, error) {
	key := canonicalKey(name) + "/" + dns.Type(qtype).String()
	if m, ok := r.cache[key]; ok {
		return m, nil
	}
	if err := r.b.query(name); err != nil {
		return nil, err
	}
	q := new(dns.Msg)
	q.SetQuestion(dns.Fqdn(name), qtype)
	q.RecursionDesired = true
	q.CheckingDisabled = true // RFC 4035 §3.2.2: we validate ourselves
	q.SetEdns0(4096, true)
	m, err := r.ex.Exchange(r.ctx, q)
	if err == nil && m != nil && m.Truncated {
		err = errTruncated // RFC 7766 §5: incomplete, so neither proof nor disproof
	}
	if err != nil {
		return nil, &Error{Kind: ErrQuery, Clause: "RFC 4035 §4.3", Name: name, Type: qtype, Err: err}
	}
	if m == nil || (m.Rcode != dns.RcodeSuccess && m.Rcode != dns.RcodeNameError) {
		rc := "no response"
		if m != nil {
			rc = dns.RcodeToString[m.Rcode]
		}
		return nil, &Error{Kind: ErrQuery, Name: name, Type: qtype, Err: errors.New(rc)}
	}
	r.cache[key] = m
	return m, nil
}

// dnameAbove reports whether rrs hold a DNAME owned by a proper ancestor
// of name.
func dnameAbove(rrs []dns.RR, name string) bool {
	for _, rr := range rrs {
		if d, ok := rr.(*dns.DNAME); ok && !EqualNames(name, d.Hdr.Name) && IsAtOrBelow(name, d.Hdr.Name) {
			return true
		}
	}
	return false
}

func rrsetOf(rrs []dns.RR, name string, t uint16) []dns.RR {
	var out []dns.RR
	for _, rr := range rrs {
		h := rr.Header()
		if h.Rrtype == t && EqualNames(h.Name, name) {
			out = append(out, rr)
		}
	}
	return out
}

func sigsOf(rrs []dns.RR, name string, covered uint16) []*dns.RRSIG {
	var out []*dns.RRSIG
	for _, rr := range rrs {
		if s, ok := rr.(*dns.RRSIG); ok && s.TypeCovered == covered && EqualNames(s.Hdr.Name, name) {
			out = append(out, s)
		}
	}
	return out
}

// verifyRRset authenticates rrset with the keys of zs within the KeyTrap
// limits: at most MaxRRSIGsPerRRset RRSIGs tried, MaxKeysPerRRSIG keys per
// RRSIG, MaxSignatureVerifications in total (RFC 4035 §5.3, RFC 6840 §5.11:
// one valid signature by a trusted key suffices).
func (r *run) verifyRRset(rrset []dns.RR, sigs []*dns.RRSIG, zs *zoneState) (*dns.RRSIG, []error) {
	sig, errs := r.authenticate(rrset, sigs, zs)
	r.traceRRset(zs.zone, rrset, sigs, sig, errs)
	return sig, errs
}

// authenticate is verifyRRset without the trace.
func (r *run) authenticate(rrset []dns.RR, sigs []*dns.RRSIG, zs *zoneState) (*dns.RRSIG, []error) {
	h := rrset[0].Header()
	if len(sigs) == 0 {
		return nil, []error{&Error{Kind: ErrNoSignature, Clause: "RFC 4035 §5.3.1", Name: h.Name, Type: h.Rrtype}}
	}
	var errs []error
	tried := 0
	for _, sig := range sigs {
		if !EqualNames(sig.SignerName, zs.zone) {
			errs = append(errs, &Error{Kind: ErrSignerName, Clause: "RFC 4035 §5.3.1", RR: sig,
				Err: fmt.Errorf("expected signer %s", zs.zone)})
			continue
		}
		var cands []*Key
		for _, k := range zs.keys {
			if k.Tag == sig.KeyTag && k.DNSKEY.Algorithm == sig.Algorithm {
				cands = append(cands, k)
			}
		}
		if len(cands) == 0 {
			errs = append(errs, &Error{Kind: ErrNoDNSKEY, Clause: "RFC 4035 §5.3.1", RR: sig,
				Err: errors.New("no trusted DNSKEY with this tag and algorithm")})
			continue
		}
		if tried >= r.b.lim.rrsigsPerRRset {
			errs = append(errs, limitErr(h.Name, "RRSIGs tried for one RRset (MaxRRSIGsPerRRset)", r.b.lim.rrsigsPerRRset))
			break
		}
		tried++
		for i, k := range cands {
			if i >= r.b.lim.keysPerRRSIG {
				errs = append(errs, limitErr(h.Name, "colliding keys tried for one RRSIG (MaxKeysPerRRSIG)", r.b.lim.keysPerRRSIG))
				break
			}
			if err := r.b.sig(h.Name); err != nil {
				return nil, append(errs, err)
			}
			err := VerifyRRSIG(rrset, sig, k, r.now)
			if err == nil {
				return sig, nil
			}
			errs = append(errs, err)
		}
	}
	return nil, rankErrors(errs)
}

// rankErrors puts the most telling error first (it decides the EDE): a
// work limit, then failures of an actual verification attempt, then
// RRSIGs that no trusted key could even be tried with.
func rankErrors(errs []error) []error {
	rank := func(e error) int {
		switch {
		case errors.Is(e, ErrLimitExceeded):
			return 0
		case errors.Is(e, ErrNoDNSKEY), errors.Is(e, ErrSignerName):
			return 2
		}
		return 1
	}
	sort.SliceStable(errs, func(i, j int) bool { return rank(errs[i]) < rank(errs[j]) })
	return errs
}

// closestAnchor returns the anchored zone closest to name.
func (r *run) closestAnchor(name string) (string, []dns.RR) {
	w, ls, err := canonicalLabels(name)
	if err != nil {
		return "", nil
	}
	for _, off := range append(ls, len(w)-1) {
		if a, ok := r.v.anchors[string(w[off:])]; ok {
			return wireToName(w[off:]), a
		}
	}
	return "", nil
}

// proofs authenticates the NSEC and NSEC3 RRs of a negative response
// with the zone's keys.
func (r *run) proofs(m *dns.Msg, zs *zoneState) (*nsecProof, *nsec3Proof, error) {
	np := &nsecProof{zone: zs.zone}
	var n3 []*dns.NSEC3
	seen := 0
	for _, rr := range m.Ns {
		switch x := rr.(type) {
		case *dns.NSEC:
			seen++
			if !r.usableDenial(x, m, zs) {
				if r.limit != nil {
					return nil, nil, r.limit
				}
				continue
			}
			np.nsecs = append(np.nsecs, x)
		case *dns.NSEC3:
			seen++
			if !r.usableDenial(x, m, zs) {
				if r.limit != nil {
					return nil, nil, r.limit
				}
				continue
			}
			n3 = append(n3, x)
		}
	}
	if seen == 0 {
		return nil, nil, &Error{Kind: ErrNoNSEC, Clause: "RFC 4035 §3.1.3, RFC 5155 §7.2", Name: zs.zone}
	}
	p3, err := newNSEC3Proof(zs.zone, n3, r.b.lim.nsec3Iter, &r.b)
	return np, p3, err
}

// usableDenial authenticates one NSEC or NSEC3 RR with the zone's keys
// and refuses one whose RRSIG shows it was synthesised from a wildcard
// (labels field below the owner's label count): its owner and next name
// are not the zone's, so it proves nothing (RFC 4035 §5.3.4 and §5.4,
// RFC 4592 §4.7, RFC 5155 §8; the CVE-2017-15105 class). It records why
// a record is refused, and keeps the error of a work limit reached in r.limit.
func (r *run) usableDenial(rr dns.RR, m *dns.Msg, zs *zoneState) bool {
	h := rr.Header()
	sig, errs := r.verifyRRset([]dns.RR{rr}, sigsOf(m.Ns, h.Name, h.Rrtype), zs)
	if errs != nil {
		r.note(errs...)
		for _, e := range errs {
			if errors.Is(e, ErrLimitExceeded) {
				r.limit = e
			}
		}
		return false
	}
	if src, expanded := wildcardExpanded(h.Name, sig); expanded {
		r.note(&Error{Kind: ErrDenial, Clause: "RFC 4035 §5.4, RFC 4592 §4.7, RFC 5155 §8", RR: rr,
			Err: fmt.Errorf("%s synthesised from the wildcard %s (RRSIG labels %d) proves nothing", dns.Type(h.Rrtype), src, sig.Labels)})
		return false
	}
	return true
}

// walk establishes the zone keys from the closest trust anchor down to
// target, one DS lookup per label (RFC 4035 §5.1, §5.2).
func (r *run) walk(target string) *zoneState {
	anchorZone, anchors := r.closestAnchor(target)
	if anchorZone == "" {
		r.note(&Error{Kind: ErrNoTrustAnchor, Clause: "RFC 4035 §4.3", Name: target})
		return &zoneState{verdict: Indeterminate, ede: int(dns.ExtendedErrorCodeDNSSECIndeterminate)}
	}
	zs := r.anchorState(anchorZone, anchors)
	if zs.verdict != Secure {
		return zs
	}
	w, ls, _ := canonicalLabels(target)
	depth := 0
	for i := len(ls) - CountLabels(anchorZone) - 1; i >= 0; i-- {
		name := wireToName(w[ls[i]:])
		if z, ok := r.zones[canonicalKey(name)]; ok {
			zs = z
			if zs.verdict != Secure {
				return zs
			}
			continue
		}
		m, err := r.fetch(name, dns.TypeDS)
		if err != nil {
			v, ede := r.fail(Indeterminate, err)
			return &zoneState{zone: name, verdict: v, ede: ede}
		}
		if ds := rrsetOf(m.Answer, name, dns.TypeDS); len(ds) > 0 {
			if depth++; depth > r.b.lim.depth {
				v, ede := r.fail(Bogus, limitErr(name, "zone cuts (MaxChainDepth)", r.b.lim.depth))
				return &zoneState{zone: name, verdict: v, ede: ede}
			}
			child := r.childState(name, m, ds, zs)
			if child.verdict != Secure {
				return child
			}
			zs = child
			continue
		}
		if len(rrsetOf(m.Answer, name, dns.TypeCNAME)) > 0 {
			continue // a CNAME owner is never a zone cut (RFC 1034 §3.6.2)
		}
		if st, stop := r.noDS(name, m, zs); stop {
			return st
		}
	}
	return zs
}

// anchorState returns the keys of an anchored zone, validated from its
// DS or DNSKEY trust anchors once per validation (RFC 4035 §4.4, §5.2).
func (r *run) anchorState(zone string, anchors []dns.RR) *zoneState {
	if zs, ok := r.zones[canonicalKey(zone)]; ok {
		return zs
	}
	var ds []*dns.DS
	var keys []*dns.DNSKEY
	for _, a := range anchors {
		switch x := a.(type) {
		case *dns.DS:
			ds = append(ds, x)
		case *dns.DNSKEY:
			keys = append(keys, x)
		}
	}
	step := Step{Zone: zone}
	zs := r.keysFor(zone, true, ds, keys, &step)
	r.res.Chain = append(r.res.Chain, step)
	r.zones[canonicalKey(zone)] = zs
	return zs
}

// childState authenticates the DS RRset of a zone cut with the parent's
// keys and then the child's DNSKEY RRset from it (RFC 4035 §5.2).
func (r *run) childState(name string, m *dns.Msg, ds []dns.RR, parent *zoneState) *zoneState {
	if _, errs := r.verifyRRset(ds, sigsOf(m.Answer, name, dns.TypeDS), parent); errs != nil {
		r.note(errs[1:]...)
		v, ede := r.fail(Bogus, errs[0])
		r.res.Chain = append(r.res.Chain, Step{Zone: name, Verdict: Bogus, Note: "DS RRset does not validate"})
		r.traceZone(name, Bogus, "DS RRset does not validate")
		return &zoneState{zone: name, verdict: v, ede: ede}
	}
	var dss []*dns.DS
	for _, rr := range ds {
		dss = append(dss, rr.(*dns.DS))
	}
	step := Step{Zone: name}
	child := r.keysFor(name, false, dss, nil, &step)
	r.res.Chain = append(r.res.Chain, step)
	r.zones[canonicalKey(name)] = child
	return child
}

// noDS judges a response without DS at name from zone zs: the parent must
// prove the absence (RFC 4035 §5.2). stop reports that the walk ends with
// st: an insecure delegation, a failed proof, or a non-existent ancestor
// (then the target is in zs). Otherwise name is no zone cut.
func (r *run) noDS(name string, m *dns.Msg, zs *zoneState) (st *zoneState, stop bool) {
	np, p3, err := r.proofs(m, zs)
	if err != nil {
		if errors.Is(err, ErrNSEC3Iterations) {
			r.note(err)
			r.res.Chain = append(r.res.Chain, Step{Zone: name, Verdict: Insecure, Note: err.Error()})
			r.traceZone(name, Insecure, err.Error())
			return &zoneState{zone: name, verdict: Insecure, ede: int(dns.ExtendedErrorCodeUnsupportedNSEC3IterValue)}, true
		}
		if !r.strict && errors.Is(err, ErrNoNSEC) {
			return nil, false // offline chains carry only the cuts that exist
		}
		v, ede := r.fail(Bogus, err)
		return &zoneState{zone: name, verdict: v, ede: ede}, true
	}
	if m.Rcode == dns.RcodeNameError {
		if perr := r.nxdomain(np, p3, name); perr == nil {
			return zs, true // target's ancestor does not exist: target is in zs
		}
	}
	insecure, perr := r.nodata(np, p3, name, dns.TypeDS)
	if perr != nil {
		if !r.strict {
			return nil, false
		}
		v, ede := r.fail(Bogus, perr)
		return &zoneState{zone: name, verdict: v, ede: ede}, true
	}
	if insecure || (len(np.nsecs) > 0 && np.isDelegation(name)) || (len(np.nsecs) == 0 && p3.isDelegation(name)) {
		r.res.Chain = append(r.res.Chain, Step{Zone: name, Verdict: Insecure, Note: "authenticated denial of DS at a delegation (RFC 4035 §5.2)"})
		r.traceZone(name, Insecure, "authenticated denial of DS at a delegation (RFC 4035 §5.2)")
		st := &zoneState{zone: name, verdict: Insecure, ede: EDENone}
		r.zones[canonicalKey(name)] = st
		return st, true
	}
	return nil, false
}

// nxdomain and nodata dispatch to the NSEC or NSEC3 proof.
func (r *run) nxdomain(np *nsecProof, p3 *nsec3Proof, name string) error {
	if len(np.nsecs) > 0 {
		return np.proveNXDOMAIN(name)
	}
	optOut, err := p3.proveNXDOMAIN(name)
	if err == nil && optOut {
		return errOptOut
	}
	return err
}

var errOptOut = errors.New("opt-out")

func (r *run) nodata(np *nsecProof, p3 *nsec3Proof, name string, qtype uint16) (insecure bool, err error) {
	if len(np.nsecs) > 0 {
		return false, np.proveNODATA(name, qtype)
	}
	return p3.proveNODATA(name, qtype)
}
