//go:build !unix

package bench

import "time"

// childCPU is not measured on this system.
func childCPU() time.Duration { return 0 }
