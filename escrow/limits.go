package escrow

// Limits on untrusted input. Each is the default used when the
// corresponding field of a configuration struct is zero; a configuration can
// lower or raise it but never make it unlimited.

// Limits of the deposit Reader (ReaderConfig), the CSV reader and Verify.
const (
	// MaxDepth is the deepest element nesting accepted (RFC 9022 objects nest about 6 deep).
	MaxDepth = 64
	// MaxAttrs is the most attributes on one element.
	MaxAttrs = 64
	// MaxNameLen is the longest qualified element or attribute name, in bytes.
	MaxNameLen = 256
	// MaxTokenBytes is the longest single markup token or run of character data.
	MaxTokenBytes = 4 << 20
	// MaxObjectBytes is the most text and attribute bytes in one object.
	MaxObjectBytes = 16 << 20
	// MaxObjectElements is the most elements in one object.
	MaxObjectElements = 100000
	// maxMenuURIs is the most rdeMenu objURI values kept.
	maxMenuURIs = 256
	// MaxFindings is the most findings a Report keeps; Report.Dropped counts the rest.
	MaxFindings = 100000
	// maxReferenceSites is the most referencing objects remembered (with
	// their description) for references not yet resolved; beyond it only
	// counts are kept, so a deposit of dangling references stays bounded.
	maxReferenceSites = 1000000
	// maxPolicies is the most <rdePolicy:policy> objects kept (each until
	// the end of the deposit, to be applied); the rest are not applied and
	// Report.Skipped says so. RFC 9022 policies are a few per object kind.
	maxPolicies = 1000
	// maxCSVRecordBytes is the longest CSV record.
	maxCSVRecordBytes = 1 << 20
	// maxCSVFields is the most fields in a CSV record.
	maxCSVFields = 256
	// MaxCSVFileBytes is the most (decompressed) bytes read from one CSV file.
	MaxCSVFileBytes = 64 << 30
	// MaxCompressionRatio is the largest decompressed/compressed ratio accepted for a CSV file (gzip bomb guard).
	MaxCompressionRatio = 1000
	// maxDeferredCSVFiles is the most CSV child-file definitions of one
	// deposit held back, when a CSVStore rebuilds, until the main files are
	// applied (RFC 9022 §4.6.1 cascade); beyond it child files are applied
	// where they stand and a finding says so.
	maxDeferredCSVFiles = 1024
)

// Limits of RyDE files (OpenRyDE, WriteRyDE) and of the RDE report,
// notification and iirdea documents.
const (
	// MaxInflatedBytes is the most bytes a RyDE deposit may inflate to: the
	// tar member and the tar framing around it (RA Spec 2 Part A §4(3)).
	MaxInflatedBytes = 64 << 30
	// MaxRyDEPieces is the most pieces one RyDE deposit may be split into (RA Spec 2 Part A §4(4)).
	MaxRyDEPieces = 10000
	// MaxSignatureBytes is the largest detached .sig file read (RA Spec 2 Part A §4(5)).
	MaxSignatureBytes = 64 << 10
	// maxSessionKeyPackets is the most OpenPGP packets (session keys) read
	// before a RyDE file's encrypted data (OpenRyDE, RyDERecipients).
	maxSessionKeyPackets = 1000
	// MaxKeyRingBytes is the largest OpenPGP key file read by ReadKeyRing,
	// and the most bytes RyDERecipients reads.
	MaxKeyRingBytes = 4 << 20
	// MaxReportBytes is the largest rdeReport, rdeNotification or iirdea document read.
	MaxReportBytes = 1 << 20
)
