package wolfe

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/page"
	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// Currency is the currency of every Wolfe amount: US dollars.
const Currency = "USD"

// DateLayout is how the client writes the from_date and to_date filters
// (and other request dates), as the documentation's examples do:
// "2022-10-25".
const DateLayout = "2006-01-02"

// DefaultPageSize is the limit a listing asks for when its Limit is 0,
// Wolfe's documented default.
const DefaultPageSize = 20

// Time is a date as Wolfe wrote it: T is the instant when the text is one
// of the layouts Wolfe uses ("2022-10-10 14:00", "2019-08-24T14:15:22Z",
// "2023-01-01" …; no zone means UTC), Raw the text exactly as received.
// A date that does not parse ("2022-25-10") keeps its text in Raw with T
// zero, so one bad field never fails a whole answer.
type Time = wire.Time

// Pagination is the pagination object of a listing. Wolfe sends offset and
// count as strings ("0", "115") and the text calls the count total_count:
// both names and both forms are read.
type Pagination struct {
	Limit  int // the limit of the request
	Offset int // the offset of the request
	// TotalCount is the number of items matching the request; -1 when the
	// answer did not say.
	TotalCount int
}

type paginationJSON struct {
	Limit      wire.Int  `json:"limit"`
	Offset     wire.Int  `json:"offset"`
	Count      *wire.Int `json:"count,omitempty"`
	TotalCount *wire.Int `json:"total_count,omitempty"`
}

// MarshalJSON writes the documented form: limit a number, offset and count
// strings.
func (p Pagination) MarshalJSON() ([]byte, error) {
	type out struct {
		Limit  int    `json:"limit"`
		Offset string `json:"offset"`
		Count  string `json:"count,omitempty"`
	}
	o := out{Limit: p.Limit, Offset: strconv.Itoa(p.Offset)}
	if p.TotalCount >= 0 {
		o.Count = strconv.Itoa(p.TotalCount)
	}
	return json.Marshal(o)
}

// UnmarshalJSON reads numbers or strings, count or total_count.
func (p *Pagination) UnmarshalJSON(b []byte) error {
	var w paginationJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = Pagination{Limit: int(w.Limit), Offset: int(w.Offset), TotalCount: -1}
	switch {
	case w.TotalCount != nil:
		p.TotalCount = int(*w.TotalCount)
	case w.Count != nil:
		p.TotalCount = int(*w.Count)
	}
	return nil
}

// Page is one page of a listing: its items and its pagination.
type Page[T any] struct {
	Items      []T        // the items of this page
	Pagination Pagination // where the page sits in the listing, and the total
}

// pageJSON is a listing's whole body.
type pageJSON[T any] struct {
	Pagination *Pagination `json:"pagination"`
	Data       []T         `json:"data"`
}

// listPage sends r and reads one page from the whole body (the envelope's
// data and its pagination).
func listPage[T any](ctx context.Context, c *Client, r *transport.Request) (Page[T], error) {
	res, err := c.tr.Do(ctx, r, nil)
	if err != nil {
		return Page[T]{}, err
	}
	var p pageJSON[T]
	if err := json.Unmarshal(res.Body, &p); err != nil {
		return Page[T]{}, c.tr.BadResponse(r, res, "the listing is not the expected JSON", err)
	}
	out := Page[T]{Items: p.Data, Pagination: Pagination{TotalCount: -1}}
	if p.Pagination != nil {
		out.Pagination = *p.Pagination
	}
	return out, nil
}

// walk is the lazy sequence over a limit/offset listing; fetch reads the
// page at offset.
func walk[T any](ctx context.Context, op string, limit int, fetch func(ctx context.Context, offset, limit int) (Page[T], error)) iter.Seq2[T, error] {
	if limit <= 0 {
		limit = DefaultPageSize
	}
	return page.Offset(ctx, providerName, op, limit, func(ctx context.Context, offset, limit int) ([]T, int, error) {
		p, err := fetch(ctx, offset, limit)
		if err != nil {
			return nil, 0, err
		}
		return p.Items, p.Pagination.TotalCount, nil
	})
}

// pageQuery is a list operation's query: checked and encoded by values,
// and moved to another page by paged.
type pageQuery[Q any] interface {
	values() (query, error)
	paged(offset, limit int) Q // the same query for the page at offset
	pageSize() int             // its Limit; 0 means DefaultPageSize
}

// listOne fetches one page of the list route rt for q.
func listOne[T any, Q pageQuery[Q]](ctx context.Context, c *Client, rt giftcard.Route, q Q) (Page[T], error) {
	v, err := q.values()
	if err != nil {
		return Page[T]{}, err
	}
	r := c.req(rt)
	r.Query = url.Values(v)
	return listPage[T](ctx, c, r)
}

// listAll walks every page of the list route rt for q lazily; q's own
// offset is ignored. A query that fails its checks is yielded as an error
// before anything is sent.
func listAll[T any, Q pageQuery[Q]](ctx context.Context, c *Client, rt giftcard.Route, q Q) iter.Seq2[T, error] {
	if _, err := q.values(); err != nil {
		return fail[T](err)
	}
	return walk(ctx, rt.Op, q.pageSize(), func(ctx context.Context, offset, limit int) (Page[T], error) {
		return listOne[T](ctx, c, rt, q.paged(offset, limit))
	})
}

// fail is a sequence that yields err once.
func fail[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// Address is a postal address. Wolfe's requests write the first line as
// address_line1 and its location answers as address_line_1: both are
// read, address_line1 is written.
type Address struct {
	AddressLine1 string // street and number
	Locality     string // city
	Region       string // state or region
	PostalCode   string // postal or ZIP code
	Country      string // ISO 3166 alpha-2 in the examples ("US")
}

type addressJSON struct {
	AddressLine1  wire.String `json:"address_line1,omitempty"`
	AddressLine1b wire.String `json:"address_line_1,omitempty"`
	Locality      wire.String `json:"locality,omitempty"`
	Region        wire.String `json:"region,omitempty"`
	PostalCode    wire.String `json:"postal_code,omitempty"`
	Country       wire.String `json:"country,omitempty"`
}

// MarshalJSON writes address_line1.
func (a Address) MarshalJSON() ([]byte, error) {
	return json.Marshal(addressJSON{AddressLine1: wire.String(a.AddressLine1), Locality: wire.String(a.Locality),
		Region: wire.String(a.Region), PostalCode: wire.String(a.PostalCode), Country: wire.String(a.Country)})
}

// UnmarshalJSON reads address_line1 or address_line_1 (a postal code sent
// as a number too).
func (a *Address) UnmarshalJSON(b []byte) error {
	var w addressJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Address{AddressLine1: string(w.AddressLine1), Locality: string(w.Locality), Region: string(w.Region),
		PostalCode: string(w.PostalCode), Country: string(w.Country)}
	if a.AddressLine1 == "" {
		a.AddressLine1 = string(w.AddressLine1b)
	}
	return nil
}

// IsZero reports whether no line of the address is set.
func (a Address) IsZero() bool { return a == Address{} }

// Money helpers. Wolfe amounts are integer cents on the wire (dollars in
// webhooks and in merchant redemption configurations).

// usd is cents as Money.
func usd(cents int64) giftcard.Money {
	m, _ := giftcard.FromMinor(cents, Currency) // never fails for USD
	return m
}

// centsMoney is an optional cents field as Money: absent (nil) is the zero
// Money with no currency, so absent and 0 stay apart.
func centsMoney(n *wire.Int) giftcard.Money {
	if n == nil {
		return giftcard.Money{}
	}
	return usd(int64(*n))
}

// moneyCents is the inverse of centsMoney for encoding a response type: the
// zero Money with no currency is absent.
func moneyCents(field string, m giftcard.Money) (*wire.Int, error) {
	if m.Currency == "" && m.IsZero() {
		return nil, nil
	}
	n, err := toCents(field, m)
	if err != nil {
		return nil, err
	}
	w := wire.Int(n)
	return &w, nil
}

// cents is one amount of a response type to encode in cents.
type cents struct {
	dst   **wire.Int
	field string
	m     giftcard.Money
}

// setCents encodes each amount into its field (moneyCents).
func setCents(fields ...cents) error {
	for _, f := range fields {
		n, err := moneyCents(f.field, f.m)
		if err != nil {
			return err
		}
		*f.dst = n
	}
	return nil
}

// dollars is one amount of a payload to encode in dollars.
type dollars struct {
	dst   *wire.Decimal
	field string
	m     giftcard.Money
}

// setDollars encodes each amount into its field (moneyDollars).
func setDollars(fields ...dollars) error {
	for _, f := range fields {
		d, err := moneyDollars(f.field, f.m)
		if err != nil {
			return err
		}
		*f.dst = d
	}
	return nil
}

// dollarsMoney is an optional dollar amount as Money.
func dollarsMoney(d wire.Decimal) giftcard.Money {
	if !d.Valid {
		return giftcard.Money{}
	}
	return giftcard.Money{Amount: d.V, Currency: Currency}
}

// moneyDollars is the inverse of dollarsMoney.
func moneyDollars(field string, m giftcard.Money) (wire.Decimal, error) {
	if m.Currency == "" && m.IsZero() {
		return wire.Decimal{}, nil
	}
	if m.Currency != Currency {
		return wire.Decimal{}, ck.Invalid(field, fmt.Sprintf("currency %q; Wolfe works in USD", m.Currency))
	}
	return wire.D(m.Amount), nil
}

// toCents converts an amount to whole cents for the wire, refusing another
// currency and a fraction of a cent (10.005) rather than rounding. A zero
// Money with no currency is 0.
func toCents(field string, m giftcard.Money) (int64, error) {
	if m.Currency == "" && m.IsZero() {
		return 0, nil
	}
	// The usual case without big-number arithmetic: USD with at most two
	// decimals and at most 15 digits, so the cents fit an int64.
	if e := m.Amount.Exponent(); m.Currency == Currency && e >= -2 && e <= 0 && m.Amount.NumDigits() <= 15 {
		c := m.Amount.CoefficientInt64()
		for range e + 2 { // cents = coefficient × 10^(exponent+2)
			c *= 10
		}
		return c, nil
	}
	cur, err := giftcard.NormalizeCurrency(m.Currency)
	if err != nil || cur != Currency {
		return 0, ck.Invalid(field, fmt.Sprintf("currency %q; Wolfe works in USD", m.Currency))
	}
	m.Currency = cur
	n, err := wire.MoneyToCents(m)
	if err != nil {
		return 0, ck.Invalid(field, fmt.Sprintf("%s is not a whole number of cents", m.Amount.String()))
	}
	return n, nil
}

// query builds a listing's query: limit and offset, then the filters.
type query url.Values

func (q query) set(k, v string) {
	if v != "" {
		url.Values(q).Set(k, v)
	}
}

func (q query) date(k string, t time.Time) {
	if !t.IsZero() {
		url.Values(q).Set(k, t.Format(DateLayout))
	}
}

func (q query) paging(limit, offset int) {
	if limit > 0 {
		url.Values(q).Set("limit", strconv.Itoa(limit))
	}
	if offset > 0 {
		url.Values(q).Set("offset", strconv.Itoa(offset))
	}
}

// checkPaging refuses a negative limit or offset and a period that ends
// before it starts.
func checkPaging(limit, offset int, from, to time.Time) error {
	switch {
	case limit < 0:
		return ck.Invalid("limit", fmt.Sprintf("%d is negative", limit))
	case offset < 0:
		return ck.Invalid("offset", fmt.Sprintf("%d is negative", offset))
	case !from.IsZero() && !to.IsZero() && to.Before(from):
		return ck.Invalid("to_date", fmt.Sprintf("%s is before from_date %s", to.Format(DateLayout), from.Format(DateLayout)))
	}
	return nil
}

// idParam checks an id sent as a query or body parameter (path ids are
// checked by the transport): not blank, valid UTF-8, no control character.
func idParam(field, v string) error {
	return transport.CheckSegment(providerName, field, v)
}

// KIT-CANDIDATE: check.Checker.Email parses every address with net/mail,
// which costs a few microseconds, a measurable share of a gift purchase.
// Most addresses are plain dot-atoms (name.tag+x@sub.example.com) that
// net/mail always accepts; checking those by hand first, and handing
// anything else to the kit, gives the same verdicts faster.
//
// email refuses a value that is not an email address, as ck.Email does.
func email(field, v string) error {
	if plainEmail(v) {
		return nil
	}
	return ck.Email(field, v)
}

// plainEmail reports whether v is local@domain where the local part and
// every domain label are runs of letters, digits and (local part only)
// . _ % + - without leading, trailing or doubled dots, and the domain has
// at least two labels: a subset of what net/mail and ck.Email accept.
func plainEmail(v string) bool {
	at := strings.LastIndexByte(v, '@')
	if at <= 0 || at == len(v)-1 {
		return false
	}
	local, domain := v[:at], v[at+1:]
	return dotAtom(local, "._%+-") && strings.IndexByte(domain, '.') > 0 && dotAtom(domain, "-")
}

// dotAtom reports whether s is non-empty runs of letters, digits and the
// given extra bytes, separated by single dots.
func dotAtom(s, extra string) bool {
	prevDot := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			if prevDot {
				return false
			}
			prevDot = true
			continue
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c != '.' && strings.IndexByte(extra, c) >= 0:
		default:
			return false
		}
		prevDot = false
	}
	return !prevDot
}
