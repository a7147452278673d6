package giftcardtest_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest"
	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// This file runs the conformance suite, in one table, against the four
// providers' sandboxes and the Fake, each with every interface it
// implements and a backend that can lose an answer after committing (the
// UnknownOutcome checks). It lives in giftcardtest's external test package,
// which may import every provider and sandbox without an import cycle.

// backend is what the table needs of a sandbox (every one embeds
// *sandbox.Base).
type backend interface {
	InjectFault(sandbox.Fault)
	Requests() []sandbox.Entry
}

// backends maps each client a Subject's New returned to the sandbox behind
// it, for LoseNextAnswer, and counts the answers it was asked to lose.
type backends struct {
	m    sync.Map // client → backend
	lost sync.Map // client → *atomic.Int64
}

// add records srv as client's backend and, when the test ends, checks that
// every answer LoseNextAnswer was asked to lose was lost: an UnknownOutcome
// check that passed because its fault never fired would prove nothing.
func (b *backends) add(t *testing.T, client any, srv backend) {
	b.m.Store(client, srv)
	n := new(atomic.Int64)
	b.lost.Store(client, n)
	t.Cleanup(func() {
		dropped := 0
		for _, e := range srv.Requests() {
			if e.Fault == sandbox.FaultDropAfterCommit {
				dropped++
			}
		}
		if int64(dropped) != n.Load() {
			t.Errorf("the sandbox dropped %d answers after commit; LoseNextAnswer asked for %d", dropped, n.Load())
		}
	})
}

// loseNextAnswer injects DropAfterCommit on the route (a method and a path
// prefix) that method sends, into the sandbox behind the client.
func (b *backends) loseNextAnswer(routes map[string]sandbox.Fault) func(*testing.T, any, string) {
	return func(t *testing.T, client any, method string) {
		t.Helper()
		v, ok := b.m.Load(client)
		if !ok {
			t.Fatalf("no sandbox recorded for client %T", client)
		}
		f, ok := routes[method]
		if !ok {
			t.Fatalf("no route to lose the answer of %s on", method)
		}
		f.DropAfterCommit = true
		v.(backend).InjectFault(f)
		n, _ := b.lost.Load(client)
		n.(*atomic.Int64).Add(1)
	}
}

// fault is a DropAfterCommit-ready fault on the route of op in routes: its
// method, and its path up to the first parameter other than the ones in
// fill (the Wolfe company id).
func fault(t *testing.T, routes []giftcard.Route, op string, fill map[string]string) sandbox.Fault {
	t.Helper()
	for _, rt := range routes {
		if rt.Op != op {
			continue
		}
		p := rt.Path
		for k, v := range fill {
			p = strings.ReplaceAll(p, "{"+k+"}", v)
		}
		if i := strings.Index(p, "{"); i >= 0 {
			p = p[:i]
		}
		return sandbox.Fault{Method: rt.Method, Path: p}
	}
	t.Fatalf("no route %s", op)
	return sandbox.Fault{}
}

func hubbleSubject(t *testing.T) giftcardtest.Subject {
	var b backends
	return giftcardtest.Subject{
		New: func(t *testing.T) (any, func() int) {
			clk := giftcardtest.NewClock(t0)
			srv := hubbletest.NewServer(hubbletest.WithClock(clk))
			t.Cleanup(srv.Close)
			c, err := hubble.New(srv.Config(), giftcard.WithClock(clk), giftcard.WithHTTPClient(srv.Client()))
			if err != nil {
				t.Fatal(err)
			}
			b.add(t, c, srv)
			return c, func() int { return len(srv.Requests()) }
		},
		Claims:       []giftcardtest.Capability{giftcardtest.Catalog, giftcardtest.Wallet, giftcardtest.Orders},
		ProductCount: len(hubbletest.Catalog()),
		PageSize:     25,
		NewOrder: func(*testing.T) giftcard.OrderRequest {
			return giftcard.OrderRequest{ProductID: hubbletest.FlipkartID, Items: []giftcard.OrderItem{{Denomination: inr("500"), Quantity: 1}}}
		},
		Poll:           giftcard.PollPolicy{Clock: giftcardtest.NewClock(t0)},
		MissingID:      "01HMISSING0000000000000000",
		LoseNextAnswer: b.loseNextAnswer(map[string]sandbox.Fault{"PlaceOrder": fault(t, hubble.Routes(), "PlaceOrder", nil)}),
	}
}

func orbtSubject(t *testing.T) giftcardtest.Subject {
	var b backends
	var n atomic.Int64
	return giftcardtest.Subject{
		New: func(t *testing.T) (any, func() int) {
			clk := giftcardtest.NewClock(t0)
			srv := orbttest.NewServer(orbttest.WithClock(clk))
			t.Cleanup(srv.Close)
			c, err := orbt.New(srv.Config(), giftcard.WithClock(clk), giftcard.WithHTTPClient(srv.Client()))
			if err != nil {
				t.Fatal(err)
			}
			b.add(t, c, srv)
			return c, func() int { return len(srv.Requests()) }
		},
		Claims: []giftcardtest.Capability{giftcardtest.Gifts},
		NewGift: func(*testing.T) giftcard.GiftRequest {
			return giftcard.GiftRequest{Amount: giftcard.MustParseMoney("25.00", "USD"),
				Recipient: giftcard.Recipient{Name: "Conformance Recipient", Email: fmt.Sprintf("conformance-%d@example.com", n.Add(1))}}
		},
		Unsupported:    []string{"CancelGift"},
		MissingID:      "999999",
		LoseNextAnswer: b.loseNextAnswer(map[string]sandbox.Fault{"IssueGift": fault(t, orbt.Routes(), "CreateCustomer", nil)}),
	}
}

func wolfeSubject(t *testing.T) giftcardtest.Subject {
	var b backends
	recipient := giftcard.Recipient{Email: "conformance@example.com"}
	purchase := fault(t, wolfe.Routes(), "Gifts.Purchase", map[string]string{"company_id": wolfetest.CompanyID})
	return giftcardtest.Subject{
		New: func(t *testing.T) (any, func() int) {
			clk := giftcardtest.NewClock(t0)
			srv := wolfetest.NewServer(wolfetest.WithClock(clk), wolfetest.WithMerchants(40))
			t.Cleanup(srv.Close)
			c, err := srv.NewClient(giftcard.WithClock(clk))
			if err != nil {
				t.Fatal(err)
			}
			b.add(t, c, srv)
			return c, srv.Journal().Len
		},
		Claims:       []giftcardtest.Capability{giftcardtest.Catalog, giftcardtest.Wallet, giftcardtest.Orders, giftcardtest.Gifts},
		ProductCount: 42, // the 40 generated merchants and the documentation's two
		PageSize:     15,
		NewOrder: func(*testing.T) giftcard.OrderRequest {
			return giftcard.OrderRequest{ProductID: wolfetest.AmazonID, Amount: giftcard.MustParseMoney("25", "USD"), Recipient: &recipient}
		},
		// A purchase charges the funding account amount + fee.
		Fee: func(req giftcard.OrderRequest) giftcard.Money {
			cents, err := req.Amount.Minor()
			if err != nil {
				t.Fatal(err)
			}
			fee, err := giftcard.FromMinor(wolfetest.DefaultFee(cents), "USD")
			if err != nil {
				t.Fatal(err)
			}
			return fee
		},
		NewGift: func(*testing.T) giftcard.GiftRequest {
			return giftcard.GiftRequest{ProductID: wolfetest.DunkinID, Amount: giftcard.MustParseMoney("20", "USD"), Recipient: recipient, Message: "Enjoy"}
		},
		Poll:           giftcard.PollPolicy{Clock: giftcardtest.NewClock(t0)},
		LoseNextAnswer: b.loseNextAnswer(map[string]sandbox.Fault{"PlaceOrder": purchase, "IssueGift": purchase}),
	}
}

func loyaltySubject(t *testing.T) giftcardtest.Subject {
	var b backends
	return giftcardtest.Subject{
		New: func(t *testing.T) (any, func() int) {
			clk := giftcardtest.NewClock(t0)
			srv := loyaltytest.NewServer(loyaltytest.WithClock(clk))
			t.Cleanup(srv.Close)
			c, err := loyalty.New(srv.Config(), giftcard.WithClock(clk), giftcard.WithHTTPClient(srv.Client()))
			if err != nil {
				t.Fatal(err)
			}
			b.add(t, c, srv)
			return c, func() int { return len(srv.Requests()) }
		},
		Claims: []giftcardtest.Capability{giftcardtest.Gifts},
		NewGift: func(*testing.T) giftcard.GiftRequest {
			return giftcard.GiftRequest{AccountID: loyaltytest.CardNew, Amount: giftcard.MustParseMoney("25.00", "USD")}
		},
		MissingID:      loyalty.GiftID{AccountID: "999999999999999", CheckoutID: "1"}.String(),
		LoseNextAnswer: b.loseNextAnswer(map[string]sandbox.Fault{"IssueGift": fault(t, loyalty.Routes(), "TopUp", nil)}),
	}
}

// fakeLosesAnswers is LoseNextAnswer for a Fake: FailNextAfterCommit.
func fakeLosesAnswers(_ *testing.T, c any, method string) {
	c.(*giftcardtest.Fake).FailNextAfterCommit(method, errors.New("connection reset after commit"))
}

// TestConformanceAllProviders is the one table: every provider's sandbox
// and the Fake pass the same suite.
func TestConformanceAllProviders(t *testing.T) {
	fake := fakeSubject(nil, giftcardtest.WithClock(giftcardtest.NewClock(t0)))
	for _, tc := range []struct {
		name    string
		subject giftcardtest.Subject
		claims  int
	}{
		{"hubble", hubbleSubject(t), 3},
		{"orbt", orbtSubject(t), 1},
		{"wolfe", wolfeSubject(t), 4},
		{"loyalty", loyaltySubject(t), 1},
		{"fake", fake, 4},
	} {
		if len(tc.subject.Claims) != tc.claims {
			t.Fatalf("%s claims %v; the table says %d interfaces", tc.name, tc.subject.Claims, tc.claims)
		}
		t.Run(tc.name, func(t *testing.T) { giftcardtest.RunConformance(t, tc.subject) })
	}
}
