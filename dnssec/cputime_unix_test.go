//go:build unix

package dnssec

import (
	"syscall"
	"time"
)

// processCPU returns the user+system CPU time of this process. Benchmarks
// report it per op ("cpu-ns/op") because wall time is meaningless on a
// shared, overloaded machine.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
