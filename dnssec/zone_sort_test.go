package dnssec

import (
	"bytes"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"
)

// TestZoneSortKeyOrder: the sort buffer orders owner names exactly as
// CompareNames does (RFC 4034 §6.1), names that do not encode last, and
// equal names (case aside) get equal keys.
func TestZoneSortKeyOrder(t *testing.T) {
	names := []string{"example.", "a.example.", "Z.a.example.", "z.a.example.", "yljkjljk.a.example.", "*.z.example.",
		"\\001.z.example.", "\\000.z.example.", "\\000\\000.z.example.", "\\001\\000.z.example.", "z.example.", "zabc.a.example.",
		"\\200.z.example.", "\\255.z.example.", "a..example.", strings.Repeat("x", 64) + ".example.",
		"B..example.", "a.example.", "\\065.example.", "xx.example", ".", "a\\000.z.example.", "a.z.example."}
	key := func(n string) []byte { return appendZoneSortKey(nil, n) }
	want := append([]string(nil), names...)
	sort.SliceStable(want, func(i, j int) bool { return CompareNames(want[i], want[j]) < 0 })
	got := append([]string(nil), names...)
	sort.SliceStable(got, func(i, j int) bool { return bytes.Compare(key(got[i]), key(got[j])) < 0 })
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-CompareNames +sort key):\n%s", diff)
	}
	for _, a := range names {
		for _, b := range names {
			if (CompareNames(a, b) == 0) != bytes.Equal(key(a), key(b)) {
				t.Errorf("%q and %q: CompareNames %d, keys %x %x", a, b, CompareNames(a, b), key(a), key(b))
			}
		}
	}
}

// TestZoneSorterSpill: the same groups come back, merged and in the same
// order, from memory alone and from many runs on disk, and the runs leave
// no file behind.
func TestZoneSorterSpill(t *testing.T) {
	z := readZoneFixture(t, "bind-nsec3-13.zone")
	var groups []*zgroup
	zs := NewZoneScanner(strings.NewReader(z), nil)
	for rr, ok := zs.Next(); ok; rr, ok = zs.Next() {
		key := strings.ToLower(rr.Header().Name)
		if n := len(groups); n == 0 || groups[n-1].key != key {
			groups = append(groups, &zgroup{key: key})
		}
		g := groups[len(groups)-1]
		g.recs = append(g.recs, zrec{rr: rr, line: zs.Line()})
	}
	if zs.Err() != nil {
		t.Fatal(zs.Err())
	}
	// A record miekg/dns cannot pack is kept as text.
	groups = append(groups, &zgroup{key: "x.example.", recs: []zrec{{line: 9999, rr: &dns.NSEC3PARAM{
		Hdr: dns.RR_Header{Name: "x.example.", Rrtype: dns.TypeNSEC3PARAM, Class: dns.ClassINET, Ttl: 1}, Hash: 1, SaltLength: 1, Salt: "zz"}}}})
	read := func(budget int64) ([]string, int) {
		dir := t.TempDir()
		s := newZoneSorter(budget, dir)
		defer s.close()
		for _, g := range groups {
			if err := s.add(g); err != nil {
				t.Fatal(err)
			}
		}
		runs := len(s.runs)
		var out []string
		if err := s.each(func(g *zgroup) error {
			for _, r := range g.recs {
				out = append(out, itoa(r.line)+" "+g.key+" "+r.rr.String())
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("budget %d: %d files left in the temporary directory", budget, len(left))
		}
		return out, runs
	}
	mem, runs := read(1 << 30)
	if runs != 0 || len(mem) == 0 {
		t.Fatalf("in memory: %d runs, %d records", runs, len(mem))
	}
	disk, runs := read(1 << 10)
	if runs < 5 {
		t.Fatalf("only %d runs spilled", runs)
	}
	if diff := cmp.Diff(mem, disk); diff != "" {
		t.Errorf("(-memory +disk):\n%s", diff)
	}
	for i := 1; i < len(mem); i++ {
		a, b := strings.Fields(mem[i-1])[1], strings.Fields(mem[i])[1]
		if CompareNames(a, b) > 0 {
			t.Fatalf("out of order: %s before %s", a, b)
		}
	}
}

// nsec3Last moves the NSEC3 records and their RRSIGs of a one-record-a-line
// zone to the end, each owner's together, as BIND writes them.
func nsec3Last(z string) string {
	var rest, owners []string
	nsec3 := map[string][]string{}
	for _, l := range strings.Split(strings.TrimRight(z, "\n"), "\n") {
		f := strings.Fields(l)
		if len(f) > 3 && f[2] == "IN" {
			f = f[1:]
		}
		if len(f) > 3 && (f[2] == "NSEC3" || f[2] == "RRSIG" && f[3] == "NSEC3") {
			if nsec3[f[0]] == nil {
				owners = append(owners, f[0])
			}
			nsec3[f[0]] = append(nsec3[f[0]], l)
			continue
		}
		rest = append(rest, l)
	}
	for _, o := range owners {
		rest = append(rest, nsec3[o]...)
	}
	return strings.Join(rest, "\n") + "\n"
}

// canonicalText writes a zone's records one a line in canonical order,
// through the sort buffer.
func canonicalText(t *testing.T, z string) string {
	s := newZoneSorter(1<<30, t.TempDir())
	defer s.close()
	zs := NewZoneScanner(strings.NewReader(z), nil)
	for rr, ok := zs.Next(); ok; rr, ok = zs.Next() {
		if err := s.add(&zgroup{key: strings.ToLower(rr.Header().Name), recs: []zrec{{rr: rr, line: zs.Line()}}}); err != nil {
			t.Fatal(err)
		}
	}
	var b strings.Builder
	if err := s.each(func(g *zgroup) error {
		for _, r := range g.recs {
			b.WriteString(r.rr.String() + "\n")
		}
		return nil
	}); err != nil || zs.Err() != nil {
		t.Fatal(err, zs.Err())
	}
	return b.String()
}

// TestVerifyZoneNSEC3Last: a zone in canonical order but for its NSEC3
// records written last (BIND's layout) streams, with the clean report of
// the original; an NSEC3 owner split in two (its RRSIG after another name)
// is read again sorted and merged, with no false problem about it.
func TestVerifyZoneNSEC3Last(t *testing.T) {
	for _, f := range []string{"ldns-nsec3-8.zone", "ldns-optout-13.zone", "knot-optout-13.zone"} {
		now := fixtureNow
		if strings.HasPrefix(f, "knot-") {
			now = knotNow
		}
		opts := ZoneConfig{Now: at(now)}
		canon := canonicalText(t, readZoneFixture(t, f))
		if rep := verifyText(t, canon, opts); !rep.Sorted || rep.Err() != nil {
			t.Fatalf("%s in canonical order: sorted %v, %v", f, rep.Sorted, rep.Err())
		}
		z := nsec3Last(canon)
		if z == canon {
			t.Fatalf("%s: no NSEC3 moved", f)
		}
		rep := verifyText(t, z, opts)
		if !rep.Sorted || rep.Err() != nil {
			t.Fatalf("%s: sorted %v, %v", f, rep.Sorted, rep.Err())
		}
		lines := strings.Split(z, "\n")
		last := lines[len(lines)-2] // an RRSIG over an NSEC3
		split := strings.Join(append(lines[:len(lines)-2], "zz.example.\t3600\tIN\tTXT\tx", last), "\n") + "\n"
		rep = verifyText(t, split, opts)
		if rep.Sorted {
			t.Errorf("%s: an NSEC3 owner split in two was streamed", f)
		}
		for _, p := range rep.Findings {
			if p.Name != "zz.example." && (p.RR == nil || p.RR.Header().Name != "zz.example.") {
				t.Errorf("%s: %v", f, p)
			}
		}
	}
}
