//go:build !escrow_openpgp

package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Flags for RyDE input (ICANN RA Specification 2 Part A §4). This build has
// no OpenPGP support (golang.org/x/crypto is not yet in go.sum); the real
// implementation is in ryde_openpgp.go, built with -tags escrow_openpgp.
var (
	keyFile    = flag.String("key", "", "OpenPGP secret key `file` to decrypt .ryde deposits")
	signerFile = flag.String("signer", "", "OpenPGP public key `file` of the depositor, to verify the .sig")
)

// openDeposit opens a deposit file: plain XML, or gzip-compressed XML
// (recognised by its magic bytes). RyDE files are not supported yet.
func openDeposit(path string) (io.Reader, io.Closer, error) {
	if strings.HasSuffix(path, ".ryde") {
		return nil, nil, fmt.Errorf("escrowcheck: cannot open %s (-key %q, -signer %q): RyDE files need OpenPGP support: rebuild with -tags escrow_openpgp", path, *keyFile, *signerFile)
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
