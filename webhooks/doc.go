// Package webhooks is one HTTP endpoint for the webhooks of every provider:
// a Mux mounts each provider's own verified handler at its own path
// ("/hubble", "/wolfe", or a path you choose) and hands one function of
// yours a portable Event — order updated, gift updated, transaction
// updated, balance low, product updated — with the provider's native
// payload attached.
//
//	mux, err := webhooks.New(func(ctx context.Context, ev webhooks.Event) error {
//		switch ev.Type {
//		case webhooks.OrderUpdated:
//			return markOrder(ctx, ev.Provider, ev.OrderID, ev.OrderStatus)
//		case webhooks.BalanceLow:
//			return alertFinance(ctx, ev.Provider, ev.Balance)
//		}
//		return nil
//	},
//		webhooks.Hubble(hubble.WithWebhookSecret(secret)),
//		webhooks.Wolfe(wolfe.WebhookOptions{Signature: &wolfe.SignatureConfig{Secrets: secrets}}),
//	)
//	if err != nil { … }
//	http.Handle("/webhooks/", http.StripPrefix("/webhooks", mux))
//
// Verification is the provider's, never this package's: each Source builds
// the handler its provider documents (hubble.NewWebhookHandler or
// (*hubble.Client).NewWebhookHandler, wolfe.NewWebhookHandler), so the
// method check, the capped body read, the source-IP allow-list, the
// signature (or Wolfe's verify-by-refetch) and the replay guard all run
// before your function, and a request that fails them is answered (401 for a
// bad or missing signature) without reaching it. A Source that cannot verify
// (no secret, no verifier) fails New: the Mux fails closed, unless a
// provider's own insecure option was chosen on purpose.
//
// What each provider sends, as an Event:
//
//	hubble  order reached terminal state    OrderUpdated        OrderID, OrderStatus (Order with hubble.FetchOrder)
//	hubble  brand updated                   ProductUpdated      ProductID, Status
//	hubble  brand discount / new / disabled ProductUpdated      ProductID (Name is the event: USER_DISCOUNT_UPDATED …)
//	hubble  wallet low balance              BalanceLow          Balance, Threshold
//	wolfe   TRANSACTION_UPDATE              TransactionUpdated  TransactionID, Amount, Status, ReferenceID
//	wolfe   GIFT_UPDATE                     GiftUpdated         GiftID (and OrderID: a Wolfe order is a gift), Amount, Balance, Status, GiftStatus
//	wolfe   MERCHANT_UPDATE, MERCHANT_DELETE ProductUpdated     ProductID (Product with verify-by-refetch, for an update)
//	wolfe   any other event                 Other               Name and Raw only
//
// ORBT and loyalty document no webhooks; Custom mounts any other verified
// handler (yours, or a provider's added later) under the same function.
//
// Your function's error answers the provider 500, so it delivers again:
// make the function idempotent on the event (Hubble's handler already drops
// an order event it delivered before).
package webhooks
