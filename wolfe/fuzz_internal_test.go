package wolfe

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
)

// FuzzEnvelope: the envelope hook and the error decoder never panic, and
// every refusal they build has a kind.
func FuzzEnvelope(f *testing.F) {
	files, _ := filepath.Glob("../testdata/wolfe/*.json")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, 200)
	}
	f.Add([]byte(`{"code":400,"message":"MISSING_PARAMETERS: a, b","data":{"parameters":"c"}}`), 400)
	f.Add([]byte(`{"code":"INSUFFICIENT_FUNDS","message":null,"fields":[1]}`), 200)
	f.Add([]byte(`{"code":4e2}`), 409)
	f.Fuzz(func(t *testing.T, body []byte, status int) {
		res := &transport.Response{StatusCode: status, Body: body, Header: http.Header{"Content-Type": {"application/json"}}}
		if _, e := envelope(res); e != nil && e.Kind == nil {
			t.Fatalf("envelope refusal without a kind: %+v", e)
		}
		if e := decodeError(res); e != nil {
			if e.Kind == nil && (status == 401 || status == 403 || status == 404) {
				t.Fatalf("no kind for %d", status)
			}
			var er *ErrorResponse
			if !errors.As(e, &er) {
				t.Fatalf("the body is not reachable: %+v", e)
			}
			var ve *giftcard.ValidationError
			if errors.As(e, &ve) && ve.Field == "" {
				t.Fatalf("a ValidationError naming nothing: %+v", ve)
			}
		}
	})
}

// FuzzSuccessMembers: the envelope's one-scan reading of "code" and "data"
// finds what encoding/json finds, whenever it does not defer to it.
func FuzzSuccessMembers(f *testing.F) {
	files, _ := filepath.Glob("../testdata/wolfe/*.json")
	for _, name := range files {
		b, _ := os.ReadFile(name)
		f.Add(b)
	}
	f.Add([]byte(`{"data":{"a":"}\"]"},"code":201,"data":[1,{"x":[]}],"Code":1}`))
	f.Add([]byte(`{"co\u0064e":500,"code":200}`))
	f.Add([]byte(` { "code" : "200" , "data" : null } `))
	f.Fuzz(func(t *testing.T, body []byte) {
		if !json.Valid(body) {
			return
		}
		code, data, ok := successMembers(body)
		if !ok {
			return
		}
		var std struct {
			Code json.RawMessage `json:"code"`
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(body, &std); err != nil {
			t.Fatalf("%s: encoding/json refuses what the scan read: %v", body, err)
		}
		if !bytes.Equal(code, std.Code) || !bytes.Equal(data, std.Data) {
			t.Fatalf("%s: scan read code %q data %q; encoding/json %q %q", body, code, data, std.Code, std.Data)
		}
	})
}

// FuzzPlainEmail: the fast path accepts only what the kit's check accepts.
func FuzzPlainEmail(f *testing.F) {
	for _, s := range []string{"a@b.co", "x.y+z@mail.example.com", ".a@b.co", "a..b@c.de", "a@b", "a@-b.c", "@b.co",
		"a@b.co.", "John <j@x.io>", "a b@c.de", "a@b_c.de", "ü@x.de", "a%b@c-d.ef"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if plainEmail(v) && ck.Email("email", v) != nil {
			t.Fatalf("%q: the fast path accepts what ck.Email refuses", v)
		}
	})
}

// FuzzToCents: the fast path gives what giftcard.Money.Minor gives.
func FuzzToCents(f *testing.F) {
	for _, s := range []string{"25", "10.50", "10.5", "0.01", "-3.2", "10.005", "10.500", "1e2", "999999999999999", "123456789012.34", "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := giftcard.ParseMoney(s, "USD")
		if err != nil {
			return
		}
		got, gerr := toCents("amount", m)
		want, werr := m.Minor()
		if (gerr == nil) != (werr == nil) || got != want {
			t.Fatalf("%s: toCents %d, %v; Minor %d, %v", s, got, gerr, want, werr)
		}
	})
}
