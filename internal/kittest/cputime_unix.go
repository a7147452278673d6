//go:build unix

package kittest

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used (user + system, every
// thread): unlike wall time, it does not grow while other processes hold
// the machine's cores.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
