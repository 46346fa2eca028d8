package trustanchor

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/trustanchor/internal/peer"
)

func runTool(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, errb.String())
	}
	return out.String()
}

// ourDS returns our DS lines for the embedded anchors' DNSKEYs.
func ourDS(t *testing.T) (keys string, ds []string) {
	sel, _, err := Root(nil, nil, &CMSConfig{Now: at(today)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var kb, db bytes.Buffer
	if err := WriteDNSKEY(&kb, sel.RRs()); err != nil {
		t.Fatal(err)
	}
	if err := WriteDS(&db, sel.RRs()); err != nil {
		t.Fatal(err)
	}
	return kb.String(), strings.Split(strings.TrimSpace(db.String()), "\n")
}

// peerDS normalises a peer's DS output to our line format.
func peerDS(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		i := -1
		for j, x := range f {
			if x == "DS" {
				i = j
			}
		}
		if i < 0 || len(f) < i+5 {
			continue
		}
		lines = append(lines, ". IN DS "+f[i+1]+" "+f[i+2]+" "+f[i+3]+" "+strings.ToUpper(strings.Join(f[i+4:], "")))
	}
	return lines
}

func TestPeerLdnsKey2DS(t *testing.T) {
	tool := peer.Need(t, "ldns-key2ds")
	keys, want := ourDS(t)
	dir := t.TempDir()
	var got []string
	for i, line := range strings.Split(strings.TrimSpace(keys), "\n") {
		f := filepath.Join(dir, "k"+string(rune('0'+i)))
		if err := os.WriteFile(f, []byte(line+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		got = append(got, peerDS(runTool(t, dir, tool, "-n", "-2", f))...)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("DS (-ours +ldns-key2ds):\n%s", d)
	}
}

func TestPeerDnssecDSFromKey(t *testing.T) {
	tool := peer.Need(t, "dnssec-dsfromkey")
	keys, want := ourDS(t)
	dir := t.TempDir()
	f := filepath.Join(dir, "root.key")
	// dnssec-dsfromkey -f wants a TTL on its input.
	if err := os.WriteFile(f, []byte("$TTL 172800\n"+keys), 0o644); err != nil {
		t.Fatal(err)
	}
	got := peerDS(runTool(t, dir, tool, "-2", "-f", f, "."))
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("DS (-ours +dnssec-dsfromkey):\n%s", d)
	}
}

// TestPeerUnboundAnchorBuiltin: unbound-anchor's built-in root DS lines are
// among our anchors, and its built-in certificate is in our bundle.
func TestPeerUnboundAnchorBuiltin(t *testing.T) {
	tool := peer.Need(t, "unbound-anchor")
	out := runTool(t, t.TempDir(), tool, "-l")
	_, ours := ourDS(t)
	builtin := peerDS(out)
	if len(builtin) == 0 {
		t.Fatalf("no DS in unbound-anchor -l output:\n%s", out)
	}
	for _, ds := range builtin {
		found := false
		for _, o := range ours {
			found = found || o == ds
		}
		if !found {
			t.Errorf("unbound-anchor built-in %q not among our anchors %q", ds, ours)
		}
	}
	roots, err := ParseBundle(EmbeddedBundle, 0)
	if err != nil {
		t.Fatal(err)
	}
	rest := []byte(out)
	n := 0
	for {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			continue
		}
		n++
		found := false
		for _, r := range roots {
			found = found || r.Equal(c)
		}
		if !found {
			t.Errorf("unbound-anchor built-in certificate %q not in our bundle", c.Subject)
		}
	}
	if n == 0 {
		t.Error("no certificate in unbound-anchor -l output")
	}
}

// TestPeerDebianRootKey: our reading of the installed /usr/share/dns files
// matches what we derive from the IANA publication.
func TestPeerDebianRootKey(t *testing.T) {
	b, err := os.ReadFile(peer.Need(t, "/usr/share/dns/root.key")) // Debian's dns-root-data
	if err != nil {
		t.Fatal(err)
	}
	rrs, err := ReadZoneLines(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var db bytes.Buffer
	if err := WriteDS(&db, rrs); err != nil {
		t.Fatal(err)
	}
	_, want := ourDS(t)
	got := strings.Split(strings.TrimSpace(db.String()), "\n")
	// A newer dns-root-data may drop KSK-2017 after its revocation; every
	// installed key must still be one IANA publishes.
	for _, g := range got {
		found := false
		for _, w := range want {
			found = found || g == w
		}
		if !found {
			t.Errorf("installed root.key has %q, not in the IANA anchors", g)
		}
	}
}

// TestPeerNamedCheckconf: named-checkconf accepts every trust-anchors
// statement we write, and rejects what ReadBIND rejects.
func TestPeerNamedCheckconf(t *testing.T) {
	tool := peer.Need(t, "named-checkconf")
	dir := t.TempDir()
	check := func(conf string) error {
		f := filepath.Join(dir, "named.conf")
		if err := os.WriteFile(f, []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
		return exec.Command(tool, f).Run()
	}
	keys := mustDS(t, "dns-root-data-2024071801-root.key")
	ds := mustDS(t, "dns-root-data-2024071801-root.ds")
	for _, static := range []bool{false, true} {
		for _, rrs := range [][]dns.RR{keys, ds} {
			var b bytes.Buffer
			if err := WriteBIND(&b, BINDAnchors(rrs, static)); err != nil {
				t.Fatal(err)
			}
			if err := check(b.String()); err != nil {
				t.Errorf("named-checkconf rejects our output (%v):\n%s", err, b.String())
			}
			back, err := ReadBIND(&b)
			if err != nil || len(back) != len(rrs) {
				t.Errorf("read back: %v", err)
			}
		}
	}
	for _, bad := range []string{
		`trust-anchors { "." initial-ds 20326 8 2 "XYZ"; };`,
		`trust-anchors { "." initial-key 257 3 8 "!!!!"; };`,
		`trust-anchors { "." initial-foo 257 3 8 "AwEAAQ=="; };`,
	} {
		_, ours := ReadBIND(strings.NewReader(bad))
		theirs := check(bad)
		if (ours == nil) != (theirs == nil) {
			t.Errorf("%s: ReadBIND %v, named-checkconf %v", bad, ours, theirs)
		}
	}
}

// TestPeerNamedCheckzoneKeyData: named-checkzone loads the managed-keys
// zone we write (KEYDATA is a type BIND knows), and its RFC 3597 dump
// reads back to the same KEYDATA.
func TestPeerNamedCheckzoneKeyData(t *testing.T) {
	tool := peer.Need(t, "named-checkzone")
	tp := sampleTrustPoint(t)
	var kds []KeyData
	for _, k := range tp.Keys {
		kd, err := KeyDataFrom(k, tp.NextProbe, 0)
		if err != nil {
			t.Fatal(err)
		}
		kds = append(kds, *kd)
	}
	var b bytes.Buffer
	if err := WriteKeyData(&b, kds); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "managed-keys.bind")
	// BIND loads this zone internally without an NS check; named-checkzone
	// needs an NS RRset with an address.
	if err := os.WriteFile(in, append(b.Bytes(), "@ IN NS ns\nns IN A 192.0.2.1\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(dir, "dump")
	runTool(t, dir, tool, "-i", "none", "-D", "-o", dump, ".", in)
	d, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReadKeyData(bytes.NewReader(d))
	if err != nil {
		t.Fatal(err)
	}
	byKey := func(k []KeyData) {
		sort.Slice(k, func(i, j int) bool { return lessRR(k[i].DNSKEY, k[j].DNSKEY) })
	}
	byKey(kds)
	byKey(back) // BIND dumps in RDATA order
	if diff := cmp.Diff(kds, back, cmp.Comparer(func(a, b *dns.DNSKEY) bool { return dns.IsDuplicate(a, b) })); diff != "" {
		t.Errorf("KEYDATA through named-checkzone (-ours +BIND dump):\n%s", diff)
	}
}

// TestPeerLdnsVerifyZoneZONEMD: ldns-verify-zone and BuildRepository agree
// on the ZONEMD test root, intact and with changed glue.
func TestPeerLdnsVerifyZoneZONEMD(t *testing.T) {
	tool := peer.Need(t, "ldns-verify-zone")
	dir := t.TempDir()
	// ldns-verify-zone -k wants the DNSKEY; take it from the zone.
	zone := readTestdata(t, "testroot-zonemd.zone")
	var ksk string
	for _, l := range strings.Split(string(zone), "\n") {
		if strings.Contains(l, "DNSKEY\t257 ") {
			ksk = l
		}
	}
	key := filepath.Join(dir, "k.key")
	if err := os.WriteFile(key, []byte(ksk+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &RepositoryConfig{Anchors: mustDS(t, "testroot-zonemd.ds"), Now: func() time.Time { return date(today) }}
	for _, tc := range []struct {
		name string
		zone []byte
	}{{"intact", zone}, {"changed glue", bytes.Replace(zone, []byte("192.0.2.10"), []byte("192.0.2.11"), 1)}} {
		f := filepath.Join(dir, "z")
		if err := os.WriteFile(f, tc.zone, 0o644); err != nil {
			t.Fatal(err)
		}
		theirs := exec.Command(tool, "-k", key, f).Run()
		repo, err := BuildRepository(context.Background(), bytes.NewReader(tc.zone), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if (theirs == nil) != (repo.Err() == nil) {
			t.Errorf("%s: ldns-verify-zone %v, we %v", tc.name, theirs, repo.Err())
		}
	}
}
