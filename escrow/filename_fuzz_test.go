package escrow

import (
	"errors"
	"testing"
)

func FuzzParseFileName(f *testing.F) {
	for _, s := range []string{
		"example_2009-08-02_full_S1_R0.ryde", "xn--unup4y_2026-11-24_diff_S12_R3.sig",
		"example_2026-11-24_thin_S1_R0.ryde", "a_b_c_d_e.f", "example_2009-02-30_full_S1_R0.ryde",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fn, err := ParseFileName(s)
		if err != nil {
			if !errors.Is(err, ErrFileName) {
				t.Fatalf("error %v does not wrap ErrFileName", err)
			}
			return
		}
		// A parsed name formats to a name that parses to the same fields.
		again, err := ParseFileName(fn.String())
		if err != nil {
			t.Fatalf("%q parsed to %+v whose String %q does not parse: %v", s, fn, fn.String(), err)
		}
		if again != fn {
			t.Fatalf("%q: %+v != %+v", s, again, fn)
		}
		if err := fn.Validate(); err != nil {
			t.Fatalf("%q: Validate: %v", s, err)
		}
	})
}
