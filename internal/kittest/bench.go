package kittest

import (
	"slices"
	"testing"
	"time"
)

// Compare measures two ways of doing the same operation (the SDK's and a
// plain net/http client's) against one sandbox, for a benchmark's time
// ratio. It runs them in batches of 50, one batch of each per b.Loop
// iteration, alternating which goes first, so a machine busy with other
// work and the sandbox's growing state slow both alike, and reports:
//
//   - sdk-ns/op and nethttp-ns/op: each one's mean wall time;
//   - time-ratio: the ratio of their total wall times;
//   - pair-ratio: the median of the ratios of each iteration's two
//     batches, which a burst of load landing on one batch hardly moves
//     (the figure to compare with a target on a shared machine);
//   - cpu-ratio: the ratio of the process CPU time each took (client and
//     in-process sandbox together; 0 where it is not measured).
func Compare(b *testing.B, sdk, nethttp func()) {
	const batch = 50
	run := func(f func()) (time.Duration, time.Duration) {
		t0, c0 := time.Now(), cpuTime()
		for range batch {
			f()
		}
		return time.Since(t0), cpuTime() - c0
	}
	var sdkT, rawT, sdkC, rawC time.Duration
	var pairs []float64
	first := true
	for b.Loop() {
		var st, sc, rt, rc time.Duration
		if first {
			st, sc = run(sdk)
			rt, rc = run(nethttp)
		} else {
			rt, rc = run(nethttp)
			st, sc = run(sdk)
		}
		first = !first
		sdkT, sdkC, rawT, rawC = sdkT+st, sdkC+sc, rawT+rt, rawC+rc
		pairs = append(pairs, float64(st)/float64(rt))
	}
	n := float64(len(pairs) * batch)
	b.ReportMetric(float64(sdkT.Nanoseconds())/n, "sdk-ns/op")
	b.ReportMetric(float64(rawT.Nanoseconds())/n, "nethttp-ns/op")
	b.ReportMetric(float64(sdkT)/float64(rawT), "time-ratio")
	slices.Sort(pairs)
	b.ReportMetric(pairs[len(pairs)/2], "pair-ratio")
	if rawC > 0 {
		b.ReportMetric(float64(sdkC)/float64(rawC), "cpu-ratio")
	} else {
		b.ReportMetric(0, "cpu-ratio")
	}
}
