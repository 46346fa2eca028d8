// Package inputerr is the error of an input file that cannot be read or
// parsed, shared by the programs that run rsep (rsepcheck, tldcheck): it
// exits 2 with one line that names the path given (the operator contract
// of examples/internal/cli).
package inputerr

import (
	"strings"

	"github.com/ssrkit/ssr/trustanchor"
)

// Error is an input that cannot be read or parsed.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return Named(e.Path, e.Err) }
func (e *Error) Unwrap() error { return e.Err }

// Named renders err as "PATH: what", without the "rsep: " package prefix
// and without a second copy of the path (miekg/dns errors carry it).
func Named(path string, err error) string {
	msg := strings.TrimPrefix(err.Error(), "rsep: ")
	msg = strings.Replace(msg, path+": ", "", 1)
	msg = strings.Replace(msg, path+":", "", 1)
	return path + ": " + msg
}

// Anonymous drops trustanchor's default file names ("root-anchors.xml",
// "zone file") from err and the errors it joins, so that an Error names
// only the path given.
func Anonymous(err error) error {
	var walk func(error)
	walk = func(e error) {
		if te, ok := e.(*trustanchor.Error); ok {
			te.File = ""
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return err
}
