//go:build !race

package idn

const raceEnabled = false
