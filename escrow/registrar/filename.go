package registrar

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// clauseName cites the file naming, known only from secondary sources.
const clauseName = "registrar RDE file naming per HEXONET API:RDE and getnamingo escrow_ncc.php (secondary)"

// FileName is a parsed registrar deposit file name,
// <IANA-ID>_RDE_<YYYY-MM-DD>_<kind>[_<n>][.ext...], for example
// 1234_RDE_2026-11-22_full_1.csv.gz.gpg.
type FileName struct {
	IANAID int       // the registrar's IANA ID
	Date   time.Time // deposit date, UTC midnight
	Kind   string    // "full" (domain data), "hdl" (contact handles) or "hash"
	Seq    int       // the trailing number; -1 when absent (the hash file of the NCC variant)
	Ext    string    // extensions after the first dot, e.g. "csv.gz.gpg"; "" for none
}

// ParseFileName parses a registrar deposit file name (a base name). Errors
// wrap ErrFileName.
func ParseFileName(name string) (FileName, error) {
	bad := func(format string, a ...any) (FileName, error) {
		return FileName{}, &Error{Kind: ErrFileName, Clause: clauseName, File: quote(name), Err: fmt.Errorf(format, a...)}
	}
	if len(name) > 255 {
		return bad("name is %d bytes long", len(name))
	}
	base, ext, _ := strings.Cut(name, ".")
	parts := strings.Split(base, "_")
	if len(parts) != 4 && len(parts) != 5 {
		return bad("want <IANA-ID>_RDE_<YYYY-MM-DD>_<kind>[_<n>], have %d fields", len(parts))
	}
	id, err := strconv.Atoi(parts[0])
	if err != nil || id < 0 || !allDigits(parts[0]) {
		return bad("IANA ID %q is not a number", parts[0])
	}
	if parts[1] != "RDE" {
		return bad("second field %q is not RDE", parts[1])
	}
	d, err := time.Parse("2006-01-02", parts[2])
	if err != nil {
		return bad("date %q is not YYYY-MM-DD", parts[2])
	}
	f := FileName{IANAID: id, Date: d, Kind: parts[3], Seq: -1, Ext: ext}
	switch f.Kind {
	case "full", "hdl":
		if len(parts) != 5 {
			return bad("a %s file has a trailing number", f.Kind)
		}
	case "hash":
	default:
		return bad("kind %q is not full, hdl or hash", f.Kind)
	}
	if len(parts) == 5 {
		if !allDigits(parts[4]) || len(parts[4]) > 6 {
			return bad("trailing number %q is not a number", parts[4])
		}
		f.Seq, _ = strconv.Atoi(parts[4])
	}
	for _, e := range strings.Split(ext, ".") {
		switch e {
		case "", "csv", "txt", "gz", "gpg", "pgp", "asc":
		default:
			return bad("extension %q is not csv, txt, gz or gpg", e)
		}
	}
	return f, nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func quote(s string) string {
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}
