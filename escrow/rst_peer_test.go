package escrow

import (
	"context"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestRyDEPeerArmouredSignatureAndRecipients: `gpg --armor --detach-sign`
// signatures (RST's rde.signatureFile form) verify, and a RyDE file that
// gpg encrypted to two keys lists both encryption key IDs without any
// secret key (RyDERecipients), as `gpg --list-packets` reports them.
func TestRyDEPeerArmouredSignatureAndRecipients(t *testing.T) {
	g := newGPGEnv(t)
	// A second agent key, e.g. the escrow agent's and RST's.
	g.run("--quick-gen-key", "Second Agent <agent2@example.test>", "rsa2048", "sign,cert", "never")
	fpr2 := g.fpr("agent2@example.test")
	g.run("--quick-add-key", fpr2, "rsa2048", "encr", "never")

	base := "example_2026-11-22_full_S1_R0"
	tarPath := g.tarOf(base+".xml", []byte(rstBase))
	ryde := g.path(base + ".ryde")
	g.run("--trust-model", "always", "-r", g.agentFPR, "-r", fpr2, "--compress-algo", "zip", "--cipher-algo", "AES128", "-o", ryde, "--encrypt", tarPath)
	sig := g.path(base + ".sig")
	g.run("-u", g.regFPR, "--digest-algo", "SHA256", "--armor", "-o", sig, "--detach-sign", ryde)
	if b, _ := os.ReadFile(sig); !strings.HasPrefix(string(b), "-----BEGIN PGP SIGNATURE-----") {
		t.Fatalf("gpg --armor did not armour: %.40q", b)
	}

	rc, info, err := OpenRyDEFiles(context.Background(), []string{ryde}, g.agentSec, g.regPub,
		&RyDEConfig{ExpectType: "full", ExpectTLDs: []string{"example"}})
	if err != nil {
		t.Fatalf("armoured gpg signature: %v", err)
	}
	dep, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || string(dep) != rstBase || info.Signers[0] != g.regFPR {
		t.Fatalf("deposit not recovered (%v), signer %v", err, info.Signers)
	}

	f, err := os.Open(ryde)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ids, err := RyDERecipients(f)
	if err != nil {
		t.Fatal(err)
	}
	// What gpg itself says, without secret keys either.
	var want []string
	for _, l := range strings.Split(string(g.run("--list-packets", "--list-only", ryde)), "\n") {
		if i := strings.Index(l, "keyid "); i >= 0 && strings.Contains(l, "pubkey enc packet") {
			want = append(want, strings.ToUpper(strings.Fields(l[i+6:])[0]))
		}
	}
	// And from the public keys: the encryption subkeys of both agents.
	var subkeys []string
	for _, uid := range []string{g.agentFPR, fpr2} {
		el := g.keys("--export", uid)
		for _, sk := range el[0].Subkeys {
			subkeys = append(subkeys, strings.ToUpper(sk.PublicKey.KeyIdString()))
		}
	}
	slices.Sort(ids)
	slices.Sort(want)
	slices.Sort(subkeys)
	if len(ids) != 2 || !slices.Equal(ids, want) || !slices.Equal(ids, subkeys) {
		t.Fatalf("recipients %v; gpg --list-packets %v; agents' subkeys %v", ids, want, subkeys)
	}
	// gpg --armor --encrypt to the same two keys.
	asc := g.path("armoured.asc")
	g.run("--trust-model", "always", "-r", g.agentFPR, "-r", fpr2, "--armor", "-o", asc, "--encrypt", tarPath)
	fa, err := os.Open(asc)
	if err != nil {
		t.Fatal(err)
	}
	defer fa.Close()
	ids2, err := RyDERecipients(fa)
	slices.Sort(ids2)
	if err != nil || !slices.Equal(ids2, ids) {
		t.Fatalf("armoured: %v %v, want %v", ids2, err, ids)
	}
}
