// Package ssr_test holds module-wide tests. The module's public packages are
// its folders; see README.md.
package ssr_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/ssrkit/ssr"

// budget is the module's dependency table, kept here and nowhere else (no
// document repeats it; go.mod lists the modules themselves): the
// non-standard-library module paths (and sibling packages) each public
// package may depend on, directly or indirectly. Own internal/ packages are always allowed; an allowed
// sibling brings its internal/ packages along (the go command already refuses
// a direct import of another package's internal/).
var budget = map[string][]string{
	"dnssec":      {"github.com/miekg/dns", "github.com/cloudflare/circl", "golang.org/x/"},
	"trustanchor": {"github.com/miekg/dns", "github.com/cloudflare/circl", "golang.org/x/", module + "/dnssec"},
	"idn":         {"golang.org/x/net", "golang.org/x/text"},
	"escrow":      {"github.com/ProtonMail/go-crypto", "github.com/cloudflare/circl", "golang.org/x/crypto", "golang.org/x/sys"},
	"rsep": {"github.com/miekg/dns", "github.com/cloudflare/circl", "golang.org/x/", "github.com/ProtonMail/go-crypto",
		module + "/dnssec", module + "/trustanchor", module + "/idn", module + "/escrow"},
}

// indirectOK lists modules that approved dependencies themselves pull in;
// they are allowed only for the packages whose budget contains the parent.
var indirectOK = map[string]string{
	"golang.org/x/sys":    "github.com/cloudflare/circl",
	"golang.org/x/crypto": "github.com/ProtonMail/go-crypto",
}

type listed struct {
	ImportPath string
	Standard   bool
	Module     *struct{ Path string }
}

func allowed(pkg, dep string) bool {
	if dep == module+"/"+pkg || strings.HasPrefix(dep, module+"/"+pkg+"/") {
		return true // itself and its own subpackages (internal/ included)
	}
	for _, a := range budget[pkg] {
		if dep == a || strings.HasPrefix(dep, strings.TrimSuffix(a, "/")+"/") || (strings.HasSuffix(a, "/") && strings.HasPrefix(dep, a)) {
			return true
		}
	}
	for d, parent := range indirectOK {
		if dep == d || strings.HasPrefix(dep, d+"/") {
			for _, a := range budget[pkg] {
				if a == parent {
					return true
				}
			}
		}
	}
	return false
}

// TestDependencyBudget enforces the budget table above with
// `go list -deps`: a stray import anywhere under a public package fails CI.
func TestDependencyBudget(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found")
	}
	for pkg := range budget {
		t.Run(pkg, func(t *testing.T) {
			cmd := exec.Command("go", "list", "-deps", "-json=ImportPath,Standard,Module", "./"+pkg+"/...")
			out, err := cmd.Output()
			if err != nil {
				if ee, ok := err.(*exec.ExitError); ok && strings.Contains(string(ee.Stderr), "matched no packages") {
					t.Skipf("%s has no packages yet", pkg)
				}
				t.Fatalf("go list: %v", err)
			}
			dec := json.NewDecoder(strings.NewReader(string(out)))
			for {
				var p listed
				if err := dec.Decode(&p); err == io.EOF {
					break
				} else if err != nil {
					t.Fatal(err)
				}
				if p.Standard || strings.HasPrefix(p.ImportPath, "vendor/") {
					continue
				}
				if !allowed(pkg, p.ImportPath) {
					t.Errorf("%s depends on %s, outside its budget %v (budget_test.go, budget)", pkg, p.ImportPath, budget[pkg])
				}
			}
		})
	}
}

// TestBudgetRule checks the rule itself, so the test above cannot pass vacuously.
func TestBudgetRule(t *testing.T) {
	cases := []struct {
		pkg, dep string
		want     bool
	}{
		{"escrow", "github.com/miekg/dns", false},
		{"escrow", "github.com/ProtonMail/go-crypto/openpgp", true},
		{"escrow", module + "/dnssec", false},
		{"idn", "golang.org/x/net/idna", true},
		{"idn", "github.com/miekg/dns", false},
		{"dnssec", module + "/trustanchor", false},
		{"dnssec", "github.com/cloudflare/circl/sign/ed448", true},
		{"trustanchor", module + "/dnssec", true},
		{"trustanchor", module + "/dnssec/internal/x", true},
		{"trustanchor", module + "/idn/internal/x", false},
		{"trustanchor", module + "/trustanchor/internal/x", true},
		{"rsep", module + "/idn", true},
		{"idn", module + "/escrow", false},
	}
	for _, c := range cases {
		if got := allowed(c.pkg, c.dep); got != c.want {
			t.Errorf("allowed(%q, %q) = %v, want %v", c.pkg, c.dep, got, c.want)
		}
	}
}
