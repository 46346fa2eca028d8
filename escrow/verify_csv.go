package escrow

import (
	"errors"
	"fmt"
)

// csvKeys names the key fields of the main file of each CSV model (RFC 9022
// §5.1.2–§5.6.2).
var csvMainFile = map[string]struct {
	file     string
	key      Name
	roid     Name
	isDomain bool
}{
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
	kind := csvModelKind(spec.Model)
	main, hasMain := csvMainFile[spec.Model]
	isMain := hasMain && spec.Name == main.file
	if !isMain && hasMain && !spec.isDelete && !v.replaying && v.opts.Files != nil {
		if _, ok := v.opts.Store.(CSVStore); ok {
			if len(v.deferred) < maxDeferredCSVFiles {
				v.deferred = append(v.deferred, o.Clone())
				return
			}
			v.finding(o, 0, "RFC 9022 §4.6.1; limits.go maxDeferredCSVFiles",
				"more than %d CSV child files: %s is applied in document order, and a later main-file row drops its rows", maxDeferredCSVFiles, spec.Name)
		}
	}
	// Field definitions.
	for _, f := range spec.Fields {
		if f.Name.Space != NSCSV && csvModelKind(f.Name.Space) == KindUnknown {
			v.findingC(codeSchema, o, 0, clauseSchema, "field {%s}%s is not an RFC 9022 CSV field", f.Name.Space, f.Name.Local)
		}
	}
	keyIdx, roidIdx := -1, -1
	if isMain {
		keyIdx = spec.Index(main.key.Space, main.key.Local)
		if main.roid.Local != "" {
			roidIdx = spec.Index(main.roid.Space, main.roid.Local)
		}
		if keyIdx < 0 && !(spec.isDelete && kind == KindHost && roidIdx >= 0) {
			v.findingC(codeSchema, o, 0, "RFC 9022 §4.6.2.1", "%s file has no key field %s", spec.Name, main.key.Local)
		}
		if !spec.isDelete && kind == KindDomain && (keyIdx < 0 || roidIdx < 0 || (spec.Index(NSCSV, "fClID") < 0 && spec.Index(NSCSV, "fGurid") < 0)) {
			v.findingC(codeSchema, o, 0, "RFC 9022 §5.1.2.1", "domain file must define fName, fRoid and fClID or fGurid")
		}
	}
	if v.opts.Files == nil {
		for _, f := range spec.files {
			v.rep.Skipped = append(v.rep.Skipped, fmt.Sprintf("CSV file %s (line %d): not read, no VerifyConfig.Files given", f.Name, o.Line))
		}
		return
	}
	// References made by this file's fields (the parent key is a reference
	// to the parent object in a child file).
	type refCol struct {
		idx    int
		target Kind
		byRoid bool
		what   string
	}
	var refCols []refCol
	if !spec.isDelete {
		for _, r := range csvRefs {
			i := spec.Index(r.field.Space, r.field.Local)
			if i < 0 || i == keyIdx {
				continue
			}
			refCols = append(refCols, refCol{i, r.target, false, r.field.Local})
		}
		if !isMain && roidIdx < 0 {
			// Child files keyed by the parent's roid (hostStatuses, hostAddresses).
			if i := spec.Index(NSCSV, "fRoid"); i >= 0 && spec.Fields[i].Parent {
				refCols = append(refCols, refCol{i, KindHost, true, "fRoid"}) // host roid
			}
		}
	}
	cs, _ := v.opts.Store.(CSVStore)
	parentIdx := -1
	var required []int
	for i, f := range spec.Fields {
		if f.Parent && parentIdx < 0 {
			parentIdx = i
		}
		if f.Required {
			required = append(required, i)
		}
	}
	for _, file := range spec.files {
		cr, err := openCSV(v.opts.Files, spec, file, &csvConfig{MaxFileBytes: v.opts.MaxCSVFileBytes, MaxCompressionRatio: v.opts.MaxCompressionRatio})
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
			continue
		}
		desc := fmt.Sprintf("%s row", spec.Name)
		v.curFile = file.Name
		for cr.next() {
			rec := cr.record()
			v.rep.CSVRows++
			line := cr.lineNo()
			site := &Object{Kind: KindCSV, Model: spec.Model, Line: line, Offset: -1}
			if len(rec) != len(spec.Fields) {
				v.add(&Error{Kind: ErrInvalid, Clause: "RFC 9022 §4.6.2.1; RFC 4180 §2; RST rde-04", Code: codeInvalidCSV, Object: desc, File: file.Name, Line: line, Offset: -1,
					Err: fmt.Errorf("%d fields, the <rdeCsv:fields> definition has %d", len(rec), len(spec.Fields))})
				continue
			}
			for _, i := range required {
				if trimXMLSpace(rec[i]) == "" {
					v.add(&Error{Kind: ErrInvalid, Clause: "RFC 9022 §4.6.2.1 (isRequired); RST rde-04", Code: codeInvalidCSV, Object: desc, File: file.Name, Line: line, Offset: -1,
						Err: fmt.Errorf("required field %s is empty", spec.Fields[i].Name.Local)})
				}
			}
			if v.rst != nil && !spec.isDelete {
				v.rstRow(spec, rec, file.Name, line)
			}
			if isMain {
				key := ""
				if keyIdx >= 0 {
					key = rec[keyIdx]
				}
				if spec.isDelete {
					byRoid := key == "" && kind == KindHost && roidIdx >= 0
					if byRoid {
						key = rec[roidIdx]
					}
					v.csvDel(file.Name, line, kind, key, byRoid)
					// As Store.Delete: trimmed, and not for an empty key.
					if key = trimXMLSpace(key); cs != nil && key != "" {
						v.storeErr(desc, file.Name, line, cs.DeleteRow(kind, key, byRoid))
					}
					continue
				}
				roid := ""
				if roidIdx >= 0 {
					roid = rec[roidIdx]
				}
				v.objects[kind]++
				site.Elem = nil
				v.csvPut(file.Name, line, kind, key, roid, spec.Name)
				if cs != nil && key != "" { // as Store.Put: not for an empty key
					v.storeErr(desc, file.Name, line, cs.PutRow(kind, key, spec, rec))
				}
			} else if cs != nil && !spec.isDelete && parentIdx >= 0 {
				v.storeErr(desc, file.Name, line, cs.PutChildRow(kind, rec[parentIdx], spec.Fields[parentIdx], spec, rec))
			}
			for _, rc := range refCols {
				val := rec[rc.idx]
				if val == "" {
					continue
				}
				rs := &Object{Kind: KindCSV, Model: spec.Model, Line: line, Offset: -1, Elem: &Element{Name: Name{NSCSV, "csv"}, Attrs: []Attr{{Name{Local: "name"}, spec.Name + ":" + file.Name}}}}
				if rc.byRoid {
					if !v.st.hostRoids.has(v.st.fp(val)) {
						v.reference(rs, line, KindHost, "roid:"+val, rc.what)
					}
					continue
				}
				v.reference(rs, line, rc.target, val, rc.what)
			}
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
