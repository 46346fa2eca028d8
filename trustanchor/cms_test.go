package trustanchor

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

func at(s string) func() time.Time { return func() time.Time { return date(s) } }

// The test clock: the day the fixtures were collected.
const today = "2026-11-26T00:00:00Z"

func TestVerifyCMSIANA(t *testing.T) {
	x2024 := readTestdata(t, "root-anchors-2024.xml")
	x2010 := readTestdata(t, "root-anchors-2010.xml")
	b2026 := readTestdata(t, "icannbundle-2026.pem")
	b2016 := readTestdata(t, "icannbundle-2016.pem")
	tests := []struct {
		name    string
		xml     []byte
		p7s     string
		cfg     CMSConfig
		wantErr string // substring; empty = must verify
	}{
		{"2025 sig today, 2026 bundle", x2024, "root-anchors-2025.p7s", CMSConfig{Bundle: b2026, Now: at(today)}, ""},
		{"2025 sig today, 2016 bundle", x2024, "root-anchors-2025.p7s", CMSConfig{Bundle: b2016, Now: at(today)}, ""},
		{"2025 sig today, embedded bundle", x2024, "root-anchors-2025.p7s", CMSConfig{Now: at(today)}, ""},
		{"2024 sig today fails (signer expired 2026-07-07)", x2024, "root-anchors-2024.p7s", CMSConfig{Bundle: b2026, Now: at(today)}, "expired"},
		{"2024 sig at signing time", x2024, "root-anchors-2024.p7s", CMSConfig{Bundle: b2026, Now: at(today), AtSigningTime: true}, ""},
		{"2024 sig on 2025-01-01", x2024, "root-anchors-2024.p7s", CMSConfig{Bundle: b2026, Now: at("2025-01-01T00:00:00Z")}, ""},
		{"2010 doc at 2011-07-01", x2010, "root-anchors-2010.p7s", CMSConfig{Bundle: b2026, Now: at("2011-07-01T00:00:00Z")}, ""},
		{"2010 doc today fails", x2010, "root-anchors-2010.p7s", CMSConfig{Bundle: b2026, Now: at(today)}, "expired"},
		{"2010 sig over 2024 doc", x2024, "root-anchors-2010.p7s", CMSConfig{Bundle: b2026, Now: at("2011-07-01T00:00:00Z")}, "messageDigest"},
		{"wrong e-mail", x2024, "root-anchors-2025.p7s", CMSConfig{Bundle: b2026, Now: at(today), Email: "someone@example.com"}, "emailAddress"},
		{"signing time in the future", x2024, "root-anchors-2025.p7s", CMSConfig{Bundle: b2026, Now: at("2020-01-01T00:00:00Z"), AtSigningTime: true}, "future"},
		{"before the signer existed", x2024, "root-anchors-2025.p7s", CMSConfig{Bundle: b2026, Now: at("2020-01-01T00:00:00Z")}, "not yet valid"},
	}
	for _, tt := range tests {
		sig, err := tt.cfg.Verify(tt.xml, readTestdata(t, tt.p7s))
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			if got := subjectEmails(sig.Signer); len(got) != 1 || got[0] != DefaultSignerEmail {
				t.Errorf("%s: signer e-mail %v", tt.name, got)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
		}
		if !errors.Is(err, ErrSignature) {
			t.Errorf("%s: err %v is not ErrSignature", tt.name, err)
		}
	}
}

func TestVerifyCMSSigningTime(t *testing.T) {
	_, err := (&CMSConfig{Now: at(today)}).Verify(readTestdata(t, "root-anchors-2024.xml"), readTestdata(t, "root-anchors-2024.p7s"))
	if err == nil {
		t.Fatal("expired signature verified")
	}
	sig, err := (&CMSConfig{Now: at(today), AtSigningTime: true}).Verify(readTestdata(t, "root-anchors-2024.xml"), readTestdata(t, "root-anchors-2024.p7s"))
	if err != nil {
		t.Fatal(err)
	}
	if got := sig.SigningTime.Format("2006-01-02"); got != "2024-10-22" {
		t.Errorf("signing time %s", got)
	}
}

// Every single-byte change to the XML breaks the signature.
func TestVerifyCMSOneByteChange(t *testing.T) {
	xml := readTestdata(t, "root-anchors-2024.xml")
	p7s := readTestdata(t, "root-anchors-2025.p7s")
	cfg := CMSConfig{Now: at(today)}
	for _, i := range []int{0, 100, 500, len(xml) / 2, len(xml) - 1} {
		bad := append([]byte(nil), xml...)
		bad[i] ^= 0x01
		if _, err := cfg.Verify(bad, p7s); !errors.Is(err, ErrSignature) {
			t.Errorf("byte %d changed: err = %v", i, err)
		}
	}
	// CRLF conversion (what openssl smime does without -binary) fails too.
	crlf := []byte(strings.ReplaceAll(string(xml), "\n", "\r\n"))
	if _, err := cfg.Verify(crlf, p7s); !errors.Is(err, ErrSignature) {
		t.Errorf("CRLF: err = %v", err)
	}
}

// Every problem with the signer is reported, not only the first.
func TestVerifyCMSAllProblems(t *testing.T) {
	_, err := (&CMSConfig{Now: at(today), Email: "other@example.org"}).Verify(readTestdata(t, "root-anchors-2024.xml"), readTestdata(t, "root-anchors-2024.p7s"))
	if err == nil || !strings.Contains(err.Error(), "emailAddress") || !strings.Contains(err.Error(), "expired") {
		t.Errorf("want both the e-mail and the expiry reported, got %v", err)
	}
}

func TestVerifyCMSTamperedSignature(t *testing.T) {
	xml := readTestdata(t, "root-anchors-2024.xml")
	p7s := readTestdata(t, "root-anchors-2025.p7s")
	// Flip a byte inside the RSA signature value (the last 256 bytes).
	bad := append([]byte(nil), p7s...)
	bad[len(bad)-10] ^= 0x80
	if _, err := (&CMSConfig{Now: at(today)}).Verify(xml, bad); !errors.Is(err, ErrSignature) {
		t.Errorf("tampered signature: %v", err)
	}
	// A bundle holding only an unrelated root fails the chain.
	v2only := readTestdata(t, "icannbundle-2026.pem")
	idx := strings.LastIndex(string(v2only), "-----BEGIN CERTIFICATE-----")
	if _, err := (&CMSConfig{Bundle: v2only[idx:], Now: at(today)}).Verify(xml, p7s); !errors.Is(err, ErrSignature) {
		t.Errorf("v2-only bundle: %v", err)
	}
	for _, junk := range [][]byte{nil, []byte("x"), p7s[:100], append(append([]byte(nil), p7s...), 0)} {
		if _, err := (&CMSConfig{Now: at(today)}).Verify(xml, junk); err == nil {
			t.Errorf("junk %d bytes verified", len(junk))
		}
	}
}

func TestRootEmbedded(t *testing.T) {
	sel, sig, err := Root(nil, nil, &CMSConfig{Now: at(today)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sel.Anchors) != 2 || sel.Anchors[0].DS.KeyTag != 20326 || sel.Anchors[1].DS.KeyTag != 38696 {
		t.Errorf("anchors %+v", sel.Anchors)
	}
	if !sig.SigningTime.Truncate(24 * time.Hour).Equal(EmbeddedSigningTime) {
		t.Errorf("signing time %v", sig.SigningTime)
	}
	if Stale(date(today), 0) {
		t.Error("embedded data reported stale on its own date")
	}
	if !Stale(date("2028-01-01T00:00:00Z"), 0) {
		t.Error("embedded data not stale in 2028")
	}
}

// testCMS builds a detached CMS SignedData over content (RFC 5652 §5)
// signed by a leaf certificate under a fresh root. attrs writes the signed
// attributes (the contents of the SET OF Attribute) given the SHA-256 of
// content; nil leaves signedAttrs out. It returns the DER signature and the
// root as a PEM bundle.
func testCMS(t *testing.T, content []byte, attrs func(b *cryptobyte.Builder, digest []byte)) (p7s, bundle []byte) {
	t.Helper()
	rootKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leafKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	notBefore, notAfter := date("2020-01-01T00:00:00Z"), date("2030-01-01T00:00:00Z")
	rootTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test root"},
		NotBefore: notBefore, NotAfter: notAfter, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	rootDER, err := x509.CreateCertificate(rand.Reader, rootTmpl, rootTmpl, &rootKey.PublicKey, rootKey)
	if err != nil {
		t.Fatal(err)
	}
	root, _ := x509.ParseCertificate(rootDER)
	leafTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), NotBefore: notBefore, NotAfter: notAfter,
		Subject: pkix.Name{CommonName: "test signer",
			ExtraNames: []pkix.AttributeTypeAndValue{{Type: oidEmailAddress, Value: DefaultSignerEmail}}},
		KeyUsage: x509.KeyUsageDigitalSignature}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, root, &leafKey.PublicKey, rootKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(leafDER)

	digest := sha256.Sum256(content)
	signedAttrs := func(b *cryptobyte.Builder) { attrs(b, digest[:]) }
	toSign := content // without signedAttrs the content itself is signed (RFC 5652 §5.4)
	if attrs != nil {
		signed := cryptobyte.NewBuilder(nil)
		signed.AddASN1(cbasn1.SET, signedAttrs)
		toSign = signed.BytesOrPanic()
	}
	h := sha256.Sum256(toSign)
	sig, err := ecdsa.SignASN1(rand.Reader, leafKey, h[:])
	if err != nil {
		t.Fatal(err)
	}
	alg := func(oid asn1.ObjectIdentifier) func(*cryptobyte.Builder) {
		return func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oid) }
	}
	b := cryptobyte.NewBuilder(nil)
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // ContentInfo, RFC 5652 §3
		b.AddASN1ObjectIdentifier(oidSignedData)
		b.AddASN1(tag0, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignedData, RFC 5652 §5.1
				b.AddASN1Int64(1)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddASN1(cbasn1.SEQUENCE, alg(oidSHA256)) })
				b.AddASN1(cbasn1.SEQUENCE, alg(oidData))
				b.AddASN1(tag0, func(b *cryptobyte.Builder) { b.AddBytes(leafDER) })
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignerInfo, RFC 5652 §5.3
						b.AddASN1Int64(1)
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddBytes(leaf.RawIssuer)
							b.AddASN1BigInt(leaf.SerialNumber)
						})
						b.AddASN1(cbasn1.SEQUENCE, alg(oidSHA256))
						if attrs != nil {
							b.AddASN1(tag0, signedAttrs)
						}
						b.AddASN1(cbasn1.SEQUENCE, alg(oidECDSASHA256))
						b.AddASN1OctetString(sig)
					})
				})
			})
		})
	})
	return b.BytesOrPanic(), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: rootDER})
}

// attr writes one Attribute (RFC 5652 §5.3) whose SET holds values.
func attr(b *cryptobyte.Builder, oid asn1.ObjectIdentifier, values ...func(*cryptobyte.Builder)) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
			for _, v := range values {
				v(b)
			}
		})
	})
}

func oidValue(oid asn1.ObjectIdentifier) func(*cryptobyte.Builder) {
	return func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oid) }
}

func octets(v []byte) func(*cryptobyte.Builder) {
	return func(b *cryptobyte.Builder) { b.AddASN1OctetString(v) }
}

func utcTime(s string) func(*cryptobyte.Builder) {
	return func(b *cryptobyte.Builder) { b.AddASN1UTCTime(date(s)) }
}

// The signed attributes of RFC 5652 §11.1-§11.3: contentType and
// messageDigest exactly once, signingTime at most once, each with exactly
// one value. Every CMS is correctly signed, so each refusal is the
// attribute check's.
func TestVerifyCMSSignedAttrs(t *testing.T) {
	content := []byte("<TrustAnchor/>\n")
	const signed = "2025-06-01T00:00:00Z"
	ct := func(b *cryptobyte.Builder) { attr(b, oidContentType, oidValue(oidData)) }
	md := func(b *cryptobyte.Builder, d []byte) { attr(b, oidMessageDigest, octets(d)) }
	st := func(b *cryptobyte.Builder) { attr(b, oidSigningTime, utcTime(signed)) }
	tests := []struct {
		name    string
		attrs   func(b *cryptobyte.Builder, digest []byte)
		kind    error  // nil: must verify
		wantErr string // substring of the error
	}{
		{"contentType, messageDigest, signingTime", func(b *cryptobyte.Builder, d []byte) { ct(b); md(b, d); st(b) }, nil, ""},
		{"unknown attribute ignored", func(b *cryptobyte.Builder, d []byte) {
			ct(b)
			md(b, d)
			attr(b, oidEmailAddress, octets(nil), octets(nil))
		}, nil, ""},
		{"no signedAttrs", nil, ErrSignature, "no signedAttrs"},
		{"empty signedAttrs", func(*cryptobyte.Builder, []byte) {}, ErrSignature, "lack the contentType"},
		{"contentType missing", func(b *cryptobyte.Builder, d []byte) { md(b, d) }, ErrSignature, "lack the contentType"},
		{"contentType twice", func(b *cryptobyte.Builder, d []byte) { ct(b); ct(b); md(b, d) }, ErrSignature, "two contentType"},
		{"contentType two values", func(b *cryptobyte.Builder, d []byte) {
			attr(b, oidContentType, oidValue(oidData), oidValue(oidData))
			md(b, d)
		}, ErrSignature, "contentType attribute value is not a single"},
		{"contentType no value", func(b *cryptobyte.Builder, d []byte) { attr(b, oidContentType); md(b, d) },
			ErrSignature, "contentType attribute value is not a single"},
		{"contentType signedData", func(b *cryptobyte.Builder, d []byte) {
			attr(b, oidContentType, oidValue(oidSignedData))
			md(b, d)
		}, ErrSignature, "is not id-data"},
		{"messageDigest missing", func(b *cryptobyte.Builder, d []byte) { ct(b) }, ErrSignature, "lack the messageDigest"},
		{"messageDigest twice", func(b *cryptobyte.Builder, d []byte) { ct(b); md(b, d); md(b, d) }, ErrSignature, "two messageDigest"},
		{"messageDigest two values", func(b *cryptobyte.Builder, d []byte) {
			ct(b)
			attr(b, oidMessageDigest, octets(d), octets(d))
		}, ErrMalformed, "messageDigest attribute value is not a single"},
		{"messageDigest mismatch", func(b *cryptobyte.Builder, d []byte) {
			ct(b)
			md(b, append([]byte{d[0] ^ 1}, d[1:]...))
		}, ErrSignature, "messageDigest attribute does not match"},
		{"messageDigest empty", func(b *cryptobyte.Builder, d []byte) { ct(b); md(b, nil) }, ErrSignature, "does not match"},
		{"signingTime twice", func(b *cryptobyte.Builder, d []byte) { ct(b); md(b, d); st(b); st(b) }, ErrMalformed, "two signingTime"},
		{"signingTime two values", func(b *cryptobyte.Builder, d []byte) {
			ct(b)
			md(b, d)
			attr(b, oidSigningTime, utcTime(signed), utcTime(signed))
		}, ErrMalformed, "signingTime attribute value is not a single"},
		{"signingTime not a time", func(b *cryptobyte.Builder, d []byte) {
			ct(b)
			md(b, d)
			attr(b, oidSigningTime, octets([]byte("250601000000Z")))
		}, ErrMalformed, "signingTime attribute value is not a single"},
	}
	for _, tt := range tests {
		p7s, bundle := testCMS(t, content, tt.attrs)
		sig, err := (&CMSConfig{Bundle: bundle, Now: at(today)}).Verify(content, p7s)
		if tt.kind == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: err = %v, want %v containing %q", tt.name, err, tt.kind, tt.wantErr)
		}
		if sig != nil {
			t.Errorf("%s: returned a Signature with an error", tt.name)
		}
	}
	// The signing time is returned and verification can use it.
	p7s, bundle := testCMS(t, content, tests[0].attrs)
	sig, err := (&CMSConfig{Bundle: bundle, Now: at(today), AtSigningTime: true}).Verify(content, p7s)
	if err != nil {
		t.Fatal(err)
	}
	if !sig.SigningTime.Equal(date(signed)) || !sig.VerifiedAt.Equal(date(signed)) {
		t.Errorf("signing time %v, verified at %v, want %s", sig.SigningTime, sig.VerifiedAt, signed)
	}
}

// The ContentInfo and EncapsulatedContentInfo content types (RFC 5652 §3,
// §5.2) and the end of the DER are checked.
func TestVerifyCMSStructure(t *testing.T) {
	content := []byte("<TrustAnchor/>\n")
	p7s, bundle := testCMS(t, content, func(b *cryptobyte.Builder, d []byte) {
		attr(b, oidContentType, oidValue(oidData))
		attr(b, oidMessageDigest, octets(d))
	})
	cfg := &CMSConfig{Bundle: bundle, Now: at(today)}
	if _, err := cfg.Verify(content, p7s); err != nil {
		t.Fatal(err)
	}
	// der returns p7s with the first DER encoding of from replaced by to.
	der := func(from, to asn1.ObjectIdentifier) []byte {
		f, _ := asn1.Marshal(from)
		tt, _ := asn1.Marshal(to)
		i := strings.Index(string(p7s), string(f))
		if i < 0 || len(f) != len(tt) {
			t.Fatalf("cannot replace %v by %v", from, to)
		}
		return append(append(append([]byte(nil), p7s[:i]...), tt...), p7s[i+len(f):]...)
	}
	oidEnveloped := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 3}
	for _, tt := range []struct {
		name    string
		p7s     []byte
		wantErr string
	}{
		{"trailing byte", append(append([]byte(nil), p7s...), 0), "trailing data after ContentInfo"},
		{"ContentInfo envelopedData", der(oidSignedData, oidEnveloped), "is not signedData"},
		// The first id-data is the eContentType: digestAlgorithms precede it.
		{"eContentType signedData", der(oidData, oidSignedData), "encapsulated content type"},
	} {
		if _, err := cfg.Verify(content, tt.p7s); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: err = %v, want ErrMalformed containing %q", tt.name, err, tt.wantErr)
		}
	}
}
