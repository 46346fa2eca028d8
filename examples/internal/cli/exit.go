package cli

// Exit statuses of every program (see the package documentation).
const (
	ExitOK       = 0 // everything checked is fine; also -h
	ExitFindings = 1 // a check found a problem in well-formed input
	ExitUsage    = 2 // usage, I/O or malformed input
)
