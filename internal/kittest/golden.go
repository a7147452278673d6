// Package kittest holds the test helpers every provider package shares:
// golden files, the redaction assertion, the route walk, and Compare for
// the SDK-versus-net/http benchmarks.
package kittest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/shopspring/decimal"
)

// Golden runs one check per golden file of dir (testdata/<provider>) and
// fails for a file no check names and a check whose file is missing, so
// every example a provider's docs show is decoded by some test. A check
// gets the file's bytes.
func Golden(t *testing.T, dir string, checks map[string]func(t *testing.T, raw []byte)) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() {
			files = append(files, e.Name())
		}
	}
	for _, f := range files {
		if _, ok := checks[f]; !ok {
			t.Errorf("golden file %s/%s is not checked by any test", dir, f)
		}
	}
	names := make([]string, 0, len(checks))
	for name := range checks {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			if !slices.Contains(files, name) {
				t.Fatalf("no golden file %s/%s", dir, name)
			}
			raw, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			checks[name](t, raw)
		})
	}
}

// Decode decodes raw into a T and checks what every golden type must do:
// a `Raw json.RawMessage` field, when T has one, holds the file byte for
// byte; and encoding the value and decoding that again gives an equal value
// (Raw aside), so nothing the SDK read is lost when it writes.
func Decode[T any](t *testing.T, raw []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if r, ok := rawField(&v); ok && len(r.Bytes()) > 0 && !bytes.Equal(r.Bytes(), raw) {
		t.Fatalf("Raw is not the file:\nfile %s\nRaw  %s", raw, r.Bytes())
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	var again T
	if err := json.Unmarshal(out, &again); err != nil {
		t.Fatalf("decode what was encoded: %v\n%s", err, out)
	}
	a, b := v, again
	clearRaw(&a)
	clearRaw(&b)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("encode→decode changed the value:\nfile    %s\nencoded %s\nbefore  %+v\nafter   %+v", raw, out, a, b)
	}
	return v
}

// RoundTrip is Decode plus the stricter check that the encoding is the file
// itself as JSON (numbers compared by value, never equal to strings, keys in
// any order): for request bodies the SDK sends.
func RoundTrip[T any](t *testing.T, raw []byte) T {
	t.Helper()
	v := Decode[T](t, raw)
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if !JSONEqual(t, raw, out) {
		t.Fatalf("does not round-trip:\nfile %s\nSDK  %s", raw, out)
	}
	return v
}

// JSONEqual compares two JSON documents, numbers by value (1000.50 equals
// 1000.5) without float64; a number never equals a string of its digits.
func JSONEqual(t testing.TB, a, b []byte) bool {
	t.Helper()
	return reflect.DeepEqual(normalize(t, a), normalize(t, b))
}

type jsonNumber string

func normalize(t testing.TB, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return canon(v)
}

func canon(v any) any {
	switch x := v.(type) {
	case json.Number:
		d, err := decimal.NewFromString(string(x))
		if err != nil {
			return jsonNumber(x)
		}
		return jsonNumber(d.String())
	case map[string]any:
		for k, e := range x {
			x[k] = canon(e)
		}
	case []any:
		for i, e := range x {
			x[i] = canon(e)
		}
	}
	return v
}

var rawType = reflect.TypeFor[json.RawMessage]()

func rawField(p any) (reflect.Value, bool) {
	v := reflect.ValueOf(p).Elem()
	if v.Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	f := v.FieldByName("Raw")
	if !f.IsValid() || f.Type() != rawType || !f.CanSet() {
		return reflect.Value{}, false
	}
	return f, true
}

func clearRaw(p any) {
	if f, ok := rawField(p); ok {
		f.SetBytes(nil)
	}
}
