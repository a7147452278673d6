package kittest

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
)

// verbs are the fmt verbs a value may be printed with by mistake.
var verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"}

// AssertRedacted prints v (and a pointer to it) with every fmt verb and
// through slog's text and JSON handlers, and fails if any secret appears —
// as written, or hex-encoded as %x would print it. A secret shorter than 4
// bytes is refused: it would match by chance.
func AssertRedacted(t testing.TB, v any, secrets ...string) {
	t.Helper()
	out := Printed(v)
	for _, s := range secrets {
		if len(s) < 4 {
			t.Fatalf("AssertRedacted: secret %q is too short to look for", s)
		}
		for _, form := range []string{s, hex.EncodeToString([]byte(s)), strings.ToUpper(hex.EncodeToString([]byte(s)))} {
			if i := strings.Index(out, form); i >= 0 {
				lo, hi := max(0, i-60), min(len(out), i+len(form)+20)
				t.Errorf("%T prints a secret: …%s…", v, out[lo:hi])
			}
		}
	}
}

// Printed is everything AssertRedacted looks through: v and &v under every
// verb, and slog's text and JSON output of both.
func Printed(v any) string {
	var b strings.Builder
	vals := []any{v}
	if v != nil {
		// A pointer to a copy: a value method set and a pointer one may
		// differ, and both must mask.
		p := reflect.New(reflect.TypeOf(v))
		p.Elem().Set(reflect.ValueOf(v))
		vals = append(vals, p.Interface())
	}
	for _, x := range vals {
		for _, verb := range verbs {
			fmt.Fprintf(&b, verb+"\n", x)
		}
	}
	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)} {
		l := slog.New(h)
		l.Info("value", "v", v)
		l.Info("value", slog.Any("v", v))
	}
	b.Write(buf.Bytes())
	return b.String()
}
