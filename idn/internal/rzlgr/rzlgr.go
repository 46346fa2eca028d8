// Package rzlgr embeds ICANN's Root Zone LGR version 5 (26 May 2022), the
// Second-Level Reference LGRs (31 May 2022) and the list of TLDs delegated
// in the root zone of 2022-02-15, as published data for package idn. See
// README for provenance. Files are gzip-compressed; Open decompresses.
package rzlgr

import (
	"compress/gzip"
	"embed"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed rz-lgr-5/*.xml.gz second-level/*.xml.gz tlds-2022021501.txt
var files embed.FS

// RootZoneDir and SecondLevelDir are the folders of the two LGR sets.
const (
	RootZoneDir    = "rz-lgr-5"
	SecondLevelDir = "second-level"
)

// List returns the LGR file names (without .gz) of dir, sorted.
func List(dir string) []string {
	ents, err := fs.ReadDir(files, dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".gz"))
	}
	sort.Strings(out)
	return out
}

// Open returns the decompressed content of dir/name (name without .gz).
func Open(dir, name string) (io.ReadCloser, error) {
	f, err := files.Open(path.Join(dir, name+".gz"))
	if err != nil {
		return nil, err
	}
	z, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &closer{z, f}, nil
}

type closer struct {
	*gzip.Reader
	f fs.File
}

func (c *closer) Close() error {
	c.Reader.Close()
	return c.f.Close()
}

// DelegatedTLDs returns the TLDs (A-labels, lower case) delegated in the
// root zone with SOA serial 2022021501.
func DelegatedTLDs() []string {
	b, err := files.ReadFile("tlds-2022021501.txt")
	if err != nil {
		return nil
	}
	return strings.Fields(string(b))
}
