//go:build race

package dnssec

// zoneRace is set under the race detector, which makes RSA verification of
// the real root zones (2,800+ signatures a run) about ten times slower:
// the race build runs each root-zone scenario once instead of all of them.
const zoneRace = true
