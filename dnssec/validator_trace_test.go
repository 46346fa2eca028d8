package dnssec

import (
	"testing"

	"github.com/miekg/dns"
)

// TestResultTrace checks the structure of the chain of trust a validation
// records in Result.Zones and Result.RRsets (RFC 4035 §5.2, §5.3): which
// DS authenticated which DNSKEY, which RRSIG verified each RRset, and the
// status of each, for a secure and a tampered answer.
func TestResultTrace(t *testing.T) {
	c := newTestChain(t)
	v := c.validator(t)
	res := v.ValidateChain(&Chain{RRs: c.rrs}, "www.example.", dns.TypeA)
	if res.Verdict != Secure {
		t.Fatalf("secure chain: %v %v", res.Verdict, res.Err())
	}
	if len(res.Zones) != 2 || res.Zones[0].Zone != "." || res.Zones[1].Zone != "example." {
		t.Fatalf("Zones = %+v, want . and example.", res.Zones)
	}
	root, ex := res.Zones[0], res.Zones[1]
	if !root.Anchored || ex.Anchored || root.Verdict != Secure || ex.Verdict != Secure {
		t.Errorf("zones: root anchored %v %v, example anchored %v %v", root.Anchored, root.Verdict, ex.Anchored, ex.Verdict)
	}
	if len(root.Matched) != 1 || root.Matched[0].KeyTag() != c.rootKey.dnskey.KeyTag() || len(root.UsableDS) != 1 {
		t.Errorf("root: matched %v, usable DS %v", root.Matched, root.UsableDS)
	}
	if len(ex.DS) != 1 || ex.DS[0].KeyTag != c.exKey.dnskey.KeyTag() || len(ex.DNSKEY) != 1 || len(ex.Matched) != 1 {
		t.Errorf("example.: DS %v DNSKEY %v matched %v", ex.DS, ex.DNSKEY, ex.Matched)
	}
	want := []struct {
		zone  string
		rtype uint16
		tag   uint16
	}{
		{".", dns.TypeDNSKEY, c.rootKey.dnskey.KeyTag()},
		{".", dns.TypeDS, c.rootKey.dnskey.KeyTag()},
		{"example.", dns.TypeDNSKEY, c.exKey.dnskey.KeyTag()},
		{"example.", dns.TypeA, c.exKey.dnskey.KeyTag()},
	}
	if len(res.RRsets) != len(want) {
		t.Fatalf("RRsets: %d, want %d", len(res.RRsets), len(want))
	}
	for i, w := range want {
		s := res.RRsets[i]
		if s.Zone != w.zone || s.RRset[0].Header().Rrtype != w.rtype || s.Verdict != Secure || s.Verified == nil ||
			s.Verified.KeyTag != w.tag || len(s.RRSIGs) != 1 || s.Err != nil {
			t.Errorf("RRsets[%d] = %s %s %v verified %v, want %s %s secure by tag %d", i, s.Zone, dns.Type(s.RRset[0].Header().Rrtype),
				s.Verdict, s.Verified, w.zone, dns.Type(w.rtype), w.tag)
		}
	}

	bad := append([]dns.RR(nil), c.rrs...)
	a := dns.Copy(bad[len(bad)-2]).(*dns.A)
	a.A[3] = 2
	bad[len(bad)-2] = a
	res = v.ValidateChain(&Chain{RRs: bad}, "www.example.", dns.TypeA)
	last := res.RRsets[len(res.RRsets)-1]
	if res.Verdict != Bogus || last.Verdict != Bogus || last.Verified != nil || last.Err == nil || len(last.RRSIGs) != 1 {
		t.Errorf("tampered: %v, last RRset %v verified %v err %v", res.Verdict, last.Verdict, last.Verified, last.Err)
	}
}
