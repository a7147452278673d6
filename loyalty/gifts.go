package loyalty

import (
	"context"
	"encoding/base64"
	"log/slog"
	"strings"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
)

// GiftID identifies a portable gift: the card it was loaded onto and the
// top-up that loaded it. Query needs the card, Void the top-up's
// CheckoutID, so the portable id carries both. Its string form is opaque
// ("lg1." and base64url); build and read it with String and ParseGiftID.
type GiftID struct {
	AccountID      giftcard.Secret // the card number (printed masked)
	CheckoutID     string          // the top-up; empty for a bare card id
	EntryType      EntryType       // how the card was read; empty means EntryKeyed
	LoyaltyChannel string          // empty means the client's channel
}

const giftIDPrefix = "lg1."

// LogValue makes slog print the parts with the card number masked (not the
// opaque id, which encodes it).
func (g GiftID) LogValue() slog.Value {
	return slog.GroupValue(slog.String("account_id", g.AccountID.String()), slog.String("checkout_id", g.CheckoutID),
		slog.String("entry_type", string(g.EntryType)), slog.String("loyalty_channel", g.LoyaltyChannel))
}

// String renders the opaque gift id. It encodes (does not encrypt) the card
// number: store and log a gift id as carefully as the card number itself.
func (g GiftID) String() string {
	raw := g.AccountID.Reveal() + "\x00" + g.CheckoutID + "\x00" + string(g.EntryType) + "\x00" + g.LoyaltyChannel
	return giftIDPrefix + base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ParseGiftID reads an id String made. Any other text is a bare accountId
// (CheckoutID empty, EntryType keyed): GetGift accepts one, CancelGift does
// not. An id with the prefix that does not decode, and a bare id that is
// blank or holds control characters, are refused with a
// *giftcard.ValidationError that also matches giftcard.ErrNotFound: no gift
// has such an id.
func ParseGiftID(id string) (GiftID, error) {
	notFound := func(reason string) error {
		return &giftcard.ValidationError{Provider: providerName, Field: "id", Reason: reason, Kind: giftcard.ErrNotFound}
	}
	rest, ok := strings.CutPrefix(id, giftIDPrefix)
	if !ok {
		if err := ck.ID("id", id); err != nil {
			return GiftID{}, notFound("not a gift id or a card's accountId: " + err.(*giftcard.ValidationError).Reason)
		}
		return GiftID{AccountID: giftcard.Secret(id), EntryType: EntryKeyed}, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(rest)
	parts := strings.Split(string(b), "\x00")
	if err != nil || len(parts) != 4 {
		return GiftID{}, notFound("not a gift id this package made")
	}
	g := GiftID{AccountID: giftcard.Secret(parts[0]), CheckoutID: parts[1], EntryType: EntryType(parts[2]), LoyaltyChannel: parts[3]}
	if g.EntryType == "" {
		g.EntryType = EntryKeyed
	}
	if check.First(ck.ID("accountId", g.AccountID.Reveal()), ck.Text("checkoutId", g.CheckoutID), checkEntry(g.EntryType), channelCheck(g.LoyaltyChannel)) != nil {
		return GiftID{}, notFound("not a gift id this package made")
	}
	return g, nil
}

// IssueGift loads a card: a Top-up of req.Amount onto req.AccountID (the
// card, required), with Activating Yes so a card not yet activated becomes
// usable. ReferenceID is the tranOrderNo (generated when empty, at most 60
// characters) and the usual exactly-once rules apply. ProductID, when set,
// is the loyaltyChannel. Amount is required here, in the client's
// currency. Recipient and Message have no loyalty field and are ignored.
//
// The Gift's ID is a GiftID of the card and the top-up; its Status is
// ACTIVE, or PENDING for a pending top-up; Balances is empty (the top-up
// answer holds none: GetGift reads them).
func (c *Client) IssueGift(ctx context.Context, req giftcard.GiftRequest) (giftcard.Gift, error) {
	if req.Amount.IsZero() {
		return giftcard.Gift{}, ck.Invalid("amount", "required: a gift loads a positive amount")
	}
	t, err := c.TopUp(ctx, TopUpRequest{
		TranOrderNo: req.ReferenceID, AccountID: giftcard.Secret(req.AccountID), EntryType: EntryKeyed, Activating: Yes,
		Amount: req.Amount, LoyaltyChannel: req.ProductID,
	})
	if err != nil {
		return giftcard.Gift{}, err
	}
	status := giftcard.GiftActive
	if t.Pending() {
		status = giftcard.GiftPending
	}
	amt := req.Amount
	amt.Currency = c.currency
	id := GiftID{AccountID: giftcard.Secret(req.AccountID), CheckoutID: t.CheckoutID, EntryType: EntryKeyed, LoyaltyChannel: req.ProductID}
	return giftcard.Gift{Provider: providerName, ID: id.String(), ReferenceID: t.TranOrderNo, Status: status, Amount: amt, Raw: t.Raw}, nil
}

// GetGift queries the card of a gift id (or a bare accountId): Balances
// holds its money balances (points are not money: read them from Raw or
// with Query). Status is ACTIVE, or CANCELLED when this Client voided the
// gift's top-up; the API has no lookup of a transaction, so another Client
// (another process) reports a voided gift's card as ACTIVE. An unknown card
// matches giftcard.ErrNotFound.
func (c *Client) GetGift(ctx context.Context, id string) (giftcard.Gift, error) {
	g, err := ParseGiftID(id)
	if err != nil {
		return giftcard.Gift{}, err
	}
	cd, err := c.Query(ctx, QueryRequest{AccountID: g.AccountID, EntryType: g.EntryType, LoyaltyChannel: g.LoyaltyChannel})
	if err != nil {
		if ge, ok := asError(err); ok {
			ge.Op = "GetGift"
		}
		return giftcard.Gift{}, err
	}
	out := giftcard.Gift{Provider: providerName, ID: id, Status: giftcard.GiftActive, Raw: cd.Raw}
	for _, b := range cd.Balances {
		if m, ok := b.Money(); ok {
			out.Balances = append(out.Balances, m)
		}
	}
	if g.CheckoutID != "" && c.voids.voided(g.CheckoutID) {
		out.Status = giftcard.GiftCancelled
	}
	return out, nil
}

// CancelGift voids the gift's top-up (Void with the top-up's CheckoutID,
// exactly once per Client). A bare accountId names no top-up: it is refused
// before the network with an error matching giftcard.ErrNotFound, as is an
// unknown top-up by the provider.
func (c *Client) CancelGift(ctx context.Context, id string) error {
	g, err := ParseGiftID(id)
	if err != nil {
		return err
	}
	if g.CheckoutID == "" {
		return &giftcard.ValidationError{Provider: providerName, Field: "id", Kind: giftcard.ErrNotFound,
			Reason: "a bare accountId names no top-up to void; pass the id IssueGift returned"}
	}
	_, err = c.Void(ctx, VoidRequest{OriOrderNo: g.CheckoutID})
	if ge, ok := asError(err); ok {
		ge.Op = "CancelGift"
	}
	return err
}
