package wolfe

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"iter"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// MerchantsService is merchant onboarding (W5, W6) and the partner's
// merchant catalog with its locations (W7–W10).
type MerchantsService service

// RedemptionMethodName names a way a gift can be redeemed. A value the SDK
// does not know is kept as sent.
type RedemptionMethodName string

// The redemption methods the documentation lists. SelectMerchant is
// written with a space, as the documentation writes it.
const (
	RedeemEGift          RedemptionMethodName = "EGIFT"
	RedeemCardLink       RedemptionMethodName = "CARD_LINK"
	RedeemVisa           RedemptionMethodName = "VISA"
	RedeemExchange       RedemptionMethodName = "EXCHANGE"
	RedeemSelectMerchant RedemptionMethodName = "SELECT MERCHANT"
	RedeemRegifting      RedemptionMethodName = "REGIFTING"
	RedeemZelle          RedemptionMethodName = "ZELLE"
)

// RedemptionMethod is one way a merchant's gifts can be redeemed, with its
// configuration.
type RedemptionMethod struct {
	Method RedemptionMethodName // EGIFT, CARD_LINK …
	Config RedemptionConfig     // the method's configuration (empty for EXCHANGE)
}

type redemptionMethodJSON struct {
	Method        RedemptionMethodName `json:"redemption_method"`
	Configuration *RedemptionConfig    `json:"configuration,omitempty"`
}

// MarshalJSON writes {"redemption_method", "configuration"}.
func (m RedemptionMethod) MarshalJSON() ([]byte, error) {
	w := redemptionMethodJSON{Method: m.Method}
	if !m.Config.isZero() {
		w.Configuration = &m.Config
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads {"redemption_method", "configuration"}.
func (m *RedemptionMethod) UnmarshalJSON(b []byte) error {
	var w redemptionMethodJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = RedemptionMethod{Method: w.Method}
	if w.Configuration != nil {
		m.Config = *w.Configuration
	}
	return nil
}

// RedemptionConfig is a redemption method's configuration; which fields
// are set depends on the method. Its amounts are dollars on the wire (EGIFT
// min 10 / max 50, VISA min_amount 5), as Money here.
type RedemptionConfig struct {
	// Type is EGIFT's configuration type ("RANGE").
	Type string
	// Min and Max bound an EGIFT RANGE.
	Min, Max giftcard.Money
	// Cards are the card networks CARD_LINK accepts: "VISA", "MC", "AMEX".
	Cards []string
	// MinAmount is the smallest amount a VISA card can be requested for.
	MinAmount giftcard.Money
	// Raw is the configuration object as received, compacted (the
	// documentation says EGIFT has a second kind of configuration it does
	// not show). MarshalJSON writes Raw when it is set.
	Raw json.RawMessage
}

type redemptionConfigJSON struct {
	Type      string       `json:"type,omitempty"`
	Min       wire.Decimal `json:"min,omitzero"`
	Max       wire.Decimal `json:"max,omitzero"`
	Cards     []string     `json:"cards,omitempty"`
	MinAmount wire.Decimal `json:"min_amount,omitzero"`
}

func (c RedemptionConfig) isZero() bool {
	return c.Type == "" && c.Min.IsZero() && c.Max.IsZero() && len(c.Cards) == 0 && c.MinAmount.IsZero() && len(c.Raw) == 0
}

// UnmarshalJSON reads a configuration object.
func (c *RedemptionConfig) UnmarshalJSON(b []byte) error {
	var w redemptionConfigJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	var raw bytes.Buffer
	if err := json.Compact(&raw, b); err != nil {
		return err
	}
	*c = RedemptionConfig{Type: w.Type, Min: dollarsMoney(w.Min), Max: dollarsMoney(w.Max), Cards: w.Cards,
		MinAmount: dollarsMoney(w.MinAmount), Raw: raw.Bytes()}
	return nil
}

// MarshalJSON writes Raw when set, else the typed fields (amounts in
// dollars).
func (c RedemptionConfig) MarshalJSON() ([]byte, error) {
	if len(c.Raw) > 0 {
		return c.Raw, nil
	}
	w := redemptionConfigJSON{Type: c.Type, Cards: c.Cards}
	if err := setDollars(dollars{&w.Min, "min", c.Min}, dollars{&w.Max, "max", c.Max},
		dollars{&w.MinAmount, "min_amount", c.MinAmount}); err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// Merchant is a merchant of the partner's catalog (W7, W8).
type Merchant struct {
	ID   string // the merchant's id
	Name string // the merchant's name
	// MinGift and MaxGift bound a gift's amount at this merchant (cents on
	// the wire). A purchase must also be within 5.00..100.00 USD.
	MinGift, MaxGift giftcard.Money
	// DateCreated is when the merchant was added to the partner's catalog.
	DateCreated    Time
	IsNational     bool // a national brand
	LocationsCount int  // how many locations it has
	// RedemptionMethods are the ways its gifts can be redeemed. Wolfe sends
	// them as a JSON string holding the array; they are decoded here.
	RedemptionMethods []RedemptionMethod
	Raw               json.RawMessage // the merchant as Wolfe sent it
}

// Redeemable reports whether the merchant's gifts can be redeemed by m.
func (m Merchant) Redeemable(method RedemptionMethodName) bool {
	for _, r := range m.RedemptionMethods {
		if r.Method == method {
			return true
		}
	}
	return false
}

type merchantJSON struct {
	ID                wire.String                       `json:"id"`
	Name              wire.String                       `json:"name,omitempty"`
	MinGift           *wire.Int                         `json:"min_gift,omitempty"`
	MaxGift           *wire.Int                         `json:"max_gift,omitempty"`
	DateCreated       wire.Time                         `json:"date_created,omitzero"`
	IsNational        wire.Bool                         `json:"is_national"`
	LocationsCount    wire.Int                          `json:"locations_count"`
	RedemptionMethods wire.Embedded[[]RedemptionMethod] `json:"redemption_methods"`
}

// UnmarshalJSON reads Wolfe's merchant: redemption_methods as a JSON
// string holding JSON or as the array itself, booleans and counts as JSON
// values or strings.
func (m *Merchant) UnmarshalJSON(b []byte) error {
	var w merchantJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = Merchant{ID: string(w.ID), Name: string(w.Name), MinGift: centsMoney(w.MinGift), MaxGift: centsMoney(w.MaxGift),
		DateCreated: w.DateCreated, IsNational: bool(w.IsNational), LocationsCount: int(w.LocationsCount),
		RedemptionMethods: w.RedemptionMethods.V, Raw: append(json.RawMessage(nil), b...)}
	return nil
}

// MarshalJSON writes Wolfe's form: gift limits in cents, the redemption
// methods as a JSON string.
func (m Merchant) MarshalJSON() ([]byte, error) {
	w := merchantJSON{ID: wire.String(m.ID), Name: wire.String(m.Name), DateCreated: m.DateCreated,
		IsNational: wire.Bool(m.IsNational), LocationsCount: wire.Int(m.LocationsCount),
		RedemptionMethods: wire.Embedded[[]RedemptionMethod]{V: m.RedemptionMethods, Quoted: true}}
	if err := setCents(cents{&w.MinGift, "min_gift", m.MinGift}, cents{&w.MaxGift, "max_gift", m.MaxGift}); err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// MerchantQuery filters List and All. Zero values mean no filter.
type MerchantQuery struct {
	// Name filters by the merchant's name; at least 2 characters.
	Name string
	// National, when set, keeps national brands (true) or the others.
	National *bool
	// FromDate and ToDate bound the date the merchant joined the catalog.
	FromDate, ToDate time.Time
	Limit            int // items per page; 0 means DefaultPageSize
	Offset           int // the first item (List only)
}

func (q MerchantQuery) values() (query, error) {
	if err := check.First(
		checkPaging(q.Limit, q.Offset, q.FromDate, q.ToDate),
		optional(q.Name != "", func() error {
			return check.First(ck.Text("name", q.Name), ck.Len("name", strings.TrimSpace(q.Name), 2, 0))
		}),
	); err != nil {
		return nil, err
	}
	v := query{}
	v.set("name", q.Name)
	if q.National != nil {
		v.set("is_national", strconv.FormatBool(*q.National))
	}
	v.date("from_date", q.FromDate)
	v.date("to_date", q.ToDate)
	v.paging(q.Limit, q.Offset)
	return v, nil
}

func (q MerchantQuery) paged(offset, limit int) MerchantQuery {
	q.Offset, q.Limit = offset, limit
	return q
}

func (q MerchantQuery) pageSize() int { return q.Limit }

// List returns one page of the merchant catalog (W7).
func (s *MerchantsService) List(ctx context.Context, q MerchantQuery) (Page[Merchant], error) {
	return listOne[Merchant](ctx, s.client(), routeListMerchants, q)
}

// All walks every merchant matching q lazily, page by page (q.Offset is
// ignored).
func (s *MerchantsService) All(ctx context.Context, q MerchantQuery) iter.Seq2[Merchant, error] {
	return listAll[Merchant](ctx, s.client(), routeListMerchants, q)
}

// Get returns one merchant of the catalog (W8).
func (s *MerchantsService) Get(ctx context.Context, id string) (Merchant, error) {
	return transport.Call[Merchant](ctx, s.client().tr, s.client().req(routeGetMerchant, id))
}

// Location is a merchant's location (W9, W10).
type Location struct {
	ID           string          // the location's id
	MerchantID   string          // the merchant owning it
	DateCreated  Time            // the example's "2022-25-10" is not a date: kept in Raw
	DateModified Time            // when the location last changed
	IsActive     bool            // whether the location is active
	Address      Address         // the location's address
	Raw          json.RawMessage // the location as Wolfe sent it
}

type locationJSON struct {
	ID           wire.String `json:"id"`
	MerchantID   wire.String `json:"merchant_id,omitempty"`
	DateCreated  wire.Time   `json:"date_created,omitzero"`
	DateModified wire.Time   `json:"date_modified,omitzero"`
	IsActive     wire.Bool   `json:"is_active"`
	Address      *Address    `json:"address,omitempty"`
}

// UnmarshalJSON reads Wolfe's location.
func (l *Location) UnmarshalJSON(b []byte) error {
	var w locationJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*l = Location{ID: string(w.ID), MerchantID: string(w.MerchantID), DateCreated: w.DateCreated,
		DateModified: w.DateModified, IsActive: bool(w.IsActive), Raw: append(json.RawMessage(nil), b...)}
	if w.Address != nil {
		l.Address = *w.Address
	}
	return nil
}

// MarshalJSON writes Wolfe's form (address_line1).
func (l Location) MarshalJSON() ([]byte, error) {
	w := locationJSON{ID: wire.String(l.ID), MerchantID: wire.String(l.MerchantID), DateCreated: l.DateCreated,
		DateModified: l.DateModified, IsActive: wire.Bool(l.IsActive)}
	if !l.Address.IsZero() {
		w.Address = &l.Address
	}
	return json.Marshal(w)
}

// LocationQuery filters ListLocations and Locations. Zero values mean no
// filter.
type LocationQuery struct {
	MerchantID string // the owning merchant
	// FromDate and ToDate bound the date the location was registered.
	FromDate, ToDate time.Time
	Limit            int // items per page; 0 means DefaultPageSize
	Offset           int // the first item (ListLocations only)
}

func (q LocationQuery) values() (query, error) {
	if err := check.First(
		checkPaging(q.Limit, q.Offset, q.FromDate, q.ToDate),
		optional(q.MerchantID != "", func() error { return idParam("merchant_id", q.MerchantID) }),
	); err != nil {
		return nil, err
	}
	v := query{}
	v.set("merchant_id", q.MerchantID)
	v.date("from_date", q.FromDate)
	v.date("to_date", q.ToDate)
	v.paging(q.Limit, q.Offset)
	return v, nil
}

func (q LocationQuery) paged(offset, limit int) LocationQuery {
	q.Offset, q.Limit = offset, limit
	return q
}

func (q LocationQuery) pageSize() int { return q.Limit }

// ListLocations returns one page of the locations available to the
// partner (W9).
func (s *MerchantsService) ListLocations(ctx context.Context, q LocationQuery) (Page[Location], error) {
	return listOne[Location](ctx, s.client(), routeListLocations, q)
}

// Locations walks every location matching q lazily, page by page
// (q.Offset is ignored).
func (s *MerchantsService) Locations(ctx context.Context, q LocationQuery) iter.Seq2[Location, error] {
	return listAll[Location](ctx, s.client(), routeListLocations, q)
}

// GetLocation returns one location (W10).
func (s *MerchantsService) GetLocation(ctx context.Context, id string) (Location, error) {
	return transport.Call[Location](ctx, s.client().tr, s.client().req(routeGetLocation, id))
}

// SubmissionRequest submits a merchant for onboarding (W5). Only select
// partners may call it.
type SubmissionRequest struct {
	BusinessName     string  `json:"business_name"`      // required, at most 255 characters
	ContactFirstName string  `json:"contact_first_name"` // required, at most 255 characters
	ContactLastName  string  `json:"contact_last_name"`  // required, at most 255 characters
	Email            string  `json:"email"`              // required email, at most 255 characters
	PhoneNumber      string  `json:"phone_number"`       // required, 11 digits ("15552341234")
	Address          Address `json:"address"`            // required
	Website          string  `json:"website,omitempty"`  // optional http(s) URL, at most 255 characters
	Image            string  `json:"image,omitempty"`    // optional base64 logo, or a data: URI holding one; at most 2 MB decoded
}

// MaxImageBytes is the largest logo a merchant submission may carry.
const MaxImageBytes = 2 << 20

func (r SubmissionRequest) validate() error {
	return check.First(
		text255("business_name", r.BusinessName, true),
		text255("contact_first_name", r.ContactFirstName, true),
		text255("contact_last_name", r.ContactLastName, true),
		ck.Required("email", r.Email), ck.MaxLen("email", r.Email, 255), email("email", r.Email),
		ck.Required("phone_number", r.PhoneNumber), ck.Digits("phone_number", r.PhoneNumber, 11),
		required("address", r.Address.IsZero()),
		checkAddress("address", r.Address),
		optional(r.Website != "", func() error { return checkURL("website", r.Website, 255) }),
		optional(r.Image != "", func() error { return checkImage("image", r.Image) }),
	)
}

func text255(field, v string, req bool) error {
	return check.First(optional(req, func() error { return ck.Required(field, v) }), ck.Text(field, v), ck.MaxLen(field, v, 255))
}

func checkAddress(field string, a Address) error {
	return check.First(
		ck.Text(field+".address_line1", a.AddressLine1), ck.Text(field+".locality", a.Locality),
		ck.Text(field+".region", a.Region), ck.Text(field+".postal_code", a.PostalCode),
		ck.Text(field+".country", a.Country),
	)
}

func checkURL(field, v string, max int) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ck.Invalid(field, "must be an http(s) URL")
	}
	return ck.MaxLen(field, v, max)
}

// checkImage accepts base64 (standard alphabet, padded), bare or after a
// data: URI's "base64," prefix, of at most MaxImageBytes decoded.
func checkImage(field, v string) error {
	data := v
	if rest, ok := strings.CutPrefix(v, "data:"); ok {
		i := strings.Index(rest, "base64,")
		if i < 0 {
			return ck.Invalid(field, "a data: URI must be base64-encoded (data:image/png;base64,…)")
		}
		data = rest[i+len("base64,"):]
	}
	if base64.StdEncoding.DecodedLen(len(data)) > MaxImageBytes+2 {
		return ck.Invalid(field, "the image is over 2 MB")
	}
	n, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return ck.Invalid(field, "not valid base64")
	}
	if len(n) > MaxImageBytes {
		return ck.Invalid(field, "the image is over 2 MB")
	}
	return nil
}

// SubmissionResult is the answer to a merchant submission.
type SubmissionResult struct {
	MerchantID string          `json:"merchant_id"` // the submission, and the future merchant, id
	Raw        json.RawMessage `json:"-"`           // the data as Wolfe sent it
}

// Submit creates a merchant onboarding submission (W5), reviewed by Wolfe
// before the merchant joins the catalog. It carries no reference, so a lost
// answer is returned as an error matching giftcard.ErrOutcomeUnknown:
// check GetSubmission, or the catalog, before submitting again.
func (s *MerchantsService) Submit(ctx context.Context, req SubmissionRequest) (SubmissionResult, error) {
	if err := req.validate(); err != nil {
		return SubmissionResult{}, err
	}
	r := s.client().req(routeSubmitMerchant)
	r.Body = req
	return transport.Call[SubmissionResult](ctx, s.client().tr, r)
}

// SubmissionStatus is where a merchant submission stands. Only "pending"
// is documented; other values are kept as sent.
type SubmissionStatus string

// SubmissionPending is the documented status of a submission under review.
const SubmissionPending SubmissionStatus = "pending"

// MerchantSubmission is a merchant onboarding submission (W6). A date not
// reached yet is zero (Wolfe sends null).
type MerchantSubmission struct {
	MerchantID          string           `json:"merchant_id"`            // the submission, and the future merchant, id
	Status              SubmissionStatus `json:"status"`                 // "pending" …
	DateSubmitted       Time             `json:"date_submitted"`         // when it was submitted
	DateAccepted        Time             `json:"date_accepted"`          // when it was accepted, if it was
	DateDenied          Time             `json:"date_denied"`            // when it was denied, if it was
	DateEnabled         Time             `json:"date_enabled"`           // when the merchant was enabled, if it was
	DateUnableToOnboard Time             `json:"date_unable_to_onboard"` // when onboarding was found impossible, if it was
	Raw                 json.RawMessage  `json:"-"`                      // the data as Wolfe sent it
}

// GetSubmission returns a merchant submission's status (W6).
func (s *MerchantsService) GetSubmission(ctx context.Context, id string) (MerchantSubmission, error) {
	return transport.Call[MerchantSubmission](ctx, s.client().tr, s.client().req(routeGetSubmission, id))
}
