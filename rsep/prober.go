package rsep

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Server is one name-server address a live check probes.
type Server struct {
	Name string         // name-server host name, e.g. "ns1.nic.example."
	Addr netip.AddrPort // address and port (53 in production; loopback ports in tests)
}

func (s Server) String() string { return s.Name + "@" + s.Addr.String() }

// Prober sends one query to one server over "udp" or "tcp" and returns the
// response and the round-trip time. Implementations must honour ctx.
type Prober interface {
	Exchange(ctx context.Context, m *dns.Msg, server netip.AddrPort, network string) (*dns.Msg, time.Duration, error)
}

// SourceProber is a [Prober] that also reports the address a response
// came from, for the same-source-address check (NS04, Zonemaster
// NAMESERVER04). [Client] implements it.
type SourceProber interface {
	Prober
	ExchangeFrom(ctx context.Context, m *dns.Msg, server netip.AddrPort, network string) (*dns.Msg, netip.AddrPort, time.Duration, error)
}

// Client is the default [Prober], built on the miekg/dns client. Over UDP it
// sends from an unconnected socket so that a response from another address
// than the one queried is received (and reported by NS04) rather than
// filtered by the kernel.
type Client struct {
	Timeout time.Duration // per query; zero: MaxProbeTimeout
}

// Exchange implements [Prober].
func (c *Client) Exchange(ctx context.Context, m *dns.Msg, server netip.AddrPort, network string) (*dns.Msg, time.Duration, error) {
	r, _, rtt, err := c.ExchangeFrom(ctx, m, server, network)
	return r, rtt, err
}

// ExchangeFrom implements [SourceProber].
func (c *Client) ExchangeFrom(ctx context.Context, m *dns.Msg, server netip.AddrPort, network string) (*dns.Msg, netip.AddrPort, time.Duration, error) {
	timeout := orDefault(c.Timeout, MaxProbeTimeout)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	switch network {
	case "udp":
		return exchangeUDP(ctx, m, server)
	case "tcp":
		cl := &dns.Client{Net: "tcp", Timeout: timeout}
		r, rtt, err := cl.ExchangeContext(ctx, m, server.String())
		if err != nil {
			return nil, server, rtt, &Error{Kind: ErrProbe, Name: server.String(), Err: err}
		}
		return r, server, rtt, nil
	}
	return nil, netip.AddrPort{}, 0, errorf(ErrProbe, "", 0, "unsupported network %q", network)
}

// exchangeUDP sends m from an unconnected socket and returns the first
// response with m's ID, from whatever address it came.
func exchangeUDP(ctx context.Context, m *dns.Msg, server netip.AddrPort) (*dns.Msg, netip.AddrPort, time.Duration, error) {
	fail := func(err error) (*dns.Msg, netip.AddrPort, time.Duration, error) {
		return nil, netip.AddrPort{}, 0, &Error{Kind: ErrProbe, Name: server.String(), Err: err}
	}
	wire, err := m.Pack()
	if err != nil {
		return fail(err)
	}
	laddr := "0.0.0.0:0"
	if server.Addr().Is6() && !server.Addr().Is4In6() {
		laddr = "[::]:0"
	}
	pc, err := net.ListenPacket("udp", laddr)
	if err != nil {
		return fail(err)
	}
	defer pc.Close()
	if dl, ok := ctx.Deadline(); ok {
		pc.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { pc.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	start := time.Now()
	if _, err := pc.WriteTo(wire, net.UDPAddrFromAddrPort(server)); err != nil {
		return fail(err)
	}
	buf := make([]byte, 65535)
	for {
		n, from, err := pc.ReadFrom(buf)
		if err != nil {
			return fail(err)
		}
		r := new(dns.Msg)
		if r.Unpack(buf[:n]) != nil || r.Id != m.Id {
			continue // not an answer to this query
		}
		src := netip.MustParseAddrPort(from.String())
		return r, netip.AddrPortFrom(src.Addr().Unmap(), src.Port()), time.Since(start), nil
	}
}

// servers returns the servers to probe: Target.Servers, or the name
// servers' known addresses on port 53, at most lim.ProbeServers. A
// Target.ServerAddrs entry replaces the addresses of its name server (as
// Zonemaster's --ns). Addresses taken from the zone or the parent that are
// special-purpose (RFC 6890: documentation, private, loopback...) are not
// queried unless Target.AllowSpecialAddresses is set; explicit Servers and
// ServerAddrs are the caller's choice and always queried.
func (e *env) servers() []Server {
	if e.serverList != nil {
		return e.serverList
	}
	max := orDefault(e.lim.ProbeServers, MaxProbeServers)
	var out []Server
	if len(e.t.Servers) > 0 {
		out = append(out, e.t.Servers...)
	} else {
		hosts, addrs := e.nsAddrs()
		var skipped []string
		for _, h := range hosts {
			if over, ok := e.t.ServerAddrs[h]; ok {
				for _, a := range over {
					out = append(out, Server{Name: h, Addr: a})
				}
				continue
			}
			for _, a := range addrs[h] {
				if blk, special := isSpecial(a); special && !e.t.AllowSpecialAddresses {
					skipped = append(skipped, fmt.Sprintf("%s %s (%s)", h, a, blk))
					continue
				}
				out = append(out, Server{Name: h, Addr: netip.AddrPortFrom(a, 53)})
			}
		}
		if len(skipped) > 0 {
			e.addf(Finding{Check: e.cur.ID, Severity: Notice, Tag: "PROBE_SPECIAL_SKIPPED", Name: e.ix.origin, Authority: "RFC 6890 §2.2 (special-purpose addresses); rsep Target.AllowSpecialAddresses",
				Message: "not queried (special-purpose addresses; DEL04 reports them): " + strings.Join(skipped, "; ")})
		}
	}
	if len(out) > max {
		e.addf(Finding{Check: e.cur.ID, Severity: Notice, Tag: "PROBE_SERVERS_LIMIT", Name: e.ix.origin, Authority: "rsep MaxProbeServers", Message: fmt.Sprintf("%d server addresses, only the first %d probed", len(out), max)})
		out = out[:max]
	}
	if out == nil {
		out = []Server{}
	}
	e.serverList = out
	return out
}

type probeKey struct {
	srv     netip.AddrPort
	network string
	name    string
	qtype   uint16
	variant string
}

type probeResult struct {
	m    *dns.Msg
	rtt  time.Duration
	err  error
	from netip.AddrPort // source of the response, when the Prober reports it
}

// query sends (or recalls from this run's cache) one query. variant names
// the EDNS flavour: "" plain, "edns0", "do", "edns1", "opt".
func (e *env) query(srv Server, network, name string, qtype uint16, variant string, rd bool) probeResult {
	k := probeKey{srv.Addr, network, name, qtype, variant}
	if r, ok := e.probeCache[k]; ok && !rd {
		return r
	}
	if e.queryBudget <= 0 {
		return probeResult{err: errorf(ErrLimitExceeded, "", 0, "probe query budget exhausted (MaxProbeQueries)")}
	}
	e.queryBudget--
	m := new(dns.Msg)
	m.SetQuestion(name, qtype)
	m.RecursionDesired = rd
	switch variant {
	case "edns0":
		m.SetEdns0(1232, false)
	case "do":
		m.SetEdns0(1232, true)
	case "edns1":
		m.SetEdns0(1232, false)
		m.IsEdns0().SetVersion(1)
	case "opt":
		m.SetEdns0(1232, false)
		m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_LOCAL{Code: 65001, Data: []byte{1, 2, 3}})
	case "nsid":
		m.SetEdns0(1232, true)
		m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_NSID{Code: dns.EDNS0NSID})
	case "z":
		// RFC 1035 §4.1.1 header Z bit and an undefined EDNS flag (RFC 6891
		// §6.1.4: Z must be zero in responses, "ignored by receivers").
		m.Zero = true
		m.SetEdns0(1232, false)
		m.IsEdns0().SetZ(0x4000)
	case "tc512":
		m.SetEdns0(512, true)
	}
	ctx := e.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	timeout := orDefault(e.lim.ProbeTimeout, MaxProbeTimeout)
	qctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var resp *dns.Msg
	var rtt time.Duration
	var err error
	from := srv.Addr
	if sp, ok := e.t.Prober.(SourceProber); ok {
		resp, from, rtt, err = sp.ExchangeFrom(qctx, m, srv.Addr, network)
	} else {
		resp, rtt, err = e.t.Prober.Exchange(qctx, m, srv.Addr, network)
	}
	if err == nil && resp == nil {
		err = errorf(ErrProbe, "", 0, "no response")
	}
	if err == nil && resp.Id != m.Id {
		err = errorf(ErrProbe, "", 0, "response ID %d does not match query ID %d", resp.Id, m.Id)
	}
	r := probeResult{resp, rtt, err, from}
	if e.probeCache == nil {
		e.probeCache = make(map[probeKey]probeResult)
	}
	if !rd {
		e.probeCache[k] = r
	}
	return r
}
