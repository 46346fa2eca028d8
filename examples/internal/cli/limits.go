package cli

const (
	// MaxInputBytes is the default size limit of one input file (after
	// decompression); programs may pass a smaller or larger one to ReadFile.
	MaxInputBytes = 64 << 20
	// MaxQuoteBytes caps each word of input quoted in an error message.
	MaxQuoteBytes = 100
	// MaxMessageBytes caps one error line, program name included.
	MaxMessageBytes = 300
	// TextSniffBytes is how much of a text input ReadOptions.Text checks
	// for NUL bytes before reading the rest.
	TextSniffBytes = 4096
	// DefaultMax is the default of -max: examples printed per kind.
	DefaultMax = 5
)
