package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

// The test binary runs main itself when this variable is set, so the tests
// below can check the exit status of the real program.
const runMainEnv = "HUBBLE_EXAMPLE_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runMain runs main in a child process with env added (HUBBLE_* cleared
// first) and returns its exit code and output.
func runMain(t *testing.T, env ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HUBBLE_") && !strings.HasPrefix(kv, "GIFTCARD_") {
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
	if code != 0 || !strings.Contains(out, "6. Wallet balance: ") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func TestExitsNonZeroOnFailure(t *testing.T) {
	srv := hubbletest.NewServer()
	defer srv.Close()
	code, out := runMain(t, "HUBBLE_BASE_URL="+srv.URL, "HUBBLE_CLIENT_ID="+srv.ClientID(), "HUBBLE_CLIENT_SECRET=wrong-secret")
	if code != 1 || !strings.Contains(out, "hubble: login: ") {
		t.Fatalf("wrong secret: exit %d:\n%s", code, out)
	}
	if strings.Contains(out, "wrong-secret") {
		t.Fatalf("the secret was printed:\n%s", out)
	}
	code, out = runMain(t, "GIFTCARD_POLL_INTERVAL=soon")
	if code != 1 || !strings.Contains(out, "GIFTCARD_POLL_INTERVAL") {
		t.Fatalf("bad poll interval: exit %d:\n%s", code, out)
	}
}
