package wolfe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"strings"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// RedemptionsService redeems a gift's whole balance as an eGift (W24,
// W25), a Visa card (W26, W27) or a Zelle transfer (W28–W31), and reads
// what each produced. Each redemption deducts its fee from the gift's
// balance and is sent at most once more after a lost answer, only when the
// gift proves the first did not happen (see Redemption and the package
// documentation).
type RedemptionsService service

// ---- eGift ----

// EGift is an eGift a gift was redeemed as (W24). Code and PIN redeem it
// at the merchant: they are masked in every fmt verb, slog and String, and
// so is Raw; JSON keeps them.
type EGift struct {
	// ID is the eGift's id (the documentation types it a UUID; its example
	// is not one).
	ID                string
	ClientRecipientID string         // the recipient in the partner's system
	Amount            giftcard.Money // the eGift's value
	MerchantID        string         // the merchant it is spent at
	Message           string         // the gift's message
	// FulfillmentStatus is where the eGift stands ("fulfilled"; Wolfe
	// documents no list).
	FulfillmentStatus string
	ExpirationDate    string          // the expiry as Wolfe writes it, MM/YY ("05/25")
	DateCreated       Time            // when it was created
	DateToProcess     Time            // when it is (to be) processed
	Code              giftcard.Secret // the eGift code
	PIN               giftcard.Secret // the eGift PIN
	Description       string          // the merchant's description of the card
	Instructions      string          // how to redeem it
	Terms             string          // the card's terms
	Raw               json.RawMessage // the data as Wolfe sent it (holds Code and PIN)
}

type egiftJSON struct {
	EGiftID           wire.String `json:"egift_id"`
	ClientRecipientID wire.String `json:"client_recipient_id,omitempty"`
	Amount            *wire.Int   `json:"amount,omitempty"`
	MerchantID        wire.String `json:"merchant_id,omitempty"`
	Message           wire.String `json:"message,omitempty"`
	FulfillmentStatus wire.String `json:"fulfillment_status,omitempty"`
	ExpirationDate    wire.String `json:"expiration_date,omitempty"`
	DateCreated       wire.Time   `json:"date_created,omitzero"`
	DateToProcess     wire.Time   `json:"date_to_process,omitzero"`
	Code              wire.String `json:"code,omitempty"`
	PIN               wire.String `json:"pin,omitempty"`
	Description       wire.String `json:"description,omitempty"`
	Instructions      wire.String `json:"instructions,omitempty"`
	Terms             wire.String `json:"terms,omitempty"`
}

// UnmarshalJSON reads Wolfe's eGift.
func (e *EGift) UnmarshalJSON(b []byte) error {
	var w egiftJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = EGift{ID: string(w.EGiftID), ClientRecipientID: string(w.ClientRecipientID), Amount: centsMoney(w.Amount),
		MerchantID: string(w.MerchantID), Message: string(w.Message), FulfillmentStatus: string(w.FulfillmentStatus),
		ExpirationDate: string(w.ExpirationDate), DateCreated: w.DateCreated, DateToProcess: w.DateToProcess,
		Code: giftcard.Secret(w.Code), PIN: giftcard.Secret(w.PIN), Description: string(w.Description),
		Instructions: string(w.Instructions), Terms: string(w.Terms), Raw: append(json.RawMessage(nil), b...)}
	return nil
}

// MarshalJSON writes Wolfe's form, code and PIN included.
func (e EGift) MarshalJSON() ([]byte, error) {
	w := egiftJSON{EGiftID: wire.String(e.ID), ClientRecipientID: wire.String(e.ClientRecipientID),
		MerchantID: wire.String(e.MerchantID), Message: wire.String(e.Message),
		FulfillmentStatus: wire.String(e.FulfillmentStatus), ExpirationDate: wire.String(e.ExpirationDate),
		DateCreated: e.DateCreated, DateToProcess: e.DateToProcess, Code: wire.String(e.Code.Reveal()),
		PIN: wire.String(e.PIN.Reveal()), Description: wire.String(e.Description),
		Instructions: wire.String(e.Instructions), Terms: wire.String(e.Terms)}
	if err := setCents(cents{&w.Amount, "amount", e.Amount}); err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// String prints the eGift with its code and PIN masked and without Raw.
func (e EGift) String() string {
	return fmt.Sprintf("wolfe.EGift{ID:%s Amount:%s MerchantID:%s FulfillmentStatus:%s ExpirationDate:%s Code:%s PIN:%s}",
		e.ID, e.Amount, e.MerchantID, e.FulfillmentStatus, e.ExpirationDate, e.Code, e.PIN)
}

// GoString is String.
func (e EGift) GoString() string { return e.String() }

// Format prints String for every verb, so no verb can walk the fields
// (Raw holds the code and PIN).
func (e EGift) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		_, _ = fmt.Fprintf(f, "%q", e.String())
		return
	}
	_, _ = io.WriteString(f, e.String())
}

// LogValue makes slog print the eGift masked (its JSON handler would
// otherwise marshal the code and PIN).
func (e EGift) LogValue() slog.Value {
	return slog.GroupValue(slog.String("egift_id", e.ID), slog.String("amount", e.Amount.String()),
		slog.String("merchant_id", e.MerchantID), slog.String("fulfillment_status", e.FulfillmentStatus),
		slog.Any("code", e.Code), slog.Any("pin", e.PIN))
}

// GetEGift returns an eGift with its code and PIN (W24). Its id comes from
// RedeemEGift or from the gift's RedemptionInfo.
func (s *RedemptionsService) GetEGift(ctx context.Context, id string) (EGift, error) {
	return transport.Call[EGift](ctx, s.client().tr, s.client().req(routeGetEGift, id))
}

// egiftIDs reads W25's answer: a one-element array [{egift_id}] as the
// documentation shows, or the object alone.
func egiftIDs(payload []byte) (string, error) {
	var l wire.List[struct {
		EGiftID wire.String `json:"egift_id"`
	}]
	if err := json.Unmarshal(payload, &l); err != nil {
		return "", err
	}
	if len(l) == 0 {
		return "", errors.New("the answer lists no eGift")
	}
	return string(l[0].EGiftID), nil
}

// RedeemEGift redeems a gift's whole balance as an eGift (W25); the fee is
// deducted from the balance. The gift is read first: it must offer EGIFT
// and its balance must be within the EGIFT configuration's RANGE (dollars),
// or the call fails with a *giftcard.ValidationError and nothing is
// redeemed. The Redemption's ID is the eGift's: read its code with
// GetEGift. A lost answer is reconciled through the gift (see Redemption).
func (s *RedemptionsService) RedeemEGift(ctx context.Context, giftID string) (Redemption, error) {
	if err := checkGiftID(giftID); err != nil {
		return Redemption{}, err
	}
	before, err := s.client().preflight(ctx, giftID, RedeemEGift)
	if err != nil {
		return Redemption{}, err
	}
	body, err := json.Marshal(giftIDBody{GiftID: giftID})
	if err != nil {
		return Redemption{}, err
	}
	return s.client().redeem(ctx, redemption{rt: routeRedeemEGift, method: RedeemEGift, event: EventRedemptionEGift, body: body,
		before: before, decode: egiftIDs,
		produced: giftDetail(RedeemEGift, func(d RedemptionDetails) string { return d.EGiftID }),
		amountOf: func(ctx context.Context, id string) (giftcard.Money, error) {
			e, err := s.GetEGift(ctx, id)
			return e.Amount, err
		}})
}

// checkGiftID checks a redeemed gift's id: required, at most 255
// characters (W21–W27).
func checkGiftID(id string) error {
	return check.First(idParam("gift_id", id), ck.MaxLen("gift_id", id, maxReferenceLen))
}

// ---- Visa card ----

// VisaCard is a request for a prepaid Visa card a gift was redeemed as
// (W26).
type VisaCard struct {
	ID     string         // the Visa card request's id
	Amount giftcard.Money // the card's load value
	// DateCreated, DateProcessed and DateValueLoaded are when the request
	// was made, processed and the card loaded. The examples'
	// "2022-25-09T1:33:10+00:00" is not a date: kept raw.
	DateCreated, DateProcessed, DateValueLoaded Time
	GiftID                                      string // the gift redeemed
	PrintedIdentifier                           string // the identifier printed on the card
	// ShippingMethod is how the card is shipped ("fedex-overnight"), Wolfe's
	// "shippment_method" (sic; "shipment_method" is read too).
	ShippingMethod string
	TrackingNumber string          // the shipment's tracking number
	CardMask       string          // the card number's last four digits
	FirstName      string          // the card recipient
	LastName       string          // the card recipient
	Address        Address         // where the card is shipped
	Raw            json.RawMessage // the data as Wolfe sent it
}

type visaCardJSON struct {
	ID                wire.String `json:"id"`
	Amount            *wire.Int   `json:"amount,omitempty"`
	DateCreated       wire.Time   `json:"date_created,omitzero"`
	DateProcessed     wire.Time   `json:"date_processed,omitzero"`
	DateValueLoaded   wire.Time   `json:"date_value_loaded,omitzero"`
	GiftID            wire.String `json:"gift_id,omitempty"`
	PrintedIdentifier wire.String `json:"printed_identifier,omitempty"`
	ShippmentMethod   wire.String `json:"shippment_method,omitempty"`
	ShipmentMethod    wire.String `json:"shipment_method,omitempty"`
	TrackingNumber    wire.String `json:"tracking_number,omitempty"`
	CardMask          wire.String `json:"card_mask,omitempty"`
	FirstName         wire.String `json:"first_name,omitempty"`
	LastName          wire.String `json:"last_name,omitempty"`
	Address           *Address    `json:"address,omitempty"`
}

// UnmarshalJSON reads Wolfe's Visa card request.
func (v *VisaCard) UnmarshalJSON(b []byte) error {
	var w visaCardJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*v = VisaCard{ID: string(w.ID), Amount: centsMoney(w.Amount), DateCreated: w.DateCreated,
		DateProcessed: w.DateProcessed, DateValueLoaded: w.DateValueLoaded, GiftID: string(w.GiftID),
		PrintedIdentifier: string(w.PrintedIdentifier), ShippingMethod: string(w.ShippmentMethod),
		TrackingNumber: string(w.TrackingNumber), CardMask: string(w.CardMask), FirstName: string(w.FirstName),
		LastName: string(w.LastName), Raw: append(json.RawMessage(nil), b...)}
	if v.ShippingMethod == "" {
		v.ShippingMethod = string(w.ShipmentMethod)
	}
	if w.Address != nil {
		v.Address = *w.Address
	}
	return nil
}

// MarshalJSON writes Wolfe's form ("shippment_method", as Wolfe spells it).
func (v VisaCard) MarshalJSON() ([]byte, error) {
	w := visaCardJSON{ID: wire.String(v.ID), DateCreated: v.DateCreated, DateProcessed: v.DateProcessed,
		DateValueLoaded: v.DateValueLoaded, GiftID: wire.String(v.GiftID),
		PrintedIdentifier: wire.String(v.PrintedIdentifier), ShippmentMethod: wire.String(v.ShippingMethod),
		TrackingNumber: wire.String(v.TrackingNumber), CardMask: wire.String(v.CardMask),
		FirstName: wire.String(v.FirstName), LastName: wire.String(v.LastName)}
	if !v.Address.IsZero() {
		w.Address = &v.Address
	}
	if err := setCents(cents{&w.Amount, "amount", v.Amount}); err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// GetVisaCard returns a Visa card request (W26). Its id comes from
// RedeemVisaCard or from the gift's RedemptionInfo.
func (s *RedemptionsService) GetVisaCard(ctx context.Context, id string) (VisaCard, error) {
	return transport.Call[VisaCard](ctx, s.client().tr, s.client().req(routeGetVisaCard, id))
}

// VisaRequest redeems a gift as a prepaid Visa card shipped to a person
// (W27). The documentation marks only gift_id required; a card that must
// be shipped needs its recipient and address, so all are required here.
type VisaRequest struct {
	GiftID    string  `json:"gift_id"`    // the gift to redeem (at most 255 characters)
	FirstName string  `json:"first_name"` // the card recipient's first name
	LastName  string  `json:"last_name"`  // the card recipient's last name
	Address   Address `json:"address"`    // where the card is shipped
}

func (r VisaRequest) validate() error {
	return check.First(checkGiftID(r.GiftID), checkName("first_name", r.FirstName), checkName("last_name", r.LastName),
		checkPostal("address", r.Address))
}

// RedeemVisaCard redeems a gift's whole balance as a prepaid Visa card
// shipped to req's address (W27); the fee is deducted from the balance.
// The gift is read first: it must offer VISA and its balance must be at
// least the VISA configuration's min_amount (dollars), or the call fails
// with a *giftcard.ValidationError. The Redemption's ID is the Visa card
// request's (GetVisaCard). A lost answer is reconciled through the gift.
func (s *RedemptionsService) RedeemVisaCard(ctx context.Context, req VisaRequest) (Redemption, error) {
	if err := req.validate(); err != nil {
		return Redemption{}, err
	}
	before, err := s.client().preflight(ctx, req.GiftID, RedeemVisa)
	if err != nil {
		return Redemption{}, err
	}
	body, err := json.Marshal(req)
	if err != nil {
		return Redemption{}, err
	}
	return s.client().redeem(ctx, redemption{rt: routeRedeemVisaCard, method: RedeemVisa, event: EventRedemptionVisa, body: body,
		before: before,
		decode: func(p []byte) (string, error) {
			var v struct {
				VisaCardID wire.String `json:"visa_card_id"`
				ID         wire.String `json:"id"`
			}
			err := json.Unmarshal(p, &v)
			if v.VisaCardID == "" {
				v.VisaCardID = v.ID
			}
			return string(v.VisaCardID), err
		},
		produced: giftDetail(RedeemVisa, func(d RedemptionDetails) string { return d.VisaID }),
		amountOf: func(ctx context.Context, id string) (giftcard.Money, error) {
			v, err := s.GetVisaCard(ctx, id)
			return v.Amount, err
		}})
}

// ---- Zelle ----

// ZelleTokenType says what a Zelle token is.
type ZelleTokenType string

// The documented Zelle token types.
const (
	ZelleEmail  ZelleTokenType = "email"
	ZelleMobile ZelleTokenType = "mobile"
)

// ZelleAccount is a recipient's Zelle account known to Wolfe (W28).
type ZelleAccount struct {
	ID                string          `json:"id"`                  // the Zelle account's id in the platform
	ClientRecipientID string          `json:"client_recipient_id"` // the recipient in the partner's system
	Token             string          `json:"token"`               // the email address or mobile number
	TokenType         ZelleTokenType  `json:"token_type"`          // email or mobile
	FirstName         string          `json:"first_name"`          // as registered with Zelle
	LastName          string          `json:"last_name"`           // as registered with Zelle
	Raw               json.RawMessage `json:"-"`                   // the account as Wolfe sent it
}

// UnmarshalJSON reads an account, keeping it in Raw.
func (a *ZelleAccount) UnmarshalJSON(b []byte) error {
	type plain ZelleAccount
	var w struct {
		plain
		ID                wire.String `json:"id"`
		ClientRecipientID wire.String `json:"client_recipient_id"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = ZelleAccount(w.plain)
	a.ID, a.ClientRecipientID, a.Raw = string(w.ID), string(w.ClientRecipientID), append(json.RawMessage(nil), b...)
	return nil
}

// ZelleAccountQuery picks the Zelle accounts ZelleAccounts returns: by
// recipient, by account id, or both. At least one is required.
type ZelleAccountQuery struct {
	ClientRecipientID string // the recipient in your system
	ZelleAccountID    string // the account's id in the platform
}

// ZelleAccounts looks up a recipient's Zelle accounts (W28; not
// paginated).
func (s *RedemptionsService) ZelleAccounts(ctx context.Context, q ZelleAccountQuery) ([]ZelleAccount, error) {
	if q.ClientRecipientID == "" && q.ZelleAccountID == "" {
		return nil, ck.Invalid("client_recipient_id", "required: set client_recipient_id or zelle_account_id")
	}
	if err := check.First(optionalID("client_recipient_id", q.ClientRecipientID), optionalID("zelle_account_id", q.ZelleAccountID)); err != nil {
		return nil, err
	}
	r := s.client().req(routeZelleAccounts)
	v := url.Values{}
	query(v).set("client_recipient_id", q.ClientRecipientID)
	query(v).set("zelle_account_id", q.ZelleAccountID)
	r.Query = v
	res, err := s.client().tr.Do(ctx, r, nil)
	if err != nil || len(res.Payload) == 0 {
		return nil, err
	}
	var l wire.List[ZelleAccount]
	if err := json.Unmarshal(res.Payload, &l); err != nil {
		return nil, s.client().tr.BadResponse(r, res, "the Zelle accounts are not the expected JSON", err)
	}
	return []ZelleAccount(l), nil
}

// ZelleTransaction is a Zelle transfer a gift was redeemed as (W29).
type ZelleTransaction struct {
	ID                string          // the transaction's id
	Status            string          // "processed" (Wolfe documents no list)
	Amount            giftcard.Money  // the amount transferred
	DateCreated       Time            // when it was created
	DateModified      Time            // when it last changed
	ZelleAccountID    string          // the account paid
	ClientRecipientID string          // the recipient in the partner's system
	GiftID            string          // the gift redeemed
	Raw               json.RawMessage // the transaction as Wolfe sent it
}

type zelleTransactionJSON struct {
	ID                wire.String `json:"id"`
	Status            wire.String `json:"status,omitempty"`
	Amount            *wire.Int   `json:"amount,omitempty"`
	DateCreated       wire.Time   `json:"date_created,omitzero"`
	DateModified      wire.Time   `json:"date_modified,omitzero"`
	ZelleAccountID    wire.String `json:"zelle_account_id,omitempty"`
	ClientRecipientID wire.String `json:"client_recipient_id,omitempty"`
	GiftID            wire.String `json:"gift_id,omitempty"`
}

// UnmarshalJSON reads Wolfe's Zelle transaction.
func (z *ZelleTransaction) UnmarshalJSON(b []byte) error {
	var w zelleTransactionJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*z = ZelleTransaction{ID: string(w.ID), Status: string(w.Status), Amount: centsMoney(w.Amount),
		DateCreated: w.DateCreated, DateModified: w.DateModified, ZelleAccountID: string(w.ZelleAccountID),
		ClientRecipientID: string(w.ClientRecipientID), GiftID: string(w.GiftID), Raw: append(json.RawMessage(nil), b...)}
	return nil
}

// MarshalJSON writes Wolfe's form.
func (z ZelleTransaction) MarshalJSON() ([]byte, error) {
	w := zelleTransactionJSON{ID: wire.String(z.ID), Status: wire.String(z.Status), DateCreated: z.DateCreated,
		DateModified: z.DateModified, ZelleAccountID: wire.String(z.ZelleAccountID),
		ClientRecipientID: wire.String(z.ClientRecipientID), GiftID: wire.String(z.GiftID)}
	if err := setCents(cents{&w.Amount, "amount", z.Amount}); err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// GetZelleTransaction returns a Zelle transaction (W29).
func (s *RedemptionsService) GetZelleTransaction(ctx context.Context, id string) (ZelleTransaction, error) {
	return transport.Call[ZelleTransaction](ctx, s.client().tr, s.client().req(routeGetZelleTransaction, id))
}

// ZelleRequest redeems a gift via Zelle (W30). The documentation gives two
// alternatives, and a request must be one of them:
//
//   - a known account: GiftID, ZelleAccountID (from ZelleAccounts) and
//     Address;
//   - a token: GiftID, AccountToken and TokenType (validated first with
//     ValidateZelleToken), FirstName, LastName and Address.
//
// Fields of the other alternative may be sent too (the documentation's
// example sends all of them) but must then be valid.
type ZelleRequest struct {
	GiftID         string         `json:"gift_id"`                    // the gift to redeem (required)
	ZelleAccountID string         `json:"zelle_account_id,omitempty"` // the account, first alternative
	AccountToken   string         `json:"account_token,omitempty"`    // the email or mobile number, second alternative
	TokenType      ZelleTokenType `json:"token_type,omitempty"`       // email or mobile, with AccountToken
	FirstName      string         `json:"first_name,omitempty"`       // as registered with Zelle, with AccountToken
	LastName       string         `json:"last_name,omitempty"`        // as registered with Zelle, with AccountToken
	Address        Address        `json:"address"`                    // the recipient's address (required)
}

func (r ZelleRequest) validate() error {
	if err := checkGiftID(r.GiftID); err != nil {
		return err
	}
	tokenGiven := r.AccountToken != "" || r.TokenType != "" || r.FirstName != "" || r.LastName != ""
	if r.ZelleAccountID == "" && !tokenGiven {
		return ck.Invalid("zelle_account_id", "required: set zelle_account_id (an account from ZelleAccounts), or account_token, token_type, first_name and last_name")
	}
	return check.First(
		optionalID("zelle_account_id", r.ZelleAccountID),
		optional(tokenGiven || r.ZelleAccountID == "", func() error {
			return check.First(checkToken("account_token", r.AccountToken, r.TokenType),
				checkName("first_name", r.FirstName), checkName("last_name", r.LastName))
		}),
		checkPostal("address", r.Address),
	)
}

// RedeemZelle redeems a gift's whole balance as a Zelle transfer (W30);
// the fee is deducted from the balance. A request that is neither of the
// documented alternatives is refused before the network. The Redemption's
// ID is the Zelle transaction's (GetZelleTransaction). A lost answer is
// reconciled through the gift; a transfer found that way has no ID (the
// gift does not name its Zelle transaction), but its amount and fee come
// from the gift's redemption.zelle event.
func (s *RedemptionsService) RedeemZelle(ctx context.Context, req ZelleRequest) (Redemption, error) {
	if err := req.validate(); err != nil {
		return Redemption{}, err
	}
	before, err := s.client().preflight(ctx, req.GiftID, RedeemZelle)
	if err != nil {
		return Redemption{}, err
	}
	body, err := json.Marshal(req)
	if err != nil {
		return Redemption{}, err
	}
	return s.client().redeem(ctx, redemption{rt: routeRedeemZelle, method: RedeemZelle, event: EventRedemptionZelle, body: body,
		before: before,
		decode: func(p []byte) (string, error) {
			var v struct {
				ID wire.String `json:"zelle_transaction_id"`
			}
			err := json.Unmarshal(p, &v)
			return string(v.ID), err
		},
		produced: func(Gift) string { return "" },
		mine: func(_ context.Context, _ Redemption, ev *GiftEvent) (bool, string) {
			// The event names the account token paid; with a token request
			// it must be this one.
			if ev == nil || req.AccountToken == "" || ev.Metadata.Account == "" || strings.EqualFold(ev.Metadata.Account, req.AccountToken) {
				return true, ""
			}
			return false, "a Zelle transfer to another account"
		},
		amountOf: func(ctx context.Context, id string) (giftcard.Money, error) {
			z, err := s.GetZelleTransaction(ctx, id)
			return z.Amount, err
		}})
}

// ZelleTokenRequest validates a Zelle token (W31).
type ZelleTokenRequest struct {
	Token     string         `json:"token"`             // the email address or mobile number (required)
	TokenType ZelleTokenType `json:"token_type"`        // email or mobile (required)
	GiftID    string         `json:"gift_id,omitempty"` // the gift the Zelle redemption is for (optional)
}

// ZelleToken is what Wolfe knows of a validated Zelle token (W31): the
// account holder's name, to redeem with the token alternative of
// RedeemZelle. The documentation's example answers an empty token for the
// token it validated; it is kept as sent.
type ZelleToken struct {
	Token     string          `json:"token"`      // the token, as Wolfe answers it
	TokenType ZelleTokenType  `json:"token_type"` // email or mobile
	FirstName string          `json:"first_name"` // the account holder's first name
	LastName  string          `json:"last_name"`  // the account holder's last name
	Raw       json.RawMessage `json:"-"`          // the data as Wolfe sent it
}

// ValidateZelleToken checks a Zelle token and returns its holder's name
// (W31). It changes nothing, so it is retried like a read.
func (s *RedemptionsService) ValidateZelleToken(ctx context.Context, req ZelleTokenRequest) (ZelleToken, error) {
	if err := check.First(checkToken("token", req.Token, req.TokenType), optional(req.GiftID != "", func() error { return checkGiftID(req.GiftID) })); err != nil {
		return ZelleToken{}, err
	}
	r := s.client().req(routeValidateZelleToken)
	r.Body = req
	r.ReadOnly = true
	return transport.Call[ZelleToken](ctx, s.client().tr, r)
}

// mobileToken is a Zelle mobile token: a US number of 10 digits, or 11
// with the country code 1.
var mobileToken = regexp.MustCompile(`^1?[0-9]{10}$`)

// checkToken checks a Zelle token against its type ("It must either be"
// is cut off in the documentation: an email address, or a mobile number).
func checkToken(field, token string, typ ZelleTokenType) error {
	return check.First(
		ck.Required(field, token),
		ck.Required("token_type", string(typ)),
		ck.OneOf("token_type", string(typ), string(ZelleEmail), string(ZelleMobile)),
		optional(typ == ZelleEmail, func() error { return email(field, token) }),
		optional(typ == ZelleMobile, func() error {
			return ck.Pattern(field, token, mobileToken, "a US mobile number of 10 digits (11 with the leading 1)")
		}),
	)
}

// checkName checks a person's name: required, at most 255 characters.
func checkName(field, v string) error { return text255(field, v, true) }

// countryCode is an ISO 3166-1 alpha-2 code.
var countryCode = regexp.MustCompile(`^[A-Z]{2}$`)

// checkPostal checks an address something is shipped or paid to: its first
// line, locality, postal code and country are required (region is not:
// not every country has one), each at most 255 characters, the country an
// ISO 3166-1 alpha-2 code ("US").
func checkPostal(field string, a Address) error {
	return check.First(
		required(field, a.IsZero()),
		text255(field+".address_line1", a.AddressLine1, true),
		text255(field+".locality", a.Locality, true),
		text255(field+".region", a.Region, false),
		text255(field+".postal_code", a.PostalCode, true),
		ck.Required(field+".country", a.Country),
		ck.Pattern(field+".country", a.Country, countryCode, "an ISO 3166-1 alpha-2 code in capitals (US)"),
	)
}
