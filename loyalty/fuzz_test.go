package loyalty_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/loyalty"
)

// FuzzDecode feeds arbitrary answers to everything that reads one: the
// envelope (which must find the members encoding/json finds), the
// transaction, card and token decoders (which must never panic, and
// whatever they accept must encode and decode again).
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(goldenDir, "*.json"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{"code":"200","msg":"ok","data":{"result":"1","amount":10.5}}`, `{"Code":500,"CODE":200}`, `{"co\u0064e":404}`,
		`{"code":200,"data":[1,{"a":"}"}]}`, `{"code":1e3}`, `{"data":"\"}"}`, `null`, `[]`, `{`, `{"code":200,"data":{"result":null}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		code, has, _, _, data, ok := loyalty.ReadEnvelope(body)
		var ref struct {
			Code json.RawMessage `json:"code"`
			Data json.RawMessage `json:"data"`
		}
		trimmed := bytes.TrimSpace(body)
		if json.Unmarshal(body, &ref) == nil && len(trimmed) > 0 && trimmed[0] == '{' {
			if !ok {
				t.Fatalf("encoding/json reads the object, ReadEnvelope does not: %s", body)
			}
			if !bytes.Equal(ref.Data, data) {
				t.Fatalf("data %s, encoding/json finds %s, in %s", data, ref.Data, body)
			}
			var c json.Number
			if has && json.Unmarshal(ref.Code, &c) == nil {
				if n, err := c.Int64(); err == nil && n != int64(code) && n == int64(int(n)) {
					t.Fatalf("code %d, encoding/json finds %s", code, ref.Code)
				}
			}
		}
		payload, e := loyalty.Unwrap(&transport.Response{StatusCode: 200, Body: body})
		if e == nil && payload == nil && code == loyalty.CodeSuccess && len(bytes.TrimSpace(data)) > 0 && string(bytes.TrimSpace(data)) != "null" {
			t.Fatalf("a success with data %s yielded no payload", data)
		}
		for _, v := range []any{new(loyalty.Transaction), new(loyalty.Card), new([]loyalty.AccessToken)} {
			if json.Unmarshal(payload, v) != nil {
				continue
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("%T decoded %s but does not encode: %v", v, payload, err)
			}
			if err := json.Unmarshal(out, v); err != nil {
				t.Fatalf("%T: %s does not decode again: %v", v, out, err)
			}
		}
	})
}
