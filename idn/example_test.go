package idn_test

import (
	"fmt"

	"github.com/ssrkit/ssr/idn"
)

func ExampleCheckLabel() {
	for _, label := range []string{"bücher", "XN--BCHER-KVA", "a·b", "ab--cd"} {
		v := idn.CheckLabel(label, nil)
		fmt.Println(label, v.OK(), v.ALabel, v.ULabel, v.Rules())
	}
	// Output:
	// bücher true xn--bcher-kva bücher []
	// XN--BCHER-KVA true xn--bcher-kva bücher []
	// a·b false xn--ab-0ea a·b [RFC5892-A.3]
	// ab--cd false ab--cd ab--cd [RFC5891-4.2.3.1]
}

func ExampleVerdict_Err() {
	v := idn.CheckLabel("ب\u0660\u06f0", nil)
	fmt.Println(v.Err())
	// Output:
	// idn: "ب٠۰" U+0660 at 1: contextual rule not satisfied: ARABIC-INDIC DIGIT in a label with EXTENDED ARABIC-INDIC DIGITS (RFC5892-A.8)
	// idn: "ب٠۰" U+06F0 at 2: contextual rule not satisfied: EXTENDED ARABIC-INDIC DIGIT in a label with ARABIC-INDIC DIGITS (RFC5892-A.9)
	// idn: "ب٠۰" U+06F0 at 2: Bidi rule not satisfied: both European (EN) and Arabic-Indic (AN) digits (RFC5893-rule4)
}

func ExampleCheckTLD() {
	v := idn.CheckTLD("cοm", &idn.TLDConfig{Existing: []string{"com"}}) // Greek omicron
	for _, e := range v.Findings {
		fmt.Println(e.Rule)
	}
	// Output:
	// AGB-2.2.1.3.2-II-single-script
	// AGB-2.2.1.1-similarity
}

func ExampleSkeleton() {
	fmt.Println(idn.Confusable("paypal", "pаypal"), idn.Skeleton("pаypal"))
	// Output: true paypal
}

func ExampleCheckName() {
	n := idn.CheckName("مثال.0a", nil)
	fmt.Println(n.OK(), n.ALabel)
	fmt.Println(n.Labels[1].Rules())
	// Output:
	// false xn--mgbh0fb.0a
	// [RFC5893-rule1]
}
