package registrar

// Limits on untrusted input. MaxFindings, MaxHandles and MaxDomainNames are
// the defaults used when the matching Config field is zero; the others
// are fixed.
const (
	// MaxRecordBytes is the longest CSV record (one line, or several when quoted).
	MaxRecordBytes = 1 << 20
	// MaxFields is the most fields in a CSV record.
	MaxFields = 256
	// MaxFileBytes is the most (decompressed, decrypted) bytes read from one file.
	MaxFileBytes = 64 << 30
	// MaxCompressionRatio is the largest decompressed/compressed ratio of a .gz file.
	MaxCompressionRatio = 1000
	// MaxFiles is the most files of one deposit.
	MaxFiles = 64
	// MaxHashFileBytes is the largest hash file read.
	MaxHashFileBytes = 1 << 20
	// MaxFindings is the most findings a Report keeps; Report.Dropped counts the rest.
	MaxFindings = 100000
	// MaxHandles is the most contact handles kept to resolve the domain file's
	// references; beyond it references are not checked and Report.Skipped says so.
	MaxHandles = 50_000_000
	// MaxDomainNames is the most domain names kept to find repeated ones
	// (about 60 bytes each); beyond it repetition is not checked and
	// Report.Skipped says so.
	MaxDomainNames = 50_000_000
)
