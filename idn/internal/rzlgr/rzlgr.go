// Package rzlgr embeds ICANN's Root Zone LGR version 5 (26 May 2022), the
// Second-Level Reference LGRs (31 May 2022), the Second-Level Reference LGRs
// and full-variant-set LGRs of 25 October 2024, and the list of TLDs
// delegated in the root zone of 2022-02-15, as published data for package
// idn. See README for provenance. Files are gzip-compressed; Open
// decompresses.
package rzlgr

import (
	"bytes"
	"compress/gzip"
	"embed"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed rz-lgr-5/*.xml.gz second-level/*.xml.gz ref-2024/*.xml.gz fvs-2024/*.xml.gz manifest-2024.txt tlds-2022021501.txt
var files embed.FS

// RootZoneDir and SecondLevelDir are the folders of the two LGR sets.
const (
	RootZoneDir    = "rz-lgr-5"
	SecondLevelDir = "second-level"
	// Reference2024Dir holds the 59 Second-Level Reference LGRs of
	// 2024-10-25 and FullVariant2024Dir the 59 full-variant-set LGRs of
	// the same date, each named by its RFC 5646 language tag (es.xml,
	// und-Latn.xml).
	Reference2024Dir   = "ref-2024"
	FullVariant2024Dir = "fvs-2024"
)

// Entry is one line of manifest-2024.txt: the set ("ref" or "fvs"), the
// language tag, the SHA-256 of the XML, and the version, date, Unicode
// version and ICANN file name the document gives for itself.
type Entry struct {
	Set, Tag, SHA256, Version, Date, UnicodeVersion, ICANNName string
}

// Manifest2024 returns the entries of manifest-2024.txt in file order.
func Manifest2024() []Entry {
	b, err := files.ReadFile("manifest-2024.txt")
	if err != nil {
		return nil
	}
	var out []Entry
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) != 7 {
			continue
		}
		out = append(out, Entry{Set: f[0], Tag: f[1], SHA256: f[2], Version: f[3], Date: f[4], UnicodeVersion: f[5], ICANNName: f[6]})
	}
	return out
}

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

// ReadAll returns the decompressed content of dir/name (name without .gz)
// as a string, in one allocation of the size the gzip trailer records
// (RFC 1952 §2.3.1 ISIZE), capped at max bytes, which the parser then
// slices without copying.
func ReadAll(dir, name string, max int) (string, error) {
	gz, err := files.ReadFile(path.Join(dir, name+".gz"))
	if err != nil {
		return "", err
	}
	size := 0
	if n := len(gz); n >= 4 {
		size = int(uint32(gz[n-4]) | uint32(gz[n-3])<<8 | uint32(gz[n-2])<<16 | uint32(gz[n-1])<<24)
	}
	if size > max {
		size = max
	}
	z, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return "", err
	}
	defer z.Close()
	var buf strings.Builder
	buf.Grow(size + 1)
	if _, err := io.Copy(&buf, io.LimitReader(z, int64(max)+1)); err != nil {
		return "", err
	}
	return buf.String(), nil
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
