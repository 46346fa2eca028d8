package idn

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/ssrkit/ssr/idn/internal/peer"
)

// peerLabels returns the labels of testdata/peer-labels.txt, the inputs of
// labelCases, and random valid labels from many scripts.
func peerLabels(t *testing.T) []string {
	b, err := os.ReadFile("testdata/peer-labels.txt")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		add(unescapeIdnaTest(line))
	}
	for _, tc := range labelCases {
		if tc.in != "" {
			add(tc.in)
		}
	}
	for _, l := range benchLabels(120) {
		add(l)
	}
	return out
}

type peerVerdict struct {
	ok  bool
	msg string
}

// pythonIDNA runs python3-idna's strict IDNA2008 encoder (idna.encode,
// uts46=False) over labels.
func pythonIDNA(t *testing.T, labels []string) []peerVerdict {
	py := peer.Need(t, "python3")
	if err := exec.Command(py, "-c", "import idna").Run(); err != nil {
		peer.Unavailable(t, "python3-idna not installed")
	}
	const script = `
import json, sys, idna
for line in sys.stdin:
    label = json.loads(line)
    try:
        a = idna.encode(label).decode("ascii")
        print(json.dumps({"ok": True, "msg": a}))
    except Exception as e:
        print(json.dumps({"ok": False, "msg": type(e).__name__ + ": " + str(e)}))
`
	cmd := exec.Command(py, "-c", script)
	var in strings.Builder
	for _, l := range labels {
		j, _ := json.Marshal(l)
		in.Write(j)
		in.WriteByte('\n')
	}
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 idna: %v", err)
	}
	var res []peerVerdict
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		var r struct {
			OK  bool
			Msg string
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		res = append(res, peerVerdict{r.OK, r.Msg})
	}
	if len(res) != len(labels) {
		t.Fatalf("python3 idna: %d results for %d labels", len(res), len(labels))
	}
	return res
}

// idn2NoTR46 runs `idn2 --no-tr46` (libidn2 IDNA2008 lookup conversion
// without UTS #46 mapping) on each label.
func idn2NoTR46(t *testing.T, labels []string) []peerVerdict {
	bin := peer.Need(t, "idn2")
	res := make([]peerVerdict, len(labels))
	for i, l := range labels {
		cmd := exec.Command(bin, "--no-tr46", "--", l)
		cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
		out, err := cmd.CombinedOutput()
		res[i] = peerVerdict{err == nil, strings.TrimSpace(string(out))}
	}
	return res
}

// peerDisagreement records a label on which a peer's verdict differs from
// CheckLabel's, with the rule that decides it.
type peerDisagreement struct {
	peerOK bool   // the peer's verdict
	rule   string // rule code deciding the case, or the peer's limitation
	why    string
}

// pythonDisagreements and idn2Disagreements list every label on which the
// peer disagrees with CheckLabel. The test fails on an unlisted
// disagreement and on a listed one that no longer occurs.
var pythonDisagreements = map[string]peerDisagreement{
	"a.b": {true, RuleLDH, "idna.encode takes a domain name and splits it at the dot; as one label, '.' is not LDH"},
}

const (
	idn2ASCII  = "libidn2 passes all-ASCII labels through unchecked"
	idn2CtxO   = "idn2 lookup does not test CONTEXTO rules (RFC 5891 §5.4 requires them only at registration)"
	idn2Lookup = "idn2 lookup normalizes its input to NFC (RFC 5891 §5.2); registration requires NFC input"
)

var idn2Disagreements = map[string]peerDisagreement{
	"_dmarc":        {true, RuleLDH, idn2ASCII},
	"a.b":           {true, RuleLDH, idn2ASCII + "; '.' separates labels"},
	"a b":           {true, RuleLDH, idn2ASCII},
	"\x19":          {true, RuleLDH, idn2ASCII},
	"-abc":          {true, RuleHyphen, idn2ASCII},
	"abc-":          {true, RuleHyphen, idn2ASCII},
	"ab--cd":        {true, RuleHyphen, idn2ASCII + " (an R-LDH label, RFC 5890 §2.3.1)"},
	"-":             {true, RuleHyphen, idn2ASCII},
	"-ü":            {true, RuleHyphen, "idn2 lookup does not test leading/trailing hyphens of U-labels"},
	"ü-":            {true, RuleHyphen, "idn2 lookup does not test leading/trailing hyphens of U-labels"},
	"ש1١":           {true, RuleBidi4, "libidn2 does not apply RFC 5893 rule 4 (EN and AN in one RTL label)"},
	"a\u0308":       {true, RuleNFC, idn2Lookup},
	"\u1100\u1161":  {true, RuleNFC, idn2Lookup + "; the conjoining jamo are DISALLOWED (RFC 5892 §2.9)"},
	"a·l":           {true, RuleA3, idn2CtxO},
	"l·":            {true, RuleA3, idn2CtxO},
	"·l":            {true, RuleA3, idn2CtxO},
	"\u0375a":       {true, RuleA4, idn2CtxO},
	"α\u0375":       {true, RuleA4, idn2CtxO},
	"\u05f3א":       {true, RuleA5, idn2CtxO},
	"a\u30fbb":      {true, RuleA7, idn2CtxO},
	"\u30fb":        {true, RuleA7, idn2CtxO},
	"ب\u0660\u06f0": {true, RuleA8, idn2CtxO + "; also RFC 5893 rule 4"},
	// A-labels are case-insensitive (RFC 4343; RFC 5891 §5.3 compares the
	// re-encoded A-label case-insensitively); libidn2 decodes the mixed-case
	// payload to an upper-case U-label and rejects it. python3-idna agrees
	// with CheckLabel.
	"xn--Mnchen-3ya": {false, RuleALabel, "libidn2 treats A-labels case-sensitively"},
	"xn--MNCHEN-3ya": {false, RuleALabel, "libidn2 treats A-labels case-sensitively"},
}

func comparePeer(t *testing.T, name string, labels []string, got []peerVerdict, table map[string]peerDisagreement) {
	t.Helper()
	seen := map[string]bool{}
	agree := 0
	byLabel := map[string]peerDisagreement{}
	for k, d := range table {
		byLabel[unescapeIdnaTest(k)] = d
	}
	for i, l := range labels {
		v := CheckLabel(l, nil)
		p := got[i]
		if p.ok == v.OK() {
			agree++
			if d, ok := byLabel[l]; ok {
				t.Errorf("%s: %+q listed as a disagreement (%s) but both say ok=%v", name, l, d.rule, p.ok)
			}
			continue
		}
		seen[l] = true
		d, ok := byLabel[l]
		if !ok {
			t.Errorf("%s: unlisted disagreement on %+q: peer ok=%v (%s); CheckLabel ok=%v %v", name, l, p.ok, p.msg, v.OK(), v.Rules())
			continue
		}
		if d.peerOK != p.ok {
			t.Errorf("%s: %+q: table says peer ok=%v, peer says %v", name, l, d.peerOK, p.ok)
		}
	}
	for k := range table {
		l := unescapeIdnaTest(k)
		if !seen[l] {
			found := false
			for _, x := range labels {
				if x == l {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: disagreement %+q is not in the label list", name, l)
			} else {
				t.Errorf("%s: disagreement %+q no longer occurs", name, l)
			}
		}
	}
	t.Logf("%s: %d labels, %d agree, %d listed disagreements", name, len(labels), agree, len(seen))
}

// TestPeerPythonIDNA compares CheckLabel with python3-idna.
func TestPeerPythonIDNA(t *testing.T) {
	labels := peerLabels(t)
	if len(labels) < 200 {
		t.Fatalf("only %d peer labels", len(labels))
	}
	comparePeer(t, "python3-idna", labels, pythonIDNA(t, labels), pythonDisagreements)
}

// TestPeerIDN2 compares CheckLabel with `idn2 --no-tr46`.
func TestPeerIDN2(t *testing.T) {
	labels := peerLabels(t)
	comparePeer(t, "idn2 --no-tr46", labels, idn2NoTR46(t, labels), idn2Disagreements)
}

// TestPeerPythonTable compares the pinned RFC 5892 table with python3-idna's
// (idna.idnadata.codepoint_classes) over all of Unicode: the code points
// allowed in labels (PVALID, CONTEXTJ, CONTEXTO) must be the same except for
// Unicode version differences, which are checked, not assumed: a code point
// only the peer allows must be UNASSIGNED in our 15.1.0 table (the peer's
// Unicode is newer), and one only we allow must be unassigned in the peer's
// Unicode (its unicodedata) or new since the peer's IDNA table version.
func TestPeerPythonTable(t *testing.T) {
	if testing.Short() {
		t.Skip("compares 1.1M code points")
	}
	py := peer.Need(t, "python3")
	const script = `
import idna.idnadata as d, unicodedata, sys
print(d.__version__, unicodedata.unidata_version)
for k, v in d.codepoint_classes.items():
    for r in v:
        print(k, r >> 32, (r & 0xffffffff) - 1)
`
	out, err := exec.Command(py, "-c", script).Output()
	if err != nil {
		peer.Unavailable(t, fmt.Sprintf("python3-idna: %v", err))
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var idnaVersion, ucdVersion string
	if _, err := fmt.Sscan(lines[0], &idnaVersion, &ucdVersion); err != nil {
		t.Fatal(err)
	}
	peer := make([]bool, 0x110000)
	for _, l := range lines[1:] {
		var class string
		var lo, hi int
		if _, err := fmt.Sscan(l, &class, &lo, &hi); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		for r := lo; r <= hi && r < len(peer); r++ {
			peer[r] = true
		}
	}
	var onlyPeer, onlyUs []rune
	for r := rune(0); r < 0x110000; r++ {
		d := propsOf(r).derived()
		ours := d == dpPVALID || d == dpCONTEXTJ || d == dpCONTEXTO
		switch {
		case peer[r] && !ours:
			if d != dpUNASSIGNED {
				t.Errorf("U+%04X: python3-idna (IDNA tables %s) allows it, our table says %v", r, idnaVersion, d)
			}
			onlyPeer = append(onlyPeer, r)
		case ours && !peer[r]:
			onlyUs = append(onlyUs, r)
		}
	}
	if len(onlyUs) > 0 {
		// Must be code points the peer does not know: unassigned in its
		// unicodedata, when its IDNA tables are older than ours.
		if cmpVersion(idnaVersion, DerivedPropertyVersion) >= 0 {
			t.Errorf("python3-idna (IDNA tables %s, not older than ours) rejects %d code points we allow, e.g. U+%04X", idnaVersion, len(onlyUs), onlyUs[0])
		} else {
			var in strings.Builder
			for _, r := range onlyUs {
				fmt.Fprintf(&in, "%d\n", r)
			}
			cmd := exec.Command(py, "-c", "import sys, unicodedata\nfor l in sys.stdin: print(unicodedata.category(chr(int(l))))")
			cmd.Stdin = strings.NewReader(in.String())
			cats, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range strings.Fields(string(cats)) {
				if c != "Cn" && cmpVersion(ucdVersion, idnaVersion) <= 0 {
					t.Errorf("U+%04X: we allow it, python3-idna %s rejects it although its Unicode %s assigns it (%s)", onlyUs[i], idnaVersion, ucdVersion, c)
				}
			}
		}
	}
	t.Logf("python3-idna IDNA tables %s (unicodedata %s), ours %s: %d code points only the peer allows (all UNASSIGNED in ours), %d only we allow",
		idnaVersion, ucdVersion, DerivedPropertyVersion, len(onlyPeer), len(onlyUs))
}

// cmpVersion compares dotted version strings numerically.
func cmpVersion(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			fmt.Sscan(as[i], &x)
		}
		if i < len(bs) {
			fmt.Sscan(bs[i], &y)
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}
