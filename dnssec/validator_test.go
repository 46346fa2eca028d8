package dnssec

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

func TestNewValidatorErrors(t *testing.T) {
	if _, err := NewValidator(&Config{}); !errors.Is(err, ErrMalformed) {
		t.Errorf("no anchors: %v", err)
	}
	if _, err := NewValidator(&Config{Anchors: []dns.RR{mustRR(t, "example. 1 IN A 192.0.2.1")}}); !errors.Is(err, ErrMalformed) {
		t.Errorf("A record as anchor: %v", err)
	}
	v, _ := NewValidator(&Config{Anchors: []dns.RR{mustRR(t, rfc4035KSK)}})
	if res := v.Validate(context.Background(), "example.", dns.TypeA); res.Verdict != Indeterminate || res.EDE != 5 {
		t.Errorf("no Exchanger: %v EDE %d", res.Verdict, res.EDE)
	}
}

func TestVerdictText(t *testing.T) {
	for _, v := range []Verdict{Indeterminate, Secure, Insecure, Bogus} {
		b, _ := v.MarshalText()
		var w Verdict
		if err := w.UnmarshalText(b); err != nil || w != v {
			t.Errorf("%v: round trip %v %v", v, w, err)
		}
	}
	var w Verdict
	if err := w.UnmarshalText([]byte("maybe")); err == nil {
		t.Error("unknown verdict accepted")
	}
}

// TestConfigLimits lowers the signature budget below what the chain needs.
func TestConfigLimits(t *testing.T) {
	c := newTestChain(t)
	v, _ := NewValidator(&Config{Anchors: []dns.RR{c.anchor}, Now: func() time.Time { return testNow }, MaxSignatureVerifications: 2})
	res := v.ValidateChain(&Chain{RRs: c.rrs}, "www.example.", dns.TypeA)
	if res.Verdict != Bogus || !errors.Is(res.Err(), ErrLimitExceeded) {
		t.Errorf("2 verifications allowed: %v %v", res.Verdict, res.Err())
	}
	v, _ = NewValidator(&Config{Anchors: []dns.RR{c.anchor}, Now: func() time.Time { return testNow }, MaxQueries: 2})
	if res := v.ValidateChain(&Chain{RRs: c.rrs}, "www.example.", dns.TypeA); !errors.Is(res.Err(), ErrLimitExceeded) {
		t.Errorf("2 queries allowed: %v %v", res.Verdict, res.Err())
	}
}

// chainServer serves a Chain over UDP/TCP on loopback, as an
// authoritative server would (rcode NXDOMAIN when nothing matches and an
// NSEC proves it is left to the chain contents).
func chainServer(t *testing.T, c *Chain) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback UDP: %v", err)
	}
	x := &chainExchanger{c}
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m, err := x.Exchange(context.Background(), q)
		if err != nil {
			m = new(dns.Msg)
			m.SetRcode(q, dns.RcodeFormatError)
		} else if len(m.Answer) == 0 && len(q.Question) == 1 && strings.HasPrefix(q.Question[0].Name, "nx") {
			m.Rcode = dns.RcodeNameError
		}
		w.WriteMsg(m)
	})}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go srv.ActivateAndServe()
	<-started
	t.Cleanup(func() { srv.Shutdown() })
	return pc.LocalAddr().String()
}

// TestValidateLive runs the live front door through Client against an
// in-process server.
func TestValidateLive(t *testing.T) {
	c := newTestChain(t)
	rrs := append([]dns.RR(nil), c.rrs...)
	rrs = append(rrs, signed(t, c.exKey, mustRR(t, "example. 300 IN NSEC www.example. NS SOA RRSIG NSEC DNSKEY"))...)
	rrs = append(rrs, signed(t, c.exKey, mustRR(t, "www.example. 300 IN NSEC example. A RRSIG NSEC"))...)
	addr := chainServer(t, &Chain{RRs: rrs})
	v, _ := NewValidator(&Config{Anchors: []dns.RR{c.anchor}, Now: func() time.Time { return testNow },
		Exchanger: &Client{Server: addr, Timeout: time.Second}})
	res := v.Validate(context.Background(), "www.example.", dns.TypeA)
	if res.Verdict != Secure {
		t.Fatalf("live: %v %v", res.Verdict, res.Err())
	}
	// NXDOMAIN and NODATA with NSEC proofs.
	if res := v.Validate(context.Background(), "nx.example.", dns.TypeA); res.Verdict != Secure || res.Rcode != dns.RcodeNameError {
		t.Errorf("NXDOMAIN: %v rcode %d %v", res.Verdict, res.Rcode, res.Err())
	}
	if res := v.Validate(context.Background(), "www.example.", dns.TypeTXT); res.Verdict != Secure || res.Rcode != dns.RcodeSuccess {
		t.Errorf("NODATA: %v %v", res.Verdict, res.Err())
	}
	// A NODATA claim (NOERROR) for a name the NSECs prove absent is bogus.
	if res := v.Validate(context.Background(), "nope.example.", dns.TypeA); res.Verdict != Bogus || !errors.Is(res.Err(), ErrDenial) {
		t.Errorf("NODATA lie: %v %v", res.Verdict, res.Err())
	}
	// A negative answer without any NSEC from a signed zone is bogus (EDE 12).
	bare, _ := NewValidator(&Config{Anchors: []dns.RR{c.anchor}, Now: func() time.Time { return testNow },
		Exchanger: &Client{Server: chainServer(t, &Chain{RRs: c.rrs}), Timeout: time.Second}})
	if res := bare.Validate(context.Background(), "www.example.", dns.TypeTXT); res.Verdict != Bogus || res.EDE != 12 {
		t.Errorf("unsigned denial: %v EDE %d %v", res.Verdict, res.EDE, res.Err())
	}
	// A dead server is indeterminate.
	dead, _ := NewValidator(&Config{Anchors: []dns.RR{c.anchor}, Exchanger: &Client{Server: "127.0.0.1:1", Timeout: 200 * time.Millisecond}})
	if res := dead.Validate(context.Background(), "www.example.", dns.TypeA); res.Verdict != Indeterminate || !errors.Is(res.Err(), ErrQuery) {
		t.Errorf("dead server: %v %v", res.Verdict, res.Err())
	}
}
