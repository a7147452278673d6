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
// # Providers
//
// Each provider package implements the interfaces it has operations for,
// returns an error matching ErrNotSupported without touching the network
// for one it lacks, and also exposes its complete native API. Each has a
// wire-level sandbox server for tests and examples:
//
//	provider           package  Catalog  Wallet  Orders  Gifts  sandbox
//	Hubble             hubble   yes      yes     yes     -      hubble/hubbletest
//	ORBT by Ncentiva   orbt     -        -       -       yes    orbt/orbttest
//	Wolfe              wolfe    yes      yes     yes     yes    wolfe/wolfetest
//	Loyalty            loyalty  -        -       -       yes    loyalty/loyaltytest
//
// All of them share one retrying transport that never resends a request
// whose outcome is unknown.
//
// # One client over several providers
//
// Client registers provider clients (two accounts of one provider with
// Named) and offers one catalog with provider-qualified ids (Products,
// GetProduct), routed orders with failover only when nothing was placed
// (PlaceOrder, RoutingPolicy), one balance view (Balances) and a circuit
// breaker per provider (BreakerPolicy).
//
// # Placing an order
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
//		// the SDK could not reconcile: retry with the same ReferenceID later
//	case err != nil:
//		return err
//	}
//
// An order may stay PROCESSING for minutes. Do not hold a request open for
// it: answer at once (202 with the order id) and finish the order in a
// background job with AwaitOrder (or on the provider's webhook); see the
// checkout example of AwaitOrder.
//
// # Testing
//
// Package giftcardtest has an in-memory Fake of the four interfaces for
// unit-testing code that uses them without a network, a fake Clock, and
// RunConformance, the behavioural suite every provider passes.
package giftcard
