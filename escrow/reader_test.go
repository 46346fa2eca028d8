package escrow

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func readAll(t testing.TB, path string) (*Deposit, []*Object, *Reader) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := NewReader(f, &ReaderConfig{Name: filepath.Base(path)})
	dep, err := r.Deposit()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var objs []*Object
	for r.Next() {
		objs = append(objs, r.Object().Clone())
	}
	if err := r.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return dep, objs, r
}

func kindCounts(objs []*Object) map[string]int {
	m := map[string]int{}
	for _, o := range objs {
		k := o.Kind.String()
		if o.Delete {
			k += "-delete"
		}
		m[k]++
	}
	return m
}

func TestReaderFixtures(t *testing.T) {
	tests := []struct {
		file string
		typ  DepositType
		want map[string]int
	}{
		{"rfc9022/rfc9022-s14-full-xml.xml", Full, map[string]int{"header": 1, "domain": 2, "host": 1, "contact": 1, "registrar": 1, "idnTableRef": 1, "NNDN": 1, "eppParams": 1, "policy": 1}},
		{"rfc9022/rfc9022-s15-diff-xml.xml", Differential, map[string]int{"header": 1, "domain-delete": 1}},
		{"rfc9022/rfc9022-s16-full-csv.xml", Full, map[string]int{"header": 1, "csv": 19, "eppParams": 1}},
		{"rfc9022/rfc9022-s17-diff-csv.xml", Differential, map[string]int{"header": 1, "csv": 19, "csv-delete": 6, "eppParams": 1}},
		{"nomulus/deposit_full.xml", Full, map[string]int{"header": 1, "domain": 2, "host": 2, "registrar": 1, "idnTableRef": 1, "NNDN": 1, "eppParams": 1, "policy": 1}},
		{"nomulus/deposit_full_different.xml", Full, map[string]int{"header": 1, "domain": 2, "host": 2, "registrar": 2, "idnTableRef": 1, "NNDN": 1, "eppParams": 1, "policy": 1}},
		{"nomulus/xjc_rde_deposit_differential.xml", Differential, map[string]int{"header": 1, "domain-delete": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			dep, objs, _ := readAll(t, filepath.Join("testdata", tt.file))
			if dep.Type != tt.typ {
				t.Errorf("type = %s, want %s", dep.Type, tt.typ)
			}
			if diff := cmp.Diff(tt.want, kindCounts(objs)); diff != "" {
				t.Errorf("object counts (-want +got):\n%s", diff)
			}
		})
	}
}

// depositFixtures lists the deposit fixtures (other testdata folders hold
// other document types).
func depositFixtures() []string {
	var out []string
	for _, dir := range []string{"rfc9022", "nomulus"} {
		m, _ := filepath.Glob(filepath.Join("testdata", dir, "*.xml"))
		out = append(out, m...)
	}
	return out
}
