package trustanchor

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"
)

const keydataFile = "managed-keys.bind"

// TypeKEYDATA is BIND's private RR type for managed-key state (65533).
const TypeKEYDATA = 65533

// KeyData is one KEYDATA record of BIND's managed-keys zone
// (managed-keys.bind or <view>.mkeys): a DNSKEY with three times.
type KeyData struct {
	DNSKEY *dns.DNSKEY
	// Refresh is when BIND next queries the DNSKEY RRset.
	Refresh time.Time
	// AddHoldDown is when a pending key becomes trusted, or, for a trusted
	// key, since when it has been trusted (RFC 5011 §2.2).
	AddHoldDown time.Time
	// RemoveHoldDown is when a revoked key may be deleted (RFC 5011 §2.4);
	// zero for a key that is not revoked.
	RemoveHoldDown time.Time
}

// State returns the RFC 5011 state BIND's KEYDATA implies at now: Revoked
// with a remove hold-down, AddPend before the add hold-down ends, else
// Valid. BIND keeps no Missing state.
func (k *KeyData) State(now time.Time) State {
	switch {
	case k.DNSKEY == nil:
		return Start
	case !k.RemoveHoldDown.IsZero() || k.DNSKEY.Flags&dns.REVOKE != 0:
		return Revoked
	case k.AddHoldDown.After(now):
		return AddPend
	}
	return Valid
}

// TrustKey converts to the package's trust-point key at now.
func (k *KeyData) TrustKey(now time.Time, holdDown time.Duration) *TrustKey {
	if holdDown <= 0 {
		holdDown = DefaultHoldDown
	}
	t := &TrustKey{DNSKEY: k.DNSKEY, State: k.State(now)}
	switch t.State {
	case AddPend:
		t.Timer = k.AddHoldDown
		t.LastChange = notBeforeEpoch(k.AddHoldDown.Add(-holdDown))
	case Revoked:
		t.Timer = k.RemoveHoldDown
		if !k.RemoveHoldDown.IsZero() {
			t.LastChange = notBeforeEpoch(k.RemoveHoldDown.Add(-holdDown))
		}
	default:
		t.LastChange = k.AddHoldDown
	}
	return t
}

// KeyDataFrom converts a trust-point key to KEYDATA; refresh is the
// trust point's next probe time. DS-only keys have no KEYDATA form.
func KeyDataFrom(k *TrustKey, refresh time.Time, holdDown time.Duration) (*KeyData, error) {
	if k.DNSKEY == nil {
		return nil, errorf(ErrNoKey, "BIND 9 ARM managed-keys", keydataFile, 0, fmt.Sprintf("DS tag %d", k.Tag()), "KEYDATA holds a DNSKEY")
	}
	if holdDown <= 0 {
		holdDown = DefaultHoldDown
	}
	kd := &KeyData{DNSKEY: k.DNSKEY, Refresh: refresh}
	switch k.State {
	case AddPend, Start:
		kd.AddHoldDown = k.LastChange.Add(holdDown)
	case Revoked, Removed:
		kd.AddHoldDown = k.LastChange
		kd.RemoveHoldDown = k.LastChange.Add(holdDown)
	default:
		kd.AddHoldDown = k.LastChange
	}
	return kd, nil
}

// ReadKeyData reads the KEYDATA records of a BIND managed-keys zone file.
// The SOA and other records are skipped; $ORIGIN is honoured.
func ReadKeyData(r io.Reader) ([]KeyData, error) {
	data, err := readAll(r, MaxDocumentSize, keydataFile)
	if err != nil {
		return nil, err
	}
	origin := "."
	owner := "."
	var out []KeyData
	var errs []error
	for _, ln := range logicalLinesRaw(data) {
		f := strings.Fields(ln.text)
		if len(f) == 0 {
			continue
		}
		if f[0] == "$ORIGIN" && len(f) > 1 {
			origin = lowerName(originFrom(f[1], origin)) // RFC 1035 §5.1
			continue
		}
		if strings.HasPrefix(f[0], "$") {
			continue
		}
		if !ln.indented {
			switch {
			case f[0] == "@":
				owner = origin
			case dns.IsFqdn(f[0]):
				owner = lowerName(f[0])
			default:
				owner = lowerName(f[0] + "." + strings.TrimPrefix(origin, "."))
				if origin == "." {
					owner = lowerName(f[0] + ".")
				}
			}
			f = f[1:]
		}
		idx := -1
		for i, t := range f {
			if strings.EqualFold(t, "KEYDATA") || strings.EqualFold(t, "TYPE65533") {
				idx = i
				break
			}
		}
		if idx < 0 {
			continue
		}
		fail := func(format string, args ...any) {
			errs = append(errs, errorf(ErrMalformed, "BIND 9 managed-keys KEYDATA", keydataFile, ln.line, "", format, args...))
		}
		rd := f[idx+1:]
		if len(rd) > 0 && rd[0] == `\#` {
			// RFC 3597 §5 generic form, as named-checkzone -D prints it.
			kd, err := keyDataGeneric(rd[1:], owner)
			if err != nil {
				fail("%v", err)
				continue
			}
			if len(out) >= MaxKeys {
				return nil, errorf(ErrLimitExceeded, "", keydataFile, ln.line, "", "more than %d keys", MaxKeys)
			}
			out = append(out, kd)
			continue
		}
		if len(rd) < 7 {
			fail("KEYDATA needs 7 fields, got %d", len(rd))
			continue
		}
		var times [3]time.Time
		bad := false
		for i := 0; i < 3; i++ {
			t, err := parseKeyDataTime(rd[i])
			if err != nil {
				fail("%v", err)
				bad = true
				break
			}
			times[i] = t
		}
		if bad {
			continue
		}
		flags, e1 := strconv.ParseUint(rd[3], 10, 16)
		proto, e2 := strconv.ParseUint(rd[4], 10, 8)
		alg, e3 := strconv.ParseUint(rd[5], 10, 8)
		key := strings.Join(rd[6:], "")
		if e1 != nil || e2 != nil || e3 != nil {
			fail("bad flags, protocol or algorithm")
			continue
		}
		if _, err := decodeBase64(key); err != nil {
			fail("public key is not base64")
			continue
		}
		if len(out) >= MaxKeys {
			return nil, errorf(ErrLimitExceeded, "", keydataFile, ln.line, "", "more than %d keys", MaxKeys)
		}
		out = append(out, KeyData{
			DNSKEY: &dns.DNSKEY{Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET},
				Flags: uint16(flags), Protocol: uint8(proto), Algorithm: uint8(alg), PublicKey: key},
			Refresh: times[0], AddHoldDown: times[1], RemoveHoldDown: times[2],
		})
	}
	if len(errs) > 0 {
		return nil, joinErrs(errs)
	}
	return out, nil
}

// keyDataGeneric decodes KEYDATA RDATA in RFC 3597 generic form: three
// 32-bit times, then the DNSKEY RDATA.
func keyDataGeneric(f []string, owner string) (KeyData, error) {
	if len(f) < 2 {
		return KeyData{}, fmt.Errorf("generic RDATA needs a length and hex data")
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n < 16 || n > 65535 {
		return KeyData{}, fmt.Errorf("bad generic RDATA length %q", f[0])
	}
	raw, err := hex.DecodeString(strings.Join(f[1:], ""))
	if err != nil || len(raw) != n {
		return KeyData{}, fmt.Errorf("generic RDATA is not %d bytes of hex", n)
	}
	t := func(i int) time.Time {
		v := binary.BigEndian.Uint32(raw[4*i:])
		if v == 0 {
			return time.Time{}
		}
		return time.Unix(int64(v), 0).UTC()
	}
	return KeyData{
		DNSKEY: &dns.DNSKEY{Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypeDNSKEY, Class: dns.ClassINET},
			Flags: binary.BigEndian.Uint16(raw[12:]), Protocol: raw[14], Algorithm: raw[15],
			PublicKey: base64.StdEncoding.EncodeToString(raw[16:])},
		Refresh: t(0), AddHoldDown: t(1), RemoveHoldDown: t(2),
	}, nil
}

type rawLine struct {
	line     int
	indented bool
	text     string
}

// logicalLinesRaw is logicalLines that also remembers whether the record
// started with white space (owner omitted, RFC 1035 §5.1).
func logicalLinesRaw(data []byte) []rawLine {
	var out []rawLine
	lines := strings.Split(string(data), "\n")
	depth := 0
	var cur rawLine
	var b strings.Builder
	for i, l := range lines {
		if len(l) > MaxLineLength {
			l = l[:MaxLineLength]
		}
		t := stripComment(l)
		if strings.TrimSpace(t) == "" && depth == 0 {
			continue
		}
		if depth == 0 {
			cur = rawLine{line: i + 1, indented: len(t) > 0 && (t[0] == ' ' || t[0] == '\t')}
			b.Reset()
		}
		depth += strings.Count(t, "(") - strings.Count(t, ")")
		b.WriteString(strings.NewReplacer("(", " ", ")", " ").Replace(t))
		b.WriteByte(' ')
		if depth <= 0 {
			depth = 0
			cur.text = b.String()
			out = append(out, cur)
		}
	}
	return out
}

func parseKeyDataTime(s string) (time.Time, error) {
	t, err := time.Parse("20060102150405", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q is not YYYYMMDDHHMMSS", s)
	}
	if t.Equal(time.Unix(0, 0).UTC()) {
		return time.Time{}, nil
	}
	if !timeFits(t) {
		// KEYDATA keeps its times in 32-bit fields (BIND 9 lib/dns
		// rdata/generic/keydata_65533.c).
		return time.Time{}, fmt.Errorf("time %q does not fit KEYDATA's 32-bit field (1970…MaxStateTime)", s)
	}
	return t, nil
}

func formatKeyDataTime(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format("20060102150405")
}

// WriteKeyData writes a managed-keys zone as BIND does: SOA, then one
// KEYDATA per key with the key id comment, sorted canonically.
func WriteKeyData(w io.Writer, keys []KeyData) error {
	sorted := append([]KeyData(nil), keys...)
	sort.SliceStable(sorted, func(i, j int) bool { return lessRR(sorted[i].DNSKEY, sorted[j].DNSKEY) })
	var b bytes.Buffer
	b.WriteString("$ORIGIN .\n$TTL 0\t; 0 seconds\n@\t\t\tIN SOA\t. . (\n\t\t\t\t0          ; serial\n\t\t\t\t0          ; refresh (0 seconds)\n\t\t\t\t0          ; retry (0 seconds)\n\t\t\t\t0          ; expire (0 seconds)\n\t\t\t\t0          ; minimum (0 seconds)\n\t\t\t\t)\n")
	owner := "."
	for _, k := range sorted {
		if k.DNSKEY == nil {
			continue
		}
		name := lowerName(dns.Fqdn(k.DNSKEY.Hdr.Name))
		if name != owner {
			fmt.Fprintf(&b, "%s\n", presentName(name))
			owner = name
		}
		for _, t := range []time.Time{k.Refresh, k.AddHoldDown, k.RemoveHoldDown} {
			if !timeFits(t) {
				return errorf(ErrLimitExceeded, "BIND 9 managed-keys KEYDATA", keydataFile, 0, fmt.Sprintf("key id %d", k.DNSKEY.KeyTag()), "time %v does not fit KEYDATA's 32-bit field (1970…MaxStateTime)", t)
			}
		}
		role := "ZSK"
		if k.DNSKEY.Flags&dns.SEP != 0 {
			role = "KSK"
		}
		fmt.Fprintf(&b, "\t\t\tKEYDATA\t%s %s %s %d %d %d (\n\t\t\t\t%s\n\t\t\t\t) ; %s; alg = %s ; key id = %d\n",
			formatKeyDataTime(k.Refresh), formatKeyDataTime(k.AddHoldDown), formatKeyDataTime(k.RemoveHoldDown),
			k.DNSKEY.Flags, k.DNSKEY.Protocol, k.DNSKEY.Algorithm, k.DNSKEY.PublicKey,
			role, dns.AlgorithmToString[k.DNSKEY.Algorithm], k.DNSKEY.KeyTag())
	}
	_, err := w.Write(b.Bytes())
	return err
}
