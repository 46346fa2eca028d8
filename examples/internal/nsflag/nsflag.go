// Package nsflag parses the name-server address overrides of the example
// programs' -ns flag (NAME/ADDRESS[:PORT], like zonemaster-cli --ns) and
// their -resolver flag.
package nsflag

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/miekg/dns"
)

// Map collects -ns values: fully qualified, lower-case name-server name →
// addresses (port 53 unless given). It implements flag.Value.
type Map map[string][]netip.AddrPort

func (m Map) String() string { return fmt.Sprint(map[string][]netip.AddrPort(m)) }

// Set adds one NAME/ADDRESS[:PORT].
func (m Map) Set(v string) error {
	name, addr, ok := strings.Cut(v, "/")
	if !ok || name == "" {
		return fmt.Errorf("want NAME/ADDRESS[:PORT], got %q", v)
	}
	ap, err := Addr(addr)
	if err != nil {
		return err
	}
	n := strings.ToLower(dns.Fqdn(name))
	m[n] = append(m[n], ap)
	return nil
}

// Addr parses ADDRESS[:PORT] (IPv6 with a port as [ADDRESS]:PORT); the
// port defaults to 53.
func Addr(s string) (netip.AddrPort, error) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("%q: not an address: %v", s, err)
	}
	return netip.AddrPortFrom(a, 53), nil
}
