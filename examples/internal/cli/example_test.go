package cli_test

import (
	"fmt"
	"os"

	"github.com/ssrkit/ssr/examples/internal/cli"
)

func ExampleParseTime() {
	for _, s := range []string{"2026-01-31", "20260131120000", "2026-01-31T13:00:00+01:00"} {
		t, _ := cli.ParseTime(s)
		fmt.Println(t.Format("2006-01-02 15:04:05 MST"))
	}
	_, err := cli.ParseTime("yesterday")
	fmt.Println(err)
	// Output:
	// 2026-01-31 00:00:00 UTC
	// 2026-01-31 12:00:00 UTC
	// 2026-01-31 12:00:00 UTC
	// "yesterday" is not a time; use 2026-01-31T12:00:00Z (RFC 3339), 2026-01-31 or 20260131120000 (UTC)
}

func ExampleCommand_Parse() {
	c := cli.New("idncheck", os.Stdout, os.Stdout)
	existing := c.Flags.String("existing", "", "comma-separated strings")
	tld := c.Flags.Bool("tld", false, "TLD rules")
	labels, _, ok := c.Parse([]string{"ѕһор", "-tld", "-existing", "shop", "--", "-x"})
	fmt.Println(ok, labels, *tld, *existing)
	// Output:
	// true [ѕһор -x] true shop
}

func ExampleReadFile() {
	_, err := cli.ReadFile("/dev/zero", cli.ReadOptions{Max: 1 << 20})
	fmt.Println(err)
	// Output:
	// /dev/zero: input too large: more than 1048576 bytes
}
