package escrow

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"crypto"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// RyDEWriteConfig configures [WriteRyDE].
type RyDEWriteConfig struct {
	// Recipients are the escrow agent's public keys (RA Spec 2 Part A §4(3), §6). Required.
	Recipients openpgp.EntityList
	// Signer is the registry operator's secret key, unlocked (§4(5)). Required.
	Signer *openpgp.Entity
	// Create creates one output file (a .ryde piece or a .sig) by base
	// name. Required; see [CreateInDir].
	Create func(name string) (io.WriteCloser, error)
	// SplitSize splits the encrypted output into pieces of at most this many
	// bytes, each with its own signature (§4(4)); zero means one piece.
	SplitSize int64
	// MaxPieces bounds the number of pieces; zero means MaxRyDEPieces (the
	// default limit of OpenRyDE).
	MaxPieces int
	// Cipher is the symmetric cipher; zero means AES-128, which §4(3) suggests.
	Cipher packet.CipherFunction
	// CompressionLevel is the ZIP (deflate) level, 1–9; zero means 6.
	CompressionLevel int
	// Now is the time written into the signatures, the literal packet and the
	// tar header, and at which the keys must be valid; nil means time.Now.
	Now func() time.Time
	// Rand is the source of session keys and salts; nil means crypto/rand.
	Rand io.Reader
}

// RyDEWriteResult describes what [WriteRyDE] wrote.
type RyDEWriteResult struct {
	Pieces      []string    // .ryde names, in order
	Signatures  []string    // .sig names, in order
	Sizes       []int64     // size of each piece
	Encryption  Encryption  // SEIPDv1 or SEIPDv2
	Cipher      string      // e.g. "AES128" or "AES128-OCB"
	Compression Compression // always ZIP
	Member      string      // tar member (the deposit .xml name)
}

// WriteRyDE turns a deposit into a RyDE file set (RA Specification 2 Part A
// §4): the size bytes read from deposit become the single member
// {name}.xml of the tarball {name}.tar (§4(1)-(2)), which is put in a binary
// literal data packet, compressed with ZIP (RFC 9580 §5.6; always, whatever
// the recipient key's preferences say), encrypted to the recipients (SEIPD
// version 2 with OCB when every recipient key advertises it, RFC 9580 §5.13.2,
// else version 1 with MDC) and split into pieces of at most SplitSize bytes
// named from name with S1, S2, … (§5). Each piece gets a detached binary
// SHA-256 signature in its .sig file (§4(5)).
//
// name gives the TLD, watermark date, type and revision; its Seq and Ext are
// ignored. On error, the files already created are listed in the result and
// should be removed by the caller.
func WriteRyDE(ctx context.Context, name FileName, deposit io.Reader, size int64, cfg *RyDEWriteConfig) (*RyDEWriteResult, error) {
	res := &RyDEWriteResult{Compression: CompressionZIP}
	fail := func(kind error, clause string, err error) (*RyDEWriteResult, error) {
		return res, &Error{Kind: kind, Clause: clause, File: quoteName(name.String()), Offset: -1, Err: err}
	}
	if cfg == nil || cfg.Create == nil || cfg.Signer == nil || len(cfg.Recipients) == 0 {
		return fail(ErrInvalid, clauseRyDEDecrypt, errors.New("WriteRyDE needs Recipients, Signer and Create"))
	}
	name.Seq, name.Ext = 1, "ryde"
	if err := name.Validate(); err != nil {
		return res, err
	}
	if size < 0 {
		return fail(ErrInvalid, clauseRyDETar, errors.New("negative deposit size"))
	}
	now := time.Now()
	if cfg.Now != nil {
		now = cfg.Now()
	}
	pcfg := &packet.Config{Time: func() time.Time { return now }, Rand: cfg.Rand, DefaultHash: crypto.SHA256}
	signKey, ok := cfg.Signer.SigningKey(now)
	if !ok || signKey.PrivateKey == nil {
		return fail(ErrInvalid, clauseRyDESig, errors.New("signer has no valid signing key with its secret part"))
	}
	if signKey.PrivateKey.Encrypted {
		return fail(ErrInvalid, clauseRyDESig, errors.New("signing key is passphrase-protected; decrypt it first"))
	}
	cipher := cfg.Cipher
	if cipher == 0 {
		cipher = packet.CipherAES128
	}
	if cipher.KeySize() == 0 {
		return fail(ErrInvalid, clauseRyDEDecrypt, fmt.Errorf("unsupported cipher %d", int(cipher)))
	}
	aead := true
	var encKeys []openpgp.Key
	for _, e := range cfg.Recipients {
		k, ok := e.EncryptionKey(now)
		if !ok {
			return fail(ErrInvalid, clauseRyDEDecrypt, fmt.Errorf("recipient %s has no valid encryption key", fingerprintHex(e.PrimaryKey.Fingerprint)))
		}
		encKeys = append(encKeys, k)
		if ss, _ := e.PrimarySelfSignature(); ss == nil || !ss.SEIPDv2 {
			aead = false
		}
	}
	suite := packet.CipherSuite{Cipher: cipher, Mode: packet.AEADModeOCB}
	if aead {
		pcfg.AEADConfig = &packet.AEADConfig{DefaultMode: packet.AEADModeOCB}
		res.Encryption, res.Cipher = EncryptionSEIPDv2, cipherName(cipher)+"-OCB"
	} else {
		res.Encryption, res.Cipher = EncryptionSEIPDv1, cipherName(cipher)
	}
	level := cfg.CompressionLevel
	if level == 0 {
		level = 6
	}
	if level < 1 || level > 9 {
		return fail(ErrInvalid, clauseRyDEDecrypt, fmt.Errorf("compression level %d is not 1 to 9", level))
	}

	pw := &pieceWriter{name: name, cfg: cfg, pcfg: pcfg, signKey: signKey, split: cfg.SplitSize, res: res, now: now}
	symKey := make([]byte, cipher.KeySize())
	if _, err := io.ReadFull(pcfg.Random(), symKey); err != nil {
		return fail(ErrInvalid, clauseRyDEDecrypt, err)
	}
	for _, k := range encKeys {
		if err := packet.SerializeEncryptedKeyAEAD(pw, k.PublicKey, cipher, aead, symKey, pcfg); err != nil {
			return failWrite(res, pw, name, err)
		}
	}
	enc, err := packet.SerializeSymmetricallyEncrypted(pw, cipher, aead, suite, symKey, pcfg)
	if err != nil {
		return failWrite(res, pw, name, err)
	}
	comp, err := packet.SerializeCompressed(enc, packet.CompressionZIP, &packet.CompressionConfig{Level: level})
	if err != nil {
		return failWrite(res, pw, name, err)
	}
	tarName := name.WithExt("tar").String()
	lit, err := packet.SerializeLiteral(comp, true, tarName, uint32(now.Unix()))
	if err != nil {
		return failWrite(res, pw, name, err)
	}
	bw := bufio.NewWriterSize(lit, 256<<10)
	tw := tar.NewWriter(bw)
	res.Member = name.WithExt("xml").String()
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: res.Member, Mode: 0o600, Size: size, ModTime: now.UTC().Truncate(time.Second)}
	if err := tw.WriteHeader(hdr); err != nil {
		return failWrite(res, pw, name, err)
	}
	n, err := io.Copy(tw, &ctxReader{ctx: ctx, r: deposit})
	if err != nil {
		return failWrite(res, pw, name, fmt.Errorf("after %d of %d deposit bytes: %w", n, size, err))
	}
	if n != size {
		return failWrite(res, pw, name, fmt.Errorf("deposit has %d bytes, %d announced", n, size))
	}
	// One more byte would mean the deposit is longer than announced.
	var one [1]byte
	if m, _ := deposit.Read(one[:]); m > 0 {
		return failWrite(res, pw, name, fmt.Errorf("deposit is longer than the %d bytes announced", size))
	}
	if err := tw.Close(); err != nil {
		return failWrite(res, pw, name, err)
	}
	if err := bw.Flush(); err != nil {
		return failWrite(res, pw, name, err)
	}
	if err := lit.Close(); err != nil { // closes the compressed and encrypted layers too
		return failWrite(res, pw, name, err)
	}
	if err := pw.finish(); err != nil {
		return failWrite(res, pw, name, err)
	}
	return res, nil
}

func failWrite(res *RyDEWriteResult, pw *pieceWriter, name FileName, err error) (*RyDEWriteResult, error) {
	pw.abort()
	var ie *Error
	if errors.As(err, &ie) {
		return res, err
	}
	return res, &Error{Kind: ErrInvalid, Clause: "RA Spec 2 Part A §4", File: quoteName(name.String()), Offset: -1, Err: err}
}

// pieceWriter writes the encrypted stream into pieces and signs each.
type pieceWriter struct {
	name    FileName
	cfg     *RyDEWriteConfig
	pcfg    *packet.Config
	signKey openpgp.Key
	split   int64
	res     *RyDEWriteResult
	now     time.Time

	cur     io.WriteCloser
	curBuf  *bufio.Writer
	curSize int64
	sig     *packet.Signature
	h       hash.Hash
	err     error
}

func (w *pieceWriter) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	written := 0
	for len(p) > 0 {
		if w.cur == nil {
			if w.err = w.open(); w.err != nil {
				return written, w.err
			}
		}
		chunk := p
		if w.split > 0 && int64(len(chunk)) > w.split-w.curSize {
			chunk = chunk[:w.split-w.curSize]
		}
		n, err := w.curBuf.Write(chunk)
		w.h.Write(chunk[:n])
		w.curSize += int64(n)
		written += n
		p = p[n:]
		if err != nil {
			w.err = err
			return written, err
		}
		if w.split > 0 && w.curSize >= w.split {
			if w.err = w.closePiece(); w.err != nil {
				return written, w.err
			}
		}
	}
	return written, nil
}

func (w *pieceWriter) open() error {
	seq := len(w.res.Pieces) + 1
	max := w.cfg.MaxPieces
	if max <= 0 {
		max = MaxRyDEPieces
	}
	if seq > max {
		return &Error{Kind: ErrLimitExceeded, Clause: clauseRyDEJoin, File: quoteName(w.name.String()), Offset: -1,
			Err: fmt.Errorf("split size %d makes more than %d pieces", w.split, max)}
	}
	fn := w.name
	fn.Seq, fn.Ext = seq, "ryde"
	f, err := w.cfg.Create(fn.String())
	if err != nil {
		return err
	}
	w.res.Pieces = append(w.res.Pieces, fn.String())
	w.res.Sizes = append(w.res.Sizes, 0)
	w.cur, w.curBuf, w.curSize = f, bufio.NewWriterSize(f, 256<<10), 0
	pub := w.signKey.PublicKey
	w.sig = &packet.Signature{
		Version:           pub.Version,
		SigType:           packet.SigTypeBinary,
		PubKeyAlgo:        pub.PubKeyAlgo,
		Hash:              crypto.SHA256,
		CreationTime:      w.now,
		IssuerKeyId:       &pub.KeyId,
		IssuerKeyVersion:  uint8(pub.Version),
		IssuerFingerprint: pub.Fingerprint,
	}
	w.h, err = w.sig.PrepareSign(w.pcfg)
	return err
}

func (w *pieceWriter) closePiece() error {
	if err := w.curBuf.Flush(); err != nil {
		return err
	}
	if err := w.cur.Close(); err != nil {
		return err
	}
	w.res.Sizes[len(w.res.Sizes)-1] = w.curSize
	w.cur = nil
	if err := w.sig.Sign(w.h, w.signKey.PrivateKey, w.pcfg); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := w.sig.Serialize(&buf); err != nil {
		return err
	}
	fn := w.name
	fn.Seq, fn.Ext = len(w.res.Pieces), "sig"
	f, err := w.cfg.Create(fn.String())
	if err != nil {
		return err
	}
	w.res.Signatures = append(w.res.Signatures, fn.String())
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Close is a no-op so the encryption layers can close their writer; finish ends the last piece.
func (w *pieceWriter) Close() error { return nil }

func (w *pieceWriter) finish() error {
	if w.err != nil {
		return w.err
	}
	if w.cur == nil {
		return nil
	}
	return w.closePiece()
}

func (w *pieceWriter) abort() {
	if w.cur != nil {
		w.cur.Close()
		w.cur = nil
	}
}

// CreateInDir returns a Create function for [RyDEWriteConfig] that creates
// new files (mode 0600, never overwriting) in dir.
func CreateInDir(dir string) func(name string) (io.WriteCloser, error) {
	return func(name string) (io.WriteCloser, error) {
		if name != filepath.Base(name) {
			return nil, fmt.Errorf("escrow: output name %q is not a base name", name)
		}
		return os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	}
}
