package rsep

import (
	"context"
	"fmt"
	"net/netip"
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

// Client is the default [Prober], built on the miekg/dns client.
type Client struct {
	Timeout time.Duration // per query; zero: MaxProbeTimeout
}

// Exchange implements [Prober].
func (c *Client) Exchange(ctx context.Context, m *dns.Msg, server netip.AddrPort, network string) (*dns.Msg, time.Duration, error) {
	if network != "udp" && network != "tcp" {
		return nil, 0, errorf(ErrProbe, "", 0, "unsupported network %q", network)
	}
	cl := &dns.Client{Net: network, Timeout: orDefault(c.Timeout, MaxProbeTimeout), UDPSize: 4096}
	ctx, cancel := context.WithTimeout(ctx, cl.Timeout)
	defer cancel()
	r, rtt, err := cl.ExchangeContext(ctx, m, server.String())
	if err != nil {
		return nil, rtt, &Error{Kind: ErrProbe, Name: server.String(), Err: err}
	}
	return r, rtt, nil
}

// servers returns the servers to probe: Target.Servers, or the name
// servers' known addresses on port 53, at most lim.ProbeServers.
func (e *env) servers() []Server {
	max := orDefault(e.lim.ProbeServers, MaxProbeServers)
	var out []Server
	if len(e.t.Servers) > 0 {
		out = append(out, e.t.Servers...)
	} else {
		hosts, addrs := e.nsAddrs()
		for _, h := range hosts {
			for _, a := range addrs[h] {
				out = append(out, Server{Name: h, Addr: netip.AddrPortFrom(a, 53)})
			}
		}
	}
	if len(out) > max {
		e.addf(Finding{Check: e.cur.ID, Severity: Notice, Tag: "PROBE_SERVERS_LIMIT", Name: e.ix.origin, Authority: "rsep MaxProbeServers", Message: fmt.Sprintf("%d server addresses, only the first %d probed", len(out), max)})
		out = out[:max]
	}
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
	m   *dns.Msg
	rtt time.Duration
	err error
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
	}
	ctx := e.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	timeout := orDefault(e.lim.ProbeTimeout, MaxProbeTimeout)
	qctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	resp, rtt, err := e.t.Prober.Exchange(qctx, m, srv.Addr, network)
	if err == nil && resp == nil {
		err = errorf(ErrProbe, "", 0, "no response")
	}
	if err == nil && resp.Id != m.Id {
		err = errorf(ErrProbe, "", 0, "response ID %d does not match query ID %d", resp.Id, m.Id)
	}
	r := probeResult{resp, rtt, err}
	if e.probeCache == nil {
		e.probeCache = make(map[probeKey]probeResult)
	}
	if !rd {
		e.probeCache[k] = r
	}
	return r
}
