package rsep

import (
	"bufio"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// yamlCodes reads the error codes of an RST errors.yaml (top-level keys).
func yamlCodes(t *testing.T, file string) []string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	re := regexp.MustCompile(`^([A-Z][A-Z0-9_]+):\s*$`)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

// yamlCaseErrors reads, from an RST cases.yaml, each case's Errors list.
func yamlCaseErrors(t *testing.T, file string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string][]string)
	cur, inErrors := "", false
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]*:\s*$`).MatchString(line):
			cur, inErrors = strings.TrimSuffix(strings.TrimSpace(line), ":"), false
			out[cur] = nil
		case strings.TrimSpace(line) == "Errors:":
			inErrors = true
		case inErrors && strings.HasPrefix(line, "    - "):
			out[cur] = append(out[cur], strings.TrimSpace(strings.TrimPrefix(line, "    - ")))
		case strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "    "):
			inErrors = false
		}
	}
	return out
}

// yamlList reads a top-level list (skip) or the lists under a top-level map
// (error_level_overrides) of zonemaster-test-policies.yaml.
func yamlPolicies(t *testing.T) (skip []string, overrides map[string]string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "rst", "zonemaster-test-policies.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	overrides = make(map[string]string)
	section, level := "", ""
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		if !strings.HasPrefix(line, " ") {
			section = strings.TrimSuffix(strings.TrimSpace(line), ":")
			continue
		}
		switch section {
		case "skip":
			skip = append(skip, strings.ToUpper(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- "))))
		case "error_level_overrides":
			if !strings.HasPrefix(line, "    ") {
				level = strings.TrimSuffix(strings.TrimSpace(line), ":")
				continue
			}
			overrides[strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- "))] = level
		}
	}
	return skip, overrides
}

// TestRSTCoverage: RSTCodes lists every error code of the RST DNS, DNSSEC,
// DNSSEC-operations and integration plans (errors.yaml, and every code the
// cases.yaml name), and every Zonemaster message RST regrades, with RST's
// severity; the skip list and overrides are RST's; every check and tag the
// table names exists; and the package documentation shows the table.
func TestRSTCoverage(t *testing.T) {
	have := make(map[string]RSTCode)
	for _, c := range RSTCodes {
		have[c.Code] = c
	}
	for _, plan := range []string{"dns", "dnssec", "dnssec-ops", "integration"} {
		dir := filepath.Join("testdata", "rst", plan)
		for _, code := range yamlCodes(t, filepath.Join(dir, "errors.yaml")) {
			if _, ok := have[code]; !ok {
				t.Errorf("%s/errors.yaml: %s not in RSTCodes", plan, code)
			}
		}
		for cs, codes := range yamlCaseErrors(t, filepath.Join(dir, "cases.yaml")) {
			for _, code := range codes {
				found := false
				for _, c := range RSTCodes {
					found = found || (c.Code == code && (c.Case == cs || strings.Contains(c.Case, "..")))
				}
				if !found {
					t.Errorf("%s/cases.yaml %s: %s not in RSTCodes for that case", plan, cs, code)
				}
			}
		}
	}
	skip, overrides := yamlPolicies(t)
	sort.Strings(skip)
	got := append([]string(nil), RSTSkipped...)
	sort.Strings(got)
	if diff := cmp.Diff(skip, got); diff != "" {
		t.Errorf("RSTSkipped (-yaml +go):\n%s", diff)
	}
	goOverrides := make(map[string]string, len(rstOverrides))
	for tag, l := range rstOverrides {
		goOverrides[tag] = string(l)
	}
	if diff := cmp.Diff(overrides, goOverrides); diff != "" {
		t.Errorf("rstOverrides (-yaml +go):\n%s", diff)
	}
	for tag, sev := range overrides {
		c, ok := have["ZM_"+tag]
		if !ok {
			t.Errorf("override %s: ZM_%s not in RSTCodes", tag, tag)
			continue
		}
		if c.Severity != Level(sev) {
			t.Errorf("ZM_%s: severity %s in the table, RST overrides to %s", tag, c.Severity, sev)
		}
	}
	src := sourceText(t)
	for _, c := range RSTCodes {
		if c.Check == "" {
			if c.Note == "" {
				t.Errorf("%s: no check and no reason", c.Code)
			}
			continue
		}
		if _, ok := Lookup(c.Check); !ok && !isSectionCheck(c.Check) {
			t.Errorf("%s: check %s unknown", c.Code, c.Check)
		}
		for _, tag := range c.Tags {
			if tag == "ZONE_*" {
				continue
			}
			if !strings.Contains(src, `"`+tag+`"`) {
				t.Errorf("%s: tag %s of %s is produced nowhere", c.Code, tag, c.Check)
			}
		}
	}
	for _, o := range Overlaps {
		if _, ok := Lookup(o.Check); !ok {
			t.Errorf("Overlaps %s: check %s unknown", o.TestCase, o.Check)
		}
		for _, tag := range o.Tags {
			if !strings.Contains(src, `"`+tag+`"`) {
				t.Errorf("Overlaps %s: tag %s of %s is produced nowhere", o.TestCase, tag, o.Check)
			}
		}
	}
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	table := rstTableDoc()
	if !strings.Contains(string(doc), table) {
		if *update {
			updateDocTable(t, string(doc), table)
			return
		}
		t.Errorf("doc.go does not hold the current RST coverage table (go test -run TestRSTCoverage -update)")
	}
}

// sourceText is the non-test Go source of the package except the tables
// (so that a tag counts only when a check produces it).
func sourceText(t *testing.T) string {
	t.Helper()
	files, _ := filepath.Glob("*.go")
	var b strings.Builder
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "rst.go" || f == "zonemaster.go" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

const docTableStart = "// # RST coverage\n"
const docTableEnd = "// # Overlap with Zonemaster\n"

// rstTableDoc renders RSTCodes as the doc.go section.
func rstTableDoc() string {
	var b strings.Builder
	b.WriteString(docTableStart)
	b.WriteString(`//
// Every error code of ICANN's RST v2.0 DNS, DNSSEC, DNSSEC-operations and
// integration plans, and every Zonemaster message RST regrades (severity
// after zonemaster-test-policies.yaml), with the rsep check and finding tags
// that carry it ([Finding.RST]), or why rsep cannot decide it. The table is
// [RSTCodes]; TestRSTCoverage checks it against RST's YAML.
//
`)
	for _, c := range rstCodesSorted() {
		who := "-"
		if c.Check != "" {
			who = c.Check + " " + strings.Join(c.Tags, ",")
			if c.Type != "" {
				who += " (" + c.Type + ")"
			}
		}
		b.WriteString("//	" + c.Case + " " + c.Code + " [" + string(c.Severity) + "]\n")
		b.WriteString("//	    " + who + ": " + c.Note + "\n")
	}
	b.WriteString("//\n")
	return b.String()
}

func updateDocTable(t *testing.T, doc, table string) {
	t.Helper()
	i := strings.Index(doc, docTableStart)
	j := strings.Index(doc, docTableEnd)
	if j < 0 {
		t.Fatal("doc.go has no Overlap section")
	}
	if i < 0 {
		i = j
	}
	out := doc[:i] + table + doc[j:]
	if err := os.WriteFile("doc.go", []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Log("doc.go: RST coverage table rewritten")
}

// TestAddress01Code: DEL04's RST code follows the kind of block.
func TestAddress01Code(t *testing.T) {
	for addr, want := range map[string]string{
		"192.0.2.53": "ZM_A01_DOCUMENTATION_ADDR", "2001:db8::1": "ZM_A01_DOCUMENTATION_ADDR",
		"10.1.2.3": "ZM_A01_LOCAL_USE_ADDR", "127.53.7.1": "ZM_A01_LOCAL_USE_ADDR", "fd00::1": "ZM_A01_LOCAL_USE_ADDR",
		"240.0.0.1": "ZM_A01_ADDR_NOT_GLOBALLY_REACHABLE",
	} {
		p, bad := isSpecial(netip.MustParseAddr(addr))
		if !bad {
			t.Errorf("%s: not special", addr)
			continue
		}
		if got := address01Code(p); got != want {
			t.Errorf("%s (%s): %s, want %s", addr, p, got, want)
		}
	}
}
