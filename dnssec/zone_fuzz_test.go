package dnssec

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzVerifyZone feeds arbitrary zone files to VerifyZone: it must not
// panic or hang, every problem must be a located *Error with a category,
// and Err must agree with the problem list.
func FuzzVerifyZone(f *testing.F) {
	for _, name := range []string{"bind-nsec3-13.zone", "ldns-nsec-15.zone", "ldns-optout-13.zone", "ldns-zonemd-13.zone", "example.unsigned"} {
		b, err := os.ReadFile(filepath.Join("testdata", "zone", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("example. 3600 IN SOA ns1.example. h.example. 1 2 3 4 5\nexample. 3600 IN NSEC3PARAM 1 0 65535 -\n"))
	f.Add([]byte("$ORIGIN example.\n@ SOA ns h 1 2 3 4 5\n$GENERATE 1-100 a$ A 192.0.2.$\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := VerifyZone(context.Background(), bytes.NewReader(data), &ZoneConfig{Now: at(fixtureNow), MaxRecords: 5000, testWorkers: 2})
		if err != nil {
			var e *Error
			if rep != nil || !errors.As(err, &e) || e.Kind == nil {
				t.Fatalf("error %v with report %v", err, rep)
			}
			return
		}
		for _, p := range rep.Findings {
			if p.Kind == nil || p.Clause == "" || p.Error() == "" {
				t.Fatalf("problem without category or clause: %#v", p)
			}
		}
		if (rep.Err() == nil) != (len(rep.Findings) == 0 && rep.Dropped == 0) {
			t.Fatal("Err disagrees with Problems")
		}
	})
}
