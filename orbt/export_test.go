package orbt

import "testing"

// GoldenCheck is the check of one golden file of testdata/orbt (see
// goldenChecks), for the route walk in package orbt_test, which cannot reach
// the wire types.
func GoldenCheck(file string) func(t *testing.T, raw []byte) { return goldenChecks()[file] }
