package webhooks

import (
	"context"
	"net/http"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
)

// hubbleCurrency is Hubble's default currency, for a handler built without
// a client.
const hubbleCurrency = "INR"

// Hubble is a Source for Hubble's webhooks built from the webhook secret
// alone (hubble.WithWebhookSecret or hubble.WithWebhookSecrets), without
// API credentials: the handler of hubble.NewWebhookHandler, so X-Verify is
// checked (401 before your function), and the other options (allow-list,
// size cap, replay guard) apply as hubble documents them. Without a secret
// New fails, unless hubble.InsecureSkipVerify is given on purpose.
// Amounts are in INR, Hubble's default currency; a client in another
// currency needs HubbleClient. hubble.FetchOrder needs HubbleClient too.
func Hubble(opts ...hubble.WebhookOption) Source {
	return Source{Provider: "hubble", build: func(deliver Func) (http.Handler, error) {
		return hubble.NewWebhookHandler(hubbleHandlers(nil, deliver), opts...)
	}}
}

// HubbleClient is a Source for Hubble's webhooks built by c
// ((*hubble.Client).NewWebhookHandler): c's webhook secret (unless an
// option overrides it), logger and currency, its brand cache dropped on a
// brand update, and hubble.FetchOrder available, which sets Event.Order.
// A nil c fails New.
func HubbleClient(c *hubble.Client, opts ...hubble.WebhookOption) Source {
	return Source{Provider: "hubble", build: func(deliver Func) (http.Handler, error) {
		if c == nil {
			return nil, giftcard.Invalid("hubble", "Client", "HubbleClient needs a client (use Hubble for a handler from the webhook secret alone)")
		}
		return c.NewWebhookHandler(hubbleHandlers(c, deliver), opts...)
	}}
}

// hubbleHandlers adapts each of Hubble's four payloads to an Event; c may
// be nil.
func hubbleHandlers(c *hubble.Client, deliver Func) hubble.WebhookHandlers {
	currency := hubbleCurrency
	if c != nil {
		currency = c.Currency()
	}
	money := func(d decimal.Decimal) giftcard.Money { return giftcard.Money{Amount: d, Currency: currency} }
	return hubble.WebhookHandlers{
		Order: func(ctx context.Context, ev hubble.OrderEvent) error {
			e := Event{Type: OrderUpdated, Name: string(hubble.KindOrder), OrderID: ev.ID, Status: string(ev.Status),
				OrderStatus: ev.Status.Portable(), Native: ev, Raw: ev.Raw}
			if ev.Order != nil && c != nil {
				o := c.PortableOrder(*ev.Order)
				e.Order = &o
			}
			return deliver(ctx, e)
		},
		BrandUpdated: func(ctx context.Context, u hubble.BrandUpdate) error {
			return deliver(ctx, Event{Type: ProductUpdated, Name: string(hubble.KindBrandUpdated), ProductID: u.ID,
				Status: string(u.Status), Native: u, Raw: u.Raw})
		},
		LowBalance: func(ctx context.Context, l hubble.LowBalance) error {
			e := Event{Type: BalanceLow, Name: string(hubble.KindLowBalance), Balance: money(l.Balance), Native: l, Raw: l.Raw}
			if !l.Threshold.IsZero() {
				e.Threshold = money(l.Threshold)
			}
			return deliver(ctx, e)
		},
		BrandDiscount: func(ctx context.Context, d hubble.BrandDiscount) error {
			return deliver(ctx, Event{Type: ProductUpdated, Name: d.Event, ProductID: d.Details.ID, Native: d, Raw: d.Raw})
		},
	}
}
