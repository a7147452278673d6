// Package exampletest runs an example program's main in a child process,
// so an example's tests can check the exit status and output of the real
// program.
package exampletest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// runMainEnv, set to "1", makes the test binary run main instead of the
// tests.
const runMainEnv = "GIFTCARD_EXAMPLE_RUN_MAIN"

// Main is the example's TestMain: it runs main when asked to by Run, and the
// tests otherwise.
func Main(m *testing.M, main func()) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// Run runs main in a child process whose environment is this one without
// the variables starting with any of clear, plus env ("NAME=value"). It
// returns the exit code and the combined output.
func Run(t *testing.T, clear []string, env ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	for _, kv := range os.Environ() {
		keep := true
		for _, p := range clear {
			keep = keep && !strings.HasPrefix(kv, p)
		}
		if keep {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, runMainEnv+"=1")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err == nil {
		return 0, string(out)
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	}
	t.Fatalf("running main: %v", err)
	return 0, ""
}
