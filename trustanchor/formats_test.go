package trustanchor

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"
)

func TestUnboundRoundTrip(t *testing.T) {
	data := readTestdata(t, "unbound-autotrust-root-2014.key")
	tp, err := ReadUnbound(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if tp.Zone != "." || len(tp.Keys) != 1 || tp.Keys[0].State != Valid || tp.Keys[0].Tag() != 19036 {
		t.Fatalf("trust point %+v", tp)
	}
	if tp.QueryInterval != 12*time.Hour || tp.RetryTime != 8640*time.Second || tp.LastSuccess.Unix() != 1403774651 {
		t.Errorf("timers %+v", tp)
	}
	// The file was written on a machine at UTC+2 (CEST); the ctime
	// comments follow the writer's zone.
	var out bytes.Buffer
	if err := writeUnboundIn(&out, tp, time.FixedZone("CEST", 2*3600)); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(data), out.String()); d != "" {
		t.Errorf("round trip (-unbound +ours):\n%s", d)
	}
}

// sampleTrustPoint holds every state, DNSKEY and DS keys.
func sampleTrustPoint(t *testing.T) *TrustPoint {
	t.Helper()
	rrs, err := ReadZoneLines(bytes.NewReader(readTestdata(t, "dns-root-data-2024071801-root.key")))
	if err != nil {
		t.Fatal(err)
	}
	old, _ := ReadUnbound(bytes.NewReader(readTestdata(t, "unbound-autotrust-root-2014.key")))
	t0 := date("2026-10-11T00:00:00Z")
	rev := *old.Keys[0].DNSKEY
	rev.Flags |= dns.REVOKE
	return &TrustPoint{
		Zone: ".", LastQueried: t0, LastSuccess: t0, NextProbe: t0.Add(12 * time.Hour),
		QueryInterval: 12 * time.Hour, RetryTime: 8640 * time.Second,
		Keys: []*TrustKey{ // in canonical order (by key tag)
			{DNSKEY: &rev, State: Revoked, LastChange: date("2026-09-20T00:00:00Z")},
			{DNSKEY: rrs[0].(*dns.DNSKEY), State: Valid, LastChange: date("2017-08-10T00:00:00Z")},
			{DNSKEY: rrs[1].(*dns.DNSKEY), State: AddPend, Count: 3, LastChange: date("2026-10-01T00:00:00Z")},
		},
	}
}

func TestTrustPointFormats(t *testing.T) {
	tp := sampleTrustPoint(t)
	// unbound
	var ub bytes.Buffer
	if err := WriteUnbound(&ub, tp); err != nil {
		t.Fatal(err)
	}
	got, err := ReadUnbound(&ub)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(tp, got); d != "" {
		t.Errorf("unbound round trip (-want +got):\n%s", d)
	}
	// kresd: states and timers (LastChange rebuilt from the timer).
	var kr bytes.Buffer
	if err := WriteKresd(&kr, tp); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(kr.String(), "; . 3600 IN DNSKEY 257 3 8 AwEAAa96") || !strings.Contains(kr.String(), fmt.Sprintf("; AddPend:%d ; KeyTag:38696", date("2026-10-31T00:00:00Z").Unix())) {
		t.Errorf("kresd output:\n%s", kr.String())
	}
	kt, err := ReadKresd(bytes.NewReader(kr.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	want := map[uint16]State{20326: Valid, 38696: AddPend, 19164: Revoked}
	for _, k := range kt.Keys {
		if want[k.Tag()] != k.State {
			t.Errorf("kresd key %d state %s", k.Tag(), k.State)
		}
		if k.State == AddPend && !k.LastChange.Equal(date("2026-10-01T00:00:00Z")) {
			t.Errorf("kresd AddPend LastChange %v", k.LastChange)
		}
	}
	var kr2 bytes.Buffer
	WriteKresd(&kr2, kt)
	if kr.String() != kr2.String() {
		t.Errorf("kresd not stable:\n%s\n%s", kr.String(), kr2.String())
	}
	// KEYDATA
	var kds []KeyData
	for _, k := range tp.Keys {
		kd, err := KeyDataFrom(k, tp.NextProbe, 0)
		if err != nil {
			t.Fatal(err)
		}
		kds = append(kds, *kd)
	}
	var kb bytes.Buffer
	if err := WriteKeyData(&kb, kds); err != nil {
		t.Fatal(err)
	}
	back, err := ReadKeyData(bytes.NewReader(kb.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(kds, back, cmp.Comparer(func(a, b *dns.DNSKEY) bool { return dns.IsDuplicate(a, b) })); d != "" {
		t.Errorf("KEYDATA round trip (-want +got):\n%s\n%s", d, kb.String())
	}
	now := date("2026-10-11T00:00:00Z")
	for i, kd := range back {
		if got := kd.TrustKey(now, 0).State; got != tp.Keys[i].State {
			t.Errorf("KEYDATA %d state %s, want %s", i, got, tp.Keys[i].State)
		}
	}
}

// TestConversionMatrix converts every format to every other and checks the
// anchors survive (DNSKEY → DS always; DS → DNSKEY refused).
func TestConversionMatrix(t *testing.T) {
	keys, err := ReadZoneLines(bytes.NewReader(readTestdata(t, "dns-root-data-2024071801-root.key")))
	if err != nil {
		t.Fatal(err)
	}
	dsList, err := ReadZoneLines(bytes.NewReader(readTestdata(t, "dns-root-data-2024071801-root.ds")))
	if err != nil {
		t.Fatal(err)
	}
	wantDS := string(readTestdata(t, "dns-root-data-2024071801-root.ds"))
	wantKey := string(readTestdata(t, "dns-root-data-2024071801-root.key"))
	now := date(today)

	type format struct {
		name  string
		write func(rrs []dns.RR) ([]byte, error)
		read  func(b []byte) ([]dns.RR, error)
	}
	formats := []format{
		{"zone", func(rrs []dns.RR) ([]byte, error) {
			var b bytes.Buffer
			err := WriteDNSKEY(&b, rrs)
			if errors.Is(err, ErrNoKey) {
				b.Reset()
				err = WriteDS(&b, rrs)
			}
			return b.Bytes(), err
		}, func(b []byte) ([]dns.RR, error) { return ReadZoneLines(bytes.NewReader(b)) }},
		{"bind", func(rrs []dns.RR) ([]byte, error) {
			var b bytes.Buffer
			err := WriteBIND(&b, BINDAnchors(rrs, false))
			return b.Bytes(), err
		}, func(b []byte) ([]dns.RR, error) {
			a, err := ReadBIND(bytes.NewReader(b))
			return BINDRecords(a), err
		}},
		{"unbound", func(rrs []dns.RR) ([]byte, error) {
			tp, err := NewTrustPoint(rrs, now)
			if err != nil {
				return nil, err
			}
			var b bytes.Buffer
			err = WriteUnbound(&b, tp)
			return b.Bytes(), err
		}, func(b []byte) ([]dns.RR, error) {
			tp, err := ReadUnbound(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			return tp.Anchors(), nil
		}},
		{"kresd", func(rrs []dns.RR) ([]byte, error) {
			tp, err := NewTrustPoint(rrs, now)
			if err != nil {
				return nil, err
			}
			var b bytes.Buffer
			err = WriteKresd(&b, tp)
			return b.Bytes(), err
		}, func(b []byte) ([]dns.RR, error) {
			tp, err := ReadKresd(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			return tp.Anchors(), nil
		}},
	}
	for _, input := range []struct {
		name string
		rrs  []dns.RR
	}{{"root.key", keys}, {"root.ds", dsList}} {
		for _, f1 := range formats {
			for _, f2 := range formats {
				b1, err := f1.write(input.rrs)
				if err != nil {
					t.Fatalf("%s→%s: %v", input.name, f1.name, err)
				}
				mid, err := f1.read(b1)
				if err != nil {
					t.Fatalf("%s: read back %s: %v\n%s", input.name, f1.name, err, b1)
				}
				b2, err := f2.write(mid)
				if err != nil {
					t.Fatalf("%s→%s: %v", f1.name, f2.name, err)
				}
				end, err := f2.read(b2)
				if err != nil {
					t.Fatalf("%s→%s read: %v\n%s", f1.name, f2.name, err, b2)
				}
				var ds, key bytes.Buffer
				if err := WriteDS(&ds, end); err != nil {
					t.Fatal(err)
				}
				if ds.String() != wantDS {
					t.Errorf("%s via %s→%s: DS\n%s", input.name, f1.name, f2.name, ds.String())
				}
				err = WriteDNSKEY(&key, end)
				if input.name == "root.ds" {
					if !errors.Is(err, ErrNoKey) {
						t.Errorf("%s via %s→%s: DS became a key? %v", input.name, f1.name, f2.name, err)
					}
				} else if key.String() != wantKey {
					t.Errorf("%s via %s→%s: DNSKEY\n%s (err %v)", input.name, f1.name, f2.name, key.String(), err)
				}
			}
		}
	}
}

func TestReadBIND(t *testing.T) {
	conf := `
options { directory "/var/cache/bind"; dnssec-validation auto; };
# the root anchors
trust-anchors {
	/* KSK-2017 */
	. initial-key 257 3 8 "AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3
		+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5
		LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+
		sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfh
		HdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU=";
	"." initial-ds 38696 8 2 "683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16"; // KSK-2024
	example.com. static-ds 12345 13 2 "aabbccdd";
};
trusted-keys { "example.net." 257 3 13 "AAAA"; };
managed-keys { "." initial-key 257 3 8 "AwEAAQ=="; };
`
	got, err := ReadBIND(strings.NewReader(conf))
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, a := range got {
		kinds = append(kinds, a.Kind.String()+" "+a.RR.Header().Name)
	}
	want := []string{"initial-key .", "initial-ds .", "static-ds example.com.", "static-key example.net.", "initial-key ."}
	if d := cmp.Diff(want, kinds); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if k := got[0].RR.(*dns.DNSKEY); k.KeyTag() != 20326 {
		t.Errorf("multi-line key tag %d", k.KeyTag())
	}
	var out bytes.Buffer
	if err := WriteBIND(&out, got); err != nil {
		t.Fatal(err)
	}
	again, err := ReadBIND(&out)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != len(got) {
		t.Errorf("round trip lost entries:\n%s", out.String())
	}
	for _, bad := range []string{
		`trust-anchors { . initial-foo 1 2 3 "x"; };`,
		`trust-anchors { . initial-ds 99999 8 2 "AB"; };`,
		`trust-anchors { . initial-ds 1 8 2 "XYZ"; };`,
		`trust-anchors { . initial-key 257 3 8 "!!"; };`,
		`trust-anchors { . initial-key 257 3 8 "AwEAAQ==";`,
		`trust-anchors { "." initial-key 257 3 8 "AwEA`,
		`/* open`,
	} {
		if _, err := ReadBIND(strings.NewReader(bad)); !errors.Is(err, ErrMalformed) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}

func TestReadZoneLinesErrors(t *testing.T) {
	in := ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n" +
		". IN A 192.0.2.1\n" +
		". IN DS 1 8 2 XYZ\n"
	_, err := ReadZoneLines(strings.NewReader(in))
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("want errors for lines 2 and 3, got %v", err)
	}
	// A DS that does not match its DNSKEY is caught when converting.
	keys, _ := ReadZoneLines(bytes.NewReader(readTestdata(t, "dns-root-data-2024071801-root.key")))
	badDS, _ := dns.NewRR(". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8E")
	if _, err := ToDS(append(keys, badDS), dns.SHA256); !errors.Is(err, ErrDigestMismatch) {
		t.Errorf("mismatching DS: %v", err)
	}
	// Lower-case digests compare equal.
	goodDS, _ := dns.NewRR(". IN DS 20326 8 2 e06d44b80b8f1d39a95c0b0d7c65d08458e880409bbc683457104237c7f8ec8d")
	if ds, err := ToDS(append(keys, goodDS), dns.SHA256); err != nil || len(ds) != 2 {
		t.Errorf("lower-case DS: %v %v", ds, err)
	}
}

// TestTrustPointOwnerSpelling: an owner name is the same name however it is
// written — escaped or not, with or without the final dot — so a file
// written by WriteUnbound or WriteKresd for a zone whose name needs an
// escape reads back, and NewTrustPoint accepts relative spellings
// (RFC 1035 §5.1 escapes; found by FuzzReadUnbound).
func TestTrustPointOwnerSpelling(t *testing.T) {
	const key = "257 3 8 AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjFFVQUTf6v58fLjwBd0YI0EzrAcQqBGCzh/RStIoO8g0NfnfL2MTJRkxoXbfDaUeVPQuYEhg37NZWAJQ9VnMVDxP/VHL496M/QZxkjf5/Efucp2gaDX6RS6CXpoY68LsvPVjR0ZSwzz1apAzvN9dlzEheX7ICJBBtuA6G3LQpzW5hOA2hzCTMjJPJ8LbqF6dsV6DoBQzgul0sGIcGOYl7OyQdXfZ57relSQageu+ipAdTTJ25AsRTAoub8ONGcLmqrAmRLKBP1dfwhYB4N7knNnulqQxA+Uk1ihz0="
	for _, owner := range []string{"'", "\\'", "a\\.b", "example", "\xd4", "\\212", "École", "\f", "a\\ b", "\\;x"} {
		rr, err := dns.NewRR(owner + " 3600 IN DNSKEY " + key)
		if err != nil {
			t.Fatalf("%s: %v", owner, err)
		}
		tp, err := NewTrustPoint([]dns.RR{rr}, time.Unix(0, 0))
		if err != nil {
			t.Fatalf("%s: NewTrustPoint: %v", owner, err)
		}
		var b bytes.Buffer
		if err := WriteUnbound(&b, tp); err != nil {
			t.Fatalf("%s: WriteUnbound: %v", owner, err)
		}
		again, err := ReadUnbound(&b)
		if err != nil || len(again.Keys) != 1 {
			t.Errorf("%s: unbound file does not read back: %v\n%s", owner, err, b.String())
		}
	}
}

// TestLowerName: only A–Z are folded (RFC 4343 §3); other octets, including
// non-ASCII letters and invalid UTF-8, are kept.
func TestLowerName(t *testing.T) {
	for in, want := range map[string]string{
		"Example.COM.": "example.com.", "\xd4.": "\xd4.", "ÉCOLE.": "École.", "a\\065.": "a\\065.", "": "",
	} {
		if got := lowerName(in); got != want {
			t.Errorf("lowerName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCutComment(t *testing.T) {
	for _, tc := range []struct{ line, data, comment string }{
		{". 3600 IN DS 1 8 2 AB ;;state=2", ". 3600 IN DS 1 8 2 AB ", ";state=2"},
		{"\\;x. 3600 IN DNSKEY 257 3 8 AwEAAQ== ; c", "\\;x. 3600 IN DNSKEY 257 3 8 AwEAAQ== ", " c"},
		{"a\\\\;b", "a\\\\", "b"},
		{"x TXT \"a;b\" ;c", "x TXT \"a;b\" ", "c"},
		{"no comment", "no comment", ""},
		{"trailing\\", "trailing\\", ""},
	} {
		d, c := cutComment(tc.line)
		if d != tc.data || c != tc.comment {
			t.Errorf("cutComment(%q) = %q, %q; want %q, %q", tc.line, d, c, tc.data, tc.comment)
		}
	}
}

func TestPresentName(t *testing.T) {
	for in, want := range map[string]string{
		".": ".", "Example.com": "Example.com.", "a\\ b.": "a\\032b.", "\f": "\\012.", "\\;x.": "\\059x.",
		"a\\.b.": "a\\046b.", "*._tcp.x-y.": "*._tcp.x-y.", strings.Repeat("a", 64) + ".": strings.Repeat("a", 64) + ".",
	} {
		if got := presentName(in); got != want {
			t.Errorf("presentName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWriteBINDOwnerEscapes: WriteBIND writes owners with \DDD escapes
// (RFC 1035 §5.1), which named.conf keeps inside a quoted string, so an
// owner with a control character, a quote, a backslash or a non-ASCII
// octet reads back as the same name. Go's %q quoting (\x0c, \u00e9) was
// read back as a different name.
func TestWriteBINDOwnerEscapes(t *testing.T) {
	const digest = "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"
	for _, owner := range []string{".", "example.", "a\\012b.example.", "q\\\".example.", "b\\\\s.example.", "\\195\\137cole.example."} {
		ds, err := dns.NewRR(owner + " 3600 IN DS 20326 8 2 " + digest)
		if err != nil {
			t.Fatalf("%s: %v", owner, err)
		}
		var b bytes.Buffer
		if err := WriteBIND(&b, []BINDAnchor{{Kind: StaticDS, RR: ds}}); err != nil {
			t.Fatal(err)
		}
		again, err := ReadBIND(&b)
		if err != nil || len(again) != 1 {
			t.Fatalf("%s: %v\n%s", owner, err, b.String())
		}
		if got := again[0].RR.Header().Name; presentName(got) != presentName(owner) {
			t.Errorf("%s: read back as %s\n%s", owner, got, b.String())
		}
	}
}

// TestWriteKeyDataOwnerEscapes: owners given through the API with octets
// that need escaping (a blank, a control character, ';') are written with
// \DDD (RFC 1035 §5.1) and read back as the same name.
func TestWriteKeyDataOwnerEscapes(t *testing.T) {
	for _, owner := range []string{"example.", "a b.example.", "c\fd.example.", "e;f.example."} {
		k := &dns.DNSKEY{Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET},
			Flags: 257, Protocol: 3, Algorithm: dns.RSASHA256, PublicKey: "AwEAAQ=="}
		var b bytes.Buffer
		if err := WriteKeyData(&b, []KeyData{{DNSKEY: k, Refresh: time.Unix(1e9, 0), AddHoldDown: time.Unix(1e9, 0)}}); err != nil {
			t.Fatal(err)
		}
		again, err := ReadKeyData(&b)
		if err != nil || len(again) != 1 {
			t.Fatalf("%q: %v\n%s", owner, err, b.String())
		}
		if got := again[0].DNSKEY.Hdr.Name; presentName(got) != presentName(owner) {
			t.Errorf("%q: read back as %q\n%s", owner, got, b.String())
		}
	}
}
