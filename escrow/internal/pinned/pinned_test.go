package pinned

import (
	"strconv"
	"testing"
)

// TestCounts: the pinned files hold what README.md says they do.
func TestCounts(t *testing.T) {
	p := pinnedData()
	ids := 0
	for i, r := range p.gurids {
		if r.lo > r.hi || (i > 0 && p.gurids[i-1].hi+1 >= r.lo) {
			t.Fatalf("range %d (%d-%d) not sorted, disjoint and maximal", i, r.lo, r.hi)
		}
		ids += int(r.hi - r.lo + 1)
	}
	if ids != 4202 || len(p.gurids) != 94 || len(p.repo) != 579 || len(p.cc) != 249 {
		t.Errorf("registrar IDs %d in %d ranges, repository IDs %d, ISO codes %d; want 4202 in 94, 579, 249", ids, len(p.gurids), len(p.repo), len(p.cc))
	}
	for _, s := range []string{"1", "2", "8", "9999", "4000001"} {
		if !RegistrarID(s) {
			t.Errorf("RegistrarID(%s) = false", s)
		}
	}
	for _, s := range []string{"0", "5", "-1", "x", strconv.Itoa(1 << 40)} {
		if RegistrarID(s) {
			t.Errorf("RegistrarID(%s) = true", s)
		}
	}
}
