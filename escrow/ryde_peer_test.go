package escrow

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"

	"github.com/ssrkit/ssr/escrow/internal/peer"
)

// gpgEnv is a throw-away GnuPG home with an escrow agent key (RSA-2048
// signing primary + RSA-2048 encryption subkey) and a registry key
// (RSA-2048 signing), both v4.
type gpgEnv struct {
	t                *testing.T
	gpg, home, dir   string
	agentFPR, regFPR string
	agentSec, regPub openpgp.EntityList
	agentPub, regSec openpgp.EntityList
	gpgVersion       string
}

func (g *gpgEnv) run(args ...string) []byte {
	g.t.Helper()
	out, err := g.try(args...)
	if err != nil {
		g.t.Fatalf("gpg %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func (g *gpgEnv) try(args ...string) ([]byte, error) {
	all := append([]string{"--homedir", g.home, "--batch", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", ""}, args...)
	cmd := exec.Command(g.gpg, all...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		return append(stdout.Bytes(), stderr.Bytes()...), err
	}
	return stdout.Bytes(), nil
}

func (g *gpgEnv) fpr(uid string) string {
	for _, line := range strings.Split(string(g.run("--with-colons", "--list-keys", uid)), "\n") {
		if f := strings.Split(line, ":"); len(f) > 9 && f[0] == "fpr" {
			return f[9]
		}
	}
	g.t.Fatalf("no fingerprint for %s", uid)
	return ""
}

func (g *gpgEnv) keys(args ...string) openpgp.EntityList {
	el, err := ReadKeyRing(bytes.NewReader(g.run(args...)))
	if err != nil {
		g.t.Fatal(err)
	}
	return el
}

func newGPGEnv(t *testing.T) *gpgEnv {
	gpg := peer.Need(t, "gpg")
	home, err := os.MkdirTemp("", "ssr-gnupg-") // short path: gpg-agent sockets have a length limit
	if err != nil {
		t.Fatal(err)
	}
	g := &gpgEnv{t: t, gpg: gpg, home: home, dir: t.TempDir()}
	t.Cleanup(func() {
		exec.Command("gpgconf", "--homedir", home, "--kill", "all").Run()
		os.RemoveAll(home)
	})
	os.Chmod(home, 0o700)
	g.gpgVersion = strings.SplitN(string(g.run("--version")), "\n", 2)[0]
	g.run("--quick-gen-key", "Escrow Agent <agent@example.test>", "rsa2048", "sign,cert", "never")
	g.agentFPR = g.fpr("agent@example.test")
	g.run("--quick-add-key", g.agentFPR, "rsa2048", "encr", "never")
	g.run("--quick-gen-key", "Registry <registry@example.test>", "rsa2048", "sign,cert", "never")
	g.regFPR = g.fpr("registry@example.test")
	g.agentSec = g.keys("--export-secret-keys", g.agentFPR)
	g.agentPub = g.keys("--export", g.agentFPR)
	g.regSec = g.keys("--export-secret-keys", g.regFPR)
	g.regPub = g.keys("--export", g.regFPR)
	t.Logf("%s; agent %s, registry %s", g.gpgVersion, g.agentFPR, g.regFPR)
	return g
}

func (g *gpgEnv) path(name string) string { return filepath.Join(g.dir, name) }

// tarOf makes the tarball of RA Spec 2 Part A §4(2) with the system tar
// when there is one (GNU format), else with archive/tar.
func (g *gpgEnv) tarOf(member string, dep []byte) string {
	g.t.Helper()
	if err := os.WriteFile(g.path(member), dep, 0o600); err != nil {
		g.t.Fatal(err)
	}
	tarPath := g.path(strings.TrimSuffix(member, ".xml") + ".tar")
	if tarBin, err := exec.LookPath("tar"); err == nil {
		if out, err := exec.Command(tarBin, "-C", g.dir, "-cf", tarPath, member).CombinedOutput(); err != nil {
			g.t.Fatalf("tar: %v\n%s", err, out)
		}
		return tarPath
	}
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: member, Size: int64(len(dep)), Mode: 0o600})
	tw.Write(dep)
	tw.Close()
	if err := os.WriteFile(tarPath, b.Bytes(), 0o600); err != nil {
		g.t.Fatal(err)
	}
	return tarPath
}

// TestRyDEPeerGPGToGo: GnuPG encrypts (ZIP, AES-128, RFC 4880 SEIPD with MDC)
// and signs each piece; OpenRyDEFiles opens the set.
func TestRyDEPeerGPGToGo(t *testing.T) {
	g := newGPGEnv(t)
	dep := rydeDeposit(300 << 10)
	base := "example_2026-11-22_full_S1_R0"
	tarPath := g.tarOf(base+".xml", dep)
	whole := g.path("whole.ryde")
	g.run("--trust-model", "always", "-r", g.agentFPR, "--compress-algo", "zip", "--cipher-algo", "AES128", "-o", whole, "--encrypt", tarPath)

	ct, err := os.ReadFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	// One piece, and the same ciphertext split in three (RA Spec 2 Part A §4(4)).
	for _, n := range []int{1, 3} {
		var paths []string
		size := (len(ct) + n - 1) / n
		for i := 0; i < n; i++ {
			piece := ct[i*size : min((i+1)*size, len(ct))]
			p := g.path(strings.Replace(base, "_S1_", "_S"+string(rune('1'+i))+"_", 1) + ".ryde")
			if err := os.WriteFile(p, piece, 0o600); err != nil {
				t.Fatal(err)
			}
			g.run("-u", g.regFPR, "--digest-algo", "SHA256", "-o", strings.TrimSuffix(p, ".ryde")+".sig", "--yes", "--detach-sign", p)
			paths = append(paths, p)
		}
		rc, info, err := OpenRyDEFiles(context.Background(), paths, g.agentSec, g.regPub, nil)
		if err != nil {
			t.Fatalf("%d pieces: %v", n, err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%d pieces: %v", n, err)
		}
		if !bytes.Equal(got, dep) {
			t.Fatalf("%d pieces: deposit differs (%d bytes, want %d)", n, len(got), len(dep))
		}
		if info.Encryption != "SEIPDv1" || info.Cipher != "AES128" || info.Compression != "ZIP" || len(info.Pieces) != n ||
			info.SignatureHash[0] != "SHA256" || info.Signers[0] != g.regFPR {
			t.Errorf("%d pieces: info %+v", n, info)
		}
		// A gpg signature by the wrong key is refused.
		if n == 1 {
			g.run("-u", g.agentFPR, "-o", strings.TrimSuffix(paths[0], ".ryde")+".sig", "--yes", "--detach-sign", paths[0])
			_, _, err := OpenRyDEFiles(context.Background(), paths, g.agentSec, g.regPub, nil)
			if !errors.Is(err, ErrUnknownSigner) {
				t.Errorf("signed by the agent key: %v, want ErrUnknownSigner", err)
			}
		}
		for _, p := range paths {
			os.Remove(p)
			os.Remove(strings.TrimSuffix(p, ".ryde") + ".sig")
		}
	}
}

// TestRyDEPeerGoToGPG: WriteRyDE produces a split set; gpg --verify accepts
// every piece and gpg --decrypt the joined pieces, with ZIP compression.
func TestRyDEPeerGoToGPG(t *testing.T) {
	g := newGPGEnv(t)
	dep := rydeDeposit(300 << 10)
	res, err := WriteRyDE(context.Background(), rydeName, bytes.NewReader(dep), int64(len(dep)), &RyDEWriteConfig{
		Recipients: g.agentPub,
		Signer:     g.regSec[0],
		Create:     CreateInDir(g.dir),
		SplitSize:  64 << 10,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pieces) < 2 {
		t.Fatalf("want a split set, have %d pieces", len(res.Pieces))
	}
	var joined bytes.Buffer
	for i, p := range res.Pieces {
		out := g.run("--status-fd", "1", "--verify", g.path(res.Signatures[i]), g.path(p))
		if !bytes.Contains(out, []byte("[GNUPG:] GOODSIG")) || !bytes.Contains(out, []byte("[GNUPG:] VALIDSIG "+g.regFPR)) {
			t.Errorf("gpg --verify %s: no GOODSIG/VALIDSIG by the registry key:\n%s", p, out)
		}
		b, err := os.ReadFile(g.path(p))
		if err != nil {
			t.Fatal(err)
		}
		joined.Write(b)
	}
	jp := g.path("joined.ryde")
	if err := os.WriteFile(jp, joined.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	packets := string(g.run("--list-packets", jp))
	if !strings.Contains(packets, "compressed packet: algo=1") {
		t.Errorf("gpg --list-packets shows no ZIP (algo=1) compressed packet:\n%s", packets)
	}
	if !strings.Contains(packets, "mdc_method: 2") {
		t.Errorf("gpg --list-packets shows no MDC (SEIPD v1):\n%s", packets)
	}
	tarPath := g.path("out.tar")
	out := g.run("--status-fd", "1", "-o", tarPath, "--decrypt", jp)
	if !bytes.Contains(out, []byte("[GNUPG:] DECRYPTION_OKAY")) || !bytes.Contains(out, []byte("[GNUPG:] GOODMDC")) {
		t.Errorf("gpg --decrypt: no DECRYPTION_OKAY/GOODMDC:\n%s", out)
	}
	tb, err := os.ReadFile(tarPath)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(bytes.NewReader(tb))
	h, err := tr.Next()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(tr)
	if h.Name != res.Member || !bytes.Equal(got, dep) {
		t.Errorf("gpg-decrypted tar member %q (%d bytes), want %q (%d bytes)", h.Name, len(got), res.Member, len(dep))
	}
	if tarBin, err := exec.LookPath("tar"); err == nil {
		if out, err := exec.Command(tarBin, "-tvf", tarPath).CombinedOutput(); err != nil {
			t.Errorf("tar -tvf: %v\n%s", err, out)
		}
	}
}

// TestRyDEPeerNoMDC: gpg --rfc2440 writes a Symmetrically Encrypted Data
// packet without MDC (what Nomulus produces); it is refused unless the
// insecure option is set.
func TestRyDEPeerNoMDC(t *testing.T) {
	g := newGPGEnv(t)
	dep := rydeDeposit(20 << 10)
	base := "example_2026-11-22_full_S1_R0"
	tarPath := g.tarOf(base+".xml", dep)
	p := g.path(base + ".ryde")
	g.run("--rfc2440", "--trust-model", "always", "-r", g.agentFPR, "--compress-algo", "zip", "--cipher-algo", "AES128", "-o", p, "--encrypt", tarPath)
	g.run("-u", g.regFPR, "-o", g.path(base+".sig"), "--detach-sign", p)
	// gpg itself refuses to list past the unprotected packet ("decryption
	// forced to fail"), so only the packet tag is checked here.
	packets, _ := g.try("--list-packets", p)
	if !bytes.Contains(packets, []byte("tag=9 ")) {
		t.Fatalf("gpg --rfc2440 (%s) did not write a tag 9 packet:\n%s", g.gpgVersion, packets)
	}
	_, _, err := OpenRyDEFiles(context.Background(), []string{p}, g.agentSec, g.regPub, nil)
	if !errors.Is(err, ErrNoIntegrity) {
		t.Fatalf("error %v, want ErrNoIntegrity", err)
	}
	rc, info, err := OpenRyDEFiles(context.Background(), []string{p}, g.agentSec, g.regPub, &RyDEConfig{InsecureAllowUnauthenticatedDeposit: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, dep) || info.Integrity {
		t.Errorf("insecure open: %v, %d bytes, integrity %v", err, len(got), info.Integrity)
	}
}
