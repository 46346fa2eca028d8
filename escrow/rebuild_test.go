package escrow

import (
	"bytes"
	"context"
	"os"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// memStore is a Store that keeps full objects in memory.
type memStore struct {
	objs map[Kind]map[string]*Object
	ops  []string
}

func (m *memStore) Put(k Kind, key string, o *Object) error {
	if m.objs == nil {
		m.objs = map[Kind]map[string]*Object{}
	}
	if m.objs[k] == nil {
		m.objs[k] = map[string]*Object{}
	}
	m.objs[k][key] = o.Clone()
	m.ops = append(m.ops, "put "+k.String()+" "+key)
	return nil
}

func (m *memStore) Delete(k Kind, key string, byRoid bool) error {
	if byRoid {
		for name, o := range m.objs[k] {
			if o.Elem.ChildText(o.Elem.Name.Space, "roid") == key {
				key = name
			}
		}
	}
	delete(m.objs[k], key)
	m.ops = append(m.ops, "delete "+k.String()+" "+key)
	return nil
}

// TestRebuildRFC9022 rebuilds the repository from the RFC 9022 §14 FULL and
// §15 DIFF (RFC 8909 §5.2: deletes, then contents), writes it as a new FULL
// and verifies that: the counts match the DIFF's header.
func TestRebuildRFC9022(t *testing.T) {
	st, store := NewState(), &memStore{}
	for _, f := range []string{"testdata/rfc9022/rfc9022-s14-full-xml.xml", "testdata/rfc9022/rfc9022-s15-diff-xml.xml"} {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Verify(context.Background(), fh, &VerifyConfig{Now: fixedNow, State: st, Store: store}); err != nil {
			t.Fatal(err)
		}
		fh.Close()
	}
	wantOps := []string{"put domain example1.example", "put domain example2.example", "put host ns1.example1.example",
		"put contact sh8013", "put registrar RegistrarX", "put idnTableRef pt-BR", "put NNDN xn--exampl-gva.example",
		"delete domain example2.example"}
	if d := cmp.Diff(wantOps, store.ops); d != "" {
		t.Errorf("rebuild operations (-want +got):\n%s", d)
	}
	// Write the rebuilt repository as a FULL and verify it.
	var b bytes.Buffer
	w, _ := NewWriter(&b, &Deposit{Type: Full, ID: "rebuilt", WatermarkText: "2019-10-17T00:00:00Z", ObjURIs: []string{NSDomain}})
	hdr := el(NSHeader, "header", "").Add(el(NSHeader, "tld", "test"))
	for _, k := range []Kind{KindDomain, KindHost, KindContact, KindRegistrar, KindIDNTableRef, KindNNDN} {
		hdr.Add(el(NSHeader, "count", itoa(len(store.objs[k])), a("uri", k.modelURI())))
	}
	w.Write(&Object{Kind: KindHeader, Elem: hdr})
	for _, k := range []Kind{KindDomain, KindHost, KindContact, KindRegistrar, KindIDNTableRef, KindNNDN} {
		var keys []string
		for key := range store.objs[k] {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			if err := w.Write(store.objs[k][key]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rep := verifyBytes(t, "rebuilt.xml", b.Bytes(), nil)
	want := map[string]int64{NSDomain: 1, NSHost: 1, NSContact: 1, NSRegistrar: 1, NSIDN: 1, NSNNDN: 1}
	if d := cmp.Diff(want, rep.Counts); d != "" {
		t.Errorf("rebuilt counts (-want +got):\n%s", d)
	}
	// Only the RFC example's own dangling references remain.
	for _, f := range rep.Findings {
		if !bytes.Contains([]byte(f.Error()), []byte("references")) {
			t.Errorf("rebuilt deposit: %v", f)
		}
	}
}
