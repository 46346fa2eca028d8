package escrow

// fpMap is an open-addressing hash map from 64-bit fingerprints to 64-bit
// values (linear probing, backward-shift deletion). It costs 16 bytes per
// slot at a load factor of at most 3/4, so about 21 bytes per entry, which is
// what lets the reference checks of a 160-million-domain deposit fit in a few
// GB. Key 0 is reserved; fingerprints are mapped away from it by fp.
type fpMap struct {
	keys []uint64
	vals []uint64
	n    int
	mask uint64
}

func (m *fpMap) size() int { return m.n }

func (m *fpMap) grow() {
	size := 1024
	if len(m.keys) > 0 {
		size = len(m.keys) * 2
	}
	old, oldv := m.keys, m.vals
	m.keys = make([]uint64, size)
	m.vals = make([]uint64, size)
	m.mask = uint64(size - 1)
	m.n = 0
	for i, k := range old {
		if k != 0 {
			m.put(k, oldv[i])
		}
	}
}

func (m *fpMap) slot(k uint64) uint64 {
	// The fingerprint is already a hash; mix once more so that keys made
	// of xor-ed tags still spread.
	k ^= k >> 29
	k *= 0xbf58476d1ce4e5b9
	k ^= k >> 32
	return k & m.mask
}

// get returns the value for k.
func (m *fpMap) get(k uint64) (uint64, bool) {
	if m.n == 0 {
		return 0, false
	}
	for i := m.slot(k); ; i = (i + 1) & m.mask {
		switch m.keys[i] {
		case k:
			return m.vals[i], true
		case 0:
			return 0, false
		}
	}
}

// has reports whether k is present.
func (m *fpMap) has(k uint64) bool {
	_, ok := m.get(k)
	return ok
}

// put sets k to v and reports whether k was already present.
func (m *fpMap) put(k, v uint64) bool {
	if (m.n+1)*4 > len(m.keys)*3 {
		m.grow()
	}
	for i := m.slot(k); ; i = (i + 1) & m.mask {
		switch m.keys[i] {
		case k:
			m.vals[i] = v
			return true
		case 0:
			m.keys[i], m.vals[i] = k, v
			m.n++
			return false
		}
	}
}

// remove removes k and reports whether it was present.
func (m *fpMap) remove(k uint64) bool {
	if m.n == 0 {
		return false
	}
	i := m.slot(k)
	for {
		switch m.keys[i] {
		case 0:
			return false
		case k:
			goto found
		}
		i = (i + 1) & m.mask
	}
found:
	// Backward-shift deletion keeps probe sequences intact.
	j := i
	for {
		j = (j + 1) & m.mask
		if m.keys[j] == 0 {
			break
		}
		home := m.slot(m.keys[j])
		// Move j to i if home is not cyclically in (i, j].
		if (j > i && (home <= i || home > j)) || (j < i && (home <= i && home > j)) {
			m.keys[i], m.vals[i] = m.keys[j], m.vals[j]
			i = j
		}
	}
	m.keys[i], m.vals[i] = 0, 0
	m.n--
	return true
}

// each calls f for every entry until f returns false.
func (m *fpMap) each(f func(k, v uint64) bool) {
	for i, k := range m.keys {
		if k != 0 && !f(k, m.vals[i]) {
			return
		}
	}
}
