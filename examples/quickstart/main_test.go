package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// The quickstart must run with no credentials at all: every provider on its
// in-process sandbox.
func TestQuickstartRunsOnSandboxes(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out, func(string) string { return "" }); err != nil {
		t.Fatalf("quickstart failed: %v\n%s", err, out.String())
	}
	for _, want := range []string{"== Hubble", "-- Hubble done", "== ORBT", "-- ORBT done", "== Wolfe", "-- Wolfe done", "== Loyalty", "-- Loyalty done"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
