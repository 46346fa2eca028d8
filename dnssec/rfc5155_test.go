package dnssec

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"
)

// The RFC 5155 Appendix A zone is signed with RSASHA1-NSEC3-SHA1
// (algorithm 7) and 512-bit RSA keys, NSEC3 with 12 iterations and salt
// aabbccdd. Every signature is valid from 2005-10-21 00:00:00 to
// 2015-04-20 23:59:59 UTC.
var (
	rfc5155Now     = time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC) // inside the validity window
	rfc5155Expired = time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	rfc5155Early   = time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)
)

// rfc5155Chain reads one transcribed response of testdata/rfc5155.
func rfc5155Chain(t *testing.T, file string) *Chain {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "rfc5155", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := ReadChain(f)
	if err != nil {
		t.Fatalf("ReadChain(%s): %v", file, err)
	}
	return c
}

// rfc5155Anchor is the Appendix A KSK (tag 12708), taken from the
// transcribed DNSKEY RRset: the RFC publishes no DS for example., so the
// key itself is the trust anchor (RFC 4035 §4.4).
func rfc5155Anchor(t *testing.T) *dns.DNSKEY {
	t.Helper()
	for _, rr := range rfc5155Chain(t, "dnskey.chain").RRs {
		if k, ok := rr.(*dns.DNSKEY); ok && k.Flags&flagSEP != 0 {
			if k.KeyTag() != 12708 {
				t.Fatalf("Appendix A KSK has tag %d, the RFC says 12708", k.KeyTag())
			}
			return k
		}
	}
	t.Fatal("no KSK in testdata/rfc5155/dnskey.chain")
	return nil
}

// rfc5155Validator validates at now from the Appendix A KSK. Algorithm 7
// is deprecated for validation (RFC 8624 §3.1 and its IANA successor
// column; RFC 9905 deprecates SHA-1 in DNSSEC) and the keys are 512-bit
// RSA, below MinRSAModulusBits: the vectors predate both, so they are only
// usable with AllowDeprecatedAlgorithms. Without it the zone is insecure
// (RFC 4035 §5.2), which TestRFC5155AppendixBResponses checks too.
func rfc5155Validator(t *testing.T, now time.Time, deprecated bool) *Validator {
	t.Helper()
	v, err := NewValidator(Config{
		Anchors:                   []dns.RR{rfc5155Anchor(t)},
		Now:                       func() time.Time { return now },
		AllowDeprecatedAlgorithms: deprecated,
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// rfc5155Vectors are the RFC 5155 Appendix B example responses, each
// validated through the offline front door (ValidateChain) from the
// Appendix A KSK.
//
// Every NSEC3 RR of the Appendix A zone has the Opt-Out flag set. RFC 5155
// §9.2 forbids the AD bit (a secure verdict) for a response whose closest
// (provable) encloser proof has an Opt-Out NSEC3 covering the next closer
// name, because an unsigned delegation may exist there. That makes B.1,
// B.4 and B.5 insecure, not secure, although Appendix B calls them
// authenticated: the examples illustrate the proofs' structure and predate
// the §9.2 reading. Unbound (validator/val_nsec3.c: "nc has optout",
// "wildcard is in optout range", "proveWildcard: NSEC3 optout") and
// dnsjava return insecure for the same three proofs.
var rfc5155Vectors = []struct {
	section string
	file    string
	name    string
	qtype   uint16
	want    rfc5155Outcome
	why     string
}{
	{"B.1", "b1.chain", "a.c.x.w.example.", dns.TypeA,
		rfc5155Outcome{Insecure, EDENone, "c.x.w.example."},
		"closest encloser x.w.example. proven; the next closer c.x.w.example. is covered by an Opt-Out NSEC3, so it may be an unsigned delegation (RFC 5155 §8.4, §9.2)"},
	{"B.2", "b2.chain", "ns1.example.", dns.TypeMX,
		rfc5155Outcome{Secure, EDENone, "example."},
		"the NSEC3 matching ns1.example. lacks MX and CNAME (RFC 5155 §8.5)"},
	{"B.2.1", "b2.1.chain", "y.w.example.", dns.TypeA,
		rfc5155Outcome{Secure, EDENone, "example."},
		"the NSEC3 matching the empty non-terminal y.w.example. has an empty type bitmap (RFC 5155 §8.5)"},
	{"B.3", "b3.chain", "mc.c.example.", dns.TypeMX,
		rfc5155Outcome{Insecure, EDENone, "c.example."},
		"no DS at c.example.: closest provable encloser example., next closer c.example. in an Opt-Out span: insecure delegation (RFC 5155 §8.6, §8.9)"},
	{"B.4", "b4.chain", "a.z.w.example.", dns.TypeMX,
		rfc5155Outcome{Insecure, EDENone, "example."},
		"answer expanded from *.w.example. (RRSIG labels 2); the next closer z.w.example. is covered, but by an Opt-Out NSEC3 (RFC 5155 §8.8, §9.2)"},
	{"B.5", "b5.chain", "a.z.w.example.", dns.TypeAAAA,
		rfc5155Outcome{Insecure, EDENone, "z.w.example."},
		"closest encloser w.example., NSEC3 matching *.w.example. without AAAA; the next closer z.w.example. is in an Opt-Out span (RFC 5155 §8.7, §9.2)"},
}

// rfc5155Outcome is a verdict, its EDE and the zone of the last chain
// step, where the verdict was reached.
type rfc5155Outcome struct {
	Verdict Verdict
	EDE     int
	Zone    string
}

func rfc5155Got(r *Result) rfc5155Outcome {
	o := rfc5155Outcome{Verdict: r.Verdict, EDE: r.EDE}
	if len(r.Chain) > 0 {
		o.Zone = r.Chain[len(r.Chain)-1].Zone
	}
	return o
}

// TestRFC5155AppendixBResponses validates every RFC 5155 Appendix B
// example response, with the RRSIGs printed in the RFC, from the Appendix A
// KSK. (TestRFC5155AppendixB in denial_test.go checks the same proofs on
// the unsigned NSEC3 chain only.)
func TestRFC5155AppendixBResponses(t *testing.T) {
	for _, tc := range rfc5155Vectors {
		t.Run(tc.section, func(t *testing.T) {
			c := rfc5155Chain(t, tc.file)
			r := rfc5155Validator(t, rfc5155Now, true).ValidateChain(c, tc.name, tc.qtype)
			got := rfc5155Got(r)
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("%s %s %s (-want +got):\n%s\nwant because: %s\nerrors: %v\nchain: %+v",
					tc.section, tc.name, dns.Type(tc.qtype), d, tc.why, r.Errors, r.Chain)
			}
			if got.Verdict == Insecure || got.Verdict == Secure {
				if err := r.Err(); err != nil {
					t.Errorf("Err() = %v for a %v result", err, got.Verdict)
				}
			}
			// The walk must have authenticated the example. DNSKEY RRset
			// from the anchor before judging the answer.
			if len(r.Chain) == 0 || r.Chain[0].Zone != "example." || r.Chain[0].Verdict != Secure {
				t.Errorf("first chain step = %+v, want example. secure from the anchor", r.Chain)
			}
		})
	}
}

// TestRFC5155AppendixBControls shows the vectors can fail: the same
// responses outside the signatures' validity window, without deprecated
// algorithms, or with a tampered NSEC3 RR.
func TestRFC5155AppendixBControls(t *testing.T) {
	for _, tc := range rfc5155Vectors {
		t.Run(tc.section, func(t *testing.T) {
			for _, ctl := range []struct {
				name       string
				now        time.Time
				deprecated bool
				want       rfc5155Outcome
			}{
				// RFC 4035 §5.3.1; RFC 8914 §4.8, §4.9: the DNSKEY RRSIG
				// is checked first and fails the whole zone.
				{"expired", rfc5155Expired, true, rfc5155Outcome{Bogus, 7, "example."}},
				{"not yet valid", rfc5155Early, true, rfc5155Outcome{Bogus, 8, "example."}},
				// RFC 4035 §5.2, RFC 8914 §4.2: an anchor of an algorithm
				// the validator does not support leaves the zone insecure.
				{"algorithm 7 refused", rfc5155Now, false, rfc5155Outcome{Insecure, 1, "example."}},
			} {
				r := rfc5155Validator(t, ctl.now, ctl.deprecated).ValidateChain(rfc5155Chain(t, tc.file), tc.name, tc.qtype)
				got := rfc5155Got(r)
				if d := cmp.Diff(ctl.want, got); d != "" {
					t.Errorf("%s (-want +got):\n%s\nerrors: %v", ctl.name, d, r.Errors)
				}
			}
			// Flipping the Opt-Out flag of every NSEC3 RR (so that B.1, B.4
			// and B.5 would otherwise become secure) breaks their RRSIGs:
			// the proof must fail, never turn secure.
			c := rfc5155Chain(t, tc.file)
			flipped := 0
			for _, rr := range c.RRs {
				if n, ok := rr.(*dns.NSEC3); ok {
					n.Flags ^= 1
					flipped++
				}
			}
			if flipped == 0 {
				t.Fatalf("%s has no NSEC3 RR", tc.file)
			}
			r := rfc5155Validator(t, rfc5155Now, true).ValidateChain(c, tc.name, tc.qtype)
			if r.Verdict != Bogus {
				t.Errorf("Opt-Out flag flipped: verdict %v, want bogus; chain %+v", r.Verdict, r.Chain)
			}
			if !errors.Is(r.Err(), ErrBadSignature) {
				t.Errorf("Opt-Out flag flipped: Err() = %v, want ErrBadSignature among the errors", r.Err())
			}
		})
	}
}

// TestRFC5155AppendixSignatures verifies every RRSIG printed in RFC 5155
// Appendix A (the whole example zone) and in each Appendix B response
// (B.1–B.6, including the additional sections) with the Appendix A keys,
// RRset by RRset, inside the validity window (RFC 4035 §5.3). None of the
// RFC 5155 errata concerns these signatures, and all of them verify.
func TestRFC5155AppendixSignatures(t *testing.T) {
	var keys []*Key
	for _, rr := range rfc5155Chain(t, "dnskey.chain").RRs {
		if k, ok := rr.(*dns.DNSKEY); ok {
			key, err := NewKeyAllowDeprecated(k)
			if err != nil {
				t.Fatal(err)
			}
			keys = append(keys, key)
		}
	}
	if len(keys) != 2 || keys[0].Tag != 40430 || keys[1].Tag != 12708 {
		t.Fatalf("Appendix A keys %v, want ZSK 40430 and KSK 12708", keys)
	}
	files := []string{"appendix-a.zone", "dnskey.chain", "b1.chain", "b2.chain", "b2.1.chain", "b3.chain", "b4.chain", "b5.chain", "b6.chain"}
	total := 0
	for _, file := range files {
		rrs := rfc5155Chain(t, file).RRs
		n := 0
		for _, rr := range rrs {
			sig, ok := rr.(*dns.RRSIG)
			if !ok {
				continue
			}
			set := rrsetOf(rrs, sig.Hdr.Name, sig.TypeCovered)
			if len(set) == 0 {
				t.Errorf("%s: RRSIG %s/%s covers no RRset", file, sig.Hdr.Name, dns.Type(sig.TypeCovered))
				continue
			}
			var signer *Key
			for _, k := range keys {
				if k.Tag == sig.KeyTag {
					signer = k
				}
			}
			if signer == nil {
				t.Errorf("%s: RRSIG %s/%s by unknown key tag %d", file, sig.Hdr.Name, dns.Type(sig.TypeCovered), sig.KeyTag)
				continue
			}
			if err := VerifyRRSIG(set, sig, signer, rfc5155Now); err != nil {
				t.Errorf("%s: RRSIG %s/%s tag %d does not verify: %v", file, sig.Hdr.Name, dns.Type(sig.TypeCovered), sig.KeyTag, err)
			}
			// Outside the window the same signature must be refused
			// (RFC 4035 §5.3.1).
			if err := VerifyRRSIG(set, sig, signer, rfc5155Expired); !errors.Is(err, ErrExpired) {
				t.Errorf("%s: RRSIG %s/%s in 2016: %v, want ErrExpired", file, sig.Hdr.Name, dns.Type(sig.TypeCovered), err)
			}
			n++
		}
		if n == 0 {
			t.Errorf("%s holds no RRSIG", file)
		}
		// Appendix A prints 30 RRSIGs; the responses reuse them.
		if file == "appendix-a.zone" && n != 30 {
			t.Errorf("appendix-a.zone has %d RRSIGs, want the RFC's 30", n)
		}
		total += n
	}
	t.Logf("%d RRSIGs verified", total)
}

// TestRFC5155UnsortedTypeBitmap checks an NSEC3 RR whose presentation
// lists its types out of order, as RFC 5155 Appendix A prints them ("MX
// DNSKEY NS SOA NSEC3PARAM RRSIG"): the list is a set (RFC 4034 §4.1.2,
// §4.2), so the RRSIG must verify, and the caller's RR is left as it was.
func TestRFC5155UnsortedTypeBitmap(t *testing.T) {
	n := mustRR(t, "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. 3600 IN NSEC3 1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG").(*dns.NSEC3)
	sig := mustRR(t, "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. 3600 IN RRSIG NSEC3 7 2 3600 20150420235959 20051021000000 40430 example. OSgWSm26B+cS+dDL8b5QrWr/dEWhtCsKlwKLIBHYH6blRxK9rC0bMJPwQ4mLIuw85H2EY762BOCXJZMnpuwhpA==").(*dns.RRSIG)
	var zsk *Key
	for _, rr := range rfc5155Chain(t, "dnskey.chain").RRs {
		if k, ok := rr.(*dns.DNSKEY); ok && k.KeyTag() == 40430 {
			var err error
			if zsk, err = NewKeyAllowDeprecated(k); err != nil {
				t.Fatal(err)
			}
		}
	}
	before := append([]uint16(nil), n.TypeBitMap...)
	if err := VerifyRRSIG([]dns.RR{n}, sig, zsk, rfc5155Now); err != nil {
		t.Fatalf("VerifyRRSIG with the RFC's type order: %v", err)
	}
	if d := cmp.Diff(before, n.TypeBitMap); d != "" {
		t.Errorf("VerifyRRSIG changed the caller's type list (-before +after):\n%s", d)
	}
	// The order is not the content: a missing type still breaks it.
	n.TypeBitMap = []uint16{dns.TypeMX, dns.TypeDNSKEY, dns.TypeNS, dns.TypeSOA, dns.TypeRRSIG}
	if err := VerifyRRSIG([]dns.RR{n}, sig, zsk, rfc5155Now); !errors.Is(err, ErrBadSignature) {
		t.Errorf("VerifyRRSIG without NSEC3PARAM = %v, want ErrBadSignature", err)
	}
}

// TestRFC5155WildcardNoDataOptOut checks the B.5 proof on the Appendix A
// chain: the wildcard no-data is proven, but the Opt-Out NSEC3 covering
// the next closer name z.w.example. makes it insecure (RFC 5155 §9.2).
func TestRFC5155WildcardNoDataOptOut(t *testing.T) {
	p := nsec3ProofOf(t, &budget{lim: (&Config{}).limits()})
	optOut, err := p.proveNODATA("a.z.w.example.", dns.TypeAAAA)
	if err != nil || !optOut {
		t.Errorf("B.5 wildcard no-data: opt-out %v, %v; want opt-out true (RFC 5155 §9.2)", optOut, err)
	}
	// B.4: the wildcard answer's next closer name is in the same span.
	if optOut, err := p.proveWildcard("a.z.w.example.", "w.example."); err != nil || !optOut {
		t.Errorf("B.4 wildcard: opt-out %v, %v; want opt-out true (RFC 5155 §9.2)", optOut, err)
	}
}
