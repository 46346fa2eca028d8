package dnssec

import (
	"encoding/base64"
	"testing"

	"github.com/miekg/dns"
)

func toBase64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// collidingKeys returns n distinct RSA DNSKEYs with the key tag of k
// (RFC 4034 Appendix B): swapping two modulus octets of equal parity
// leaves the ones'-complement-style sum unchanged.
func collidingKeys(t testing.TB, k *dns.DNSKEY, n int) []*dns.DNSKEY {
	pub, err := base64.StdEncoding.DecodeString(k.PublicKey)
	if err != nil || len(pub) < 64 {
		t.Fatalf("not an RSA key: %v", err)
	}
	var out []*dns.DNSKEY
	// pub[0] is the exponent length (1 octet form), so the modulus starts
	// at 1+pub[0]; RDATA offset = 4 + pub offset. Keep the first modulus
	// octets intact.
	start := 1 + int(pub[0]) + 4
	for i := start; i+2 < len(pub) && len(out) < n; i++ {
		j := i + 2
		if pub[i] == pub[j] {
			continue
		}
		c := append([]byte(nil), pub...)
		c[i], c[j] = c[j], c[i]
		nk := *k
		nk.PublicKey = toBase64(c)
		if nk.KeyTag() != k.KeyTag() {
			t.Fatalf("key tag changed: %d != %d", nk.KeyTag(), k.KeyTag())
		}
		out = append(out, &nk)
	}
	if len(out) < n {
		t.Fatalf("only %d colliding keys", len(out))
	}
	return out
}
