//go:build !unix

package kittest

import "time"

// cpuTime is not measured outside unix; Compare's cpu-ratio then reads 0.
func cpuTime() time.Duration { return 0 }
