package rsep

import (
	"encoding/hex"
	"fmt"
	"net"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"
)

// fault switches a misbehaviour of the test server on.
type fault struct {
	noTCP, recursive, noAA, noEDNS, wildcard, noProof bool
	delay                                             time.Duration
	// NS04 faults.
	altSource   string // answer UDP queries from this local address instead
	aaaaRefused bool   // AAAA queries answered REFUSED
	aaaaDrop    bool   // AAAA queries not answered
	copyZ       bool   // copy the header Z bit and EDNS Z flags of the query
	tcNoOPT     bool   // DNSKEY over UDP with a buffer under 1232: TC without OPT
	noRRSIG     bool   // ignore DO
	refuseAll   bool   // every query REFUSED (but EDNS answered properly)
	serial      uint32 // when set, SOA answers carry this serial
	nsid        string // NSID to return when asked
}

// authServer is a small authoritative server over one zone, for the live
// checks: answers, NODATA, referrals, and NXDOMAIN with the NSEC records
// that cover the name and the wildcard.
type authServer struct {
	ix *index
	f  fault
}

func (s *authServer) ServeDNS(w dns.ResponseWriter, q *dns.Msg) {
	time.Sleep(s.f.delay)
	m := new(dns.Msg)
	m.SetReply(q)
	opt := q.IsEdns0()
	do := opt != nil && opt.Do() && !s.f.noRRSIG
	qt0 := q.Question[0].Qtype
	if s.f.aaaaDrop && qt0 == dns.TypeAAAA {
		return
	}
	if s.f.tcNoOPT && isUDPWriter(w) && qt0 == dns.TypeDNSKEY && opt != nil && opt.UDPSize() < 1232 {
		m.Truncated = true
		w.WriteMsg(m)
		return
	}
	defer func() {
		if s.f.copyZ {
			m.Zero = q.Zero
			if o, qo := m.IsEdns0(), q.IsEdns0(); o != nil && qo != nil {
				o.SetZ(qo.Z())
			}
		}
		if o, qo := m.IsEdns0(), q.IsEdns0(); s.f.nsid != "" && o != nil && qo != nil {
			for _, op := range qo.Option {
				if op.Option() == dns.EDNS0NSID {
					o.Option = append(o.Option, &dns.EDNS0_NSID{Code: dns.EDNS0NSID, Nsid: hex.EncodeToString([]byte(s.f.nsid))})
				}
			}
		}
		if s.f.serial != 0 {
			for i, rr := range m.Answer {
				if soa, ok := rr.(*dns.SOA); ok {
					c := *soa
					c.Serial = s.f.serial
					m.Answer[i] = &c
				}
			}
		}
		w.WriteMsg(m)
	}()
	if s.f.refuseAll || (s.f.aaaaRefused && qt0 == dns.TypeAAAA) {
		if opt != nil {
			m.SetEdns0(1232, do)
		}
		m.Rcode = dns.RcodeRefused
		return
	}
	if opt != nil && !s.f.noEDNS {
		if opt.Version() != 0 {
			m.Rcode = dns.RcodeBadVers
			m.SetEdns0(1232, do)
			return
		}
		m.SetEdns0(1232, do)
	}
	qn := strings.ToLower(q.Question[0].Name)
	qt := q.Question[0].Qtype
	ix := s.ix
	// A recursive server sets RA on every response (RFC 1035 §4.1.1).
	m.RecursionAvailable = s.f.recursive
	if !dns.IsSubDomain(ix.origin, qn) {
		if s.f.recursive && q.RecursionDesired {
			m.Rcode = dns.RcodeNameError
		} else {
			m.Rcode = dns.RcodeRefused
		}
		return
	}
	m.Authoritative = !s.f.noAA
	withSigs := func(k rrKey) []dns.RR {
		out := append([]dns.RR(nil), ix.get(k.name, k.typ)...)
		if do {
			for _, sig := range ix.sigs[k] {
				out = append(out, sig)
			}
		}
		return out
	}
	soa := rrKey{ix.origin, dns.TypeSOA}
	if cut, ok := ix.cutAt(qn); ok && !(qt == dns.TypeDS && qn == cut) {
		m.Authoritative = false
		m.Ns = ix.get(cut, dns.TypeNS)
		for _, h := range nsTargets(m.Ns) {
			m.Extra = append(m.Extra, ix.addrs(h)...)
		}
	} else if len(ix.types[qn]) > 0 {
		if rrs := withSigs(rrKey{qn, qt}); len(rrs) > 0 {
			m.Answer = rrs
		} else {
			m.Ns = withSigs(soa)
		}
	} else if s.f.wildcard {
		m.Answer = []dns.RR{&dns.A{Hdr: dns.RR_Header{Name: q.Question[0].Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60}, A: net.IPv4(64, 94, 110, 11)}}
	} else {
		m.Rcode = dns.RcodeNameError
		m.Ns = withSigs(soa)
		if s.f.noProof {
			// NXDOMAIN with the signed SOA only.
		} else if p := ix.nsec3Param(); do && p != nil {
			// RFC 5155 §7.2.2: the NSEC3 matching the closest encloser (the
			// apex here), and those covering the next closer name and the
			// wildcard.
			labels := dns.SplitDomainName(qn)
			nextCloser := strings.Join(labels[len(labels)-len(dns.SplitDomainName(ix.origin))-1:], ".") + "."
			seen := make(map[string]bool)
			for _, k := range ix.keys {
				if k.typ != dns.TypeNSEC3 || seen[k.name] {
					continue
				}
				n3 := ix.get(k.name, k.typ)[0].(*dns.NSEC3)
				if n3.Match(ix.origin) || n3.Cover(nextCloser) || n3.Cover("*."+ix.origin) {
					seen[k.name] = true
					m.Ns = append(m.Ns, withSigs(k)...)
				}
			}
		} else if do {
			for _, target := range []string{qn, "*." + ix.origin} {
				for _, k := range ix.keys {
					if k.typ != dns.TypeNSEC {
						continue
					}
					n := ix.get(k.name, k.typ)[0].(*dns.NSEC)
					if nsecCovers([]*dns.NSEC{n}, target) {
						m.Ns = append(m.Ns, withSigs(k)...)
					}
				}
			}
		}
	}
}

// serve starts the server on 127.0.0.1 with UDP and TCP on one port.
func serve(t *testing.T, z *Zone, f fault) netip.AddrPort {
	t.Helper()
	return serveOn(t, "127.0.0.1", z, f)
}

// serveOn starts the server on host ("127.0.0.1" or "::1").
func serveOn(t *testing.T, host string, z *Zone, f fault) netip.AddrPort {
	t.Helper()
	return serveAt(t, host, "0", z, f)
}

// serveAt starts the server on host:port (port "0": any free port).
func serveAt(t *testing.T, host, port string, z *Zone, f fault) netip.AddrPort {
	t.Helper()
	h := &authServer{ix: buildIndex(z), f: f}
	for try := 0; try < 20; try++ {
		pc, err := net.ListenPacket("udp", net.JoinHostPort(host, port))
		if err != nil {
			t.Skipf("cannot listen on %s: %v", host, err)
		}
		addr := netip.MustParseAddrPort(pc.LocalAddr().String())
		var l net.Listener
		if !f.noTCP {
			l, err = net.Listen("tcp", addr.String())
			if err != nil {
				pc.Close()
				continue
			}
		}
		var wg sync.WaitGroup
		start := func(s *dns.Server) {
			wg.Add(1)
			started := make(chan struct{})
			s.NotifyStartedFunc = func() { close(started) }
			go func() { defer wg.Done(); s.ActivateAndServe() }()
			<-started
			t.Cleanup(func() { s.Shutdown() })
		}
		var spc net.PacketConn = pc
		if f.altSource != "" {
			alt, err := net.ListenPacket("udp", net.JoinHostPort(f.altSource, "0"))
			if err != nil {
				t.Skipf("cannot listen on %s: %v", f.altSource, err)
			}
			t.Cleanup(func() { alt.Close() })
			spc = altSourceConn{pc, alt}
		}
		start(&dns.Server{PacketConn: spc, Handler: h})
		if l != nil {
			start(&dns.Server{Listener: l, Handler: h})
		}
		return addr
	}
	t.Fatal("no free port")
	return netip.AddrPort{}
}

func TestLiveChecks(t *testing.T) {
	// Signed with NSEC (the server can prove NXDOMAIN), with the nic.<tld>
	// delegation RST requires.
	z := withNIC(t, loadZone(t, "roll-ok-0.zone"))
	live := []string{"NS01", "NS02", "NS03", "SLA01", "SLA02"}
	probe := func(servers ...netip.AddrPort) []string {
		var ss []Server
		for i, a := range servers {
			ss = append(ss, Server{Name: "ns" + itoa(i+1) + ".nic.example.", Addr: a})
		}
		r := run(t, &Target{Zone: z, Prober: &Client{Timeout: 2 * time.Second}, Servers: ss, Checks: live, Now: at(evalTime)})
		var out []string
		for _, f := range r.Findings {
			out = append(out, f.Check+" "+f.Tag+" "+strings.Split(f.Name, "@")[0])
		}
		return out
	}
	good1, good2 := serveOn(t, "::1", z, fault{}), serveOn(t, "::1", z, fault{})
	if got := probe(good1, good2); len(got) != 0 {
		t.Errorf("good servers: %v", got)
	}
	// A second server with another serial, a recursive server without TCP,
	// EDNS or AA, answering every name.
	other := edit(t, z, isType(dns.TypeSOA, ""), "@ IN SOA ns1.nic.example. hostmaster.nic.example. 2026111099 14400 3600 1209600 3600")
	bad := serve(t, other, fault{noTCP: true, recursive: true, noAA: true, noEDNS: true, wildcard: true})
	want := []string{
		"NS01 NOT_ENOUGH_IPV6_REACHABLE example.",
		"NS01 IS_A_RECURSOR ns2.nic.example.",
		"NS01 NOT_AUTHORITATIVE ns2.nic.example.",
		"NS01 NO_RESPONSE_TCP ns2.nic.example.",
		"NS02 SOA_SERIAL_DIFFERS example.",
		"NS02 CONSISTENCY_QUERY_FAILED ns2.nic.example.",
		"NS03 NO_EDNS_BADVERS ns2.nic.example.",
		"NS03 NO_EDNS_SUPPORT ns2.nic.example.",
		"SLA02 NO_NXDOMAIN ns2.nic.example.",
	}
	if diff := cmp.Diff(want, probe(good1, bad)); diff != "" { // one IPv6, one IPv4 server
		t.Errorf("bad server (-want +got):\n%s", diff)
	}
}

// TestLiveDenialNSEC3: SLA02 over NSEC3 (good.zone), with and without
// the proof.
func TestLiveDenialNSEC3(t *testing.T) {
	z := loadZone(t, "good.zone")
	for _, c := range []struct {
		f    fault
		want int
	}{{fault{}, 0}, {fault{noProof: true}, 1}} {
		srv := serve(t, z, c.f)
		r := run(t, &Target{Zone: z, Prober: &Client{}, Servers: []Server{{Name: "ns1.nic.example.", Addr: srv}}, Checks: []string{"SLA02"}, Now: at(evalTime)})
		if n := countCheck(r, "SLA02"); n != c.want {
			t.Errorf("fault %+v: %d findings, want %d: %v", c.f, n, c.want, r.Findings)
		}
	}
}

// TestLiveRTT: SLA01 against a server slower than the (lowered) thresholds.
func TestLiveRTT(t *testing.T) {
	z := loadZone(t, "good.zone")
	pol := &Policy{UDPRTT: Duration(250 * time.Millisecond), TCPRTT: Duration(250 * time.Millisecond)}
	for _, c := range []struct {
		delay time.Duration
		want  []string
	}{{0, nil}, {400 * time.Millisecond, []string{"RTT_TCP", "RTT_UDP"}}} {
		srv := serve(t, z, fault{delay: c.delay})
		r := run(t, &Target{Zone: z, Policy: pol, Prober: &Client{}, Servers: []Server{{Name: "ns1.nic.example.", Addr: srv}}, Checks: []string{"SLA01"}, Now: at(evalTime)})
		var got []string
		for _, f := range r.Findings {
			got = append(got, f.Tag)
			if f.Severity != Notice {
				t.Errorf("%s: severity %s, want notice (indicative)", f.Tag, f.Severity)
			}
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("delay %s (-want +got):\n%s", c.delay, diff)
		}
	}
}

func TestDenialProof(t *testing.T) {
	for _, name := range []string{"roll-ok-0.zone", "good.zone"} { // NSEC, NSEC3
		t.Run(name, func(t *testing.T) { testDenialProof(t, name) })
	}
}

func testDenialProof(t *testing.T, name string) {
	z := loadZone(t, name)
	ix := buildIndex(z)
	e := &env{ix: ix, t: &Target{}, now: evalTime, sigBudget: 1000}
	h := &authServer{ix: ix}
	q := new(dns.Msg)
	q.SetQuestion("nope.example.", dns.TypeA)
	q.SetEdns0(1232, true)
	w := &recorder{}
	h.ServeDNS(w, q)
	if why := e.denialProof("nope.example.", w.m, ix.zoneKeys()); why != "" {
		t.Fatalf("valid proof rejected: %s", why)
	}
	// Drop the NSEC records: the proof must fail.
	m := w.m.Copy()
	var ns []dns.RR
	for _, rr := range m.Ns {
		if rr.Header().Rrtype != dns.TypeNSEC && rr.Header().Rrtype != dns.TypeNSEC3 {
			ns = append(ns, rr)
		}
	}
	m.Ns = ns
	if why := e.denialProof("nope.example.", m, ix.zoneKeys()); why == "" {
		t.Error("proof without NSEC accepted")
	}
	// Tamper with a signed NSEC: the signature check must fail.
	m = w.m.Copy()
	for _, rr := range m.Ns {
		switch n := rr.(type) {
		case *dns.NSEC:
			n.TypeBitMap = append(n.TypeBitMap, dns.TypeTXT)
		case *dns.NSEC3:
			n.TypeBitMap = append(n.TypeBitMap, dns.TypeTXT)
		}
	}
	if why := e.denialProof("nope.example.", m, ix.zoneKeys()); !strings.Contains(why, "no valid signature") {
		t.Errorf("tampered proof: %q", why)
	}
}

type recorder struct {
	dns.ResponseWriter
	m *dns.Msg
}

func (r *recorder) WriteMsg(m *dns.Msg) error { r.m = m; return nil }

// withNIC adds the nic.<tld> delegation (NS and DS) that RST's
// dns-zz-consistency requires.
func withNIC(t *testing.T, z *Zone) *Zone {
	t.Helper()
	return edit(t, z, nil, "nic 86400 IN NS ns1.nic.example.", "nic 86400 IN NS ns2.nic.example.",
		"nic 86400 IN DS 4711 13 2 "+strings.Repeat("AB", 32))
}

// altSourceConn receives on one socket and answers from another, the
// NAMESERVER04 fault (a server whose replies leave from another address).
type altSourceConn struct {
	net.PacketConn
	alt net.PacketConn
}

func (c altSourceConn) WriteTo(b []byte, addr net.Addr) (int, error) { return c.alt.WriteTo(b, addr) }

// ptrServer answers PTR queries with a name for the addresses in names and
// NXDOMAIN otherwise: the resolver of the NS04 reverse-lookup check.
func ptrServer(t *testing.T, names map[string]string) netip.AddrPort {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("cannot listen: %v", err)
	}
	h := dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(q)
		m.RecursionAvailable = true
		if n, ok := names[strings.ToLower(q.Question[0].Name)]; ok && q.Question[0].Qtype == dns.TypePTR {
			m.Answer = []dns.RR{&dns.PTR{Hdr: dns.RR_Header{Name: q.Question[0].Name, Rrtype: dns.TypePTR, Class: dns.ClassINET, Ttl: 60}, Ptr: n}}
		} else {
			m.Rcode = dns.RcodeNameError
		}
		w.WriteMsg(m)
	})
	srv := &dns.Server{PacketConn: pc, Handler: h}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go srv.ActivateAndServe()
	<-started
	t.Cleanup(func() { srv.Shutdown() })
	return netip.MustParseAddrPort(pc.LocalAddr().String())
}

// TestLiveServerFaults: each new live check fires on a server with its
// fault and stays quiet on a clean one (NS02, NS03, NS04).
func TestLiveServerFaults(t *testing.T) {
	z := withNIC(t, loadZone(t, "roll-ok-0.zone"))
	for _, c := range []struct {
		name  string
		host  string
		f     fault
		check string
		want  []string // tags on the faulty server; the clean one must have none
	}{
		{"source", "127.0.0.1", fault{altSource: "127.0.0.2"}, "NS04", []string{"DIFFERENT_SOURCE_IP"}},
		{"aaaa-refused", "127.0.0.1", fault{aaaaRefused: true}, "NS04", []string{"AAAA_UNEXPECTED_RCODE"}},
		{"aaaa-dropped", "127.0.0.1", fault{aaaaDrop: true}, "NS04", []string{"AAAA_QUERY_DROPPED"}},
		{"z-flags", "127.0.0.1", fault{copyZ: true}, "NS04", []string{"Z_FLAGS_NOTCLEAR"}},
		{"tc-without-opt", "127.0.0.1", fault{tcNoOPT: true}, "NS04", []string{"MISSING_OPT_IN_TRUNCATED"}},
		{"no-rrsig", "127.0.0.1", fault{noRRSIG: true}, "NS04", []string{"NO_DNSSEC_RRSIG"}},
		{"no-ptr", "127.0.0.3", fault{}, "NS04", []string{"NO_PTR"}},
		// A server that refuses everything is NS01's problem, not an EDNS
		// option problem (before: UNKNOWN_OPTION).
		{"refuses-all", "127.0.0.1", fault{refuseAll: true}, "NS03", nil},
		{"refuses-all-no-opt", "127.0.0.1", fault{refuseAll: true, noEDNS: true}, "NS03", nil},
		{"refuses-all-nxdomain", "127.0.0.1", fault{refuseAll: true}, "SLA02", nil},
		{"serial", "127.0.0.1", fault{serial: 2026112699, nsid: "node-7"}, "NS02", []string{"SOA_SERIAL_DIFFERS"}},
		{"nsec3param-nic", "127.0.0.1", fault{}, "NS02", []string{"NIC_DIFFERS", "NIC_DIFFERS", "NIC_MISSING", "NIC_MISSING", "NS_SET_DIFFERS"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			zone := z
			if c.name == "nsec3param-nic" {
				// The faulty server serves the zone without nic.<tld> and
				// with another NS set.
				zone = edit(t, loadZone(t, "roll-ok-0.zone"), nil, "@ 3600 IN NS ns3.nic.example.")
			}
			clean := serveOn(t, "127.0.0.1", z, fault{})
			bad := serveOn(t, c.host, zone, c.f)
			rsv := ptrServer(t, map[string]string{"1.0.0.127.in-addr.arpa.": "localhost."})
			ss := []Server{{Name: "ns1.nic.example.", Addr: clean}, {Name: "ns2.nic.example.", Addr: bad}}
			r := run(t, &Target{Zone: z, Prober: &Client{Timeout: 700 * time.Millisecond}, Servers: ss, Checks: []string{c.check}, Now: at(evalTime), Resolver: rsv})
			var got []string
			for _, f := range r.Findings {
				if strings.HasPrefix(f.Name, "ns1.nic.example.@") {
					t.Errorf("clean server flagged: %v", f)
				}
				if f.Severity >= Warning {
					got = append(got, f.Tag)
				}
			}
			sort.Strings(got)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("%s on %+v (-want +got):\n%s\n%v", c.check, c.f, diff, r.Findings)
			}
			if c.f.nsid != "" && !strings.Contains(fmt.Sprint(r.Findings), `(nsid "node-7")`) {
				t.Errorf("NSID of the faulty server not in the report: %v", r.Findings)
			}
			for _, f := range r.Findings {
				if f.Severity >= Warning && f.RST == "" && f.Tag != "SOA_SERIAL_DIFFERS" {
					t.Errorf("%s %s has no RST code", f.Check, f.Tag)
				}
			}
		})
	}
}

func isUDPWriter(w dns.ResponseWriter) bool {
	defer func() { recover() }() // test recorders have no address
	_, ok := w.RemoteAddr().(*net.UDPAddr)
	return ok
}
