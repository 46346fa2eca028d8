package rsep

import "time"

// Limits on untrusted input and on work. Each is the default used when the
// corresponding field of [Limits] is zero; a configuration can lower or raise
// it but never make it unlimited.
const (
	// MaxPolicySize bounds a policy file read by [ParsePolicy].
	MaxPolicySize = 1 << 20 // 1 MiB
	// MaxPolicyEntries bounds the number of entries in each list of a policy
	// (allowed types, reserved names, released names, IDN tables).
	MaxPolicyEntries = 100_000
	// MaxZoneRecords bounds the records read by [ReadZone]; large gTLD zones
	// hold tens of millions of records and should be checked in shards.
	MaxZoneRecords = 2_000_000
	// MaxZoneSize bounds the bytes read by [ReadZone].
	MaxZoneSize = 512 << 20 // 512 MiB
	// MaxSignatureChecks bounds the RRSIG verifications of one [Run]
	// (KeyTrap-style work bound, CVE-2023-50387).
	MaxSignatureChecks = 4_000_000
	// MaxKeysPerRRSIG bounds the DNSKEYs with the signer, algorithm and key
	// tag of an RRSIG that are tried to verify it (key tags collide; a
	// zone with thousands of colliding keys would otherwise cost thousands
	// of verifications per signature: KeyTrap, CVE-2023-50387). The same
	// bound as dnssec.MaxZoneKeyTagCollisions.
	MaxKeysPerRRSIG = 4
	// MaxNSEC3Iterations bounds the NSEC3 hash iterations rsep computes
	// itself; RFC 9276 §3.2 lets validators treat more as insecure.
	MaxNSEC3Iterations = 150
	// MaxFindings bounds the findings of one report; past it a single
	// ErrLimitExceeded finding is added and the rest are dropped.
	MaxFindings = 100_000
	// MaxProbeServers bounds the name-server addresses a live check probes.
	MaxProbeServers = 32
	// MaxProbeQueries bounds the queries of one [Run] against live servers.
	MaxProbeQueries = 2_000
	// MaxProbeTimeout is the default timeout of one live query.
	MaxProbeTimeout = 3 * time.Second
	// MaxZonemasterSize bounds the bytes read by [ImportZonemaster].
	MaxZonemasterSize = 64 << 20 // 64 MiB
	// MaxZonemasterLine bounds one line (one JSON object) of a Zonemaster stream.
	MaxZonemasterLine = 1 << 20 // 1 MiB
	// MaxTimelineSteps bounds the steps of a rollover timeline ([Simulate]).
	MaxTimelineSteps = 256
)

// Limits overrides the Max* defaults; the zero value uses them all. A zero
// or negative field keeps its default: a limit can be moved, never removed.
// It is a part of [Target], [TLDInput] and [ReadConfig].
type Limits struct {
	ZoneRecords     int
	ZoneSize        int64
	SignatureChecks int
	KeysPerRRSIG    int
	Findings        int
	ProbeServers    int
	ProbeQueries    int
	ProbeTimeout    time.Duration
	ZonemasterSize  int64 // ImportZonemaster
}

// ReadConfig tunes the readers of untrusted input: [ReadZone],
// [ReadDelegation] and [ImportZonemaster]. A nil *ReadConfig is the zero
// value, which reads with the Max* defaults.
type ReadConfig struct {
	// Limits moves the bounds the readers use: ZoneRecords and ZoneSize
	// (ReadZone, ReadDelegation), ZonemasterSize and Findings
	// (ImportZonemaster).
	Limits Limits
}

func (c *ReadConfig) limits() Limits {
	if c == nil {
		return Limits{}
	}
	return c.Limits
}

// ctxEvery is how many records or lines a reader handles between two looks
// at its context.
const ctxEvery = 4096

func orDefault[T int | int64 | time.Duration](v, d T) T {
	if v <= 0 {
		return d
	}
	return v
}
