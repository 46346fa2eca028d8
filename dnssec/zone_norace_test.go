//go:build !race

package dnssec

const zoneRace = false
