package registrar

import (
	"bytes"
	"compress/zlib"
	"crypto/rand"
	"encoding/binary"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// packetBytes frames body as a new-format OpenPGP packet (RFC 9580 §4.2)
// with a five-octet length.
func packetBytes(tag byte, body []byte) []byte {
	h := []byte{0xC0 | tag, 0xFF, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(h[2:], uint32(len(body)))
	return append(h, body...)
}

// compressedPacket is a ZLIB compressed data packet (RFC 9580 §5.6) holding
// the packet bytes produced by write.
func compressedPacket(t *testing.T, write func(w *zlib.Writer)) []byte {
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	write(zw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return packetBytes(8, append([]byte{2}, z.Bytes()...))
}

// TestOpenPGPCompressionBomb: compression inside the OpenPGP message (here
// two nested compressed packets around 60 MiB of CSV rows) is bounded by
// MaxCompressionRatio like the .gz layer, instead of being read to
// MaxFileBytes.
func TestOpenPGPCompressionBomb(t *testing.T) {
	const head = "domain,expiration_date\n"
	row := []byte("a.example,2027-01-01 00:00:00\n") // 30 bytes
	const n = len(head) + 30*(1<<21)                 // 60 MiB of rows
	inner := compressedPacket(t, func(w *zlib.Writer) {
		hdr := []byte{0xCB, 0xFF, 0, 0, 0, 0, 'b', 0, 0, 0, 0, 0}
		binary.BigEndian.PutUint32(hdr[2:], uint32(n+6))
		w.Write(hdr)
		w.Write([]byte(head))
		rows := bytes.Repeat(row, 1<<15)
		for range 1 << 6 {
			w.Write(rows)
		}
	})
	outer := compressedPacket(t, func(w *zlib.Writer) { w.Write(inner) })

	key := newKey(t)
	sk := make([]byte, 32)
	rand.Read(sk)
	var msg bytes.Buffer
	enc, ok := key.EncryptionKey(time.Now())
	if !ok {
		t.Fatal("no encryption key")
	}
	if err := packet.SerializeEncryptedKey(&msg, enc.PublicKey, packet.CipherAES256, sk, nil); err != nil {
		t.Fatal(err)
	}
	w, err := packet.SerializeSymmetricallyEncrypted(&msg, packet.CipherAES256, false, packet.CipherSuite{}, sk, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(outer)
	w.Close()

	m := fixture(t, "hexonet-2007")
	m["8_RDE_2026-11-22_full_0.csv.gpg"] = &fstest.MapFile{Data: msg.Bytes()}
	delete(m, "8_RDE_2026-11-22_full_0")
	rep := verify(t, m, &Config{Keys: openpgp.EntityList{key}})
	found := false
	for _, f := range rep.Findings {
		found = found || strings.Contains(f.Error(), "MaxCompressionRatio")
	}
	if !found {
		t.Fatalf("%d-byte message inflating to %d bytes: findings %v, want one naming MaxCompressionRatio", msg.Len(), n, rep.Findings)
	}
}
