package trustanchor

import (
	"errors"
	"strings"
	"testing"
	"time"
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
	_, err := CMSConfig{Now: at(today)}.Verify(readTestdata(t, "root-anchors-2024.xml"), readTestdata(t, "root-anchors-2024.p7s"))
	if err == nil {
		t.Fatal("expired signature verified")
	}
	sig, err := CMSConfig{Now: at(today), AtSigningTime: true}.Verify(readTestdata(t, "root-anchors-2024.xml"), readTestdata(t, "root-anchors-2024.p7s"))
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
	_, err := CMSConfig{Now: at(today), Email: "other@example.org"}.Verify(readTestdata(t, "root-anchors-2024.xml"), readTestdata(t, "root-anchors-2024.p7s"))
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
	if _, err := (CMSConfig{Now: at(today)}).Verify(xml, bad); !errors.Is(err, ErrSignature) {
		t.Errorf("tampered signature: %v", err)
	}
	// A bundle holding only an unrelated root fails the chain.
	v2only := readTestdata(t, "icannbundle-2026.pem")
	idx := strings.LastIndex(string(v2only), "-----BEGIN CERTIFICATE-----")
	if _, err := (CMSConfig{Bundle: v2only[idx:], Now: at(today)}).Verify(xml, p7s); !errors.Is(err, ErrSignature) {
		t.Errorf("v2-only bundle: %v", err)
	}
	for _, junk := range [][]byte{nil, []byte("x"), p7s[:100], append(append([]byte(nil), p7s...), 0)} {
		if _, err := (CMSConfig{Now: at(today)}).Verify(xml, junk); err == nil {
			t.Errorf("junk %d bytes verified", len(junk))
		}
	}
}

func TestRootEmbedded(t *testing.T) {
	sel, sig, err := Root(nil, nil, CMSConfig{Now: at(today)}, Policy{})
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
