package wire_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/giftcard-go/giftcard/internal/wire"
)

func TestMembers(t *testing.T) {
	body := []byte(` { "code" : 200, "msg":"ok, \"fine\"", "data":{"a":[1,{"b":"}"}]}, "n":null, "\u0063ode2":true } `)
	got := map[string]string{}
	ok := wire.Members(body, func(k, v []byte) bool { got[string(k)] = string(v); return true })
	want := map[string]string{"code": "200", "msg": `"ok, \"fine\""`, "data": `{"a":[1,{"b":"}"}]}`, "n": "null", "code2": "true"}
	if !ok || len(got) != len(want) {
		t.Fatalf("ok %v, got %v", ok, got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %s, want %s", k, got[k], v)
		}
	}
	for _, notObject := range []string{`[1]`, `"s"`, `3`, `null`, ``} {
		if wire.Members([]byte(notObject), func([]byte, []byte) bool { return true }) {
			t.Errorf("%q read as an object", notObject)
		}
	}
	// A broken object is refused, whatever is inside its values: the
	// structure is Members' to check.
	for _, broken := range []string{`{"a":1}x`, `{"a":1,}`, `{"a" 1}`, `{"a":}`, `{"a":[1}`, `{"a":{"b":1]}`, `{"a":"x}`,
		"{\"a\nb\":1}", `{"a":1 "b":2}`, `{,}`, `{"a":1`, `{a:1}`, `{"a":1}}`, `{"a":1,"b"}`} {
		if wire.Members([]byte(broken), func([]byte, []byte) bool { return true }) {
			t.Errorf("%q read as an object", broken)
		}
	}
	n := 0
	if wire.Members([]byte(`{"a":1,"b":2}`), func([]byte, []byte) bool { n++; return false }) || n != 1 {
		t.Errorf("stopping: %d calls", n)
	}
}

// FuzzMembers holds Members to what encoding/json decodes: the same keys,
// the last value of each, byte for byte once compacted.
func FuzzMembers(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1}`, `{"a":"x","a":[1,2]}`, `{"\u0061":{"b":"\"}"}}`, ` {"code":200 , "data" : null } `, `[1]`, "{\"\xb6\":0}",
		`{"a":1}x`, `{"a":1,}`, `{"a" 1}`, `{"a":}`, `{"a":[1}`, `{"a":{"b":1]}`, `{"a":"x}`, "{\"a\nb\":1}", `{"a":1 "b":2}`, `{,}`, `{"a":1`, `{"a":tru}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			// Members checks the object's structure, not the inside of
			// its values: when it accepts b and every value is valid
			// JSON, b is too.
			allValid := true
			if wire.Members(b, func(_, v []byte) bool { allValid = allValid && json.Valid(v); return true }) && allValid {
				t.Fatalf("Members accepted %q, whose values are all valid JSON but which is not", b)
			}
			return
		}
		var want map[string]json.RawMessage
		isObject := json.Unmarshal(b, &want) == nil && bytes.HasPrefix(bytes.TrimSpace(b), []byte("{"))
		got := map[string][]byte{}
		ok := wire.Members(b, func(k, v []byte) bool { got[string(k)] = v; return true })
		if ok != isObject {
			t.Fatalf("Members ok=%v, encoding/json object=%v for %q", ok, isObject, b)
		}
		if !ok {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("keys %d vs %d for %q", len(got), len(want), b)
		}
		for k, v := range want {
			var a, c bytes.Buffer
			_ = json.Compact(&a, v)
			_ = json.Compact(&c, got[k])
			if !bytes.Equal(a.Bytes(), c.Bytes()) {
				t.Fatalf("%s: %s vs %s in %q", k, got[k], v, b)
			}
		}
	})
}
