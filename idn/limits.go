package idn

// Limits on untrusted input. Each is the default used when the
// corresponding field of a configuration struct is zero; a configuration can
// lower or raise it but never make it unlimited.

// MaxInputBytes is the default bound on the length in bytes of one label
// given to CheckLabel or CheckTLD (CheckConfig.MaxInputBytes). A valid label is at
// most 63 octets as an A-label, so its U-label is well under 256 bytes.
const MaxInputBytes = 256

// MaxLabelOctets is the DNS limit on one label (RFC 1035 §2.3.4), applied to
// the A-label form (RFC 5891 §4.4). It is a protocol constant, not a tunable.
const MaxLabelOctets = 63

// MaxNameOctets is the limit on a domain name in presentation form without
// the trailing dot (RFC 1035 §2.3.4: 255 octets on the wire).
const MaxNameOctets = 253

// Limits of the RFC 7940 LGR engine (lgr*.go). LGRConfig fields override
// the document limits; Variants takes its cap as an argument.
const (
	// MaxLGRBytes caps the size of an LGR document (the decompressed size for
	// embedded ones). The largest real LGR, the RZ-LGR-5 Chinese file, is 3.5 MB.
	MaxLGRBytes = 16 << 20
	// MaxLGRDepth caps XML element nesting, and class and rule nesting.
	MaxLGRDepth = 64
	// MaxLGRElements caps XML elements, and repertoire elements plus
	// variants (range code points included) of one LGR.
	MaxLGRElements = 1 << 20
	// MaxLGRMatchSteps caps the matcher steps spent on one rule evaluation.
	MaxLGRMatchSteps = 1 << 16
	// MaxVariantLabels is the default cap on variant labels enumerated for
	// one label (the same figure ICANN's lgr-core uses).
	MaxVariantLabels = 1000
	// MaxLGRLabelLength caps the code points of a label evaluated against an
	// LGR (a DNS label has at most 63 octets, RFC 1035 §2.3.4).
	MaxLGRLabelLength = 63
)

// MaxNameInputBytes bounds the input of ToASCII, ToUnicode and CheckName.
const MaxNameInputBytes = 1024

// MaxVariantWalkSteps caps the nodes (partial variant labels) that
// LGR.AllocatableVariants visits for one label; pruning keeps real labels
// far below it.
const MaxVariantWalkSteps = 1 << 20

// MaxVariantLabelsCap is the largest cap LGR.Variants accepts: a larger
// max is lowered to it, since every enumerated label is held in memory.
// Use LGR.AllocatableVariants (streaming) or LGR.VariantOf (one candidate)
// for larger variant sets.
const MaxVariantLabelsCap = 100000

// MaxTableRequestBytes bounds one RST idnTableRequest JSON document
// (ICANN's published ones are under 10 KB).
const MaxTableRequestBytes = 1 << 20

// MaxTableRequestLabels bounds the test labels (allocatable, variant and
// unallocatable) of one idnTableRequest.
const MaxTableRequestLabels = 10000
