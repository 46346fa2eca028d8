package escrow

import (
	"math/rand/v2"
	"testing"
)

func TestFPMapAgainstBuiltin(t *testing.T) {
	var m fpMap
	ref := map[uint64]uint64{}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200000 {
		k := rng.Uint64N(5000) + 1 // many collisions and re-inserts
		switch rng.IntN(3) {
		case 0, 1:
			_, had := ref[k]
			if got := m.put(k, uint64(i)); got != had {
				t.Fatalf("Put(%d) existed=%v, want %v", k, got, had)
			}
			ref[k] = uint64(i)
		case 2:
			_, had := ref[k]
			if got := m.remove(k); got != had {
				t.Fatalf("Delete(%d)=%v, want %v", k, got, had)
			}
			delete(ref, k)
		}
		if m.size() != len(ref) {
			t.Fatalf("Len=%d, want %d", m.size(), len(ref))
		}
	}
	for k, v := range ref {
		if got, ok := m.get(k); !ok || got != v {
			t.Fatalf("Get(%d)=%d,%v want %d", k, got, ok, v)
		}
	}
	n := 0
	m.each(func(k, v uint64) bool { n++; return ref[k] == v })
	if n != len(ref) {
		t.Fatalf("Range saw %d entries, want %d", n, len(ref))
	}
}
