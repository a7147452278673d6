package sandbox_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
)

func TestWriteJSON(t *testing.T) {
	w := httptest.NewRecorder()
	sandbox.WriteJSON(w, http.StatusAccepted, map[string]any{"ok": true, "items": []int{}})
	if w.Code != http.StatusAccepted || w.Header().Get("Content-Type") != "application/json" || w.Body.String() != `{"items":[],"ok":true}` {
		t.Fatalf("%d %q %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	w = httptest.NewRecorder()
	sandbox.WriteJSON(w, http.StatusOK, map[string]any{"c": make(chan int)})
	if w.Code != http.StatusInternalServerError || w.Header().Get("Content-Type") == "application/json" {
		t.Fatalf("an unencodable value answered %d %q", w.Code, w.Header().Get("Content-Type"))
	}
}

func TestReadJSON(t *testing.T) {
	type order struct {
		Ref    string      `json:"ref"`
		Amount json.Number `json:"amount"`
	}
	for _, tc := range []struct {
		name, body string
		wantErr    bool
	}{
		{"object", `{"ref":"r1","amount":10.10}`, false},
		{"surrounding white space", " \n{\"ref\":\"r1\"}\r\n\t", false},
		{"unknown keys ignored", `{"ref":"r1","extra":[1,2]}`, false},
		{"empty", ``, true},
		{"only white space", "  \n", true},
		{"malformed", `{"ref":`, true},
		{"wrong shape", `["r1"]`, true},
		{"wrong field type", `{"ref":1}`, true},
		{"trailing garbage", `{"ref":"r1"} x`, true},
		{"second value", `{"ref":"r1"}{"ref":"r2"}`, true},
		{"trailing brace", `{"ref":"r1"}}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tc.body))
			var o order
			err := sandbox.ReadJSON(r, &o)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ReadJSON(%q) = %v", tc.body, err)
			}
			if strings.TrimSpace(tc.body) == "" && !errors.Is(err, sandbox.ErrEmptyBody) {
				t.Fatalf("empty body: %v, want ErrEmptyBody", err)
			}
		})
	}
}

// Numbers decoded into an interface stay exact; the body stays readable
// for a second decode and for the handler's own read.
func TestReadJSONKeepsNumbersExactAndTheBodyReadable(t *testing.T) {
	const body = `{"amount":12345678901234567.89}`
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	var m map[string]any
	if err := sandbox.ReadJSON(r, &m); err != nil {
		t.Fatal(err)
	}
	if n, ok := m["amount"].(json.Number); !ok || n.String() != "12345678901234567.89" {
		t.Fatalf("amount decoded as %T %v", m["amount"], m["amount"])
	}
	var again map[string]json.RawMessage
	if err := sandbox.ReadJSON(r, &again); err != nil || string(again["amount"]) != "12345678901234567.89" {
		t.Fatalf("second ReadJSON: %v %s", err, again["amount"])
	}
	if b, _ := io.ReadAll(r.Body); string(b) != body {
		t.Fatalf("r.Body after ReadJSON: %q", b)
	}
	if b, err := sandbox.Body(r); err != nil || string(b) != body {
		t.Fatalf("Body: %q %v", b, err)
	}
}

// Behind Wrap, Body is the journaled body whatever the handler read before.
func TestBodyBehindWrap(t *testing.T) {
	var got []string
	h := sandbox.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		b, err := sandbox.Body(r)
		if err != nil {
			t.Error(err)
		}
		got = append(got, string(raw), string(b))
	}), &sandbox.Journal{}, &sandbox.Faults{}, nil)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"a":1}`)))
	if len(got) != 2 || got[0] != `{"a":1}` || got[1] != `{"a":1}` {
		t.Fatalf("handler read %q", got)
	}
}

func TestQueryInt(t *testing.T) {
	for _, tc := range []struct {
		query  string
		want   int
		wantOK bool
	}{
		{"", 20, true},
		{"size=", 20, true},
		{"size=1", 1, true},
		{"size=50", 50, true},
		{"size=0", 0, false},
		{"size=51", 0, false},
		{"size=-1", 0, false},
		{"size=x", 0, false},
		{"size=1.5", 0, false},
		{"size=99999999999999999999", 0, false},
		{"other=3", 20, true},
	} {
		r := httptest.NewRequest(http.MethodGet, "/?"+tc.query, nil)
		if n, ok := sandbox.QueryInt(r, "size", 20, 1, 50); n != tc.want || ok != tc.wantOK {
			t.Errorf("QueryInt(%q) = %d, %v; want %d, %v", tc.query, n, ok, tc.want, tc.wantOK)
		}
	}
}
