package webhooks

import (
	"context"
	"fmt"
	"net/http"
	"path"
	"sort"
	"strings"
	"unicode"

	"github.com/giftcard-go/giftcard"
)

// Func receives every verified event. It runs on the provider's request:
// return nil once the event is handled (the provider is answered 200), or
// an error to have it answered 500 so the provider delivers again.
type Func func(ctx context.Context, ev Event) error

// Source is one provider's verified webhook handler, adapted to deliver
// Events: build one with Hubble, HubbleClient, Wolfe or Custom, and mount
// it with New. The zero Source is refused by New.
type Source struct {
	// Provider is the name the events carry (Event.Provider): the
	// provider's package name unless set with Named.
	Provider string
	// Path is where New mounts the handler; "" means "/" + Provider. Set it
	// with At.
	Path string

	build func(deliver Func) (http.Handler, error)
}

// Named returns s delivering its events with Provider name, and mounted at
// "/" + name unless At sets the path: for a second account of one
// provider, under the name it is registered with in a giftcard.Client
// (giftcard.Named).
func (s Source) Named(name string) Source {
	s.Provider = name
	return s
}

// At returns s mounted at path (an absolute, clean path such as
// "/hooks/hubble"), instead of "/" + Provider.
func (s Source) At(path string) Source {
	s.Path = path
	return s
}

// Custom is a Source for any other handler: build receives the function to
// hand each event to and returns the http.Handler to mount. The handler
// build returns must verify every request before calling deliver and answer
// a request it cannot verify without calling it, as the providers' handlers
// do; the Mux cannot check that for you. deliver sets Event.Provider to
// provider (or the name given with Named) and returns your function's
// error.
func Custom(provider string, build func(deliver Func) (http.Handler, error)) Source {
	return Source{Provider: provider, build: build}
}

// Mount is one mounted handler.
type Mount struct {
	Provider string       // the Source's Provider
	Path     string       // where the Mux serves it
	Handler  http.Handler // the provider's verified handler, delivering to the Mux's Func
}

// Mux is the one webhook endpoint: an http.Handler serving each Source's
// handler at its path (an exact match of the request path; any other path
// is answered 404). It is safe for concurrent use and read-only after New.
type Mux struct {
	mounts []Mount
	byPath map[string]http.Handler
}

// New builds each source's handler, delivering to fn, and mounts it. It
// fails — fail closed — when fn is nil, when there is no source, when a
// source cannot be built (the provider's error: no webhook secret, a bad
// allow-list entry …), when two sources share a Provider name or a path,
// or when a path is not an absolute clean path ("/hubble", not "hubble",
// "/", "/hubble/" or one holding spaces, control characters or "{…}").
// Its own refusals are *giftcard.ValidationError values naming the field.
func New(fn Func, sources ...Source) (*Mux, error) {
	if fn == nil {
		return nil, &giftcard.ValidationError{Field: "fn", Reason: "a function to deliver the events to is required"}
	}
	if len(sources) == 0 {
		return nil, &giftcard.ValidationError{Field: "sources", Reason: "at least one source is required (Hubble, HubbleClient, Wolfe or Custom)"}
	}
	m := &Mux{byPath: make(map[string]http.Handler, len(sources))}
	names := make(map[string]bool, len(sources))
	for i, s := range sources {
		field := fmt.Sprintf("sources[%d]", i)
		if s.build == nil {
			return nil, &giftcard.ValidationError{Field: field, Reason: "not built with Hubble, HubbleClient, Wolfe or Custom"}
		}
		if err := checkName(s.Provider); err != nil {
			return nil, &giftcard.ValidationError{Field: field + ".Provider", Reason: err.Error()}
		}
		if names[s.Provider] {
			return nil, &giftcard.ValidationError{Field: field + ".Provider",
				Reason: fmt.Sprintf("%q is used by two sources: give a second account its own name with Named", s.Provider)}
		}
		names[s.Provider] = true
		p := s.Path
		if p == "" {
			p = "/" + s.Provider
		}
		if err := checkPath(p); err != nil {
			return nil, &giftcard.ValidationError{Field: field + ".Path", Reason: err.Error()}
		}
		if _, dup := m.byPath[p]; dup {
			return nil, &giftcard.ValidationError{Field: field + ".Path", Reason: fmt.Sprintf("%q is used by two sources", p)}
		}
		name := s.Provider
		h, err := s.build(func(ctx context.Context, ev Event) error {
			ev.Provider = name
			return fn(ctx, ev)
		})
		if err != nil {
			return nil, fmt.Errorf("webhooks: source %s at %s: %w", name, p, err)
		}
		if h == nil {
			return nil, &giftcard.ValidationError{Field: field, Reason: "its build function returned no handler"}
		}
		m.byPath[p] = h
		m.mounts = append(m.mounts, Mount{Provider: name, Path: p, Handler: h})
	}
	sort.Slice(m.mounts, func(i, j int) bool { return m.mounts[i].Path < m.mounts[j].Path })
	return m, nil
}

func checkName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("is empty")
	case strings.Contains(name, giftcard.QualifiedIDSeparator):
		return fmt.Errorf("%q contains %q, the separator of provider-qualified ids", name, giftcard.QualifiedIDSeparator)
	case strings.IndexFunc(name, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return fmt.Errorf("%q contains a space or a control character", name)
	}
	return nil
}

func checkPath(p string) error {
	switch {
	case !strings.HasPrefix(p, "/"):
		return fmt.Errorf("%q is not an absolute path", p)
	case p == "/":
		return fmt.Errorf(`"/" is not a path of its own: mount each source at its own path`)
	case path.Clean(p) != p:
		return fmt.Errorf("%q is not a clean path (want %q)", p, path.Clean(p))
	case strings.ContainsAny(p, "{}?#"):
		return fmt.Errorf("%q holds one of {}?#", p)
	case strings.IndexFunc(p, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return fmt.Errorf("%q contains a space or a control character", p)
	}
	return nil
}

// ServeHTTP hands the request to the handler mounted at its exact path,
// which answers it (see the provider's handler for its statuses: 401 for a
// signature that does not verify, 405 for a method other than POST …), or
// answers 404.
func (m *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, ok := m.byPath[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h.ServeHTTP(w, r)
}

// Mounts returns the mounted handlers, sorted by path, to register them on
// a router of your own instead of serving the Mux itself.
func (m *Mux) Mounts() []Mount { return append([]Mount(nil), m.mounts...) }
