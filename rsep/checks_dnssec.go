package rsep

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec"
)

const (
	authSigned     = "RA Spec 6 §1.3 (DNSSEC required); RFC 4035 §2.2"
	authSigs       = "RFC 4034 §3.1.5; RFC 4035 §5.3; Spec 10 §2 (a query answers only if DNSSEC validates)"
	authAlgorithms = "RFC 8624 §3.1; RFC 9905; RST dnssec-91 (algorithm 8 or higher)"
	authDS         = "RFC 8624 §3.3; RST dnssec-92 (no SHA-1 or GOST DS); RFC 4035 §5.2"
	authComplete   = "RFC 4035 §2.2; RFC 6840 §5.11 (every algorithm in the DNSKEY set signs every RRset)"
	authDenial     = "RFC 4034 §4; RFC 5155 §7"
	authNSEC3Param = "RFC 9276 §3.1 (iterations 0, no salt); RST dnssec-93"
	authCDS        = "RFC 7344 §4; RFC 8078 §4"
)

func init() {
	register(
		Check{ID: "SEC01", Title: "unsigned zone or unsigned authoritative RRsets", Mode: ModeZone, Effect: SecurityA, Authority: authSigned, Zonemaster: []string{"DNSSEC08", "DNSSEC09"}, run: checkSigned},
		Check{ID: "SEC02", Title: "RRSIG invalid, without key, expired, not yet valid or expiring soon", Mode: ModeZone, Effect: StabilityB, Authority: authSigs, Zonemaster: []string{"DNSSEC04", "DNSSEC08", "DNSSEC09"}, run: checkSigs, needs: needClock},
		Check{ID: "SEC03", Title: "DNSKEY algorithm below 8 or not recommended; small RSA keys", Mode: ModeZone, Effect: SecurityA, Authority: authAlgorithms, Zonemaster: []string{"DNSSEC05", "DNSSEC14"}, run: checkAlgorithms},
		Check{ID: "SEC04", Title: "DS with SHA-1 or GOST digest, matching no key, or not leading to a key that signs the DNSKEY set", Mode: ModeParent, Effect: StabilityB, Authority: authDS, Zonemaster: []string{"DNSSEC01", "DNSSEC02"}, run: checkDS},
		Check{ID: "SEC05", Title: "algorithm completeness", Mode: ModeZone, Effect: StabilityB, Authority: authComplete, Zonemaster: []string{"DNSSEC13"}, run: checkCompleteness},
		Check{ID: "SEC06", Title: "NSEC or NSEC3 chain broken, bitmap wrong, NSEC3PARAM mismatch", Mode: ModeZone, Effect: StabilityB, Authority: authDenial, Zonemaster: []string{"DNSSEC10"}, run: checkDenial},
		Check{ID: "SEC07", Title: "NSEC3 iterations not 0, salt not empty, opt-out", Mode: ModeZone, Effect: StabilityB, Authority: authNSEC3Param, Zonemaster: []string{"DNSSEC03"}, run: checkNSEC3Params},
		Check{ID: "SEC08", Title: "CDS/CDNSKEY inconsistent with the DNSKEY set", Mode: ModeZone, Effect: StabilityB, Authority: authCDS, Zonemaster: []string{"DNSSEC15", "DNSSEC16", "DNSSEC17", "DNSSEC18"}, run: checkCDS},
	)
}

func algName(a uint8) string {
	if s, ok := dns.AlgorithmToString[a]; ok {
		return fmt.Sprintf("%d (%s)", a, s)
	}
	return fmt.Sprintf("%d", a)
}

// zoneKeys returns the apex DNSKEYs with the Zone Key flag and protocol 3.
func (ix *index) zoneKeys() []*dns.DNSKEY {
	var out []*dns.DNSKEY
	for _, rr := range ix.get(ix.origin, dns.TypeDNSKEY) {
		k := rr.(*dns.DNSKEY)
		if k.Flags&dns.ZONE != 0 && k.Protocol == 3 {
			out = append(out, k)
		}
	}
	return out
}

// authoritative lists the RRsets that must be signed (RFC 4035 §2.2): all
// but RRSIGs, delegation NS sets and data at or below a zone cut.
func (ix *index) authoritative() []rrKey {
	var out []rrKey
	for _, k := range ix.keys {
		if k.typ == dns.TypeRRSIG || ix.occluded(k) || (k.typ == dns.TypeNS && ix.cuts[k.name]) {
			continue
		}
		out = append(out, k)
	}
	return out
}

// verify checks sig over rrset with key using dnssec.VerifyRRSIG (every
// RFC 4035 §5.3 check and the cryptography), counting against the budget.
// It verifies as of the signature's inception, so that validity periods are
// judged by the calling check against its own clock (SEC02, SEC09, CHG02).
// Deprecated algorithms (5, 7) are verified too: SEC03 reports them.
func (e *env) verify(sig *dns.RRSIG, key *dns.DNSKEY, rrset []dns.RR) (error, bool) {
	if e.sigBudget <= 0 {
		return nil, false
	}
	e.sigBudget--
	if e.keys == nil {
		e.keys = make(map[*dns.DNSKEY]keyOrErr)
	}
	k, ok := e.keys[key]
	if !ok {
		pk, err := dnssec.NewKeyAllowDeprecated(key)
		k = keyOrErr{pk, err}
		e.keys[key] = k
	}
	if k.err != nil {
		return k.err, true
	}
	return dnssec.VerifyRRSIG(rrset, sig, k.key, time.Unix(int64(sig.Inception), 0)), true
}

type keyOrErr struct {
	key *dnssec.Key
	err error
}

func (e *env) budgetExhausted() {
	e.addf(Finding{Severity: Warning, Tag: "SIGNATURE_BUDGET", Name: e.ix.origin, Authority: "rsep MaxSignatureChecks (CVE-2023-50387)", Message: "signature verification budget exhausted; remaining signatures not checked"})
}

// checkSigned is SEC01.
func checkSigned(e *env) {
	ix := e.ix
	if !ix.signed() {
		e.add(Failure, "UNSIGNED_ZONE", ix.origin, dns.TypeDNSKEY, "the zone has no DNSKEY records; TLD zones must be signed")
		return
	}
	for _, k := range ix.authoritative() {
		if len(ix.sigs[k]) == 0 {
			e.add(Failure, "RRSET_UNSIGNED", k.name, k.typ, "authoritative RRset has no RRSIG")
		}
	}
}

// findKeys returns the keys an RRSIG may have been made with (same
// signer, algorithm and key tag, RFC 4035 §5.3.1), at most
// Limits.KeysPerRRSIG of them ([MaxKeysPerRRSIG]): key tags are not unique
// and a zone with thousands of colliding keys would otherwise make every
// signature cost thousands of verifications (KeyTrap, CVE-2023-50387). The
// first time a signer's tag exceeds the cap in a check, a KEYTAG_COLLISIONS
// finding reports it.
func (e *env) findKeys(keys []*dns.DNSKEY, sig *dns.RRSIG) []*dns.DNSKEY {
	max := orDefault(e.lim.KeysPerRRSIG, MaxKeysPerRRSIG)
	var out []*dns.DNSKEY
	n := 0
	for _, k := range keys {
		if k.Algorithm == sig.Algorithm && k.KeyTag() == sig.KeyTag && strings.EqualFold(k.Hdr.Name, sig.SignerName) {
			n++
			if len(out) < max {
				out = append(out, k)
			}
		}
	}
	if n > max {
		e.keyCapHit(sig, n, max)
	}
	return out
}

// keyCapHit reports, once per check, signer, algorithm and key tag, that
// more keys share the tag than are tried.
func (e *env) keyCapHit(sig *dns.RRSIG, n, max int) {
	id := ""
	if e.cur != nil {
		id = e.cur.ID
	}
	k := fmt.Sprintf("%s|%s|%d|%d", id, strings.ToLower(sig.SignerName), sig.Algorithm, sig.KeyTag)
	if e.capped == nil {
		e.capped = make(map[string]bool)
	}
	if e.capped[k] {
		return
	}
	e.capped[k] = true
	e.addf(Finding{Severity: Warning, Tag: "KEYTAG_COLLISIONS", Name: strings.ToLower(sig.SignerName), Type: "DNSKEY",
		Authority: "RFC 4035 §5.3.1 (key tags are not unique); CVE-2023-50387 (KeyTrap); rsep MaxKeysPerRRSIG",
		Message:   fmt.Sprintf("%d DNSKEYs share algorithm %d and key tag %d; only the first %d are tried for each signature (MaxKeysPerRRSIG), validators cap them similarly", n, sig.Algorithm, sig.KeyTag, max)})
}

// sigTime converts an RRSIG timestamp to a time near now (RFC 4034 §3.1.5
// serial arithmetic).
func sigTime(v uint32, now time.Time) time.Time {
	n := now.Unix()
	mod := int64(1) << 32
	d := (int64(v) - n) % mod
	if d < -(mod / 2) {
		d += mod
	} else if d >= mod/2 {
		d -= mod
	}
	return time.Unix(n+d, 0).UTC()
}

// checkSigs is SEC02: every RRSIG over an authoritative RRset is made by an
// apex key, verifies, and is inside its validity period with at least the
// policy's minimum remaining.
func checkSigs(e *env) {
	ix := e.ix
	if !ix.signed() {
		return
	}
	keys := ix.zoneKeys()
	now := e.now
	minLeft := e.pol.sigMin()
	for _, k := range ix.authoritative() {
		rrset := ix.get(k.name, k.typ)
		for _, sig := range ix.sigs[k] {
			tag := fmt.Sprintf("tag %d alg %d", sig.KeyTag, sig.Algorithm)
			cands := e.findKeys(keys, sig)
			if len(cands) == 0 {
				e.add(Failure, "SIG_NO_KEY", k.name, k.typ, "RRSIG %s: no DNSKEY in the apex set matches", tag)
				continue
			}
			var err error
			for _, key := range cands {
				var ok bool
				if err, ok = e.verify(sig, key, rrset); !ok {
					e.budgetExhausted()
					return
				}
				if err == nil {
					break
				}
			}
			if err != nil {
				e.add(Failure, "SIG_BOGUS", k.name, k.typ, "RRSIG %s does not verify: %v", tag, err)
				continue
			}
			inc, exp := sigTime(sig.Inception, now), sigTime(sig.Expiration, now)
			if k.name == ix.origin && (k.typ == dns.TypeSOA || k.typ == dns.TypeDNSKEY) {
				checkSigPeriod(e, k, tag, inc, exp, now)
			}
			switch {
			case now.After(exp):
				e.add(Failure, "SIG_EXPIRED", k.name, k.typ, "RRSIG %s expired at %s", tag, exp.Format(time.RFC3339))
			case now.Before(inc):
				e.add(Failure, "SIG_NOT_YET_VALID", k.name, k.typ, "RRSIG %s is valid only from %s", tag, inc.Format(time.RFC3339))
			case exp.Sub(now) < minLeft:
				e.add(Warning, "SIG_EXPIRING", k.name, k.typ, "RRSIG %s expires at %s, less than %s from now", tag, exp.Format(time.RFC3339), minLeft)
			}
		}
	}
}

// maxSigPeriod is the longest RRSIG validity period, and the longest time
// left, that Zonemaster DNSSEC04 accepts (DURATION_LONG, REMAINING_LONG:
// 180 days): a long validity period widens the replay window of signatures
// over data that has since changed (RFC 6781 §4.4.2).
const maxSigPeriod = 180 * 24 * time.Hour

// checkSigPeriod reports, for SEC02, an RRSIG valid for more than 180 days
// or with more than 180 days left at now. As Zonemaster DNSSEC04, it looks
// at the signatures of the apex SOA and DNSKEY RRsets, which a signer
// makes with the same policy as the rest.
func checkSigPeriod(e *env, k rrKey, tag string, inc, exp, now time.Time) {
	const auth = "RFC 6781 §4.4.2 (signature validity and replay); Zonemaster DNSSEC04 (180 days)"
	if d := exp.Sub(inc); d > maxSigPeriod {
		e.addf(Finding{Severity: Warning, Tag: "SIG_DURATION_LONG", Name: k.name, Type: typeName(k.typ), Authority: auth,
			Message: fmt.Sprintf("RRSIG %s is valid for %d days (%s to %s), more than 180", tag, int(d.Hours()/24), inc.Format(time.RFC3339), exp.Format(time.RFC3339))})
	}
	if d := exp.Sub(now); d > maxSigPeriod {
		e.addf(Finding{Severity: Warning, Tag: "SIG_REMAINING_LONG", Name: k.name, Type: typeName(k.typ), Authority: auth,
			Message: fmt.Sprintf("RRSIG %s has %d days left (expires %s), more than 180", tag, int(d.Hours()/24), exp.Format(time.RFC3339))})
	}
}

// rsaBits returns the modulus size of an RSA DNSKEY (RFC 3110 §2).
func rsaBits(k *dns.DNSKEY) int {
	b, err := base64.StdEncoding.DecodeString(k.PublicKey)
	if err != nil || len(b) < 3 {
		return 0
	}
	elen, off := int(b[0]), 1
	if elen == 0 {
		elen, off = int(b[1])<<8|int(b[2]), 3
	}
	m := b[min(off+elen, len(b)):]
	for len(m) > 0 && m[0] == 0 {
		m = m[1:]
	}
	if len(m) == 0 {
		return 0
	}
	bits := (len(m) - 1) * 8
	for v := m[0]; v > 0; v >>= 1 {
		bits++
	}
	return bits
}

// checkAlgorithms is SEC03.
func checkAlgorithms(e *env) {
	for _, k := range e.ix.zoneKeys() {
		tag := fmt.Sprintf("DNSKEY tag %d algorithm %s", k.KeyTag(), algName(k.Algorithm))
		st := dnssec.AlgorithmStatus(k.Algorithm).Signing
		switch {
		case k.Algorithm < 8:
			e.add(Failure, "ALGORITHM_BELOW_8", k.Hdr.Name, dns.TypeDNSKEY, "%s: algorithms below 8 are not accepted (signing status %s)", tag, st)
		case st == dnssec.Unknown:
			e.add(Warning, "ALGORITHM_UNKNOWN", k.Hdr.Name, dns.TypeDNSKEY, "%s has no RFC 8624 status", tag)
		case st == dnssec.MustNot || st == dnssec.NotRecommended:
			e.add(Failure, "ALGORITHM_NOT_RECOMMENDED", k.Hdr.Name, dns.TypeDNSKEY, "%s: signing status %s", tag, st)
		}
		checkKeySize(e, k, tag)
	}
}

// rsaSizes are the RSA modulus sizes (bits) Zonemaster DNSSEC14 accepts
// per algorithm: RFC 3110 §2 (5), RFC 5155 (7), RFC 5702 §2 (8: 512-4096,
// 10: 1024-4096).
var rsaSizes = map[uint8][2]int{dns.RSASHA1: {512, 4096}, dns.RSASHA1NSEC3SHA1: {512, 4096}, dns.RSASHA256: {512, 4096}, dns.RSASHA512: {1024, 4096}}

// fixedKeyLen is the public-key length (octets) of the algorithms whose keys
// have one size: RFC 6605 §4 (13: 64, 14: 96), RFC 8080 §3 (15: 32, 16: 57).
var fixedKeyLen = map[uint8]int{dns.ECDSAP256SHA256: 64, dns.ECDSAP384SHA384: 96, dns.ED25519: 32, dns.ED448: 57}

// checkKeySize reports keys too small or too large for their algorithm
// (KEY_TOO_SMALL, KEY_TOO_LARGE) and RSA keys under 2048 bits
// (RSA_KEY_SMALL), as findings of SEC03 rather than as keys that fail to
// parse later.
func checkKeySize(e *env, k *dns.DNSKEY, tag string) {
	const authRSA = "RFC 3110 §2; RFC 5702 §2; Zonemaster DNSSEC14"
	const authFixed = "RFC 6605 §4; RFC 8080 §3"
	f := func(sev Severity, t, auth, format string, args ...any) {
		e.addf(Finding{Severity: sev, Tag: t, Name: k.Hdr.Name, Type: "DNSKEY", Authority: auth, Message: fmt.Sprintf(format, args...)})
	}
	if lim, ok := rsaSizes[k.Algorithm]; ok {
		n := rsaBits(k)
		switch {
		case n < lim[0]:
			f(Failure, "KEY_TOO_SMALL", authRSA, "%s has a %d-bit modulus, less than %d", tag, n, lim[0])
		case n > lim[1]:
			f(Failure, "KEY_TOO_LARGE", authRSA, "%s has a %d-bit modulus, more than %d", tag, n, lim[1])
		}
		if n >= lim[0] && n < 2048 {
			f(Warning, "RSA_KEY_SMALL", "RFC 6781 §3.4.2; NIST SP 800-57 Part 1 §5.6; Zonemaster DNSSEC14", "%s has a %d-bit modulus, less than 2048", tag, n)
		}
		return
	}
	if want, ok := fixedKeyLen[k.Algorithm]; ok {
		b, err := base64.StdEncoding.DecodeString(k.PublicKey)
		switch {
		case err != nil:
			f(Failure, "KEY_TOO_SMALL", authFixed, "%s: public key is not base64 (%v)", tag, err)
		case len(b) < want:
			f(Failure, "KEY_TOO_SMALL", authFixed, "%s: public key of %d octets, the algorithm's is %d", tag, len(b), want)
		case len(b) > want:
			f(Failure, "KEY_TOO_LARGE", authFixed, "%s: public key of %d octets, the algorithm's is %d", tag, len(b), want)
		}
	}
}

// dsMatches returns the zone keys a DS (or CDS) refers to.
func dsMatches(ds *dns.DS, keys []*dns.DNSKEY) []*dns.DNSKEY {
	var out []*dns.DNSKEY
	for _, k := range keys {
		if k.KeyTag() != ds.KeyTag || k.Algorithm != ds.Algorithm {
			continue
		}
		if d := k.ToDS(ds.DigestType); d != nil && strings.EqualFold(d.Digest, ds.Digest) {
			out = append(out, k)
		}
	}
	return out
}

// signsDNSKEY reports whether key makes a valid RRSIG over the apex DNSKEY
// set (without the clock: validity periods are SEC02's).
func (e *env) signsDNSKEY(key *dns.DNSKEY) (bool, bool) {
	ix := e.ix
	set := ix.get(ix.origin, dns.TypeDNSKEY)
	for _, sig := range ix.sigs[rrKey{ix.origin, dns.TypeDNSKEY}] {
		if sig.KeyTag != key.KeyTag() || sig.Algorithm != key.Algorithm {
			continue
		}
		err, ok := e.verify(sig, key, set)
		if !ok {
			return false, false
		}
		if err == nil {
			return true, true
		}
	}
	return false, true
}

func digestProblem(t uint8) (string, string) {
	switch t {
	case dns.SHA1:
		return "DS_DIGEST_SHA1", "digest type 1 (SHA-1): RFC 8624 §3.3 MUST NOT for DS creation"
	case dns.GOST94:
		return "DS_DIGEST_GOST", "digest type 3 (GOST R 34.11-94): RFC 8624 §3.3 MUST NOT"
	case dns.SHA256, dns.SHA384:
		return "", ""
	}
	return "DS_DIGEST_UNKNOWN", fmt.Sprintf("digest type %d has no RFC 8624 status", t)
}

// checkDS is SEC04.
func checkDS(e *env) {
	ix := e.ix
	keys := ix.zoneKeys()
	if len(e.t.Parent.DS) == 0 {
		if ix.signed() {
			e.add(Failure, "NO_DS", ix.origin, dns.TypeDS, "the zone is signed but the parent publishes no DS: the zone is not in the chain of trust")
		}
		return
	}
	sha256 := false
	for _, ds := range e.t.Parent.DS {
		sha256 = sha256 || ds.DigestType == dns.SHA256
	}
	if !sha256 {
		e.addf(Finding{Severity: Failure, Tag: "DS_SHA256_MISSING", Name: ix.origin, Type: "DS", Authority: "RFC 4509 §3 (SHA-256 DS MUST be supported); RFC 8624 §3.3 (MUST for DS creation); Zonemaster DNSSEC01 (DS01_DS_ALGO_2_MISSING)",
			Message: "no DS with digest type 2 (SHA-256): validators that support only the mandatory digest cannot use the DS set"})
	}
	good := 0
	for _, ds := range e.t.Parent.DS {
		tag := fmt.Sprintf("DS tag %d alg %d digest %d", ds.KeyTag, ds.Algorithm, ds.DigestType)
		if t, why := digestProblem(ds.DigestType); t != "" {
			e.add(Failure, t, ix.origin, dns.TypeDS, "%s: %s", tag, why)
		}
		ks := dsMatches(ds, keys)
		if len(ks) == 0 {
			e.add(Failure, "DS_NO_MATCH", ix.origin, dns.TypeDS, "%s matches no DNSKEY of the zone", tag)
			continue
		}
		for _, k := range ks {
			if k.Flags&dns.SEP == 0 {
				e.addf(Finding{Severity: Warning, Tag: "DS_KEY_NOT_SEP", Name: ix.origin, Type: "DS", Authority: "RFC 4034 §2.1.1 (SEP flag); RFC 6781 §3.2.3; Zonemaster DNSSEC02 (DS02_DNSKEY_NOT_SEP)",
					Message: fmt.Sprintf("%s refers to DNSKEY %d, which does not have the SEP flag", tag, k.KeyTag())})
			}
		}
		signs := false
		for _, k := range ks {
			s, ok := e.signsDNSKEY(k)
			if !ok {
				e.budgetExhausted()
				return
			}
			signs = signs || s
		}
		if !signs {
			e.add(Failure, "DS_KEY_NOT_SIGNING", ix.origin, dns.TypeDS, "%s refers to a key that does not sign the DNSKEY set", tag)
			continue
		}
		good++
	}
	if good == 0 {
		e.add(Failure, "NO_VALID_DS", ix.origin, dns.TypeDS, "no DS leads to a key that signs the DNSKEY set: validation of the zone fails")
	}
}

// checkCompleteness is SEC05: every algorithm of the apex DNSKEY set signs
// every authoritative RRset.
func checkCompleteness(e *env) {
	ix := e.ix
	algs := make(map[uint8]bool)
	for _, k := range ix.zoneKeys() {
		algs[k.Algorithm] = true
	}
	if len(algs) == 0 {
		return
	}
	if p := e.t.Parent; p != nil {
		for _, ds := range p.DS {
			if !algs[ds.Algorithm] {
				e.add(Failure, "DS_ALGORITHM_WITHOUT_KEY", ix.origin, dns.TypeDS, "the DS set has algorithm %s but the DNSKEY set has no key of it", algName(ds.Algorithm))
			}
		}
	}
	order := make([]int, 0, len(algs))
	for a := range algs {
		order = append(order, int(a))
	}
	sort.Ints(order)
	for _, k := range ix.authoritative() {
		have := make(map[uint8]bool)
		for _, s := range ix.sigs[k] {
			have[s.Algorithm] = true
		}
		if len(ix.sigs[k]) == 0 {
			continue // SEC01
		}
		for _, a := range order {
			if !have[uint8(a)] {
				e.add(Failure, "ALGORITHM_NOT_SIGNING", k.name, k.typ, "no RRSIG with algorithm %s although the DNSKEY set has a key of it", algName(uint8(a)))
			}
		}
	}
}

// denialNames lists the authoritative owner names (including delegation
// points), in canonical order.
func (ix *index) denialNames() []string {
	seen := make(map[string]bool)
	for _, k := range ix.authoritative() {
		if k.typ != dns.TypeNSEC3 {
			seen[k.name] = true
		}
	}
	for n := range ix.cuts {
		if c, _ := ix.cutAt(n); c == n { // not itself below another cut
			seen[n] = true
		}
	}
	// Names holding only NSEC3 (and its RRSIG) are hashed owners.
	for n := range seen {
		ts := ix.types[n]
		only := true
		for _, t := range ts {
			if t != dns.TypeNSEC3 && t != dns.TypeRRSIG {
				only = false
			}
		}
		if only {
			delete(seen, n)
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return dnssec.CompareNames(out[i], out[j]) < 0 })
	return out
}

// checkDenial is SEC06.
func checkDenial(e *env) {
	ix := e.ix
	if !ix.signed() {
		return
	}
	hasNSEC3 := len(ix.get(ix.origin, dns.TypeNSEC3PARAM)) > 0
	if !hasNSEC3 {
		checkNSECChain(e)
		return
	}
	checkNSEC3Chain(e)
}

func bitmapOf(ix *index, name string, extra ...uint16) []uint16 {
	var out []uint16
	for _, t := range ix.types[name] {
		if t == dns.TypeNSEC3 {
			continue
		}
		if _, occl := ix.cutAt(name); occl && ix.occluded(rrKey{name, t}) {
			continue
		}
		out = append(out, t)
	}
	out = append(out, extra...)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	uniq := out[:0]
	for i, t := range out {
		if i == 0 || t != out[i-1] {
			uniq = append(uniq, t)
		}
	}
	return uniq
}

func sameTypes(a, b []uint16) bool {
	a2 := append([]uint16(nil), a...)
	b2 := append([]uint16(nil), b...)
	sort.Slice(a2, func(i, j int) bool { return a2[i] < a2[j] })
	sort.Slice(b2, func(i, j int) bool { return b2[i] < b2[j] })
	if len(a2) != len(b2) {
		return false
	}
	for i := range a2 {
		if a2[i] != b2[i] {
			return false
		}
	}
	return true
}

func typesString(ts []uint16) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = typeName(t)
	}
	return strings.Join(s, " ")
}

func checkNSECChain(e *env) {
	ix := e.ix
	names := ix.denialNames()
	for i, n := range names {
		rrs := ix.get(n, dns.TypeNSEC)
		if len(rrs) == 0 {
			e.add(Failure, "NSEC_MISSING", n, dns.TypeNSEC, "authoritative name has no NSEC record")
			continue
		}
		nsec := rrs[0].(*dns.NSEC)
		want := names[(i+1)%len(names)]
		if !strings.EqualFold(nsec.NextDomain, want) {
			e.add(Failure, "NSEC_CHAIN_BROKEN", n, dns.TypeNSEC, "NSEC next name is %s, want %s", strings.ToLower(nsec.NextDomain), want)
		}
		if bm := bitmapOf(ix, n, dns.TypeNSEC, dns.TypeRRSIG); !sameTypes(nsec.TypeBitMap, bm) {
			e.add(Failure, "NSEC_BITMAP", n, dns.TypeNSEC, "NSEC type bitmap [%s], want [%s]", typesString(nsec.TypeBitMap), typesString(bm))
		}
	}
}

// nsec3Params returns the apex NSEC3PARAM with flags 0, if any.
func (ix *index) nsec3Param() *dns.NSEC3PARAM {
	for _, rr := range ix.get(ix.origin, dns.TypeNSEC3PARAM) {
		if p := rr.(*dns.NSEC3PARAM); p.Flags == 0 {
			return p
		}
	}
	return nil
}

func checkNSEC3Chain(e *env) {
	ix := e.ix
	param := ix.nsec3Param()
	if param == nil {
		e.add(Failure, "NSEC3PARAM_FLAGS", ix.origin, dns.TypeNSEC3PARAM, "no NSEC3PARAM with flags 0 at the apex")
		return
	}
	if param.Hash != dns.SHA1 {
		e.add(Failure, "NSEC3_HASH_UNKNOWN", ix.origin, dns.TypeNSEC3PARAM, "NSEC3 hash algorithm %d is not SHA-1 (RFC 5155 §11)", param.Hash)
		return
	}
	if int(param.Iterations) > MaxNSEC3Iterations {
		e.addf(Finding{Severity: Failure, Tag: "NSEC3_ITERATIONS_LIMIT", Name: ix.origin, Type: "NSEC3PARAM", Authority: "RFC 9276 §3.2; rsep MaxNSEC3Iterations", Message: fmt.Sprintf("%d iterations exceed %d: validators treat the zone as insecure or bogus; chain not checked", param.Iterations, MaxNSEC3Iterations)})
		return
	}
	// The chain: every NSEC3 record, sorted by hash.
	type link struct {
		hash string
		rr   *dns.NSEC3
	}
	var chain []link
	optOut := false
	for _, k := range ix.keys {
		if k.typ != dns.TypeNSEC3 {
			continue
		}
		for _, rr := range ix.get(k.name, k.typ) {
			n3 := rr.(*dns.NSEC3)
			if n3.Iterations != param.Iterations || !strings.EqualFold(n3.Salt, param.Salt) || n3.Hash != param.Hash {
				e.add(Failure, "NSEC3PARAM_MISMATCH", k.name, dns.TypeNSEC3, "NSEC3 parameters (hash %d, %d iterations, salt %q) differ from NSEC3PARAM", n3.Hash, n3.Iterations, n3.Salt)
			}
			optOut = optOut || n3.Flags&1 == 1
			label := strings.ToUpper(dns.SplitDomainName(k.name)[0])
			chain = append(chain, link{label, n3})
		}
	}
	sort.Slice(chain, func(i, j int) bool { return chain[i].hash < chain[j].hash })
	have := make(map[string]*dns.NSEC3)
	for i, l := range chain {
		have[l.hash] = l.rr
		want := chain[(i+1)%len(chain)].hash
		if !strings.EqualFold(l.rr.NextDomain, want) {
			e.add(Failure, "NSEC3_CHAIN_BROKEN", strings.ToLower(l.hash)+"."+ix.origin, dns.TypeNSEC3, "NSEC3 next hashed owner is %s, want %s", strings.ToUpper(l.rr.NextDomain), want)
		}
	}
	// Every authoritative name (and every empty non-terminal) has an NSEC3
	// unless it is an insecure delegation covered by opt-out.
	names := ix.denialNames()
	all := make(map[string]bool)
	for _, n := range names {
		all[n] = true
		for p := n; p != ix.origin; {
			i, end := dns.NextLabel(p, 0)
			if end {
				break
			}
			p = p[i:]
			if !dns.IsSubDomain(ix.origin, p) {
				break
			}
			if !all[p] && !optOut {
				all[p] = true // empty non-terminal (RFC 5155 §7.1)
			}
		}
	}
	for _, n := range sortedKeys(all) {
		insecure := ix.cuts[n] && len(ix.get(n, dns.TypeDS)) == 0
		h := dns.HashName(n, param.Hash, param.Iterations, param.Salt)
		n3, ok := have[h]
		if !ok {
			if insecure && optOut {
				continue
			}
			e.add(Failure, "NSEC3_MISSING", n, 0, "no NSEC3 record for hash %s", h)
			continue
		}
		var bm []uint16
		if len(ix.types[n]) > 0 {
			bm = bitmapOf(ix, n, dns.TypeRRSIG)
			if insecure {
				bm = bitmapOf(ix, n) // an unsigned delegation has no RRSIG at the cut
			}
		}
		if !sameTypes(n3.TypeBitMap, bm) {
			e.add(Failure, "NSEC3_BITMAP", n, dns.TypeNSEC3, "NSEC3 type bitmap [%s], want [%s]", typesString(n3.TypeBitMap), typesString(bm))
		}
	}
}

// checkNSEC3Params is SEC07.
func checkNSEC3Params(e *env) {
	ix := e.ix
	for _, rr := range ix.get(ix.origin, dns.TypeNSEC3PARAM) {
		p := rr.(*dns.NSEC3PARAM)
		if p.Iterations != 0 {
			e.add(Failure, "NSEC3_ITERATIONS", ix.origin, dns.TypeNSEC3PARAM, "NSEC3 uses %d additional iterations, want 0", p.Iterations)
		}
		if p.Salt != "" && p.Salt != "-" {
			e.add(Failure, "NSEC3_SALT", ix.origin, dns.TypeNSEC3PARAM, "NSEC3 uses salt %s, want none", p.Salt)
		}
	}
	for _, k := range ix.keys {
		if k.typ != dns.TypeNSEC3 {
			continue
		}
		for _, rr := range ix.get(k.name, k.typ) {
			if rr.(*dns.NSEC3).Flags&1 == 1 {
				e.addf(Finding{Severity: Notice, Tag: "NSEC3_OPT_OUT", Name: ix.origin, Type: "NSEC3", Authority: "RFC 9276 §3.1; RST dnssecOps (no opt-out)", Message: "NSEC3 opt-out is in use"})
				return
			}
		}
	}
}

// checkCDS is SEC08: each CDS and CDNSKEY refers to a key of the apex
// DNSKEY set (or is the RFC 8078 §4 delete form), and when both are
// published they describe the same keys.
func checkCDS(e *env) {
	ix := e.ix
	keys := ix.zoneKeys()
	cds := ix.get(ix.origin, dns.TypeCDS)
	cdnskey := ix.get(ix.origin, dns.TypeCDNSKEY)
	fromCDS := make(map[uint16]bool)
	fromCDNSKEY := make(map[uint16]bool)
	deleteCDS, deleteKEY := false, false
	for _, rr := range cds {
		c := rr.(*dns.CDS)
		if c.Algorithm == 0 && c.KeyTag == 0 && c.DigestType == 0 {
			deleteCDS = true
			continue
		}
		if t, why := digestProblem(c.DigestType); t != "" {
			e.add(Warning, "C"+t, ix.origin, dns.TypeCDS, "CDS tag %d: %s", c.KeyTag, why)
		}
		ks := dsMatches(&c.DS, keys)
		if len(ks) == 0 {
			e.add(Failure, "CDS_NO_MATCH", ix.origin, dns.TypeCDS, "CDS tag %d alg %d matches no DNSKEY of the zone", c.KeyTag, c.Algorithm)
		}
		for _, k := range ks {
			fromCDS[k.KeyTag()] = true
		}
	}
	for _, rr := range cdnskey {
		c := rr.(*dns.CDNSKEY)
		if c.Algorithm == 0 && c.Protocol == 3 && c.Flags == 0 {
			deleteKEY = true
			continue
		}
		k := &c.DNSKEY
		found := false
		for _, z := range keys {
			if z.Flags == k.Flags && z.Algorithm == k.Algorithm && z.PublicKey == k.PublicKey {
				found = true
			}
		}
		if !found {
			e.add(Failure, "CDNSKEY_NO_MATCH", ix.origin, dns.TypeCDNSKEY, "CDNSKEY tag %d is not in the DNSKEY set", k.KeyTag())
		}
		fromCDNSKEY[k.KeyTag()] = true
	}
	if (deleteCDS && len(cds) > 1) || (deleteKEY && len(cdnskey) > 1) {
		e.add(Failure, "CDS_DELETE_MIXED", ix.origin, dns.TypeCDS, "the delete record (RFC 8078 §4) is published together with other records")
	}
	if len(cds) > 0 && len(cdnskey) > 0 && (deleteCDS != deleteKEY || !sameTagSet(fromCDS, fromCDNSKEY)) {
		e.add(Failure, "CDS_CDNSKEY_MISMATCH", ix.origin, dns.TypeCDS, "CDS and CDNSKEY describe different keys")
	}
}

func sameTagSet(a, b map[uint16]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}
