package trustanchor

import (
	_ "embed"
	"time"
)

// The IANA publication and ICANN CA bundle embedded as defaults. They were
// collected on EmbeddedDate; see embedded/README for provenance and hashes.
// Operators should refresh them from https://data.iana.org/root-anchors/
// (RFC 9718 §3) and treat a copy older than a year as stale: IANA adds
// validUntil to KSK-2017 after its 2027 revocation, and signatures chaining
// to ICANN Root CA v2 are expected from 2028.
var (
	// EmbeddedXML is root-anchors.xml (id 0C05FDD6-422C-4910-8ED6-430ED15E11C2,
	// 1861 bytes: KSK-2010 retired, KSK-2017, KSK-2024).
	//
	//go:embed embedded/root-anchors.xml
	EmbeddedXML []byte

	// EmbeddedP7S is the detached CMS signature over EmbeddedXML made
	// 2025-03-25 (signer certificate valid until 2029-03-13).
	//
	//go:embed embedded/root-anchors.p7s
	EmbeddedP7S []byte

	// EmbeddedBundle is icannbundle.pem: ICANN Root CA (2009–2029) and
	// ICANN Root CA v2 (2025–2045).
	//
	//go:embed embedded/icannbundle.pem
	EmbeddedBundle []byte
)

// EmbeddedDate is the day the embedded files were collected and checked.
var EmbeddedDate = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

// EmbeddedSigningTime is the signingTime of EmbeddedP7S.
var EmbeddedSigningTime = time.Date(2025, 3, 25, 0, 0, 0, 0, time.UTC)

// Stale reports whether the embedded publication is older than maxAge at
// time now (a zero maxAge means one year).
func Stale(now time.Time, maxAge time.Duration) bool {
	if maxAge <= 0 {
		maxAge = 365 * 24 * time.Hour
	}
	return now.Sub(EmbeddedDate) > maxAge
}

// Root verifies a root-anchors.xml publication with its detached signature
// and returns its anchors usable at the verification time, as
// unbound-anchor does (steps 5 and 6 of its design). Nil xml, p7s use the
// embedded publication; a nil cfg or cfg.Bundle uses the embedded bundle,
// a nil sel the zero SelectConfig. The document's Zone must be the root.
func Root(xmlData, p7s []byte, cfg *CMSConfig, sel *SelectConfig) (*Selection, *Signature, error) {
	if xmlData == nil && p7s == nil {
		xmlData, p7s = EmbeddedXML, EmbeddedP7S
	}
	if cfg == nil {
		cfg = &CMSConfig{}
	}
	sig, err := cfg.Verify(xmlData, p7s)
	if err != nil {
		return nil, nil, err
	}
	doc, err := ParseXML(xmlData)
	if err != nil {
		return nil, sig, err
	}
	if doc.Zone != "." {
		return nil, sig, errorf(ErrMalformed, "RFC 9718 §2.2", xmlFile, 0, "", "Zone is %q, want the root", doc.Zone)
	}
	at := cfg.now()
	if cfg.AtSigningTime {
		at = sig.VerifiedAt
	}
	s := doc.Anchors(at, sel)
	if err := s.Err(); err != nil {
		return s, sig, err
	}
	return s, sig, nil
}
