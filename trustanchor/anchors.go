package trustanchor

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// SelectConfig selects which KeyDigests of a Document become trust
// anchors. The zero value (or nil) follows unbound-anchor: only keys valid
// at the given time, digest-only entries allowed.
type SelectConfig struct {
	// IncludeFuture keeps KeyDigests whose validFrom is after the
	// evaluation time (Debian's parse-root-anchors does this; unbound-anchor
	// does not). RFC 9718 §4 says relying parties SHOULD NOT use them.
	IncludeFuture bool
	// RequireDNSKEY drops KeyDigests without PublicKey/Flags, for consumers
	// that need DNSKEY anchors (RFC 9718 §4: such parsers yield fewer
	// anchors).
	RequireDNSKEY bool
}

// Anchor is one usable trust anchor taken from a Document.
type Anchor struct {
	ID         string      // KeyDigest/@id
	DS         *dns.DS     // always set
	DNSKEY     *dns.DNSKEY // nil when the KeyDigest has no PublicKey
	ValidFrom  time.Time
	ValidUntil time.Time // zero when open ended
}

// Exclusion records a KeyDigest that was not selected and why. Reason is an
// *Error; its Kind is ErrDigestMismatch for the RFC 9718 §4 MUST NOT case
// and ErrNoAnchor for the date and selection cases.
type Exclusion struct {
	ID     string
	Reason error
}

// Selection is the result of Document.Anchors: the usable anchors and every
// KeyDigest left out, with the reason.
type Selection struct {
	At       time.Time
	Zone     string
	Anchors  []Anchor
	Excluded []Exclusion
}

// Err reports the problems that make the selection untrustworthy: any
// KeyDigest whose digest does not match its public key (RFC 9718 §4), and
// an empty result. Exclusions by date or selection are normal and not errors
// unless nothing remains.
func (s *Selection) Err() error {
	var errs []error
	for _, x := range s.Excluded {
		if errors.Is(x.Reason, ErrDigestMismatch) || errors.Is(x.Reason, ErrUnsupported) {
			errs = append(errs, x.Reason)
		}
	}
	if len(s.Anchors) == 0 {
		var why []string
		for _, x := range s.Excluded {
			why = append(why, x.ID)
		}
		errs = append(errs, &Error{Kind: ErrNoAnchor, Clause: "RFC 9718 §4", File: xmlFile,
			Err: fmt.Errorf("no KeyDigest usable at %s (excluded: %s)", s.At.UTC().Format(time.RFC3339), strings.Join(why, ", "))})
	}
	return errors.Join(errs...)
}

// DS returns the DS records of the selected anchors.
func (s *Selection) DS() []*dns.DS {
	out := make([]*dns.DS, 0, len(s.Anchors))
	for _, a := range s.Anchors {
		out = append(out, a.DS)
	}
	return out
}

// RRs returns the selected anchors as records: the DNSKEY when known (it
// implies the DS), else the DS.
func (s *Selection) RRs() []dns.RR {
	out := make([]dns.RR, 0, len(s.Anchors))
	for _, a := range s.Anchors {
		if a.DNSKEY != nil {
			out = append(out, a.DNSKEY)
		} else {
			out = append(out, a.DS)
		}
	}
	return out
}

// Anchors applies validFrom/validUntil at time at, the selection settings
// (nil: the zero SelectConfig), and the RFC 9718 §4 digest check to the
// document's KeyDigests.
func (d *Document) Anchors(at time.Time, cfg *SelectConfig) *Selection {
	if cfg == nil {
		cfg = &SelectConfig{}
	}
	s := &Selection{At: at, Zone: d.Zone}
	for i := range d.KeyDigests {
		k := &d.KeyDigests[i]
		exclude := func(kind error, clause, format string, args ...any) {
			s.Excluded = append(s.Excluded, Exclusion{ID: k.ID,
				Reason: errorf(kind, clause, xmlFile, k.Line, k.name(), format, args...)})
		}
		if err := k.Check(d.Zone); err != nil {
			s.Excluded = append(s.Excluded, Exclusion{ID: k.ID, Reason: err})
			continue
		}
		if !k.ValidUntil.IsZero() && at.After(k.ValidUntil) {
			exclude(ErrNoAnchor, "RFC 9718 §4", "expired: validUntil %s", formatDateTime(k.ValidUntil))
			continue
		}
		if at.Before(k.ValidFrom) && !cfg.IncludeFuture {
			exclude(ErrNoAnchor, "RFC 9718 §4", "not yet valid: validFrom %s", formatDateTime(k.ValidFrom))
			continue
		}
		if cfg.RequireDNSKEY && !k.HasPublicKey() {
			exclude(ErrNoAnchor, "RFC 9718 §4", "no PublicKey and RequireDNSKEY is set")
			continue
		}
		s.Anchors = append(s.Anchors, Anchor{ID: k.ID, DS: k.DS(d.Zone), DNSKEY: k.DNSKEY(d.Zone),
			ValidFrom: k.ValidFrom, ValidUntil: k.ValidUntil})
	}
	return s
}

// Check verifies that a KeyDigest with PublicKey/Flags is consistent: its
// KeyTag and Algorithm match the key and its Digest equals the DS digest
// computed from the key (RFC 9718 §4, RFC 4034 §5.1.4). Digest comparison
// is case-insensitive. A KeyDigest without a public key passes.
func (k *KeyDigest) Check(zone string) error {
	if !k.HasPublicKey() {
		return nil
	}
	key := k.DNSKEY(zone)
	if tag := key.KeyTag(); tag != k.KeyTag {
		return errorf(ErrDigestMismatch, "RFC 9718 §4", xmlFile, k.Line, k.name(), "KeyTag %d but the public key has tag %d", k.KeyTag, tag)
	}
	ds := key.ToDS(k.DigestType)
	if ds == nil {
		return errorf(ErrUnsupported, "RFC 4034 §5.1.4", xmlFile, k.Line, k.name(), "digest type %d cannot be computed", k.DigestType)
	}
	if !strings.EqualFold(ds.Digest, k.Digest) {
		return errorf(ErrDigestMismatch, "RFC 9718 §4", xmlFile, k.Line, k.name(), "")
	}
	return nil
}
