package rsep

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/miekg/dns"
)

// Delegation is the parent side of the zone: the NS set, glue and DS set the
// parent (the root zone, for a TLD) publishes for it, and any RRSIGs over them.
type Delegation struct {
	NS   []*dns.NS
	Glue []dns.RR // A and AAAA
	DS   []*dns.DS
	Sigs []*dns.RRSIG // parent signatures over the DS set and its own DNSKEY set, if given
	// Keys is the parent's own DNSKEY set (at the parent apex, an ancestor
	// of the zone), for the chain of trust from an anchor (SEC09).
	Keys []*dns.DNSKEY
}

// ReadDelegation reads the parent data for zone from a master file holding
// the delegation as the parent serves it: NS and DS at the zone's name,
// glue A/AAAA records, optionally RRSIGs over the DS set and, for the chain
// of trust, the parent's DNSKEY set with its RRSIGs at an ancestor of the
// zone. Other records are an error, as are more than cfg.Limits.ZoneRecords
// records (nil cfg: the Max* defaults). ctx is honoured between records.
func ReadDelegation(ctx context.Context, r io.Reader, zone, file string, cfg *ReadConfig) (*Delegation, error) {
	zone = canon(zone)
	z, err := ReadZone(ctx, r, ".", file, cfg)
	if err != nil {
		return nil, err
	}
	d := new(Delegation)
	for _, rr := range z.Records {
		h := rr.Header()
		name := strings.ToLower(h.Name)
		bad := func(why string) error {
			return &Error{Kind: ErrMalformed, Clause: "RFC 1034 §4.2.1", Name: name, Type: typeName(h.Rrtype), Err: errors.New(why)}
		}
		switch v := rr.(type) {
		case *dns.NS:
			if name != zone {
				return nil, bad("NS record not at the delegated name " + zone)
			}
			d.NS = append(d.NS, v)
		case *dns.DS:
			if name != zone {
				return nil, bad("DS record not at the delegated name " + zone)
			}
			d.DS = append(d.DS, v)
		case *dns.A, *dns.AAAA:
			d.Glue = append(d.Glue, rr)
		case *dns.DNSKEY:
			if name == zone || !dns.IsSubDomain(name, zone) {
				return nil, bad("DNSKEY in parent data must be at an ancestor of " + zone)
			}
			d.Keys = append(d.Keys, v)
		case *dns.RRSIG:
			okDS := name == zone && v.TypeCovered == dns.TypeDS
			okKey := name != zone && dns.IsSubDomain(name, zone) && v.TypeCovered == dns.TypeDNSKEY
			if !okDS && !okKey {
				return nil, bad("only RRSIGs over the DS set and the parent's DNSKEY set belong in parent data")
			}
			d.Sigs = append(d.Sigs, v)
		default:
			return nil, bad("unexpected record in parent data (want NS, DS, A, AAAA, DNSKEY, RRSIG)")
		}
	}
	if len(d.NS) == 0 {
		return nil, &Error{Kind: ErrMalformed, Clause: "RFC 1034 §4.2.1", Name: zone, Type: "NS", Err: errors.New("parent data has no NS records for the zone")}
	}
	return d, nil
}

// glueFor returns the parent's glue records for host.
func (d *Delegation) glueFor(host string) []dns.RR {
	var out []dns.RR
	for _, rr := range d.Glue {
		if strings.EqualFold(rr.Header().Name, host) {
			out = append(out, rr)
		}
	}
	return out
}

func (d *Delegation) nsTargets() []string {
	rrs := make([]dns.RR, len(d.NS))
	for i, ns := range d.NS {
		rrs[i] = ns
	}
	return nsTargets(rrs)
}
