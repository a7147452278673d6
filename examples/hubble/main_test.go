package main

import (
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard/examples/internal/exampletest"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
)

func TestMain(m *testing.M) { exampletest.Main(m, main) }

// runMain runs main in a child process with env added (HUBBLE_, GIFTCARD_ cleared
// first) and returns its exit code and output.
func runMain(t *testing.T, env ...string) (int, string) {
	t.Helper()
	return exampletest.Run(t, []string{"HUBBLE_", "GIFTCARD_"}, env...)
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
