package escrow

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func addReportSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "report", "*.xml"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

func checkReportErr(t *testing.T, err error) {
	if err == nil {
		return
	}
	if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrLimitExceeded) {
		t.Fatalf("error %v wraps no category sentinel", err)
	}
}

func FuzzReadRDEReport(f *testing.F) {
	addReportSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		rep, err := ReadRDEReport(bytes.NewReader(b))
		checkReportErr(t, err)
		if err == nil {
			out, err := MarshalRDEReport(rep)
			if err != nil {
				t.Fatalf("valid report does not marshal: %v", err)
			}
			if _, err := ReadRDEReport(bytes.NewReader(out)); err != nil {
				t.Fatalf("marshalled report does not read back: %v\n%s", err, out)
			}
		}
	})
}

func FuzzReadRDENotification(f *testing.F) {
	addReportSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := readRDENotification(bytes.NewReader(b))
		checkReportErr(t, err)
		if err == nil {
			out, err := marshalRDENotification(n)
			if err != nil {
				t.Fatalf("valid notification does not marshal: %v", err)
			}
			if _, err := readRDENotification(bytes.NewReader(out)); err != nil {
				t.Fatalf("marshalled notification does not read back: %v\n%s", err, out)
			}
		}
	})
}

func FuzzReadIIRDEAResponse(f *testing.F) {
	addReportSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ReadIIRDEAResponse(bytes.NewReader(b))
		checkReportErr(t, err)
		if err == nil {
			out, err := marshalIIRDEAResponse(*r)
			if err != nil {
				t.Fatalf("valid result does not marshal: %v", err)
			}
			if back, err := ReadIIRDEAResponse(bytes.NewReader(out)); err != nil || *back != *r {
				t.Fatalf("round trip: %+v %v", back, err)
			}
		}
	})
}
