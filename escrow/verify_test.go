package escrow

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }

func verifyFile(t testing.TB, path string, st *State) *Report {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := Verify(context.Background(), f, &VerifyConfig{Name: filepath.Base(path), Now: fixedNow, State: st})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rep
}

func verifyBytes(t testing.TB, name string, data []byte, st *State) *Report {
	t.Helper()
	rep, err := Verify(context.Background(), bytes.NewReader(data), &VerifyConfig{Name: name, Now: fixedNow, State: st})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rep
}

// findingKeys summarises findings as "line:object:short reason" for tables.
func findingKeys(rep *Report) []string {
	var out []string
	for _, f := range rep.Findings {
		msg := ""
		if f.Err != nil {
			msg = f.Err.Error()
		}
		if len(msg) > 120 {
			msg = msg[:120]
		}
		out = append(out, f.Object+"|"+msg)
	}
	return out
}

// TestVerifyFixtures checks the verdict on every shared fixture: the exact
// findings each must produce, and none else.
func TestVerifyFixtures(t *testing.T) {
	tests := []struct {
		file string
		want []string // substrings, one per finding, in report order
	}{
		{"rfc9022/rfc9022-s14-full-xml.xml", []string{
			// The RFC example references objects it does not include.
			`domain "example1.example" (roid Dexample1-TEST)|<registrant> references contact "jd1234"`,
			`domain "example1.example" (roid Dexample1-TEST)|<ns/hostObj> references host "ns1.example.com"`,
			`domain "example2.example" (roid Dexample2-TEST)|<registrant> references contact "jd1234"`,
		}},
		{"nomulus/deposit_full.xml", []string{
			`|header count for urn:ietf:params:xml:ns:rdeHost-1.0 is 1, but`,
			`policy|policy cannot be applied: undeclared prefix "rdeDomain"`,
		}},
		{"nomulus/deposit_full_badref.xml", []string{
			`|header count for urn:ietf:params:xml:ns:rdeHost-1.0 is 1, but`,
			`domain "example1.test" (roid Dexample1-TEST)|<ns/hostObj> references host "ns1.LAFFO.com", which is no`,
			`policy|policy cannot be applied: undeclared prefix "rdeDomain"`,
		}},
		// The same objects as deposit_full.xml in another order: the same
		// findings, none about order (RFC 8909's contentsType sets none).
		{"nomulus/deposit_full_out_of_order.xml", []string{
			`|header count for urn:ietf:params:xml:ns:rdeHost-1.0 is 1, but`,
			`policy|policy cannot be applied: undeclared prefix "rdeDomain"`,
		}},
		{"nomulus/xjc_rde_deposit_full.xml", []string{
			`domain "example1.test" (roid Dexample1-TEST)|<ns/hostObj> references host "ns1.example.com", which is `,
			`policy|policy cannot be applied: undeclared prefix "rdeDomain"`,
		}},
		{"rfc9022/rfc9022-s15-diff-xml.xml", []string{
			`|header count for urn:ietf:params:xml:ns:rdeDomain-1.0 is 1, but`,
			`|header count for urn:ietf:params:xml:ns:rdeHost-1.0 is 1, but t`,
			`|header count for urn:ietf:params:xml:ns:rdeContact-1.0 is 1, bu`,
			`|header count for urn:ietf:params:xml:ns:rdeRegistrar-1.0 is 1, `,
			`|header count for urn:ietf:params:xml:ns:rdeIDN-1.0 is 1, but th`,
			`|header count for urn:ietf:params:xml:ns:rdeNNDN-1.0 is 1, but t`,
			`|header count for urn:ietf:params:xml:ns:rdeEppParams-1.0 is 1, `,
			`|DIFF deposit 20191017002 without a preceding FULL deposit: can`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rep := verifyFile(t, filepath.Join("testdata", tt.file), nil)
			got := findingKeys(rep)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) && !strings.Contains(got[i], tt.want[i]) {
					t.Errorf("finding %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestRFC9022DiffAppliesOntoFull replays the §15 DIFF onto the §14 FULL:
// deletes then contents (RFC 8909 §5.2), and the DIFF's header counts then
// match the repository.
func TestRFC9022DiffAppliesOntoFull(t *testing.T) {
	st := NewState()
	full := verifyFile(t, "testdata/rfc9022/rfc9022-s14-full-xml.xml", st)
	if full.Counts[NSDomain] != 2 {
		t.Fatalf("FULL domain count = %d", full.Counts[NSDomain])
	}
	diff := verifyFile(t, "testdata/rfc9022/rfc9022-s15-diff-xml.xml", st)
	if !diff.OK() {
		t.Errorf("DIFF onto FULL: %v", diff.Err())
	}
	want := map[string]int64{NSDomain: 1, NSHost: 1, NSContact: 1, NSRegistrar: 1, NSIDN: 1, NSNNDN: 1, NSEppParams: 1}
	if d := cmp.Diff(want, diff.Counts); d != "" {
		t.Errorf("counts after DIFF (-want +got):\n%s", d)
	}
	if st.depositCount != 2 || st.depositID != "20191017002" {
		t.Errorf("state: %d deposits, last %s", st.depositCount, st.depositID)
	}
}

// TestNomulusDiffAppliesOntoFull replays the Nomulus xjc DIFF onto its FULL.
func TestNomulusDiffAppliesOntoFull(t *testing.T) {
	st := NewState()
	verifyFile(t, "testdata/nomulus/xjc_rde_deposit_full.xml", st)
	diff := verifyFile(t, "testdata/nomulus/xjc_rde_deposit_differential.xml", st)
	for _, f := range diff.Findings {
		if strings.Contains(f.Error(), "without a preceding FULL") || strings.Contains(f.Error(), "prevId") {
			t.Errorf("unexpected: %v", f)
		}
	}
	if got := st.count(KindDomain); got != 1 {
		t.Errorf("domains after DIFF = %d, want 1", got)
	}
}

func genBytes(t testing.TB, s genSpec) []byte {
	var b bytes.Buffer
	if err := generate(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func objectsInFile(data []byte) int64 {
	// Every object in a generated deposit is one of these start tags.
	var n int64
	for _, tag := range []string{"<rdeHeader:header>", "<rdeDomain:domain>", "<rdeHost:host>", "<rdeContact:contact>", "<rdeRegistrar:registrar>", "<rdeEppParams:eppParams>"} {
		n += int64(bytes.Count(data, []byte(tag)))
	}
	return n
}

// TestInjectedFaults generates deposits with one fault each and checks it is
// reported with the exact object, and that nothing is lost.
func TestInjectedFaults(t *testing.T) {
	// SSR_ESCROW_FAULT_SIZES=1000,100000,1000000 runs the large sizes.
	sizes := []int{1000}
	if env := os.Getenv("SSR_ESCROW_FAULT_SIZES"); env != "" {
		sizes = nil
		for _, f := range strings.Split(env, ",") {
			n, err := strconv.Atoi(f)
			if err != nil || n < 100 {
				t.Fatalf("SSR_ESCROW_FAULT_SIZES: %q", f)
			}
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		base := genSpec{Domains: n, Hosts: n / 10, Contacts: n / 20, Registrars: 10}
		tests := []struct {
			name string
			spec func(genSpec) genSpec
			want string
		}{
			{"clean", func(s genSpec) genSpec { return s }, ""},
			{"dangling contact", func(s genSpec) genSpec { s.DanglingContact = n / 2; return s },
				`domain "domain-` + itoa(n/2) + `-example.test" (roid D` + itoa(n/2) + `-TEST)|<registrant> references contact "missing-contact"`},
			{"duplicate roid", func(s genSpec) genSpec { s.DuplicateRoid = n - 1; return s },
				`domain "domain-` + itoa(n-1) + `-example.test" (roid D0-TEST)|roid "D0-TEST" is already used by another object`},
			{"wrong count", func(s genSpec) genSpec { s.WrongCount = 1; return s },
				`|header count for urn:ietf:params:xml:ns:rdeDomain-1.0 is ` + itoa(n+1) + `, but there are ` + itoa(n)},
		}
		for _, tt := range tests {
			t.Run(itoa(n)+"/"+tt.name, func(t *testing.T) {
				data := genBytes(t, tt.spec(base))
				rep := verifyBytes(t, "gen.xml", data, nil)
				if got, want := rep.Objects, objectsInFile(data); got != want {
					t.Errorf("objects read = %d, in file = %d", got, want)
				}
				got := findingKeys(rep)
				if tt.want == "" {
					if len(got) != 0 {
						t.Fatalf("clean deposit has findings:\n%s", strings.Join(got, "\n"))
					}
					return
				}
				if len(got) != 1 || !strings.HasPrefix(got[0], tt.want) {
					t.Fatalf("findings:\n%s\nwant one starting with %q", strings.Join(got, "\n"), tt.want)
				}
			})
		}
		t.Run(itoa(n)+"/truncated", func(t *testing.T) {
			data := genBytes(t, base)
			for _, cut := range []int{len(data) / 3, len(data) / 2, len(data) - 20, len(data) - 2} {
				rep := verifyBytes(t, "cut.xml", data[:cut], nil)
				if rep.OK() {
					t.Fatalf("truncated at %d of %d: no finding", cut, len(data))
				}
				last := rep.Findings[len(rep.Findings)-1]
				if !strings.Contains(last.Error(), "unexpected end of input") {
					t.Errorf("truncated at %d: %v", cut, last)
				}
				// Every complete object before the cut was read.
				if got, want := rep.Objects, objectsInFile(data[:cut])-1; got < want {
					t.Errorf("truncated at %d: read %d objects, %d complete in file", cut, got, want)
				}
			}
		})
		t.Run(itoa(n)+"/diff before full", func(t *testing.T) {
			var b bytes.Buffer
			w, _ := NewWriter(&b, &Deposit{Type: Differential, ID: "2", PrevID: "1", WatermarkText: "2026-11-23T00:00:00Z", ObjURIs: []string{NSDomain}})
			w.Write(&Object{Kind: KindDomain, Delete: true, Elem: el(NSDomain, "delete", "").Add(el(NSDomain, "name", "domain-1-example.test"))})
			w.Write(&Object{Kind: KindHeader, Elem: el(NSHeader, "header", "").Add(el(NSHeader, "tld", "test"),
				el(NSHeader, "count", itoa(n-1), a("uri", NSDomain)),
				el(NSHeader, "count", itoa(base.Hosts), a("uri", NSHost)),
				el(NSHeader, "count", itoa(base.Contacts), a("uri", NSContact)),
				el(NSHeader, "count", itoa(base.Registrars), a("uri", NSRegistrar)),
				el(NSHeader, "count", "1", a("uri", NSEppParams)))})
			w.Close()
			rep := verifyBytes(t, "diff.xml", b.Bytes(), nil)
			found := false
			for _, f := range rep.Findings {
				found = found || strings.Contains(f.Error(), "without a preceding FULL")
			}
			if !found {
				t.Fatalf("DIFF before FULL not reported: %v", findingKeys(rep))
			}
			// The same DIFF after the FULL is clean.
			st := NewState()
			verifyBytes(t, "full.xml", genBytes(t, base), st)
			st.depositID = "1"
			rep = verifyBytes(t, "diff.xml", b.Bytes(), st)
			if !rep.OK() {
				t.Fatalf("DIFF after FULL: %v", findingKeys(rep))
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestIncrementalChain applies FULL, INCR1, INCR2 where INCR2 repeats INCR1's
// delete (an INCR holds every change since the FULL, RFC 8909 §2).
func TestIncrementalChain(t *testing.T) {
	base := genSpec{Domains: 50, Hosts: 5, Contacts: 5, Registrars: 2}
	st := NewState()
	if rep := verifyBytes(t, "full.xml", genBytes(t, base), st); !rep.OK() {
		t.Fatal(findingKeys(rep))
	}
	incr := func(id string, deletes ...string) []byte {
		var b bytes.Buffer
		w, _ := NewWriter(&b, &Deposit{Type: Incremental, ID: id, PrevID: "20261122001", WatermarkText: "2026-11-23T00:00:00Z", ObjURIs: []string{NSDomain}})
		for _, d := range deletes {
			w.Write(&Object{Kind: KindDomain, Delete: true, Elem: el(NSDomain, "delete", "").Add(el(NSDomain, "name", d))})
		}
		w.Write(&Object{Kind: KindHeader, Elem: el(NSHeader, "header", "").Add(el(NSHeader, "tld", "test"),
			el(NSHeader, "count", itoa(base.Domains-len(deletes)), a("uri", NSDomain)),
			el(NSHeader, "count", itoa(base.Hosts), a("uri", NSHost)),
			el(NSHeader, "count", itoa(base.Contacts), a("uri", NSContact)),
			el(NSHeader, "count", itoa(base.Registrars), a("uri", NSRegistrar)),
			el(NSHeader, "count", "1", a("uri", NSEppParams)))})
		w.Close()
		return b.Bytes()
	}
	if rep := verifyBytes(t, "incr1.xml", incr("i1", "domain-1-example.test"), st); !rep.OK() {
		t.Fatal(findingKeys(rep))
	}
	if rep := verifyBytes(t, "incr2.xml", incr("i2", "domain-1-example.test", "domain-2-example.test"), st); !rep.OK() {
		t.Fatal(findingKeys(rep))
	}
	if st.count(KindDomain) != 48 || st.lastFullID != "20261122001" {
		t.Errorf("after INCR chain: %d domains, last FULL %q", st.count(KindDomain), st.lastFullID)
	}
}

func TestVerifyCanceled(t *testing.T) {
	data := genBytes(t, genSpec{Domains: 20000, Hosts: 10, Contacts: 10, Registrars: 2})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err := Verify(ctx, bytes.NewReader(data), &VerifyConfig{Now: fixedNow})
	if !errors.Is(err, context.Canceled) || rep == nil || rep.Objects > 8192 {
		t.Fatalf("canceled Verify: err %v, %d objects", err, rep.Objects)
	}
}
