package escrow

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"crypto"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	pgperrors "github.com/ProtonMail/go-crypto/openpgp/errors"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// RyDE errors. Each is the Kind of an [*Error] whose Clause names the rule.
var (
	// ErrSignature reports a detached signature that does not verify over its
	// piece: the piece or the signature was altered or truncated, or the
	// signing key is expired or revoked.
	ErrSignature = errors.New("bad signature")
	// ErrUnknownSigner reports a signature made by no key among the trusted signers.
	ErrUnknownSigner = errors.New("signature is not by a trusted signer")
	// ErrNoKey reports that none of the given secret keys can decrypt the deposit.
	ErrNoKey = errors.New("no usable secret key for the deposit")
	// ErrNoIntegrity reports encrypted data without integrity protection
	// (a Symmetrically Encrypted Data packet, tag 9, without MDC).
	ErrNoIntegrity = errors.New("encrypted data has no integrity protection")
	// ErrIntegrity reports an MDC or AEAD authentication failure.
	ErrIntegrity = errors.New("integrity check of the encrypted data failed")
	// ErrMissingPiece reports a gap in the piece sequence, or joined pieces that
	// end before the encrypted data does.
	ErrMissingPiece = errors.New("missing RyDE piece")
	// ErrRyDELayout reports OpenPGP or tar content that is not laid out as
	// RA Specification 2 Part A §4 requires.
	ErrRyDELayout = errors.New("not a RyDE layout")
	// ErrPieceChanged reports a piece whose bytes changed between the
	// signature check and decryption.
	ErrPieceChanged = errors.New("RyDE piece changed while it was read")
)

// Authorities cited by RyDE errors.
const (
	clauseRyDESig     = "RA Spec 2 Part A §4(5), §8(1)"
	clauseRyDEJoin    = "RA Spec 2 Part A §4(4), §8(2)"
	clauseRyDEDecrypt = "RA Spec 2 Part A §4(3), §8(3)"
	clauseRyDETar     = "RA Spec 2 Part A §4(1)-(2)"
	clauseSED         = "RFC 9580 §5.7; RA Spec 2 Part A §8(3)"
	clauseSEIPD       = "RFC 9580 §5.13; RA Spec 2 Part A §8(3)"
)

// Piece is one processed file of a RyDE deposit (RA Specification 2 Part A
// §4(4)): the .ryde bytes and the detached signature from its .sig file.
// OpenRyDE reads Data more than once, so it must be an [io.ReaderAt] over
// bytes that do not change ([*os.File] and [*bytes.Reader] are).
type Piece struct {
	Name      string      // base name of the .ryde file, e.g. "example_2026-11-22_full_S1_R0.ryde"
	Data      io.ReaderAt // the .ryde bytes
	Size      int64       // length of Data
	Signature []byte      // the .sig file: an OpenPGP detached signature (RFC 9580 §5.2), binary or ASCII-armoured (RFC 9580 §6)
}

// RyDEConfig configures [OpenRyDE]. The zero value is strict and safe.
type RyDEConfig struct {
	// MaxInflated bounds the decompressed bytes (tar member and framing);
	// zero means MaxInflatedBytes.
	MaxInflated int64
	// MaxPieces bounds the number of pieces; zero means MaxRyDEPieces.
	MaxPieces int
	// Now is the time at which keys and signatures must be valid; nil means time.Now.
	Now func() time.Time
	// InsecureAllowUnauthenticatedDeposit accepts encrypted data without
	// integrity protection (tag 9, no MDC), as one large registry
	// implementation writes it. Such data can be altered undetectably by
	// anyone between signer and reader only if the signature is also
	// bypassed, but it removes the second line of defence; keep it off.
	InsecureAllowUnauthenticatedDeposit bool
	// ExpectTLDs, if not empty, are the TLDs (A-labels) the pieces' names
	// may carry, and ExpectType, if not empty, the type ("full", "diff"
	// or "thin") they must carry (RA Spec 2 Part A §5.1, §5.3; RST rde-01
	// requires "full" and a TLD of the test). Another is an ErrFileName
	// error.
	ExpectTLDs []string
	ExpectType FileType
}

func (c *RyDEConfig) maxInflated() int64 {
	if c == nil || c.MaxInflated <= 0 {
		return MaxInflatedBytes
	}
	return c.MaxInflated
}

func (c *RyDEConfig) maxPieces() int {
	if c == nil || c.MaxPieces <= 0 {
		return MaxRyDEPieces
	}
	return c.MaxPieces
}

// checkExpectedName compares the deposit's name with ExpectTLDs and ExpectType.
func (c *RyDEConfig) checkExpectedName(fn FileName, name string) error {
	if c == nil {
		return nil
	}
	if c.ExpectType != "" && !strings.EqualFold(string(fn.Type), string(c.ExpectType)) {
		return &Error{Kind: ErrFileName, Clause: "RA Spec 2 Part A §5.3; RST rde-01", File: quoteName(name), Offset: -1, Code: codeInvalidFileName,
			Err: fmt.Errorf("type %q, expected %q", fn.Type, c.ExpectType)}
	}
	if len(c.ExpectTLDs) > 0 && !slices.ContainsFunc(c.ExpectTLDs, func(t string) bool { return strings.EqualFold(strings.TrimSuffix(t, "."), fn.TLD) }) {
		return &Error{Kind: ErrFileName, Clause: "RA Spec 2 Part A §5.1; RST rde-01", File: quoteName(name), Offset: -1, Code: codeInvalidFileName,
			Err: fmt.Errorf("TLD %q is not one of the expected %v", fn.TLD, c.ExpectTLDs)}
	}
	return nil
}

func (c *RyDEConfig) now() time.Time {
	if c == nil || c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// RyDEInfo describes an opened RyDE deposit.
type RyDEInfo struct {
	Name          FileName    // the first piece's name, Seq 1
	Pieces        []string    // piece names in order
	Signers       []string    // per piece: fingerprint (upper-case hex) of the signer's primary key
	SignedAt      []time.Time // per piece: signature creation time
	SignatureHash []string    // per piece: hash algorithm of the signature, e.g. "SHA256"
	DecryptedWith string      // fingerprint of the (sub)key that decrypted the session key
	Encryption    Encryption  // SEIPDv1 (MDC), SEIPDv2, AEAD (LibrePGP OCB) or SED (no integrity)
	Cipher        string      // symmetric cipher, e.g. "AES128"
	Integrity     bool        // false only for SED accepted with InsecureAllowUnauthenticatedDeposit
	Compression   Compression // ZIP, ZLIB, BZIP2, uncompressed (packet present) or none
	LiteralName   string      // file name in the literal data packet (should be the .tar name)
	Member        string      // name of the tar member (the deposit .xml)
	MemberSize    int64       // size of the tar member in bytes
	// MemberNamed reports whether the member is named like the RyDE file
	// with extension xml, as RA Spec 2 Part A §4(1) asks (the series'
	// first piece, S1, when split). Not an error: the name is not
	// otherwise significant.
	MemberNamed bool
}

// OpenRyDE opens a RyDE deposit: it checks the piece names (RA Specification
// 2 Part A §5), verifies each piece's detached signature against signers
// (§8(1)), joins the pieces (§8(2)), decrypts with keys and checks the MDC or
// AEAD tags (§8(3)), and only then returns a reader of the single tar member,
// decompressed as it is read.
//
// The work happens in three streaming passes over the pieces, none holding
// the deposit in memory: (1) signatures; (2) decryption to the end of the
// encrypted data, discarding the plaintext, so a missing last piece or an
// integrity failure is found before any byte is returned; (3) decryption,
// decompression and untar for the caller. The tar header's member size is
// checked against the inflation limit before the first byte is returned.
// The reader's final Read re-checks the tar trailer, the inflation limit,
// the MDC and that no piece changed since pass 1. ctx bounds passes 1 and 2.
// Pass 3 runs a few buffers ahead of the caller in a goroutine, so the
// caller's parsing and the decryption overlap; Close the reader to stop it.
//
// An error wraps one of ErrSignature, ErrUnknownSigner, ErrNoKey,
// ErrNoIntegrity, ErrIntegrity, ErrMissingPiece, ErrRyDELayout,
// ErrFileName, ErrLimitExceeded, ErrMalformed or ErrPieceChanged, and no
// reader is returned.
func OpenRyDE(ctx context.Context, pieces []Piece, keys, signers openpgp.EntityList, cfg *RyDEConfig) (io.ReadCloser, *RyDEInfo, error) {
	rc, info, err := openRyDE(ctx, pieces, keys, signers, cfg)
	if err != nil {
		setRyDECodes(err)
	}
	return rc, info, err
}

// setRyDECodes sets the RST code (rde-01 … rde-04) on every *Error in err.
func setRyDECodes(err error) {
	if e, ok := err.(*Error); ok {
		if e.Code == "" {
			e.Code = RyDECode(e)
		}
		return
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			setRyDECodes(e)
		}
	}
}

func openRyDE(ctx context.Context, pieces []Piece, keys, signers openpgp.EntityList, cfg *RyDEConfig) (io.ReadCloser, *RyDEInfo, error) {
	info := &RyDEInfo{}
	if len(pieces) == 0 {
		return nil, nil, &Error{Kind: ErrMissingPiece, Clause: clauseRyDEJoin, Offset: -1, Err: errors.New("no pieces given")}
	}
	if len(pieces) > cfg.maxPieces() {
		return nil, nil, &Error{Kind: ErrLimitExceeded, Clause: clauseRyDEJoin, Offset: -1,
			Err: fmt.Errorf("%d pieces, limit %d", len(pieces), cfg.maxPieces())}
	}
	fn, err := checkPieceNames(pieces)
	if err != nil {
		return nil, nil, err
	}
	if err := cfg.checkExpectedName(fn, pieces[0].Name); err != nil {
		return nil, nil, err
	}
	info.Name = fn
	if len(signers) == 0 {
		return nil, nil, &Error{Kind: ErrUnknownSigner, Clause: clauseRyDESig, Offset: -1, Err: errors.New("no trusted signer keys given")}
	}
	if len(keys) == 0 {
		return nil, nil, &Error{Kind: ErrNoKey, Clause: clauseRyDEDecrypt, Offset: -1, Err: errors.New("no secret keys given")}
	}
	now := cfg.now()
	pcfg := &packet.Config{Time: func() time.Time { return now }}

	// Pass 1: every signature, every piece; report all failures.
	digests := make([][]byte, len(pieces))
	var errs []error
	for i, p := range pieces {
		info.Pieces = append(info.Pieces, p.Name)
		d, sig, signer, err := verifyPiece(ctx, p, signers, pcfg)
		if err != nil {
			errs = append(errs, err)
			info.Signers = append(info.Signers, "")
			info.SignedAt = append(info.SignedAt, time.Time{})
			info.SignatureHash = append(info.SignatureHash, "")
			continue
		}
		digests[i] = d
		info.Signers = append(info.Signers, fingerprintHex(signer.PrimaryKey.Fingerprint))
		info.SignedAt = append(info.SignedAt, sig.CreationTime.UTC())
		info.SignatureHash = append(info.SignatureHash, hashName(sig.Hash))
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}

	// Pass 2: decrypt to the end, checking MDC/AEAD, discarding plaintext.
	sk, err := authenticatePieces(ctx, pieces, digests, keys, pcfg, cfg, info)
	if err != nil {
		return nil, nil, err
	}

	// Pass 3: decrypt, decompress, untar for the caller.
	rc, err := openPieces(pieces, digests, sk, cfg, info)
	if err != nil {
		return nil, nil, err
	}
	return newReadAhead(rc), info, nil
}

// checkPieceNames checks that the pieces are named by RA Spec 2 Part A §5,
// all name the same deposit, and are numbered S1..Sn in order.
func checkPieceNames(pieces []Piece) (FileName, error) {
	var first FileName
	for i, p := range pieces {
		f, err := ParseFileName(p.Name)
		if err != nil {
			return FileName{}, err
		}
		if f.Ext != "ryde" {
			return FileName{}, &Error{Kind: ErrFileName, Clause: "RA Spec 2 Part A §5.6", File: quoteName(p.Name), Offset: -1,
				Err: errors.New("a processed file has extension ryde")}
		}
		if i == 0 {
			first = f
		} else if f.TLD != first.TLD || !f.Date.Equal(first.Date) || f.Type != first.Type || f.Rev != first.Rev {
			return FileName{}, &Error{Kind: ErrFileName, Clause: clauseFileName, File: quoteName(p.Name), Offset: -1,
				Err: fmt.Errorf("piece does not belong to the same deposit as %s", pieces[0].Name)}
		}
		if f.Seq != i+1 {
			kind := ErrMissingPiece
			if f.Seq <= i {
				kind = ErrFileName
			}
			return FileName{}, &Error{Kind: kind, Clause: "RA Spec 2 Part A §5.4, §8(2)", File: quoteName(p.Name), Offset: -1,
				Err: fmt.Errorf("piece %d of the series is S%d, want S%d", i+1, f.Seq, i+1)}
		}
	}
	first.Seq = 1
	return first, nil
}

// acceptedSignatureHashes are the hashes accepted in piece signatures: the
// SHA-256 that RA Spec 2 Part A §4(5) suggests and stronger ones.
var acceptedSignatureHashes = []crypto.Hash{crypto.SHA256, crypto.SHA384, crypto.SHA512, crypto.SHA3_256, crypto.SHA3_512}

// verifyPiece streams one piece through its detached signature and returns
// the piece's SHA-256 digest.
func verifyPiece(ctx context.Context, p Piece, signers openpgp.EntityList, pcfg *packet.Config) ([]byte, *packet.Signature, *openpgp.Entity, error) {
	fail := func(kind error, err error) ([]byte, *packet.Signature, *openpgp.Entity, error) {
		return nil, nil, nil, &Error{Kind: kind, Clause: clauseRyDESig, File: quoteName(p.Name), Offset: -1, Err: err}
	}
	if len(p.Signature) == 0 {
		return fail(ErrSignature, errors.New("empty signature file"))
	}
	if len(p.Signature) > MaxSignatureBytes {
		return fail(ErrLimitExceeded, fmt.Errorf("signature file is %d bytes, limit %d", len(p.Signature), MaxSignatureBytes))
	}
	if p.Data == nil || p.Size < 0 {
		return fail(ErrMalformed, errors.New("no data"))
	}
	sigBytes := p.Signature
	if bytes.HasPrefix(bytes.TrimLeft(sigBytes, " \t\r\n"), []byte("-----BEGIN")) {
		// RA Spec 2 Part A §4(5) describes a binary .sig, but RST's
		// rde.signatureFile is ASCII-armoured (RST inputs.yaml): accept
		// both, the armour only of a signature (RFC 9580 §6.2).
		blk, err := armor.Decode(bytes.NewReader(sigBytes))
		if err != nil {
			return fail(ErrSignature, fmt.Errorf("ASCII armour: %v (RFC 9580 §6)", err))
		}
		if blk.Type != "PGP SIGNATURE" {
			return fail(ErrSignature, fmt.Errorf("ASCII armour is %q, not \"PGP SIGNATURE\" (RFC 9580 §6.2)", blk.Type))
		}
		sigBytes, err = io.ReadAll(io.LimitReader(blk.Body, MaxSignatureBytes+1))
		if err != nil {
			return fail(ErrSignature, fmt.Errorf("ASCII armour: %v (RFC 9580 §6.1)", err))
		}
	}
	d := sha256.New()
	data := io.TeeReader(&ctxReader{ctx: ctx, r: io.NewSectionReader(p.Data, 0, p.Size)}, d)
	sig, signer, err := openpgp.VerifyDetachedSignatureAndHash(signers, data, bytes.NewReader(sigBytes), acceptedSignatureHashes, pcfg)
	if err != nil {
		if ctx.Err() != nil {
			return fail(ErrMalformed, ctx.Err())
		}
		var ie *Error
		if errors.As(err, &ie) {
			return nil, nil, nil, err
		}
		if errors.Is(err, pgperrors.ErrUnknownIssuer) {
			return fail(ErrUnknownSigner, fmt.Errorf("issuer %s: %v", sigIssuers(sigBytes), err))
		}
		return fail(ErrSignature, err)
	}
	if sig.SigType != packet.SigTypeBinary {
		return fail(ErrSignature, fmt.Errorf("signature type %#x is not a binary document signature (RFC 9580 §5.2.1)", int(sig.SigType)))
	}
	return d.Sum(nil), sig, signer, nil
}

// sigIssuers lists the issuer key IDs in a detached signature, for messages.
func sigIssuers(b []byte) string {
	pr := packet.NewReader(bytes.NewReader(b))
	var ids []string
	for range 16 {
		p, err := pr.Next()
		if err != nil {
			break
		}
		if s, ok := p.(*packet.Signature); ok {
			switch {
			case len(s.IssuerFingerprint) > 0:
				ids = append(ids, fingerprintHex(s.IssuerFingerprint))
			case s.IssuerKeyId != nil:
				ids = append(ids, fmt.Sprintf("%016X", *s.IssuerKeyId))
			}
		}
	}
	if len(ids) == 0 {
		return "(none)"
	}
	return strings.Join(ids, ",")
}

// sessionKey is what pass 2 learns and pass 3 reuses.
type sessionKey struct {
	cipher packet.CipherFunction
	key    []byte
	kind   Encryption // Encryption of RyDEInfo
}

// joinedReader returns the pieces joined in order, each hashed into hs[i].
func joinedReader(ctx context.Context, pieces []Piece, hs []hash.Hash) io.Reader {
	rs := make([]io.Reader, len(pieces))
	for i, p := range pieces {
		var r io.Reader = io.NewSectionReader(p.Data, 0, p.Size)
		if ctx.Done() != nil {
			r = &ctxReader{ctx: ctx, r: r}
		}
		rs[i] = io.TeeReader(r, hs[i])
	}
	return io.MultiReader(rs...)
}

func newHashes(n int) []hash.Hash {
	hs := make([]hash.Hash, n)
	for i := range hs {
		hs[i] = sha256.New()
	}
	return hs
}

// checkDigests compares the digests of a later pass with those of pass 1.
func checkDigests(pieces []Piece, want [][]byte, hs []hash.Hash) error {
	for i, h := range hs {
		if !bytes.Equal(h.Sum(nil), want[i]) {
			return &Error{Kind: ErrPieceChanged, Clause: clauseRyDESig, File: quoteName(pieces[i].Name), Offset: -1,
				Err: errors.New("the bytes decrypted are not the bytes whose signature was verified")}
		}
	}
	return nil
}

// readEncryptedHeader reads the key packets and returns the encrypted data
// packet and the public-key encrypted session keys before it.
func readEncryptedHeader(pr *packet.Reader) ([]*packet.EncryptedKey, packet.EncryptedDataPacket, error) {
	var eks []*packet.EncryptedKey
	for n := 0; ; n++ {
		if n >= maxSessionKeyPackets {
			return nil, nil, fmt.Errorf("%w: more than maxSessionKeyPackets (%d) packets before the encrypted data", ErrLimitExceeded, maxSessionKeyPackets)
		}
		p, err := pr.Next()
		if err == io.EOF {
			return nil, nil, errors.New("no encrypted data packet")
		}
		if err != nil {
			return nil, nil, err
		}
		switch p := p.(type) {
		case *packet.EncryptedKey:
			eks = append(eks, p)
		case *packet.SymmetricKeyEncrypted:
			// A passphrase-encrypted session key; RyDE uses the agent's public key.
		case *packet.SymmetricallyEncrypted:
			return eks, p, nil
		case *packet.AEADEncrypted:
			return eks, p, nil
		default:
			return nil, nil, fmt.Errorf("unexpected %T before the encrypted data; a RyDE file is encrypted to the escrow agent's key", p)
		}
	}
}

func encryptionKind(edp packet.EncryptedDataPacket) Encryption {
	switch p := edp.(type) {
	case *packet.SymmetricallyEncrypted:
		if !p.IntegrityProtected {
			return EncryptionSED
		}
		if p.Version == 2 {
			return EncryptionSEIPDv2
		}
		return EncryptionSEIPDv1
	case *packet.AEADEncrypted:
		return EncryptionAEAD
	}
	return ""
}

// authenticatePieces is pass 2.
func authenticatePieces(ctx context.Context, pieces []Piece, digests [][]byte, keys openpgp.EntityList, pcfg *packet.Config, cfg *RyDEConfig, info *RyDEInfo) (*sessionKey, error) {
	hs := newHashes(len(pieces))
	joined := joinedReader(ctx, pieces, hs)
	fail := func(kind error, clause string, err error) (*sessionKey, error) {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, &Error{Kind: kind, Clause: clause, File: quoteName(pieces[0].Name), Offset: -1, Err: err}
	}
	pr := packet.NewReader(joined)
	eks, edp, err := readEncryptedHeader(pr)
	if err != nil {
		// Not an OpenPGP encrypted message: it cannot be decrypted (RST
		// rde-03), whereas RDE_MISSING_FILES is for what decryption yields.
		_, e := fail(ErrRyDELayout, clauseRyDEDecrypt, err)
		e.(*Error).Code = codeDecryptionFailed
		return nil, e
	}
	sk := &sessionKey{kind: encryptionKind(edp)}
	info.Encryption = sk.kind
	info.Integrity = sk.kind != EncryptionSED
	if sk.kind == EncryptionSED && (cfg == nil || !cfg.InsecureAllowUnauthenticatedDeposit) {
		return fail(ErrNoIntegrity, clauseSED,
			errors.New("symmetrically encrypted data packet (tag 9) has no MDC; set InsecureAllowUnauthenticatedDeposit to read it anyway"))
	}
	var dec io.ReadCloser
	var keyErrs []error
	for _, ek := range eks {
		var cands []openpgp.Key
		if ek.KeyId == 0 {
			cands = keys.DecryptionKeys()
		} else {
			cands = keys.KeysById(ek.KeyId)
		}
		for _, k := range cands {
			if k.PrivateKey == nil {
				continue
			}
			if k.PrivateKey.Encrypted {
				keyErrs = append(keyErrs, fmt.Errorf("secret key %s is passphrase-protected", fingerprintHex(k.PublicKey.Fingerprint)))
				continue
			}
			ek := *ek
			if err := ek.Decrypt(k.PrivateKey, pcfg); err != nil {
				keyErrs = append(keyErrs, fmt.Errorf("key %s: %v", fingerprintHex(k.PublicKey.Fingerprint), err))
				continue
			}
			d, err := edp.Decrypt(ek.CipherFunc, ek.Key)
			if err != nil {
				keyErrs = append(keyErrs, fmt.Errorf("key %s: %v", fingerprintHex(k.PublicKey.Fingerprint), err))
				continue
			}
			dec = d
			sk.cipher, sk.key = ek.CipherFunc, ek.Key
			info.DecryptedWith = fingerprintHex(k.PublicKey.Fingerprint)
			break
		}
		if dec != nil {
			break
		}
	}
	if dec == nil {
		var ids []string
		for _, ek := range eks {
			ids = append(ids, fmt.Sprintf("%016X", ek.KeyId))
		}
		msg := fmt.Sprintf("encrypted to key IDs [%s]", strings.Join(ids, " "))
		if len(keyErrs) > 0 {
			msg += ": " + errors.Join(keyErrs...).Error()
		}
		return fail(ErrNoKey, clauseRyDEDecrypt, errors.New(msg))
	}
	switch p := edp.(type) {
	case *packet.SymmetricallyEncrypted:
		if p.Version == 2 {
			info.Cipher = cipherName(p.Cipher) + "-" + aeadModeName(p.Mode)
		} else {
			info.Cipher = cipherName(sk.cipher)
		}
	case *packet.AEADEncrypted:
		info.Cipher = "AEAD"
	}
	if _, err := io.Copy(io.Discard, dec); err != nil {
		if kind := decryptErrKind(err); kind == ErrMissingPiece {
			return fail(kind, clauseRyDEJoin, fmt.Errorf("the joined pieces end before the encrypted data does (last piece missing or truncated before signing): %w", err))
		}
		return fail(decryptErrKind(err), clauseSEIPD, err)
	}
	if err := dec.Close(); err != nil {
		return fail(decryptErrKind(err), clauseSEIPD, err)
	}
	// Nothing may follow the encrypted data packet.
	if p, err := packet.Read(joined); err != io.EOF {
		if err == nil {
			err = fmt.Errorf("%T after the encrypted data", p)
		}
		_, e := fail(ErrRyDELayout, clauseRyDEDecrypt, fmt.Errorf("trailing data after the encrypted data: %v", err))
		e.(*Error).Code = codeDecryptionFailed // the OpenPGP message, not its content (RST rde-03)
		return nil, e
	}
	if err := checkDigests(pieces, digests, hs); err != nil {
		return nil, err
	}
	return sk, nil
}

// decryptErrKind classifies an error from reading decrypted data.
func decryptErrKind(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return ErrMissingPiece
	}
	var se pgperrors.SignatureError
	if errors.As(err, &se) || errors.Is(err, pgperrors.ErrMDCHashMismatch) || errors.Is(err, pgperrors.ErrMDCMissing) {
		return ErrIntegrity
	}
	var ae pgperrors.AEADError
	if errors.As(err, &ae) {
		return ErrIntegrity
	}
	return ErrIntegrity
}

// openPieces is pass 3.
func openPieces(pieces []Piece, digests [][]byte, sk *sessionKey, cfg *RyDEConfig, info *RyDEInfo) (io.ReadCloser, error) {
	hs := newHashes(len(pieces))
	joined := joinedReader(context.Background(), pieces, hs)
	file := quoteName(pieces[0].Name)
	fail := func(kind error, clause string, err error) (io.ReadCloser, error) {
		return nil, &Error{Kind: kind, Clause: clause, File: file, Offset: -1, Err: err}
	}
	pr := packet.NewReader(joined)
	_, edp, err := readEncryptedHeader(pr)
	if err != nil || encryptionKind(edp) != sk.kind {
		return nil, &Error{Kind: ErrPieceChanged, Clause: clauseRyDESig, File: file, Offset: -1, Err: err}
	}
	dec, err := edp.Decrypt(sk.cipher, sk.key)
	if err != nil {
		return fail(ErrPieceChanged, clauseRyDEDecrypt, err)
	}
	br := bufio.NewReaderSize(dec, 64<<10)
	info.Compression = peekCompression(br)
	p, err := nextContentPacket(br)
	if err != nil {
		return fail(ErrRyDELayout, clauseRyDEDecrypt, err)
	}
	var comp *packet.Compressed
	if c, ok := p.(*packet.Compressed); ok {
		comp = c
		p, err = nextContentPacket(c.Body)
		if err != nil {
			return fail(ErrRyDELayout, clauseRyDEDecrypt, err)
		}
	}
	lit, ok := p.(*packet.LiteralData)
	if !ok {
		return fail(ErrRyDELayout, clauseRyDEDecrypt, fmt.Errorf("%T where the literal data packet holding the tar file should be (RFC 9580 §5.9)", p))
	}
	info.LiteralName = lit.FileName
	limit := cfg.maxInflated()
	lr := &inflateLimiter{r: lit.Body, n: limit, file: file}
	tr := tar.NewReader(lr)
	h, err := tr.Next()
	if err != nil {
		kind := ErrRyDELayout
		if errors.Is(err, ErrLimitExceeded) {
			kind = ErrLimitExceeded
		}
		return fail(kind, clauseRyDETar, fmt.Errorf("reading the tar header: %w", err))
	}
	if err := checkTarMember(h); err != nil {
		return fail(ErrRyDELayout, clauseRyDETar, err)
	}
	// The member, its header, its padding and the end-of-archive blocks,
	// rounded up to tar's default 10240-byte record, must fit the limit, so
	// an honest tarball that inflates too much is refused before any byte
	// is returned (POSIX ustar: 512-byte blocks, two zero blocks at the end).
	if need := tarSpan(h.Size); h.Size > limit || need > limit {
		return fail(ErrLimitExceeded, "RA Spec 2 Part A §4(3); escrow.MaxInflatedBytes",
			fmt.Errorf("tar member %s is %d bytes (%d with tar framing), inflation limit %d", quoteName(h.Name), h.Size, need, limit))
	}
	info.Member = h.Name
	info.MemberSize = h.Size
	info.MemberNamed = h.Name == info.Name.WithExt("xml").String()
	r := &rydeReader{tr: tr, lr: lr, br: br, comp: comp, dec: dec, pieces: pieces, digests: digests, hs: hs, joined: joined, file: file}
	return r, nil
}

// tarSpan is the size of a one-member tar archive holding size bytes,
// rounded up to a 10240-byte record.
func tarSpan(size int64) int64 {
	if size > 1<<62 {
		return 1 << 62
	}
	n := 512 + (size+511)/512*512 + 1024
	return (n + 10239) / 10240 * 10240
}

// checkTarMember checks the one tar member: a regular file with a plain
// .xml name (RA Spec 2 Part A §4(1)-(2)).
func checkTarMember(h *tar.Header) error {
	if h.Typeflag != tar.TypeReg {
		return fmt.Errorf("tar entry %s has type %q; the tarball holds exactly one regular file", quoteName(h.Name), h.Typeflag)
	}
	name := h.Name
	if name == "" || strings.ContainsAny(name, "/\\\x00") || name == "." || name == ".." || path.Clean(name) != name {
		return fmt.Errorf("tar member name %s is not a plain file name", quoteName(name))
	}
	if !strings.HasSuffix(name, ".xml") {
		return fmt.Errorf("tar member %s is not the deposit's .xml file", quoteName(name))
	}
	if h.Size < 0 {
		return fmt.Errorf("tar member %s has negative size", quoteName(name))
	}
	return nil
}

// nextContentPacket reads the next packet, skipping marker and padding packets.
func nextContentPacket(r io.Reader) (packet.Packet, error) {
	for range 16 {
		p, err := packet.Read(r)
		if err != nil {
			if err == io.EOF {
				return nil, errors.New("no literal data packet")
			}
			return nil, err
		}
		switch p := p.(type) {
		case *packet.Marker, *packet.Padding:
			continue
		case *packet.OnePassSignature, *packet.Signature:
			return nil, fmt.Errorf("%T inside the encrypted data: RyDE signatures are detached (RA Spec 2 Part A §4(5))", p)
		default:
			return p, nil
		}
	}
	return nil, errors.New("too many marker or padding packets")
}

// peekCompression names the compression of the first packet in br, by its
// header (RFC 9580 §4.2, §5.6), without consuming it.
func peekCompression(br *bufio.Reader) Compression {
	b, _ := br.Peek(7)
	if len(b) < 2 || b[0]&0x80 == 0 {
		return ""
	}
	var tag byte
	var off int
	if b[0]&0x40 != 0 {
		tag = b[0] & 0x3f
		switch l := b[1]; {
		case l < 192:
			off = 2
		case l < 224:
			off = 3
		case l == 255:
			off = 6
		default: // partial body length
			off = 2
		}
	} else {
		tag = (b[0] >> 2) & 0x0f
		off = [4]int{2, 3, 5, 1}[b[0]&3]
	}
	if tag != 8 {
		return CompressionNone
	}
	if len(b) <= off {
		return ""
	}
	switch b[off] {
	case 0:
		return CompressionUncompressed
	case 1:
		return CompressionZIP
	case 2:
		return CompressionZLIB
	case 3:
		return CompressionBZIP2
	}
	return Compression(fmt.Sprintf("algorithm %d", b[off]))
}

// inflateLimiter counts decompressed bytes and fails past the limit.
type inflateLimiter struct {
	r    io.Reader
	n    int64 // bytes still allowed
	read int64
	file string
}

func (l *inflateLimiter) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// Allow reading EOF exactly at the limit.
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n == 0 && err != nil {
			return 0, err
		}
		return 0, &Error{Kind: ErrLimitExceeded, Clause: "RA Spec 2 Part A §4(3); escrow.MaxInflatedBytes", File: l.file, Offset: -1,
			Err: fmt.Errorf("deposit inflates to more than %d bytes", l.read)}
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	l.read += int64(n)
	return n, err
}

// rydeReader returns the tar member and runs the final checks at its end.
type rydeReader struct {
	tr      *tar.Reader
	lr      *inflateLimiter
	br      *bufio.Reader
	comp    *packet.Compressed
	dec     io.ReadCloser
	pieces  []Piece
	digests [][]byte
	hs      []hash.Hash
	joined  io.Reader
	file    string
	err     error
	closed  bool
}

func (r *rydeReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if r.closed {
		return 0, errors.New("escrow: read from closed RyDE reader")
	}
	n, err := r.tr.Read(p)
	if err == nil {
		return n, nil
	}
	if err == io.EOF {
		r.err = r.finish()
		if r.err == nil {
			r.err = io.EOF
		}
		return n, r.err
	}
	r.err = r.classify(err)
	return n, r.err
}

func (r *rydeReader) classify(err error) error {
	var ie *Error
	if errors.As(err, &ie) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{Kind: ErrRyDELayout, Clause: clauseRyDETar, File: r.file, Offset: -1, Err: fmt.Errorf("tar member truncated: %w", err)}
	}
	return &Error{Kind: ErrMalformed, Clause: clauseRyDEDecrypt, File: r.file, Offset: -1, Err: err}
}

// finish checks everything after the tar member.
func (r *rydeReader) finish() error {
	if h, err := r.tr.Next(); err != io.EOF {
		if err == nil {
			return &Error{Kind: ErrRyDELayout, Clause: clauseRyDETar, File: r.file, Offset: -1,
				Err: fmt.Errorf("second tar entry %s; the tarball holds exactly one file", quoteName(h.Name))}
		}
		return r.classify(err)
	}
	// Rest of the literal data: tar padding only.
	if _, err := io.Copy(io.Discard, r.lr); err != nil {
		return r.classify(err)
	}
	if r.comp != nil {
		if p, err := packet.Read(r.comp.Body); err != io.EOF {
			if err == nil {
				err = fmt.Errorf("%T after the literal data", p)
			}
			return &Error{Kind: ErrRyDELayout, Clause: clauseRyDEDecrypt, File: r.file, Offset: -1, Err: err}
		}
	}
	if p, err := packet.Read(r.br); err != io.EOF {
		if err == nil {
			err = fmt.Errorf("%T after the compressed data", p)
		}
		return &Error{Kind: ErrRyDELayout, Clause: clauseRyDEDecrypt, File: r.file, Offset: -1, Err: err}
	}
	if err := r.dec.Close(); err != nil {
		return &Error{Kind: decryptErrKind(err), Clause: clauseSEIPD, File: r.file, Offset: -1, Err: err}
	}
	if _, err := io.Copy(io.Discard, r.joined); err != nil {
		return r.classify(err)
	}
	return checkDigests(r.pieces, r.digests, r.hs)
}

// Close releases the reader. It does not close the pieces' Data.
func (r *rydeReader) Close() error {
	r.closed = true
	return nil
}

// ctxReader stops reading when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func fingerprintHex(fp []byte) string { return strings.ToUpper(hex.EncodeToString(fp)) }

func hashName(h crypto.Hash) string {
	switch h {
	case crypto.SHA256:
		return "SHA256"
	case crypto.SHA384:
		return "SHA384"
	case crypto.SHA512:
		return "SHA512"
	case crypto.SHA3_256:
		return "SHA3-256"
	case crypto.SHA3_512:
		return "SHA3-512"
	}
	return h.String()
}

func cipherName(c packet.CipherFunction) string {
	switch c {
	case packet.Cipher3DES:
		return "3DES"
	case packet.CipherCAST5:
		return "CAST5"
	case packet.CipherAES128:
		return "AES128"
	case packet.CipherAES192:
		return "AES192"
	case packet.CipherAES256:
		return "AES256"
	}
	return fmt.Sprintf("cipher %d", int(c))
}

func aeadModeName(m packet.AEADMode) string {
	switch m {
	case packet.AEADModeEAX:
		return "EAX"
	case packet.AEADModeOCB:
		return "OCB"
	case packet.AEADModeGCM:
		return "GCM"
	}
	return fmt.Sprintf("mode %d", int(m))
}
