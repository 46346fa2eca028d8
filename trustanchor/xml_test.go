package trustanchor

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseXMLIANA2024(t *testing.T) {
	data := readTestdata(t, "root-anchors-2024.xml")
	doc, err := ParseXML(data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, k := range doc.KeyDigests {
		got = append(got, k.ID+" "+k.DS(".").String())
	}
	want := []string{
		"Kjqmt7v .\t0\tIN\tDS\t19036 8 2 49AAC11D7B6F6446702E54A1607371607A1A41855200FD2CE1CDDE32F24E8FB5",
		"Klajeyz .\t0\tIN\tDS\t20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D",
		"Kmyv6jo .\t0\tIN\tDS\t38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("KeyDigests (-want +got):\n%s", d)
	}
	// Marshal reproduces IANA's file byte for byte.
	if out := doc.Marshal(); !bytes.Equal(out, data) {
		t.Errorf("Marshal differs from the IANA file:\n%s", out)
	}
}

func TestParseXMLRoundTrip(t *testing.T) {
	for _, f := range []string{"root-anchors-2010.xml", "root-anchors-2024.xml", "root-anchors-2024-07-nopubkey.xml"} {
		doc, err := ParseXML(readTestdata(t, f))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		again, err := ParseXML(doc.Marshal())
		if err != nil {
			t.Fatalf("%s: reparse: %v", f, err)
		}
		for i := range again.KeyDigests {
			again.KeyDigests[i].Line = doc.KeyDigests[i].Line
		}
		if d := cmp.Diff(doc, again); d != "" {
			t.Errorf("%s round trip (-want +got):\n%s", f, d)
		}
	}
}

// TestAnchorsEqualDebian: the anchors selected from the IANA file at the
// test clock equal Debian's root.ds and root.key byte for byte.
func TestAnchorsEqualDebian(t *testing.T) {
	doc, err := ParseXML(readTestdata(t, "root-anchors-2024.xml"))
	if err != nil {
		t.Fatal(err)
	}
	sel := doc.Anchors(date("2026-11-26T00:00:00Z"), nil)
	if err := sel.Err(); err != nil {
		t.Fatal(err)
	}
	var ds, key bytes.Buffer
	if err := WriteDS(&ds, sel.RRs()); err != nil {
		t.Fatal(err)
	}
	if err := WriteDNSKEY(&key, sel.RRs()); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(readTestdata(t, "dns-root-data-2024071801-root.ds")), ds.String()); d != "" {
		t.Errorf("root.ds (-Debian +ours):\n%s", d)
	}
	if d := cmp.Diff(string(readTestdata(t, "dns-root-data-2024071801-root.key")), key.String()); d != "" {
		t.Errorf("root.key (-Debian +ours):\n%s", d)
	}
}

func TestAnchorsDates(t *testing.T) {
	doc, err := ParseXML(readTestdata(t, "root-anchors-2024.xml"))
	if err != nil {
		t.Fatal(err)
	}
	tags := func(s *Selection) []uint16 {
		var out []uint16
		for _, a := range s.Anchors {
			out = append(out, a.DS.KeyTag)
		}
		return out
	}
	tests := []struct {
		at   string
		p    SelectConfig
		want []uint16
	}{
		{"2015-01-01T00:00:00Z", SelectConfig{}, []uint16{19036}},
		{"2018-01-01T00:00:00Z", SelectConfig{}, []uint16{19036, 20326}},
		{"2019-01-11T00:00:00Z", SelectConfig{}, []uint16{19036, 20326}}, // validUntil is inclusive
		{"2019-01-11T00:00:01Z", SelectConfig{}, []uint16{20326}},
		{"2024-01-01T00:00:00Z", SelectConfig{}, []uint16{20326}},
		{"2024-01-01T00:00:00Z", SelectConfig{IncludeFuture: true}, []uint16{20326, 38696}}, // Debian's choice
		{"2026-11-26T00:00:00Z", SelectConfig{}, []uint16{20326, 38696}},
		{"2015-01-01T00:00:00Z", SelectConfig{RequireDNSKEY: true}, nil},
	}
	for _, tt := range tests {
		s := doc.Anchors(date(tt.at), &tt.p)
		if d := cmp.Diff(tt.want, tags(s)); d != "" {
			t.Errorf("at %s %+v (-want +got):\n%s", tt.at, tt.p, d)
		}
		if (len(tt.want) == 0) != (s.Err() != nil) {
			t.Errorf("at %s: Err() = %v", tt.at, s.Err())
		}
	}
}

func TestRFC9718Section4DigestMismatch(t *testing.T) {
	data := readTestdata(t, "root-anchors-2024.xml")
	// Flip one digest nibble of Klajeyz: the KeyDigest must be unusable.
	bad := bytes.Replace(data, []byte("E06D44B80B8F"), []byte("E06D44B80B8E"), 1)
	doc, err := ParseXML(bad)
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Anchors(date("2026-11-26T00:00:00Z"), nil)
	if len(s.Anchors) != 1 || s.Anchors[0].ID != "Kmyv6jo" {
		t.Fatalf("anchors = %+v", s.Anchors)
	}
	err = s.Err()
	if !errors.Is(err, ErrDigestMismatch) {
		t.Fatalf("Err() = %v, want ErrDigestMismatch", err)
	}
	want := `trustanchor: root-anchors.xml line 10: KeyDigest id "Klajeyz": digest does not match public key (RFC 9718 §4)`
	if err.Error() != want {
		t.Errorf("message\n got %s\nwant %s", err, want)
	}
	// A wrong KeyTag is caught too.
	bad = bytes.Replace(data, []byte("<KeyTag>38696<"), []byte("<KeyTag>38697<"), 1)
	doc, err = ParseXML(bad)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Anchors(date("2026-11-26T00:00:00Z"), nil).Err(); !errors.Is(err, ErrDigestMismatch) {
		t.Errorf("wrong KeyTag: %v", err)
	}
}

func TestParseXMLErrors(t *testing.T) {
	good := string(readTestdata(t, "root-anchors-2010.xml"))
	tests := []struct {
		name string
		doc  string
		kind error
		msg  string
	}{
		{"doctype", strings.Replace(good, "<TrustAnchor", "<!DOCTYPE x [<!ENTITY a \"b\">]>\n<TrustAnchor", 1), ErrUnsupported, "DOCTYPE"},
		{"entity", strings.Replace(good, "<Zone>.</Zone>", "<Zone>&a;</Zone>", 1), ErrMalformed, "entity"},
		{"pi", strings.Replace(good, "<TrustAnchor", "<?evil x?><TrustAnchor", 1), ErrUnsupported, "processing instruction"},
		{"no zone", strings.Replace(good, "<Zone>.</Zone>", "", 1), ErrMalformed, "KeyDigest before Zone"},
		{"relative zone", strings.Replace(good, "<Zone>.</Zone>", "<Zone>com</Zone>", 1), ErrMalformed, "absolute"},
		{"no digest", strings.Replace(good, "<Digest>49AAC11D7B6F6446702E54A1607371607A1A41855200FD2CE1CDDE32F24E8FB5</Digest>", "", 1), ErrMalformed, "missing <Digest>"},
		{"bad hex", strings.Replace(good, "49AAC1", "49AXC1", 1), ErrMalformed, "hexBinary"},
		{"big keytag", strings.Replace(good, "19036", "99999", 1), ErrMalformed, "0..65535"},
		{"extra element", strings.Replace(good, "<KeyTag>", "<Extra/><KeyTag>", 1), ErrMalformed, "unknown element"},
		{"extra attr", strings.Replace(good, `<KeyDigest id`, `<KeyDigest foo="1" id`, 1), ErrMalformed, "unknown KeyDigest attribute"},
		{"pubkey without flags", strings.Replace(good, "</Digest>", "</Digest><PublicKey>AwEAAQ==</PublicKey>", 1), ErrMalformed, "together"},
		{"bad date", strings.Replace(good, "2010-07-15T00:00:00+00:00", "yesterday", 1), ErrMalformed, "xsd:dateTime"},
		{"truncated", good[:200], ErrMalformed, ""},
		{"two roots", good + good, ErrMalformed, ""},
		{"empty", "", ErrMalformed, ""},
		{"nested", strings.Replace(good, "<KeyTag>19036</KeyTag>", "<KeyTag><b>1</b></KeyTag>", 1), ErrMalformed, "inside"},
	}
	for _, tt := range tests {
		_, err := ParseXML([]byte(tt.doc))
		if !errors.Is(err, tt.kind) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.kind)
			continue
		}
		if !strings.Contains(err.Error(), tt.msg) || !strings.HasPrefix(err.Error(), "trustanchor: ") {
			t.Errorf("%s: message %q lacks %q", tt.name, err, tt.msg)
		}
	}
	// Several field problems are all reported.
	bad := strings.Replace(strings.Replace(good, "19036", "x", 1), "<Algorithm>8", "<Algorithm>800", 1)
	_, err := ParseXML([]byte(bad))
	if err == nil || !strings.Contains(err.Error(), "KeyTag") || !strings.Contains(err.Error(), "Algorithm") {
		t.Errorf("want both problems, got %v", err)
	}
	big := bytes.Repeat([]byte(" "), MaxDocumentSize+1)
	if _, err := ParseXML(big); !errors.Is(err, ErrLimitExceeded) {
		t.Errorf("big: %v", err)
	}
	// Whitespace inside values and comments are tolerated (RFC 9718 §2.2).
	ws := strings.Replace(good, "<Digest>49AAC11D7B6F6446702E54A1607371607A1A41855200FD2CE1CDDE32F24E8FB5</Digest>",
		"<!-- wrapped -->\n<Digest>\n  49AAC11D7B6F6446702E54A1607371607A1A4185\n  5200FD2CE1CDDE32F24E8FB5\n</Digest>", 1)
	doc, err := ParseXML([]byte(ws))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.KeyDigests[0].DS(".").Digest; got != "49AAC11D7B6F6446702E54A1607371607A1A41855200FD2CE1CDDE32F24E8FB5" {
		t.Errorf("digest %s", got)
	}
	_ = dns.SHA256
}
