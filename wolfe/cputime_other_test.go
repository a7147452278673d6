//go:build !unix

package wolfe_test

import "time"

// cpuTime is not measured outside unix; the CPU ratio then reads 0.
func cpuTime() time.Duration { return 0 }
