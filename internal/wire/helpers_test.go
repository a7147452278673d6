package wire_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard/internal/wire"
)

// decode runs in through encoding/json into a fresh T, as a provider
// response would.
func decode[T any](in string) (T, error) {
	var v T
	err := json.Unmarshal([]byte(in), &v)
	return v, err
}

// roundTrip checks decode → encode → decode gives an equal value, and that
// a second encode gives the same bytes. It returns the first encoding.
func roundTrip[T any](t *testing.T, v T) string {
	t.Helper()
	enc, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal(%#v): %v", v, err)
	}
	back, err := decode[T](string(enc))
	if err != nil {
		t.Fatalf("decode of own encoding %s: %v", enc, err)
	}
	if !reflect.DeepEqual(back, v) {
		t.Fatalf("round trip through %s:\n got %#v\nwant %#v", enc, back, v)
	}
	enc2, err := json.Marshal(back)
	if err != nil {
		t.Fatalf("second Marshal: %v", err)
	}
	if string(enc2) != string(enc) {
		t.Fatalf("second encoding %s differs from first %s", enc2, enc)
	}
	return string(enc)
}

// checkRefused asserts err is a *wire.Error for typ that quotes no more
// than 20 bytes of the input.
func checkRefused(t *testing.T, err error, typ, in string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s accepted %q, want an error", typ, in)
	}
	var we *wire.Error
	if !errors.As(err, &we) {
		t.Fatalf("%s error for %q is %T (%v), want *wire.Error", typ, in, err, err)
	}
	if we.Type != typ {
		t.Errorf("Error.Type = %q, want %q", we.Type, typ)
	}
	if len(we.Excerpt) > 20 {
		t.Errorf("Excerpt %q is %d bytes, want at most 20", we.Excerpt, len(we.Excerpt))
	}
	if !strings.HasPrefix(strings.TrimSpace(in), we.Excerpt) {
		t.Errorf("Excerpt %q is not the start of the input %q", we.Excerpt, in)
	}
	if msg := err.Error(); !strings.Contains(msg, typ) {
		t.Errorf("message %q does not name %s", msg, typ)
	}
}

// direct calls UnmarshalJSON on a fresh value, the way encoding/json hands
// an Unmarshaler its value (no surrounding document).
func direct[T any, P interface {
	*T
	json.Unmarshaler
}](in string) (T, error) {
	var v T
	err := P(&v).UnmarshalJSON([]byte(in))
	return v, err
}
