package trustanchor

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"
)

func TestRFC8145KeyTagQName(t *testing.T) {
	tests := []struct {
		zone string
		tags []uint16
		want string
	}{
		{".", []uint16{38696, 20326}, "_ta-4f66-9728."}, // unbound builds the same for the root
		{".", []uint16{19036}, "_ta-4a5c."},
		{"Example.COM", []uint16{1, 1, 65535}, "_ta-0001-ffff.example.com."},
	}
	for _, tt := range tests {
		got, err := KeyTagQName(tt.zone, tt.tags)
		if err != nil || got != tt.want {
			t.Errorf("KeyTagQName(%q, %v) = %q, %v; want %q", tt.zone, tt.tags, got, err, tt.want)
			continue
		}
		zone, tags, err := ParseKeyTagQName(got)
		if err != nil || zone != dns.Fqdn(dns.CanonicalName(tt.zone)) || !cmp.Equal(tags, sortedTags(tt.tags)) {
			t.Errorf("ParseKeyTagQName(%q) = %q %v %v", got, zone, tags, err)
		}
	}
	many := make([]uint16, MaxKeyTagsPerQName+1)
	for i := range many {
		many[i] = uint16(i)
	}
	if _, err := KeyTagQName(".", many); !errors.Is(err, ErrLimitExceeded) {
		t.Errorf("too many tags: %v", err)
	}
	if _, err := KeyTagQName(".", many[:MaxKeyTagsPerQName]); err != nil {
		t.Errorf("%d tags: %v", MaxKeyTagsPerQName, err)
	}
	for _, bad := range []string{"_ta-9728-4f66.", "_ta-4f6.", "_ta-zzzz.", "ta-4f66.", "_ta-4f66-4f66.", "_ta-.", "."} {
		if _, _, err := ParseKeyTagQName(bad); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseKeyTagQName(%q) err = %v", bad, err)
		}
	}
}

func TestRFC8145KeyTagOption(t *testing.T) {
	opt, err := KeyTagOption([]uint16{38696, 20326})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]byte{0x4f, 0x66, 0x97, 0x28}, opt.Data); d != "" || opt.Code != 14 {
		t.Errorf("option %d %x", opt.Code, opt.Data)
	}
	// Through a real message and back.
	m := new(dns.Msg)
	m.SetQuestion(".", dns.TypeDNSKEY)
	m.SetEdns0(1232, true)
	m.IsEdns0().Option = append(m.IsEdns0().Option, opt)
	wire, err := m.Pack()
	if err != nil {
		t.Fatal(err)
	}
	var back dns.Msg
	if err := back.Unpack(wire); err != nil {
		t.Fatal(err)
	}
	tags, err := ParseKeyTagOption(back.IsEdns0().Option[0])
	if err != nil || !cmp.Equal(tags, []uint16{20326, 38696}) {
		t.Errorf("parsed %v %v", tags, err)
	}
	for _, bad := range []dns.EDNS0{&dns.EDNS0_LOCAL{Code: 14}, &dns.EDNS0_LOCAL{Code: 14, Data: []byte{1}}, &dns.EDNS0_LOCAL{Code: 15, Data: []byte{1, 2}}, &dns.EDNS0_NSID{}} {
		if _, err := ParseKeyTagOption(bad); !errors.Is(err, ErrMalformed) {
			t.Errorf("%v: err = %v", bad, err)
		}
	}
}

func TestRFC8509Sentinel(t *testing.T) {
	if got := SentinelLabel(true, 20326); got != "root-key-sentinel-is-ta-20326" {
		t.Error(got)
	}
	if got := SentinelLabel(false, 1); got != "root-key-sentinel-not-ta-00001" {
		t.Error(got)
	}
	tests := []struct {
		qname string
		isTA  bool
		tag   uint16
		ok    bool
		err   bool
	}{
		{"root-key-sentinel-is-ta-20326.example.", true, 20326, true, false},
		{"ROOT-KEY-SENTINEL-NOT-TA-38696.example.", false, 38696, true, false},
		{"www.root-key-sentinel-is-ta-20326.example.", false, 0, false, false}, // leftmost label only
		{"root-key-sentinel-is-ta-2032.example.", false, 0, false, true},
		{"root-key-sentinel-is-ta-99999.example.", false, 0, false, true},
		{"example.", false, 0, false, false},
	}
	for _, tt := range tests {
		isTA, tag, ok, err := ParseSentinel(tt.qname)
		if isTA != tt.isTA || tag != tt.tag || ok != tt.ok || (err != nil) != tt.err {
			t.Errorf("ParseSentinel(%q) = %v %d %v %v", tt.qname, isTA, tag, ok, err)
		}
	}
	trusted := []uint16{20326, 38696}
	for _, tt := range []struct {
		isTA bool
		tag  uint16
		want bool
	}{{true, 20326, false}, {true, 19036, true}, {false, 20326, true}, {false, 19036, false}} {
		if got := SentinelServfail(tt.isTA, tt.tag, trusted); got != tt.want {
			t.Errorf("SentinelServfail(%v, %d) = %v", tt.isTA, tt.tag, got)
		}
	}
}
