//go:build !escrow_openpgp

// Command escrowmake turns an XML deposit into a signed, encrypted RyDE file
// set (ICANN RA Specification 2 Part A §4–§5). This build has no OpenPGP
// support: the module's go.sum does not yet list golang.org/x/crypto, which
// github.com/ProtonMail/go-crypto needs. Build with -tags escrow_openpgp
// once it does.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "escrowmake: built without OpenPGP support; rebuild with -tags escrow_openpgp (needs golang.org/x/crypto in go.sum)")
	os.Exit(2)
}
