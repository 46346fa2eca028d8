// Command escrowcheck reads and verifies a registry data escrow deposit
// (RFC 8909, RFC 9022, ICANN RA Specification 2 Part A §8).
//
//	escrowcheck [-prev FILE...] [-now T] [-json] DEPOSIT
//
// Exit status: 0 verified, 1 findings, 2 usage or I/O error.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/ssrkit/ssr/escrow"
)

func main() {
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: escrowcheck [-prev FILE...] [-now T] [-json] DEPOSIT")
		os.Exit(2)
	}
	rd, c, err := openDeposit(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer c.Close()
	r := escrow.NewReader(rd, &escrow.ReaderOptions{Name: flag.Arg(0)})
	for r.Next() {
	}
	if err := r.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%d objects\n", r.Count())
}
