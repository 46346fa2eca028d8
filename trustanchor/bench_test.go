package trustanchor

import (
	"bytes"
	"testing"
)

func BenchmarkParseXML(b *testing.B) {
	data := readTestdata(b, "root-anchors-2024.xml")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseXML(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyCMS(b *testing.B) {
	xml := readTestdata(b, "root-anchors-2024.xml")
	p7s := readTestdata(b, "root-anchors-2025.p7s")
	cfg := CMSConfig{Now: at(today)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cfg.Verify(xml, p7s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadZoneLines(b *testing.B) {
	data := readTestdata(b, "dns-root-data-2024071801-root.key")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadZoneLines(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
