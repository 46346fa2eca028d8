package cli

import (
	"fmt"
	"time"
)

// TimeFormats describes the accepted -now forms, for help texts and errors.
const TimeFormats = "2026-01-31T12:00:00Z (RFC 3339), 2026-01-31 or 20260131120000 (UTC)"

// ParseTime parses a -now value: RFC 3339, YYYY-MM-DD (midnight UTC) or
// YYYYMMDDhhmmss (UTC, as ldns-verify-zone -t). The result is in UTC.
func ParseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02", "20060102150405"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%s is not a time; use %s", quote(s), TimeFormats)
}

// timeValue is a flag.Value holding a time; unset is the zero time.
type timeValue struct{ t *time.Time }

func (v timeValue) String() string {
	if v.t == nil || v.t.IsZero() {
		return ""
	}
	return v.t.Format(time.RFC3339)
}

func (v timeValue) Set(s string) error {
	t, err := ParseTime(s)
	if err != nil {
		return err
	}
	*v.t = t
	return nil
}
