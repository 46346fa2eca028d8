//go:build race

package idn

// raceEnabled: the race detector makes LGR parsing about ten times slower,
// so load-time assertions only log under it.
const raceEnabled = true
