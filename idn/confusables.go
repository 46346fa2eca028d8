package idn

import (
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Skeleton returns the UTS #39 §4 confusable skeleton of s as UTS #39
// revision 26 (Unicode 15.0.0) defines it, matching the pinned data
// ([ConfusablesVersion] confusables.txt): NFD, then every code point
// replaced by its prototype from confusables.txt, then NFD again. Two
// strings are confusable when their skeletons are equal.
//
// Revision 28 (Unicode 15.1.0) adds a step after the first NFD that removes
// Default_Ignorable_Code_Point characters; it is not applied here, because
// the data is 15.0.0. Of those characters IDNA2008 (RFC 5892) allows only
// U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER (CONTEXTJ), so for
// labels that pass [CheckLabel] the difference is limited to those two.
//
// The result equals ICU 72.1's uspoof_getSkeleton for every code point
// assigned in Unicode 15.0.0 (TestSkeletonICU72).
func Skeleton(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	changed := false
	for _, r := range d {
		i := sort.Search(len(confusableFrom), func(i int) bool { return confusableFrom[i] >= r })
		if i < len(confusableFrom) && confusableFrom[i] == r {
			b.WriteString(confusableTo[i])
			changed = true
			continue
		}
		b.WriteRune(r)
	}
	if !changed {
		return d
	}
	return norm.NFD.String(b.String())
}

// Confusable reports whether a and b have the same UTS #39 skeleton.
func Confusable(a, b string) bool { return Skeleton(a) == Skeleton(b) }

// Script set ids beyond the Unicode scripts: UTS #39 §5.1 augments Han with
// Hanb, Jpan and Kore, Hiragana and Katakana with Jpan, Hangul with Kore and
// Bopomofo with Hanb.
var (
	scriptHanb = len(scriptCodes)
	scriptJpan = len(scriptCodes) + 1
	scriptKore = len(scriptCodes) + 2
)

type scriptSet [3]uint64

func (s *scriptSet) add(id int)      { s[id>>6] |= 1 << (id & 63) }
func (s *scriptSet) has(id int) bool { return s[id>>6]&(1<<(id&63)) != 0 }
func (s *scriptSet) and(t scriptSet) {
	for i := range s {
		s[i] &= t[i]
	}
}
func (s *scriptSet) empty() bool { return s[0]|s[1]|s[2] == 0 }

var allScripts = func() (s scriptSet) {
	for i := 0; i < len(scriptCodes)+3; i++ {
		s.add(i)
	}
	return
}()

// augmentedScripts returns the UTS #39 §5.1 augmented Script_Extensions set
// of r; Common and Inherited give the set of all scripts.
func augmentedScripts(r rune) scriptSet {
	var s scriptSet
	for _, id := range scriptExtensions(r) {
		switch id {
		case scriptZyyy, scriptZinh:
			return allScripts
		case scriptHani:
			s.add(scriptHanb)
			s.add(scriptJpan)
			s.add(scriptKore)
		case scriptHira, scriptKana:
			s.add(scriptJpan)
		case scriptHang:
			s.add(scriptKore)
		case scriptBopo:
			s.add(scriptHanb)
		}
		s.add(int(id))
	}
	return s
}

func scriptName(id int) string {
	switch id {
	case scriptHanb:
		return "Hanb"
	case scriptJpan:
		return "Jpan"
	case scriptKore:
		return "Kore"
	}
	return scriptCodes[id]
}

// ResolvedScripts returns the UTS #39 §5.1 resolved script set of s as ISO
// 15924 codes (with the Hanb, Jpan and Kore augmentations), sorted. It is
// empty for a mixed-script string, and nil for a string of Common and
// Inherited characters only (the set of all scripts).
func ResolvedScripts(s string) []string {
	set := allScripts
	for _, r := range s {
		set.and(augmentedScripts(r))
	}
	if set == allScripts {
		return nil
	}
	out := []string{}
	for i := 0; i < len(scriptCodes)+3; i++ {
		if set.has(i) {
			out = append(out, scriptName(i))
		}
	}
	sort.Strings(out)
	return out
}

// MixedScript reports whether s is mixed-script under UTS #39 §5.1: its
// resolved script set (over Script_Extensions, with the Japanese, Korean and
// Han-with-Bopomofo augmentations) is empty. It returns the position (in code
// points) of the first code point that made the set empty, or -1.
func MixedScript(s string) (bool, int) {
	set := allScripts
	pos := 0
	for _, r := range s {
		set.and(augmentedScripts(r))
		if set.empty() {
			return true, pos
		}
		pos++
	}
	return false, -1
}
