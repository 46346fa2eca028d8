package escrow_test

import (
	"fmt"
	"strings"

	"github.com/ssrkit/ssr/escrow"
)

func ExampleReadIIRDEAResponse() {
	// ICANN's answer to a report; a rejection may come with HTTP status 200.
	body := `<?xml version="1.0" encoding="UTF-8"?>
<response xmlns="urn:ietf:params:xml:ns:iirdea-1.0">
  <result code="2205"><msg>Differential deposit without a previous full deposit</msg></result>
</response>`
	res, err := escrow.ReadIIRDEAResponse(strings.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.OK(), res.Code, escrow.IIRDEACodeText(res.Code))
	// Output:
	// false 2205 DIFF reported before any FULL
}
