package idn

import "sort"

// Property types of the pinned tables in tables.go.
type (
	derivedProp     uint8 // RFC 5892 derived property value
	generalCategory uint8 // Unicode General_Category
	bidiClass       uint8 // Unicode Bidi_Class
	joiningType     uint8 // Unicode Joining_Type
)

func (p derivedProp) String() string     { return derivedPropNames[p] }
func (g generalCategory) String() string { return generalCategoryNames[g] }
func (b bidiClass) String() string       { return bidiClassNames[b] }
func (j joiningType) String() string     { return joiningTypeNames[j] }

// props is the packed property word of one code point (see propVals).
type props uint32

func (p props) derived() derivedProp { return derivedProp(p & 7) }
func (p props) gc() generalCategory  { return generalCategory(p >> 3 & 31) }
func (p props) bidi() bidiClass      { return bidiClass(p >> 8 & 31) }
func (p props) joining() joiningType { return joiningType(p >> 13 & 7) }
func (p props) script() uint8        { return uint8(p >> 16) }
func (p props) virama() bool         { return p&(1<<24) != 0 }
func (p props) isMark() bool         { g := p.gc(); return g == gcMn || g == gcMc || g == gcMe }

// asciiProps caches the property words of U+0000..U+007F.
var asciiProps = func() (t [128]props) {
	for r := range t {
		t[r] = lookupProps(rune(r))
	}
	return
}()

// lookupProps returns the pinned properties of r by binary search over the
// run-length encoded table.
func lookupProps(r rune) props {
	if r < 0 || r > 0x10FFFF {
		return props(dpDISALLOWED) // not a code point; reported as DISALLOWED
	}
	lo, hi := 0, len(propStarts)
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if propStarts[m] <= r {
			lo = m
		} else {
			hi = m
		}
	}
	return props(propVals[lo])
}

// propsOf returns the pinned properties of r.
func propsOf(r rune) props {
	if r < 0x80 && r >= 0 {
		return asciiProps[r]
	}
	return lookupProps(r)
}

// scriptExtensions returns the Script_Extensions of r as script ids.
func scriptExtensions(r rune) []uint8 {
	i := sort.Search(len(scxStarts), func(i int) bool { return scxStarts[i] > r }) - 1
	if i < 0 || scxVals[i] == 0 {
		s := propsOf(r).script()
		return []uint8{s}
	}
	return scxSets[scxVals[i]]
}
