// Package pinned holds registry data pinned with provenance (README.md):
// IANA's Registrar IDs and EPP Repository Identifiers, and the ISO 3166-1
// alpha-2 codes. It serves the registry (escrow) and registrar
// (escrow/registrar) deposit checks.
package pinned

import (
	_ "embed"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The pinned files (README.md).
var (
	//go:embed iana-registrar-ids.txt
	ianaRegistrarIDsText string
	//go:embed iana-epp-repository-ids.txt
	ianaRepositoryIDsText string
	//go:embed iso3166-1-alpha2.txt
	iso3166Text string
)

type idRange struct{ lo, hi uint64 }

var pinnedData = sync.OnceValue(func() *pinned {
	p := &pinned{repo: map[string]bool{}, cc: map[string]bool{}}
	for _, l := range dataLines(ianaRegistrarIDsText) {
		lo, hi, _ := strings.Cut(l, "-")
		a, err1 := strconv.ParseUint(lo, 10, 64)
		b, err2 := a, error(nil)
		if hi != "" {
			b, err2 = strconv.ParseUint(hi, 10, 64)
		}
		if err1 == nil && err2 == nil {
			p.gurids = append(p.gurids, idRange{a, b})
		}
	}
	for _, l := range dataLines(ianaRepositoryIDsText) {
		p.repo[l] = true
	}
	for _, l := range dataLines(iso3166Text) {
		for _, c := range strings.Fields(l) {
			p.cc[c] = true
		}
	}
	return p
})

type pinned struct {
	gurids []idRange // sorted, disjoint
	repo   map[string]bool
	cc     map[string]bool
}

func dataLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && l[0] != '#' {
			out = append(out, l)
		}
	}
	return out
}

// RegistrarID reports whether s is an ID of IANA's Registrar IDs
// registry (RA Spec 2; RST rde-10).
func RegistrarID(s string) bool {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return false
	}
	g := pinnedData().gurids
	i := sort.Search(len(g), func(i int) bool { return g[i].hi >= n })
	return i < len(g) && g[i].lo <= n
}

// RepositoryID reports whether the repository identifier (the part of
// a roid after its last hyphen, RFC 5730 §2.8) is registered in IANA's EPP
// Repository Identifiers registry (RST rde-07, rde-08, rde-09).
func RepositoryID(roid string) bool {
	i := strings.LastIndexByte(roid, '-')
	if i < 0 {
		return false
	}
	return pinnedData().repo[roid[i+1:]]
}

// ISO3166Alpha2 reports whether s is an officially assigned ISO 3166-1
// alpha-2 code (RST rde-09).
func ISO3166Alpha2(s string) bool { return pinnedData().cc[s] }
