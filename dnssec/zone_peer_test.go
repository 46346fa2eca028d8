package dnssec

import (
	"encoding/base32"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssrkit/ssr/dnssec/internal/peer"
)

func runPeer(t *testing.T, dir, prog string, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("%s: %v", prog, err)
	}
	return string(out), err == nil
}

// TestVerifyZonePeers signs testdata/zone/example.unsigned with
// dnssec-signzone and ldns-signzone (NSEC, NSEC3, NSEC3 opt-out;
// algorithms 8, 13, 15), breaks copies in four ways, and checks that our
// verdict equals dnssec-verify's and ldns-verify-zone's on each, and that
// our report names the broken record.
func TestVerifyZonePeers(t *testing.T) {
	if testing.Short() {
		t.Skip("peer signing is slow; not in -short")
	}
	keygen := peer.Need(t, "dnssec-keygen")
	signzone := peer.Need(t, "dnssec-signzone")
	bindVerify := peer.Need(t, "dnssec-verify")
	ldnsKeygen := peer.Need(t, "ldns-keygen")
	ldnsSign := peer.Need(t, "ldns-signzone")
	ldnsVerify := peer.Need(t, "ldns-verify-zone")

	src, err := os.ReadFile(filepath.Join("testdata", "zone", "example.unsigned"))
	if err != nil {
		t.Fatal(err)
	}
	const inc, exp = "20260101000000", "20360101000000"
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	algs := map[string]string{"8": "RSASHA256", "13": "ECDSAP256SHA256", "15": "ED25519"}
	for _, alg := range []string{"8", "13", "15"} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "zone"), src, 0o644); err != nil {
			t.Fatal(err)
		}
		bits := []string{}
		if alg == "8" {
			bits = []string{"-b", "2048"}
		}
		for _, ksk := range []bool{true, false} {
			args := append([]string{"-q", "-K", dir, "-a", algs[alg]}, bits...)
			if ksk {
				args = append(args, "-f", "KSK")
			}
			if _, ok := runPeer(t, dir, keygen, append(args, "example.")...); !ok {
				t.Fatal("dnssec-keygen failed")
			}
		}
		var ldnsKeys []string
		for _, ksk := range []bool{true, false} {
			args := append([]string{"-a", algs[alg]}, bits...)
			if ksk {
				args = append(args, "-k")
			}
			out, ok := runPeer(t, dir, ldnsKeygen, append(args, "example.")...)
			if !ok {
				t.Fatal("ldns-keygen failed: " + out)
			}
			ldnsKeys = append(ldnsKeys, strings.TrimSpace(out))
		}
		for _, denial := range []string{"nsec", "nsec3", "optout"} {
			for _, signer := range []string{"bind", "ldns"} {
				name := signer + "-" + denial + "-" + alg
				out := filepath.Join(dir, name+".zone")
				var args []string
				var prog string
				if signer == "bind" {
					prog = signzone
					args = []string{"-q", "-S", "-K", dir, "-s", inc, "-e", exp, "-O", "full", "-o", "example.", "-f", out}
					switch denial {
					case "nsec3":
						args = append(args, "-3", "-", "-H", "0")
					case "optout":
						args = append(args, "-3", "-", "-H", "0", "-A")
					}
					args = append(args, "zone")
				} else {
					prog = ldnsSign
					args = []string{"-i", inc, "-e", exp, "-o", "example.", "-f", out}
					switch denial {
					case "nsec3":
						args = append(args, "-n", "-t", "0")
					case "optout":
						args = append(args, "-n", "-t", "0", "-p")
					}
					args = append(append(args, "zone"), ldnsKeys...)
				}
				if o, ok := runPeer(t, dir, prog, args...); !ok {
					t.Fatalf("%s: %s", name, o)
				}
				signed, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range peerMutations(name) {
					t.Run(name+"/"+m, func(t *testing.T) {
						z := mutateZone(t, string(signed), m, denial != "nsec")
						file := filepath.Join(dir, name+"-"+m+".zone")
						if err := os.WriteFile(file, []byte(z), 0o644); err != nil {
							t.Fatal(err)
						}
						rep := verifyText(t, z, ZoneConfig{Now: at(now)})
						ours := rep.Err() == nil
						bout, bind := runPeer(t, dir, bindVerify, "-q", "-o", "example.", file)
						lout, ldns := runPeer(t, dir, ldnsVerify, "-t", "20260601000000", file)
						if ours != bind || ours != ldns {
							t.Fatalf("verdicts differ: ours %v, dnssec-verify %v, ldns-verify-zone %v\nours: %v\nbind: %s\nldns: %s", ours, bind, ldns, rep.Err(), bout, lout)
						}
						if m != "clean" && !strings.Contains(rep.Err().Error(), "txt.example.") && !strings.Contains(rep.Err().Error(), "mail.example.") {
							t.Errorf("report does not name the broken record: %v", rep.Err())
						}
					})
				}
			}
		}
	}
}

// TestVerifyZoneKnotPeers breaks the Knot-signed fixtures (knotd 3.2.6
// automatic signing; Debian 12 has no kzonesign) in four ways and compares
// our verdict with dnssec-verify's and ldns-verify-zone's.
func TestVerifyZoneKnotPeers(t *testing.T) {
	bindVerify := peer.Need(t, "dnssec-verify")
	ldnsVerify := peer.Need(t, "ldns-verify-zone")
	dir := t.TempDir()
	for _, f := range []string{"knot-nsec-15.zone", "knot-nsec3-8.zone", "knot-optout-13.zone"} {
		src := readZoneFixture(t, f)
		for _, m := range []string{"clean", "flip", "dropdenial", "dropsig", "unsigned"} {
			t.Run(f+"/"+m, func(t *testing.T) {
				z := mutateZone(t, src, m, !strings.Contains(f, "-nsec-"))
				file := filepath.Join(dir, m+"-"+f)
				if err := os.WriteFile(file, []byte(z), 0o644); err != nil {
					t.Fatal(err)
				}
				rep := verifyText(t, z, ZoneConfig{Now: at(knotNow)})
				ours := rep.Err() == nil
				bout, bind := runPeer(t, dir, bindVerify, "-q", "-o", "example.", file)
				lout, ldns := runPeer(t, dir, ldnsVerify, "-t", "20270101000000", file)
				if ours != bind || ours != ldns || ours != (m == "clean") {
					t.Fatalf("verdicts: ours %v, dnssec-verify %v, ldns-verify-zone %v\nours: %v\nbind: %s\nldns: %s", ours, bind, ldns, rep.Err(), bout, lout)
				}
			})
		}
	}
}

// knotNow is inside the validity of the Knot-signed fixtures (signed
// 2026-11-26 with a ten-year signature lifetime).
var knotNow = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)

// peerMutations picks the clean zone and two of the four breakages, in
// rotation, to keep the test short.
func peerMutations(name string) []string {
	all := []string{"flip", "dropdenial", "dropsig", "unsigned"}
	h := 0
	for _, c := range name {
		h += int(c)
	}
	return []string{"clean", all[h%4], all[(h+1)%4]}
}

// mutateZone breaks a one-record-per-line signed zone.
func mutateZone(t *testing.T, z, m string, nsec3 bool) string {
	lines := strings.Split(z, "\n")
	find := func(owner, typ string) int {
		for i, l := range lines {
			f := strings.Fields(l)
			if len(f) < 3 || !strings.EqualFold(f[0], owner) {
				continue
			}
			k := 1
			for k < len(f) && (f[k] == "IN" || (f[k][0] >= '0' && f[k][0] <= '9')) {
				k++
			}
			if k < len(f) && f[k] == typ {
				return i
			}
			if k+1 < len(f) && f[k] == "RRSIG" && typ == "RRSIG "+f[k+1] {
				return i
			}
		}
		t.Fatalf("no %s %s", owner, typ)
		return -1
	}
	switch m {
	case "flip":
		i := find("mail.example.", "RRSIG A")
		lines[i] = flipSignature(lines[i])
	case "dropdenial":
		if nsec3 {
			// The zone's NSEC3PARAM is 1 0 0 - (no salt).
			h, err := NSEC3Hash("txt.example.", 1, 0, nil)
			if err != nil {
				t.Fatal(err)
			}
			owner := strings.ToLower(base32.HexEncoding.WithPadding(base32.NoPadding).EncodeToString(h)) + ".example."
			lines[find(owner, "NSEC3")] = ""
		} else {
			lines[find("txt.example.", "NSEC")] = ""
		}
	case "dropsig":
		lines[find("txt.example.", "RRSIG TXT")] = ""
	case "unsigned":
		lines = append(lines, "txt.example. 3600 IN A 192.0.2.99")
	}
	return strings.Join(lines, "\n") + "\n"
}
