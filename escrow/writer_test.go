package escrow

import (
	"bytes"
	"path/filepath"
	"testing"
)

// TestRoundTrip reads every fixture, writes it with the Writer and reads the
// result again: the objects must be equal (RFC 8909 §5, lossless model).
func TestRoundTrip(t *testing.T) {
	files := depositFixtures()
	if len(files) < 8 {
		t.Fatalf("found only %d fixtures", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			dep, objs, _ := readAll(t, f)
			var buf bytes.Buffer
			w, err := NewWriter(&buf, dep)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range objs {
				if err := w.Write(o); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			r := NewReader(bytes.NewReader(buf.Bytes()), nil)
			dep2, err := r.Deposit()
			if err != nil {
				t.Fatal(err)
			}
			if dep2.Type != dep.Type || dep2.ID != dep.ID || dep2.PrevID != dep.PrevID || !dep2.Watermark.Equal(dep.Watermark) || len(dep2.ObjURIs) != len(dep.ObjURIs) {
				t.Errorf("envelope changed: %+v -> %+v", dep, dep2)
			}
			i := 0
			for r.Next() {
				o := r.Object()
				if i >= len(objs) {
					t.Fatalf("extra object %s", o.Describe())
				}
				if o.Kind != objs[i].Kind || o.Delete != objs[i].Delete || o.Model != objs[i].Model || !o.Elem.Equal(objs[i].Elem) {
					t.Errorf("object %d: %s changed in round trip", i, objs[i].Describe())
				}
				i++
			}
			if r.Err() != nil {
				t.Fatal(r.Err())
			}
			if i != len(objs) {
				t.Errorf("read back %d objects, wrote %d", i, len(objs))
			}
		})
	}
}
