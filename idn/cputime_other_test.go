//go:build !unix

package idn

import "time"

func cpuTime() time.Duration { return 0 }
