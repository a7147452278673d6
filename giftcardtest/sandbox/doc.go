// Package sandbox is the common base of the SDK's wire-level provider
// sandboxes (hubbletest, orbttest, …): what every one of them needs and none
// of them should write again.
//
// A provider sandbox embeds *Base, made by NewBase from the provider's
// handler. Base runs the handler on loopback in the manner of
// httptest.NewServer and gives every sandbox the same surface: URL, Client,
// Close, the request journal (Requests, CountRequests, Journal), fault
// injection (InjectFault, ClearFaults), the sandbox clock (Clock) and the
// webhook outbox (Outbox).
//
//	type Server struct {
//		*sandbox.Base
//		mu sync.Mutex
//		orders sandbox.Store[string, *order]
//	}
//
//	func NewServer() *Server {
//		s := &Server{}
//		r := sandbox.NewRouter(nil)
//		r.Handle("POST /v1/orders", s.placeOrder)
//		r.Handle("GET /v1/orders/{id}", s.getOrder)
//		s.Base = sandbox.NewBase("acme", s.authenticate(r))
//		return s
//	}
//
// The pieces are usable on their own as well: Wrap puts journaling and
// faults in front of any handler; WriteJSON, ReadJSON, Body and QueryInt
// are the handlers' plumbing; Page and Store serve offset/limit listings;
// Outbox sends webhooks and lets a test wait for them without polling.
//
// Every type here is safe for concurrent use except Store and Router
// registration, as their documentation says.
package sandbox
