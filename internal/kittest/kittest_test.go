package kittest_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/kittest"
)

type leaky struct{ Key string }

type masked struct{ Key giftcard.Secret }

func (m masked) String() string             { return "masked{Key:" + m.Key.String() + "}" }
func (m masked) GoString() string           { return m.String() }
func (m masked) LogValue() slog.Value       { return slog.StringValue(m.String()) }
func (m masked) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(m.String())) }

// The assertion must catch a leak (through a fake testing.TB) and pass a
// masked type.
func TestAssertRedactedCatchesLeaks(t *testing.T) {
	ft := &fakeT{}
	kittest.AssertRedacted(ft, leaky{Key: "super-secret-key"}, "super-secret-key")
	if !ft.failed {
		t.Fatal("a struct printing its key raw passed")
	}
	kittest.AssertRedacted(t, masked{Key: "super-secret-key"}, "super-secret-key")
}

func TestJSONEqual(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{`{"amount":1000.50}`, `{"amount":1000.5}`, true},
		{`{"amount":500}`, `{"amount":"500"}`, false},
		{`{"a":1,"b":2}`, `{"b":2,"a":1}`, true},
		{`[1,2]`, `[2,1]`, false},
	} {
		if got := kittest.JSONEqual(t, []byte(tc.a), []byte(tc.b)); got != tc.want {
			t.Errorf("JSONEqual(%s, %s) = %v", tc.a, tc.b, got)
		}
	}
}

type withRaw struct {
	ID  string          `json:"id"`
	Raw json.RawMessage `json:"-"`
}

func (w *withRaw) UnmarshalJSON(b []byte) error {
	type plain withRaw
	if err := json.Unmarshal(b, (*plain)(w)); err != nil {
		return err
	}
	w.Raw = append(json.RawMessage(nil), b...)
	return nil
}

func TestDecodeKeepsRaw(t *testing.T) {
	v := kittest.Decode[withRaw](t, []byte(`{"id":"x", "extra":1}`))
	if v.ID != "x" || string(v.Raw) != `{"id":"x", "extra":1}` {
		t.Fatalf("%+v", v)
	}
}

func TestPathMatches(t *testing.T) {
	for _, tc := range []struct {
		tmpl, path string
		want       bool
	}{
		{"/a/{id}", "/a/1", true},
		{"/a/{id}", "/a/", false},
		{"/a/{id}", "/a/1/b", false},
		{"/a/{id}/b", "/a/x%2Fy/b", true},
		{"/a/b", "/a/c", false},
	} {
		if got := kittest.PathMatches(tc.tmpl, tc.path); got != tc.want {
			t.Errorf("PathMatches(%s, %s) = %v", tc.tmpl, tc.path, got)
		}
	}
}

type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Helper()               {}
func (f *fakeT) Errorf(string, ...any) { f.failed = true }
func (f *fakeT) Fatalf(string, ...any) { f.failed = true }
