package idn

import (
	"errors"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// errNotUTF8 is the cause for input that is not valid UTF-8: x/net maps
// invalid bytes to U+FFFD and can then return an A-label for them.
var errNotUTF8 = errors.New("input is not valid UTF-8")

// RuleUTS46 is the rule code of errors from [ToASCII] and [ToUnicode].
const RuleUTS46 = "UTS46-4"

// ErrUTS46 is the category of errors from the UTS #46 lookup path.
var ErrUTS46 error = &subKind{"UTS #46 processing failed", ErrInvalidLabel}

// lookupProfile is UTS #46 non-transitional processing with every optional
// check on (CheckHyphens, CheckBidi, CheckJoiners, UseSTD3ASCIIRules,
// VerifyDnsLength for ToASCII), the configuration of the Unicode IdnaTestV2
// conformance file.
var lookupProfile = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.VerifyDNSLength(true), idna.Transitional(false))

// UTS46Version is the Unicode version of the UTS #46 mapping used by
// [ToASCII] and [ToUnicode]. It comes from golang.org/x/net/idna, which
// selects its tables by Go toolchain: 15.0.0 before Go 1.27, 17.0.0 from Go
// 1.27 on. Unlike [CheckLabel], the lookup path therefore changes with the
// toolchain.
var UTS46Version = idna.UnicodeVersion

// ToASCII converts a domain name for lookup (UTS #46 §4.2 ToASCII,
// non-transitional) using golang.org/x/net/idna. It maps (case folding,
// width, compatibility), so it accepts strings that [CheckLabel] rejects;
// registries must use CheckLabel. Errors are [*Error] with Rule [RuleUTS46].
func ToASCII(name string) (string, error) {
	if len(name) > MaxNameInputBytes {
		return "", &Error{Kind: errInputTooLarge, Rule: RuleInputLimit, Label: "", Rune: -1, Pos: -1}
	}
	if !utf8.ValidString(name) {
		return "", &Error{Kind: ErrUTS46, Rule: RuleUTS46, Label: name, Rune: -1, Pos: -1, Err: errNotUTF8}
	}
	s, err := lookupProfile.ToASCII(name)
	if err != nil {
		return s, &Error{Kind: ErrUTS46, Rule: RuleUTS46, Label: name, Rune: -1, Pos: -1, Err: err}
	}
	return s, nil
}

// ToUnicode converts a domain name for display (UTS #46 §4.3 ToUnicode) with
// the same checks as ToASCII, including the empty-label check (IdnaTestV2
// error X4_2). On error it returns the partially converted name too.
func ToUnicode(name string) (string, error) {
	if len(name) > MaxNameInputBytes {
		return "", &Error{Kind: errInputTooLarge, Rule: RuleInputLimit, Label: "", Rune: -1, Pos: -1}
	}
	if !utf8.ValidString(name) {
		return "", &Error{Kind: ErrUTS46, Rule: RuleUTS46, Label: name, Rune: -1, Pos: -1, Err: errNotUTF8}
	}
	s, err := lookupProfile.ToUnicode(name)
	if err != nil {
		return s, &Error{Kind: ErrUTS46, Rule: RuleUTS46, Label: name, Rune: -1, Pos: -1, Err: err}
	}
	return s, nil
}
