package rsep

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/rsep/internal/peer"
)

// Loopback addresses of the peer setup: the root on .10, the TLD's two
// name servers on .1 and .2, all on port 53 (Zonemaster only speaks to
// port 53).
const (
	peerRoot = "127.53.7.10"
	peerNS1  = "127.53.7.1"
	peerNS2  = "127.53.7.2"
	peerAlt  = "127.53.7.20" // the source address of peer-ns04's ns2 answers
)

// startKnot runs knotd in the foreground with the given zones on the given
// addresses until the test ends.
func startKnot(t *testing.T, knotd, dir, name string, addrs []string, zones map[string]string) {
	t.Helper()
	var listen []string
	for _, a := range addrs {
		listen = append(listen, a+"@53")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "server:\n    rundir: %s/run-%s\n    listen: [ %s ]\n", dir, name, strings.Join(listen, ", "))
	fmt.Fprintf(&b, "database:\n    storage: %s/db-%s\n", dir, name)
	fmt.Fprintf(&b, "template:\n  - id: default\n    storage: %s\n    zonefile-sync: -1\n    journal-content: none\n    semantic-checks: off\nzone:\n", dir)
	var names []string
	for z := range zones {
		names = append(names, z)
	}
	sort.Strings(names)
	for _, z := range names {
		fmt.Fprintf(&b, "  - domain: %s\n    file: %s\n", z, zones[z])
	}
	conf := filepath.Join(dir, name+".conf")
	for _, d := range []string{"run-" + name, "db-" + name} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(conf, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(knotd, "-c", conf)
	var logBuf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logBuf, &logBuf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	// Wait until every address answers the first zone's SOA.
	c := &dns.Client{Timeout: 300 * time.Millisecond}
	deadline := time.Now().Add(10 * time.Second)
	for _, a := range addrs {
		for {
			m := new(dns.Msg)
			m.SetQuestion(names[0], dns.TypeSOA)
			if r, _, err := c.Exchange(m, net.JoinHostPort(a, "53")); err == nil && r.Rcode == dns.RcodeSuccess {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("knotd %s did not answer on %s:\n%s", name, a, logBuf.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

type zmLine struct {
	Level    string          `json:"level"`
	TestCase string          `json:"testcase"`
	Tag      string          `json:"tag"`
	Args     json.RawMessage `json:"args"`
}

// TestPeerZonemaster serves peer-good.zone and peer-bad.zone with knotd on
// loopback addresses, runs zonemaster-cli (root hints pointing at a loopback
// root, IPv6 off: no query leaves the host) and rsep's offline and live
// checks, and compares the verdicts of every overlapping test case the
// Zonemaster run exercised.
// citedDifferences are Zonemaster messages rsep does not report, with the
// reason (doc.go, "Overlap with Zonemaster").
var citedDifferences = map[string]string{
	"SYNTAX06 RNAME_MAIL_DOMAIN_INVALID": "the RNAME's mail domain needs MX/address resolution, which rsep does not do (RST regrades it to ERROR)",
}

func TestPeerZonemaster(t *testing.T) {
	knotd := peer.Need(t, "knotd")
	zm := peer.Need(t, "zonemaster-cli")
	for _, a := range []string{peerRoot, peerNS1, peerNS2} {
		pc, err := net.ListenPacket("udp", net.JoinHostPort(a, "53"))
		if err != nil {
			peer.Unavailable(t, "cannot bind "+a+":53: "+err.Error())
		}
		pc.Close()
	}
	// Disagreements documented in doc.go, for Zonemaster engine 4.6.2.
	known := map[string]string{
		"peer-bad ZONE03": "engine 4.6.2 logs REFRESH_LOWER_THAN_RETRY at INFO; rsep reports a notice",
		// Nameserver.pm nameserver02 accepts a NOERROR SOA answer whose
		// edns_version is 0, which also holds when the response has no OPT
		// at all, so its EDNS_RESPONSE_WITHOUT_EDNS branch is never reached.
		"peer-faulty NAMESERVER02": "engine 4.6.2 takes a response without OPT as EDNS support; rsep reports NO_EDNS_SUPPORT (RFC 6891 §7)",
		// The answers of peer-ns04's ns2 leave from 127.53.7.20; engine
		// 4.6.2 uses them without comparing their source.
		"peer-ns04 NAMESERVER04": "engine 4.6.2 did not report DIFFERENT_SOURCE_IP for answers from another address; rsep reports it (IANA name server requirements: same source address)",
	}
	for _, name := range []string{"peer-good", "peer-bad", "peer-faulty", "peer-ns04"} {
		t.Run(name, func(t *testing.T) {
			// peer-faulty serves peer-good.zone from the in-test server with
			// recursion offered, no EDNS and no TCP, to compare the live cases.
			// peer-ns04 serves it from two in-test servers with the faults
			// of the NS04 checks: ns1 copies the Z flags, truncates
			// without OPT and refuses AAAA; ns2 answers from another
			// address and ignores DO.
			file := name
			if name == "peer-faulty" || name == "peer-ns04" {
				file = "peer-good"
			}
			dir := t.TempDir()
			zoneText, err := os.ReadFile(filepath.Join("testdata", file+".zone"))
			if err != nil {
				t.Fatal(err)
			}
			dsText, err := os.ReadFile(filepath.Join("testdata", file+".ds"))
			if err != nil {
				t.Fatal(err)
			}
			parentText := "example. 172800 IN NS ns1.nic.example.\nexample. 172800 IN NS ns2.nic.example.\n" +
				"ns1.nic.example. 172800 IN A " + peerNS1 + "\nns2.nic.example. 172800 IN A " + peerNS2 + "\n" + string(dsText)
			root := "$TTL 86400\n. IN SOA a.root. nstld.root. 2026112601 1800 900 604800 86400\n. IN NS a.root.\na.root. IN A " + peerRoot + "\n" + parentText
			for f, s := range map[string]string{"example.zone": string(zoneText), "root.zone": root, "hints": ". 3600000 IN NS a.root.\na.root. 3600000 IN A " + peerRoot + "\n"} {
				if err := os.WriteFile(filepath.Join(dir, f), []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			startKnot(t, knotd, dir, "root", []string{peerRoot}, map[string]string{".": "root.zone"})
			switch name {
			case "peer-faulty", "peer-ns04":
				z, err := ReadZone(context.Background(), bytes.NewReader(zoneText), "example.", file, nil)
				if err != nil {
					t.Fatal(err)
				}
				faults := []fault{{recursive: true, noEDNS: true, noTCP: true}, {recursive: true, noEDNS: true, noTCP: true}}
				if name == "peer-ns04" {
					faults = []fault{{copyZ: true, tcNoOPT: true, aaaaRefused: true}, {altSource: peerAlt, noRRSIG: true}}
				}
				for i, a := range []string{peerNS1, peerNS2} {
					serveAt(t, a, "53", z, faults[i])
				}
			default:
				startKnot(t, knotd, dir, "tld", []string{peerNS1, peerNS2}, map[string]string{"example.": "example.zone"})
			}

			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			start := time.Now()
			out, err := exec.CommandContext(ctx, zm, "--hints", filepath.Join(dir, "hints"), "--no-ipv6", "--raw", "--json-stream", "--level", "INFO", "--no-progress", "example").Output()
			if err != nil {
				t.Fatalf("zonemaster-cli: %v\n%s", err, out)
			}
			t.Logf("zonemaster-cli took %s", time.Since(start).Round(time.Millisecond))
			if d := os.Getenv("RSEP_ZM_DUMP"); d != "" {
				os.WriteFile(filepath.Join(d, name+".json"), out, 0o644)
			}
			ran := make(map[string]bool)
			version := ""
			sc := bufio.NewScanner(bytes.NewReader(out))
			sc.Buffer(nil, MaxZonemasterLine)
			for sc.Scan() {
				var l zmLine
				if json.Unmarshal(sc.Bytes(), &l) == nil {
					ran[l.TestCase] = true
					if l.Tag == "GLOBAL_VERSION" {
						var a struct{ Version string }
						json.Unmarshal(l.Args, &a)
						version = a.Version
					}
				}
			}
			zmFindings, err := ImportZonemaster(context.Background(), bytes.NewReader(out), nil)
			if err != nil {
				t.Fatal(err)
			}

			z, err := ReadZone(context.Background(), bytes.NewReader(zoneText), "example.", name, nil)
			if err != nil {
				t.Fatal(err)
			}
			parent, err := ReadDelegation(context.Background(), strings.NewReader(parentText), "example.", "parent", nil)
			if err != nil {
				t.Fatal(err)
			}
			start = time.Now()
			// The root server answers the reverse lookups (it has no
			// in-addr.arpa data: NXDOMAIN), as Zonemaster resolves them
			// from the same hints.
			r := run(t, &Target{Zone: z, Parent: parent, Prober: &Client{Timeout: 2 * time.Second}, Now: at(time.Now().UTC()), Resolver: netip.MustParseAddrPort(peerRoot + ":53"),
				Servers: []Server{{"ns1.nic.example.", netip.MustParseAddrPort(peerNS1 + ":53")}, {"ns2.nic.example.", netip.MustParseAddrPort(peerNS2 + ":53")}}})
			t.Logf("rsep Run (offline and live) took %s", time.Since(start).Round(time.Millisecond))

			// The NS04 checks fire on the faulty servers, each on the
			// server with the fault, and stay quiet on knotd.
			ns04 := map[string]bool{}
			for _, f := range r.Findings {
				if f.Check == "NS04" && f.Tag != "NO_PTR" {
					ns04[f.Tag+" "+strings.Split(f.Name, "@")[0]] = true
				}
			}
			want04 := map[string]bool{}
			if name == "peer-ns04" {
				for _, k := range []string{"Z_FLAGS_NOTCLEAR ns1.nic.example.", "MISSING_OPT_IN_TRUNCATED ns1.nic.example.", "AAAA_UNEXPECTED_RCODE ns1.nic.example.",
					"DIFFERENT_SOURCE_IP ns2.nic.example.", "NO_DNSSEC_RRSIG ns2.nic.example."} {
					want04[k] = true
				}
			}
			if name != "peer-faulty" { // peer-faulty's servers have no EDNS and no TCP: NS01/NS03 territory
				if diff := cmp.Diff(want04, ns04); diff != "" {
					t.Errorf("NS04 findings (-want +got):\n%s", diff)
				}
			}

			// Rows are grouped by test case: a Zonemaster case may be covered
			// by an offline check and a live one (DNSSEC08: SEC02 and NS04).
			var cases []string
			rows := make(map[string][]Overlap)
			for _, o := range Overlaps {
				if rows[o.TestCase] == nil {
					cases = append(cases, o.TestCase)
				}
				rows[o.TestCase] = append(rows[o.TestCase], o)
			}
			for _, tc := range cases {
				if !ran[tc] {
					continue
				}
				zmFlag, ourFlag := false, false
				var checks []string
				for _, o := range rows[tc] {
					checks = append(checks, o.Check)
					for _, f := range zmFindings {
						zmFlag = zmFlag || (f.Check == "ZM:"+tc && contains(o.ZonemasterTags, f.Tag))
					}
					for _, f := range r.Findings {
						ourFlag = ourFlag || (f.Check == o.Check && contains(o.Tags, f.Tag))
					}
				}
				key := name + " " + tc
				verdict := "agree"
				if zmFlag != ourFlag {
					verdict = "DISAGREE"
				}
				t.Logf("%-26s %-10s zonemaster=%-5v rsep=%-5v %s", key, strings.Join(checks, "+"), zmFlag, ourFlag, verdict)
				switch why, ok := known[key]; {
				case ok && version == "v4.6.2" && zmFlag == ourFlag:
					t.Errorf("%s: documented disagreement (%s) no longer seen", key, why)
				case !ok && zmFlag != ourFlag:
					t.Errorf("%s: zonemaster %v, rsep %v (%s)", key, zmFlag, ourFlag, strings.Join(checks, "+"))
				}
			}
			// Every Zonemaster message of WARNING and above (raw level, or
			// RST's regrading) has an rsep finding of warning or above on
			// its row, or is a cited difference.
			for _, f := range zmFindings {
				if f.Severity < Warning {
					continue
				}
				tc := strings.TrimPrefix(f.Check, "ZM:")
				if why, ok := citedDifferences[tc+" "+f.Tag]; ok {
					t.Logf("cited difference %s %s: %s", tc, f.Tag, why)
					continue
				}
				found := false
				for _, o := range rows[tc] {
					if !contains(o.ZonemasterTags, f.Tag) {
						continue
					}
					for _, g := range r.Findings {
						found = found || (g.Check == o.Check && contains(o.Tags, g.Tag) && g.Severity >= Warning)
					}
				}
				if !found {
					t.Errorf("%s: zonemaster %s %s %s (%s) has no rsep finding at warning or above and is not a cited difference", name, f.Severity, tc, f.Tag, f.Message)
				}
			}
		})
	}
}
