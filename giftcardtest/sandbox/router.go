package sandbox

import (
	"net/http"
	"slices"
	"strings"
)

// Router routes requests by method and path pattern, as http.ServeMux does
// ("GET /v1/orders/{id}"; the handler reads r.PathValue("id")), and sends
// every request no route matches (an unknown path, or a known path with
// another method) to its not-found handler, so a sandbox answers those in
// its provider's error shape. Every route names its method, so a provider's
// route table (method and path of every operation) can drive registration
// and be checked against Patterns.
//
// Register every route before serving: Handle is not safe to call while
// the router serves requests. ServeHTTP is safe for concurrent use.
type Router struct {
	mux      *http.ServeMux
	patterns []string
}

// NewRouter returns a router with no routes. notFound answers requests no
// route matches; when nil they get a 404 with the JSON body
// {"error":"not_found","message":"no route for METHOD PATH"}.
func NewRouter(notFound http.HandlerFunc) *Router {
	if notFound == nil {
		notFound = func(w http.ResponseWriter, r *http.Request) {
			WriteJSON(w, http.StatusNotFound, map[string]string{"error": "not_found", "message": "no route for " + r.Method + " " + r.URL.Path})
		}
	}
	rt := &Router{mux: http.NewServeMux()}
	rt.mux.HandleFunc("/", notFound)
	return rt
}

// Handle routes requests matching pattern, "METHOD /path" in
// http.ServeMux syntax (wildcards such as {id} included), to h. It panics
// when pattern names no method or no absolute path, when h is nil, and, as
// ServeMux does, when pattern is invalid or conflicts with a registered one.
func (rt *Router) Handle(pattern string, h http.HandlerFunc) {
	method, path, ok := strings.Cut(pattern, " ")
	path = strings.TrimLeft(path, " \t")
	if !ok || method == "" || method != strings.ToUpper(method) || !strings.HasPrefix(path, "/") {
		panic("sandbox: route pattern " + pattern + ` must be "METHOD /path"`)
	}
	if h == nil {
		panic("sandbox: nil handler for " + pattern)
	}
	rt.mux.HandleFunc(pattern, h)
	rt.patterns = append(rt.patterns, pattern)
}

// Patterns returns the registered patterns, in registration order.
func (rt *Router) Patterns() []string { return slices.Clone(rt.patterns) }

// ServeHTTP dispatches the request to the handler of the route it matches.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) { rt.mux.ServeHTTP(w, r) }
