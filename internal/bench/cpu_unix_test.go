//go:build unix

package bench

import (
	"syscall"
	"time"
)

// childCPU is the CPU time (user and system) of the commands this process
// has run and waited for so far: Terraform, and the provider processes
// Terraform started and waited for. Unlike wall time it hardly depends on
// how busy the machine is.
func childCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
