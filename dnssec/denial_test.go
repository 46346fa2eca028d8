package dnssec

import (
	"errors"
	"testing"

	"github.com/miekg/dns"
)

// rfc4035NSEC is the NSEC chain of the RFC 4035 Appendix A zone.
const rfc4035NSEC = `example. 3600 IN NSEC a.example. NS SOA MX RRSIG NSEC DNSKEY
a.example. 3600 IN NSEC ai.example. NS DS RRSIG NSEC
ai.example. 3600 IN NSEC b.example. A HINFO AAAA RRSIG NSEC
b.example. 3600 IN NSEC ns1.example. NS RRSIG NSEC
ns1.example. 3600 IN NSEC ns2.example. A RRSIG NSEC
ns2.example. 3600 IN NSEC *.w.example. A RRSIG NSEC
*.w.example. 3600 IN NSEC x.w.example. MX RRSIG NSEC
x.w.example. 3600 IN NSEC x.y.w.example. MX RRSIG NSEC
x.y.w.example. 3600 IN NSEC xx.example. MX RRSIG NSEC
xx.example. 3600 IN NSEC example. A HINFO AAAA RRSIG NSEC`

func nsecProofOf(t *testing.T, zone string, owners ...string) *nsecProof {
	t.Helper()
	p := &nsecProof{zone: zone}
	for _, rr := range mustRRs(t, rfc4035NSEC) {
		n := rr.(*dns.NSEC)
		for _, o := range owners {
			if EqualNames(o, n.Hdr.Name) {
				p.nsecs = append(p.nsecs, n)
			}
		}
	}
	return p
}

// TestRFC4035AppendixBDenial runs the NSEC proofs of the RFC 4035 Appendix
// B responses (each with exactly the NSEC RRs the response carries).
func TestRFC4035AppendixBDenial(t *testing.T) {
	// B.2 Name Error: ml.example.
	if err := nsecProofOf(t, "example.", "b.example.", "example.").proveNXDOMAIN("ml.example."); err != nil {
		t.Errorf("B.2 name error: %v", err)
	}
	// The same proof without the wildcard NSEC fails.
	if err := nsecProofOf(t, "example.", "b.example.").proveNXDOMAIN("ml.example."); !errors.Is(err, ErrDenial) {
		t.Errorf("B.2 without wildcard proof = %v, want ErrDenial", err)
	}
	// B.3 No Data Error: ns1.example. MX.
	if err := nsecProofOf(t, "example.", "ns1.example.").proveNODATA("ns1.example.", dns.TypeMX); err != nil {
		t.Errorf("B.3 no data: %v", err)
	}
	if err := nsecProofOf(t, "example.", "ns1.example.").proveNODATA("ns1.example.", dns.TypeA); !errors.Is(err, ErrDenial) {
		t.Errorf("B.3 with a type that exists = %v, want ErrDenial", err)
	}
	// B.5 Referral to unsigned zone: b.example. has NS, no DS.
	p := nsecProofOf(t, "example.", "b.example.")
	if err := p.proveNODATA("b.example.", dns.TypeDS); err != nil || !p.isDelegation("b.example.") {
		t.Errorf("B.5 insecure referral: %v, delegation %v", err, p.isDelegation("b.example."))
	}
	// The delegation NSEC cannot deny names below the cut (RFC 6840 §4.1)
	// nor data at the child.
	if err := p.proveNODATA("b.example.", dns.TypeMX); !errors.Is(err, ErrDenial) {
		t.Errorf("parent NSEC denying child data = %v, want ErrDenial", err)
	}
	if n := nsecProofOf(t, "example.", "b.example.").covering("c.b.example."); n != nil {
		t.Errorf("delegation NSEC covers a name below the cut")
	}
	// B.6 Wildcard expansion: a.z.w.example. is covered by x.y.w.example.
	if nsecProofOf(t, "example.", "x.y.w.example.").covering("a.z.w.example.") == nil {
		t.Error("B.6 wildcard expansion: no covering NSEC")
	}
	// B.7 Wildcard no data: a.z.w.example. AAAA.
	if err := nsecProofOf(t, "example.", "x.y.w.example.", "*.w.example.").proveNODATA("a.z.w.example.", dns.TypeAAAA); err != nil {
		t.Errorf("B.7 wildcard no data: %v", err)
	}
	if err := nsecProofOf(t, "example.", "x.y.w.example.", "*.w.example.").proveNODATA("a.z.w.example.", dns.TypeMX); !errors.Is(err, ErrDenial) {
		t.Errorf("B.7 with the wildcard's own type = %v, want ErrDenial", err)
	}
	// B.8 DS child zone no data: the child apex NSEC (SOA bit) cannot
	// prove an insecure delegation (RFC 6840 §4.4).
	if err := nsecProofOf(t, "example.", "example.").proveNODATA("example.", dns.TypeDS); !errors.Is(err, ErrDenial) {
		t.Errorf("B.8 child-side DS denial = %v, want ErrDenial", err)
	}
	// Empty non-terminal: y.w.example. exists because x.y.w.example. does.
	if err := nsecProofOf(t, "example.", "x.w.example.").proveNODATA("y.w.example.", dns.TypeA); err != nil {
		t.Errorf("empty non-terminal no data: %v", err)
	}
	if err := nsecProofOf(t, "example.", "x.w.example.").proveNXDOMAIN("y.w.example."); err == nil {
		t.Error("an empty non-terminal was proven not to exist")
	}
}

func TestNSECCovers(t *testing.T) {
	for _, c := range []struct {
		nsec, name string
		want       bool
	}{
		{"b.example. 1 IN NSEC ns1.example. NS", "ml.example.", true},
		{"b.example. 1 IN NSEC ns1.example. NS", "b.example.", false},
		{"b.example. 1 IN NSEC ns1.example. NS", "ns1.example.", false},
		{"b.example. 1 IN NSEC ns1.example. NS", "ML.EXAMPLE.", true},
		{"xx.example. 1 IN NSEC example. A", "z.example.", true},       // wraps to the apex
		{"xx.example. 1 IN NSEC example. A", "xa.example.", false},     // before the owner
		{"example. 1 IN NSEC example. SOA", "anything.example.", true}, // one-NSEC zone
		{"example. 1 IN NSEC example. SOA", "example.", false},
	} {
		if got := NSECCovers(mustRR(t, c.nsec).(*dns.NSEC), c.name); got != c.want {
			t.Errorf("NSECCovers(%s, %s) = %v, want %v", c.nsec, c.name, got, c.want)
		}
	}
}

// rfc5155NSEC3 is the NSEC3 chain of the RFC 5155 Appendix A zone (all
// records opt-out, 12 iterations, salt aabbccdd).
const rfc5155NSEC3 = `0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. 3600 IN NSEC3 1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG
2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. 3600 IN NSEC3 1 1 12 aabbccdd 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG
2vptu5timamqttgl4luu9kg21e0aor3s.example. 3600 IN NSEC3 1 1 12 aabbccdd 35mthgpgcu1qg68fab165klnsnk3dpvl MX RRSIG
35mthgpgcu1qg68fab165klnsnk3dpvl.example. 3600 IN NSEC3 1 1 12 aabbccdd b4um86eghhds6nea196smvmlo4ors995 NS DS RRSIG
b4um86eghhds6nea196smvmlo4ors995.example. 3600 IN NSEC3 1 1 12 aabbccdd gjeqe526plbf1g8mklp59enfd789njgi MX RRSIG
gjeqe526plbf1g8mklp59enfd789njgi.example. 3600 IN NSEC3 1 1 12 aabbccdd ji6neoaepv8b5o6k4ev33abha8ht9fgc A HINFO AAAA RRSIG
ji6neoaepv8b5o6k4ev33abha8ht9fgc.example. 3600 IN NSEC3 1 1 12 aabbccdd k8udemvp1j2f7eg6jebps17vp3n8i58h
k8udemvp1j2f7eg6jebps17vp3n8i58h.example. 3600 IN NSEC3 1 1 12 aabbccdd kohar7mbb8dc2ce8a9qvl8hon4k53uhi
kohar7mbb8dc2ce8a9qvl8hon4k53uhi.example. 3600 IN NSEC3 1 1 12 aabbccdd q04jkcevqvmu85r014c7dkba38o0ji5r A RRSIG
q04jkcevqvmu85r014c7dkba38o0ji5r.example. 3600 IN NSEC3 1 1 12 aabbccdd r53bq7cc2uvmubfu5ocmm6pers9tk9en A RRSIG
r53bq7cc2uvmubfu5ocmm6pers9tk9en.example. 3600 IN NSEC3 1 1 12 aabbccdd t644ebqk9bibcna874givr6joj62mlhv MX RRSIG
t644ebqk9bibcna874givr6joj62mlhv.example. 3600 IN NSEC3 1 1 12 aabbccdd 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom A HINFO AAAA RRSIG`

func nsec3ProofOf(t *testing.T, b *budget) *nsec3Proof {
	t.Helper()
	var recs []*dns.NSEC3
	for _, rr := range mustRRs(t, rfc5155NSEC3) {
		recs = append(recs, rr.(*dns.NSEC3))
	}
	p, err := newNSEC3Proof("example.", recs, 150, b)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRFC5155AppendixB runs the NSEC3 proofs of RFC 5155 Appendix B
// against the Appendix A chain.
func TestRFC5155AppendixB(t *testing.T) {
	b := &budget{lim: (&Config{}).limits()}
	p := nsec3ProofOf(t, b)
	// B.1 Name Error: a.c.x.w.example. Closest encloser x.w.example; the
	// next closer is covered by an opt-out NSEC3, so the NXDOMAIN is only
	// insecure (an unsigned delegation may exist there).
	if optOut, err := p.proveNXDOMAIN("a.c.x.w.example."); err != nil || !optOut {
		t.Errorf("B.1 name error: opt-out %v, %v", optOut, err)
	}
	if ce, _, err := p.closestEncloser("a.c.x.w.example."); err != nil || ce != "x.w.example." {
		t.Errorf("B.1 closest encloser = %q, %v; want x.w.example.", ce, err)
	}
	// B.2 No Data Error: ns1.example. MX.
	if _, err := p.proveNODATA("ns1.example.", dns.TypeMX); err != nil {
		t.Errorf("B.2 no data: %v", err)
	}
	if _, err := p.proveNODATA("ns1.example.", dns.TypeA); !errors.Is(err, ErrDenial) {
		t.Errorf("B.2 with existing type = %v, want ErrDenial", err)
	}
	// B.2.1 No Data Error, Empty Non-Terminal: y.w.example. A.
	if _, err := p.proveNODATA("y.w.example.", dns.TypeA); err != nil {
		t.Errorf("B.2.1 empty non-terminal: %v", err)
	}
	// B.3 Referral to an Opt-Out Unsigned Zone: c.example. DS.
	if optOut, err := p.proveNODATA("c.example.", dns.TypeDS); err != nil || !optOut {
		t.Errorf("B.3 opt-out referral: opt-out %v, %v", optOut, err)
	}
	// B.4 Wildcard Expansion: a.z.w.example. from *.w.example.
	if _, err := p.proveWildcard("a.z.w.example.", "w.example."); err != nil {
		t.Errorf("B.4 wildcard expansion: %v", err)
	}
	// ... but x.w.example. exists, so it cannot come from the wildcard.
	if _, err := p.proveWildcard("x.w.example.", "w.example."); !errors.Is(err, ErrDenial) {
		t.Errorf("wildcard over an existing name = %v, want ErrDenial", err)
	}
	// B.5 Wildcard No Data Error: a.z.w.example. AAAA.
	if _, err := p.proveNODATA("a.z.w.example.", dns.TypeAAAA); err != nil {
		t.Errorf("B.5 wildcard no data: %v", err)
	}
	// B.6 DS Child Zone No Data Error: the NSEC3 matching example. has SOA:
	// it is the child apex and cannot prove a DS absence for the
	// delegation (RFC 6840 §4.4).
	if _, err := p.proveNODATA("example.", dns.TypeDS); !errors.Is(err, ErrDenial) {
		t.Errorf("B.6 child-side DS denial = %v, want ErrDenial", err)
	}
	// An existing name has no NXDOMAIN proof.
	if _, err := p.proveNXDOMAIN("ai.example."); err == nil {
		t.Error("NXDOMAIN proven for an existing name")
	}
}

// TestNSEC3Limits checks the RFC 9276 iteration limit and the hash budget.
func TestNSEC3Limits(t *testing.T) {
	b := &budget{lim: (&Config{}).limits()}
	n := mustRR(t, "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. 3600 IN NSEC3 1 0 2500 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr A").(*dns.NSEC3)
	if _, err := newNSEC3Proof("example.", []*dns.NSEC3{n}, MaxNSEC3Iterations, b); !errors.Is(err, ErrNSEC3Iterations) || errors.Is(err, ErrBogus) {
		t.Errorf("2500 iterations = %v, want ErrNSEC3Iterations (insecure, not bogus)", err)
	}
	b = &budget{lim: limits{nsec3Hashes: 3}}
	p := nsec3ProofOf(t, b)
	if _, err := p.proveNXDOMAIN("a.b.c.d.e.f.g.example."); !errors.Is(err, ErrLimitExceeded) {
		t.Errorf("deep name with 3 hashes allowed = %v, want ErrLimitExceeded", err)
	}
}

func TestNSEC3CoverCase(t *testing.T) {
	// Lower- and upper-case next hashes decode the same (miekg/dns compares text).
	lo := mustRR(t, "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. 1 IN NSEC3 1 0 0 - 2vptu5timamqttgl4luu9kg21e0aor3s A").(*dns.NSEC3)
	up := mustRR(t, "2T7B4G4VSA5SMI47K61MV5BV1A22BOJR.example. 1 IN NSEC3 1 0 0 - 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S A").(*dns.NSEC3)
	mid, _ := b32hex.DecodeString("2UUUUUUUUUUUUUUUUUUUUUUUUUUUUUUU")
	own, _ := b32hex.DecodeString("2T7B4G4VSA5SMI47K61MV5BV1A22BOJR")
	for _, n := range []*dns.NSEC3{lo, up} {
		if !NSEC3Covers(n, mid) || NSEC3Covers(n, own) || !nsec3Matches(n, own) {
			t.Errorf("%s: cover/match wrong", n)
		}
	}
}
