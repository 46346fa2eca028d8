package cli

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Message renders err as one line for an operator: control characters and
// newlines become spaces or escapes, each word longer than MaxQuoteBytes is
// cut (so no more than about that much input is quoted), the text is
// trimmed and cut to MaxMessageBytes.
func Message(err error) string {
	if err == nil {
		return ""
	}
	return Line(err.Error(), MaxMessageBytes)
}

// Line is Message for a string, cut to max bytes.
func Line(s string, max int) string {
	s = shrink(s)
	s = asn1Params.ReplaceAllString(s, "")
	s = asn1Tag.ReplaceAllString(s, "tag $1")
	var b strings.Builder
	for i, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(cutWord(clean(cutWord(w, MaxQuoteBytes)), MaxQuoteBytes))
	}
	return cut(b.String(), max)
}

// shrink drops what Line would cut anyway, in one pass over the bytes: the
// bytes of each word past MaxQuoteBytes+1 and everything after 4 KiB, so
// that a 10 MB line quoted in an error costs one scan.
func shrink(s string) string {
	const keep = 4 << 10
	if len(s) <= keep {
		return s
	}
	b := make([]byte, 0, keep)
	n := 0
	for i := 0; i < len(s) && len(b) < keep; i++ {
		switch c := s[i]; c {
		case ' ', '\n', '\r', '\t':
			n = 0
			b = append(b, c)
		default:
			if n++; n <= MaxQuoteBytes+1 {
				b = append(b, c)
			}
		}
	}
	return string(b)
}

// encoding/asn1 prints its Go structures: "{optional:false explicit:false
// …}" after a structure error and "{class:0 tag:13 …}" for a tag.
var (
	asn1Params = regexp.MustCompile(` ?\{optional:[^{}]*\}`)
	asn1Tag    = regexp.MustCompile(`\{class:\d+ tag:(\d+)[^{}]*\}`)
)

// clean replaces invalid UTF-8 and non-printing characters with escapes.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	q := strconv.QuoteToGraphic(s)
	return q[1 : len(q)-1]
}

func cutWord(w string, max int) string {
	if len(w) <= max {
		return w
	}
	return cut(w, max)
}

// cut shortens s to at most max bytes on a rune boundary, marking the cut.
func cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	n := max - len("…")
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// quote quotes user input for an error message, cut to MaxQuoteBytes.
func quote(s string) string {
	q := strconv.QuoteToGraphic(s)
	if len(q) > MaxQuoteBytes {
		q = cut(q, MaxQuoteBytes-1) + `"`
	}
	return q
}
