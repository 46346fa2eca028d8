// Package cli is the operator contract shared by the programs under
// examples/: exit codes, flag parsing, the -now time format, bounded input
// reading, one-line error messages, report summaries and the JSON style.
//
// # Exit status
//
// Every program exits with [ExitOK] (0) when everything checked is fine,
// [ExitFindings] (1) when a check found a problem in well-formed input, and
// [ExitUsage] (2) for a usage error, an I/O error or input that cannot be
// read or parsed (missing, a directory, empty, too large, binary, the wrong
// format). -h and -help print the help on standard output and exit 0; the
// help lists every flag and at least one example using each flag.
//
// # Flags
//
// [Command.Parse] accepts flags before and after positional arguments
// ("idncheck ѕһор -existing shop"); "--" ends the flags, so later words that
// start with "-" are arguments. A lone "-" is an argument: where a program
// reads one file, "-" reads standard input.
//
// # Time
//
// [ParseTime] (the -now flag of every program) accepts RFC 3339
// (2026-01-31T12:00:00Z), a date (2026-01-31, midnight UTC) and the
// YYYYMMDDhhmmss form of ldns-verify-zone -t (20260131120000, UTC).
//
// # Input
//
// [ReadFile] reads one whole input with a size limit before anything parses
// it: [MaxInputBytes] unless the program passes its own (each program
// documents its limit in its -h text). A regular file larger than the limit
// is refused before reading; a stream (standard input, a pipe, /dev/zero)
// is read up to the limit plus one byte and refused. Directories and empty
// inputs are refused, and so is binary data (a NUL byte in the first
// [TextSniffBytes]) where the program reads a text format. gzip input is recognised by its magic number when the
// program asks for it, and the limit then applies to the decompressed
// bytes. [OpenStream] is its counterpart for inputs too large to read
// whole (an escrow deposit of many gigabytes): the same refusals of a
// directory, empty and binary input at once, then a reader whose consumer
// applies its own bounds.
//
// # Messages
//
// Every error is one line, "PROGRAM: PATH: what went wrong", of at most
// [MaxMessageBytes] bytes; [Message] cuts any word of the input quoted in
// an error to [MaxQuoteBytes] bytes, turns control characters and newlines
// into escapes or spaces, and never starts with a newline.
//
// # Summaries
//
// Long reports end with counts by kind and severity ([Tally]); -max N
// (default [DefaultMax]) limits the examples printed per kind, -v prints
// all of them. The exit status does not depend on -max or -v, and -json
// output always lists every finding with the counts alongside.
//
// # JSON style
//
// -json output uses camelCase member names ("validFrom", "keyTag",
// "inVariantSet"); "alabel" and "ulabel" are single words (RFC 5890's
// A-label and U-label). A finding carries separate members: "check" (the
// check or rule code), "severity" ("error", "warning" or "notice"),
// "effect" (what it breaks), "clause" (the RFC, RA or UTS section) and
// "rstCode" (the RST test case error code) — each omitted when it does not
// apply, never packed into one string. Lists are always present, [] when
// empty, never null; an absent value is an omitted member, never a magic
// number such as -1. Times are RFC 3339 strings in UTC.
package cli
