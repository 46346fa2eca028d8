package trustanchor

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/miekg/dns"
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
		doc.Anchors(time.Unix(0, 0), &SelectConfig{IncludeFuture: true}).Err()
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

func FuzzReadBIND(f *testing.F) {
	f.Add([]byte(`trust-anchors { "." initial-ds 20326 8 2 "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"; . initial-key 257 3 8 "AwEAAQ=="; };`))
	f.Add([]byte("options { a \"b\"; }; /* c */ trusted-keys { x. 257 3 8 \"AwEAAQ==\"; }; # d\n managed-keys { . initial-key 1 2 3 \"AA==\"; };"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ReadBIND(bytes.NewReader(data))
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := WriteBIND(&b, a); err != nil {
			t.Fatal(err)
		}
		again, err := ReadBIND(&b)
		if err != nil || len(again) != len(a) {
			t.Fatalf("round trip: %v (%d vs %d)\n%s", err, len(again), len(a), b.String())
		}
		owners := map[string]bool{}
		for _, x := range a {
			owners[presentName(x.RR.Header().Name)] = true
		}
		for _, x := range again {
			if !owners[presentName(x.RR.Header().Name)] {
				t.Fatalf("round trip changed an owner to %q\n%s", x.RR.Header().Name, b.String())
			}
		}
	})
}

func FuzzReadUnbound(f *testing.F) {
	addFiles(f, "unbound-*.key")
	addFiles(f, "*.key")
	f.Fuzz(func(t *testing.T, data []byte) {
		tp, err := ReadUnbound(bytes.NewReader(data))
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := WriteUnbound(&b, tp); err != nil {
			return
		}
		again, err := ReadUnbound(&b)
		if err != nil || len(again.Keys) != len(tp.Keys) {
			t.Fatalf("round trip: %v\n%s", err, b.String())
		}
		if again.QueryInterval != tp.QueryInterval || again.RetryTime != tp.RetryTime ||
			again.QueryFailed != tp.QueryFailed || !again.NextProbe.Equal(tp.NextProbe) {
			t.Fatalf("round trip changed the header: %+v vs %+v\n%s", again, tp, b.String())
		}
		if tp.QueryInterval < 0 || tp.RetryTime < 0 {
			t.Fatalf("negative interval read: %v %v", tp.QueryInterval, tp.RetryTime)
		}
	})
}

func FuzzReadKresd(f *testing.F) {
	addFiles(f, "*.key")
	f.Add([]byte("; . 3600 IN DNSKEY 257 3 8 AwEAAQ== ; AddPend:1793404800 ; KeyTag:1\n. 3600 IN DS 20326 8 2 E06D ; Valid: ; KeyTag:20326\n"))
	f.Add([]byte("; . 3600 IN DNSKEY 257 3 8 AwEAAQ== ; AddPend:1 ; KeyTag:1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tp, err := ReadKresd(bytes.NewReader(data))
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := WriteKresd(&b, tp); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadKresd(&b); err != nil {
			t.Fatalf("round trip: %v\n%s", err, b.String())
		}
		// What Knot Resolver's format holds, unbound's holds too.
		b.Reset()
		if err := WriteUnbound(&b, tp); err != nil {
			t.Fatalf("kresd state not writable as unbound's: %v", err)
		}
	})
}

func FuzzReadKeyData(f *testing.F) {
	f.Add([]byte("$ORIGIN .\n$TTL 0\n@ IN SOA . . ( 0 0 0 0 0 )\n\t\t\tKEYDATA 20261011120000 20170810000000 19700101000000 257 3 8 (\n\t\tAwEAAQ==\n\t\t) ; KSK; alg = RSASHA256 ; key id = 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		kd, err := ReadKeyData(bytes.NewReader(data))
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := WriteKeyData(&b, kd); err != nil {
			t.Fatal(err)
		}
		again, err := ReadKeyData(&b)
		if err != nil || len(again) != len(kd) {
			t.Fatalf("round trip: %v\n%s", err, b.String())
		}
		owners := map[string]bool{}
		for _, k := range kd {
			if k.DNSKEY != nil {
				owners[presentName(k.DNSKEY.Hdr.Name)] = true
			}
		}
		for _, k := range again {
			if k.DNSKEY != nil && !owners[presentName(k.DNSKEY.Hdr.Name)] {
				t.Fatalf("round trip changed an owner to %q\n%s", k.DNSKEY.Hdr.Name, b.String())
			}
		}
	})
}

func FuzzBuildRepository(f *testing.F) {
	f.Add([]byte(". 86400 IN SOA a. b. 1 1 1 1 1\n. 172800 IN DNSKEY 257 3 8 AwEAAQ==\ncom. 172800 IN NS a.gtld.\ncom. 86400 IN DS 1 8 2 AABB\n"))
	f.Add([]byte("$INCLUDE /etc/passwd\n"))
	anchors := []dns.RR{}
	f.Fuzz(func(t *testing.T, data []byte) {
		repo, err := BuildRepository(context.Background(), bytes.NewReader(data), &RepositoryConfig{Anchors: anchors, MaxRecords: 1000,
			Now: func() time.Time { return time.Date(2022, 2, 20, 0, 0, 0, 0, time.UTC) }})
		if err == nil && repo == nil {
			t.Fatal("nil repository without error")
		}
	})
}
