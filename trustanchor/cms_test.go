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

// testCMS builds a detached CMS SignedData over content (RFC 5652 §5) whose
// contentType signed attribute holds ctValues copies of id-data, signed by a
// leaf certificate under a fresh root. It returns the DER signature and the
// root as a PEM bundle.
func testCMS(t *testing.T, content []byte, ctValues int) (p7s, bundle []byte) {
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
	attrs := func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // contentType, RFC 5652 §11.1
			b.AddASN1ObjectIdentifier(oidContentType)
			b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
				for range ctValues {
					b.AddASN1ObjectIdentifier(oidData)
				}
			})
		})
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // messageDigest, RFC 5652 §11.2
			b.AddASN1ObjectIdentifier(oidMessageDigest)
			b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddASN1OctetString(digest[:]) })
		})
	}
	signed := cryptobyte.NewBuilder(nil)
	signed.AddASN1(cbasn1.SET, attrs)
	h := sha256.Sum256(signed.BytesOrPanic())
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
						b.AddASN1(tag0, attrs)
						b.AddASN1(cbasn1.SEQUENCE, alg(oidECDSASHA256))
						b.AddASN1OctetString(sig)
					})
				})
			})
		})
	})
	return b.BytesOrPanic(), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: rootDER})
}

// A contentType attribute must hold exactly one value (RFC 5652 §11.1), as
// messageDigest must (§11.2): a second value in its SET is refused even
// when it is id-data too.
func TestVerifyCMSContentTypeValues(t *testing.T) {
	content := []byte("<TrustAnchor/>\n")
	for _, n := range []int{1, 2} {
		p7s, bundle := testCMS(t, content, n)
		_, err := (&CMSConfig{Bundle: bundle, Now: at(today)}).Verify(content, p7s)
		switch {
		case n == 1 && err != nil:
			t.Errorf("one contentType value: %v", err)
		case n == 2 && (!errors.Is(err, ErrSignature) || !strings.Contains(err.Error(), "contentType")):
			t.Errorf("two contentType values: err = %v, want a contentType ErrSignature", err)
		}
	}
}
