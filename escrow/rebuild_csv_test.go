package escrow

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// memCSVStore keeps CSV-model objects as rows with their child rows,
// applying the cascade rule of RFC 9022 §4.6.1.
type memCSVStore struct {
	memStore
	rows     map[string][]string
	children map[string][]string
	rowOps   []string
	failKey  string // PutRow and PutChildRow fail for this key
}

func (m *memCSVStore) init() {
	if m.rows == nil {
		m.rows, m.children = map[string][]string{}, map[string][]string{}
	}
}

func (m *memCSVStore) PutRow(k Kind, key string, spec *CSVSpec, row []string) error {
	m.init()
	m.rowOps = append(m.rowOps, "row "+spec.Name+" "+key)
	if key == m.failKey {
		return errors.New("disk full")
	}
	id := k.String() + ":" + key
	m.rows[id] = append([]string(nil), row...)
	delete(m.children, id) // cascade replace
	return nil
}

func (m *memCSVStore) PutChildRow(k Kind, parentKey string, parent CSVField, spec *CSVSpec, row []string) error {
	m.init()
	m.rowOps = append(m.rowOps, "child "+spec.Name+" "+parent.Name.Local+"="+parentKey)
	if parentKey == m.failKey {
		return errors.New("disk full")
	}
	id := k.String() + ":" + parentKey
	m.children[id] = append(m.children[id], spec.Name+"="+strings.Join(row, ","))
	return nil
}

func (m *memCSVStore) DeleteRow(k Kind, key string, byRoid bool) error {
	m.init()
	m.rowOps = append(m.rowOps, "delete "+k.String()+" "+key)
	id := k.String() + ":" + key
	delete(m.rows, id)
	delete(m.children, id) // cascade delete
	return nil
}

func csvDeposit(t *testing.T, typ DepositType, id, prev string, withDeletes bool, count int) []byte {
	t.Helper()
	return csvDepositOrder(t, typ, id, prev, withDeletes, count, false)
}

// csvDepositOrder is csvDeposit with the domainContacts file listed before
// the domain file when childFirst is set.
func csvDepositOrder(t *testing.T, typ DepositType, id, prev string, withDeletes bool, count int, childFirst bool) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := NewWriter(&b, &Deposit{Type: typ, ID: id, PrevID: prev, WatermarkText: "2026-11-22T00:00:00Z", ObjURIs: []string{NSCSVDomain}})
	if err != nil {
		t.Fatal(err)
	}
	csvObj := func(del bool, name, file string, fields ...*Element) *Object {
		return &Object{Kind: KindCSV, Delete: del, Model: NSCSVDomain, Elem: el(NSCSV, "csv", "", a("name", name)).Add(
			el(NSCSV, "fields", "").Add(fields...),
			el(NSCSV, "files", "").Add(el(NSCSV, "file", file)))}
	}
	if withDeletes {
		w.Write(csvObj(true, "domain", id+"-domain-delete.csv", el(NSCSVDomain, "fName", "")))
	}
	w.Write(&Object{Kind: KindHeader, Elem: el(NSHeader, "header", "").Add(el(NSHeader, "tld", "example"),
		el(NSHeader, "count", itoa(count), a("uri", NSCSVDomain)))})
	domain := csvObj(false, "domain", id+"-domain.csv", el(NSCSVDomain, "fName", ""), el(NSCSV, "fRoid", ""), el(NSCSV, "fClID", ""))
	// The parent field is not the first one: the store gets its value.
	contacts := csvObj(false, "domainContacts", id+"-domainContacts.csv", el(NSCSVContact, "fId", ""),
		el(NSCSVDomain, "fName", "", a("parent", "true")), el(NSCSVDomain, "fContactType", ""))
	if childFirst {
		w.Write(contacts)
		w.Write(domain)
	} else {
		w.Write(domain)
		w.Write(contacts)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestRebuildCSVCascade applies a CSV-model FULL and DIFF: the DIFF's domain
// row replaces the domain and its contacts (cascade), and its delete removes
// a domain with its child rows (RFC 9022 §4.6.1, RFC 8909 §5.2).
func TestRebuildCSVCascade(t *testing.T) {
	files := fstest.MapFS{
		"1-domain.csv":         {Data: []byte("d1.example,D1-T,RegistrarX\nd2.example,D2-T,RegistrarX\n")},
		"1-domainContacts.csv": {Data: []byte("ct0001,d1.example,admin\nct0001,d2.example,tech\n")},
		"2-domain-delete.csv":  {Data: []byte("d2.example\n")},
		"2-domain.csv":         {Data: []byte("d1.example,D1-T,RegistrarY\n")},
		"2-domainContacts.csv": {Data: []byte("ct0002,d1.example,billing\n")},
	}
	st, store := NewState(), &memCSVStore{}
	for _, dep := range [][]byte{
		csvDeposit(t, Full, "1", "", false, 2),
		csvDeposit(t, Differential, "2", "1", true, 1),
	} {
		rep, err := Verify(context.Background(), bytes.NewReader(dep), &VerifyConfig{Now: fixedNow, State: st, Store: store, Files: files})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rep.Findings {
			if !strings.Contains(f.Error(), "references") { // contacts and registrars are not in these files
				t.Errorf("%v", f)
			}
		}
	}
	if d := cmp.Diff(map[string][]string{"domain:d1.example": {"d1.example", "D1-T", "RegistrarY"}}, store.rows); d != "" {
		t.Errorf("rows (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string][]string{"domain:d1.example": {"domainContacts=ct0002,d1.example,billing"}}, store.children); d != "" {
		t.Errorf("child rows (-want +got):\n%s", d)
	}
	wantOps := []string{"row domain d1.example", "row domain d2.example", "child domainContacts fName=d1.example", "child domainContacts fName=d2.example",
		"delete domain d2.example", "row domain d1.example", "child domainContacts fName=d1.example"}
	if d := cmp.Diff(wantOps, store.rowOps); d != "" {
		t.Errorf("CSVStore operations (-want +got):\n%s", d)
	}
	if st.count(KindDomain) != 1 {
		t.Errorf("state has %d domains", st.count(KindDomain))
	}
}

// TestRebuildCSVStoreError: an error of the CSVStore is a finding of the
// rebuild clause (RFC 8909 §5.2) at the row's file and line.
func TestRebuildCSVStoreError(t *testing.T) {
	files := fstest.MapFS{
		"1-domain.csv":         {Data: []byte("d1.example,D1-T,RegistrarX\nd2.example,D2-T,RegistrarX\n")},
		"1-domainContacts.csv": {Data: []byte("ct0001,d1.example,admin\nct0001,d2.example,tech\n")},
	}
	store := &memCSVStore{failKey: "d2.example"}
	rep, err := Verify(context.Background(), bytes.NewReader(csvDeposit(t, Full, "1", "", false, 2)), &VerifyConfig{Now: fixedNow, Store: store, Files: files})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		if f.Clause == clauseRebuild {
			got = append(got, f.Error())
		}
	}
	want := []string{
		"escrow: 1-domain.csv:line 2: domain row: invalid deposit: store: disk full (RFC 8909 §2, §5.2)",
		"escrow: 1-domainContacts.csv:line 2: domainContacts row: invalid deposit: store: disk full (RFC 8909 §2, §5.2)",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("store findings (-want +got):\n%s", d)
	}
}

// TestRebuildCSVChildFileFirst lists the domainContacts file before the
// domain file: RFC 8909 sets no order among the objects of <contents>, so
// the child rows must survive the cascade of their parents' rows (RFC 9022
// §4.6.1) all the same.
func TestRebuildCSVChildFileFirst(t *testing.T) {
	files := fstest.MapFS{
		"1-domain.csv":         {Data: []byte("d1.example,D1-T,RegistrarX\nd2.example,D2-T,RegistrarX\n")},
		"1-domainContacts.csv": {Data: []byte("ct0001,d1.example,admin\nct0001,d2.example,tech\n")},
	}
	store := &memCSVStore{}
	rep, err := Verify(context.Background(), bytes.NewReader(csvDepositOrder(t, Full, "1", "", false, 2, true)), &VerifyConfig{Now: fixedNow, Store: store, Files: files})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if !strings.Contains(f.Error(), "references") {
			t.Errorf("%v", f)
		}
	}
	want := map[string][]string{
		"domain:d1.example": {"domainContacts=ct0001,d1.example,admin"},
		"domain:d2.example": {"domainContacts=ct0001,d2.example,tech"},
	}
	if d := cmp.Diff(want, store.children); d != "" {
		t.Errorf("child rows (-want +got):\n%s", d)
	}
}

// TestRebuildCSVDeferLimit defines more child files than
// maxDeferredCSVFiles: the first ones wait for the main file, the one past
// the limit is applied in place with a finding naming the limit.
func TestRebuildCSVDeferLimit(t *testing.T) {
	var b bytes.Buffer
	w, err := NewWriter(&b, &Deposit{Type: Full, ID: "1", WatermarkText: "2026-11-22T00:00:00Z", ObjURIs: []string{NSCSVDomain}})
	if err != nil {
		t.Fatal(err)
	}
	csvObj := func(name, file string, fields ...*Element) *Object {
		return &Object{Kind: KindCSV, Model: NSCSVDomain, Elem: el(NSCSV, "csv", "", a("name", name)).Add(
			el(NSCSV, "fields", "").Add(fields...),
			el(NSCSV, "files", "").Add(el(NSCSV, "file", file)))}
	}
	for range maxDeferredCSVFiles + 1 {
		w.Write(csvObj("domainContacts", "c.csv", el(NSCSVContact, "fId", ""),
			el(NSCSVDomain, "fName", "", a("parent", "true")), el(NSCSVDomain, "fContactType", "")))
	}
	w.Write(csvObj("domain", "d.csv", el(NSCSVDomain, "fName", ""), el(NSCSV, "fRoid", ""), el(NSCSV, "fClID", "")))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	files := fstest.MapFS{
		"d.csv": {Data: []byte("d1.example,D1-T,RegistrarX\n")},
		"c.csv": {Data: []byte("ct0001,d1.example,admin\n")},
	}
	store := &memCSVStore{}
	rep, err := Verify(context.Background(), bytes.NewReader(b.Bytes()), &VerifyConfig{Now: fixedNow, Store: store, Files: files})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range rep.Findings {
		if strings.Contains(f.Clause, "maxDeferredCSVFiles") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d findings naming maxDeferredCSVFiles, want 1", n)
	}
	if got := len(store.children["domain:d1.example"]); got != maxDeferredCSVFiles {
		t.Errorf("%d child rows kept, want the %d deferred ones", got, maxDeferredCSVFiles)
	}
}
