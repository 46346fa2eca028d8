package escrow

import (
	"errors"
	"fmt"
)

// csvMain names the main file of a CSV model and its key and roid fields.
type csvMain struct {
	file     string
	key      Name
	roid     Name
	isDomain bool
}

// csvMainFile names the key fields of the main file of each CSV model (RFC
// 9022 §5.1.2–§5.6.2).
var csvMainFile = map[string]csvMain{
	NSCSVDomain:    {"domain", Name{NSCSVDomain, "fName"}, Name{NSCSV, "fRoid"}, true},
	NSCSVHost:      {"host", Name{NSCSVHost, "fName"}, Name{NSCSV, "fRoid"}, false},
	NSCSVContact:   {"contact", Name{NSCSVContact, "fId"}, Name{NSCSV, "fRoid"}, false},
	NSCSVRegistrar: {"registrar", Name{NSCSVRegistrar, "fId"}, Name{}, false},
	NSCSVIDN:       {"idnLanguage", Name{NSCSV, "fIdnTableId"}, Name{}, false},
	NSCSVNNDN:      {"NNDN", Name{NSCSVNNDN, "fAName"}, Name{}, false},
}

// csvRef is a field that references another object.
type csvRef struct {
	field  Name
	target Kind
}

var csvRefs = []csvRef{
	{Name{NSCSV, "fRegistrant"}, KindContact},
	{Name{NSCSV, "fClID"}, KindRegistrar},
	{Name{NSCSV, "fCrRr"}, KindRegistrar},
	{Name{NSCSV, "fUpRr"}, KindRegistrar},
	{Name{NSCSV, "fReRr"}, KindRegistrar},
	{Name{NSCSV, "fAcRr"}, KindRegistrar},
	{Name{NSCSV, "fIdnTableId"}, KindIDNTableRef},
	{Name{NSCSVContact, "fId"}, KindContact},
	{Name{NSCSVHost, "fName"}, KindHost},
	{Name{NSCSVDomain, "fName"}, KindDomain},
}

// CSVStore is implemented by a Store that also rebuilds objects of the CSV
// model. Rows arrive in document order (deletes, then contents, RFC 8909
// §5.2). PutRow replaces an object from a row of its model's main file;
// by the cascade rule of RFC 9022 §4.6.1 (§5.1.2 for domains) the store
// must drop the object's child rows then, and DeleteRow drops the object
// with its child rows. PutChildRow adds a row of a child file (for example
// domainContacts) to the object named by the parent="true" field's value.
// row is only valid during the call. Objects of <contents> may come in any
// order (RFC 8909 sets none), so when a CSVStore is given the child files of
// a deposit's contents are applied after all its other objects: a child row
// always follows the parent row whose cascade would otherwise drop it (up to
// maxDeferredCSVFiles child files).
type CSVStore interface {
	PutRow(kind Kind, key string, spec *CSVSpec, row []string) error
	PutChildRow(kind Kind, parentKey string, parent CSVField, spec *CSVSpec, row []string) error
	DeleteRow(kind Kind, key string, byRoid bool) error
}

// csvPlan is what csv works out once per <rdeCsv:csv> object and uses on
// every row of its files.
type csvPlan struct {
	o                          *Object
	spec                       *CSVSpec
	kind                       Kind
	isMain                     bool // the model's main file (keyed by the object's name or id)
	keyIdx, roidIdx, parentIdx int  // field positions, -1 if absent
	required                   []int
	refCols                    []csvRefCol
	cs                         CSVStore // nil unless the Store rebuilds the CSV model
	desc                       string   // "{name} row", for findings
}

// csvRefCol is a field whose value references another object (the parent
// key is a reference to the parent object in a child file).
type csvRefCol struct {
	idx    int
	target Kind
	byRoid bool
	what   string
}

// csv checks one <rdeCsv:csv> object and its files (RFC 9022 §4.6).
func (v *verifier) csv(o *Object) {
	spec, err := parseCSVSpec(o)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			v.add(e)
		}
		return
	}
	main, hasMain := csvMainFile[spec.Model]
	p := &csvPlan{o: o, spec: spec, kind: csvModelKind(spec.Model), isMain: hasMain && spec.Name == main.file,
		keyIdx: -1, roidIdx: -1, parentIdx: -1, desc: fmt.Sprintf("%s row", spec.Name)}
	if !p.isMain && hasMain && v.deferCSV(o, spec) {
		return
	}
	v.checkCSVFields(p, main)
	if v.opts.Files == nil {
		for _, f := range spec.files {
			v.rep.Skipped = append(v.rep.Skipped, fmt.Sprintf("CSV file %s (line %d): not read, no VerifyConfig.Files given", f.Name, o.Line))
		}
		return
	}
	p.refCols = csvRefCols(spec, p.isMain, p.keyIdx, p.roidIdx)
	p.cs, _ = v.opts.Store.(CSVStore)
	for i, f := range spec.Fields {
		if f.Parent && p.parentIdx < 0 {
			p.parentIdx = i
		}
		if f.Required {
			p.required = append(p.required, i)
		}
	}
	for _, file := range spec.files {
		v.csvFile(p, file)
	}
}

// deferCSV holds back a child file of the contents when a CSVStore rebuilds,
// so that its rows follow the main-file rows whose cascade would drop them
// (RFC 9022 §4.6.1). It reports whether o was held back.
func (v *verifier) deferCSV(o *Object, spec *CSVSpec) bool {
	if spec.isDelete || v.replaying || v.opts.Files == nil {
		return false
	}
	if _, ok := v.opts.Store.(CSVStore); !ok {
		return false
	}
	if len(v.deferred) < maxDeferredCSVFiles {
		v.deferred = append(v.deferred, o.Clone())
		return true
	}
	v.finding(o, 0, "RFC 9022 §4.6.1; limits.go maxDeferredCSVFiles",
		"more than %d CSV child files: %s is applied in document order, and a later main-file row drops its rows", maxDeferredCSVFiles, spec.Name)
	return false
}

// checkCSVFields checks the field definitions (RFC 9022 §4.6.2.1) and, for
// a main file, finds its key and roid fields.
func (v *verifier) checkCSVFields(p *csvPlan, main csvMain) {
	spec, o := p.spec, p.o
	for _, f := range spec.Fields {
		if f.Name.Space != NSCSV && csvModelKind(f.Name.Space) == KindUnknown {
			v.findingC(codeSchema, o, 0, clauseSchema, "field {%s}%s is not an RFC 9022 CSV field", f.Name.Space, f.Name.Local)
		}
	}
	if !p.isMain {
		return
	}
	p.keyIdx = spec.Index(main.key.Space, main.key.Local)
	if main.roid.Local != "" {
		p.roidIdx = spec.Index(main.roid.Space, main.roid.Local)
	}
	if p.keyIdx < 0 && !(spec.isDelete && p.kind == KindHost && p.roidIdx >= 0) {
		v.findingC(codeSchema, o, 0, "RFC 9022 §4.6.2.1", "%s file has no key field %s", spec.Name, main.key.Local)
	}
	if !spec.isDelete && p.kind == KindDomain && (p.keyIdx < 0 || p.roidIdx < 0 || (spec.Index(NSCSV, "fClID") < 0 && spec.Index(NSCSV, "fGurid") < 0)) {
		v.findingC(codeSchema, o, 0, "RFC 9022 §5.1.2.1", "domain file must define fName, fRoid and fClID or fGurid")
	}
}

// csvRefCols lists the fields of a contents file that reference other
// objects (RFC 9022 §5.1.2, §5.2.2, §5.3.2).
func csvRefCols(spec *CSVSpec, isMain bool, keyIdx, roidIdx int) []csvRefCol {
	if spec.isDelete {
		return nil
	}
	var refCols []csvRefCol
	for _, r := range csvRefs {
		i := spec.Index(r.field.Space, r.field.Local)
		if i < 0 || i == keyIdx {
			continue
		}
		refCols = append(refCols, csvRefCol{i, r.target, false, r.field.Local})
	}
	if !isMain && roidIdx < 0 {
		// Child files keyed by the parent's roid (hostStatuses, hostAddresses).
		if i := spec.Index(NSCSV, "fRoid"); i >= 0 && spec.Fields[i].Parent {
			refCols = append(refCols, csvRefCol{i, KindHost, true, "fRoid"}) // host roid
		}
	}
	return refCols
}

// csvFile reads one file of a <rdeCsv:csv> object through VerifyConfig.Files
// and checks and applies its rows.
func (v *verifier) csvFile(p *csvPlan, file csvFile) {
	o := p.o
	cr, err := openCSV(v.opts.Files, p.spec, file, &csvConfig{MaxFileBytes: v.opts.MaxCSVFileBytes, MaxCompressionRatio: v.opts.MaxCompressionRatio})
	if err != nil {
		e := &Error{Kind: ErrInvalid, Clause: "RFC 9022 §4.6.2.1; RST rde-04", Object: o.Describe(), File: file.Name, Offset: -1, Err: err, Code: csvErrCode(err)}
		var ee *Error
		if errors.As(err, &ee) {
			e = ee
			e.Object = o.Describe()
		}
		if e.Code == "" {
			e.Code = csvErrCode(err)
		}
		v.add(e)
		return
	}
	v.curFile = file.Name
	for cr.next() {
		v.rep.CSVRows++
		v.csvRow(p, file.Name, cr.record(), cr.lineNo())
	}
	if err := cr.failure(); err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Object = o.Describe()
			if e.Code == "" {
				e.Code = codeInvalidCSV
			}
			v.add(e)
		} else {
			v.add(&Error{Kind: ErrMalformed, Object: o.Describe(), File: file.Name, Offset: -1, Err: err, Code: codeInvalidCSV})
		}
	}
	cr.Close()
	v.curFile = ""
}

// csvRow checks one record (field count and isRequired, RFC 9022 §4.6.2.1;
// RST's per-field rules), applies it to the State and the CSVStore, and
// records its references.
func (v *verifier) csvRow(p *csvPlan, fname string, rec []string, line int) {
	spec := p.spec
	if len(rec) != len(spec.Fields) {
		v.add(&Error{Kind: ErrInvalid, Clause: "RFC 9022 §4.6.2.1; RFC 4180 §2; RST rde-04", Code: codeInvalidCSV, Object: p.desc, File: fname, Line: line, Offset: -1,
			Err: fmt.Errorf("%d fields, the <rdeCsv:fields> definition has %d", len(rec), len(spec.Fields))})
		return
	}
	for _, i := range p.required {
		if trimXMLSpace(rec[i]) == "" {
			v.add(&Error{Kind: ErrInvalid, Clause: "RFC 9022 §4.6.2.1 (isRequired); RST rde-04", Code: codeInvalidCSV, Object: p.desc, File: fname, Line: line, Offset: -1,
				Err: fmt.Errorf("required field %s is empty", spec.Fields[i].Name.Local)})
		}
	}
	if v.rst != nil && !spec.isDelete {
		v.rstRow(spec, rec, fname, line)
	}
	if p.isMain {
		if !v.csvMainRow(p, fname, rec, line) {
			return
		}
	} else if p.cs != nil && !spec.isDelete && p.parentIdx >= 0 {
		v.storeErr(p.desc, fname, line, p.cs.PutChildRow(p.kind, rec[p.parentIdx], spec.Fields[p.parentIdx], spec, rec))
	}
	for _, rc := range p.refCols {
		val := rec[rc.idx]
		if val == "" {
			continue
		}
		rs := &Object{Kind: KindCSV, Model: spec.Model, Line: line, Offset: -1, Elem: &Element{Name: Name{NSCSV, "csv"}, Attrs: []Attr{{Name{Local: "name"}, spec.Name + ":" + fname}}}}
		if rc.byRoid {
			if !v.st.hostRoids.has(v.st.fp(val)) {
				v.reference(rs, line, KindHost, "roid:"+val, rc.what)
			}
			continue
		}
		v.reference(rs, line, rc.target, val, rc.what)
	}
}

// csvMainRow applies a row of a main file: a delete by key (or, for hosts,
// by roid) or a put. It reports whether the row's references are to be
// checked (not for deletes).
func (v *verifier) csvMainRow(p *csvPlan, fname string, rec []string, line int) bool {
	key := ""
	if p.keyIdx >= 0 {
		key = rec[p.keyIdx]
	}
	if p.spec.isDelete {
		byRoid := key == "" && p.kind == KindHost && p.roidIdx >= 0
		if byRoid {
			key = rec[p.roidIdx]
		}
		v.csvDel(fname, line, p.kind, key, byRoid)
		// As Store.Delete: trimmed, and not for an empty key.
		if key = trimXMLSpace(key); p.cs != nil && key != "" {
			v.storeErr(p.desc, fname, line, p.cs.DeleteRow(p.kind, key, byRoid))
		}
		return false
	}
	roid := ""
	if p.roidIdx >= 0 {
		roid = rec[p.roidIdx]
	}
	v.objects[p.kind]++
	v.csvPut(fname, line, p.kind, key, roid, p.spec.Name)
	if p.cs != nil && key != "" { // as Store.Put: not for an empty key
		v.storeErr(p.desc, fname, line, p.cs.PutRow(p.kind, key, p.spec, rec))
	}
	return true
}

// replayDeferredCSV applies the CSV child files that csv held back, in
// document order, once every other object of the deposit was applied.
func (v *verifier) replayDeferredCSV() {
	v.replaying = true
	for _, o := range v.deferred {
		v.csv(o)
	}
	v.deferred = nil
}

// storeErr reports an error of a CSVStore (RFC 8909 §5.2 rebuild).
func (v *verifier) storeErr(object, file string, line int, err error) {
	if err != nil {
		v.add(&Error{Kind: ErrInvalid, Clause: clauseRebuild, Object: object, File: file, Line: line, Offset: -1, Err: fmt.Errorf("store: %w", err)})
	}
}

func (v *verifier) csvPut(file string, line int, k Kind, key, roid, what string) {
	o := &Object{Kind: KindCSV, Model: csvURI(k), Line: line, Offset: -1, Elem: &Element{Name: Name{NSCSV, "csv"}, Attrs: []Attr{{Name{Local: "name"}, what + ":" + file}}}}
	v.csvKind[k] = true
	n := len(v.rep.Findings)
	v.put(o, k, key, roid, line)
	for _, f := range v.rep.Findings[n:] {
		f.File = file
	}
}

func (v *verifier) csvDel(file string, line int, k Kind, key string, byRoid bool) {
	o := &Object{Kind: KindCSV, Model: csvURI(k), Line: line, Offset: -1, Elem: &Element{Name: Name{NSCSV, "csv"}, Attrs: []Attr{{Name{Local: "name"}, k.String() + " delete:" + file}}}}
	v.csvKind[k] = true
	n := len(v.rep.Findings)
	v.del(o, k, key, byRoid, line)
	for _, f := range v.rep.Findings[n:] {
		f.File = file
	}
}
