package main

import (
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard/examples/internal/exampletest"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
)

func TestMain(m *testing.M) { exampletest.Main(m, main) }

// runMain runs main in a child process with env added (LOYALTY_ cleared
// first) and returns its exit code and output.
func runMain(t *testing.T, env ...string) (int, string) {
	t.Helper()
	return exampletest.Run(t, []string{"LOYALTY_"}, env...)
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
