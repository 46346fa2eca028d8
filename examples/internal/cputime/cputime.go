// Package cputime measures the CPU time of the running process, for tests
// that bound a program's work independently of how busy a shared machine is.
package cputime

import (
	"syscall"
	"time"
)

// Used returns the user plus system CPU time the process has used so far
// (getrusage(2)); zero where it is unavailable.
func Used() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
