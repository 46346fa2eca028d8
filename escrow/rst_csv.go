package escrow

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/ssrkit/ssr/escrow/internal/pinned"
)

// rstRow runs RST's per-field checks (rde-07 … rde-10) on one row of a
// CSV-model file (RFC 9022 §5.1.2 … §5.4.2): the values the XML checks of
// rst_checks.go look at, where the file has their fields. Status
// combinations across rows of the status files are not checked.
func (v *verifier) rstRow(spec *CSVSpec, rec []string, file string, line int) {
	val := func(space, local string) (string, bool) {
		i := spec.Index(space, local)
		if i < 0 {
			return "", false
		}
		return trimXMLSpace(rec[i]), true
	}
	bad := func(code, clause, format string, a ...any) {
		if v.full() {
			v.rep.Dropped++
			return
		}
		v.add(&Error{Kind: ErrInvalid, Code: code, Clause: clause, Object: spec.Name + " row", File: file, Line: line, Offset: -1,
			Err: fmt.Errorf(format, a...)})
	}
	roid := func(code, clause string) {
		if r, ok := val(NSCSV, "fRoid"); ok && r != "" && !pinned.RepositoryID(r) {
			bad(code, clause+"; RFC 5730 §2.8", "roid %q: repository identifier is not in IANA's EPP Repository Identifiers registry (pinned 2026-08-10)", r)
		}
	}
	switch [2]string{spec.Model, spec.Name} { // no string built per row
	case [2]string{NSCSVDomain, "domain"}:
		const cl = "RST rde-07; RFC 9022 §5.1.2.1"
		if n, ok := val(NSCSVDomain, "fName"); ok {
			switch {
			case !validHostName(n):
				bad("RDE_DOMAIN_HAS_INVALID_NAME", cl+"; RFC 1123 §2.1", "name %q is not a valid LDH domain name", n)
			case len(v.rst.TLDs) > 0 && v.rst.parentTLD(n) == "":
				bad("RDE_DOMAIN_HAS_INVALID_NAME", cl, "name %q is not directly under the TLD(s) %v", n, v.rst.TLDs)
			}
		}
		roid("RDE_DOMAIN_HAS_INVALID_ROID", cl)
		if c, ok := val(NSCSV, "fClID"); ok && c == "" {
			bad("RDE_DOMAIN_HAS_MISSING_CLID", cl, "empty fClID")
		}
		if r, _ := val(NSCSV, "fRegistrant"); r == "" && v.rst.dataModel() == DataModelMaximum {
			bad("RDE_DOMAIN_HAS_MISSING_REGISTRANT", cl+" (general.registryDataModel maximum)", "no fRegistrant value")
		}
		v.rstRowDate(val, bad, "fCrDate", "CRDATE", cl, func(t time.Time) bool { return t.Before(v.dep.Watermark) }, "before")
		if t, past := v.rstRowDate(val, bad, "fExDate", "EXDATE", cl, func(t time.Time) bool { return t.After(v.dep.Watermark) }, ""); past {
			// Allowed if the domain is pendingDelete, which its
			// domainStatuses rows (another file, read before or
			// after) say: decided in rstFinish.
			n, _ := val(NSCSVDomain, "fName")
			v.rstExDatePast(n, file, line, t)
		}
	case [2]string{NSCSVDomain, "domainStatuses"}:
		s, ok := val(NSCSVDomain, "fStatus")
		if ok && !slices.Contains(domainStatuses, s) {
			bad("RDE_DOMAIN_HAS_INVALID_STATUS", "RST rde-07; RFC 5731 §2.3", "status %q is not a domain status value", s)
		}
		if s == "pendingDelete" {
			if n, ok := val(NSCSVDomain, "fName"); ok {
				v.rstPendingDelete(n)
			}
		}
	case [2]string{NSCSVHost, "host"}:
		if v.rst.hostModel() != HostModelObjects {
			return
		}
		const cl = "RST rde-08; RFC 9022 §5.2.2.1"
		if n, ok := val(NSCSVHost, "fName"); ok && !validHostName(n) {
			bad("RDE_HOST_HAS_INVALID_NAME", cl+"; RFC 1123 §2.1", "name %q is not a valid LDH host name", n)
		}
		roid("RDE_HOST_HAS_INVALID_ROID", cl)
	case [2]string{NSCSVHost, "hostStatuses"}:
		if s, ok := val(NSCSVHost, "fStatus"); ok && !slices.Contains(hostStatuses, s) {
			bad("RDE_HOST_HAS_INVALID_STATUS", "RST rde-08; RFC 5732 §2.3", "status %q is not a host status value", s)
		}
	case [2]string{NSCSVHost, "hostAddresses"}:
		a, ok := val(NSCSVHost, "fAddr")
		if !ok {
			return
		}
		ver, _ := val(NSCSVHost, "fAddrVersion")
		ip, err := netip.ParseAddr(a)
		if err != nil || ip.Zone() != "" || (ver == "v6" && !ip.Is6()) || (ver != "v6" && !ip.Is4()) {
			bad("RDE_HOST_HAS_INVALID_IP_ADDRESS", "RST rde-08; RFC 9022 §5.2.2.1; RFC 5732 §2.5", "address %q is not an IP%s address", a, strings.TrimPrefix(cmpOr(ver, "v4"), "v"))
		}
	case [2]string{NSCSVContact, "contact"}:
		if v.rst.dataModel() == DataModelMinimum {
			return
		}
		const cl = "RST rde-09; RFC 9022 §5.3.2.1"
		roid("RDE_CONTACT_HAS_INVALID_ROID", cl)
		if e, ok := val(NSCSVContact, "fEmail"); ok && !validEmail(e) {
			bad("RDE_CONTACT_HAS_INVALID_EMAIL", cl+"; RFC 5322 §3.4.1", "email %q is not an RFC 5322 addr-spec", e)
		}
	case [2]string{NSCSVContact, "contactPostal"}:
		if c, ok := val(NSCSVContact, "fCc"); ok && v.rst.dataModel() != DataModelMinimum && !pinned.ISO3166Alpha2(c) {
			bad("RDE_CONTACT_HAS_INVALID_CC", "RST rde-09; RFC 9022 §5.3.2.1; ISO 3166-1", "cc %q is not an ISO 3166-1 alpha-2 code (officially assigned)", c)
		}
	case [2]string{NSCSVIDN, "idnLanguage"}:
		const cl = "RST rde-11; RFC 9022 §5.5.2.1"
		id, _ := val(NSCSV, "fIdnTableId")
		if !v.idnMark(id) {
			bad(codeIDNUnexpected, cl, "IDN table %q is not one of the TLD's IDN tables %v", id, v.rst.IDNTables)
		}
		if u, ok := val(NSCSV, "fUrl"); ok && u != "" && !validURL(u) {
			bad(codeIDNInvalid, cl+"; RFC 3986 §4.3", "fUrl %q is not an absolute http or https URL", u)
		}
	case [2]string{NSCSVRegistrar, "registrar"}:
		const cl = "RST rde-10; RFC 9022 §5.4.2.1"
		if n, ok := val(NSCSVRegistrar, "fName"); ok && n == "" {
			bad("RDE_REGISTRAR_HAS_INVALID_NAME", cl, "name is blank")
		}
		switch g, ok := val(NSCSVRegistrar, "fGurid"); {
		case !ok || g == "":
			bad("RDE_REGISTRAR_HAS_MISSING_GURID", cl+"; RA Spec 2", "no fGurid value")
		case !pinned.RegistrarID(g):
			bad("RDE_REGISTRAR_HAS_INVALID_GURID", cl+"; IANA Registrar IDs", "gurid %q is not an ID of IANA's Registrar IDs registry (pinned 2026-08-21)", g)
		}
	}
}

func cmpOr(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// rstRowDate checks a date field: present, an XML Schema dateTime, and on
// the right side of the watermark (rde-07). With side "" the last is not
// reported but returned (past true, with the date) for the caller to decide.
func (v *verifier) rstRowDate(val func(string, string) (string, bool), bad func(string, string, string, ...any),
	field, code, clause string, ok func(time.Time) bool, side string) (t time.Time, past bool) {
	s, _ := val(NSCSV, field)
	if s == "" {
		bad("RDE_DOMAIN_HAS_MISSING_"+code, clause, "no %s value", field)
		return t, false
	}
	t, err := parseDateTime(s)
	switch {
	case err != nil:
		bad("RDE_DOMAIN_HAS_INVALID_"+code, clause, "%s %q is not an XML Schema dateTime", field, s)
	case !v.dep.Watermark.IsZero() && !ok(t):
		if side == "" {
			return t, true
		}
		bad("RDE_DOMAIN_HAS_INVALID_"+code, clause, "%s %s is not %s the watermark %s", field, t.Format(time.RFC3339), side, v.dep.Watermark.Format(time.RFC3339))
	}
	return t, false
}

// rstExDate is a CSV domain row whose exDate is not after the watermark;
// it is a finding unless the domain has the pendingDelete status (rde-07).
type rstExDate struct {
	name, file string
	line       int
	exDate     time.Time
}

// rstExDatePast holds back a CSV domain row whose exDate is not after the
// watermark until the status files are read; at most maxReferenceSites
// are held, the rest reported at once (Report.Skipped says so).
func (v *verifier) rstExDatePast(name, file string, line int, t time.Time) {
	if len(v.rstExPast) < maxReferenceSites {
		v.rstExPast = append(v.rstExPast, rstExDate{name: strings.Clone(name), file: file, line: line, exDate: t}) // not the whole record
		return
	}
	if !v.rstExFull {
		v.rstExFull = true
		v.rep.Skipped = append(v.rep.Skipped, fmt.Sprintf("RST rde-07: more than maxReferenceSites (%d) CSV domains with an exDate not after the watermark; the rest reported without looking for pendingDelete", maxReferenceSites))
	}
	v.rstExDateFinding(rstExDate{name: name, file: file, line: line, exDate: t})
}

// rstPendingDelete notes a CSV domain with the pendingDelete status (at most
// maxReferenceSites, the most that can matter).
func (v *verifier) rstPendingDelete(name string) {
	if v.rstPendDel == nil {
		v.rstPendDel = map[uint64]bool{}
	}
	if len(v.rstPendDel) < maxReferenceSites {
		v.rstPendDel[v.st.fpName(name)] = true
	}
}

// rstExDateFinish reports the held-back rows of domains not pendingDelete.
func (v *verifier) rstExDateFinish() {
	for _, r := range v.rstExPast {
		if !v.rstPendDel[v.st.fpName(r.name)] {
			v.rstExDateFinding(r)
		}
	}
	v.rstExPast, v.rstPendDel = nil, nil
}

func (v *verifier) rstExDateFinding(r rstExDate) {
	if v.full() {
		v.rep.Dropped++
		return
	}
	v.add(&Error{Kind: ErrInvalid, Code: "RDE_DOMAIN_HAS_INVALID_EXDATE", Clause: "RST rde-07; RFC 9022 §5.1.2.1", Object: "domain row", File: r.file, Line: r.line, Offset: -1,
		Err: fmt.Errorf("fExDate %s of %q is not after the watermark %s and the domain is not pendingDelete", r.exDate.Format(time.RFC3339), r.name, v.dep.Watermark.Format(time.RFC3339))})
}
