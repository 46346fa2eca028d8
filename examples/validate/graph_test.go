package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ssrkit/ssr/examples/internal/peer"
)

// graphCase is one validation drawn by -graph, with what its DOT must
// show (outside the legend, which shows every style).
type graphCase struct {
	name    string
	args    []string
	code    int
	want    []string // regular expressions the DOT must match
	notWant []string // ... and must not
}

const (
	secureEdge = `color="#1f4fa3" fontcolor="#1f4fa3" style="solid"`
	bogusSt    = `color="#d00000" fontcolor="#d00000" style="bold`
	bogusEdge  = bogusSt + `"`
	insecureSt = `color="#333333" fontcolor="#333333" style="dashed`
)

func graphCases(t *testing.T) []graphCase {
	dir := t.TempDir()
	anchor := filepath.Join(dir, "anchor")
	if err := os.WriteFile(anchor, []byte(rfc4035KSK), 0o644); err != nil {
		t.Fatal(err)
	}
	chain := "../../dnssec/testdata/rfc4035-b1.chain"
	rfc5155 := "../../dnssec/testdata/rfc5155/"
	anchor5155 := filepath.Join(dir, "anchor5155")
	b, err := os.ReadFile(rfc5155 + "dnskey.chain")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 4 && f[3] == "DNSKEY" && f[4] == "257" {
			if err := os.WriteFile(anchor5155, []byte(line+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	base := []string{"-anchor", anchor, "-chain", chain, "x.w.example", "MX"}
	fixture, err := os.ReadFile("testdata/graph.chain")
	if err != nil {
		t.Fatal(err)
	}
	tampered := filepath.Join(dir, "tampered.chain")
	if err := os.WriteFile(tampered, []byte(strings.Replace(string(fixture), "IN\tA\t192.0.2.1\n", "IN\tA\t192.0.2.9\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	fx := []string{"-now", "2026-06-01T00:00:00Z", "-anchor", "testdata/graph.anchor", "-chain"}
	return []graphCase{
		{"secure", append([]string{"-allow-deprecated-algorithms", "-now", "2004-04-20T12:00:00Z"}, base...), 0,
			[]string{
				`label="x.w.example. MX: secure`,
				`subgraph cluster_0 \{\n\t\tlabel="example. \(secure\)`,
				`(n\d+) \[label="trust anchor\\nDNSKEY KSK tag 9465, alg 5 \(RSASHA1\)"`,
				`\[label="DNSKEY KSK\\ntag 9465, alg 5 \(RSASHA1\)" shape=ellipse ` + secureEdge + ` penwidth=2\]`,
				`\[label="DNSKEY ZSK\\ntag 38519, alg 5 \(RSASHA1\)" shape=ellipse ` + secureEdge,
				`\[label="x.w.example. MX\\n1 xx.example."`,
				`-> n\d+ \[` + secureEdge + ` label="RRSIG 38519"\]`,
				`-> n\d+ \[` + secureEdge + ` label="RRSIG 9465"\]`,
			},
			[]string{`#d00000`, `#e67e00`, `dashed`}},
		{"bogus", append([]string{"-allow-deprecated-algorithms", "-now", "2004-06-20T12:00:00Z"}, base...), 1,
			[]string{
				`label="x.w.example. MX: bogus \(rcode NOERROR, EDE 7\)\\ndnssec: RRSIG example./DNSKEY tag 9465: signature expired`,
				`label="example. \(bogus\)\\ldnssec: RRSIG example./DNSKEY tag 9465: signature expired`,
				`-> n\d+ \[` + bogusEdge + ` label="RRSIG 9465"\]`,
				`\[label="answer x.w.example. MX\\nbogus: dnssec: RRSIG example./DNSKEY[^"]*" shape=box ` + bogusSt + `,rounded" peripheries=2\]`,
			},
			[]string{`label="RRSIG 38519"`}},
		{"insecure", append([]string{"-now", "2004-04-20T12:00:00Z"}, base...), 0,
			[]string{
				`label="x.w.example. MX: insecure \(rcode NOERROR, EDE 1\)\\ndnssec: DNSKEY example. tag 9465: unsupported algorithm`,
				`label="example. \(insecure\)\\ldnssec: DNSKEY example. tag 9465: unsupported algorithm`,
				`\[label="trust anchor\\nDNSKEY KSK tag 9465, alg 5 \(RSASHA1\)" shape=box ` + insecureSt,
				`\[label="answer x.w.example. 3600 IN MX 1 xx.example.\\ninsecure: dnssec: DNSKEY example. tag 9465: unsupported[^"]*" shape=box ` + insecureSt,
				`-> n\d+ \[` + insecureSt + `" label=""\]`,
			},
			[]string{`#d00000`, `#1f4fa3`, `RRSIG`}},
		{"nsec3-nodata", []string{"-allow-deprecated-algorithms", "-now", "2010-01-01T00:00:00Z", "-anchor", anchor5155,
			"-chain", rfc5155 + "b2.chain", "ns1.example.", "MX"}, 0,
			[]string{
				`label="ns1.example. MX: secure`,
				`\[label="2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. NSEC3\\n1 1 12 AABBCCDD 2vptu5timamqttgl4luu9kg21e0aor3`,
				`-> n\d+ \[` + secureEdge + ` label="RRSIG 40430"\]`,
				`-> n\d+ \[` + secureEdge + ` label="denial"\]`,
			},
			[]string{`#d00000`}},
		{"two-zones-secure", append(fx, "testdata/graph.chain", "www.example.", "A"), 0,
			[]string{
				`cluster_0 \{\n\t\tlabel=". \(secure\)`,
				`cluster_1 \{\n\t\tlabel="example. \(secure\)`,
				`(?s)cluster_0 .*\[label="DS example.\\ntag \d+, alg 15, digest 2" shape=box ` + secureEdge[:len(secureEdge)-1] + `,rounded"\].*cluster_1`,
				`\[label="DNSKEY KSK\\ntag \d+, alg 13 \(ECDSAP256SHA256\)"`,
				`\[label="DNSKEY ZSK\\ntag \d+, alg 15 \(ED25519\)"`,
				`\[label="www.example. A\\n192.0.2.1" shape=box ` + secureEdge[:len(secureEdge)-1] + `,rounded" peripheries=2\]`,
			},
			[]string{`#d00000`, `dashed`, `answer `}},
		{"two-zones-bogus", append(fx, tampered, "www.example.", "A"), 1,
			[]string{
				`label="www.example. A: bogus \(rcode NOERROR, EDE 6\)\\ndnssec: RRSIG www.example./A tag \d+: signature does not verify`,
				`\[label="www.example. A\\n192.0.2.9" shape=box ` + bogusSt + `,rounded" peripheries=2\]`,
				`-> n\d+ \[` + bogusEdge + ` label="RRSIG \d+"\]`,
			},
			nil},
		{"two-zones-insecure", append(fx, "testdata/graph.chain", "host.unsigned.example.", "A"), 0,
			[]string{
				`label="unsigned.example. \(insecure\)\\lauthenticated denial of DS`,
				`(n\d+) \[label="unsigned.example. NSEC\\nwww.example. NS RRSIG NSEC" shape=rect ` + secureEdge,
				`\[label="unsigned.example.\\nno DS: unsigned delegation" shape=box ` + insecureSt,
				`-> n\d+ \[` + secureEdge + ` label="no DS"\]`,
				`\[label="answer host.unsigned.example. 300 IN A 192.0.2.7\\ninsecure: authenticated denial of DS at a delegation[^"]*" shape=box ` + insecureSt,
			},
			[]string{`#d00000`}},
	}
}

// TestGraphDOT draws a secure, a bogus, an insecure answer and a secure
// NSEC3 denial and checks the DOT's nodes, edges and status styles.
func TestGraphDOT(t *testing.T) {
	// Edges that must link two nodes, named by label prefixes (regular
	// expressions): the bogus RRset leads to the bogus answer.
	caseEdges := map[string][][2]string{
		"two-zones-bogus": {{`www.example. A\\n192.0.2.9`, `answer www.example. A\\nbogus`}},
		"insecure":        {{`trust anchor\\nDNSKEY KSK tag 9465`, `answer x.w.example. 3600 IN MX`}},
	}
	for _, c := range graphCases(t) {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "chain.dot")
			args := append([]string{"-graph", path}, c.args...)
			var out, errb bytes.Buffer
			if code := run(args, nil, &out, &errb); code != c.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, c.code, out.String(), errb.String())
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			dot := string(b)
			if !strings.HasPrefix(dot, "digraph chain {\n") || !strings.HasSuffix(dot, "}\n") {
				t.Fatalf("not a DOT digraph:\n%s", dot)
			}
			body, _, ok := strings.Cut(dot, "subgraph cluster_legend")
			if !ok {
				t.Errorf("no legend:\n%s", dot)
			}
			for _, w := range c.want {
				if !regexp.MustCompile(w).MatchString(body) {
					t.Errorf("DOT lacks %s:\n%s", w, body)
				}
			}
			for _, e := range caseEdges[c.name] {
				from := regexp.MustCompile(`(n\d+) \[label="` + e[0]).FindStringSubmatch(body)
				to := regexp.MustCompile(`(n\d+) \[label="` + e[1]).FindStringSubmatch(body)
				if from == nil || to == nil || !strings.Contains(body, "\t"+from[1]+" -> "+to[1]+" [") {
					t.Errorf("DOT lacks an edge %s -> %s:\n%s", e[0], e[1], body)
				}
			}
			for _, w := range c.notWant {
				if regexp.MustCompile(w).MatchString(body) {
					t.Errorf("DOT has %s:\n%s", w, body)
				}
			}
		})
	}
}

// TestGraphSVG renders the same graphs as SVG through -graph FILE.svg
// (Graphviz dot -Tsvg) and checks that each is an SVG document with the
// zone cluster and the answer in it.
func TestGraphSVG(t *testing.T) {
	peer.Need(t, "dot")
	for _, c := range graphCases(t) {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "chain.svg")
			args := append([]string{"-graph", path}, c.args...)
			var out, errb bytes.Buffer
			if code := run(args, nil, &out, &errb); code != c.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, c.code, out.String(), errb.String())
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			svg := string(b)
			for _, w := range []string{"<svg", "</svg>", `class="cluster"`, "legend", "DNSKEY"} {
				if !strings.Contains(svg, w) {
					t.Errorf("SVG lacks %q", w)
				}
			}
		})
	}
}

// TestGraphErrors: an unwritable -graph path is an I/O error (exit 2).
func TestGraphErrors(t *testing.T) {
	cs := graphCases(t)
	for _, ext := range []string{".dot", ".svg"} {
		if ext == ".svg" {
			peer.Need(t, "dot")
		}
		path := filepath.Join(t.TempDir(), "no", "such", "dir", "chain"+ext)
		args := append([]string{"-graph", path}, cs[0].args...)
		var out, errb bytes.Buffer
		if code := run(args, nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), path) {
			t.Errorf("%s: exit %d, stderr %q; want 2 naming the path", ext, code, errb.String())
		}
	}
}

// TestGraphRFC5155 draws every RFC 5155 Appendix B response (name error,
// no data, opt-out referral, wildcard expansion and no data, DS no data),
// intact and with every RRSIG's signature bytes altered, and has dot
// render each: every verdict path of the validator yields a graph dot
// accepts, with one node per answer or denial and no dangling edge.
func TestGraphRFC5155(t *testing.T) {
	bin := peer.Need(t, "dot")
	dir := t.TempDir()
	anchor := filepath.Join(dir, "anchor")
	files, err := filepath.Glob("../../dnssec/testdata/rfc5155/b*.chain")
	if err != nil || len(files) == 0 {
		t.Fatalf("no RFC 5155 chains: %v", err)
	}
	dnskey, err := os.ReadFile("../../dnssec/testdata/rfc5155/dnskey.chain")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(dnskey), "\n") {
		if f := strings.Fields(line); len(f) > 4 && f[3] == "DNSKEY" && f[4] == "257" {
			if err := os.WriteFile(anchor, []byte(line+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	question := regexp.MustCompile(`: (\S+) (\S+) \(RCODE=`)
	sig := regexp.MustCompile(`(?m)^(\S+\s+\d+\s+IN\s+RRSIG\s+.*\s)(\S)(\S*)$`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		q := question.FindStringSubmatch(string(b))
		if q == nil {
			t.Fatalf("%s: no question in the first comment", f)
		}
		tampered := sig.ReplaceAllStringFunc(string(b), func(s string) string {
			m := sig.FindStringSubmatch(s)
			c := "A"
			if m[2] == "A" {
				c = "B"
			}
			return m[1] + c + m[3]
		})
		for i, text := range []string{string(b), tampered} {
			chain := filepath.Join(dir, "chain")
			if err := os.WriteFile(chain, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "g.dot")
			var out, errb bytes.Buffer
			code := run([]string{"-graph", path, "-json", "-allow-deprecated-algorithms", "-now", "2010-01-01T00:00:00Z", "-anchor", anchor, "-chain", chain, q[1], q[2]}, nil, &out, &errb)
			// B.6 asks the anchor zone's DS, which only its unanchored
			// parent could prove: indeterminate, exit 1, even intact.
			if code == 2 || i == 1 && code != 1 {
				t.Errorf("%s %s (tampered %v): exit %d\n%s", f, q[1:], i == 1, code, errb.String())
				continue
			}
			dot, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			body, _, _ := strings.Cut(string(dot), "subgraph cluster_legend")
			for _, m := range regexp.MustCompile(`(n\d+) -> (n\d+)`).FindAllStringSubmatch(body, -1) {
				for _, id := range m[1:] {
					if !strings.Contains(body, id+" [label=") {
						t.Errorf("%s: edge %s names no node %s", f, m[0], id)
					}
				}
			}
			if !strings.Contains(body, "answer ") && !strings.Contains(body, "peripheries=2") {
				t.Errorf("%s: no answer node", f)
			}
			if _, err := renderSVG(bin, dot); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
}

// TestGraphNoDot: -graph FILE.svg without Graphviz on PATH is an error
// naming the path and the remedy (exit 2), not an empty file.
func TestGraphNoDot(t *testing.T) {
	cs := graphCases(t)
	t.Setenv("PATH", t.TempDir())
	path := filepath.Join(t.TempDir(), "chain.svg")
	var out, errb bytes.Buffer
	if code := run(append([]string{"-graph", path}, cs[0].args...), nil, &out, &errb); code != 2 ||
		!strings.Contains(errb.String(), path) || !strings.Contains(errb.String(), "graphviz") {
		t.Errorf("exit %d, stderr %q; want 2 naming the path and graphviz", code, errb.String())
	}
	if _, err := os.Stat(path); err == nil {
		t.Errorf("%s written without dot", path)
	}
}
