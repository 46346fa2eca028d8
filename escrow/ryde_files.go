package escrow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp"
)

// OpenRyDEFiles opens a RyDE deposit from files: paths name the .ryde
// pieces (in any order; they are sorted by their S number), and each
// piece's signature is read from the file beside it with extension .sig
// (RA Spec 2 Part A §5.6). It then works as [OpenRyDE]. Closing the
// returned reader closes the files.
func OpenRyDEFiles(ctx context.Context, paths []string, keys, signers openpgp.EntityList, cfg *RyDEConfig) (io.ReadCloser, *RyDEInfo, error) {
	rc, info, err := openRyDEFiles(ctx, paths, keys, signers, cfg)
	if err != nil {
		setRyDECodes(err)
	}
	return rc, info, err
}

func openRyDEFiles(ctx context.Context, paths []string, keys, signers openpgp.EntityList, cfg *RyDEConfig) (io.ReadCloser, *RyDEInfo, error) {
	if len(paths) > cfg.maxPieces() {
		return nil, nil, &Error{Kind: ErrLimitExceeded, Clause: clauseRyDEJoin, Offset: -1,
			Err: fmt.Errorf("%d pieces, limit %d", len(paths), cfg.maxPieces())}
	}
	type named struct {
		path string
		fn   FileName
	}
	var ns []named
	for _, p := range paths {
		fn, err := ParseFileName(filepath.Base(p))
		if err != nil {
			return nil, nil, err
		}
		ns = append(ns, named{p, fn})
	}
	sort.SliceStable(ns, func(i, j int) bool { return ns[i].fn.Seq < ns[j].fn.Seq })
	var files []*os.File
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	pieces := make([]Piece, 0, len(ns))
	for _, n := range ns {
		f, err := os.Open(n.path)
		if err != nil {
			closeAll()
			return nil, nil, &Error{Kind: ErrMissingPiece, Clause: clauseRyDEJoin, File: quoteName(filepath.Base(n.path)), Offset: -1, Err: err}
		}
		files = append(files, f)
		st, err := f.Stat()
		if err != nil {
			closeAll()
			return nil, nil, &Error{Kind: ErrMalformed, Clause: clauseRyDEJoin, File: quoteName(filepath.Base(n.path)), Offset: -1, Err: err}
		}
		sigPath := strings.TrimSuffix(n.path, ".ryde") + ".sig"
		sig, err := readCapped(sigPath, MaxSignatureBytes, "MaxSignatureBytes")
		if err != nil {
			closeAll()
			kind := ErrSignature
			if errors.Is(err, ErrLimitExceeded) {
				kind = ErrLimitExceeded
			}
			return nil, nil, &Error{Kind: kind, Clause: clauseRyDESig, File: quoteName(filepath.Base(sigPath)), Offset: -1, Err: err}
		}
		pieces = append(pieces, Piece{Name: filepath.Base(n.path), Data: f, Size: st.Size(), Signature: sig})
	}
	rc, info, err := OpenRyDE(ctx, pieces, keys, signers, cfg)
	if err != nil {
		closeAll()
		return nil, nil, err
	}
	return &filesReadCloser{ReadCloser: rc, files: files}, info, nil
}

type filesReadCloser struct {
	io.ReadCloser
	files []*os.File
}

func (f *filesReadCloser) Close() error {
	err := f.ReadCloser.Close()
	for _, x := range f.files {
		if e := x.Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

// readCapped reads a whole file of at most max bytes; the error names the
// limit.
func readCapped(path string, max int64, limit string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: file is larger than %s (%d bytes)", ErrLimitExceeded, limit, max)
	}
	return b, nil
}

// ReadKeyRing reads OpenPGP keys (RFC 9580 §10.1 transferable keys), binary
// or ASCII-armored (RFC 9580 §6), from at most MaxKeyRingBytes of r.
func ReadKeyRing(r io.Reader) (openpgp.EntityList, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxKeyRingBytes+1))
	if err != nil {
		return nil, &Error{Kind: ErrMalformed, Clause: "RFC 9580 §10.1", Offset: -1, Err: err}
	}
	if len(b) > MaxKeyRingBytes {
		return nil, &Error{Kind: ErrLimitExceeded, Clause: "RFC 9580 §10.1", Offset: -1, Err: fmt.Errorf("key file is larger than %d bytes", MaxKeyRingBytes)}
	}
	var el openpgp.EntityList
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("-----BEGIN PGP")) {
		el, err = openpgp.ReadArmoredKeyRing(bytes.NewReader(b))
	} else {
		el, err = openpgp.ReadKeyRing(bytes.NewReader(b))
	}
	if err != nil {
		return nil, &Error{Kind: ErrMalformed, Clause: "RFC 9580 §10.1", Offset: -1, Err: err}
	}
	if len(el) == 0 {
		return nil, &Error{Kind: ErrMalformed, Clause: "RFC 9580 §10.1", Offset: -1, Err: errors.New("no keys")}
	}
	return el, nil
}

// readKeyRingFile reads a key file with [ReadKeyRing].
func readKeyRingFile(path string) (openpgp.EntityList, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	el, err := ReadKeyRing(f)
	if err != nil {
		var ie *Error
		if errors.As(err, &ie) {
			ie.File = quoteName(filepath.Base(path))
		}
	}
	return el, err
}
