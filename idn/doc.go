// Package idn checks internationalized domain name labels: strict IDNA2008
// registration rules, the new gTLD string requirements, UTS #39 confusables,
// and RFC 7940 Label Generation Rulesets with the Root Zone LGR embedded.
//
// # Specifications
//
//   - RFC 5890, RFC 5891, RFC 5892 (with a pinned derived-property table), RFC 5893
//   - UTS #46, UTS #39
//   - RFC 7940 (LGR), Root Zone LGR (LGR-5), RZ-LGR Overview §5.5 (index labels)
//   - ICANN Second-Level Reference LGRs and full-variant-set LGRs (2024-10-25)
//   - RST v2.0 test case idn-01 and the RST-API idnTableRequest object
//   - new gTLD Applicant Guidebook §2.2.1.3.2
//
// # IDNA2008 registration
//
// [CheckLabel] checks one label (LDH, A-label or U-label) and reports every
// rule broken as an [*Error] whose Rule is the section it enforces:
// RFC5891-4.1 (valid UTF-8), RFC5890-2.3.1 (LDH), RFC5890-2.3.2.1 and
// RFC5891-5.3 (A-label syntax and round trip; the "xn--" prefix is
// case-insensitive), RFC5891-4.2.1 (NFC), RFC5891-4.2.2 (DISALLOWED and
// UNASSIGNED), RFC5891-4.2.3.1 (hyphens, by code point), RFC5891-4.2.3.2
// (leading combining mark), RFC5892-A.1 … RFC5892-A.9 (CONTEXTJ and
// CONTEXTO), RFC5893-rule1 … RFC5893-rule6 (Bidi), RFC5891-4.4 and
// RFC1035-2.3.4 (lengths). [CheckName] adds the name-level rules. The
// tables come from a committed generator (internal/gen, run by go generate)
// over pinned data: the RFC 5892 derived property for Unicode 15.1.0
// ([DerivedPropertyVersion]) and Unicode 15.0.0 properties
// ([PropertyVersion]); see internal/gen/data/README.
//
// [ToASCII] and [ToUnicode] are the UTS #46 lookup path of
// golang.org/x/net/idna, whose tables follow the Go toolchain
// ([UTS46Version]: 15.0.0 before Go 1.27, 17.0.0 after); they map and are
// not a registration check.
//
// # TLD strings and confusables
//
// [CheckTLD] runs CheckLabel and then the Applicant Guidebook string
// requirements as a list of stages; reserved names and ISO 3166-1 codes are
// embedded data files (data/README) that a [TLDConfig] can replace.
// [Skeleton], [Confusable], [MixedScript] and [ResolvedScripts] implement the
// UTS #39 §4 skeleton (confusables.txt [ConfusablesVersion]) and §5.1
// resolved script sets as a pre-filter; they do not replace the Root Zone LGR
// or the string similarity review.
//
// # Label Generation Rulesets (RFC 7940)
//
// [ParseLGR] reads an LGR document fully (meta; char with sequences,
// when/not-when, tags and refs; range; var with types and contexts; classes
// from code points, tags and the Unicode properties gc, jt, sc and bc of the
// pinned tables, with union, intersection, difference,
// symmetric-difference and complement; rules with start, end, anchor,
// look-behind, look-ahead, choice, any, count and rule references;
// actions) and reports every violation of RFC 7940 §4–§7 it finds, with the
// document line. [LGR.Validate] checks variant symmetry and transitivity.
// [LGR.Evaluate] gives a label's disposition (§8.1, §8.3, default actions
// of §7.6) and why; [LGR.Variants] enumerates variant labels (§8.2) after a
// count estimate ([LGR.VariantCount]) against a cap; [LGR.IndexLabel] and
// [LabelIndex] implement the collision check of §8.5.
//
// The Root Zone LGR ([RootZoneLGRVersion]: common LGR and 25 element LGRs)
// and ICANN's Second-Level Reference LGRs are embedded compressed and parsed
// on first use ([RootZoneScript], [RootZoneCommon], [ReferenceLGR]). So are
// ICANN's 25 October 2024 Second-Level Reference LGRs and full-variant-set
// LGRs (59 each), selected by language tag: [LoadEmbeddedLGR] takes
// "ref:es", "fvs:und-Hani", "ref:NAME" (2022 file names), "rz:Latn" and
// "rz:common"; [EmbeddedLGRs] lists them all with tag, date and Unicode
// version.
//
// # Variant questions without enumeration
//
// A label's variant set (RFC 7940 §8.2) is the product of its elements'
// variant mappings and grows geometrically (Spanish "airl·lpack" has
// 201,599 variant labels under the full-variant-set LGR), so
// [LGR.Variants] refuses sets over a cap. [LGR.VariantOf] answers "is C a
// variant of L, and with which disposition" by walking L's code points and
// C's together through the mappings whose when/not-when contexts hold
// (branching, as ICANN's lgr-core does, on every way of splitting L into
// elements that have variants, lgr_varwalk.go), then applying §8.3 (variant type set, actions with any-variant,
// all-variants, only-variants, match and not-match, §7.2, §7.4) to the one
// variant label found; it gives the enumeration's answer (tests and
// FuzzVariantOf cross-check it) in time linear in the label length for
// LGRs whose mappings of one element have one length.
// [LGR.AllocatableVariants] streams only registrable variants, cutting
// every branch whose variant types already fix another disposition.
//
// # RST IDN test labels
//
// [ParseIDNTableRequest] reads RST's idnTableRequest JSON (tag,
// eppSafeCodePoints, allocatable labels with variants and
// variantTLDAllocatability, unallocatable labels) and
// [CheckIDNTableRequest] recomputes every expectation from the LGRs of the
// tables a zone offers ([RSTTablesFor] uses the embedded 2024 reference LGR
// for labels and the full-variant-set LGR for variants), reporting each
// disagreement with the RST idn-01 error it would cause.
//
// [DiffLGR] compares two LGRs (repertoire, variants, classes, rules,
// actions) for RSEP evidence, reporting range code points as runs.
// [EvaluateRootZone] follows the RZ-LGR order: the element LGR of the
// label's script, then the index label under the common LGR against the
// delegated TLDs ([DelegatedTLDs], from the root zone [DelegatedTLDsSource]);
// CheckTLD runs it on every label (ASCII or IDN) that passes the string
// rules unless [TLDConfig].SkipRootZoneLGR is set.
//
// # Security
//
// Results do not depend on the Go toolchain's Unicode tables. LGR documents
// are read by a strict XML reader that refuses document type declarations
// (no entity expansion); sizes, element counts, nesting depth and rule
// matching work are capped (MaxLGR*), and variant enumeration is refused
// beyond a cap rather than truncated silently (a larger cap is lowered to
// [MaxVariantLabelsCap]); [LGR.AllocatableVariants] is bounded by
// [MaxVariantWalkSteps] and RST requests by [MaxTableRequestBytes] and
// [MaxTableRequestLabels]. A-labels are always encoded from the
// lower-cased string (RFC 5890 §2.3.2.1), never as mixed-case strings such
// as "xn--Mnchen-3ya".
//
// CheckLabel, CheckName and CheckTLD treat their input as untrusted: invalid
// UTF-8 is an error (RFC5891-4.1), input longer than [MaxInputBytes] or
// [MaxNameInputBytes] is refused before any other work, and they never panic
// (fuzz targets in fuzz_test.go). The UTS #39 skeleton is a pre-filter for
// confusable strings, not a proof that two strings are distinct.
//
// # Decisions
//
// RST does not publish how variantTLDAllocatability is computed.
// CheckIDNTableRequest takes it, for an allocatable label, as the offered
// tables whose LGR gives the label a registrable disposition, and for a
// variant label as those tables when the variant's own disposition is
// registrable, else none. Variant dispositions come from the requesting
// table's reference LGR, and from its full-variant-set LGR only for
// variants the reference LGR does not produce: the full-variant-set files
// disable their in-language variants (rule "enabled" matches only the
// empty label, "no longer designed for a standalone use") and add blocked
// cross-script ones.
// Against all 59 of ICANN's published test-label files every disposition
// and variant agrees except where the files contradict the LGRs or
// themselves (lgr_rst_test.go explains each). Tags listed but not offered
// are not checked.
//
// # Limits
//
// See limits.go.
package idn
