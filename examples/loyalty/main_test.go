package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

// The test binary runs main itself when this variable is set, so the tests
// below can check the exit status of the real program.
const runMainEnv = "LOYALTY_EXAMPLE_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runMain runs main in a child process with env added (LOYALTY_* cleared
// first) and returns its exit code and output.
func runMain(t *testing.T, env ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LOYALTY_") {
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

func TestExitsZeroOnTheSandbox(t *testing.T) {
	code, out := runMain(t)
	if code != 0 || !strings.Contains(out, "9. final balances: ") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func TestExitsNonZeroOnFailure(t *testing.T) {
	srv := loyaltytest.NewServer()
	defer srv.Close()
	code, out := runMain(t, "LOYALTY_BASE_URL="+srv.URL, "LOYALTY_CLIENT_ID="+loyaltytest.DefaultClientID,
		"LOYALTY_CLIENT_SECRET=wrong-secret", "LOYALTY_JWT_TOKEN="+loyaltytest.DefaultJWTToken)
	if code != 1 || !strings.Contains(out, "loyalty example failed: 1. activate: ") {
		t.Fatalf("wrong secret: exit %d:\n%s", code, out)
	}
	code, out = runMain(t, "LOYALTY_CLIENT_ID=1")
	if code != 1 || !strings.Contains(out, "LOYALTY_CLIENT_SECRET") {
		t.Fatalf("some variables set: exit %d:\n%s", code, out)
	}
}
