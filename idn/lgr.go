package idn

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// This file holds the data model of an RFC 7940 Label Generation Ruleset
// (LGR). Parsing is in lgr_parse.go, classes in lgr_classes.go, rules in
// lgr_rules.go, label evaluation in lgr_eval.go, variants and index labels in
// lgr_variants.go, the document checks of RFC 7940 §5–§7 in lgr_validate.go
// and the embedded Root Zone LGR in lgr_rz.go.

// LGR sentinels. They are wrapped by [Error] values through Error.Kind; the
// ones about labels also wrap [ErrInvalidLabel].
var (
	// ErrLGRInvalid reports an LGR document that parses as XML but breaks a
	// requirement of RFC 7940 (unresolved reference, asymmetric variant,
	// duplicate code point, ...).
	ErrLGRInvalid = errors.New("LGR document violates RFC 7940")
	// ErrNotInRepertoire reports a label code point outside the repertoire
	// of an LGR (RFC 7940 §8.1).
	ErrNotInRepertoire error = &subKind{"code point not in LGR repertoire", ErrInvalidLabel}
	// ErrContextRule reports a repertoire element whose when/not-when
	// context rule is not satisfied (RFC 7940 §5.2, §6.4).
	ErrContextRule error = &subKind{"context rule not satisfied", ErrInvalidLabel}
	// ErrLGRDisposition reports a label whose disposition is not valid,
	// allocatable or activated (RFC 7940 §7).
	ErrLGRDisposition error = &subKind{"label disposition", ErrInvalidLabel}
	// ErrCollision reports a label whose index label equals that of an
	// existing label (RFC 7940 §8.5).
	ErrCollision error = &subKind{"variant collision with existing label", ErrInvalidLabel}
)

// Disposition is the outcome of evaluating a label or a variant label
// against an LGR (RFC 7940 §7.3; IANA "Label Generation Ruleset
// Dispositions" registry). LGRs may define other values; they are kept
// verbatim.
type Disposition string

// The standard dispositions of RFC 7940 §7.3.
const (
	DispositionInvalid     Disposition = "invalid"
	DispositionBlocked     Disposition = "blocked"
	DispositionAllocatable Disposition = "allocatable"
	DispositionActivated   Disposition = "activated"
	DispositionValid       Disposition = "valid"
)

// LGRMeta is the <meta> element of an LGR (RFC 7940 §4.3).
type LGRMeta struct {
	Version         string // §4.3.1
	VersionComment  string
	Date            string   // §4.3.2
	Languages       []string // §4.3.3
	Scopes          []LGRScope
	Description     string // §4.3.5
	DescriptionType string
	ValidityStart   string // §4.3.6
	ValidityEnd     string
	UnicodeVersion  string // §4.3.7
	References      []LGRReference
}

// LGRScope is one <scope> element (RFC 7940 §4.3.4).
type LGRScope struct{ Type, Value string }

// LGRReference is one <reference> (RFC 7940 §4.3.8).
type LGRReference struct{ ID, Text, Comment string }

// LGRChar is one repertoire element: a code point or a code point sequence
// (RFC 7940 §5.1), with its context rules, tags and variants. Code points of
// a <range> element are listed as single-code-point elements with
// FromRange set.
type LGRChar struct {
	CP        []rune
	When      string
	NotWhen   string
	Tags      []string
	Refs      []string
	Comment   string
	Variants  []LGRVariant
	FromRange bool
	Line      int // line in the document
	ctx       ctxRef
}

// ctxRef holds the resolved when/not-when rules of an element or variant.
type ctxRef struct{ when, notWhen *ruleDef }

// LGRVariant is a variant mapping of a repertoire element (RFC 7940 §5.3).
type LGRVariant struct {
	CP      []rune
	Type    string
	When    string
	NotWhen string
	Refs    []string
	Comment string
	Line    int
	ctx     ctxRef
}

// LGRAction is an <action> element (RFC 7940 §7).
type LGRAction struct {
	Disp         Disposition
	Match        string
	NotMatch     string
	AnyVariant   []string
	AllVariants  []string
	OnlyVariants []string
	Comment      string
	Refs         []string
	Line         int // 0 for the default actions of §7.6
}

// defaultActions are the implied actions appended to every LGR
// (RFC 7940 §7.6).
var defaultActions = []LGRAction{
	{Disp: DispositionInvalid, AnyVariant: []string{"invalid"}, Comment: "default action for invalid (RFC 7940 §7.6)"},
	{Disp: DispositionBlocked, AnyVariant: []string{"blocked"}, Comment: "default action for blocked (RFC 7940 §7.6)"},
	{Disp: DispositionAllocatable, AnyVariant: []string{"allocatable"}, Comment: "default action for allocatable (RFC 7940 §7.6)"},
	{Disp: DispositionActivated, AllVariants: []string{"activated"}, Comment: "default action for activated (RFC 7940 §7.6)"},
	{Disp: DispositionValid, Comment: "default catch-all (RFC 7940 §7.6)"},
}

// DefaultActions returns the implied actions RFC 7940 §7.6 appends after
// the actions of every LGR.
func DefaultActions() []LGRAction { return append([]LGRAction(nil), defaultActions...) }

// LGR is a parsed and validated RFC 7940 Label Generation Ruleset. It is
// immutable and safe for concurrent use.
type LGR struct {
	Name string // document name given to ParseLGR, used in messages
	Meta LGRMeta

	chars    []LGRChar
	single   map[rune]int32   // single code point -> index in chars
	seqs     map[rune][]int32 // first code point -> sequences, longest first
	maxSeq   int
	classes  map[string]*cpSet // named classes
	rules    map[string]*ruleDef
	ruleOrd  []string
	classOrd []string
	actions  []LGRAction
	acts     []compiledAction // actions + defaults

	maxSteps int
	varTypes []string
}

type compiledAction struct {
	LGRAction
	match    *ruleDef
	notMatch *ruleDef
	any      map[string]bool
	all      map[string]bool
	only     map[string]bool
	why      string // description for LGRResult.Why
	rule     string // RFC 7940 section for LGRResult.Rule
}

// Repertoire returns the repertoire elements in document order (ranges
// expanded). The slice must not be modified.
func (l *LGR) Repertoire() []LGRChar { return l.chars }

// Actions returns the document's actions, without the defaults of §7.6.
func (l *LGR) Actions() []LGRAction { return append([]LGRAction(nil), l.actions...) }

// RuleNames returns the names of the rules in document order.
func (l *LGR) RuleNames() []string { return append([]string(nil), l.ruleOrd...) }

// ClassNames returns the names of the named classes in document order.
func (l *LGR) ClassNames() []string { return append([]string(nil), l.classOrd...) }

// RuleXML returns a canonical textual form of the named rule, for diffs;
// ok is false when there is no such rule.
func (l *LGR) RuleText(name string) (string, bool) {
	r, ok := l.rules[name]
	if !ok {
		return "", false
	}
	return r.text, true
}

// ClassText returns a canonical textual form (code point ranges) of the
// named class, for diffs.
func (l *LGR) ClassText(name string) (string, bool) {
	c, ok := l.classes[name]
	if !ok {
		return "", false
	}
	return c.String(), true
}

// VariantTypes returns the distinct variant types used, sorted.
func (l *LGR) VariantTypes() []string { return append([]string(nil), l.varTypes...) }

// Lookup returns the repertoire element with exactly the code points cp.
func (l *LGR) Lookup(cp []rune) (LGRChar, bool) {
	i := l.find(cp)
	if i < 0 {
		return LGRChar{}, false
	}
	return l.chars[i], true
}

func (l *LGR) find(cp []rune) int {
	if len(cp) == 0 {
		return -1
	}
	if len(cp) == 1 {
		if i, ok := l.single[cp[0]]; ok {
			return int(i)
		}
		return -1
	}
	for _, i := range l.seqs[cp[0]] {
		if runesEqual(l.chars[i].CP, cp) {
			return int(i)
		}
	}
	return -1
}

func runesEqual(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func runesLess(a, b []rune) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}

// FormatCP formats code points the way RFC 7940 writes them: upper-case hex,
// at least four digits, separated by spaces.
func FormatCP(cp []rune) string {
	var b strings.Builder
	for i, r := range cp {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%04X", r)
	}
	return b.String()
}

// parseCPs parses "0061 0301" (RFC 7940 §5.1).
func parseCPs(s string) ([]rune, error) { return appendCPs(nil, s) }

// appendCPs appends the code points of s to dst. Fields are separated as
// by strings.Fields; ASCII input is split in place, without allocating.
func appendCPs(dst []rune, s string) ([]rune, error) {
	n0 := len(dst)
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		for _, x := range strings.Fields(s) {
			r, err := parseCP(x)
			if err != nil {
				return nil, err
			}
			dst = append(dst, r)
		}
	} else {
		for i := 0; i < len(s); {
			if asciiSpace(s[i]) {
				i++
				continue
			}
			j := i
			for j < len(s) && !asciiSpace(s[j]) {
				j++
			}
			r, err := parseCP(s[i:j])
			if err != nil {
				return nil, err
			}
			dst = append(dst, r)
			i = j
		}
	}
	if len(dst) == n0 {
		return nil, errors.New("empty code point list")
	}
	return dst, nil
}

// asciiSpace is unicode.IsSpace on ASCII, as strings.Fields splits.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func parseCP(x string) (rune, error) {
	if len(x) < 4 || len(x) > 6 {
		return 0, fmt.Errorf("code point %q: want 4 to 6 hex digits", x)
	}
	v, err := strconv.ParseUint(x, 16, 32)
	if err != nil {
		return 0, fmt.Errorf("code point %q: not hexadecimal", x)
	}
	if v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) {
		return 0, fmt.Errorf("code point %q: not a Unicode scalar value", x)
	}
	return rune(v), nil
}

func lgrErr(kind error, rule, doc string, line int, format string, args ...any) *Error {
	return &Error{Kind: kind, Rule: rule, Label: doc, Rune: -1, Pos: line, Err: fmt.Errorf(format, args...)}
}
