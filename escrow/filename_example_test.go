package escrow_test

import (
	"fmt"
	"time"

	"github.com/ssrkit/ssr/escrow"
)

func ExampleParseFileName() {
	f, err := escrow.ParseFileName("example_2026-11-22_full_S2_R1.ryde")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.TLD, f.Date.Format(time.DateOnly), f.Type, f.Seq, f.Rev, f.Ext)
	fmt.Println(f.WithExt("sig"))

	_, err = escrow.ParseFileName("example_2026-11-22_incr_S1_R0.ryde")
	fmt.Println(err)
	// Output:
	// example 2026-11-22 full 2 1 ryde
	// example_2026-11-22_full_S2_R1.sig
	// escrow: example_2026-11-22_incr_S1_R0.ryde: file name does not follow the RyDE naming convention: type "incr" is not full, diff or thin (§5.3) (RA Spec 2 Part A §5)
}
