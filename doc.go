// Package giftcard is one SDK for four gift-card and incentive APIs: Hubble
// (voucher orders), ORBT by Ncentiva (consumer wallets), Wolfe (claimable
// gifts) and an openLoyaltyPay-style loyalty API (stored-value cards).
//
// The root package holds what every provider shares: exact Money
// (shopspring/decimal, never float64), the portable Product, Order, Voucher
// and Gift types, one error model (*Error matching the Err* kinds through
// errors.Is, *ValidationError naming the field), the functional options, and
// four small interfaces:
//
//	Catalog  ListProducts (iter.Seq2 over every page), GetProduct
//	Wallet   GetBalance
//	Orders   PlaceOrder (idempotent on ReferenceID), GetOrder, GetOrderByReference
//	Gifts    IssueGift, GetGift, CancelGift
//
// Each provider package (hubble, orbt, wolfe, loyalty) implements the
// interfaces it has operations for, returns an error matching
// ErrNotSupported without touching the network for one it lacks, and also
// exposes its complete native API. All of them share one retrying transport
// that never resends a request whose outcome is unknown.
//
// | provider | package | Catalog | Wallet | Orders | Gifts |
// |----------|---------|---------|--------|--------|-------|
// | Hubble   | hubble  | yes     | yes    | yes    | –     |
// | ORBT     | orbt    | –       | –      | –      | yes   |
//
// A typical flow, with any Orders implementation:
//
//	order, err := orders.PlaceOrder(ctx, giftcard.OrderRequest{
//		ProductID:   productID,
//		ReferenceID: "order-2026-0001", // your idempotency key
//		Items: []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 1}},
//	})
//	switch {
//	case errors.Is(err, giftcard.ErrInsufficientFunds):
//		// top up the funding wallet
//	case errors.Is(err, giftcard.ErrOutcomeUnknown):
//		// the SDK could not reconcile: look the reference up later
//	case err != nil:
//		return err
//	}
//	if order.Status == giftcard.OrderProcessing {
//		order, err = giftcard.WaitForOrder(ctx, orders, order.ID, giftcard.DefaultPollPolicy())
//	}
//
// Package giftcardtest has an in-memory fake of the four interfaces for
// unit-testing code that uses them without a network.
package giftcard
