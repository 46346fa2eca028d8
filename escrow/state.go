package escrow

import (
	"hash/maphash"
	"time"
)

// State is the repository state rebuilt from a FULL deposit and the DIFF and
// INCR deposits that follow it (RFC 8909 §5.2), kept as 64-bit fingerprints
// of object keys: about 21 bytes per domain for the name→roid map plus as
// much again for the roid index, so a 160-million-domain registry needs a
// few GB rather than the ~12 GB string maps would. Two different keys share
// a fingerprint with probability about n²/2⁶⁵ (≈7e-4 at 160 M); the seed is
// random per State so the input cannot aim for collisions.
//
// A State is updated by Verify; the zero value is not usable, call NewState.
type State struct {
	seed maphash.Seed

	// Envelope of the last deposit applied.
	depositID string
	typ       DepositType
	watermark time.Time
	// lastFullID is the id of the last FULL deposit applied (INCR deposits
	// are relative to it, RFC 8909 §2).
	lastFullID string
	// depositCount counts the deposits applied; fullSeen reports that a FULL was.
	depositCount int
	fullSeen     bool
	// eppParamsEver reports that an eppParams object was ever escrowed
	// (RFC 9022 §8: then exactly one must be present).
	eppParamsEver bool

	domains    fpMap // name → roid
	hosts      fpMap // name → roid
	hostRoids  fpMap // roid → name
	contacts   fpMap // id → roid
	registrars fpMap // id → 1
	idns       fpMap // id → 1
	nndns      fpMap // aName → 1
	roids      fpMap // roid → owner key fingerprint ^ kind tag (uniqueness across objects)
	eppParams  int
}

// NewState returns an empty State.
func NewState() *State { return &State{seed: maphash.MakeSeed()} }

// count returns the number of objects of kind k in the repository.
func (s *State) count(k Kind) int64 {
	switch k {
	case KindDomain:
		return int64(s.domains.size())
	case KindHost:
		return int64(s.hosts.size())
	case KindContact:
		return int64(s.contacts.size())
	case KindRegistrar:
		return int64(s.registrars.size())
	case KindIDNTableRef:
		return int64(s.idns.size())
	case KindNNDN:
		return int64(s.nndns.size())
	case KindEppParams:
		return int64(s.eppParams)
	}
	return 0
}

// fp returns the fingerprint of a key; never 0.
func (s *State) fp(key string) uint64 {
	h := maphash.String(s.seed, key)
	if h == 0 {
		h = 1
	}
	return h
}

// fpName fingerprints a DNS name case-insensitively (RFC 4343).
func (s *State) fpName(name string) uint64 {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c >= 'A' && c <= 'Z' {
			var buf [256]byte
			b := buf[:0]
			if len(name) > len(buf) {
				b = make([]byte, 0, len(name))
			}
			for j := 0; j < len(name); j++ {
				c := name[j]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				b = append(b, c)
			}
			h := maphash.Bytes(s.seed, b)
			if h == 0 {
				h = 1
			}
			return h
		}
	}
	return s.fp(name)
}

func (s *State) table(k Kind) *fpMap {
	switch k {
	case KindDomain:
		return &s.domains
	case KindHost:
		return &s.hosts
	case KindContact:
		return &s.contacts
	case KindRegistrar:
		return &s.registrars
	case KindIDNTableRef:
		return &s.idns
	case KindNNDN:
		return &s.nndns
	}
	return nil
}

// kindTag distinguishes owners of a roid across kinds.
func kindTag(k Kind) uint64 { return uint64(k) * 0x9e3779b97f4a7c15 }
