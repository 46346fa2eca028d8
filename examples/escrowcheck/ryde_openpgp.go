package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"

	"github.com/ssrkit/ssr/escrow"
	"github.com/ssrkit/ssr/examples/internal/cli"
)

// Flags for RyDE input (ICANN RA Specification 2 Part A §4, §8).
var (
	keyFile       = cmd.Flags.String("key", "", "escrow agent's OpenPGP secret key `file`, to decrypt .ryde deposits")
	signerFile    = cmd.Flags.String("signer", "", "registry's OpenPGP public key `file`, to verify each piece's .sig")
	insecureNoMDC = cmd.Flags.Bool("insecure-allow-no-mdc", false, "accept .ryde data without integrity protection (no MDC), as Nomulus writes it")
)

// openDeposit opens a deposit file: plain XML, gzip-compressed XML
// (recognised by its magic bytes), or a RyDE set. For a .ryde file, every
// piece of the same deposit in the same directory (other S numbers, same
// TLD, date, type and revision) is opened with it, each verified against
// its .sig with -signer and decrypted with -key before any byte is read.
func openDeposit(path string, rst *escrow.RSTConfig) (io.Reader, io.Closer, error) {
	if strings.HasSuffix(path, ".ryde") {
		return openRyDE(path, rst)
	}
	r, c, err := cli.OpenStream(path, cli.ReadOptions{Gunzip: true, Text: true})
	if err != nil {
		return nil, nil, inputError{err}
	}
	return r, c, nil
}

// inputError marks an error about an input the program cannot use (a key
// or signature file that cannot be read or parsed, a deposit that is not
// XML): exit 2, not a finding about the deposit.
type inputError struct{ error }

func (e inputError) Unwrap() error { return e.error }

// readKeys reads an OpenPGP key file within escrow.MaxKeyRingBytes.
func readKeys(flagName, path string) (openpgp.EntityList, error) {
	b, err := cli.ReadFile(path, cli.ReadOptions{Max: escrow.MaxKeyRingBytes, MaxName: "escrow.MaxKeyRingBytes"})
	if err != nil {
		return nil, inputError{fmt.Errorf("%s %w", flagName, err)}
	}
	el, err := escrow.ReadKeyRing(bytes.NewReader(b))
	if err != nil {
		return nil, inputError{fmt.Errorf("%s %s: %s", flagName, path, strings.TrimPrefix(err.Error(), "escrow: "))}
	}
	if len(el) == 0 {
		return nil, inputError{fmt.Errorf("%s %s: no OpenPGP key (RFC 9580 §10.1)", flagName, path)}
	}
	return el, nil
}

func openRyDE(path string, rst *escrow.RSTConfig) (io.Reader, io.Closer, error) {
	if *keyFile == "" || *signerFile == "" {
		return nil, nil, inputError{errors.New("a .ryde deposit needs -key (agent secret key) and -signer (registry public key)")}
	}
	fn, err := escrow.ParseFileName(filepath.Base(path))
	if err != nil {
		return nil, nil, err
	}
	// All pieces of this deposit: same name but the S number.
	pattern := filepath.Join(filepath.Dir(path), fmt.Sprintf("%s_%s_%s_S*_R%d.ryde", fn.TLD, fn.Date.Format("2006-01-02"), fn.Type, fn.Rev))
	paths, err := filepath.Glob(pattern)
	if err != nil || len(paths) == 0 {
		paths = []string{path}
	}
	keys, err := readKeys("-key", *keyFile)
	if err != nil {
		return nil, nil, err
	}
	signers, err := readKeys("-signer", *signerFile)
	if err != nil {
		return nil, nil, err
	}
	cfg := &escrow.RyDEConfig{InsecureAllowUnauthenticatedDeposit: *insecureNoMDC}
	if rst != nil {
		cfg.ExpectType, cfg.ExpectTLDs = "full", rst.TLDs // RST rde-01
	}
	progressf("verifying and decrypting %d RyDE piece(s)", len(paths))
	var rc io.ReadCloser
	var info *escrow.RyDEInfo
	if *sigFile != "" {
		// One piece with its signature named apart, as RST's
		// rde.depositFile and rde.signatureFile are.
		if len(paths) != 1 {
			return nil, nil, inputError{fmt.Errorf("-sig names one signature, the deposit has %d pieces", len(paths))}
		}
		rc, info, err = openOnePiece(path, *sigFile, keys, signers, cfg)
	} else {
		rc, info, err = escrow.OpenRyDEFiles(context.Background(), paths, keys, signers, cfg)
	}
	if err != nil {
		return nil, nil, err
	}
	progressf("%d piece(s) signed by %s (%s); %s %s, %s compression; member %s (%d bytes)",
		len(info.Pieces), info.Signers[0], info.SignatureHash[0], info.Encryption, info.Cipher, info.Compression, info.Member, info.MemberSize)
	if !info.MemberNamed {
		cmd.Printf("note: tar member %s is not named %s (RA Spec 2 Part A §4(1))", info.Member, info.Name.WithExt("xml"))
	}
	if !info.Integrity {
		cmd.Printf("WARNING: the encrypted data has no integrity protection (no MDC)")
	}
	return rc, rc, nil
}

// openOnePiece opens a single-piece RyDE deposit whose detached signature
// (binary or ASCII-armoured) is in sigPath.
func openOnePiece(path, sigPath string, keys, signers openpgp.EntityList, cfg *escrow.RyDEConfig) (io.ReadCloser, *escrow.RyDEInfo, error) {
	sig, err := cli.ReadFile(sigPath, cli.ReadOptions{Max: escrow.MaxSignatureBytes, MaxName: "escrow.MaxSignatureBytes"})
	if err != nil {
		return nil, nil, inputError{fmt.Errorf("-sig %w", err)}
	}
	if err := checkSignature(sig); err != nil {
		return nil, nil, inputError{fmt.Errorf("-sig %s: %v", sigPath, err)}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, inputError{&cli.PathError{Path: path, Err: unwrapPath(err)}}
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	rc, info, err := escrow.OpenRyDE(context.Background(), []escrow.Piece{{Name: filepath.Base(path), Data: f, Size: st.Size(), Signature: sig}}, keys, signers, cfg)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return &closeBoth{rc, f}, info, nil
}

type closeBoth struct {
	io.ReadCloser
	f *os.File
}

func (c *closeBoth) Close() error {
	err := c.ReadCloser.Close()
	c.f.Close()
	return err
}

// checkSignature checks that b is one OpenPGP signature packet (RFC 9580
// §5.2), binary or ASCII-armoured (§6.2): a file that is not one is
// unusable input (exit 2), while a signature that does not verify is a
// finding about the deposit (RDE_INVALID_SIGNATURE, exit 1).
func checkSignature(b []byte) error {
	var r io.Reader = bytes.NewReader(b)
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("-----BEGIN PGP")) {
		blk, err := armor.Decode(r)
		if err != nil {
			return fmt.Errorf("not an ASCII-armoured OpenPGP signature (RFC 9580 §6.2): %v", err)
		}
		r = blk.Body
	}
	p, err := packet.Read(r)
	if err != nil {
		return fmt.Errorf("not an OpenPGP signature (RFC 9580 §5.2): %v", err)
	}
	if _, ok := p.(*packet.Signature); !ok {
		return fmt.Errorf("not an OpenPGP signature (RFC 9580 §5.2): a %T packet", p)
	}
	return nil
}
