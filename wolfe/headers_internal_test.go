package wolfe

import (
	"net/http"
	"testing"
)

// The header keys the client sets directly must be the canonical forms of
// the documented names, or http.Header.Get would not find them.
func TestCanonicalHeaderNames(t *testing.T) {
	for name, canonical := range map[string]string{HeaderPartnerKey: canonicalPartnerKey, HeaderTenantID: canonicalTenantID} {
		if got := http.CanonicalHeaderKey(name); got != canonical {
			t.Errorf("CanonicalHeaderKey(%q) = %q, the client sets %q", name, got, canonical)
		}
	}
}
