package escrow

import "testing"

// TestRSTValidatorsEdges: label and atom boundaries of validHostName and
// validEmail (RFC 1123 §2.1, RFC 5322 §3.4.1).
func TestRSTValidatorsEdges(t *testing.T) {
	hosts := map[string]bool{"a": true, "a.b": true, "xn--bcher-kva.example": true, "A-1.EXAMPLE": true,
		"": false, ".": false, "a.": false, ".a": false, "a..b": false, "-a.b": false, "a-.b": false, "ab--c.d": false, "a_b.c": false}
	for h, want := range hosts {
		if got := validHostName(h); got != want {
			t.Errorf("validHostName(%q) = %v, want %v", h, got, want)
		}
	}
	mails := map[string]bool{"a@b": true, "a.b@c.d": true, "\"a b\"@c": true, "a@[192.0.2.1]": true, "ü@b.example": true,
		"a.@b": false, ".a@b": false, "a..b@c": false, "a@b.": false, "a@": false, "@b": false, "a b@c": false, "a@b..c": false}
	for m, want := range mails {
		if got := validEmail(m); got != want {
			t.Errorf("validEmail(%q) = %v, want %v", m, got, want)
		}
	}
}

// TestRSTIDNTagsCaseInsensitive: the TLD's IDN table tags of the test
// request match <rdeIDN:idnTableRef id> without regard to case (RFC 5646
// §2.1.1), so "JA" or "Ja" in the request is the deposit's "ja".
func TestRSTIDNTagsCaseInsensitive(t *testing.T) {
	for _, tag := range []string{"ja", "JA", "Ja"} {
		ro := rstBaseOptions()
		ro.IDNTables = []string{tag}
		rep := rstVerify(t, rstBase, ro, nil)
		for _, f := range rep.Findings {
			t.Errorf("IDN table %q: %v", tag, f)
		}
	}
}
