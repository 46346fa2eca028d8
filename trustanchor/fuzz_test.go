package trustanchor

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func addFiles(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("testdata", pattern))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
}

func FuzzParseXML(f *testing.F) {
	addFiles(f, "*.xml")
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ParseXML(data)
		if err != nil {
			return
		}
		// What parses, marshals and parses again to the same anchors.
		again, err := ParseXML(doc.Marshal())
		if err != nil {
			t.Fatalf("reparse of Marshal output: %v\n%s", err, doc.Marshal())
		}
		if len(again.KeyDigests) != len(doc.KeyDigests) {
			t.Fatal("KeyDigest count changed")
		}
		doc.Anchors(time.Unix(0, 0), Policy{IncludeFuture: true}).Err()
	})
}

func FuzzVerifyCMS(f *testing.F) {
	addFiles(f, "*.p7s")
	xml, _ := os.ReadFile("testdata/root-anchors-2024.xml")
	bundle, _ := os.ReadFile("testdata/icannbundle-2026.pem")
	cfg := CMSConfig{Bundle: bundle, Now: func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }}
	f.Fuzz(func(t *testing.T, p7s []byte) {
		sig, err := cfg.Verify(xml, p7s)
		if err == nil && sig.Signer == nil {
			t.Fatal("verified without signer")
		}
	})
}

func FuzzParseBundle(f *testing.F) {
	addFiles(f, "*.pem")
	f.Fuzz(func(t *testing.T, data []byte) {
		ParseBundle(data, 0)
	})
}

func FuzzReadZoneLines(f *testing.F) {
	addFiles(f, "*.key")
	addFiles(f, "*.ds")
	f.Fuzz(func(t *testing.T, data []byte) {
		rrs, err := ReadZoneLines(bytes.NewReader(data))
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := WriteDS(&b, rrs); err != nil {
			return
		}
		if _, err := ReadZoneLines(&b); err != nil {
			t.Fatalf("WriteDS output does not read back: %v\n%s", err, b.String())
		}
	})
}
