package orbt

import (
	"encoding/json"
	"testing"

	"github.com/giftcard-go/giftcard/internal/wire"
)

// TestLenientFields: the wire types ORBT's ids and counts decode with
// (wire.String for "id": 51 and "walletId": "51", wire.Int for the wallet
// counts) read every form ORBT sends, and refuse the rest.
func TestLenientFields(t *testing.T) {
	for in, want := range map[string]string{`"51"`: "51", `51`: "51", `-1.5e3`: "-1.5e3", `"\u0035\u0031"`: "51", `null`: "", `"a\"b"`: `a"b`, `""`: ""} {
		var f wire.String
		if err := json.Unmarshal([]byte(in), &f); err != nil || string(f) != want {
			t.Errorf("wire.String %s = %q, %v; want %q", in, f, err, want)
		}
	}
	for _, bad := range []string{`true`, `{}`, `[1]`} {
		var f wire.String
		if err := json.Unmarshal([]byte(bad), &f); err == nil {
			t.Errorf("wire.String %s accepted", bad)
		}
	}
	for in, want := range map[string]int{`1`: 1, `"7"`: 7, `null`: 0} {
		var f wire.Int
		if err := json.Unmarshal([]byte(in), &f); err != nil || int(f) != want {
			t.Errorf("wire.Int %s = %d, %v", in, f, err)
		}
	}
	for _, bad := range []string{`"x"`, `1.5`, `true`} {
		var f wire.Int
		if err := json.Unmarshal([]byte(bad), &f); err == nil {
			t.Errorf("wire.Int %s accepted", bad)
		}
	}
	if upperCurrency(" usd ") != "USD" || upperCurrency("points") != "points" {
		t.Error("upperCurrency")
	}
}
