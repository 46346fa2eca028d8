package trustanchor

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

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

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"explicit,tag:0"`
}

type encapContentInfo struct {
	EContentType asn1.ObjectIdentifier
	EContent     asn1.RawValue `asn1:"optional,explicit,tag:0"`
}

type signedData struct {
	Version          int
	DigestAlgorithms asn1.RawValue
	EncapContentInfo encapContentInfo
	Certificates     asn1.RawValue `asn1:"optional,tag:0"`
	CRLs             asn1.RawValue `asn1:"optional,tag:1"`
	SignerInfos      asn1.RawValue
}

type signerInfo struct {
	Version            int
	SID                asn1.RawValue
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
	UnsignedAttrs      asn1.RawValue `asn1:"optional,tag:1"`
}

type issuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

type attribute struct {
	Type   asn1.ObjectIdentifier
	Values asn1.RawValue `asn1:"set"`
}

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
func VerifyCMS(content, p7s []byte) (*Signature, error) { return CMSConfig{}.Verify(content, p7s) }

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
// attributes matching the exact content bytes (RFC 5652 §5.4, §11.2), the
// signature over the DER SET OF signed attributes, the signer's subject DN
// emailAddress equal to Email, key usage digitalSignature (RFC 5280
// §4.2.1.3), and a chain to a root of the bundle valid at the verification
// time (RFC 5280 §6).
func (c CMSConfig) Verify(content, p7s []byte) (*Signature, error) {
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
	if bytes.HasPrefix(bytes.TrimSpace(p7s), []byte("-----BEGIN")) {
		blk, _ := pem.Decode(p7s)
		if blk == nil {
			return nil, cmsErr(ErrMalformed, "RFC 7468 §2", "bad PEM armour")
		}
		p7s = blk.Bytes
	}

	var ci contentInfo
	if rest, err := asn1.Unmarshal(p7s, &ci); err != nil {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §3", "ContentInfo: %v", err)
	} else if len(rest) > 0 {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §3", "trailing data after ContentInfo")
	}
	if !ci.ContentType.Equal(oidSignedData) {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §5.1", "content type %v is not signedData", ci.ContentType)
	}
	var sd signedData
	if rest, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §5.1", "SignedData: %v", err)
	} else if len(rest) > 0 {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §5.1", "trailing data after SignedData")
	}
	if !sd.EncapContentInfo.EContentType.Equal(oidData) {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §5.2", "encapsulated content type %v is not id-data", sd.EncapContentInfo.EContentType)
	}
	if len(sd.EncapContentInfo.EContent.FullBytes) != 0 {
		return nil, cmsErr(ErrMalformed, "RFC 9718 §3", "signature is not detached (eContent present)")
	}

	// Certificates carried in the SignedData; unparseable ones are skipped
	// (the 2011 signature carries one Go refuses) but counted.
	var certs []*x509.Certificate
	for rest, n := sd.Certificates.Bytes, 0; len(rest) > 0; {
		var raw asn1.RawValue
		var err error
		rest, err = asn1.Unmarshal(rest, &raw)
		if err != nil {
			return nil, cmsErr(ErrMalformed, "RFC 5652 §10.2.2", "certificates: %v", err)
		}
		if n++; n > maxCerts {
			return nil, cmsErr(ErrLimitExceeded, "", "more than %d certificates", maxCerts)
		}
		if raw.Class != asn1.ClassUniversal || raw.Tag != asn1.TagSequence {
			continue // attribute or other certificate formats (RFC 5652 §10.2.2)
		}
		if cert, err := x509.ParseCertificate(raw.FullBytes); err == nil {
			certs = append(certs, cert)
		}
	}

	// Exactly one SignerInfo.
	var sis []signerInfo
	for rest := sd.SignerInfos.Bytes; len(rest) > 0; {
		var si signerInfo
		var err error
		rest, err = asn1.Unmarshal(rest, &si)
		if err != nil {
			return nil, cmsErr(ErrMalformed, "RFC 5652 §5.3", "SignerInfo: %v", err)
		}
		sis = append(sis, si)
		if len(sis) > MaxSigners {
			return nil, cmsErr(ErrLimitExceeded, "", "more than %d signers", MaxSigners)
		}
	}
	if sd.SignerInfos.Tag != asn1.TagSet {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §5.1", "signerInfos is not a SET")
	}
	if len(sis) != 1 {
		return nil, cmsErr(ErrSignature, "RFC 9718 §3", "%d SignerInfos, want exactly one", len(sis))
	}
	si := sis[0]

	// Signer certificate by issuer and serial number.
	if si.SID.Class != asn1.ClassUniversal || si.SID.Tag != asn1.TagSequence {
		return nil, cmsErr(ErrUnsupported, "RFC 5652 §5.3", "signer identified by subjectKeyIdentifier, want issuerAndSerialNumber")
	}
	var ias issuerAndSerial
	if _, err := asn1.Unmarshal(si.SID.FullBytes, &ias); err != nil {
		return nil, cmsErr(ErrMalformed, "RFC 5652 §5.3", "issuerAndSerialNumber: %v", err)
	}
	var signer *x509.Certificate
	for _, cert := range certs {
		if bytes.Equal(cert.RawIssuer, ias.Issuer.FullBytes) && cert.SerialNumber.Cmp(ias.Serial) == 0 {
			if signer != nil {
				return nil, cmsErr(ErrSignature, "RFC 5652 §5.3", "two certificates match the signer's issuer and serial")
			}
			signer = cert
		}
	}
	if signer == nil {
		return nil, cmsErr(ErrSignature, "RFC 5652 §5.3", "no certificate matches the signer's issuer and serial %s", ias.Serial)
	}

	hash, ok := digestHash(si.DigestAlgorithm.Algorithm)
	if !ok {
		return nil, cmsErr(ErrUnsupported, "RFC 5652 §5.3", "digest algorithm %v", si.DigestAlgorithm.Algorithm)
	}
	if len(si.SignedAttrs.FullBytes) == 0 {
		return nil, cmsErr(ErrSignature, "RFC 5652 §5.3", "no signed attributes")
	}
	// Signed attributes: contentType, messageDigest, signingTime.
	var md []byte
	var signingTime time.Time
	var haveCT bool
	for rest := si.SignedAttrs.Bytes; len(rest) > 0; {
		var a attribute
		var err error
		rest, err = asn1.Unmarshal(rest, &a)
		if err != nil {
			return nil, cmsErr(ErrMalformed, "RFC 5652 §5.3", "signed attribute: %v", err)
		}
		switch {
		case a.Type.Equal(oidContentType):
			var oid asn1.ObjectIdentifier
			if _, err := asn1.Unmarshal(a.Values.Bytes, &oid); err != nil || !oid.Equal(oidData) || haveCT {
				return nil, cmsErr(ErrSignature, "RFC 5652 §11.1", "contentType attribute is not a single id-data")
			}
			haveCT = true
		case a.Type.Equal(oidMessageDigest):
			if md != nil {
				return nil, cmsErr(ErrSignature, "RFC 5652 §11.2", "two messageDigest attributes")
			}
			if rest, err := asn1.Unmarshal(a.Values.Bytes, &md); err != nil || len(rest) > 0 {
				return nil, cmsErr(ErrMalformed, "RFC 5652 §11.2", "messageDigest is not one OCTET STRING")
			}
		case a.Type.Equal(oidSigningTime):
			var t time.Time
			if _, err := asn1.Unmarshal(a.Values.Bytes, &t); err != nil {
				return nil, cmsErr(ErrMalformed, "RFC 5652 §11.3", "signingTime: %v", err)
			}
			signingTime = t.UTC()
		}
	}
	if !haveCT || md == nil {
		return nil, cmsErr(ErrSignature, "RFC 5652 §5.3", "contentType or messageDigest attribute missing")
	}
	h := hash.New()
	h.Write(content)
	if !bytes.Equal(h.Sum(nil), md) {
		return nil, cmsErr(ErrSignature, "RFC 5652 §11.2", "messageDigest does not match the content (the exact bytes are signed)")
	}

	// The signature covers the DER SET OF attributes (RFC 5652 §5.4).
	signed := append([]byte(nil), si.SignedAttrs.FullBytes...)
	signed[0] = 0x31
	alg, ok := signatureAlgorithm(si.SignatureAlgorithm.Algorithm, hash, signer)
	if !ok {
		return nil, cmsErr(ErrUnsupported, "RFC 5652 §5.3", "signature algorithm %v with %v", si.SignatureAlgorithm.Algorithm, hash)
	}
	if err := signer.CheckSignature(alg, signed, si.Signature); err != nil {
		return nil, &Error{Kind: ErrSignature, Clause: "RFC 5652 §5.6", File: p7sFile, Anchor: signerName(signer), Err: err}
	}

	// Signer identity, key usage and chain: every failure is reported.
	var problems []error
	email := c.Email
	if email == "" {
		email = DefaultSignerEmail
	}
	if got := subjectEmails(signer); !containsFold(got, email) {
		problems = append(problems, &Error{Kind: ErrSignature, Clause: "RFC 9718 §3", File: p7sFile, Anchor: signerName(signer),
			Err: fmt.Errorf("subject emailAddress %q, want %q", strings.Join(got, ","), email)})
	}
	if signer.KeyUsage != 0 && signer.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		problems = append(problems, &Error{Kind: ErrSignature, Clause: "RFC 5280 §4.2.1.3", File: p7sFile, Anchor: signerName(signer),
			Err: errors.New("key usage lacks digitalSignature")})
	}
	if len(signer.ExtKeyUsage) > 0 && !hasEKU(signer, x509.ExtKeyUsageEmailProtection) && !hasEKU(signer, x509.ExtKeyUsageAny) {
		problems = append(problems, &Error{Kind: ErrSignature, Clause: "RFC 5280 §4.2.1.12", File: p7sFile, Anchor: signerName(signer),
			Err: errors.New("extended key usage lacks emailProtection")})
	}

	// Chain at the verification time.
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	at := now()
	if c.AtSigningTime {
		switch {
		case signingTime.IsZero():
			problems = append(problems, cmsErr(ErrSignature, "RFC 5652 §11.3", "no signingTime attribute to verify at"))
			return nil, errors.Join(problems...)
		case signingTime.After(at):
			problems = append(problems, cmsErr(ErrSignature, "RFC 5652 §11.3", "signingTime %s is in the future", signingTime.Format(time.RFC3339)))
			return nil, errors.Join(problems...)
		}
		at = signingTime
	}
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
		problems = append(problems, &Error{Kind: ErrSignature, Clause: "RFC 5280 §6.1", File: p7sFile, Anchor: signerName(signer),
			Err: fmt.Errorf("at %s: %w", at.UTC().Format(time.RFC3339), err)})
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return &Signature{Signer: signer, Chain: chains[0], SigningTime: signingTime, VerifiedAt: at, Digest: hash}, nil
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
