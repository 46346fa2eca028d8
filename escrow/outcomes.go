package escrow

// Closed sets of values that reports and results carry. Each is a string
// type, so a value prints and marshals (JSON, XML) as the text the
// specification uses.

// FileType is the {type} of a RyDE file name (RA Specification 2 Part A
// §5.3; "thin" is the BRDA file of Specification 4 §3.1).
type FileType string

// File types (RA Specification 2 Part A §5.3).
const (
	FileFull FileType = "full"
	FileDiff FileType = "diff"
	FileThin FileType = "thin"
)

// Encryption is how the data of a RyDE file is encrypted (RFC 9580 §5.7,
// §5.13).
type Encryption string

// Encryptions.
const (
	EncryptionSEIPDv1 Encryption = "SEIPDv1" // Symmetrically Encrypted and Integrity Protected Data v1, with MDC (RFC 9580 §5.13.1)
	EncryptionSEIPDv2 Encryption = "SEIPDv2" // SEIPD v2, AEAD (RFC 9580 §5.13.2)
	EncryptionAEAD    Encryption = "AEAD"    // LibrePGP's OCB Encrypted Data packet (tag 20)
	EncryptionSED     Encryption = "SED"     // Symmetrically Encrypted Data, no integrity (RFC 9580 §5.7)
)

// Compression is the compression of a RyDE file's literal data (RFC 9580
// §5.6, §9.4). An unknown algorithm reads "algorithm N".
type Compression string

// Compressions.
const (
	CompressionZIP          Compression = "ZIP"          // deflate (RFC 1951), what RA Spec 2 Part A §4(3) asks for
	CompressionZLIB         Compression = "ZLIB"         // RFC 1950
	CompressionBZIP2        Compression = "BZIP2"        // bzip2
	CompressionUncompressed Compression = "uncompressed" // a Compressed Data packet with algorithm 0
	CompressionNone         Compression = "none"         // no Compressed Data packet
)

// MarshalText implements encoding.TextMarshaler: the name String gives.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }
