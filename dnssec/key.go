package dnssec

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"

	"github.com/cloudflare/circl/sign/ed448"

	"github.com/miekg/dns"

	"github.com/ssrkit/ssr/dnssec/internal/rsapub"
)

// Key errors.
var (
	// ErrUnsupportedAlgorithm reports a DNSKEY, RRSIG or DS algorithm (or key
	// size) this package does not validate. It is not bogus: a zone signed
	// only with unsupported algorithms is insecure (RFC 4035 §5.2, RFC 6840
	// §5.2).
	ErrUnsupportedAlgorithm = errors.New("unsupported algorithm")
	// ErrBadKey reports DNSKEY public-key material that does not decode for
	// its algorithm (RFC 3110 §2, RFC 6605 §4, RFC 8080 §3).
	ErrBadKey = newKind("malformed public key", ErrBogus)
)

// Key is a DNSKEY parsed once for repeated verification: the public key is
// decoded and the key tag computed a single time.
type Key struct {
	DNSKEY *dns.DNSKEY
	Tag    uint16

	owner   []byte // canonical wire owner name
	hash    crypto.Hash
	rsa     *rsa.PublicKey
	rsaPub  *rsapub.PublicKey // RSA with the modulus prepared once (amd64 ADX), else nil
	small   bool              // RSA modulus below MinRSAModulusBits: verified with math/big
	ecdsa   *ecdsa.PublicKey
	ed25519 ed25519.PublicKey
	ed448   ed448.PublicKey
	// custom verifies with an algorithm outside this package's support; set
	// only by the test-only replay policy of Config (see replayPolicy).
	custom func(data, sig []byte) bool
}

// NewKey parses k for verification with VerifyRRSIG. It supports the
// algorithms of RFC 8624 §3.1 that are MUST or RECOMMENDED for validation
// and not deprecated: 8, 10, 13, 14, 15 and 16. Algorithms 5 and 7 (SHA-1,
// deprecated by RFC 9905) need NewKeyAllowDeprecated. The error is an
// *Error of kind ErrUnsupportedAlgorithm (insecure) or ErrBadKey.
func NewKey(k *dns.DNSKEY) (*Key, error) { return newKey(k, false) }

// NewKeyAllowDeprecated is NewKey that also accepts the deprecated SHA-1
// algorithms 5 and 7 and RSA moduli of 512–1023 bits (RFC 3110 §2). Use it
// only when a configuration sets AllowDeprecatedAlgorithms.
func NewKeyAllowDeprecated(k *dns.DNSKEY) (*Key, error) { return newKey(k, true) }

func newKey(k *dns.DNSKEY, allowDeprecated bool) (*Key, error) {
	if k == nil {
		return nil, &Error{Kind: ErrMalformed, Clause: "RFC 4034 §2.1", Err: errors.New("nil DNSKEY")}
	}
	fail := func(kind error, clause string, err error) (*Key, error) {
		return nil, &Error{Kind: kind, Clause: clause, RR: k, Err: err}
	}
	st := AlgorithmStatus(k.Algorithm)
	if !st.Supported {
		return fail(ErrUnsupportedAlgorithm, "RFC 8624 §3.1", fmt.Errorf("algorithm %d (%s)", k.Algorithm, st.Name))
	}
	if st.Deprecated && !allowDeprecated {
		return fail(ErrUnsupportedAlgorithm, "RFC 9905 §2", fmt.Errorf("algorithm %d (%s) is deprecated; AllowDeprecatedAlgorithms is off", k.Algorithm, st.Name))
	}
	owner, err := appendCanonicalName(nil, k.Hdr.Name)
	if err != nil {
		return fail(ErrMalformed, "RFC 1035 §3.1", err)
	}
	pub, err := base64.StdEncoding.DecodeString(k.PublicKey)
	if err != nil {
		return fail(ErrBadKey, "RFC 4034 §2.2", err)
	}
	key := &Key{DNSKEY: k, Tag: k.KeyTag(), owner: owner}
	switch k.Algorithm {
	case dns.RSASHA1, dns.RSASHA1NSEC3SHA1, dns.RSASHA256, dns.RSASHA512:
		key.hash = crypto.SHA256
		switch k.Algorithm {
		case dns.RSASHA1, dns.RSASHA1NSEC3SHA1:
			key.hash = crypto.SHA1
		case dns.RSASHA512:
			key.hash = crypto.SHA512
		}
		// RFC 3110 §2: exponent length (1 octet, or 0 then 2 octets), exponent, modulus.
		if len(pub) < 3 {
			return fail(ErrBadKey, "RFC 3110 §2", errors.New("RSA key too short"))
		}
		elen, off := int(pub[0]), 1
		if elen == 0 {
			elen, off = int(pub[1])<<8|int(pub[2]), 3
		}
		if elen == 0 || off+elen >= len(pub) {
			return fail(ErrBadKey, "RFC 3110 §2", errors.New("RSA exponent length out of range"))
		}
		if elen > 4 {
			return fail(ErrUnsupportedAlgorithm, "RFC 3110 §2", fmt.Errorf("RSA public exponent of %d octets is not supported", elen))
		}
		e := 0
		for _, b := range pub[off : off+elen] {
			e = e<<8 | int(b)
		}
		if e < 3 || e > 1<<31-1 || e%2 == 0 {
			return fail(ErrUnsupportedAlgorithm, "RFC 3110 §2", fmt.Errorf("RSA public exponent %d is not supported", e))
		}
		n := new(big.Int).SetBytes(pub[off+elen:])
		bits := n.BitLen()
		min := MinRSAModulusBits
		if allowDeprecated {
			min = 512
		}
		if bits < min || bits > MaxRSAModulusBits {
			return fail(ErrUnsupportedAlgorithm, "RFC 3110 §2, RFC 5702 §2.1", fmt.Errorf("RSA modulus of %d bits is outside %d–%d", bits, min, MaxRSAModulusBits))
		}
		key.rsa = &rsa.PublicKey{N: n, E: e}
		key.small = bits < 1024
		if rsaPrepared {
			// An even modulus is refused here and left to crypto/rsa,
			// which refuses its signatures.
			key.rsaPub, _ = rsapub.New(n, uint64(e))
		}
	case dns.ECDSAP256SHA256, dns.ECDSAP384SHA384:
		curve, size, h := elliptic.P256(), 64, crypto.SHA256
		if k.Algorithm == dns.ECDSAP384SHA384 {
			curve, size, h = elliptic.P384(), 96, crypto.SHA384
		}
		if len(pub) != size {
			return fail(ErrBadKey, "RFC 6605 §4", fmt.Errorf("ECDSA key is %d octets, want %d", len(pub), size))
		}
		pk, err := ecdsa.ParseUncompressedPublicKey(curve, append([]byte{4}, pub...))
		if err != nil {
			return fail(ErrBadKey, "RFC 6605 §4", err)
		}
		key.ecdsa, key.hash = pk, h
	case dns.ED25519:
		if len(pub) != ed25519.PublicKeySize {
			return fail(ErrBadKey, "RFC 8080 §3", fmt.Errorf("Ed25519 key is %d octets, want %d", len(pub), ed25519.PublicKeySize))
		}
		key.ed25519 = ed25519.PublicKey(pub)
	case dns.ED448:
		if len(pub) != ed448.PublicKeySize {
			return fail(ErrBadKey, "RFC 8080 §3", fmt.Errorf("Ed448 key is %d octets, want %d", len(pub), ed448.PublicKeySize))
		}
		key.ed448 = ed448.PublicKey(pub)
	default:
		return fail(ErrUnsupportedAlgorithm, "RFC 8624 §3.1", fmt.Errorf("algorithm %d", k.Algorithm))
	}
	return key, nil
}

// digest hashes data with the key's hash into dst's backing array.
func (k *Key) digest(dst []byte, data []byte) []byte {
	switch k.hash {
	case crypto.SHA1:
		s := sha1.Sum(data)
		return append(dst, s[:]...)
	case crypto.SHA256:
		s := sha256.Sum256(data)
		return append(dst, s[:]...)
	case crypto.SHA384:
		s := sha512.Sum384(data)
		return append(dst, s[:]...)
	case crypto.SHA512:
		s := sha512.Sum512(data)
		return append(dst, s[:]...)
	}
	return dst
}

// verify checks sig over the signed data (RFC 4034 §3.1.8.1) with the
// key's algorithm: RSA PKCS #1 v1.5 (RFC 3110 §3, RFC 5702 §3), ECDSA with
// r||s (RFC 6605 §4), Ed25519 and Ed448 (RFC 8080 §4).
func (k *Key) verify(data, sig []byte) bool {
	switch {
	case k.custom != nil:
		return k.custom(data, sig)
	case k.ed25519 != nil:
		return len(sig) == ed25519.SignatureSize && ed25519.Verify(k.ed25519, data, sig)
	case k.ed448 != nil:
		return len(sig) == ed448.SignatureSize && ed448.Verify(k.ed448, data, sig, "") // RFC 8080 §4: empty context
	}
	var buf [64]byte
	h := k.digest(buf[:0], data)
	switch {
	case k.ecdsa != nil:
		size := (k.ecdsa.Curve.Params().BitSize + 7) / 8
		if len(sig) != 2*size {
			return false
		}
		var der [2*(2+1+48) + 2]byte
		return ecdsa.VerifyASN1(k.ecdsa, h, ecdsaDER(der[:0], sig[:size], sig[size:]))
	case k.rsaPub != nil:
		var emBuf [rsapub.MaxModulusBits / 8]byte
		em, ok := k.rsaPub.RSAVP1(emBuf[:0], sig)
		return ok && pkcs1v15Encoded(em, k.hash, h)
	case k.rsa != nil && k.small:
		return verifySmallRSA(k.rsa, k.hash, h, sig)
	case k.rsa != nil:
		return rsa.VerifyPKCS1v15(k.rsa, k.hash, h, sig) == nil
	}
	return false
}

// ecdsaDER appends the DER Ecdsa-Sig-Value (RFC 5480 §2.2.3 via RFC 6605
// §4: r and s as big-endian integers of the curve size) of the DNSSEC
// signature r||s, with minimal INTEGER encodings (X.690 §8.3.2). Going
// through ecdsa.VerifyASN1 this way allocates half as much as ecdsa.Verify
// with big.Int values, which encodes the same DER itself.
func ecdsaDER(dst, r, s []byte) []byte {
	integer := func(dst, v []byte) []byte {
		for len(v) > 1 && v[0] == 0 {
			v = v[1:]
		}
		if v[0]&0x80 != 0 {
			return append(append(dst, 0x02, byte(len(v)+1), 0), v...)
		}
		return append(append(dst, 0x02, byte(len(v))), v...)
	}
	var body [2 * (2 + 1 + 48)]byte
	b := integer(integer(body[:0], r), s)
	return append(append(dst, 0x30, byte(len(b))), b...)
}

// rsaPrepared selects internal/rsapub for RSA keys: crypto/rsa rebuilds
// its Montgomery modulus on every verification, rsapub keeps it with the
// key (2048 bits: 21 µs instead of 35–39 µs). It is on only where rsapub
// has its assembly; elsewhere crypto/rsa is faster.
var rsaPrepared = rsapub.Accelerated

// digestInfo holds the DER DigestInfo prefixes of RFC 8017 §9.2 note 1.
var digestInfo = map[crypto.Hash][]byte{
	crypto.SHA1:   {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14},
	crypto.SHA256: {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20},
	crypto.SHA512: {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40},
}

// verifySmallRSA is RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) for
// moduli below 1024 bits, which crypto/rsa refuses. It is reachable only
// through NewKeyAllowDeprecated.
func verifySmallRSA(pub *rsa.PublicKey, h crypto.Hash, hashed, sig []byte) bool {
	k := (pub.N.BitLen() + 7) / 8
	if len(sig) != k {
		return false
	}
	s := new(big.Int).SetBytes(sig)
	if s.Cmp(pub.N) >= 0 {
		return false
	}
	m := new(big.Int).Exp(s, big.NewInt(int64(pub.E)), pub.N)
	return pkcs1v15Encoded(m.FillBytes(make([]byte, k)), h, hashed)
}

// pkcs1v15Encoded reports whether em is the EMSA-PKCS1-v1_5 encoding of
// the digest hashed (RFC 8017 §9.2): 0x00 0x01, at least eight 0xff, 0x00,
// the DigestInfo prefix and the digest. Every value compared is public.
func pkcs1v15Encoded(em []byte, h crypto.Hash, hashed []byte) bool {
	prefix := digestInfo[h]
	k, tLen := len(em), len(prefix)+len(hashed)
	if prefix == nil || k < tLen+11 || em[0] != 0 || em[1] != 1 || em[k-tLen-1] != 0 {
		return false
	}
	for _, b := range em[2 : k-tLen-1] {
		if b != 0xff {
			return false
		}
	}
	return subtle.ConstantTimeCompare(em[k-tLen:k-len(hashed)], prefix) == 1 &&
		subtle.ConstantTimeCompare(em[k-len(hashed):], hashed) == 1
}
