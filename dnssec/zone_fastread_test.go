package dnssec

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec/internal/peer"
)

// zoneReadResult is everything the zone reader hands on: each record with
// its line, and the final error with its line.
type zoneReadResult struct {
	RRs   []dns.RR
	Recs  []string // rr.String() and line
	Err   string
	Fast  int  // records the fast reader built or checked
	Whole bool // the fast reader read the whole input
}

func readZoneBoth(data []byte, origin string, fast bool) zoneReadResult {
	var res zoneReadResult
	s := newZoneSource(bytes.NewReader(data), origin, &ZoneConfig{File: "z"}, fast)
	for {
		inFast := s.fast != nil
		rr, line, ok := s.next()
		if !ok {
			break
		}
		if inFast && s.fast != nil {
			res.Fast++
		}
		res.RRs = append(res.RRs, rr)
		res.Recs = append(res.Recs, fmt.Sprintf("%d %s", line, rr))
	}
	if line, err := s.err(); err != nil {
		res.Err = fmt.Sprintf("line %d: %v", line, err)
	}
	res.Whole = fast && s.fast != nil
	return res
}

// diffZoneRead reads data with the fast path and with dns.ZoneParser alone
// and reports any difference in records (values, text and lines) or error.
func diffZoneRead(t testing.TB, name string, data []byte, origin string) zoneReadResult {
	t.Helper()
	fast := readZoneBoth(data, origin, true)
	slow := readZoneBoth(data, origin, false)
	if d := cmp.Diff(slow.Recs, fast.Recs); d != "" {
		t.Fatalf("%s: records differ (-ZoneParser +fast):\n%s", name, d)
	}
	if slow.Err != fast.Err {
		t.Fatalf("%s: error differs: ZoneParser %q, fast %q", name, slow.Err, fast.Err)
	}
	for i := range slow.RRs {
		if !reflect.DeepEqual(slow.RRs[i], fast.RRs[i]) {
			t.Fatalf("%s: record %d differs in value: ZoneParser %#v, fast %#v", name, i, slow.RRs[i], fast.RRs[i])
		}
	}
	return fast
}

// TestZoneFastPathFixtures reads every zone fixture both ways. The signer
// outputs (BIND -O full, ldns-signzone, Knot dumps, the IANA root zones) must
// be read entirely by the fast path.
func TestZoneFastPathFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "zone", "*.zone*"))
	files = append(files, filepath.Join("testdata", "zone", "example.unsigned"))
	if len(files) < 10 {
		t.Fatalf("only %d fixtures", len(files))
	}
	for _, f := range files {
		data := readFixture(t, f)
		for _, origin := range []string{"", "example."} {
			res := diffZoneRead(t, f, data, origin)
			// Every signer's output, BIND's default multi-line format
			// included, is read by the fast path alone.
			if f != filepath.Join("testdata", "zone", "example.unsigned") {
				if !res.Whole || res.Fast != len(res.Recs) || res.Fast == 0 {
					t.Errorf("%s: fast path read %d of %d records (whole %v)", f, res.Fast, len(res.Recs), res.Whole)
				}
			}
		}
	}
}

// zoneLineMutations are edits that push a line off the fast path, or into
// an error, in every way the fast path must notice.
var zoneLineMutations = []func(string) string{
	func(l string) string { return "\t" + l },                                  // inherited owner
	func(l string) string { return strings.Replace(l, "\t", " ( ", 1) + " )" }, // parentheses
	func(l string) string { return l + " ; comment" },
	func(l string) string { return strings.Replace(l, ".", "\\.", 1) },
	func(l string) string { return strings.Replace(l, " ", " \"", 1) },
	func(l string) string { return strings.Replace(l, "IN", "in", 1) },
	func(l string) string { return strings.Replace(l, "IN", "CH", 1) },
	func(l string) string { return strings.Replace(l, "3600", "1h", 1) },
	func(l string) string { return strings.Replace(l, "3600", "99999999999", 1) },
	func(l string) string { return strings.Replace(l, "3600", "", 1) },
	func(l string) string { return strings.Replace(l, "example.", "example", 1) },
	func(l string) string { return strings.Replace(l, "example.", "@", 1) },
	func(l string) string { return strings.Replace(l, "example.", "a..example.", 1) },
	func(l string) string { return strings.Replace(l, "RRSIG", "rrsig", 1) },
	func(l string) string { return strings.Replace(l, "RRSIG\t", "RRSIG\tTYPE65534 ", 1) },
	func(l string) string { return strings.Replace(l, "NSEC3\t1", "NSEC3\t1 0 0 abc", 1) },
	func(l string) string { return strings.Replace(l, " 20", " x20", 1) },
	func(l string) string { return strings.Replace(l, " 13 ", " ECDSAP256SHA256 ", 1) },
	func(l string) string { return strings.Replace(l, " 1 ", " 256 ", 1) },
	func(l string) string { return strings.Replace(l, "A ", "a ", 1) },
	func(l string) string { return strings.Replace(l, "192.0.2", "2001:db8:", 1) },
	func(l string) string { return strings.Replace(l, "NS\t", "NS\tns ", 1) },
	func(l string) string { return l + "\r" },
	func(l string) string { return l + " extra" },
	func(l string) string {
		return strings.Fields(l)[0] + " 3600 IN " + strings.Join(strings.Fields(l)[3:4], "")
	},
	func(l string) string { return "$TTL 60\n" + l },
	func(l string) string { return "$ORIGIN other.\n" + l },
	func(l string) string { return l[:len(l)/2] },
	func(l string) string { return strings.Replace(l, "IN\t", "", 1) },
	func(l string) string { return strings.ReplaceAll(l, "\t", " \t ") },
	func(l string) string { return strings.Replace(l, "example.", "*.example.", 1) },
	func(l string) string { return strings.Replace(l, "example.", "ÿ.example.", 1) },
	func(l string) string { return strings.Replace(l, "\t", " (\n ( ", 1) + " )" },         // nested parentheses
	func(l string) string { return strings.Replace(l, "\t", " (\n", 1) },                   // unclosed
	func(l string) string { return l + " )" },                                              // unopened
	func(l string) string { return strings.Replace(l, "\t", " ( ; c (\n\t", 2) + " ) ;x" }, // comments inside
	func(l string) string { return strings.Replace(l, "\t", " ( \"a\n", 1) + "\" )" },      // quote across lines
	func(l string) string { return strings.Replace(l, "\t", " \"(\" ", 1) },                // parenthesis in a string
	func(l string) string { return l + "\n\t\t3600 IN A 192.0.2.77" },                      // inherited owner after
	func(l string) string { return l + "\n \t ( 3600 IN A\n 192.0.2.78 )" },                // inherited, multi-line
	func(l string) string { return l + "\n\t3600 IN TXT ( \"x y\" )" },                     // inherited, quoted
	func(l string) string { return l + "\n\t( 3600 IN A 192.0.2.79" },                      // unclosed at EOF
}

// TestZoneFastPathMutations applies every mutation to lines of each kind in
// the signer fixtures and requires both readers to agree.
func TestZoneFastPathMutations(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "zone", "*.zone"))
	for _, f := range files {
		lines := strings.Split(string(readFixture(t, f)), "\n")
		seen := map[string]bool{}
		for i, l := range lines {
			fs := strings.Fields(l)
			if len(fs) < 4 || strings.HasPrefix(l, ";") {
				continue
			}
			typ := fs[3]
			if fs[2] != "IN" {
				typ = fs[2]
			}
			// three lines of each type: first, one in the middle, last
			if seen[typ] && i%7 != 0 {
				continue
			}
			seen[typ] = true
			for j, m := range zoneLineMutations {
				ml := append([]string(nil), lines...)
				ml[i] = m(l)
				diffZoneRead(t, fmt.Sprintf("%s line %d mutation %d", f, i+1, j), []byte(strings.Join(ml, "\n")), "example.")
			}
		}
	}
}

// TestZoneFastPathPeers signs a zone with each available peer and reads the
// output both ways.
func TestZoneFastPathPeers(t *testing.T) {
	dir := t.TempDir()
	keygen := peer.Need(t, "ldns-keygen")
	signer := peer.Need(t, "ldns-signzone")
	zone := "example.\t3600\tIN\tSOA\tns1.example. h.example. 1 7200 3600 1209600 3600\n" +
		"example.\t3600\tIN\tNS\tns1.example.\nns1.example.\t3600\tIN\tA\t192.0.2.1\n" +
		"ns1.example.\t3600\tIN\tAAAA\t2001:db8::1\nwww.example.\t300\tIN\tTXT\t\"hello world\"\n" +
		"sub.example.\t3600\tIN\tNS\tns.sub.example.\nns.sub.example.\t3600\tIN\tA\t192.0.2.9\n" +
		"sub.example.\t3600\tIN\tDS\t12345 13 2 " + strings.Repeat("AB", 32) + "\n" +
		"mx.example.\t3600\tIN\tMX\t10 mail.example.\n*.w.example.\t3600\tIN\tA\t192.0.2.7\n"
	if err := os.WriteFile(filepath.Join(dir, "example.zone"), []byte(zone), 0o644); err != nil {
		t.Fatal(err)
	}
	out, ok := runPeer(t, dir, keygen, "-a", "ECDSAP256SHA256", "-k", "example.")
	if !ok {
		t.Fatalf("ldns-keygen: %s", out)
	}
	key := strings.TrimSpace(out)
	for _, args := range [][]string{{"-n"}, {}} {
		a := append([]string{"-e", "20360101000000", "-f", "signed.zone"}, args...)
		a = append(a, "example.zone", key)
		if out, ok := runPeer(t, dir, signer, a...); !ok {
			t.Fatalf("ldns-signzone %v: %s", args, out)
		}
		res := diffZoneRead(t, fmt.Sprint("ldns-signzone ", args), readFixture(t, filepath.Join(dir, "signed.zone")), "")
		if !res.Whole || res.Fast < 10 {
			t.Errorf("ldns-signzone %v: fast path read %d records (whole %v)", args, res.Fast, res.Whole)
		}
	}
	bkeygen := peer.Need(t, "dnssec-keygen")
	bsigner := peer.Need(t, "dnssec-signzone")
	for _, ksk := range [][]string{{}, {"-f", "KSK"}} {
		a := append([]string{"-K", dir, "-a", "ECDSAP256SHA256"}, ksk...)
		if out, ok := runPeer(t, dir, bkeygen, append(a, "example.")...); !ok {
			t.Fatalf("dnssec-keygen: %s", out)
		}
	}
	for _, args := range [][]string{{"-3", "-", "-H", "0"}, {}, {"-O", "full", "-3", "-", "-H", "0"}, {"-O", "full"}, {"-3", "-", "-A", "-H", "0"}} {
		a := append([]string{"-S", "-K", dir, "-o", "example.", "-e", "20360101000000", "-f", "bind.zone"}, args...)
		if out, ok := runPeer(t, dir, bsigner, append(a, "example.zone")...); !ok {
			t.Fatalf("dnssec-signzone %v: %s", args, out)
		}
		res := diffZoneRead(t, fmt.Sprint("dnssec-signzone ", args), readFixture(t, filepath.Join(dir, "bind.zone")), "")
		if !res.Whole || res.Fast < 10 {
			t.Errorf("dnssec-signzone %v: fast path read %d records (whole %v)", args, res.Fast, res.Whole)
		}
	}
}

// FuzzZoneFastPath: on any input the fast path gives the same records,
// lines and error as dns.ZoneParser.
func FuzzZoneFastPath(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "zone", "*.zone"))
	for _, name := range files {
		lines := strings.SplitAfter(string(readFixture(f, name)), "\n")
		f.Add([]byte(strings.Join(lines[:min(len(lines), 12)], "")))
	}
	f.Add([]byte("a. 1 IN A 192.0.2.1\n\tIN AAAA ::1\n"))
	f.Add([]byte("a. 1 IN A 192.0.2.1\nb. 2 IN RRSIG A 13 1 1 20260101000000 1 2 a. AAAA BBBB\n$TTL 5\nc. A 192.0.2.2\n"))
	f.Add([]byte("a. 1 NSEC3 1 1 0 abcdef 0123 A RRSIG\na. 1 NSEC b. A NSEC\na. 1 CH TXT x\n"))
	f.Add([]byte("a. 1 IN SOA b. c. (\n 1 ; s\n 2 3 4 5 )\n\t1 RRSIG SOA 13 1 1 (\n\t20260101000000 20250101000000 1 a.\n\tAAAA BBBB== )\nb.a. 1 IN NSEC3 1 0 0 - (\n\tAAAA\n\tNS DS RRSIG )\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		diffZoneRead(t, "fuzz", data, "example.")
	})
}

// TestSigTimeDigits compares the RRSIG time fast path with
// dns.StringToTime (RFC 4034 §3.2) on boundaries and invalid dates.
func TestSigTimeDigits(t *testing.T) {
	for _, s := range []string{
		"20260101000000", "19700101000000", "19691231235959", "00000101000000", "99991231235959",
		"21060207062815", "21060207062816", "20380119031407", "20380119031408", "20240229120000",
		"20230229120000", "20260431000000", "20261301000000", "20260001000000", "20260100000000",
		"20260101240000", "20260101006000", "20260101000060", "2026010100000", "202601010000000",
		"2026010100000a", "+2026010100000", "20260101 00000",
	} {
		want, err := dns.StringToTime(s)
		got, ok := sigTimeDigits([]byte(s))
		if ok != (err == nil) || (ok && got != want) {
			t.Errorf("%s: fast path %d %v, dns.StringToTime %d %v", s, got, ok, want, err)
		}
	}
}

// FuzzSigTimeDigits: wherever the fast path answers, dns.StringToTime
// gives the same value.
func FuzzSigTimeDigits(f *testing.F) {
	f.Add("20260101000000")
	f.Add("21060207062816")
	f.Add("20230229120000")
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := sigTimeDigits([]byte(s))
		want, err := dns.StringToTime(s)
		if ok && (err != nil || got != want) {
			t.Fatalf("%q: fast path %d, dns.StringToTime %d %v", s, got, want, err)
		}
		if !ok && err == nil && len(s) == 14 {
			t.Fatalf("%q: fast path refused a time dns.StringToTime reads", s)
		}
	})
}

// TestZoneDecodeHash compares the direct base32hex decoding of NSEC3 hashes
// with encoding/base32 (RFC 4648 §7) in both cases and on invalid text.
func TestZoneDecodeHash(t *testing.T) {
	for _, s := range []string{
		"0p9mhaveqvm6t7vbl5lop2u3t2rp3tom", "0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM", "00000000000000000000000000000000",
		"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv", "VVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVV", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tow", "0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOW",
		"0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOX", "0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOY", "0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOZ",
		"0p9mhaveqvm6t7vbl5lop2u3t2rp3to", "0p9mhaveqvm6t7vbl5lop2u3t2rp3to=", "0p9mhaveqvm6t7vbl5lop2u3t2rp3to!", "",
		"b4um86eghhds6nea196smvmlo4ors995", "2t7b4g4vsa5smi47k61mv5bv1a22bojr",
	} {
		want, werr := zoneB32.DecodeString(strings.ToUpper(s))
		got, gerr := zoneDecodeHash(s)
		if (werr == nil) != (gerr == nil) || !bytes.Equal(got, want) {
			t.Errorf("%q: got %x %v, want %x %v", s, got, gerr, want, werr)
		}
	}
}

// FuzzZoneDecodeHash: the direct decoding agrees with encoding/base32.
func FuzzZoneDecodeHash(f *testing.F) {
	f.Add("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom")
	f.Add("0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOW")
	f.Fuzz(func(t *testing.T, s string) {
		want, werr := zoneB32.DecodeString(strings.ToUpper(s))
		got, gerr := zoneDecodeHash(s)
		if (werr == nil) != (gerr == nil) || !bytes.Equal(got, want) {
			t.Fatalf("%q: got %x %v, want %x %v", s, got, gerr, want, werr)
		}
	})
}
