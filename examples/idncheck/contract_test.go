package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/ssrkit/ssr/examples/internal/cli/clitest"
)

// TestContract runs the built program: -h, the bad inputs in -lgr and
// -rst, a 10 MB line on standard input, flags after labels, and the -json
// golden files.
func TestContract(t *testing.T) {
	bin := clitest.Build(t)
	t.Run("help", func(t *testing.T) { clitest.CheckHelp(t, bin) })
	t.Run("bad", func(t *testing.T) {
		clitest.CheckBadInputs(t, bin, "../../trustanchor/testdata/testroot-zonemd.zone", map[string]func(string) []string{
			"lgr": func(p string) []string { return []string{"-lgr", p, "abc"} },
			"rst": func(p string) []string { return []string{"-json", "-rst", p} },
		})
	})
	t.Run("stdin-long-line", func(t *testing.T) {
		r := clitest.Run(t, bin, "abc\n"+strings.Repeat("x", 10<<20)+"\n")
		clitest.CheckOneLine(t, r, "standard input line 2", nil)
	})
	t.Run("flags-after-labels", func(t *testing.T) {
		r := clitest.Run(t, bin, "", "ѕһор", "-tld", "-existing", "shop", "--", "-x")
		if r.Code != 1 || !strings.Contains(r.Stdout, "INVALID\tѕһор") || !strings.Contains(r.Stdout, "INVALID\t-x") || !strings.Contains(r.Stdout, "# 2 labels: 0 ok, 2 invalid") {
			t.Errorf("exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
		}
	})
	t.Run("golden", func(t *testing.T) {
		for _, g := range []struct {
			file  string
			code  int
			stdin string
			args  []string
		}{
			{"labels.json", 1, "bücher\n# comment\na·b\nXN--BCHER-KVA\n", []string{"-json", "-"}},
			{"tld.json", 1, "", []string{"-tld", "-json", "-lgr", "rz", "中國", "пример"}},
			{"variant-of.json", 1, "", []string{"-json", "-lgr", "fvs:es", "-variant-of", "airl·lpack", "airl-lpack", "xyz"}},
			{"rst.json", 0, "", []string{"-json", "-rst", "../../idn/testdata/rst-idn/und-Khmr.json"}},
		} {
			r := clitest.Run(t, bin, g.stdin, g.args...)
			if r.Code != g.code {
				t.Fatalf("%s: exit %d: %s", g.file, r.Code, r.Stderr)
			}
			clitest.Golden(t, g.file, []byte(r.Stdout))
		}
	})
}

// TestStdinFiles: "-" as -rst or -lgr reads standard input.
func TestStdinFiles(t *testing.T) {
	defer func() { *rstFile, *lgrFile = "", "" }()
	req, err := os.ReadFile("../../idn/testdata/rst-idn/und-Khmr.json")
	if err != nil {
		t.Fatal(err)
	}
	*rstFile = "-"
	var out, errb bytes.Buffer
	if code := run(nil, bytes.NewReader(req), &out, &errb); code != 0 {
		t.Errorf("-rst -: exit %d: %s", code, errb.String())
	}
	*rstFile, *lgrFile = "", "-"
	if code := run(nil, strings.NewReader("<lgr/>"), &out, &errb); code != 2 || !strings.Contains(errb.String(), "give the labels as arguments") {
		t.Errorf("-lgr - without labels: exit %d: %s", code, errb.String())
	}
}
