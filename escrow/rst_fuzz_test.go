package escrow

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// FuzzRyDERecipients: arbitrary bytes give key IDs or a typed error, never
// a panic; v4 and v6 recipients are seeds.
func FuzzRyDERecipients(f *testing.F) {
	for _, k := range []string{"agent", "agent6"} {
		pieces, _ := rydeWrite(f, []byte(rstBase), 0, k, "registry")
		b := make([]byte, pieces[0].Size)
		pieces[0].Data.ReadAt(b, 0)
		f.Add(b)
		f.Add(b[:min(len(b), 600)])
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		ids, err := RyDERecipients(bytes.NewReader(data))
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		if len(ids) == 0 {
			t.Fatal("no recipients and no error")
		}
	})
}

// FuzzVerifyRST: a mutated RST base deposit under RST's rules never
// panics, and every finding's code is one of RST's or empty.
func FuzzVerifyRST(f *testing.F) {
	f.Add(rstBase)
	for _, c := range rstCases() {
		s := rstBase
		for _, m := range c.muts {
			s = strings.Replace(s, m.old, m.new, 1)
		}
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rep, err := Verify(context.Background(), strings.NewReader(s), &VerifyConfig{
			Now: func() time.Time { return time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) }, RST: rstBaseOptions()})
		if err != nil {
			return
		}
		for _, fi := range rep.Findings {
			if fi.Code != "" && !strings.HasPrefix(fi.Code, "RDE_") {
				t.Fatalf("code %q", fi.Code)
			}
		}
	})
}
