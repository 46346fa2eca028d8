package escrow

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
)

const clauseBRDA = "RA Spec 4 §3.1.1"

// VerifyBRDA verifies a Bulk Registration Data Access file (ICANN RA
// Specification 4 §3.1): a FULL deposit in the format of Specification 2
// (file type "thin", Part A §5.3) that [Verify] accepts, and in which, per
// §3.1.1, every domain has its name, roid, sponsoring registrar (clID,
// whose registrar object carries the IANA ID in gurid), statuses, creation
// and expiration dates (and its name servers and last update date when it
// has them), and every sponsoring registrar has its name, id (the
// registrar's repository id), the host name of its Whois server and its
// URL. It returns Verify's report with the BRDA findings added.
//
// The field check covers the XML model of RFC 9022 (§5.1, §5.4); objects of
// the CSV model are verified by Verify only, and Report.Skipped says so.
func VerifyBRDA(ctx context.Context, r io.Reader, opts *VerifyConfig) (*Report, error) {
	var o VerifyConfig
	if opts != nil {
		o = *opts
	}
	b := &brdaStore{next: o.Store, registrars: map[string]bool{}, sponsors: map[string]string{}}
	o.Store = b
	rep, err := Verify(ctx, r, &o)
	if err != nil || rep == nil {
		return rep, err
	}
	max := o.MaxFindings
	if max <= 0 {
		max = MaxFindings
	}
	add := func(e *Error) {
		if e.File == "" {
			e.File = rep.File
		}
		if len(rep.Findings) < max {
			rep.Findings = append(rep.Findings, e)
		} else {
			rep.Dropped++
		}
	}
	if rep.Deposit != nil && rep.Deposit.Type != Full {
		add(&Error{Kind: ErrInvalid, Clause: "RA Spec 4 §3.1; RA Spec 2 Part A §5.3", Offset: -1,
			Err: fmt.Errorf("a BRDA file is a full deposit, this one is %s", rep.Deposit.Type)})
	}
	for _, f := range b.findings {
		add(f)
	}
	// Sponsoring registrars must carry the IANA ID (gurid).
	ids := make([]string, 0, len(b.sponsors))
	for id := range b.sponsors {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		hasGurid, ok := b.registrars[id]
		if !ok {
			continue // a missing registrar is a Verify reference finding (RFC 9022 §8)
		}
		if !hasGurid {
			add(&Error{Kind: ErrInvalid, Clause: clauseBRDA, Object: fmt.Sprintf("registrar %q", id), Offset: -1,
				Err: fmt.Errorf("sponsoring registrar (of domain %q and maybe others) has no gurid: the BRDA needs the registrar's IANA ID", b.sponsors[id])})
		}
	}
	if b.csv {
		rep.Skipped = append(rep.Skipped, "BRDA field check (RA Spec 4 §3.1.1): objects of the CSV model are not checked field by field")
	}
	return rep, nil
}

// brdaStore receives every object Verify applies and checks the BRDA fields.
type brdaStore struct {
	next       Store
	registrars map[string]bool   // registrar id → has gurid
	sponsors   map[string]string // clID → first domain sponsored
	findings   []*Error
	csv        bool
}

func (b *brdaStore) Delete(kind Kind, key string, byRoid bool) error {
	if b.next != nil {
		return b.next.Delete(kind, key, byRoid)
	}
	return nil
}

func (b *brdaStore) Put(kind Kind, key string, obj *Object) error {
	switch {
	case obj == nil || obj.Elem == nil:
	case kind == KindDomain && obj.Elem.Name.Space == NSDomain:
		b.domain(key, obj)
	case kind == KindRegistrar && obj.Elem.Name.Space == NSRegistrar:
		b.registrar(key, obj)
	case kind == KindDomain || kind == KindRegistrar:
		b.csv = true
	}
	if b.next != nil {
		return b.next.Put(kind, key, obj)
	}
	return nil
}

func (b *brdaStore) missing(obj *Object, what string, fields []string) {
	if len(fields) == 0 {
		return
	}
	b.findings = append(b.findings, &Error{Kind: ErrInvalid, Clause: clauseBRDA, Object: what, Line: obj.Elem.Line, Offset: obj.Offset,
		Err: fmt.Errorf("lacks %s, which the BRDA must contain", strings.Join(fields, ", "))})
}

func hasText(e *Element, space, local string) bool {
	c := e.Child(space, local)
	return c != nil && c.Value() != ""
}

func (b *brdaStore) domain(key string, obj *Object) {
	e := obj.Elem
	var lack []string
	for _, f := range [...]struct{ local, what string }{
		{"name", "name"}, {"roid", "roid"}, {"clID", "registrar id (clID)"},
		{"crDate", "creation date (crDate)"}, {"exDate", "expiration date (exDate)"},
	} {
		if !hasText(e, NSDomain, f.local) {
			lack = append(lack, f.what)
		}
	}
	if e.Child(NSDomain, "status") == nil {
		lack = append(lack, "statuses (status)")
	}
	b.missing(obj, fmt.Sprintf("domain %q", key), lack)
	if clID := e.ChildText(NSDomain, "clID"); clID != "" {
		clID = trimXMLSpace(clID)
		if _, ok := b.sponsors[clID]; !ok && len(b.sponsors) < MaxFindings {
			b.sponsors[clID] = key
		}
	}
}

func (b *brdaStore) registrar(key string, obj *Object) {
	e := obj.Elem
	var lack []string
	if !hasText(e, NSRegistrar, "id") {
		lack = append(lack, "repository id (id)")
	}
	if !hasText(e, NSRegistrar, "name") {
		lack = append(lack, "name")
	}
	if !hasText(e, NSRegistrar, "url") {
		lack = append(lack, "URL (url)")
	}
	whois := e.Child(NSRegistrar, "whoisInfo")
	if whois == nil || !hasText(whois, NSRegistrar, "name") {
		lack = append(lack, "Whois server host name (whoisInfo/name)")
	}
	b.missing(obj, fmt.Sprintf("registrar %q", key), lack)
	if len(b.registrars) < MaxFindings {
		b.registrars[key] = hasText(e, NSRegistrar, "gurid")
	}
}
