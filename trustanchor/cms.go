package trustanchor

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	_ "crypto/sha1" // legacy 2011 IANA signatures (RFC 5652 §5.4 with SHA-1)
	_ "crypto/sha256"
	_ "crypto/sha512"
)

// DefaultSignerEmail is the e-mail address IANA's signing certificate
// carries in its subject DN (RFC 9718 §3, unbound-anchor -n default).
const DefaultSignerEmail = "dnssec@iana.org"

var (
	oidSignedData    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidContentType   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningTime   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidEmailAddress  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}

	oidSHA1   = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}

	oidRSA           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidSHA1WithRSA   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 5}
	oidSHA256WithRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidSHA384WithRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}
	oidSHA512WithRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}
	oidECDSASHA256   = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidECDSASHA384   = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}
	oidECDSASHA512   = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 4}
	oidECPublicKey   = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
)

// Signature describes a verified CMS signature.
type Signature struct {
	Signer      *x509.Certificate   // the signing certificate
	Chain       []*x509.Certificate // signer … root, as verified
	SigningTime time.Time           // signingTime attribute, zero if absent
	VerifiedAt  time.Time           // the time the chain was checked at
	Digest      crypto.Hash         // message digest algorithm
}

// CMSConfig tunes VerifyCMS. The zero value verifies at time.Now against
// the embedded ICANN bundle, requires the signer e-mail dnssec@iana.org,
// and uses the default limits.
type CMSConfig struct {
	// Bundle is the PEM CA bundle (several roots allowed). Nil uses the
	// embedded ICANN bundle (see EmbeddedBundle).
	Bundle []byte
	// Email is the required subject emailAddress; default DefaultSignerEmail.
	Email string
	// Now returns the verification time; nil means time.Now.
	Now func() time.Time
	// AtSigningTime checks the certificate chain at the signingTime
	// attribute instead of Now (for archives). The signing time must not
	// lie after Now.
	AtSigningTime bool
	// MaxSize caps the CMS input (default MaxCMSSize).
	MaxSize int
	// MaxCertificates caps certificates in the bundle and in the CMS
	// (default MaxCertificates).
	MaxCertificates int
}

const p7sFile = "root-anchors.p7s"

func cmsErr(kind error, clause, format string, args ...any) error {
	return errorf(kind, clause, p7sFile, 0, "", format, args...)
}

// VerifyCMS verifies a detached CMS SignedData (RFC 5652 §5) over content
// with the default configuration.
func VerifyCMS(content, p7s []byte) (*Signature, error) {
	return (*CMSConfig)(nil).Verify(content, p7s)
}

// ParseBundle parses a PEM CA bundle. Certificates that crypto/x509 cannot
// parse (the 2010 "ICANN DNSSEC CA" has an invalid PrintableString) are
// skipped; an empty result is an error.
func ParseBundle(pemData []byte, max int) ([]*x509.Certificate, error) {
	max = pick(max, MaxCertificates)
	var out []*x509.Certificate
	n := 0
	for rest := pemData; ; {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		if n++; n > max {
			return nil, errorf(ErrLimitExceeded, "", "icannbundle.pem", 0, "", "more than %d certificates", max)
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			continue
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errorf(ErrMalformed, "RFC 5280 §4", "icannbundle.pem", 0, "", "no usable certificate")
	}
	return out, nil
}

// Verify checks a detached CMS signature as RFC 9718 §3 and unbound-anchor
// do: exactly one SignerInfo, its certificate found by issuer and serial
// number (RFC 5652 §5.3), the contentType and messageDigest signed
// attributes matching the exact content bytes (RFC 5652 §5.4, §11.1,
// §11.2), the signature over the DER SET OF signed attributes, the signer's
// subject DN emailAddress equal to Email, key usage digitalSignature (RFC
// 5280 §4.2.1.3), and a chain to a root of the bundle valid at the
// verification time (RFC 5280 §6). A nil c is the zero CMSConfig.
func (c *CMSConfig) Verify(content, p7s []byte) (*Signature, error) {
	if c == nil {
		c = &CMSConfig{}
	}
	if n := pick(c.MaxSize, MaxCMSSize); len(p7s) > n {
		return nil, cmsErr(ErrLimitExceeded, "", "signature is %d bytes, limit %d", len(p7s), n)
	}
	if len(content) > MaxDocumentSize {
		return nil, cmsErr(ErrLimitExceeded, "", "content is %d bytes, limit %d", len(content), MaxDocumentSize)
	}
	maxCerts := pick(c.MaxCertificates, MaxCertificates)
	bundle := c.Bundle
	if bundle == nil {
		bundle = EmbeddedBundle
	}
	roots, err := ParseBundle(bundle, maxCerts)
	if err != nil {
		return nil, err
	}
	der, err := unarmour(p7s)
	if err != nil {
		return nil, err
	}
	sd, err := parseSignedData(der, maxCerts)
	if err != nil {
		return nil, err
	}
	signer, err := findSigner(sd)
	if err != nil {
		return nil, err
	}
	hash, signingTime, err := checkSignedAttrs(&sd.signer, content)
	if err != nil {
		return nil, err
	}
	if err := verifySignature(&sd.signer, signer, hash); err != nil {
		return nil, err
	}
	// Identity, key usage and chain: every failure is reported.
	problems := checkIdentity(signer, c.Email)
	at, err := c.verificationTime(signingTime)
	if err != nil {
		return nil, errors.Join(append(problems, err)...)
	}
	chain, err := buildChain(signer, roots, sd.certs, at)
	if err != nil {
		problems = append(problems, err)
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return &Signature{Signer: signer, Chain: chain, SigningTime: signingTime, VerifiedAt: at, Digest: hash}, nil
}

// cmsSignedData is what Verify takes from a SignedData (RFC 5652 §5.1):
// the certificates it carries and its one SignerInfo.
type cmsSignedData struct {
	certs  []*x509.Certificate
	signer cmsSignerInfo
}

// cmsSignerInfo is a SignerInfo (RFC 5652 §5.3) with its fields undecoded
// as far as the later steps need them raw.
type cmsSignerInfo struct {
	sid            cryptobyte.String // SignerIdentifier element, with its tag
	digestAlg      asn1.ObjectIdentifier
	hasSignedAttrs bool
	signedAttrs    cryptobyte.String // contents of the [0] IMPLICIT SET OF Attribute
	sigAlg         asn1.ObjectIdentifier
	signature      []byte
}

var (
	tag0 = cbasn1.Tag(0).ContextSpecific().Constructed() // [0], explicit or implicit SET/SEQUENCE
	tag1 = cbasn1.Tag(1).ContextSpecific().Constructed() // [1]
)

// unarmour removes a PEM armour (RFC 7468 §2) if the signature has one.
func unarmour(p7s []byte) ([]byte, error) {
	if !bytes.HasPrefix(bytes.TrimSpace(p7s), []byte("-----BEGIN")) {
		return p7s, nil
	}
	blk, _ := pem.Decode(p7s)
	if blk == nil {
		return nil, cmsErr(ErrMalformed, "RFC 7468 §2", "bad PEM armour")
	}
	return blk.Bytes, nil
}

// parseSignedData reads a ContentInfo (RFC 5652 §3) holding a SignedData
// (§5.1) over detached id-data (RFC 9718 §3), in DER.
func parseSignedData(der []byte, maxCerts int) (*cmsSignedData, error) {
	input := cryptobyte.String(der)
	var ci, content, sd cryptobyte.String
	var ctype asn1.ObjectIdentifier
	if !input.ReadASN1(&ci, cbasn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&ctype) ||
		!ci.ReadASN1(&content, tag0) || !ci.Empty() {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §3", "ContentInfo is not DER SEQUENCE { OID, [0] content }")
	}
	if !input.Empty() {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §3", "trailing data after ContentInfo")
	}
	if !ctype.Equal(oidSignedData) {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §5.1", "content type %v is not signedData", ctype)
	}
	var version int64
	if !content.ReadASN1(&sd, cbasn1.SEQUENCE) || !content.Empty() {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §5.1", "ContentInfo content is not one DER SignedData SEQUENCE")
	}
	if !sd.ReadASN1Integer(&version) {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §5.1", "SignedData version is not a DER INTEGER")
	}
	if !sd.SkipASN1(cbasn1.SET) {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §5.1", "SignedData digestAlgorithms is not a DER SET")
	}
	if err := checkEncapContent(&sd); err != nil {
		return nil, err
	}
	var certSet, signerSet cryptobyte.String
	if !sd.ReadOptionalASN1(&certSet, nil, tag0) {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §5.1", "SignedData certificates [0] is not DER")
	}
	if !sd.SkipOptionalASN1(tag1) {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §5.1", "SignedData crls [1] is not DER")
	}
	if !sd.ReadASN1(&signerSet, cbasn1.SET) || !sd.Empty() {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §5.1", "SignedData signerInfos is not a DER SET ending the SignedData")
	}
	certs, err := parseCertificates(certSet, maxCerts)
	if err != nil {
		return nil, err
	}
	si, err := parseSignerInfos(signerSet)
	if err != nil {
		return nil, err
	}
	return &cmsSignedData{certs: certs, signer: si}, nil
}

// checkEncapContent reads the EncapsulatedContentInfo (RFC 5652 §5.2): it
// must be id-data and, the signature being detached, without eContent
// (RFC 9718 §3).
func checkEncapContent(sd *cryptobyte.String) error {
	var eci cryptobyte.String
	var etype asn1.ObjectIdentifier
	if !sd.ReadASN1(&eci, cbasn1.SEQUENCE) || !eci.ReadASN1ObjectIdentifier(&etype) {
		return cmsErr(ErrMalformed, "RFC 5652 §5.2", "EncapsulatedContentInfo is not DER SEQUENCE { OID, ... }")
	}
	if !etype.Equal(oidData) {
		return cmsErr(ErrMalformed, "RFC 5652 §5.2", "encapsulated content type %v is not id-data", etype)
	}
	if !eci.Empty() {
		return cmsErr(ErrMalformed, "RFC 9718 §3", "signature is not detached (eContent present)")
	}
	return nil
}

// parseCertificates reads the CertificateSet (RFC 5652 §10.2.2). Entries
// that are not X.509 certificates, or that crypto/x509 refuses (the 2011
// signature carries one), are skipped but counted against max.
func parseCertificates(set cryptobyte.String, max int) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for n := 0; !set.Empty(); {
		var elem cryptobyte.String
		var tag cbasn1.Tag
		if !set.ReadAnyASN1Element(&elem, &tag) {
			return nil, cmsErr(ErrMalformed, "RFC 5652 §10.2.2", "SignedData certificates: element is not DER")
		}
		if n++; n > max {
			return nil, cmsErr(ErrLimitExceeded, "", "SignedData certificates: more than %d (MaxCertificates)", max)
		}
		if tag != cbasn1.SEQUENCE {
			continue // attribute or other certificate formats (RFC 5652 §10.2.2)
		}
		if cert, err := x509.ParseCertificate(elem); err == nil {
			certs = append(certs, cert)
		}
	}
	return certs, nil
}

// parseSignerInfos reads the SET OF SignerInfo, which RFC 9718 §3 wants to
// hold exactly one.
func parseSignerInfos(set cryptobyte.String) (cmsSignerInfo, error) {
	var sis []cmsSignerInfo
	for !set.Empty() {
		si, err := parseSignerInfo(&set)
		if err != nil {
			return cmsSignerInfo{}, err
		}
		if sis = append(sis, si); len(sis) > MaxSigners {
			return cmsSignerInfo{}, cmsErr(ErrLimitExceeded, "", "SignedData signerInfos: more than %d (MaxSigners)", MaxSigners)
		}
	}
	if len(sis) != 1 {
		return cmsSignerInfo{}, cmsErr(ErrSignature, "RFC 9718 §3", "SignedData signerInfos holds %d SignerInfos, want exactly one", len(sis))
	}
	return sis[0], nil
}

// parseSignerInfo reads one SignerInfo (RFC 5652 §5.3); unsignedAttrs are
// skipped. Each field's failure is named.
func parseSignerInfo(s *cryptobyte.String) (cmsSignerInfo, error) {
	var si cmsSignerInfo
	var in cryptobyte.String
	var version int64
	var sidTag cbasn1.Tag
	bad := func(field string) error {
		return cmsErr(ErrMalformed, "RFC 5652 §5.3", "SignerInfo %s is not DER", field)
	}
	switch {
	case !s.ReadASN1(&in, cbasn1.SEQUENCE):
		return si, bad("SEQUENCE")
	case !in.ReadASN1Integer(&version):
		return si, bad("version")
	case !in.ReadAnyASN1Element(&si.sid, &sidTag):
		return si, bad("sid")
	case !readAlgorithm(&in, &si.digestAlg):
		return si, bad("digestAlgorithm")
	case !in.ReadOptionalASN1(&si.signedAttrs, &si.hasSignedAttrs, tag0):
		return si, bad("signedAttrs [0]")
	case !readAlgorithm(&in, &si.sigAlg):
		return si, bad("signatureAlgorithm")
	case !in.ReadASN1Bytes(&si.signature, cbasn1.OCTET_STRING):
		return si, bad("signature OCTET STRING")
	case !in.SkipOptionalASN1(tag1) || !in.Empty():
		return si, bad("unsignedAttrs [1] (or it is followed by trailing data)")
	}
	return si, nil
}

// readAlgorithm reads an AlgorithmIdentifier (RFC 5280 §4.1.1.2), ignoring
// its parameters.
func readAlgorithm(s *cryptobyte.String, oid *asn1.ObjectIdentifier) bool {
	var alg cryptobyte.String
	return s.ReadASN1(&alg, cbasn1.SEQUENCE) && alg.ReadASN1ObjectIdentifier(oid)
}

// findSigner picks the one certificate matching the SignerInfo's
// issuerAndSerialNumber (RFC 5652 §5.3).
func findSigner(sd *cmsSignedData) (*x509.Certificate, error) {
	sid := sd.signer.sid
	if !sid.PeekASN1Tag(cbasn1.SEQUENCE) {
		return nil, cmsErr(ErrUnsupported, "RFC 5652 §5.3", "SignerInfo sid is not issuerAndSerialNumber (subjectKeyIdentifier is not supported)")
	}
	var ias cryptobyte.String
	var issuer cryptobyte.String
	serial := new(big.Int)
	if !sid.ReadASN1(&ias, cbasn1.SEQUENCE) || !ias.ReadASN1Element(&issuer, cbasn1.SEQUENCE) ||
		!ias.ReadASN1Integer(serial) || !ias.Empty() {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §10.2.4", "SignerInfo sid issuerAndSerialNumber is not DER SEQUENCE { Name, INTEGER }")
	}
	var signer *x509.Certificate
	for _, cert := range sd.certs {
		if bytes.Equal(cert.RawIssuer, issuer) && cert.SerialNumber.Cmp(serial) == 0 {
			if signer != nil {
				return nil, cmsErr(ErrSignature, "RFC 5652 §5.3", "two certificates match the signer's issuer and serial")
			}
			signer = cert
		}
	}
	if signer == nil {
		return nil, cmsErr(ErrSignature, "RFC 5652 §5.3", "no certificate matches the signer's issuer and serial %s", serial)
	}
	return signer, nil
}

// checkSignedAttrs reads the signed attributes and checks that contentType
// is id-data (RFC 5652 §11.1) and messageDigest is the digest of the exact
// content bytes (§11.2). Each of them and signingTime (§11.3) appears at
// most once with exactly one value. It returns the digest algorithm and the
// signing time (zero when absent).
func checkSignedAttrs(si *cmsSignerInfo, content []byte) (crypto.Hash, time.Time, error) {
	hash, ok := digestHash(si.digestAlg)
	if !ok {
		return 0, time.Time{}, cmsErr(ErrUnsupported, "RFC 5652 §5.3", "SignerInfo digestAlgorithm %v", si.digestAlg)
	}
	if !si.hasSignedAttrs {
		return 0, time.Time{}, cmsErr(ErrSignature, "RFC 5652 §5.3", "SignerInfo has no signedAttrs")
	}
	attrs, err := parseSignedAttrs(si.signedAttrs)
	if err != nil {
		return 0, time.Time{}, err
	}
	switch {
	case !attrs.haveCT:
		return 0, time.Time{}, cmsErr(ErrSignature, "RFC 5652 §5.3, §11.1", "signedAttrs lack the contentType attribute")
	case !attrs.haveMD:
		return 0, time.Time{}, cmsErr(ErrSignature, "RFC 5652 §5.3, §11.2", "signedAttrs lack the messageDigest attribute")
	}
	h := hash.New()
	h.Write(content)
	if !bytes.Equal(h.Sum(nil), attrs.md) {
		return 0, time.Time{}, cmsErr(ErrSignature, "RFC 5652 §11.2", "messageDigest attribute does not match the %v of the content (the exact bytes are signed)", hash)
	}
	return hash, attrs.signingTime, nil
}

// signedAttrs holds the signed attributes Verify knows.
type signedAttrs struct {
	haveCT      bool // contentType id-data seen
	haveMD      bool
	md          []byte // messageDigest
	haveTime    bool
	signingTime time.Time // zero when absent
}

// parseSignedAttrs reads the contents of the [0] IMPLICIT SET OF Attribute
// (RFC 5652 §5.3); attributes other than contentType, messageDigest and
// signingTime are ignored. The loop is bounded by the input: each
// attribute takes at least 7 bytes (30 05 06 01 xx 31 00) of the MaxCMSSize
// signature.
func parseSignedAttrs(set cryptobyte.String) (*signedAttrs, error) {
	var a signedAttrs
	for !set.Empty() {
		var attr, values cryptobyte.String
		var typ asn1.ObjectIdentifier
		if !set.ReadASN1(&attr, cbasn1.SEQUENCE) || !attr.ReadASN1ObjectIdentifier(&typ) ||
			!attr.ReadASN1(&values, cbasn1.SET) || !attr.Empty() {
			return nil, cmsErr(ErrMalformed, "RFC 5652 §5.3", "signedAttrs: attribute is not DER SEQUENCE { OID, SET }")
		}
		if err := a.add(typ, values); err != nil {
			return nil, err
		}
	}
	return &a, nil
}

// add records one attribute. The three known attributes must appear once
// (one instance) with a single value: RFC 5652 §11.1 (contentType), §11.2
// (messageDigest), §11.3 (signingTime).
func (a *signedAttrs) add(typ asn1.ObjectIdentifier, values cryptobyte.String) error {
	switch {
	case typ.Equal(oidContentType):
		var oid asn1.ObjectIdentifier
		switch {
		case a.haveCT:
			return cmsErr(ErrSignature, "RFC 5652 §11.1", "signedAttrs hold two contentType attributes")
		case !values.ReadASN1ObjectIdentifier(&oid) || !values.Empty():
			return cmsErr(ErrSignature, "RFC 5652 §11.1", "contentType attribute value is not a single OBJECT IDENTIFIER")
		case !oid.Equal(oidData):
			return cmsErr(ErrSignature, "RFC 5652 §11.1", "contentType attribute %v is not id-data (RFC 9718 §3)", oid)
		}
		a.haveCT = true
	case typ.Equal(oidMessageDigest):
		if a.haveMD {
			return cmsErr(ErrSignature, "RFC 5652 §11.2", "signedAttrs hold two messageDigest attributes")
		}
		if !values.ReadASN1Bytes(&a.md, cbasn1.OCTET_STRING) || !values.Empty() {
			return cmsErr(ErrMalformed, "RFC 5652 §11.2", "messageDigest attribute value is not a single OCTET STRING")
		}
		a.haveMD = true
	case typ.Equal(oidSigningTime):
		if a.haveTime {
			return cmsErr(ErrMalformed, "RFC 5652 §11.3", "signedAttrs hold two signingTime attributes")
		}
		var t time.Time
		ok := values.PeekASN1Tag(cbasn1.UTCTime) && values.ReadASN1UTCTime(&t) ||
			values.PeekASN1Tag(cbasn1.GeneralizedTime) && values.ReadASN1GeneralizedTime(&t)
		if !ok || !values.Empty() {
			return cmsErr(ErrMalformed, "RFC 5652 §11.3", "signingTime attribute value is not a single UTCTime or GeneralizedTime")
		}
		a.signingTime, a.haveTime = t.UTC(), true
	}
	return nil
}

// verifySignature checks the signature over the DER SET OF signed
// attributes (RFC 5652 §5.4: the [0] IMPLICIT tag is replaced by SET OF;
// cryptobyte reads and writes only minimal DER lengths, so the rebuilt SET
// is byte for byte what was signed).
func verifySignature(si *cmsSignerInfo, signer *x509.Certificate, hash crypto.Hash) error {
	alg, ok := signatureAlgorithm(si.sigAlg, hash, signer)
	if !ok {
		return cmsErr(ErrUnsupported, "RFC 5652 §5.3", "SignerInfo signatureAlgorithm %v with digest %v and a %v key", si.sigAlg, hash, signer.PublicKeyAlgorithm)
	}
	b := cryptobyte.NewBuilder(nil)
	b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(si.signedAttrs) })
	signed, err := b.Bytes()
	if err != nil {
		return cmsErr(ErrMalformed, "RFC 5652 §5.4", "signedAttrs: %v", err)
	}
	if err := signer.CheckSignature(alg, signed, si.signature); err != nil {
		return &Error{Kind: ErrSignature, Clause: "RFC 5652 §5.6", File: p7sFile, Anchor: signerName(signer), Err: err}
	}
	return nil
}

// checkIdentity returns every problem with the signer's identity: the
// subject emailAddress (RFC 9718 §3), key usage (RFC 5280 §4.2.1.3) and
// extended key usage (RFC 5280 §4.2.1.12).
func checkIdentity(signer *x509.Certificate, email string) []error {
	var problems []error
	fail := func(clause string, err error) {
		problems = append(problems, &Error{Kind: ErrSignature, Clause: clause, File: p7sFile, Anchor: signerName(signer), Err: err})
	}
	if email == "" {
		email = DefaultSignerEmail
	}
	if got := subjectEmails(signer); !containsFold(got, email) {
		fail("RFC 9718 §3", fmt.Errorf("subject emailAddress %q, want %q", strings.Join(got, ","), email))
	}
	if signer.KeyUsage != 0 && signer.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		fail("RFC 5280 §4.2.1.3", errors.New("key usage lacks digitalSignature"))
	}
	if len(signer.ExtKeyUsage) > 0 && !hasEKU(signer, x509.ExtKeyUsageEmailProtection) && !hasEKU(signer, x509.ExtKeyUsageAny) {
		fail("RFC 5280 §4.2.1.12", errors.New("extended key usage lacks emailProtection"))
	}
	return problems
}

// now returns the configured clock's time.
func (c *CMSConfig) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// verificationTime is Now, or the signing time with AtSigningTime, which
// must be present and not in the future (RFC 5652 §11.3).
func (c *CMSConfig) verificationTime(signingTime time.Time) (time.Time, error) {
	at := c.now()
	if !c.AtSigningTime {
		return at, nil
	}
	switch {
	case signingTime.IsZero():
		return at, cmsErr(ErrSignature, "RFC 5652 §11.3", "no signingTime attribute to verify at")
	case signingTime.After(at):
		return at, cmsErr(ErrSignature, "RFC 5652 §11.3", "signingTime %s is in the future", signingTime.Format(time.RFC3339))
	}
	return signingTime, nil
}

// buildChain verifies the signer's chain to a self-signed certificate of
// the bundle at time at (RFC 5280 §6.1); the bundle's other certificates and
// those of the SignedData serve as intermediates.
func buildChain(signer *x509.Certificate, roots, certs []*x509.Certificate, at time.Time) ([]*x509.Certificate, error) {
	rootPool := x509.NewCertPool()
	inter := x509.NewCertPool()
	for _, r := range roots {
		if bytes.Equal(r.RawIssuer, r.RawSubject) {
			rootPool.AddCert(r)
		} else {
			inter.AddCert(r)
		}
	}
	for _, cert := range certs {
		if cert != signer {
			inter.AddCert(cert)
		}
	}
	chains, err := signer.Verify(x509.VerifyOptions{
		Roots:         rootPool,
		Intermediates: inter,
		CurrentTime:   at,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err != nil {
		return nil, &Error{Kind: ErrSignature, Clause: "RFC 5280 §6.1", File: p7sFile, Anchor: signerName(signer),
			Err: fmt.Errorf("at %s: %w", at.UTC().Format(time.RFC3339), err)}
	}
	return chains[0], nil
}

func signerName(c *x509.Certificate) string {
	return fmt.Sprintf("signer %q (serial %s)", c.Subject.CommonName, c.SerialNumber)
}

func digestHash(oid asn1.ObjectIdentifier) (crypto.Hash, bool) {
	switch {
	case oid.Equal(oidSHA1):
		return crypto.SHA1, true
	case oid.Equal(oidSHA256):
		return crypto.SHA256, true
	case oid.Equal(oidSHA384):
		return crypto.SHA384, true
	case oid.Equal(oidSHA512):
		return crypto.SHA512, true
	}
	return 0, false
}

// signatureAlgorithm maps a SignerInfo signatureAlgorithm (either the bare
// key algorithm, as OpenSSL writes, or a combined OID) to x509's constant.
func signatureAlgorithm(oid asn1.ObjectIdentifier, h crypto.Hash, signer *x509.Certificate) (x509.SignatureAlgorithm, bool) {
	rsa := map[crypto.Hash]x509.SignatureAlgorithm{crypto.SHA1: x509.SHA1WithRSA, crypto.SHA256: x509.SHA256WithRSA,
		crypto.SHA384: x509.SHA384WithRSA, crypto.SHA512: x509.SHA512WithRSA}
	ec := map[crypto.Hash]x509.SignatureAlgorithm{crypto.SHA256: x509.ECDSAWithSHA256,
		crypto.SHA384: x509.ECDSAWithSHA384, crypto.SHA512: x509.ECDSAWithSHA512}
	var want x509.SignatureAlgorithm
	switch {
	case oid.Equal(oidRSA):
		want = rsa[h]
	case oid.Equal(oidECPublicKey):
		want = ec[h]
	case oid.Equal(oidSHA1WithRSA) && h == crypto.SHA1, oid.Equal(oidSHA256WithRSA) && h == crypto.SHA256,
		oid.Equal(oidSHA384WithRSA) && h == crypto.SHA384, oid.Equal(oidSHA512WithRSA) && h == crypto.SHA512:
		want = rsa[h]
	case oid.Equal(oidECDSASHA256) && h == crypto.SHA256, oid.Equal(oidECDSASHA384) && h == crypto.SHA384,
		oid.Equal(oidECDSASHA512) && h == crypto.SHA512:
		want = ec[h]
	}
	if want == x509.UnknownSignatureAlgorithm {
		return 0, false
	}
	// The key type must fit the algorithm.
	switch want {
	case x509.ECDSAWithSHA256, x509.ECDSAWithSHA384, x509.ECDSAWithSHA512:
		return want, signer.PublicKeyAlgorithm == x509.ECDSA
	}
	return want, signer.PublicKeyAlgorithm == x509.RSA
}

// subjectEmails returns the emailAddress attributes of the subject DN
// (OID 1.2.840.113549.1.9.1), not the SAN.
func subjectEmails(c *x509.Certificate) []string {
	var out []string
	for _, n := range c.Subject.Names {
		if n.Type.Equal(oidEmailAddress) {
			if s, ok := n.Value.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

func hasEKU(c *x509.Certificate, u x509.ExtKeyUsage) bool {
	for _, e := range c.ExtKeyUsage {
		if e == u {
			return true
		}
	}
	return false
}
