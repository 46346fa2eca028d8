package cli

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzMessage: every message is one line of valid UTF-8 within
// MaxMessageBytes, whatever the error text.
func FuzzMessage(f *testing.F) {
	f.Add("\nx: bad")
	f.Add("dns: bad owner name: \"" + strings.Repeat("é", 200) + "\"")
	f.Add("tags don't match (16 vs {class:0 tag:13 length:1 isCompound:false}) {optional:false explicit:false}")
	f.Add("\xff\xfe\x00\r\n\t")
	f.Fuzz(func(t *testing.T, s string) {
		m := Message(errors.New(s))
		if len(m) > MaxMessageBytes || strings.ContainsAny(m, "\n\r") || !utf8.ValidString(m) || strings.HasPrefix(m, " ") {
			t.Errorf("Message(%q) = %q (%d bytes)", s, m, len(m))
		}
	})
}

// FuzzParseTime: ParseTime never panics, returns UTC, and its error never
// shows a Go layout string.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-01-31", "20260131120000", "2026-01-31T12:00:00+01:00", "yesterday", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseTime(s)
		if err != nil {
			layout := strings.Contains(err.Error(), "2006-01-02") && !strings.Contains(s, "2006-01-02")
			if layout || len(err.Error()) > MaxMessageBytes {
				t.Errorf("ParseTime(%q): %v", s, err)
			}
			return
		}
		if tm.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, not UTC", s, tm)
		}
	})
}
