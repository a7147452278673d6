package kittest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
)

// Request is one request a sandbox journaled.
type Request struct{ Method, Path string }

// RouteCase drives one route of a provider through its client against the
// provider's sandbox.
type RouteCase struct {
	// Golden is the golden file (under RouteWalk.Golden) holding the
	// route's answer, and Decode decodes it into the route's result type
	// (kittest.Decode does the checks). "-" means the route answers
	// nothing worth a file, and says why in a comment.
	Golden string
	Decode func(t *testing.T, raw []byte)
	// Call makes a valid call the sandbox answers with success.
	Call func(ctx context.Context) error
	// NotFound calls with an id the sandbox does not know; it must fail
	// with giftcard.ErrNotFound. Nil for a route that takes no id.
	NotFound func(ctx context.Context) error
	// Missing calls with a required argument left out; it must fail with a
	// *giftcard.ValidationError before any request is sent.
	Missing func(ctx context.Context) error
}

// RouteWalk is one provider's route table and how to drive each route.
type RouteWalk struct {
	Routes   []giftcard.Route
	Cases    map[string]RouteCase // by Route.Op
	Golden   string               // testdata/<provider>
	Requests func() []Request     // the sandbox's journal, oldest first
}

// Walk checks every route: it has a case, a golden file that decodes, and a
// sandbox handler that answers a valid call at the route's method and path;
// an unknown id is ErrNotFound; a missing argument is refused before the
// network. A case for an op not in the table fails too.
func Walk(t *testing.T, w RouteWalk) {
	t.Helper()
	ops := map[string]bool{}
	for _, rt := range w.Routes {
		ops[rt.Op] = true
	}
	for op := range w.Cases {
		if !ops[op] {
			t.Errorf("case %s names no route", op)
		}
	}
	for _, rt := range w.Routes {
		t.Run(rt.Op, func(t *testing.T) {
			ctx := context.Background()
			c, ok := w.Cases[rt.Op]
			if !ok {
				t.Fatalf("route %s (%s) has no case", rt.Op, rt.Pattern())
			}
			if rt.Method == "" || !strings.HasPrefix(rt.Path, "/") {
				t.Fatalf("route %s has no method or path: %+v", rt.Op, rt)
			}
			switch {
			case c.Golden == "-":
			case c.Golden == "" || c.Decode == nil:
				t.Errorf("route %s has no golden file", rt.Op)
			default:
				raw, err := os.ReadFile(filepath.Join(w.Golden, c.Golden))
				if err != nil {
					t.Errorf("route %s: %v", rt.Op, err)
				} else {
					t.Run("golden", func(t *testing.T) { c.Decode(t, raw) })
				}
			}
			if c.Call == nil {
				t.Fatalf("route %s has no call", rt.Op)
			}
			before := len(w.Requests())
			if err := c.Call(ctx); err != nil {
				t.Fatalf("valid call: %v", err)
			}
			hit := false
			for _, r := range w.Requests()[before:] {
				if r.Method == rt.Method && PathMatches(rt.Path, r.Path) {
					hit = true
				}
			}
			if !hit {
				t.Errorf("valid call never hit %s; sent %v", rt.Pattern(), w.Requests()[before:])
			}
			if c.NotFound != nil {
				if err := c.NotFound(ctx); !errors.Is(err, giftcard.ErrNotFound) {
					t.Errorf("unknown id: got %v, want ErrNotFound", err)
				}
			}
			if c.Missing != nil {
				before := len(w.Requests())
				err := c.Missing(ctx)
				var ve *giftcard.ValidationError
				if !errors.As(err, &ve) || ve.Field == "" {
					t.Errorf("missing argument: got %v, want a *giftcard.ValidationError naming the field", err)
				}
				if n := len(w.Requests()) - before; n != 0 {
					t.Errorf("missing argument: %d requests sent", n)
				}
			}
		})
	}
}

// PathMatches reports whether path is an instance of the template: the same
// segments, a {name} segment matching any non-empty one.
func PathMatches(template, path string) bool {
	ts, ps := strings.Split(template, "/"), strings.Split(path, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i := range ts {
		if strings.HasPrefix(ts[i], "{") && strings.HasSuffix(ts[i], "}") {
			if ps[i] == "" {
				return false
			}
			continue
		}
		if ts[i] != ps[i] {
			return false
		}
	}
	return true
}
