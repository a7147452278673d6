package webhooks

import (
	"context"
	"net/http"

	"github.com/giftcard-go/giftcard/wolfe"
)

// Wolfe is a Source for Wolfe's webhooks: the handler of
// wolfe.NewWebhookHandler with opts, so a request is verified by its
// signature (opts.Signature: 401 before your function) or by re-reading the
// object it names (opts.Refetch, as Wolfe advises: the Event then carries
// the re-read Gift or Product and never the posted body). With neither New
// fails, unless opts.Insecure is set on purpose.
//
// A Wolfe order is a gift, so a GIFT_UPDATE event sets OrderID as well as
// GiftID (the same id). MERCHANT_UPDATE and MERCHANT_DELETE are
// ProductUpdated; an event the SDK does not know is Other.
func Wolfe(opts wolfe.WebhookOptions) Source {
	return Source{Provider: "wolfe", build: func(deliver Func) (http.Handler, error) {
		return wolfe.NewWebhookHandler(opts, func(ctx context.Context, ev wolfe.WebhookEvent) error {
			return deliver(ctx, wolfeEvent(ev, opts.Refetch))
		})
	}}
}

// wolfeEvent adapts a Wolfe event; c is the refetching client, or nil.
func wolfeEvent(ev wolfe.WebhookEvent, c *wolfe.Client) Event {
	e := Event{Type: Other, Name: string(ev.Name), Native: ev, Raw: ev.Raw}
	switch ev.Name {
	case wolfe.WebhookTransactionUpdate:
		e.Type, e.TransactionID = TransactionUpdated, ev.ID
		switch t, u := ev.Transaction, ev.TransactionUpdate; {
		case t != nil:
			e.Amount, e.Status, e.ReferenceID, e.Raw = t.Amount, string(t.Status), t.ReferenceID, t.Raw
		case u != nil:
			e.Amount, e.Status, e.ReferenceID = u.Amount, u.Status, u.ReferenceID
		}
	case wolfe.WebhookGiftUpdate:
		e.Type, e.GiftID, e.OrderID = GiftUpdated, ev.ID, ev.ID
		switch g, u := ev.Gift, ev.GiftUpdate; {
		case g != nil:
			pg := wolfe.PortableGift(*g)
			e.Gift = &pg
			e.Amount, e.Balance, e.Status, e.GiftStatus, e.Raw = g.Amount, g.Balance, string(g.Status), g.Status.Portable(), g.Raw
		case u != nil:
			e.Amount, e.Balance, e.Status, e.GiftStatus = u.Amount, u.Balance, u.Status, wolfe.GiftStatus(u.Status).Portable()
		}
	case wolfe.WebhookMerchantUpdate, wolfe.WebhookMerchantDelete:
		e.Type, e.ProductID = ProductUpdated, ev.ID
		if m := ev.Merchant; m != nil && c != nil {
			p := c.Product(*m)
			e.Product = &p
			e.Raw = m.Raw
		}
	}
	return e
}
