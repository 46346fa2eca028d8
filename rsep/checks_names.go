package rsep

import (
	"fmt"
	"strings"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/idn"
)

const authIDNA2008Names = "RST dns-zz-idna2008-compliance (SOA MNAME and RNAME, apex NS: NR-LDH or IDNA2008 labels); RFC 5890 §2.3.2.2; RFC 5891 §5"

func init() {
	register(Check{ID: "ZC10", Title: "SOA MNAME/RNAME or apex NS names with labels that are neither NR-LDH nor IDNA2008", Mode: ModeZone, Effect: StabilityA, Authority: authIDNA2008Names, run: checkIDNA2008Names})
}

// checkIDNA2008Names is ZC10: every label of the SOA MNAME and RNAME and of
// the apex NS targets must be an NR-LDH label or a valid A-label (RST
// dns-zz-idna2008-compliance, which ICANN adds to the Zonemaster cases).
// RST applies the rule to the RNAME's first label too, although RFC 1035
// §8 lets the mailbox's local part hold any octet.
func checkIDNA2008Names(e *env) {
	ix := e.ix
	for _, rr := range ix.get(ix.origin, dns.TypeSOA) {
		soa := rr.(*dns.SOA)
		if bad := nonIDNA2008Labels(soa.Ns); bad != "" {
			e.add(Failure, "MNAME_IDNA2008", ix.origin, dns.TypeSOA, "MNAME %s: %s", soa.Ns, bad)
		}
		if bad := nonIDNA2008Labels(soa.Mbox); bad != "" {
			e.add(Failure, "RNAME_IDNA2008", ix.origin, dns.TypeSOA, "RNAME %s: %s", soa.Mbox, bad)
		}
	}
	for _, h := range ix.apexNS() {
		if bad := nonIDNA2008Labels(h); bad != "" {
			e.add(Failure, "NS_IDNA2008", ix.origin, dns.TypeNS, "name server %s: %s", h, bad)
		}
	}
}

// nonIDNA2008Labels describes the labels of name that are neither NR-LDH
// nor valid A-labels (package idn, strict registration rules), or "".
func nonIDNA2008Labels(name string) string {
	if name == "." {
		return "the root is not a host name"
	}
	var bad []string
	for _, l := range dns.SplitDomainName(name) {
		text := unescapeLabel(l)
		v := idn.CheckLabel(text, nil)
		if v.OK() {
			continue
		}
		var rules []string
		for _, err := range v.Findings {
			rules = append(rules, err.Rule)
		}
		bad = append(bad, fmt.Sprintf("label %q breaks %s", text, strings.Join(rules, ", ")))
	}
	return strings.Join(bad, "; ")
}
