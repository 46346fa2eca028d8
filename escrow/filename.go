package escrow

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrFileName reports a file name that does not follow the RyDE naming
// convention of ICANN RA Specification 2 Part A §5.
var ErrFileName = errors.New("file name does not follow the RyDE naming convention")

const clauseFileName = "RA Spec 2 Part A §5"

// FileName is a parsed RyDE file name
// {gTLD}_{YYYY-MM-DD}_{type}_S{#}_R{rev}.{ext} (RA Specification 2 Part A §5;
// type "thin" is the BRDA file of Specification 4 §3.1).
type FileName struct {
	TLD  string    // A-label of the TLD, lower case (§5.1)
	Date time.Time // watermark date, UTC midnight (§5.2)
	Type FileType  // full, diff or thin (§5.3)
	Seq  int       // position in a series of pieces, from 1 (§5.4)
	Rev  int       // revision (resend) number, from 0 (§5.5)
	Ext  string    // "ryde" or "sig" (§5.6); "xml" and "tar" name the inner files (Part A §4)
}

// Maximum values accepted for the sequence and revision numbers; they keep
// the numbers small enough to print and compare without overflow.
const (
	maxFileNameSeq = 1 << 20
	maxFileNameRev = 1 << 16
)

// ParseFileName parses a RyDE file name (a base name, without directory).
// Upper-case TLD letters are accepted and folded to lower case; every other
// deviation from RA Specification 2 Part A §5 is an error wrapping
// [ErrFileName].
func ParseFileName(name string) (FileName, error) {
	bad := func(format string, args ...any) (FileName, error) {
		return FileName{}, &Error{Kind: ErrFileName, Clause: clauseFileName, File: quoteName(name), Offset: -1,
			Err: fmt.Errorf(format, args...)}
	}
	if len(name) > 300 {
		return bad("name is %d bytes long", len(name))
	}
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		return bad("no extension")
	}
	base, ext := name[:dot], name[dot+1:]
	switch ext {
	case "ryde", "sig", "xml", "tar":
	default:
		return bad("extension %q is not ryde or sig (§5.6), nor xml or tar (Part A §4)", ext)
	}
	parts := strings.Split(base, "_")
	if len(parts) != 5 {
		return bad("want 5 fields separated by '_', have %d", len(parts))
	}
	var f FileName
	f.Ext = ext
	tld, err := checkALabelTLD(parts[0])
	if err != nil {
		return bad("TLD %q: %v (§5.1)", parts[0], err)
	}
	f.TLD = tld
	if len(parts[1]) != 10 {
		return bad("date %q is not YYYY-MM-DD (§5.2)", parts[1])
	}
	d, err := time.Parse(time.DateOnly, parts[1])
	if err != nil {
		return bad("date %q is not YYYY-MM-DD (§5.2)", parts[1])
	}
	f.Date = d
	switch parts[2] {
	case "full", "diff", "thin":
		f.Type = FileType(parts[2])
	default:
		return bad("type %q is not full, diff or thin (§5.3)", parts[2])
	}
	seq, ok := fileNameNumber(parts[3], 'S', maxFileNameSeq)
	if !ok || seq < 1 {
		return bad("sequence %q is not S followed by a number from 1 (§5.4)", parts[3])
	}
	f.Seq = seq
	rev, ok := fileNameNumber(parts[4], 'R', maxFileNameRev)
	if !ok {
		return bad("revision %q is not R followed by a number from 0 (§5.5)", parts[4])
	}
	f.Rev = rev
	return f, nil
}

// fileNameNumber parses prefix followed by a decimal number without sign or
// leading zeros.
func fileNameNumber(s string, prefix byte, max int) (int, bool) {
	if len(s) < 2 || s[0] != prefix {
		return 0, false
	}
	digits := s[1:]
	if len(digits) > 1 && digits[0] == '0' {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n > max {
		return 0, false
	}
	return n, true
}

// checkALabelTLD checks that s is one LDH label (RFC 5890 §2.3.1) usable as
// a TLD: 1–63 letters, digits and hyphens, not starting or ending with a
// hyphen, not all digits, and, if it has hyphens in positions 3–4, an
// "xn--" A-label. It returns s in lower case.
func checkALabelTLD(s string) (string, error) {
	if s == "" || len(s) > 63 {
		return "", errors.New("not 1 to 63 characters")
	}
	s = strings.ToLower(s)
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
		case c >= '0' && c <= '9':
			digits++
		case c == '-':
		default:
			return "", fmt.Errorf("character %q is not a letter, digit or hyphen", c)
		}
	}
	if s[0] == '-' || s[len(s)-1] == '-' {
		return "", errors.New("starts or ends with a hyphen")
	}
	if digits == len(s) {
		return "", errors.New("is all digits")
	}
	if len(s) >= 4 && s[2:4] == "--" && !strings.HasPrefix(s, "xn--") {
		return "", errors.New("has hyphens in positions 3 and 4 but is not an xn-- A-label")
	}
	return s, nil
}

// String formats the name as {tld}_{YYYY-MM-DD}_{type}_S{seq}_R{rev}.{ext}.
// It does not validate; use [FileName.Validate] first when the fields come
// from untrusted input.
func (f FileName) String() string {
	return fmt.Sprintf("%s_%s_%s_S%d_R%d.%s", f.TLD, f.Date.UTC().Format(time.DateOnly), f.Type, f.Seq, f.Rev, f.Ext)
}

// Validate reports whether f would format to a name that [ParseFileName]
// accepts and parses back to f.
func (f FileName) Validate() error {
	g, err := ParseFileName(f.String())
	if err != nil {
		return err
	}
	if g.TLD != f.TLD {
		return &Error{Kind: ErrFileName, Clause: clauseFileName, File: quoteName(f.String()), Offset: -1,
			Err: fmt.Errorf("TLD %q is not in lower case (§5.1)", f.TLD)}
	}
	return nil
}

// WithExt returns a copy of f with the extension replaced.
func (f FileName) WithExt(ext string) FileName {
	f.Ext = ext
	return f
}

// quoteName makes a name printable in an error message.
func quoteName(s string) string {
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	q := strconv.Quote(s)
	if q[1:len(q)-1] == s {
		return s
	}
	return q
}
