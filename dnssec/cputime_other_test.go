//go:build !unix

package dnssec

import "time"

func processCPU() time.Duration { return 0 }
