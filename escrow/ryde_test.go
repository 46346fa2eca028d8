package escrow

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/aes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/google/go-cmp/cmp"
)

// rydeNow is the fixed time of the RyDE tests.
var rydeNow = time.Date(2026, 11, 22, 1, 2, 3, 0, time.UTC)

func rydeTestNow() time.Time { return rydeNow }

var (
	rydeKeyOnce sync.Once
	rydeKeys    map[string]*openpgp.Entity
	rydeKeyErr  error
)

// rydeKey returns a test key generated once per test binary: "agent",
// "registry", "other" (v4 EdDSA/ECDH) and "agent6", "registry6" (v6
// Ed25519/X25519 advertising SEIPDv2).
func rydeKey(t testing.TB, name string) *openpgp.Entity {
	t.Helper()
	rydeKeyOnce.Do(func() {
		rydeKeys = map[string]*openpgp.Entity{}
		born := rydeNow.Add(-24 * time.Hour)
		v4 := &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA, Time: func() time.Time { return born }}
		v6 := &packet.Config{Algorithm: packet.PubKeyAlgoEd25519, V6Keys: true, AEADConfig: &packet.AEADConfig{},
			Time: func() time.Time { return born }}
		for _, k := range []struct {
			name string
			cfg  *packet.Config
		}{{"agent", v4}, {"registry", v4}, {"other", v4}, {"agent6", v6}, {"registry6", v6}} {
			e, err := openpgp.NewEntity(k.name, "ssr test", k.name+"@example.test", k.cfg)
			if err != nil {
				rydeKeyErr = err
				return
			}
			rydeKeys[k.name] = e
		}
	})
	if rydeKeyErr != nil {
		t.Fatal(rydeKeyErr)
	}
	return rydeKeys[name]
}

// rydeDeposit returns a small deposit-like XML document of about n bytes.
func rydeDeposit(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<rde:deposit type="FULL" id="20261122001" xmlns:rde="urn:ietf:params:xml:ns:rde-1.0">` + "\n" +
		`<rde:watermark>2026-11-22T00:00:00Z</rde:watermark>` + "\n<rde:contents>\n")
	x := uint64(88172645463325252)
	for i := 0; b.Len() < n; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		fmt.Fprintf(&b, "<d i=\"%d\">d%x.example</d>\n", i, x)
	}
	b.WriteString("</rde:contents>\n</rde:deposit>\n")
	return b.Bytes()
}

// memFiles collects the files written by WriteRyDE.
type memFiles struct {
	mu    sync.Mutex
	files map[string]*bytes.Buffer
}

type memFile struct {
	*bytes.Buffer
}

func (memFile) Close() error { return nil }

func (m *memFiles) create(name string) (io.WriteCloser, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string]*bytes.Buffer{}
	}
	if _, ok := m.files[name]; ok {
		return nil, fmt.Errorf("%s exists", name)
	}
	b := new(bytes.Buffer)
	m.files[name] = b
	return memFile{b}, nil
}

var rydeName = FileName{TLD: "example", Date: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), Type: "full", Rev: 0}

// rydeWrite writes dep as a RyDE set and returns its pieces.
func rydeWrite(t testing.TB, dep []byte, split int64, recipient, signer string) ([]Piece, *RyDEWriteResult) {
	t.Helper()
	var m memFiles
	res, err := WriteRyDE(context.Background(), rydeName, bytes.NewReader(dep), int64(len(dep)), &RyDEWriteConfig{
		Recipients: openpgp.EntityList{rydeKey(t, recipient)},
		Signer:     rydeKey(t, signer),
		Create:     m.create,
		SplitSize:  split,
		Now:        rydeTestNow,
	})
	if err != nil {
		t.Fatal(err)
	}
	var pieces []Piece
	for i, n := range res.Pieces {
		data := m.files[n].Bytes()
		pieces = append(pieces, Piece{Name: n, Data: bytes.NewReader(data), Size: int64(len(data)), Signature: m.files[res.Signatures[i]].Bytes()})
	}
	return pieces, res
}

func rydeOpen(t testing.TB, pieces []Piece, key, signer string, cfg *RyDEConfig) ([]byte, *RyDEInfo, error) {
	t.Helper()
	if cfg == nil {
		cfg = &RyDEConfig{}
	}
	if cfg.Now == nil {
		cfg.Now = rydeTestNow
	}
	rc, info, err := OpenRyDE(context.Background(), pieces, openpgp.EntityList{rydeKey(t, key)}, openpgp.EntityList{rydeKey(t, signer)}, cfg)
	if err != nil {
		if rc != nil || info != nil {
			t.Errorf("OpenRyDE returned a reader or info with error %v", err)
		}
		return nil, nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	return b, info, err
}

func TestRyDERoundTrip(t *testing.T) {
	dep := rydeDeposit(50 << 10)
	for _, tc := range []struct {
		name            string
		agent, registry string
		split           int64
		wantPieces      int
		wantEncryption  Encryption
		wantCipher      string
	}{
		{"v4 one piece", "agent", "registry", 0, 1, "SEIPDv1", "AES128"},
		{"v4 split", "agent", "registry", 2000, -1, "SEIPDv1", "AES128"},
		{"v6 AEAD", "agent6", "registry6", 0, 1, "SEIPDv2", "AES128-OCB"},
		{"v6 AEAD split", "agent6", "registry6", 3000, -1, "SEIPDv2", "AES128-OCB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pieces, res := rydeWrite(t, dep, tc.split, tc.agent, tc.registry)
			if tc.wantPieces > 0 && len(pieces) != tc.wantPieces {
				t.Fatalf("%d pieces, want %d", len(pieces), tc.wantPieces)
			}
			if tc.split > 0 {
				if len(pieces) < 2 {
					t.Fatalf("split at %d gave %d pieces", tc.split, len(pieces))
				}
				for i, p := range pieces[:len(pieces)-1] {
					if p.Size != tc.split {
						t.Errorf("piece %d is %d bytes, want %d", i+1, p.Size, tc.split)
					}
				}
			}
			got, info, err := rydeOpen(t, pieces, tc.agent, tc.registry, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, dep) {
				t.Fatalf("deposit differs after round trip: got %d bytes, want %d", len(got), len(dep))
			}
			want := &RyDEInfo{
				Name:          FileName{TLD: "example", Date: rydeName.Date, Type: "full", Seq: 1, Rev: 0, Ext: "ryde"},
				Pieces:        res.Pieces,
				Encryption:    tc.wantEncryption,
				Cipher:        tc.wantCipher,
				Integrity:     true,
				Compression:   "ZIP",
				LiteralName:   "example_2026-11-22_full_S1_R0.tar",
				Member:        "example_2026-11-22_full_S1_R0.xml",
				MemberSize:    int64(len(dep)),
				MemberNamed:   true,
				DecryptedWith: info.DecryptedWith,
			}
			for range pieces {
				want.Signers = append(want.Signers, fingerprintHex(rydeKey(t, tc.registry).PrimaryKey.Fingerprint))
				want.SignedAt = append(want.SignedAt, rydeNow)
				want.SignatureHash = append(want.SignatureHash, "SHA256")
			}
			if diff := cmp.Diff(want, info); diff != "" {
				t.Errorf("info (-want +got):\n%s", diff)
			}
			if res.Encryption != tc.wantEncryption || res.Compression != "ZIP" {
				t.Errorf("write result %+v", res)
			}
		})
	}
}

// TestRyDECompressionForced checks that ZIP compression is used although
// the go-crypto recipient key advertises only "uncompressed" (go-crypto
// would silently skip compression for it).
func TestRyDECompressionForced(t *testing.T) {
	agent := rydeKey(t, "agent")
	ss, _ := agent.PrimarySelfSignature()
	for _, c := range ss.PreferredCompression {
		if c == uint8(packet.CompressionZIP) {
			t.Skip("test key advertises ZIP; the test needs one that does not")
		}
	}
	dep := bytes.Repeat([]byte("<rdeDomain:domain>aaaaaaaaaaaaaaaa</rdeDomain:domain>\n"), 20000)
	pieces, _ := rydeWrite(t, dep, 0, "agent", "registry")
	if pieces[0].Size > int64(len(dep))/10 {
		t.Errorf(".ryde is %d bytes for %d bytes of repetitive XML: not compressed", pieces[0].Size, len(dep))
	}
	_, info, err := rydeOpen(t, pieces, "agent", "registry", nil)
	if err != nil {
		t.Fatal(err)
	}
	if info.Compression != "ZIP" {
		t.Errorf("compression %q, want ZIP", info.Compression)
	}
}

// TestRyDEFailures checks that each damage gives its specific error and
// no data.
func TestRyDEFailures(t *testing.T) {
	dep := rydeDeposit(40 << 10)
	pieces, _ := rydeWrite(t, dep, 4000, "agent", "registry")
	if len(pieces) < 3 {
		t.Fatalf("want at least 3 pieces, have %d", len(pieces))
	}
	clone := func() []Piece { return append([]Piece(nil), pieces...) }
	withData := func(p Piece, b []byte) Piece {
		p.Data, p.Size = bytes.NewReader(b), int64(len(b))
		return p
	}
	bytesOf := func(p Piece) []byte {
		b := make([]byte, p.Size)
		p.Data.ReadAt(b, 0)
		return b
	}
	tests := []struct {
		name   string
		pieces func() []Piece
		key    string
		signer string
		cfg    *RyDEConfig
		want   error
	}{
		{"tampered first piece", func() []Piece {
			ps := clone()
			b := bytesOf(ps[0])
			b[len(b)/2] ^= 0x40
			ps[0] = withData(ps[0], b)
			return ps
		}, "agent", "registry", nil, ErrSignature},
		{"tampered last piece", func() []Piece {
			ps := clone()
			b := bytesOf(ps[len(ps)-1])
			b[len(b)-1] ^= 1
			ps[len(ps)-1] = withData(ps[len(ps)-1], b)
			return ps
		}, "agent", "registry", nil, ErrSignature},
		{"tampered signature", func() []Piece {
			ps := clone()
			s := bytes.Clone(ps[1].Signature)
			s[len(s)-3] ^= 0x01
			ps[1].Signature = s
			return ps
		}, "agent", "registry", nil, ErrSignature},
		{"wrong signer", clone, "agent", "other", nil, ErrUnknownSigner},
		{"wrong key", clone, "other", "registry", nil, ErrNoKey},
		{"missing middle piece", func() []Piece {
			ps := clone()
			return append(ps[:1], ps[2:]...)
		}, "agent", "registry", nil, ErrMissingPiece},
		{"missing last piece", func() []Piece {
			ps := clone()
			return ps[:len(ps)-1]
		}, "agent", "registry", nil, ErrMissingPiece},
		{"truncated file", func() []Piece {
			ps := clone()
			ps[1] = withData(ps[1], bytesOf(ps[1])[:ps[1].Size-100])
			return ps
		}, "agent", "registry", nil, ErrSignature},
		{"truncated signature", func() []Piece {
			ps := clone()
			ps[0].Signature = ps[0].Signature[:len(ps[0].Signature)/2]
			return ps
		}, "agent", "registry", nil, ErrSignature},
		{"oversize inflation", clone, "agent", "registry", &RyDEConfig{MaxInflated: 10 << 10}, ErrLimitExceeded},
		{"inflation just over the member", clone, "agent", "registry", &RyDEConfig{MaxInflated: int64(len(dep)) + 10}, ErrLimitExceeded},
		{"pieces out of order", func() []Piece {
			ps := clone()
			ps[0], ps[1] = ps[1], ps[0]
			return ps
		}, "agent", "registry", nil, ErrMissingPiece},
		{"bad name", func() []Piece {
			ps := clone()
			ps[0].Name = "example_2026-11-22_full_S1_R0.tar"
			return ps
		}, "agent", "registry", nil, ErrFileName},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _, err := rydeOpen(t, tc.pieces(), tc.key, tc.signer, tc.cfg)
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if got != nil {
				t.Errorf("got %d bytes of data with the error", len(got))
			}
			var ie *Error
			if !errors.As(err, &ie) || ie.Clause == "" {
				t.Errorf("error %v is not an *Error citing a clause", err)
			}
			t.Logf("%v", err)
		})
	}
}

// TestRyDEAllSignatureFailures checks that every bad piece is reported.
func TestRyDEAllSignatureFailures(t *testing.T) {
	pieces, _ := rydeWrite(t, rydeDeposit(20<<10), 3000, "agent", "registry")
	ps := append([]Piece(nil), pieces...)
	for _, i := range []int{0, 2} {
		b := make([]byte, ps[i].Size)
		ps[i].Data.ReadAt(b, 0)
		b[10] ^= 1
		ps[i].Data = bytes.NewReader(b)
	}
	_, _, err := rydeOpen(t, ps, "agent", "registry", nil)
	for _, i := range []int{0, 2} {
		if err == nil || !strings.Contains(err.Error(), ps[i].Name) {
			t.Errorf("error %v does not name bad piece %s", err, ps[i].Name)
		}
	}
	if err != nil && strings.Contains(err.Error(), ps[1].Name) {
		t.Errorf("error %v names good piece %s", err, ps[1].Name)
	}
}

// rydeSEDMessage builds a RyDE file the way Nomulus does: a v3 PKESK and a
// Symmetrically Encrypted Data packet (tag 9, RFC 9580 §5.7) without MDC,
// around ZIP-compressed literal data holding a tar of dep.
func rydeSEDMessage(t testing.TB, dep []byte, recipient *openpgp.Entity, member string) []byte {
	t.Helper()
	var tarBuf bytes.Buffer
	tw := tar.NewWriter(&tarBuf)
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: member, Size: int64(len(dep)), Mode: 0o600, ModTime: rydeNow}); err != nil {
		t.Fatal(err)
	}
	tw.Write(dep)
	tw.Close()
	var plain bytes.Buffer
	comp, err := packet.SerializeCompressed(nopWriteCloser{&plain}, packet.CompressionZIP, nil)
	if err != nil {
		t.Fatal(err)
	}
	lit, err := packet.SerializeLiteral(comp, true, strings.TrimSuffix(member, ".xml")+".tar", uint32(rydeNow.Unix()))
	if err != nil {
		t.Fatal(err)
	}
	lit.Write(tarBuf.Bytes())
	if err := lit.Close(); err != nil {
		t.Fatal(err)
	}
	key := make([]byte, 16)
	rand.Read(key)
	var out bytes.Buffer
	k, _ := recipient.EncryptionKey(rydeNow)
	if err := packet.SerializeEncryptedKeyAEAD(&out, k.PublicKey, packet.CipherAES128, false, key, nil); err != nil {
		t.Fatal(err)
	}
	block, _ := aes.NewCipher(key)
	stream, prefix := packet.NewOCFBEncrypter(block, randBlock(), packet.OCFBResync)
	body := make([]byte, plain.Len())
	stream.XORKeyStream(body, plain.Bytes())
	body = append(prefix, body...)
	// New-format header, tag 9, five-octet length (RFC 9580 §4.2.1).
	out.Write([]byte{0xc0 | 9, 0xff, byte(len(body) >> 24), byte(len(body) >> 16), byte(len(body) >> 8), byte(len(body))})
	out.Write(body)
	return out.Bytes()
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// rydeSign makes a detached binary SHA-256 signature.
func rydeSign(t testing.TB, signer *openpgp.Entity, data []byte) []byte {
	t.Helper()
	var sig bytes.Buffer
	if err := openpgp.DetachSign(&sig, signer, bytes.NewReader(data), &packet.Config{Time: rydeTestNow}); err != nil {
		t.Fatal(err)
	}
	return sig.Bytes()
}

func TestRyDENoMDC(t *testing.T) {
	dep := rydeDeposit(10 << 10)
	name := rydeName
	name.Seq, name.Ext = 1, "ryde"
	msg := rydeSEDMessage(t, dep, rydeKey(t, "agent"), name.WithExt("xml").String())
	pieces := []Piece{{Name: name.String(), Data: bytes.NewReader(msg), Size: int64(len(msg)), Signature: rydeSign(t, rydeKey(t, "registry"), msg)}}
	got, _, err := rydeOpen(t, pieces, "agent", "registry", nil)
	if !errors.Is(err, ErrNoIntegrity) || got != nil {
		t.Fatalf("error %v with %d bytes, want ErrNoIntegrity and no data", err, len(got))
	}
	got, info, err := rydeOpen(t, pieces, "agent", "registry", &RyDEConfig{InsecureAllowUnauthenticatedDeposit: true})
	if err != nil {
		t.Fatalf("with InsecureAllowUnauthenticatedDeposit: %v", err)
	}
	if !bytes.Equal(got, dep) || info.Integrity || info.Encryption != "SED" {
		t.Errorf("got %d bytes, info %+v", len(got), info)
	}
}

func TestRyDEContextCancel(t *testing.T) {
	pieces, _ := rydeWrite(t, rydeDeposit(10<<10), 0, "agent", "registry")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := OpenRyDE(ctx, pieces, openpgp.EntityList{rydeKey(t, "agent")}, openpgp.EntityList{rydeKey(t, "registry")}, &RyDEConfig{Now: rydeTestNow})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

func TestRyDEZeroConfigStrict(t *testing.T) {
	pieces, _ := rydeWrite(t, rydeDeposit(1<<10), 0, "agent", "registry")
	if _, _, err := OpenRyDE(context.Background(), pieces, openpgp.EntityList{rydeKey(t, "agent")}, nil, nil); !errors.Is(err, ErrUnknownSigner) {
		t.Errorf("no signers: %v, want ErrUnknownSigner", err)
	}
	if _, _, err := OpenRyDE(context.Background(), pieces, nil, openpgp.EntityList{rydeKey(t, "registry")}, nil); !errors.Is(err, ErrNoKey) {
		t.Errorf("no keys: %v, want ErrNoKey", err)
	}
	if _, _, err := OpenRyDE(context.Background(), nil, nil, nil, nil); !errors.Is(err, ErrMissingPiece) {
		t.Errorf("no pieces: %v, want ErrMissingPiece", err)
	}
}

func randBlock() []byte {
	b := make([]byte, aes.BlockSize)
	rand.Read(b)
	return b
}

// TestRyDEInflationLimitExact: a limit equal to the tar span of the member
// opens; the streaming limiter stops anything past it.
func TestRyDEInflationLimitExact(t *testing.T) {
	dep := rydeDeposit(30 << 10)
	pieces, _ := rydeWrite(t, dep, 0, "agent", "registry")
	got, _, err := rydeOpen(t, pieces, "agent", "registry", &RyDEConfig{MaxInflated: tarSpan(int64(len(dep)))})
	if err != nil || !bytes.Equal(got, dep) {
		t.Fatalf("limit = tar span: %v, %d bytes", err, len(got))
	}
	lr := &inflateLimiter{r: bytes.NewReader(make([]byte, 100)), n: 99, file: "x"}
	if _, err := io.ReadAll(lr); !errors.Is(err, ErrLimitExceeded) {
		t.Errorf("limiter over 100 bytes with limit 99: %v, want ErrLimitExceeded", err)
	}
	lr = &inflateLimiter{r: bytes.NewReader(make([]byte, 100)), n: 100, file: "x"}
	if b, err := io.ReadAll(lr); err != nil || len(b) != 100 {
		t.Errorf("limiter over 100 bytes with limit 100: %d bytes, %v", len(b), err)
	}
}

func TestRyDEWriteTooManyPieces(t *testing.T) {
	var m memFiles
	dep := rydeDeposit(200 << 10)
	_, err := WriteRyDE(context.Background(), rydeName, bytes.NewReader(dep), int64(len(dep)), &RyDEWriteConfig{
		Recipients: openpgp.EntityList{rydeKey(t, "agent")}, Signer: rydeKey(t, "registry"), Create: m.create, SplitSize: 100, MaxPieces: 5, Now: rydeTestNow,
	})
	if !errors.Is(err, ErrLimitExceeded) {
		t.Fatalf("split size 100, at most 5 pieces: %v, want ErrLimitExceeded", err)
	}
	if len(m.files) != 10 {
		t.Errorf("%d files written before the limit, want 5 pieces and 5 signatures", len(m.files))
	}
}
