package dnssec

import (
	"context"
	"errors"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec/internal/peer"
)

// fixtureNow is inside the validity window of the peer-signed fixtures.
var fixtureNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func readZoneFixture(t testing.TB, name string) string {
	t.Helper()
	return string(readFixture(t, filepath.Join("testdata", "zone", name)))
}

func readAnchorFixture(t testing.TB, name string) []dns.RR {
	t.Helper()
	var out []dns.RR
	zp := dns.NewZoneParser(strings.NewReader(readZoneFixture(t, name)), ".", name)
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		out = append(out, rr)
	}
	if err := zp.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func at(t time.Time) func() time.Time { return func() time.Time { return t } }

func verifyText(t testing.TB, text string, opts ZoneConfig) *ZoneReport {
	t.Helper()
	rep, err := VerifyZone(context.Background(), strings.NewReader(text), &opts)
	if err != nil {
		t.Fatalf("VerifyZone: %v", err)
	}
	return rep
}

// kinds lists the problems as "line kind" strings, for cmp.Diff.
func kinds(rep *ZoneReport) []string {
	var out []string
	for _, p := range rep.Findings {
		out = append(out, strings.TrimSpace(strings.Join([]string{itoa(p.Line), p.Kind.Error()}, " ")))
	}
	return out
}

func itoa(i int) string {
	if i == 0 {
		return "-"
	}
	return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(i))
}

func fmtInt(i int) string { return zoneErrorf("%d", i).Error() }

func TestVerifyZoneRootZones(t *testing.T) {
	for _, tc := range []struct {
		file, anchor string
		now          time.Time
		sigs         int
		anchored     uint16
	}{
		{"root-2022021501.zone.gz", "root-ksk2017.ds", time.Date(2022, 2, 20, 0, 0, 0, 0, time.UTC), 2854, 20326},
		{"root-2017082100.zone.gz", "root-ksk2010.ds", time.Date(2017, 8, 25, 0, 0, 0, 0, time.UTC), 2950, 19036},
	} {
		t.Run(tc.file, func(t *testing.T) {
			if zoneRace && tc.sigs == 2950 {
				t.Skip("race build: the 2017 root zone is verified in the normal build only")
			}
			rep := verifyText(t, readZoneFixture(t, tc.file), ZoneConfig{Now: at(tc.now), Anchors: readAnchorFixture(t, tc.anchor)})
			if err := rep.Err(); err != nil {
				t.Fatal(err)
			}
			if rep.Signatures != tc.sigs || rep.Verified != tc.sigs {
				t.Errorf("verified %d of %d signatures, want %d", rep.Verified, rep.Signatures, tc.sigs)
			}
			if rep.Origin != "." || rep.Denial != DenialNSEC || !rep.Sorted {
				t.Errorf("origin %q denial %q sorted %v", rep.Origin, rep.Denial, rep.Sorted)
			}
			found := false
			for _, k := range rep.Keys {
				if k.Anchored {
					found = found || k.Tag == tc.anchored
				}
			}
			if !found {
				t.Errorf("key %d not anchored: %+v", tc.anchored, rep.Keys)
			}
		})
	}
}

// lineIndex returns the 1-based number of the first line with all of the
// substrings.
func lineIndex(t testing.TB, text string, subs ...string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		ok := true
		for _, s := range subs {
			ok = ok && strings.Contains(l, s)
		}
		if ok {
			return i + 1
		}
	}
	t.Fatalf("no line with %q", subs)
	return 0
}

func replaceLine(text string, n int, f func(string) string) string {
	lines := strings.Split(text, "\n")
	lines[n-1] = f(lines[n-1])
	return strings.Join(lines, "\n")
}

// flipSignature changes one byte of the base64 signature at the end of an
// RRSIG line (a character well inside it, so not only padding bits change).
func flipSignature(l string) string {
	i := len(strings.TrimRight(l, " =\t")) - 10
	c := byte('A')
	if l[i] == 'A' {
		c = 'B'
	}
	return l[:i] + string(c) + l[i+1:]
}

func TestVerifyZoneRootMutations(t *testing.T) {
	root := readZoneFixture(t, "root-2022021501.zone.gz")
	anchors := readAnchorFixture(t, "root-ksk2017.ds")
	now := time.Date(2022, 2, 20, 0, 0, 0, 0, time.UTC)

	t.Run("RRSIG one byte", func(t *testing.T) {
		n := lineIndex(t, root, "com.\t", "RRSIG\tDS")
		rep := verifyText(t, replaceLine(root, n, flipSignature), ZoneConfig{Now: at(now), Anchors: anchors})
		dsLine := lineIndex(t, root, "com.\t", "\tDS\t")
		want := []string{itoa(dsLine) + " RRset not signed", itoa(n) + " signature does not verify"}
		if diff := cmp.Diff(want, kinds(rep)); diff != "" {
			t.Fatalf("(-want +got)\n%s\n%v", diff, rep.Err())
		}
		p := rep.Findings[1]
		sig, ok := p.RR.(*dns.RRSIG)
		if !ok || sig.Hdr.Name != "com." || sig.TypeCovered != dns.TypeDS || !errors.Is(p, ErrBadSignature) || !errors.Is(p, ErrBogus) {
			t.Errorf("problem %v is not about the RRSIG com./DS", p)
		}
		if !strings.Contains(p.Error(), "RRSIG com./DS tag 9799") || !strings.Contains(p.Error(), "RFC 4035 §5.3.3") {
			t.Errorf("message %q", p.Error())
		}
	})
	raceSkip := func(t *testing.T) {
		if zoneRace {
			t.Skip("race build: one root-zone mutation only")
		}
	}
	t.Run("RRSIG one byte, random records", func(t *testing.T) {
		raceSkip(t)
		lines := strings.Split(root, "\n")
		var sigs []int
		for i, l := range lines {
			if strings.Contains(l, "\tRRSIG\t") {
				sigs = append(sigs, i+1)
			}
		}
		r := rand.New(rand.NewSource(8))
		want := map[int]bool{}
		z := root
		for len(want) < 8 {
			n := sigs[r.Intn(len(sigs))]
			if !want[n] {
				want[n] = true
				z = replaceLine(z, n, flipSignature)
			}
		}
		rep := verifyText(t, z, ZoneConfig{Now: at(now), Anchors: anchors})
		got := map[int]bool{}
		for _, p := range rep.Findings {
			if errors.Is(p, ErrBadSignature) {
				got[p.Line] = true
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("bad-signature lines (-want +got)\n%s", diff)
		}
	})
	t.Run("removed NSEC", func(t *testing.T) {
		raceSkip(t)
		n := lineIndex(t, root, "com.\t", "\tNSEC\t")
		rep := verifyText(t, replaceLine(root, n, func(string) string { return "" }), ZoneConfig{Now: at(now), Anchors: anchors})
		sigLine := lineIndex(t, root, "com.\t", "RRSIG\tNSEC")
		comLine := lineIndex(t, root, "com.\t", "\tNS\t")
		want := []string{itoa(comLine) + " NSEC chain broken", itoa(sigLine) + " zone content error"}
		if diff := cmp.Diff(want, kinds(rep)); diff != "" {
			t.Fatalf("(-want +got)\n%s\n%v", diff, rep.Err())
		}
		if p := rep.Findings[0]; p.Name != "com." || !strings.Contains(p.Error(), "next name is comcast.") {
			t.Errorf("problem %v", p)
		}
	})
	t.Run("shifted clock", func(t *testing.T) {
		raceSkip(t)
		for _, tc := range []struct {
			now  time.Time
			kind error
		}{
			{time.Date(2022, 3, 15, 0, 0, 0, 0, time.UTC), ErrExpired},
			{time.Date(2022, 2, 1, 0, 0, 0, 0, time.UTC), ErrNotYetValid},
		} {
			rep := verifyText(t, root, ZoneConfig{Now: at(tc.now), Anchors: anchors})
			n := 0
			for _, p := range rep.Findings {
				if errors.Is(p, tc.kind) {
					if _, ok := p.RR.(*dns.RRSIG); !ok || p.Line == 0 {
						t.Fatalf("problem %v lacks its record", p)
					}
					n++
				}
			}
			if n != 2854 {
				t.Errorf("%v: %d signatures reported as %v, want 2854", tc.now, n, tc.kind)
			}
		}
	})
	t.Run("wrong anchor", func(t *testing.T) {
		raceSkip(t)
		rep := verifyText(t, root, ZoneConfig{Now: at(now), Anchors: readAnchorFixture(t, "root-ksk2010.ds")})
		if diff := cmp.Diff([]string{itoa(lineIndex(t, root, "\tDNSKEY\t")) + " DNSKEY RRset not signed by an anchored key"}, kinds(rep)); diff != "" {
			t.Fatalf("(-want +got)\n%s", diff)
		}
	})
	t.Run("expiry window", func(t *testing.T) {
		raceSkip(t)
		rep := verifyText(t, root, ZoneConfig{Now: at(now), Anchors: anchors, ExpiryWindow: 10 * 24 * time.Hour})
		n := 0
		for _, p := range rep.Findings {
			if errors.Is(p, ErrExpiresSoon) {
				n++
			}
		}
		// Every signature but the KSK's over the DNSKEY RRset expires on
		// 2022-02-28 or 2022-03-01, within ten days of 2022-02-20.
		if n != 2853 || len(rep.Findings) != n {
			t.Errorf("%d expiring-soon problems of %d, want 2853", n, len(rep.Findings))
		}
	})
}

var peerFixtures = []string{
	"bind-nsec-13.zone", "bind-nsec3-13.zone", "bind-nsec3-15.zone", "bind-optout-8.zone",
	"ldns-nsec-15.zone", "ldns-nsec3-8.zone", "ldns-optout-13.zone", "ldns-zonemd-13.zone",
}

func TestVerifyZonePeerFixtures(t *testing.T) {
	for _, f := range append(peerFixtures, "knot-nsec-15.zone", "knot-nsec3-8.zone", "knot-optout-13.zone") {
		t.Run(f, func(t *testing.T) {
			now := fixtureNow
			if strings.HasPrefix(f, "knot-") {
				now = knotNow
			}
			rep := verifyText(t, readZoneFixture(t, f), ZoneConfig{Now: at(now)})
			if err := rep.Err(); err != nil {
				t.Fatal(err)
			}
			wantDenial := map[string]DenialKind{"nsec": DenialNSEC, "nsec3": DenialNSEC3, "optout": DenialNSEC3OptOut, "zonemd": DenialNSEC}[strings.Split(f, "-")[1]]
			if rep.Denial != wantDenial || rep.Names != 16 || rep.Signatures != rep.Verified {
				t.Errorf("denial %q names %d verified %d/%d", rep.Denial, rep.Names, rep.Verified, rep.Signatures)
			}
			if strings.Contains(f, "zonemd") && rep.ZONEMD != ZONEMDVerified {
				t.Errorf("ZONEMD %s", rep.ZONEMD)
			}
		})
	}
}

// mutation edits one fixture; want lists the kinds of the problems.
type zoneMutation struct {
	name, file string
	edit       func(t *testing.T, z string) string
	want       []string // problem kinds (sorted)
}

func dropLine(subs ...string) func(t *testing.T, z string) string {
	return func(t *testing.T, z string) string {
		return replaceLine(z, lineIndex(t, z, subs...), func(string) string { return "" })
	}
}

func appendText(s string) func(t *testing.T, z string) string {
	return func(t *testing.T, z string) string { return z + "\n" + s + "\n" }
}

func TestVerifyZoneBroken(t *testing.T) {
	muts := []zoneMutation{
		{"flipped RRSIG", "ldns-nsec-15.zone", func(t *testing.T, z string) string {
			return replaceLine(z, lineIndex(t, z, "mail.example.", "RRSIG\tA"), flipSignature)
		}, []string{"RRset not signed", "signature does not verify"}},
		{"removed NSEC", "ldns-nsec-15.zone", dropLine("txt.example.", "\tNSEC\t"),
			[]string{"NSEC chain broken", "zone content error"}},
		{"removed NSEC3", "ldns-nsec3-8.zone", func(t *testing.T, z string) string {
			// The NSEC3 of www.example. (its hash is in the file as the owner whose bitmap is CNAME RRSIG).
			n := lineIndex(t, z, "\tNSEC3\t", "CNAME RRSIG")
			return replaceLine(z, n, func(string) string { return "" })
		}, []string{"NSEC3 chain broken", "NSEC3 chain broken", "zone content error"}},
		{"removed AAAA record", "ldns-nsec-15.zone", dropLine("ns2.example.", "\tAAAA\t"),
			[]string{"type bitmap mismatch", "zone content error"}},
		{"removed one NS", "ldns-nsec-15.zone", dropLine("example.", "\tNS\tns2.example."),
			[]string{"RRset not signed", "signature does not verify"}},
		{"extra unsigned record", "ldns-nsec-15.zone", appendText("txt.example. 3600 IN A 192.0.2.99"),
			[]string{"RRset not signed", "type bitmap mismatch"}},
		{"signed glue", "ldns-nsec-15.zone", func(t *testing.T, z string) string {
			l := strings.Split(z, "\n")[lineIndex(t, z, "mail.example.", "RRSIG\tA")-1]
			return z + "\n" + strings.Replace(l, "mail.example.", "ns.insecure.example.", 1) + "\n"
		}, []string{"signature over non-authoritative data"}},
		{"signed delegation NS", "bind-nsec3-13.zone", appendText("insecure.example. 3600 IN RRSIG NS 13 2 3600 20360101000000 20260101000000 1 example. AAAA"),
			[]string{"signature over non-authoritative data"}},
		{"NSEC3PARAM salt", "bind-nsec3-13.zone", func(t *testing.T, z string) string {
			return replaceLine(z, lineIndex(t, z, "\tNSEC3PARAM 1 0 0 -"), func(l string) string { return strings.Replace(l, "1 0 0 -", "1 0 0 AB", 1) })
		}, []string{"NSEC3 parameters against policy", "NSEC3PARAM mismatch", "NSEC3PARAM mismatch", "signature does not verify", "RRset not signed"}},
		{"DS not at a cut", "ldns-nsec-15.zone", appendText("txt.example. 3600 IN DS 1 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"),
			[]string{"RRset not signed", "type bitmap mismatch", "zone content error"}},
		{"out of zone", "ldns-nsec-15.zone", appendText("example.net. 3600 IN A 192.0.2.1"),
			[]string{"out-of-zone data"}},
		{"ZONEMD digest", "ldns-zonemd-13.zone", func(t *testing.T, z string) string {
			return replaceLine(z, lineIndex(t, z, "mail.example.", "\tA\t"), func(l string) string { return strings.Replace(l, "192.0.2.25", "192.0.2.26", 1) })
		}, []string{"RRset not signed", "signature does not verify", "ZONEMD verification failed", "ZONEMD verification failed"}},
		{"opt-out flag cleared", "bind-optout-8.zone", func(t *testing.T, z string) string {
			// Clear the opt-out flag everywhere: the insecure delegations
			// without NSEC3 are then uncovered (the signatures break too).
			return strings.ReplaceAll(z, "NSEC3\t1 1 0 -", "NSEC3\t1 0 0 -")
		}, nil},
	}
	for _, m := range muts {
		t.Run(m.name, func(t *testing.T) {
			z := m.edit(t, readZoneFixture(t, m.file))
			rep := verifyText(t, z, ZoneConfig{Now: at(fixtureNow)})
			got := []string{}
			for _, p := range rep.Findings {
				got = append(got, p.Kind.Error())
			}
			if m.want == nil {
				if len(got) == 0 {
					t.Fatal("no problem found")
				}
				return
			}
			sort.Strings(got)
			want := append([]string{}, m.want...)
			sort.Strings(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got)\n%s\n%v", diff, rep.Err())
			}
		})
	}
}

// TestVerifyZoneOrphanNSEC3 adds an NSEC3 record whose hash matches no
// name: it is reported as an orphan, and the chain around it as broken.
func TestVerifyZoneOrphanNSEC3(t *testing.T) {
	z := readZoneFixture(t, "ldns-nsec3-8.zone") + "\n0000000000000000000000000000000V.example. 3600 IN NSEC3 1 0 0 - 00000000000000000000000000000010 A\n"
	rep := verifyText(t, z, ZoneConfig{Now: at(fixtureNow)})
	var orphan, unsigned bool
	for _, p := range rep.Findings {
		if errors.Is(p, ErrNSEC3Chain) && strings.Contains(p.Error(), "orphan") && p.Name == "0000000000000000000000000000000V.example." {
			orphan = true
		}
		unsigned = unsigned || errors.Is(p, ErrUnsignedRRset)
	}
	if !orphan || !unsigned {
		t.Fatalf("orphan %v unsigned %v: %v", orphan, unsigned, rep.Err())
	}
}

// TestRFC8976AppendixA1 checks the ZONEMD digest of the simple example zone
// of RFC 8976 Appendix A.1.
func TestRFC8976AppendixA1(t *testing.T) {
	const zone = `example.      86400  IN  SOA     ns1 admin 2018031900 1800 900 604800 86400
              86400  IN  NS      ns1
              86400  IN  NS      ns2
              86400  IN  ZONEMD  2018031900 1 1 (
                                 c68090d90a7aed716bc459f9340e3d7c
                                 1370d4d24b7e2fc3a1ddc0b9a87153b9
                                 a9713b3c9ae5cc27777f98b8e730044c )
ns1           3600   IN  A       203.0.113.63
NS2           3600   IN  AAAA    2001:db8::63
`
	rep := verifyText(t, zone, ZoneConfig{Origin: "example.", Now: at(fixtureNow)})
	if rep.ZONEMD != ZONEMDVerified {
		t.Fatalf("ZONEMD %s: %v", rep.ZONEMD, rep.Err())
	}
	// The zone is unsigned: that is the only problem.
	if diff := cmp.Diff([]string{"1 RRset not signed"}, kinds(rep)); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	bad := strings.Replace(zone, "203.0.113.63", "203.0.113.64", 1)
	if rep := verifyText(t, bad, ZoneConfig{Origin: "example.", Now: at(fixtureNow)}); rep.ZONEMD != ZONEMDFailed {
		t.Errorf("changed zone: ZONEMD %s", rep.ZONEMD)
	}
}

// TestVerifyZoneUnsorted shuffles the records: the verdict is the same, the
// input is buffered, and without io.Seeker the error is ErrZoneOrder.
func TestVerifyZoneUnsorted(t *testing.T) {
	z := readZoneFixture(t, "ldns-nsec3-8.zone")
	lines := strings.Split(strings.TrimSpace(z), "\n")
	rand.New(rand.NewSource(1)).Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	shuffled := strings.Join(lines, "\n") + "\n"
	rep := verifyText(t, shuffled, ZoneConfig{Now: at(fixtureNow)})
	if err := rep.Err(); err != nil || rep.Sorted || rep.Names != 16 {
		t.Fatalf("sorted %v names %d: %v", rep.Sorted, rep.Names, err)
	}
	_, err := VerifyZone(context.Background(), io.MultiReader(strings.NewReader(shuffled)), &ZoneConfig{Now: at(fixtureNow)})
	if !errors.Is(err, ErrZoneOrder) {
		t.Fatalf("non-seekable unsorted input: %v", err)
	}
}

func TestVerifyZoneInputErrors(t *testing.T) {
	for _, tc := range []struct {
		name, zone string
		opts       ZoneConfig
		kind       error
	}{
		{"include refused", "$INCLUDE /etc/hostname\n", ZoneConfig{Origin: "example."}, ErrMalformed},
		{"syntax", "example. 3600 IN SOA broken\n", ZoneConfig{}, ErrMalformed},
		{"no SOA", "example. 3600 IN A 192.0.2.1\n", ZoneConfig{}, ErrMalformed},
		{"record limit", readZoneFixture(t, "ldns-nsec-15.zone"), ZoneConfig{MaxRecords: 10}, ErrLimitExceeded},
		{"bad origin", "", ZoneConfig{Origin: "a..b"}, ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := VerifyZone(context.Background(), strings.NewReader(tc.zone), &tc.opts)
			if !errors.Is(err, tc.kind) || rep != nil {
				t.Fatalf("got %v, %v; want %v", rep, err, tc.kind)
			}
		})
	}
}

// TestVerifyZoneLines checks that problems carry the line where a
// multi-line record starts.
func TestVerifyZoneLines(t *testing.T) {
	z := readZoneFixture(t, "bind-nsec3-13.zone")
	start := lineIndex(t, z, "RRSIG\tSOA 13 1 3600 (")
	sigLine := start + 2 // first line of the base64 signature
	flip := func(l string) string {
		i := len(l) / 2
		c := byte('A')
		if l[i] == 'A' {
			c = 'B'
		}
		return l[:i] + string(c) + l[i+1:]
	}
	rep := verifyText(t, replaceLine(z, sigLine, flip), ZoneConfig{Now: at(fixtureNow)})
	var got []int
	for _, p := range rep.Findings {
		if errors.Is(p, ErrBadSignature) {
			got = append(got, p.Line)
		}
	}
	if diff := cmp.Diff([]int{start}, got); diff != "" {
		t.Fatalf("(-want +got)\n%s\n%v", diff, rep.Err())
	}
}

func TestVerifyZonePolicy(t *testing.T) {
	z := readZoneFixture(t, "bind-optout-8.zone")
	rep := verifyText(t, z, ZoneConfig{Now: at(fixtureNow), MinRSABits: 4096})
	if diff := cmp.Diff([]string{"key against policy", "key against policy"}, kindNames(rep)); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	for _, k := range rep.Keys {
		if k.Bits != 2048 || k.Algorithm != 8 {
			t.Errorf("key %+v", k)
		}
	}
}

func kindNames(rep *ZoneReport) []string {
	var out []string
	for _, p := range rep.Findings {
		out = append(out, p.Kind.Error())
	}
	return out
}

// TestVerifyZoneUnsortedBitmapText lists the types of an NSEC record in
// another order: the presentation format allows any order and the wire
// bitmap is a set (RFC 4034 §4.1.2, §4.2), so the signatures and the ZONEMD
// digest (RFC 8976 §3.3) still verify.
func TestVerifyZoneUnsortedBitmapText(t *testing.T) {
	z := readZoneFixture(t, "ldns-zonemd-13.zone")
	const sorted = "NSEC\ta.b.c.example. A NS SOA MX RRSIG NSEC DNSKEY ZONEMD"
	if !strings.Contains(z, sorted) {
		t.Fatal("fixture changed: apex NSEC not found")
	}
	z = strings.Replace(z, sorted, "NSEC\ta.b.c.example. ZONEMD DNSKEY NSEC RRSIG MX SOA NS A", 1)
	rep := verifyText(t, z, ZoneConfig{Now: at(fixtureNow)})
	if err := rep.Err(); err != nil || rep.ZONEMD != ZONEMDVerified {
		t.Fatalf("ZONEMD %s: %v", rep.ZONEMD, err)
	}
	t.Run("ldns-verify-zone", func(t *testing.T) {
		tool := peer.Need(t, "ldns-verify-zone")
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "z"), []byte(z), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, ok := runPeer(t, dir, tool, "-Z", "z"); !ok {
			t.Fatalf("ldns-verify-zone -Z rejects the zone: %s", out)
		}
	})
}

// TestVerifyZoneZONEMDUnpackable adds a record that parses but has no wire
// form (an NSEC3 next hashed owner that is not base32hex): the ZONEMD digest
// cannot cover it, and that is reported at its line instead of being left
// out silently.
func TestVerifyZoneZONEMDUnpackable(t *testing.T) {
	z := readZoneFixture(t, "ldns-zonemd-13.zone")
	n := strings.Count(z, "\n")
	z += "www.example.\t3600\tIN\tNSEC3\t1 0 0 - ZZZZ!!!! A\n"
	rep := verifyText(t, z, ZoneConfig{Now: at(fixtureNow)})
	var found bool
	for _, p := range rep.Findings {
		if errors.Is(p, ErrZONEMD) && strings.Contains(p.Error(), "no canonical wire form") {
			found = true
			if p.Line != n+1 {
				t.Errorf("line %d, want %d: %v", p.Line, n+1, p)
			}
		}
	}
	if !found || rep.ZONEMD != ZONEMDFailed {
		t.Fatalf("ZONEMD %s, problems:\n%v", rep.ZONEMD, rep.Err())
	}
}

// TestVerifyZoneRRSIGsPerRRsetLimit repeats one RRSIG beyond
// MaxZoneRRSIGsPerRRset: the first ones are verified, the one at the limit is
// reported as ErrLimitExceeded at its line, and the rest are not verified.
func TestVerifyZoneRRSIGsPerRRsetLimit(t *testing.T) {
	z := readZoneFixture(t, "ldns-nsec-15.zone")
	n := lineIndex(t, z, "mail.example.", "RRSIG\tA")
	sig := strings.Split(z, "\n")[n-1]
	extra := strings.Repeat(sig+"\n", MaxZoneRRSIGsPerRRset+3)
	z = replaceLine(z, n, func(l string) string { return l + "\n" + extra[:len(extra)-1] })
	rep := verifyText(t, z, ZoneConfig{Now: at(fixtureNow)})
	var got []string
	for _, p := range rep.Findings {
		got = append(got, itoa(p.Line)+" "+p.Kind.Error())
	}
	want := []string{itoa(n+MaxZoneRRSIGsPerRRset) + " " + ErrLimitExceeded.Error()}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// TestVerifyZoneBufferedMerge: the ldns fixture is not in canonical order,
// so it goes through the sort buffer (zone_sort.go) and verifies clean. An
// A record of mail.example. added at the end of the file joins the RRset
// only when the groups of the owner are merged; the RRSIG over the RRset
// without it is then reported bogus (RFC 4035 §5.3.3), in a small budget
// that spills runs to disk as well as in memory.
func TestVerifyZoneBufferedMerge(t *testing.T) {
	z := readZoneFixture(t, "ldns-nsec3-8.zone")
	for _, mem := range []int64{0, 4 << 10} {
		opts := ZoneConfig{Now: at(fixtureNow), Memory: mem}
		rep := verifyText(t, z, opts)
		if err := rep.Err(); err != nil || rep.Sorted {
			t.Fatalf("memory %d: sorted %v: %v", mem, rep.Sorted, err)
		}
		added := z + "mail.example.\t3600\tIN\tA\t192.0.2.99\n"
		rep = verifyText(t, added, opts)
		aLine := lineIndex(t, z, "mail.example.\t3600\tIN\tA\t")
		want := []string{itoa(aLine) + " " + ErrUnsignedRRset.Error(), itoa(aLine+1) + " " + ErrBadSignature.Error()}
		if diff := cmp.Diff(want, kinds(rep)); diff != "" {
			t.Errorf("memory %d: RRSIG over the merged RRset (-want +got):\n%s", mem, diff)
		}
	}
}
