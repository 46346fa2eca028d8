package rsep

import (
	"sort"
	"unicode"
)

var scriptNames = func() []string {
	var out []string
	for n := range unicode.Scripts {
		if n != "Common" && n != "Inherited" {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}()

// labelScript returns the Unicode script (Go unicode.Scripts name) of the
// first code point of s that is neither Common nor Inherited, or "" if none.
func labelScript(s string) string {
	for _, r := range s {
		if r < 0x80 && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			continue
		}
		for _, n := range scriptNames {
			if unicode.Is(unicode.Scripts[n], r) {
				return n
			}
		}
	}
	return ""
}

// labelScripts returns the sorted set of scripts used by s.
func labelScripts(s string) []string {
	seen := make(map[string]bool)
	var out []string
	for _, r := range s {
		if r < 0x80 {
			if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
				if !seen["Latin"] {
					seen["Latin"] = true
					out = append(out, "Latin")
				}
			}
			continue
		}
		for _, n := range scriptNames {
			if unicode.Is(unicode.Scripts[n], r) {
				if !seen[n] {
					seen[n] = true
					out = append(out, n)
				}
				break
			}
		}
	}
	sort.Strings(out)
	return out
}
