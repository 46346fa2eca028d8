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

// msgExchanger answers from canned responses keyed "name/TYPE" (lower
// case); anything else gets SERVFAIL.
type msgExchanger map[string]*dns.Msg

func (x msgExchanger) Exchange(_ context.Context, q *dns.Msg) (*dns.Msg, error) {
	k := strings.ToLower(q.Question[0].Name) + "/" + dns.Type(q.Question[0].Qtype).String()
	m, ok := x[k]
	if !ok {
		m = new(dns.Msg)
		m.SetRcode(q, dns.RcodeServerFailure)
		return m, nil
	}
	c := m.Copy()
	c.SetReply(q)
	c.Rcode, c.Truncated = m.Rcode, m.Truncated
	return c, nil
}

// cannedZone is a signed root → example. hierarchy answered by a
// msgExchanger; tests add their own responses.
type cannedZone struct {
	root, ex testKey
	x        msgExchanger
	soa      []dns.RR // the example. SOA with its RRSIG
}

func newCannedZone(t *testing.T) *cannedZone { return newCannedZoneTB(t) }

func newCannedZoneTB(t testing.TB) *cannedZone {
	z := &cannedZone{root: genKey(t, ".", dns.ECDSAP256SHA256, 257), ex: genKey(t, "example.", dns.ED25519, 257), x: msgExchanger{}}
	ds := z.ex.dnskey.ToDS(dns.SHA256)
	ds.Hdr.Ttl = 3600
	z.set("./DNSKEY", 0, signed(t, z.root, z.root.dnskey), nil)
	z.set("example./DS", 0, signed(t, z.root, ds), nil)
	z.set("example./DNSKEY", 0, signed(t, z.ex, z.ex.dnskey), nil)
	z.soa = signed(t, z.ex, mustRR(t, "example. 3600 IN SOA ns.example. host.example. 1 7200 3600 604800 300"))
	return z
}

// noDS answers a DS query at each name with a genuine NODATA proof (an
// NSEC at the name without NS or DS): these names are no zone cuts. A
// validator that walks DS lookups below the signer zone finds them.
func (z *cannedZone) noDS(t *testing.T, names ...string) {
	for _, n := range names {
		z.set(n+"/DS", 0, nil, append(append([]dns.RR{}, z.soa...), z.sign(t, n+" 3600 IN NSEC zzzzzz.example. A RRSIG NSEC")...))
	}
}

func (z *cannedZone) set(key string, rcode int, answer, ns []dns.RR) {
	m := new(dns.Msg)
	m.Rcode, m.Answer, m.Ns = rcode, answer, ns
	z.x[key] = m
}

// sign parses an RRset (one RR per line) and appends its RRSIG by the
// example. key.
func (z *cannedZone) sign(t *testing.T, rrs string) []dns.RR {
	return signed(t, z.ex, mustRRs(t, rrs)...)
}

func (z *cannedZone) validate(t *testing.T, name string, qtype uint16) *Result {
	t.Helper()
	v, err := NewValidator(&Config{Anchors: []dns.RR{z.root.dnskey.ToDS(dns.SHA256)}, Exchanger: z.x, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	return v.Validate(context.Background(), name, qtype)
}

// expandedFrom returns a copy of the denial RR wc (owned by a wildcard)
// with its RRSIG, both renamed to owner: what a server synthesises when it
// expands the wildcard (RFC 4592 §4.7), which validates because the RRSIG
// labels field stays that of the wildcard (RFC 4035 §5.3.2).
func (z *cannedZone) expandedFrom(t *testing.T, wc dns.RR, owner string) []dns.RR {
	sig := z.ex.sign(t, []dns.RR{wc}, func(s *dns.RRSIG) { s.Labels = uint8(CountLabels(wc.Header().Name) - 1) })
	rr, s := dns.Copy(wc), dns.Copy(sig)
	rr.Header().Name, s.Header().Name = owner, owner
	return []dns.RR{rr, s}
}

// TestWildcardExpandedDenialRefused: an NSEC or NSEC3 whose RRSIG labels
// field is below its owner's label count was expanded from a wildcard and
// proves nothing, in NXDOMAIN, NODATA and DS denials alike (defect 1 of
// issue 15; RFC 4035 §5.4, RFC 4592 §4.7, RFC 5155 §8; CVE-2017-15105).
func TestWildcardExpandedDenialRefused(t *testing.T) {
	z := newCannedZone(t)
	apex := z.sign(t, "example. 3600 IN NSEC a.example. NS SOA RRSIG NSEC DNSKEY")
	wc := mustRR(t, "*.w.example. 3600 IN NSEC zz.example. MX RRSIG NSEC")
	forged := z.expandedFrom(t, wc, "q.w.example.")
	// q.w.example. NSEC zz.example. "covers" x.example.; the apex NSEC
	// covers *.example.: a complete NXDOMAIN proof but for the expansion.
	z.set("x.example./A", dns.RcodeNameError, nil, append(append(append([]dns.RR{}, z.soa...), apex...), forged...))
	// q.w.example. NSEC without A: a NODATA proof, and without DS a DS one.
	z.set("q.w.example./A", 0, nil, append(append([]dns.RR{}, z.soa...), forged...))
	z.set("q.w.example./DS", 0, nil, append(append([]dns.RR{}, z.soa...), forged...))
	// NSEC3: the record matching www.example.'s hash, expanded from a
	// wildcard-owned NSEC3.
	h, _ := NSEC3Hash("www.example.", 1, 0, nil)
	wc3 := mustRR(t, "*.example. 3600 IN NSEC3 1 0 0 - "+strings.Repeat("V", 32)+" MX RRSIG")
	z.set("www.example./A", 0, nil, append(append([]dns.RR{}, z.soa...), z.expandedFrom(t, wc3, b32hex.EncodeToString(h)+".example.")...))
	z.noDS(t, "x.example.", "w.example.", "www.example.")
	for _, q := range []struct {
		name  string
		qtype uint16
	}{{"x.example.", dns.TypeA}, {"q.w.example.", dns.TypeA}, {"q.w.example.", dns.TypeDS}, {"www.example.", dns.TypeA}} {
		res := z.validate(t, q.name, q.qtype)
		if res.Verdict != Bogus || !errors.Is(res.Err(), ErrDenial) || !strings.Contains(res.Err().Error(), "synthesised from the wildcard") {
			t.Errorf("%s %s with a wildcard-expanded denial: %v, %v; want bogus (RFC 4035 §5.4)", q.name, dns.Type(q.qtype), res.Verdict, res.Err())
		}
	}
	// Control: the same NXDOMAIN proof with a genuine NSEC is secure.
	z.set("x.example./A", dns.RcodeNameError, nil, append(append(append([]dns.RR{}, z.soa...), apex...), z.sign(t, "q.w.example. 3600 IN NSEC zz.example. A RRSIG NSEC")...))
	if res := z.validate(t, "x.example.", dns.TypeA); res.Verdict != Secure {
		t.Errorf("genuine NSEC: %v %v", res.Verdict, res.Err())
	}
}

// TestNSECNextNameOutsideZone: only the last NSEC of a zone wraps, and only
// to the apex; an NSEC whose next name leaves the zone covers nothing
// (defect 2 of issue 15; RFC 4034 §4.1.1; Unbound's val_nx_overreach).
func TestNSECNextNameOutsideZone(t *testing.T) {
	z := newCannedZone(t)
	apex := z.sign(t, "example. 3600 IN NSEC a.example. NS SOA RRSIG NSEC DNSKEY")
	z.noDS(t, "www.example.")
	for _, c := range []struct {
		nsec string
		want Verdict
	}{
		{"wab.example. 3600 IN NSEC wzz.foo. A RRSIG NSEC", Bogus},   // next in another zone
		{"wab.example. 3600 IN NSEC b.example. A RRSIG NSEC", Bogus}, // wraps, not to the apex
		{"wab.example. 3600 IN NSEC example. A RRSIG NSEC", Secure},  // the last NSEC
		{"wab.example. 3600 IN NSEC wzz.example. A RRSIG NSEC", Secure},
	} {
		z.set("www.example./A", dns.RcodeNameError, nil, append(append(append([]dns.RR{}, z.soa...), apex...), z.sign(t, c.nsec)...))
		if res := z.validate(t, "www.example.", dns.TypeA); res.Verdict != c.want {
			t.Errorf("NXDOMAIN www.example. by %q: %v (%v), want %v", c.nsec, res.Verdict, res.Err(), c.want)
		}
	}
}

// TestDNAMESynthesisedQtypes: qtype CNAME for a name whose CNAME is
// synthesised from a DNAME, and qtype DNAME below a DNAME, are secure when
// the DNAME is (defect 3 of issue 15; RFC 6672 §3.2, §5.3.1).
func TestDNAMESynthesisedQtypes(t *testing.T) {
	z := newCannedZone(t)
	dname := z.sign(t, "d.example. 3600 IN DNAME t.example.")
	syn := mustRR(t, "x.d.example. 3600 IN CNAME x.t.example.")
	z.set("x.d.example./CNAME", 0, append(append([]dns.RR{}, dname...), syn), nil)
	z.set("x.d.example./DS", 0, append(append([]dns.RR{}, dname...), syn), nil)
	z.noDS(t, "d.example.", "t.example.", "x.t.example.")
	ns := append(append([]dns.RR{}, z.soa...), z.sign(t, "x.t.example. 3600 IN NSEC y.t.example. A RRSIG NSEC")...)
	z.set("x.d.example./DNAME", 0, append(append([]dns.RR{}, dname...), syn), ns)
	for _, qt := range []uint16{dns.TypeCNAME, dns.TypeDNAME} {
		if res := z.validate(t, "x.d.example.", qt); res.Verdict != Secure {
			t.Errorf("x.d.example. %s below a DNAME: %v %v, want secure", dns.Type(qt), res.Verdict, res.Err())
		}
	}
	// Offline, a chain with the DNAME redirects names below it.
	c := newTestChain(t)
	c.rrs = append(c.rrs, signed(t, c.exKey, mustRR(t, "d.example. 3600 IN DNAME example."))...)
	v := c.validator(t)
	for _, qt := range []uint16{dns.TypeA, dns.TypeCNAME} {
		if res := v.ValidateChain(&Chain{RRs: c.rrs}, "www.d.example.", qt); res.Verdict != Secure {
			t.Errorf("offline www.d.example. %s: %v %v, want secure", dns.Type(qt), res.Verdict, res.Err())
		}
	}
	// A synthesised CNAME that does not match the DNAME is bogus.
	z.set("x.d.example./CNAME", 0, append(append([]dns.RR{}, dname...), mustRR(t, "x.d.example. 3600 IN CNAME evil.example.")), nil)
	if res := z.validate(t, "x.d.example.", dns.TypeCNAME); res.Verdict != Bogus {
		t.Errorf("forged synthesised CNAME: %v, want bogus (RFC 6672 §3.2)", res.Verdict)
	}
}

// TestANYAndRRSIGQueries: a positive ANY answer is validated RRset by
// RRset, and a qtype RRSIG answer (never signed, RFC 4035 §2.2) is not
// bogus (defect 4 of issue 15).
func TestANYAndRRSIGQueries(t *testing.T) {
	z := newCannedZone(t)
	a := z.sign(t, "www.example. 300 IN A 192.0.2.1")
	txt := z.sign(t, `www.example. 300 IN TXT "t"`)
	z.set("www.example./ANY", 0, append(append([]dns.RR{}, a...), txt...), nil)
	z.set("www.example./RRSIG", 0, []dns.RR{a[1], txt[1]}, nil)
	z.noDS(t, "www.example.")
	if res := z.validate(t, "www.example.", dns.TypeANY); res.Verdict != Secure || len(res.Answer) != 2 {
		t.Errorf("ANY: %v %v, %d RRs; want secure", res.Verdict, res.Err(), len(res.Answer))
	} else if _, ok := res.ExtendedError(); ok {
		t.Errorf("secure ANY carries EDE %d", res.EDE)
	}
	if res := z.validate(t, "www.example.", dns.TypeRRSIG); res.Verdict != Insecure {
		t.Errorf("RRSIG: %v %v; want insecure (RFC 4035 §2.2)", res.Verdict, res.Err())
	}
	// Offline, a chain answers ANY with every RRset of the name.
	c := newTestChain(t)
	c.rrs = append(c.rrs, signed(t, c.exKey, mustRR(t, `www.example. 300 IN TXT "t"`))...)
	if res := c.validator(t).ValidateChain(&Chain{RRs: c.rrs}, "www.example.", dns.TypeANY); res.Verdict != Secure || len(res.Answer) != 2 {
		t.Errorf("offline ANY: %v %v, %d RRs; want secure", res.Verdict, res.Err(), len(res.Answer))
	}
	// One bad RRset spoils the ANY answer.
	bad := dns.Copy(txt[0]).(*dns.TXT)
	bad.Txt = []string{"forged"}
	z.set("www.example./ANY", 0, append(append([]dns.RR{}, a...), bad, txt[1]), nil)
	if res := z.validate(t, "www.example.", dns.TypeANY); res.Verdict != Bogus {
		t.Errorf("ANY with a forged RRset: %v; want bogus", res.Verdict)
	}
}

// TestTruncatedOverTCPIndeterminate: a server that truncates over TCP
// too proves nothing: indeterminate, not bogus (defect 5 of issue 15;
// RFC 7766 §5, RFC 4035 §4.3).
func TestTruncatedOverTCPIndeterminate(t *testing.T) {
	tc := dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(q)
		m.Truncated = true
		w.WriteMsg(m)
	})
	var addr string
	for i := 0; i < 5 && addr == ""; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Skipf("no loopback TCP: %v", err)
		}
		pc, err := net.ListenPacket("udp", l.Addr().String())
		if err != nil {
			l.Close()
			continue
		}
		addr = l.Addr().String()
		for _, s := range []*dns.Server{{Listener: l, Handler: tc}, {PacketConn: pc, Handler: tc}} {
			started := make(chan struct{})
			s.NotifyStartedFunc = func() { close(started) }
			go s.ActivateAndServe()
			<-started
			t.Cleanup(func() { s.Shutdown() })
		}
	}
	if addr == "" {
		t.Skip("no UDP and TCP port pair on loopback")
	}
	root := genKey(t, ".", dns.ECDSAP256SHA256, 257)
	v, _ := NewValidator(&Config{Anchors: []dns.RR{root.dnskey.ToDS(dns.SHA256)}, Exchanger: &Client{Server: addr, Timeout: 2 * time.Second}, Now: func() time.Time { return testNow }})
	res := v.Validate(context.Background(), "www.example.", dns.TypeA)
	if code, ok := res.ExtendedError(); res.Verdict != Indeterminate || !errors.Is(res.Err(), ErrQuery) || !ok || code != dns.ExtendedErrorCodeDNSSECIndeterminate {
		t.Errorf("TC over TCP: %v EDE %d %v; want indeterminate EDE 5", res.Verdict, res.EDE, res.Err())
	}
	// The same through any Exchanger that hands back a truncated response.
	z := newCannedZone(t)
	z.x["example./DNSKEY"].Truncated = true
	if res := z.validate(t, "www.example.", dns.TypeA); res.Verdict != Indeterminate {
		t.Errorf("truncated DNSKEY response: %v %v; want indeterminate", res.Verdict, res.Err())
	}
}
