package registrar

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

var testNow = func() time.Time { return time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) }

// fixture loads a testdata deposit into a MapFS.
func fixture(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	ents, err := os.ReadDir("testdata/" + dir)
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	for _, e := range ents {
		b, err := os.ReadFile("testdata/" + dir + "/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = &fstest.MapFile{Data: b}
	}
	return m
}

func verify(t *testing.T, m fstest.MapFS, opts *Config) *Report {
	t.Helper()
	if opts == nil {
		opts = &Config{}
	}
	opts.Now = testNow
	rep, err := Verify(context.Background(), m, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestFixturesClean(t *testing.T) {
	for _, dir := range []string{"hexonet-2007", "namingo-2007", "namingo-2024"} {
		t.Run(dir, func(t *testing.T) {
			rep := verify(t, fixture(t, dir), nil)
			for _, f := range rep.Findings {
				t.Error(f)
			}
			if rep.IANAID != 8 || rep.Domains == 0 || len(rep.Skipped) != 0 {
				t.Errorf("report %+v", rep)
			}
		})
	}
}

// rehash rewrites the hash file of the hexonet fixture for its current files.
func rehash(m fstest.MapFS) {
	var b strings.Builder
	for _, n := range []string{"8_RDE_2026-11-22_full_0", "8_RDE_2026-11-22_hdl_0"} {
		if f, ok := m[n]; ok {
			s := sha256.Sum256(f.Data)
			b.WriteString(hex.EncodeToString(s[:]) + "  " + n + "\n")
		}
	}
	m["8_RDE_2026-11-22_hash"] = &fstest.MapFile{Data: []byte(b.String())}
}

func TestFindings(t *testing.T) {
	edit := func(file, old, new string) func(fstest.MapFS) {
		return func(m fstest.MapFS) {
			m[file].Data = []byte(strings.Replace(string(m[file].Data), old, new, 1))
			rehash(m)
		}
	}
	const full, hdl = "8_RDE_2026-11-22_full_0", "8_RDE_2026-11-22_hdl_0"
	tests := []struct {
		name string
		mut  func(fstest.MapFS)
		want string
		kind error
	}{
		{"dangling handle", edit(full, ",H1,H2,H2,H2", ",H9,H2,H2,H2"), `registrant handle "H9"`, ErrInvalid},
		{"repeated handle", edit(hdl, "H2,Bo", "H1,Bo"), `handle "H1" repeated`, ErrInvalid},
		{"bad country", edit(hdl, ",US,", ",QQ,"), `country "QQ"`, ErrInvalid},
		{"bad phone", edit(hdl, "+14155550100", "0415"), `phone "0415"`, ErrInvalid},
		{"repeated domain", edit(full, "xn--bcher-kva.example", "example-one.example"), "repeated", ErrInvalid},
		{"bad domain", edit(full, "xn--bcher-kva.example", "bad_name.example"), "LDH", ErrInvalid},
		{"bad expiration", edit(full, "2027-08-29 00:00:00", "29/08/2027"), "expiration date", ErrInvalid},
		{"ragged row", edit(full, ",H1,H2,H2,H2", ",H1,H2,H2"), "fields, the header row has", ErrMalformed},
		{"no domain column", edit(full, "domain,", "name,"), "no domain column", ErrInvalid},
		{"hash mismatch", func(m fstest.MapFS) { m[full].Data = append(m[full].Data, "x.example,2027-01-01 00:00:00,,H1,,,\n"...) }, "SHA-256 of", ErrInvalid},
		{"no hash file", func(m fstest.MapFS) { delete(m, "8_RDE_2026-11-22_hash") }, "no hash file", ErrInvalid},
		{"unlisted file", func(m fstest.MapFS) {
			s := string(m["8_RDE_2026-11-22_hash"].Data)
			m["8_RDE_2026-11-22_hash"].Data = []byte(s[:strings.Index(s, "\n")+1])
		}, "is not listed", ErrInvalid},
		{"other registrar", func(m fstest.MapFS) { m["9_RDE_2026-11-22_hdl_0"] = m[hdl]; delete(m, hdl) }, "not the deposit's", ErrInvalid},
		{"unregistered IANA ID", func(m fstest.MapFS) {
			for n, f := range m {
				delete(m, n)
				m[strings.Replace(n, "8_", "5_", 1)] = f
			}
		}, "IANA ID 5", ErrInvalid},
		{"bad name", func(m fstest.MapFS) { m["notes.txt"] = &fstest.MapFile{Data: []byte("x")} }, "naming", ErrFileName},
		{"no domain file", func(m fstest.MapFS) { delete(m, full); rehash(m) }, "no domain data", ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := fixture(t, "hexonet-2007")
			tc.mut(m)
			rep := verify(t, m, nil)
			found := false
			for _, f := range rep.Findings {
				if strings.Contains(f.Error(), tc.want) && errors.Is(f, tc.kind) && strings.Contains(f.Error(), "(") {
					found = true
				}
			}
			if !found {
				t.Errorf("no %v finding with %q in %v", tc.kind, tc.want, rep.Findings)
			}
		})
	}
}

func newKey(t *testing.T) *openpgp.Entity {
	t.Helper()
	e, err := openpgp.NewEntity("agent", "", "agent@example.test", &packet.Config{RSABits: 2048, Algorithm: packet.PubKeyAlgoEdDSA})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func encrypt(t *testing.T, to *openpgp.Entity, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := openpgp.Encrypt(&b, openpgp.EntityList{to}, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// TestEncrypted: the namingo-2007 files encrypted to the agent (.csv.gz.gpg,
// as escrow_ncc.php packs them) verify with the agent's key, are reported
// as not read without it, and a tampered file is a finding.
func TestEncrypted(t *testing.T) {
	key := newKey(t)
	m := fixture(t, "namingo-2007")
	for _, n := range []string{"8_RDE_2026-11-22_full_1.csv.gz", "8_RDE_2026-11-22_hdl_1.csv.gz"} {
		m[n+".gpg"] = &fstest.MapFile{Data: encrypt(t, key, m[n].Data)}
		delete(m, n)
	}
	rep := verify(t, m, &Config{Keys: openpgp.EntityList{key}})
	if !rep.OK() || rep.Domains != 2 || rep.Handles != 2 {
		t.Fatalf("with key: %+v %v", rep, rep.Findings)
	}
	rep = verify(t, m, nil)
	if len(rep.Skipped) != 2 {
		t.Errorf("without key: skipped %v", rep.Skipped)
	}
	b := bytes.Clone(m["8_RDE_2026-11-22_hdl_1.csv.gz.gpg"].Data)
	b[len(b)-5] ^= 1
	m["8_RDE_2026-11-22_hdl_1.csv.gz.gpg"] = &fstest.MapFile{Data: b}
	rep = verify(t, m, &Config{Keys: openpgp.EntityList{key}})
	if rep.OK() {
		t.Error("tampered encrypted file verified")
	}
}

func TestParseFileName(t *testing.T) {
	f, err := ParseFileName("1234_RDE_2026-11-22_full_1.csv.gz.gpg")
	if err != nil || f.IANAID != 1234 || f.Kind != "full" || f.Seq != 1 || f.Ext != "csv.gz.gpg" || f.Date.Day() != 22 {
		t.Errorf("%+v %v", f, err)
	}
	if f, err := ParseFileName("1234_RDE_2026-11-22_hash.txt"); err != nil || f.Seq != -1 {
		t.Errorf("%+v %v", f, err)
	}
	for _, bad := range []string{"", "x_RDE_2026-11-22_full_1", "1_ESC_2026-11-22_full_1", "1_RDE_2026-13-22_full_1",
		"1_RDE_2026-11-22_thin_1", "1_RDE_2026-11-22_full", "1_RDE_2026-11-22_full_1.zip", "-1_RDE_2026-11-22_full_1"} {
		if _, err := ParseFileName(bad); !errors.Is(err, ErrFileName) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// TestRecordLimit: a quoted field spanning many lines cannot grow a record
// past MaxRecordBytes.
func TestRecordLimit(t *testing.T) {
	data := "domain,expiration_date\n\"" + strings.Repeat("a\n", MaxRecordBytes) + "\",x\n"
	rd, err := NewReader(strings.NewReader(data), "full", "f")
	if err != nil {
		t.Fatal(err)
	}
	for rd.Next() {
	}
	if !errors.Is(rd.Err(), ErrLimitExceeded) {
		t.Fatalf("got %v, want ErrLimitExceeded", rd.Err())
	}
}

// TestMemoryLimits: the domain names kept for the repetition check and
// the handles kept for references are bounded (MaxDomainNames,
// MaxHandles); reaching a limit is said in Report.Skipped, naming it.
func TestMemoryLimits(t *testing.T) {
	rep := verify(t, fixture(t, "hexonet-2007"), &Config{MaxDomainNames: 1, MaxHandles: 1})
	var dom, hdl bool
	for _, s := range rep.Skipped {
		dom = dom || strings.Contains(s, "MaxDomainNames (1)")
		hdl = hdl || strings.Contains(s, "MaxHandles (1)")
	}
	if !dom || !hdl || len(rep.Findings) != 0 {
		t.Errorf("Skipped %q, findings %v: want MaxDomainNames and MaxHandles named, no findings", rep.Skipped, rep.Findings)
	}
}

// TestExpiredClause: the long-expired rule is this package's decision, and
// its finding says so instead of citing a source that does not have it.
func TestExpiredClause(t *testing.T) {
	m := fixture(t, "hexonet-2007")
	n := "8_RDE_2026-11-22_full_0"
	m[n].Data = []byte(strings.Replace(string(m[n].Data), "2027-08-29 00:00:00", "2020-08-29 00:00:00", 1))
	rehash(m)
	rep := verify(t, m, nil)
	if len(rep.Findings) != 1 || rep.Findings[0].Clause != clauseExpired || strings.Contains(rep.Findings[0].Clause, "HEXONET") {
		t.Fatalf("findings %v, want one citing clauseExpired", rep.Findings)
	}
}
