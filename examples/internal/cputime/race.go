//go:build race

package cputime

// RaceEnabled reports whether the race detector is on (it slows CPU-bound
// code by 2-20x, so CPU-time bounds must be scaled).
const RaceEnabled = true
