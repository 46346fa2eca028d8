package dnssec

import "fmt"

// budget counts the work of one validation against the configured limits
// (KeyTrap, CVE-2023-50387 and CVE-2023-50868).
type budget struct {
	lim                       limits
	sigs, nsec3s, ds, queries int
}

type limits struct {
	rrsigsPerRRset, keysPerRRSIG, sigs, nsec3Hashes, nsec3Iter, ds, depth, cname, queries int
}

func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

func (c *Config) limits() limits {
	return limits{
		rrsigsPerRRset: orDefault(c.MaxRRSIGsPerRRset, MaxRRSIGsPerRRset),
		keysPerRRSIG:   orDefault(c.MaxKeysPerRRSIG, MaxKeysPerRRSIG),
		sigs:           orDefault(c.MaxSignatureVerifications, MaxSignatureVerifications),
		nsec3Hashes:    orDefault(c.MaxNSEC3Hashes, MaxNSEC3Hashes),
		nsec3Iter:      min(orDefault(c.MaxNSEC3Iterations, MaxNSEC3Iterations), MaxNSEC3HashIterations),
		ds:             orDefault(c.MaxDSDigests, MaxDSDigests),
		depth:          orDefault(c.MaxChainDepth, MaxChainDepth),
		cname:          orDefault(c.MaxCNAMEHops, MaxCNAMEHops),
		queries:        orDefault(c.MaxQueries, MaxQueries),
	}
}

func limitErr(name, what string, n int) error {
	return &Error{Kind: ErrLimitExceeded, Clause: "RFC 9276 §3.2; CVE-2023-50387, CVE-2023-50868", Name: name,
		Err: fmt.Errorf("more than %d %s in one validation", n, what)}
}

func (b *budget) sig(name string) error {
	if b.sigs >= b.lim.sigs {
		return limitErr(name, "signature verifications (MaxSignatureVerifications)", b.lim.sigs)
	}
	b.sigs++
	return nil
}

func (b *budget) nsec3(name string) error {
	if b.nsec3s >= b.lim.nsec3Hashes {
		return limitErr(name, "NSEC3 hashes (MaxNSEC3Hashes)", b.lim.nsec3Hashes)
	}
	b.nsec3s++
	return nil
}

func (b *budget) digest(name string) error {
	if b.ds >= b.lim.ds {
		return limitErr(name, "DS digest computations (MaxDSDigests)", b.lim.ds)
	}
	b.ds++
	return nil
}

func (b *budget) query(name string) error {
	if b.queries >= b.lim.queries {
		return limitErr(name, "queries (MaxQueries)", b.lim.queries)
	}
	b.queries++
	return nil
}
