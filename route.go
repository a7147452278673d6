package giftcard

// Route is one documented operation of a provider's HTTP API: the Go method
// that calls it, its HTTP method and its path template. Each provider package
// lists its routes in one table (its Routes function), which its client
// builds requests from and its sandbox serves, so the two cannot drift apart.
type Route struct {
	// Op is the name of the provider client's method for this operation, as
	// errors and logs carry it, e.g. "GetOrder".
	Op string
	// Method is the HTTP method, e.g. "GET".
	Method string
	// Path is the path template below the base URL. A {name} segment is a
	// path parameter, e.g. "/v1/partners/orders/{orderId}".
	Path string
}

// Pattern is the route as a net/http.ServeMux pattern, "GET /v1/…/{id}".
func (r Route) Pattern() string { return r.Method + " " + r.Path }

// String is the Pattern.
func (r Route) String() string { return r.Pattern() }
