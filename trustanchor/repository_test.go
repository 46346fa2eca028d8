package trustanchor

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/ssrkit/ssr/dnssec"

	"github.com/ssrkit/ssr/trustanchor/internal/peer"
)

var zoneCache sync.Map

// rootZone returns the uncompressed text of a testdata root zone.
func rootZone(t testing.TB, name string) []byte {
	t.Helper()
	if v, ok := zoneCache.Load(name); ok {
		return v.([]byte)
	}
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	zoneCache.Store(name, b.Bytes())
	return b.Bytes()
}

// Signing times of the two snapshots (their RRSIGs are valid then).
var (
	at2022 = date("2022-02-20T00:00:00Z")
	at2017 = date("2017-08-25T00:00:00Z")
)

var buildCache sync.Map

// build builds (once per zone and time) a repository.
func build(t testing.TB, zone []byte, when time.Time) *Repository {
	t.Helper()
	key := fmt.Sprintf("%x %s", sha256.Sum256(zone), when)
	if v, ok := buildCache.Load(key); ok {
		return v.(*Repository)
	}
	repo, err := BuildRepository(context.Background(), bytes.NewReader(zone), &RepositoryConfig{Now: func() time.Time { return when }})
	if err != nil {
		t.Fatal(err)
	}
	buildCache.Store(key, repo)
	return repo
}

// dsOwners lists, independently of BuildRepository, the owners of DS
// records and of TLD NS records in a zone text.
func dsOwners(zone []byte) (signed, delegated map[string]bool) {
	signed, delegated = map[string]bool{}, map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(zone))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || f[0] == "." {
			continue
		}
		switch f[3] {
		case "DS":
			signed[strings.ToLower(f[0])] = true
		case "NS":
			delegated[strings.ToLower(f[0])] = true
		}
	}
	return
}

func TestRepositoryRoot2022(t *testing.T) {
	zone := rootZone(t, "root-2022021501.zone.gz")
	repo := build(t, zone, at2022)
	if err := repo.Err(); err != nil {
		t.Fatal(err)
	}
	signed, delegated := dsOwners(zone)
	if len(repo.TLDs) != len(signed) || len(repo.TLDs)+len(repo.Unsigned) != len(delegated) {
		t.Errorf("%d signed + %d unsigned TLDs; zone has %d DS owners, %d delegations",
			len(repo.TLDs), len(repo.Unsigned), len(signed), len(delegated))
	}
	for _, tld := range repo.TLDs {
		if !signed[tld.Name] {
			t.Errorf("%s listed but has no DS", tld.Name)
		}
	}
	if repo.Serial != 2022021501 || len(repo.RootKeys) != 1 || repo.RootKeys[0] != 20326 || repo.ZONEMD != dnssec.ZONEMDAbsent {
		t.Errorf("serial %d root keys %v zonemd %s", repo.Serial, repo.RootKeys, repo.ZONEMD)
	}
	var com *TLD
	for i := range repo.TLDs {
		if repo.TLDs[i].Name == "com." {
			com = &repo.TLDs[i]
		}
	}
	if com == nil || len(com.DS) != 1 || com.DS[0].KeyTag != 30909 {
		t.Errorf("com. = %+v", com)
	}
	// The master file reads back as the same DS records.
	var mf bytes.Buffer
	if err := repo.WriteMasterFile(&mf); err != nil {
		t.Fatal(err)
	}
	rrs, err := ReadZoneLines(bytes.NewReader(mf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var want []dns.RR
	for _, tld := range repo.TLDs {
		for _, d := range tld.DS {
			want = append(want, d)
		}
	}
	var a, b bytes.Buffer
	WriteDS(&a, want)
	WriteDS(&b, rrs)
	if len(rrs) != len(want) || a.String() != b.String() {
		t.Errorf("master file reads back as %d DS records, want %d", len(rrs), len(want))
	}
	js, err := json.Marshal(repo)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		TLDs []struct {
			Name string
			DS   []struct{ Digest string }
		}
	}
	if err := json.Unmarshal(js, &back); err != nil || len(back.TLDs) != len(repo.TLDs) {
		t.Errorf("JSON: %v, %d TLDs", err, len(back.TLDs))
	}
}

func TestRepositoryRoot2017(t *testing.T) {
	zone := rootZone(t, "root-2017082100.zone.gz")
	repo := build(t, zone, at2017)
	if err := repo.Err(); err != nil {
		t.Fatal(err)
	}
	// During the 2017 roll only KSK-2010 signed the DNSKEY RRset.
	if len(repo.RootKeys) != 1 || repo.RootKeys[0] != 19036 {
		t.Errorf("root keys %v", repo.RootKeys)
	}
	// Today's anchors alone (KSK-2017, KSK-2024) cannot validate it.
	_, err := BuildRepository(context.Background(), bytes.NewReader(zone), &RepositoryConfig{Now: func() time.Time { return at2017 },
		Anchors: mustDS(t, "dns-root-data-2024071801-root.ds")})
	if !errors.Is(err, ErrBogus) {
		t.Errorf("2017 zone under today's anchors: %v", err)
	}
	// Nor does the 2022 zone verify in 2026: its signatures expired.
	_, err = BuildRepository(context.Background(), bytes.NewReader(rootZone(t, "root-2022021501.zone.gz")), &RepositoryConfig{Now: func() time.Time { return date(today) }})
	if !errors.Is(err, ErrBogus) || !strings.Contains(err.Error(), "RFC 4035") {
		t.Errorf("2022 zone in 2026: %v", err)
	}
}

func mustDS(t testing.TB, name string) []dns.RR {
	rrs, err := ReadZoneLines(bytes.NewReader(readTestdata(t, name)))
	if err != nil {
		t.Fatal(err)
	}
	return rrs
}

func TestRepositoryDiff2017To2022(t *testing.T) {
	old := build(t, rootZone(t, "root-2017082100.zone.gz"), at2017)
	cur := build(t, rootZone(t, "root-2022021501.zone.gz"), at2022)
	d := cur.Compare(old)
	oldSigned, _ := dsOwners(rootZone(t, "root-2017082100.zone.gz"))
	newSigned, _ := dsOwners(rootZone(t, "root-2022021501.zone.gz"))
	var added, removed []string
	for n := range newSigned {
		if !oldSigned[n] {
			added = append(added, n)
		}
	}
	for n := range oldSigned {
		if !newSigned[n] {
			removed = append(removed, n)
		}
	}
	sort.Strings(added)
	sort.Strings(removed)
	sorted := func(s []string) []string { s = append([]string(nil), s...); sort.Strings(s); return s }
	if strings.Join(sorted(d.Added), " ") != strings.Join(added, " ") {
		t.Errorf("added %d, independent count %d", len(d.Added), len(added))
	}
	if strings.Join(sorted(d.Removed), " ") != strings.Join(removed, " ") {
		t.Errorf("removed %d, independent count %d", len(d.Removed), len(removed))
	}
	algChanges := 0
	for _, c := range d.Changed {
		if len(c.AddedDS)+len(c.RemovedDS) == 0 {
			t.Errorf("%s listed as changed without DS changes", c.Name)
		}
		if c.AlgorithmChanged {
			algChanges++
		}
	}
	if len(d.Changed) == 0 || algChanges == 0 || len(d.Removed) == 0 {
		t.Errorf("diff too small: %d changed (%d algorithm), %d added, %d removed", len(d.Changed), algChanges, len(d.Added), len(d.Removed))
	}
	t.Logf("2017082100 → 2022021501: %d added, %d removed, %d changed (%d algorithm rolls)", len(d.Added), len(d.Removed), len(d.Changed), algChanges)
}

// tamper changes the first digest of tld's DS RRset in zone text.
func tamper(t testing.TB, zone []byte, tld string) []byte {
	lines := strings.Split(string(zone), "\n")
	for i, l := range lines {
		f := strings.Fields(l)
		if len(f) >= 8 && f[0] == tld && f[3] == "DS" {
			last := f[len(f)-1]
			c := "0"
			if last[0] == '0' {
				c = "1"
			}
			lines[i] = strings.TrimSuffix(l, last) + c + last[1:]
			return []byte(strings.Join(lines, "\n"))
		}
	}
	t.Fatalf("no DS for %s", tld)
	return nil
}

func TestRepositoryTampered(t *testing.T) {
	zone := tamper(t, rootZone(t, "root-2022021501.zone.gz"), "nl.")
	repo := build(t, zone, at2022)
	if len(repo.Findings) != 1 || !errors.Is(repo.Findings[0], ErrBogus) || !strings.Contains(repo.Findings[0].Error(), "DS nl.") {
		t.Fatalf("problems %v", repo.Findings)
	}
	for _, tld := range repo.TLDs {
		if tld.Name == "nl." {
			t.Error("tampered nl. still listed")
		}
	}
}

// TestPeerLdnsVerifyZone: ldns-verify-zone accepts the real 2022 zone, where
// we list every signed TLD with no problem, and rejects the tampered one,
// where we reject exactly the tampered TLD.
func TestPeerLdnsVerifyZone(t *testing.T) {
	tool := peer.Need(t, "ldns-verify-zone")
	dir := t.TempDir()
	key := filepath.Join(dir, "root.key")
	if err := os.WriteFile(key, readTestdata(t, "dns-root-data-2024071801-root.key"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(zone []byte) error {
		f := filepath.Join(dir, "root.zone")
		if err := os.WriteFile(f, zone, 0o644); err != nil {
			t.Fatal(err)
		}
		return exec.Command(tool, "-k", key, "-t", "20220220000000", f).Run()
	}
	good := rootZone(t, "root-2022021501.zone.gz")
	if err := run(good); err != nil {
		t.Fatalf("ldns-verify-zone rejects the real zone: %v", err)
	}
	if repo := build(t, good, at2022); repo.Err() != nil {
		t.Errorf("we reject what ldns-verify-zone accepts: %v", repo.Err())
	}
	bad := tamper(t, good, "nl.")
	if err := run(bad); err == nil {
		t.Fatal("ldns-verify-zone accepts the tampered zone")
	}
	if repo := build(t, bad, at2022); repo.Err() == nil {
		t.Error("we accept what ldns-verify-zone rejects")
	}
}

func BenchmarkBuildRepository(b *testing.B) {
	zone := rootZone(b, "root-2022021501.zone.gz")
	cfg := &RepositoryConfig{Now: func() time.Time { return at2022 }}
	b.SetBytes(int64(len(zone)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuildRepository(context.Background(), bytes.NewReader(zone), cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRFC8976RepositoryZONEMD uses a small root zone signed by ldns-signzone
// with ZONEMD (SIMPLE, SHA-384): a changed glue address is caught only by
// ZONEMD (glue is not signed), as ldns-verify-zone also reports.
func TestRFC8976RepositoryZONEMD(t *testing.T) {
	zone := readTestdata(t, "testroot-zonemd.zone")
	anchors := mustDS(t, "testroot-zonemd.ds")
	cfg := &RepositoryConfig{Anchors: anchors, Now: func() time.Time { return date(today) }}
	repo, err := BuildRepository(context.Background(), bytes.NewReader(zone), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if repo.ZONEMD != dnssec.ZONEMDVerified || repo.Err() != nil {
		t.Fatalf("ZONEMD %s, problems %v", repo.ZONEMD, repo.Err())
	}
	var names []string
	for _, tld := range repo.TLDs {
		names = append(names, tld.Name)
	}
	if strings.Join(names, " ") != "alpha. beta." || strings.Join(repo.Unsigned, " ") != "gamma. test." {
		t.Errorf("signed %v unsigned %v", names, repo.Unsigned)
	}
	bad := bytes.Replace(zone, []byte("192.0.2.10"), []byte("192.0.2.11"), 1)
	repo, err = BuildRepository(context.Background(), bytes.NewReader(bad), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if repo.ZONEMD != dnssec.ZONEMDFailed || !errors.Is(repo.Err(), ErrBogus) || !strings.Contains(repo.Err().Error(), "RFC 8976") {
		t.Errorf("changed glue: ZONEMD %s, %v", repo.ZONEMD, repo.Err())
	}
	if len(repo.TLDs) != 2 {
		t.Errorf("DS RRsets still verify individually, got %d TLDs", len(repo.TLDs))
	}
}

// BuildRepository honours its context between records (README
// Conventions: context).
func TestBuildRepositoryContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	zone := readTestdata(t, "testroot-zonemd.zone")
	cfg := &RepositoryConfig{Anchors: mustDS(t, "testroot-zonemd.ds"), Now: func() time.Time { return date(today) }}
	if _, err := BuildRepository(ctx, bytes.NewReader(zone), cfg); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
	if _, err := BuildRepository(context.Background(), bytes.NewReader(zone), cfg); err != nil {
		t.Errorf("live context: %v", err)
	}
}

// Past MaxFindings the findings are counted in Dropped, not kept (README
// Conventions: reports).
func TestRepositoryDropped(t *testing.T) {
	zone := rootZone(t, "root-2022021501.zone.gz")
	for _, tld := range []string{"nl.", "de.", "se."} {
		zone = tamper(t, zone, tld)
	}
	cfg := &RepositoryConfig{Now: func() time.Time { return at2022 }, MaxFindings: 2}
	repo, err := BuildRepository(context.Background(), bytes.NewReader(zone), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(repo.Findings) != 2 || repo.Dropped != 1 || repo.Err() == nil {
		t.Errorf("findings %d, dropped %d, want 2 and 1", len(repo.Findings), repo.Dropped)
	}
	if b, _ := json.Marshal(repo); !strings.Contains(string(b), `"dropped":1`) {
		t.Errorf("JSON without dropped: %.200s", b)
	}
}
