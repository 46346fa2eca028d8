package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp"

	"github.com/ssrkit/ssr/escrow"
)

// Flags for RyDE input (ICANN RA Specification 2 Part A §4, §8).
var (
	keyFile       = flag.String("key", "", "escrow agent's OpenPGP secret key `file`, to decrypt .ryde deposits")
	signerFile    = flag.String("signer", "", "registry's OpenPGP public key `file`, to verify each piece's .sig")
	insecureNoMDC = flag.Bool("insecure-allow-no-mdc", false, "accept .ryde data without integrity protection (no MDC), as Nomulus writes it")
)

// openDeposit opens a deposit file: plain XML, gzip-compressed XML
// (recognised by its magic bytes), or a RyDE set. For a .ryde file, every
// piece of the same deposit in the same directory (other S numbers, same
// TLD, date, type and revision) is opened with it, each verified against
// its .sig with -signer and decrypted with -key before any byte is read.
func openDeposit(path string, rst *escrow.RSTOptions) (io.Reader, io.Closer, error) {
	if strings.HasSuffix(path, ".ryde") {
		return openRyDE(path, rst)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(f, 1<<20)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		return zr, f, nil
	}
	return br, f, nil
}

func openRyDE(path string, rst *escrow.RSTOptions) (io.Reader, io.Closer, error) {
	if *keyFile == "" || *signerFile == "" {
		return nil, nil, errors.New("escrowcheck: a .ryde deposit needs -key (agent secret key) and -signer (registry public key)")
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
	keys, err := escrow.ReadKeyRingFile(*keyFile)
	if err != nil {
		return nil, nil, err
	}
	signers, err := escrow.ReadKeyRingFile(*signerFile)
	if err != nil {
		return nil, nil, err
	}
	cfg := &escrow.RyDEConfig{InsecureAllowUnauthenticatedDeposit: *insecureNoMDC}
	if rst != nil {
		cfg.ExpectType, cfg.ExpectTLDs = "full", rst.TLDs // RST rde-01
	}
	fmt.Fprintf(os.Stderr, "escrowcheck: verifying and decrypting %d RyDE piece(s)\n", len(paths))
	var rc io.ReadCloser
	var info *escrow.RyDEInfo
	if *sigFile != "" {
		// One piece with its signature named apart, as RST's
		// rde.depositFile and rde.signatureFile are.
		if len(paths) != 1 {
			return nil, nil, fmt.Errorf("escrowcheck: -sig names one signature, the deposit has %d pieces", len(paths))
		}
		rc, info, err = openOnePiece(path, *sigFile, keys, signers, cfg)
	} else {
		rc, info, err = escrow.OpenRyDEFiles(context.Background(), paths, keys, signers, cfg)
	}
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(os.Stderr, "escrowcheck: %d piece(s) signed by %s (%s); %s %s, %s compression; member %s (%d bytes)\n",
		len(info.Pieces), info.Signers[0], info.SignatureHash[0], info.Encryption, info.Cipher, info.Compression, info.Member, info.MemberSize)
	if !info.MemberNamed {
		fmt.Fprintf(os.Stderr, "escrowcheck: note: tar member %s is not named %s (RA Spec 2 Part A §4(1))\n", info.Member, info.Name.WithExt("xml"))
	}
	if !info.Integrity {
		fmt.Fprintln(os.Stderr, "escrowcheck: WARNING: the encrypted data has no integrity protection (no MDC)")
	}
	return rc, rc, nil
}

// openOnePiece opens a single-piece RyDE deposit whose detached signature
// (binary or ASCII-armoured) is in sigPath.
func openOnePiece(path, sigPath string, keys, signers openpgp.EntityList, cfg *escrow.RyDEConfig) (io.ReadCloser, *escrow.RyDEInfo, error) {
	sig, err := readCapped(sigPath, escrow.MaxSignatureBytes, "escrow.MaxSignatureBytes")
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
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
