//go:build unix

package idn

import (
	"syscall"
	"time"
)

// cpuTime returns the process's user+system CPU time, so that benchmarks can
// report throughput per CPU second, which a loaded machine distorts less than
// wall-clock time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
