package dnssec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec/internal/peer"
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
	v, err := NewValidator(&Config{
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
		rfc5155Outcome{Insecure, EDENone, "example."},
		"closest encloser x.w.example. proven; the next closer c.x.w.example. is covered by an Opt-Out NSEC3, so it may be an unsigned delegation (RFC 5155 §8.4, §9.2)"},
	{"B.2", "b2.chain", "ns1.example.", dns.TypeMX,
		rfc5155Outcome{Secure, EDENone, "example."},
		"the NSEC3 matching ns1.example. lacks MX and CNAME (RFC 5155 §8.5)"},
	{"B.2.1", "b2.1.chain", "y.w.example.", dns.TypeA,
		rfc5155Outcome{Secure, EDENone, "example."},
		"the NSEC3 matching the empty non-terminal y.w.example. has an empty type bitmap (RFC 5155 §8.5)"},
	{"B.3", "b3.chain", "mc.c.example.", dns.TypeMX,
		rfc5155Outcome{Insecure, EDENone, "example."},
		"no DS at c.example.: closest provable encloser example., next closer c.example. in an Opt-Out span: insecure delegation (RFC 5155 §8.6, §8.9)"},
	{"B.4", "b4.chain", "a.z.w.example.", dns.TypeMX,
		rfc5155Outcome{Insecure, EDENone, "example."},
		"answer expanded from *.w.example. (RRSIG labels 2); the next closer z.w.example. is covered, but by an Opt-Out NSEC3 (RFC 5155 §8.8, §9.2)"},
	{"B.5", "b5.chain", "a.z.w.example.", dns.TypeAAAA,
		rfc5155Outcome{Insecure, EDENone, "example."},
		"closest encloser w.example., NSEC3 matching *.w.example. without AAAA; the next closer z.w.example. is in an Opt-Out span (RFC 5155 §8.7, §9.2)"},
}

// rfc5155Outcome is a verdict, its EDE and the zone of the last chain
// step, where the verdict was reached. The chain of trust is walked down to
// the signer of the response (example. here), so the opt-out verdicts are
// reached there, by the response's own NSEC3 proof.
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
					tc.section, tc.name, dns.Type(tc.qtype), d, tc.why, r.Findings, r.Chain)
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
					t.Errorf("%s (-want +got):\n%s\nerrors: %v", ctl.name, d, r.Findings)
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

// TestRFC5155PeerDelv re-signs the Appendix A zone with fresh
// ECDSAP256SHA256 keys by dnssec-signzone, keeping its NSEC3 parameters
// (12 iterations, salt aabbccdd, Opt-Out: the same hashed owner names),
// serves it from a loopback knotd and compares the live Validator with
// BIND's delv on the Appendix B questions. The RFC's own signatures
// expired in 2015 and delv has no clock option, hence the re-signing.
//
// Documented differences (BIND 9.18 delv):
//
//	B.1 a.c.x.w.example. A     ours insecure, delv secure: the next closer name
//	                           is covered by an Opt-Out NSEC3 (RFC 5155 §9.2;
//	                           Unbound and dnsjava agree with us)
//	B.5 a.z.w.example. AAAA    ours insecure, delv secure: same reason
//	B.3 mc.c.example. MX       not asked of delv: the referral leads to
//	                           c.example., which nothing serves, and delv
//	                           fails on the "non-improving referral"
//
// delv agrees that the B.4 wildcard answer in the Opt-Out span is insecure.
func TestRFC5155PeerDelv(t *testing.T) {
	if testing.Short() {
		t.Skip("peer test skipped in -short mode")
	}
	h := &hierarchy{t: t, dir: t.TempDir(), tools: map[string]string{}}
	for _, tool := range []string{"dnssec-keygen", "dnssec-signzone", "knotd", "delv"} {
		h.tools[tool] = peer.Need(t, tool)
	}
	var unsigned strings.Builder
	for _, rr := range rfc5155Chain(t, "appendix-a.zone").RRs {
		switch rr.Header().Rrtype {
		case dns.TypeRRSIG, dns.TypeDNSKEY, dns.TypeNSEC3, dns.TypeNSEC3PARAM:
			continue
		}
		unsigned.WriteString(rr.String() + "\n")
	}
	kskBase, ksk := h.keygen(h.dir, "example.", "ECDSAP256SHA256", true)
	zskBase, zsk := h.keygen(h.dir, "example.", "ECDSAP256SHA256", false)
	unsigned.WriteString(ksk.String() + "\n" + zsk.String() + "\n")
	if err := os.WriteFile(filepath.Join(h.dir, "example.db"), []byte(unsigned.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	h.run(h.dir, "dnssec-signzone", "-q", "-3", "aabbccdd", "-H", "12", "-A", "-o", "example.",
		"-f", "example.signed", "example.db", kskBase, zskBase)
	signed := filepath.Join(h.dir, "example.signed")
	if b, err := os.ReadFile(signed); err != nil || !strings.Contains(strings.ToLower(string(b)), "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example.") {
		t.Fatalf("signed zone lacks the RFC's hashed apex owner name: %v", err)
	}

	port := freePort(t)
	conf := fmt.Sprintf("server:\n    rundir: %q\n    listen: 127.0.0.1@%d\n    udp-workers: 1\n    tcp-workers: 1\n    background-workers: 1\n"+
		"database:\n    storage: %q\nlog:\n  - target: stderr\n    any: error\n"+
		"template:\n  - id: default\n    zonefile-sync: -1\n    journal-content: none\n    semantic-checks: off\n"+
		"zone:\n  - domain: \"example.\"\n    file: %q\n", h.dir, port, filepath.Join(h.dir, "db"), signed)
	confFile := filepath.Join(h.dir, "knot.conf")
	if err := os.WriteFile(confFile, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(h.tools["knotd"], "-c", confFile)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		m := new(dns.Msg)
		m.SetQuestion("example.", dns.TypeSOA)
		c := &dns.Client{Timeout: 300 * time.Millisecond}
		if r, _, err := c.Exchange(m, addr); err == nil && r.Rcode == dns.RcodeSuccess && len(r.Answer) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("knotd did not answer: %s", errb.String())
		}
	}

	anchors := filepath.Join(h.dir, "anchors.conf")
	if err := os.WriteFile(anchors, []byte(fmt.Sprintf("trust-anchors {\n  example. static-key %d %d %d \"%s\";\n};\n",
		ksk.Flags, ksk.Protocol, ksk.Algorithm, ksk.PublicKey)), 0o644); err != nil {
		t.Fatal(err)
	}
	delv := func(name string, qtype uint16) (Verdict, string) {
		host, p, _ := net.SplitHostPort(addr)
		out, _ := exec.Command(h.tools["delv"], "@"+host, "-p", p, "-a", anchors, "+root=example.", name, dns.Type(qtype).String()).CombinedOutput()
		s := string(out)
		switch {
		case strings.Contains(s, "resolution failed: ncache"):
		case strings.Contains(s, "resolution failed"), strings.Contains(s, "SERVFAIL"):
			return Bogus, s
		}
		switch {
		case strings.Contains(s, "unsigned answer"):
			return Insecure, s
		case strings.Contains(s, "fully validated"):
			return Secure, s
		}
		return Indeterminate, s
	}
	v, err := NewValidator(&Config{Anchors: []dns.RR{ksk}, Exchanger: &Client{Server: addr}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		section      string
		name         string
		qtype        uint16
		ours, theirs Verdict // theirs 0: delv not asked
	}{
		{"B.1", "a.c.x.w.example.", dns.TypeA, Insecure, Secure},
		{"B.2", "ns1.example.", dns.TypeMX, Secure, Secure},
		{"B.2.1", "y.w.example.", dns.TypeA, Secure, Secure},
		{"B.3", "mc.c.example.", dns.TypeMX, Insecure, 0},
		{"B.4", "a.z.w.example.", dns.TypeMX, Insecure, Insecure},
		{"B.5", "a.z.w.example.", dns.TypeAAAA, Insecure, Secure},
	} {
		r := v.Validate(context.Background(), c.name, c.qtype)
		if r.Verdict != c.ours {
			t.Errorf("%s %s %s: ours %v, want %v; errors %v; chain %+v", c.section, c.name, dns.Type(c.qtype), r.Verdict, c.ours, r.Findings, r.Chain)
		}
		if c.theirs == 0 {
			continue
		}
		if dv, out := delv(c.name, c.qtype); dv != c.theirs {
			t.Errorf("%s %s %s: delv %v, documented %v (ours %v):\n%s", c.section, c.name, dns.Type(c.qtype), dv, c.theirs, r.Verdict, out)
		}
	}
}
