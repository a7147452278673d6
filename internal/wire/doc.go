// Package wire holds the lenient JSON field types every provider package
// decodes provider JSON with. A provider's wire struct is an ordinary Go
// struct with ordinary `json` tags whose quirky fields use these types, so
// no provider writes a MarshalJSON or UnmarshalJSON by hand:
//
//	type merchant struct {
//		ID                wire.String                       `json:"id"`
//		MinGift           wire.Int                          `json:"min_gift"` // cents
//		DateCreated       wire.Time                         `json:"date_created"`
//		IsNational        wire.Bool                         `json:"is_national"`
//		RedemptionMethods wire.Embedded[[]redemptionMethod] `json:"redemption_methods"`
//	}
//
// Which type to use:
//
//   - String: ids and codes that arrive as a string or a bare number
//     ("id": 51 / "id": "51"). Number text is kept as written.
//   - Int: whole numbers that may arrive as strings ("offset": "0",
//     "count": "115", loyalty points "100"), and integer cents. Refuses
//     fractions and overflow instead of rounding.
//   - Bool: flags that may arrive as "true", "1", "yes" (is_online).
//   - Decimal: an amount sent and received as a bare JSON number (10.50),
//     read from a number or a numeric string without float64; Valid tells
//     null from 0. Fixed writes an exact number of decimals.
//   - DecimalString: the same amount when the provider wants it as a JSON
//     string ("10.50", loyalty's amount). FixedString pads to N decimals.
//   - Time: dates in several layouts; a date that does not parse keeps its
//     text in Raw instead of failing the response ("2022-25-10").
//   - Embedded[T]: JSON that may come inside a string (redemption_methods);
//     it is written back in the form it came in.
//   - List[T]: an array that may come as a single object.
//   - CentsToMoney, MoneyToCents: integer minor units (Wolfe's cents) to
//     and from giftcard.Money, failing rather than rounding.
//
// Use plain Go types where the provider is strict: the lenient types accept
// more than the documented form, which is the point on input and no help
// where a value is only ever built by the SDK. Do not use them for secrets
// (PINs, card numbers): a refused value is quoted in the error, up to 20
// bytes of it.
//
// List and Embedded cost more than the others: encoding/json lets an
// Unmarshaler only hand its bytes to a second json.Unmarshal, so their
// content is scanned twice (a List around a whole page about doubles its
// decode time). The scalar types cost about what plain Go types do; the
// common unescaped string is read in place, without a second decode.
//
// Every UnmarshalJSON accepts exactly one JSON value as encoding/json hands
// it to an Unmarshaler, never panics on other input, and reports a refused
// value as an *Error naming the type and quoting at most 20 bytes of the
// value. Every type survives decode → encode → decode unchanged.
package wire
