package trustanchor

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// Regression tests for issue 15, defect 8: RRSIG lines in an anchor file,
// and numeric fields of the state files that overflowed.

const zskKSKAnchor = `example.com.	10800	IN	DNSKEY	257 3 5 AwEAAc3Z5DQDJpH4oPdNtC4BUQHk50XMD+dHr4r8psHmivIa83hxR5CRgCtd9sENCW9Ae8OIO19xw9t/RPaEAqQa+OE= ;{id = 55582 (ksk), size = 512b}
example.com.	10800	IN	DNSKEY	256 3 5 AQPQ41chR9DEHt/aIzIFAqanbDlRflJoRs5yz1jFsoRIT7dWf0r+PeDuewdxkszNH6wnU4QL8pfKFRh5PIYVBLK3 ;{id = 30899 (zsk), size = 512b}
`

func TestReadUnboundSkipsRRSIGs(t *testing.T) {
	// dig +dnssec example.com DNSKEY output, as in unbound's
	// autotrust_init_sigs.rpl.
	in := zskKSKAnchor + `example.com.	10800	IN	RRSIG	DNSKEY 5 2 10800 20070926134150 20070829134150 55582 example.com. sT5Se0rwBm0oAOcrX37oidl3zxK9QwvgAyOH+08Jq3V8KS4iPehBjNqXi9OITLgos4dHU/up4Z1BwgwTNYJIgg== ;{id = 55582}
`
	tp, err := ReadUnbound(strings.NewReader(in))
	if err != nil {
		t.Fatalf("RRSIG line refused: %v", err)
	}
	if len(tp.Keys) != 2 || tp.Zone != "example.com." {
		t.Errorf("trust point %s with %d keys", tp.Zone, len(tp.Keys))
	}
	// An RRSIG of another zone is still a mismatch.
	_, err = ReadUnbound(strings.NewReader(zskKSKAnchor + "example.net. 10800 IN RRSIG DNSKEY 5 2 10800 20070926134150 20070829134150 55582 example.net. sT5Se0rwBm0oAOcrX37oidl3zxK9QwvgAyOH+08Jq3V8KS4iPehBjNqXi9OITLgos4dHU/up4Z1BwgwTNYJIgg==\n"))
	if !errors.Is(err, ErrMalformed) {
		t.Errorf("RRSIG of another zone: %v, want ErrMalformed", err)
	}
}

func TestStateFileNumbersOverflow(t *testing.T) {
	header := ";;id: example.com. 1\n"
	tests := []struct {
		name, in string
		want     error
		limit    string
	}{
		{"query_interval", header + ";;query_interval: 9300000000\n" + zskKSKAnchor, ErrLimitExceeded, "MaxStateInterval"},
		{"retry_time", header + ";;retry_time: 99999999999999999999\n" + zskKSKAnchor, ErrLimitExceeded, "MaxStateInterval"},
		{"query_failed", header + ";;query_failed: 4294967296\n" + zskKSKAnchor, ErrLimitExceeded, "MaxStateCount"},
		{"last_queried", header + ";;last_queried: 4294967296 ;;x\n" + zskKSKAnchor, ErrLimitExceeded, "MaxStateTime"},
		{"negative", header + ";;query_interval: -5\n" + zskKSKAnchor, ErrMalformed, ""},
		{"count", strings.Replace(zskKSKAnchor, "size = 512b}\n", "size = 512b} ;;state=1 [ ADDPEND ] ;;count=99999999999999999999 ;;lastchange=0\n", 1), ErrLimitExceeded, "MaxStateCount"},
		{"lastchange", strings.Replace(zskKSKAnchor, "size = 512b}\n", "size = 512b} ;;state=2 [  VALID  ] ;;count=0 ;;lastchange=9999999999999\n", 1), ErrLimitExceeded, "MaxStateTime"},
	}
	for _, tt := range tests {
		_, err := ReadUnbound(strings.NewReader(tt.in))
		if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.limit) {
			t.Errorf("%s: %v, want %v naming %q", tt.name, err, tt.want, tt.limit)
		}
	}
	_, err := ReadKresd(strings.NewReader("; example.com. 3600 IN DNSKEY 257 3 8 AwEAAQ== ; AddPend:99999999999999 ; KeyTag:1\n"))
	if !errors.Is(err, ErrLimitExceeded) || !strings.Contains(err.Error(), "MaxStateTime") {
		t.Errorf("kresd timer: %v", err)
	}
	_, err = ReadKeyData(strings.NewReader("\t\t\tKEYDATA 21070101000000 20170810000000 19700101000000 257 3 8 AwEAAQ==\n"))
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "32-bit") {
		t.Errorf("KEYDATA time after 2106: %v", err)
	}
}

// TestWriteUnboundRefusesWhatReadUnboundRefuses: the writer never emits a
// file the reader refuses (the fuzz crasher wrote a negative interval).
func TestWriteUnboundRefusesWhatReadUnboundRefuses(t *testing.T) {
	base := func() *TrustPoint {
		tp, err := ReadUnbound(strings.NewReader(zskKSKAnchor))
		if err != nil {
			t.Fatal(err)
		}
		return tp
	}
	mutations := map[string]func(*TrustPoint){
		"negative interval": func(tp *TrustPoint) { tp.QueryInterval = -time.Second },
		"huge interval":     func(tp *TrustPoint) { tp.RetryTime = (MaxStateInterval + 1) * time.Second },
		"negative count":    func(tp *TrustPoint) { tp.Keys[0].Count = -1 },
		"time before 1970":  func(tp *TrustPoint) { tp.LastQueried = time.Unix(-10, 0) },
		"time after 2106":   func(tp *TrustPoint) { tp.Keys[1].LastChange = time.Unix(MaxStateTime+1, 0) },
	}
	for name, mutate := range mutations {
		tp := base()
		mutate(tp)
		var b bytes.Buffer
		if err := WriteUnbound(&b, tp); !errors.Is(err, ErrLimitExceeded) {
			t.Errorf("%s: WriteUnbound %v, want ErrLimitExceeded\n%s", name, err, b.String())
		}
	}
	var b bytes.Buffer
	tp := base()
	tp.QueryInterval = MaxStateInterval * time.Second
	if err := WriteUnbound(&b, tp); err != nil {
		t.Fatal(err)
	}
	if again, err := ReadUnbound(&b); err != nil || again.QueryInterval != tp.QueryInterval {
		t.Errorf("largest interval does not round-trip: %v", err)
	}
}

// TestReadUnboundMultiLineAndOrigin: records in parentheses over several
// lines and $ORIGIN, as unbound reads them (autotrust.c read_multiline,
// handle_origin).
func TestReadUnboundMultiLineAndOrigin(t *testing.T) {
	in := `; autotrust trust anchor file
$ORIGIN com.
example	10800	IN	DNSKEY	257 3 5 ( ; KSK
		AwEAAc3Z5DQDJpH4oPdNtC4BUQHk50XMD+dHr4r8psHmivIa83hxR5CRgCtd9sENCW9Ae8OIO19xw9t/RPaEAqQa+OE=
		) ;{id = 55582 (ksk), size = 512b} ;;state=1 [ ADDPEND ] ;;count=2 ;;lastchange=1251100000
example.com.	10800	IN	DNSKEY	256 3 5 AQPQ41chR9DEHt/aIzIFAqanbDlRflJoRs5yz1jFsoRIT7dWf0r+PeDuewdxkszNH6wnU4QL8pfKFRh5PIYVBLK3
`
	tp, err := ReadUnbound(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if tp.Zone != "example.com." || len(tp.Keys) != 2 {
		t.Fatalf("zone %s, %d keys", tp.Zone, len(tp.Keys))
	}
	k := tp.Keys[0]
	if k.Tag() != 55582 || k.State != AddPend || k.Count != 2 || k.LastChange.Unix() != 1251100000 {
		t.Errorf("multi-line key %d %s count %d lastchange %v", k.Tag(), k.State, k.Count, k.LastChange)
	}
	for _, bad := range []string{
		"example.com. 10800 IN DNSKEY 257 3 5 ( AwEAAc3Z5DQDJpH4oPdNtC4BUQHk50XMD+dHr4r8psHmivIa83hxR5CRgCtd9sENCW9Ae8OIO19xw9t/RPaEAqQa+OE=\n",
		"example.com. 10800 IN DNSKEY 257 3 5 AwEAAc3Z5DQDJpH4oPdNtC4BUQHk50XMD+dHr4r8psHmivIa83hxR5CRgCtd9sENCW9Ae8OIO19xw9t/RPaEAqQa+OE= )\n",
	} {
		if _, err := ReadUnbound(strings.NewReader(bad)); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "unbalanced") {
			t.Errorf("%q: %v, want unbalanced parentheses", bad, err)
		}
	}
}

// TestReadUnboundRelativeOrigin: a relative $ORIGIN is completed with the
// current origin (RFC 1035 §5.1); it used to be appended to itself
// ("$ORIGIN example" after "$ORIGIN com." gave "example.example.").
func TestReadUnboundRelativeOrigin(t *testing.T) {
	in := "$ORIGIN com.\n$ORIGIN example\n@\t10800\tIN\tDNSKEY\t256 3 5 AQPQ41chR9DEHt/aIzIFAqanbDlRflJoRs5yz1jFsoRIT7dWf0r+PeDuewdxkszNH6wnU4QL8pfKFRh5PIYVBLK3\n"
	tp, err := ReadUnbound(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if tp.Zone != "example.com." {
		t.Errorf("zone %q, want example.com.", tp.Zone)
	}
}

// TestReadKeyDataRelativeOrigin: the KEYDATA reader completes a relative
// $ORIGIN with the current origin too (RFC 1035 §5.1); it used to make it
// absolute ("$ORIGIN example" after "$ORIGIN com." gave "example.").
func TestReadKeyDataRelativeOrigin(t *testing.T) {
	in := "$ORIGIN com.\n$ORIGIN example\n$TTL 0\n@ IN SOA . . ( 0 0 0 0 0 )\n\t\t\tKEYDATA 20261011120000 20170810000000 19700101000000 257 3 8 (\n\t\tAwEAAQ==\n\t\t) ; KSK; alg = RSASHA256 ; key id = 1\n"
	kd, err := ReadKeyData(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(kd) != 1 || kd[0].DNSKEY.Header().Name != "example.com." {
		t.Fatalf("got %d keys %v, want one at example.com.", len(kd), kd)
	}
}
