package rsepjson

import (
	"encoding/json"
	"testing"

	"github.com/ssrkit/ssr/rsep"
)

func TestFromFinding(t *testing.T) {
	f := rsep.Finding{Check: "SEC09", Tag: "NO_ANCHOR", Severity: rsep.Failure, Effect: rsep.SecurityA,
		Authority: "-", RST: "dnssec-92/DNSSEC_DS_SHA1_DEPRECATED", Message: "no trust anchors (Target.Anchors)", Waived: "lab"}
	j := FromFinding(f)
	if j.Clause != "" || j.RSTCase != "dnssec-92" || j.RSTCode != "DNSSEC_DS_SHA1_DEPRECATED" || j.Severity != "error" ||
		j.Effect != "security-a" || j.Message != "no trust anchors (-anchor)" {
		t.Errorf("%+v", j)
	}
	if k, s := TallyKey(f); k != "SEC09" || s != "error (waived)" {
		t.Errorf("TallyKey = %q %q", k, s)
	}
	b, _ := json.Marshal(Findings(nil))
	if string(b) != "[]" {
		t.Errorf("Findings(nil) = %s", b)
	}
}
