package orbt

import (
	"encoding/json"
	"testing"
)

func TestFlexTypes(t *testing.T) {
	for in, want := range map[string]string{`"51"`: "51", `51`: "51", `-1.5e3`: "-1.5e3", `"\u0035\u0031"`: "51", `null`: "", `"a\"b"`: `a"b`, `""`: ""} {
		var f flexString
		if err := json.Unmarshal([]byte(in), &f); err != nil || string(f) != want {
			t.Errorf("flexString %s = %q, %v; want %q", in, f, err, want)
		}
	}
	for _, bad := range []string{`true`, `{}`, `[1]`} {
		var f flexString
		if err := json.Unmarshal([]byte(bad), &f); err == nil {
			t.Errorf("flexString %s accepted", bad)
		}
	}
	for in, want := range map[string]int{`1`: 1, `"7"`: 7, `null`: 0} {
		var f flexInt
		if err := json.Unmarshal([]byte(in), &f); err != nil || int(f) != want {
			t.Errorf("flexInt %s = %d, %v", in, f, err)
		}
	}
	for _, bad := range []string{`"x"`, `1.5`, `true`} {
		var f flexInt
		if err := json.Unmarshal([]byte(bad), &f); err == nil {
			t.Errorf("flexInt %s accepted", bad)
		}
	}
	if upperCurrency(" usd ") != "USD" || upperCurrency("points") != "points" {
		t.Error("upperCurrency")
	}
}
