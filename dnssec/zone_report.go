package dnssec

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinels of whole-zone verification ([VerifyZone]). Each problem in a
// [ZoneReport] is an [*Error] whose Kind is one of these or one of the
// package-wide categories (ErrBogus, ErrMalformed, ErrLimitExceeded).
var (
	// ErrUnsignedRRset: an authoritative RRset lacks a valid signature for an
	// algorithm of the apex DNSKEY RRset (RFC 4035 §2.2, RFC 6840 §5.11).
	ErrUnsignedRRset = newKind("RRset not signed", ErrBogus)
	// ErrSignedNonAuthoritative: an RRSIG covers glue, occluded data or the
	// NS RRset of a delegation (RFC 4035 §2.2).
	ErrSignedNonAuthoritative = newKind("signature over non-authoritative data", ErrBogus)
	// ErrNSECChain: the NSEC chain is incomplete or wrong (RFC 4035 §2.3, RFC 4034 §4.1.1).
	ErrNSECChain = newKind("NSEC chain broken", ErrBogus)
	// ErrNSEC3Chain: the NSEC3 chain is incomplete, out of order or has
	// orphans (RFC 5155 §7.1, §3.1.7).
	ErrNSEC3Chain = newKind("NSEC3 chain broken", ErrBogus)
	// ErrTypeBitmap: an NSEC or NSEC3 type bitmap does not list exactly the
	// types present at the name (RFC 4034 §4.1.2, RFC 5155 §3.2.1).
	ErrTypeBitmap = newKind("type bitmap mismatch", ErrBogus)
	// ErrNSEC3Param: NSEC3PARAM is missing, malformed or does not match the
	// NSEC3 chain (RFC 5155 §4).
	ErrNSEC3Param = errors.New("NSEC3PARAM mismatch")
	// ErrNSEC3Policy: NSEC3 iterations or salt against RFC 9276 §3.1.
	ErrNSEC3Policy = errors.New("NSEC3 parameters against policy")
	// ErrExpiresSoon: a valid signature expires within ZoneConfig.ExpiryWindow.
	ErrExpiresSoon = errors.New("signature expires soon")
	// ErrUntrustedKeys: the DNSKEY RRset is not signed by a key matching a
	// configured anchor (RFC 4035 §5.2, RFC 6840 §5.11).
	ErrUntrustedKeys = newKind("DNSKEY RRset not signed by an anchored key", ErrBogus)
	// ErrNoSEPSignature: the apex has keys with the SEP flag, but for some
	// algorithm none of them validly signs the DNSKEY RRset, so a parent DS
	// made from such a key would not authenticate it (RFC 3757 §3–4,
	// RFC 4035 §5.2; dnssec-verify's "No self-signed KSK DNSKEY found").
	ErrNoSEPSignature = newKind("DNSKEY RRset not signed by a SEP key", ErrBogus)
	// ErrKeyPolicy: a zone key uses an algorithm or size the policy rejects
	// (RFC 8624 §3.1, RFC 4034 §2.1).
	ErrKeyPolicy = errors.New("key against policy")
	// ErrZONEMD: the ZONEMD digest does not match the zone or its RRset is
	// malformed (RFC 8976 §4).
	ErrZONEMD = newKind("ZONEMD verification failed", ErrBogus)
	// ErrOutOfZone: a record is not at or below the zone apex (RFC 1034 §4.2.1).
	ErrOutOfZone = errors.New("out-of-zone data")
	// ErrZoneContent: other structural faults such as a missing SOA,
	// CNAME and other data, or RRSIG TTL mismatches.
	ErrZoneContent = errors.New("zone content error")
	// ErrZoneOrder: the input is not in canonical order and cannot be
	// rewound (it is not an io.Seeker), so it cannot be verified in one pass.
	ErrZoneOrder = errors.New("zone not in canonical order and input not seekable")
)

// ZoneReport is the outcome of [VerifyZone]: statistics and every problem
// found, in file order.
type ZoneReport struct {
	Origin     string // zone apex, fully qualified
	Serial     uint32 // SOA serial
	Records    int    // resource records read (in zone and out of zone)
	Names      int    // authoritative names, including empty non-terminals
	RRsets     int    // authoritative RRsets whose signatures were checked
	Signatures int    // RRSIG records checked
	Verified   int    // RRSIG records that verified
	Keys       []ZoneKey
	Denial     DenialKind   // the zone's authenticated denial
	ZONEMD     ZONEMDStatus // outcome of the ZONEMD check (RFC 8976 §4)
	Sorted     bool         // input was in canonical order and was streamed

	Findings []*Error // every problem, ordered by line; at most MaxZoneFindings
	Dropped  int      // problems beyond the limit, counted but not kept
}

// DenialKind is the kind of authenticated denial of existence a zone uses.
type DenialKind int

const (
	DenialNone        DenialKind = iota // neither NSEC nor NSEC3 records: "none"
	DenialNSEC                          // an NSEC chain (RFC 4035 §2.3): "NSEC"
	DenialNSEC3                         // an NSEC3 chain (RFC 5155 §7.1): "NSEC3"
	DenialNSEC3OptOut                   // an NSEC3 chain with opt-out (RFC 5155 §6): "NSEC3 opt-out"
	DenialMixed                         // both NSEC and NSEC3 records: "NSEC+NSEC3"
	DenialMixedOptOut                   // both, the NSEC3 chain with opt-out: "NSEC+NSEC3 opt-out"
)

var denialNames = [...]string{"none", "NSEC", "NSEC3", "NSEC3 opt-out", "NSEC+NSEC3", "NSEC+NSEC3 opt-out"}

// String returns the words verifyzone prints: "none", "NSEC", "NSEC3",
// "NSEC3 opt-out", "NSEC+NSEC3" or "NSEC+NSEC3 opt-out".
func (d DenialKind) String() string {
	if d < 0 || int(d) >= len(denialNames) {
		return fmt.Sprintf("DenialKind(%d)", int(d))
	}
	return denialNames[d]
}

// MarshalText renders the kind as String does.
func (d DenialKind) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// withOptOut returns the opt-out variant of an NSEC3 kind.
func (d DenialKind) withOptOut() DenialKind {
	switch d {
	case DenialNSEC3:
		return DenialNSEC3OptOut
	case DenialMixed:
		return DenialMixedOptOut
	}
	return d
}

// ZONEMDStatus is the outcome of the ZONEMD check (RFC 8976 §4).
type ZONEMDStatus int

const (
	ZONEMDAbsent      ZONEMDStatus = iota // no ZONEMD RRset at the apex: "absent"
	ZONEMDVerified                        // a digest matches the zone: "verified"
	ZONEMDFailed                          // a digest does not match, or the RRset is malformed: "failed"
	ZONEMDUnsupported                     // no ZONEMD with a supported scheme and algorithm: "unsupported"
)

var zonemdNames = [...]string{"absent", "verified", "failed", "unsupported"}

// String returns "absent", "verified", "failed" or "unsupported".
func (z ZONEMDStatus) String() string {
	if z < 0 || int(z) >= len(zonemdNames) {
		return fmt.Sprintf("ZONEMDStatus(%d)", int(z))
	}
	return zonemdNames[z]
}

// MarshalText renders the status as String does.
func (z ZONEMDStatus) MarshalText() ([]byte, error) { return []byte(z.String()), nil }

// ZoneKey describes one DNSKEY of the apex DNSKEY RRset.
type ZoneKey struct {
	Tag       uint16
	Algorithm uint8
	Flags     uint16
	Bits      int  // modulus or curve size in bits, 0 if unknown
	Anchored  bool // matches a configured anchor and signs the DNSKEY RRset
	Signs     int  // RRSIGs made by this key that verified
}

// Err returns nil when the zone verified with no problem, and otherwise an
// error listing every problem. It unwraps to each [*Error], so errors.Is
// works with the category sentinels.
func (r *ZoneReport) Err() error {
	if len(r.Findings) == 0 && r.Dropped == 0 {
		return nil
	}
	return &ZoneErrors{Findings: r.Findings, Dropped: r.Dropped}
}

// ZoneErrors is the error returned by [ZoneReport.Err].
type ZoneErrors struct {
	Findings []*Error
	Dropped  int
}

func (e *ZoneErrors) Error() string {
	n := len(e.Findings) + e.Dropped
	var b strings.Builder
	fmt.Fprintf(&b, "dnssec: zone verification found %d problem(s)", n)
	for i, p := range e.Findings {
		if i == 10 {
			fmt.Fprintf(&b, "\n\t… and %d more", n-10)
			break
		}
		b.WriteString("\n\t")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns every kept problem.
func (e *ZoneErrors) Unwrap() []error {
	out := make([]error, len(e.Findings))
	for i, p := range e.Findings {
		out[i] = p
	}
	return out
}

// zoneProblems collects findings from one goroutine; merged at the end.
type zoneProblems struct {
	list    []*Error
	omitted int
	max     int
}

func (p *zoneProblems) add(e *Error) {
	if len(p.list) >= p.max {
		p.omitted++
		return
	}
	p.list = append(p.list, e)
}

func sortZoneProblems(ps []*Error) {
	// Problems without a line (chain-wide findings) go last; ties by message.
	type key struct {
		line int
		msg  string
	}
	keys := make(map[*Error]key, len(ps))
	for _, p := range ps {
		l := p.Line
		if l == 0 {
			l = int(^uint(0) >> 1)
		}
		keys[p] = key{l, p.Error()}
	}
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := keys[ps[i]], keys[ps[j]]
		if a.line != b.line {
			return a.line < b.line
		}
		return a.msg < b.msg
	})
}
