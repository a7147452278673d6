package giftcard

import "encoding/json"

// ProductStatus is whether a product can be bought now. Unknown provider
// values are kept as they are.
type ProductStatus string

// Product statuses.
const (
	ProductActive   ProductStatus = "ACTIVE"
	ProductInactive ProductStatus = "INACTIVE"
)

// DenominationType says how a product's face values are chosen.
type DenominationType string

// Denomination types.
const (
	// DenominationFixed: only the values in Product.Denominations.
	DenominationFixed DenominationType = "FIXED"
	// DenominationFlexible: any value from MinValue to MaxValue.
	DenominationFlexible DenominationType = "FLEXIBLE"
)

// ProductQuery filters a catalog listing. Zero values mean "no filter".
type ProductQuery struct {
	Search   string // free text over names and descriptions
	Category string // provider category, e.g. "FOOD"
	PageSize int    // items per page requested from the provider; 0 = provider default
}

// Product is a brand, merchant or card that can be bought.
type Product struct {
	Provider         string           // the provider's package name, "hubble"
	ID               string           // the id GetProduct and OrderRequest.ProductID take
	Name             string           // the brand or merchant name
	Description      string           // the provider's description
	Categories       []string         // the provider's categories, as sent
	Status           ProductStatus    // ACTIVE or INACTIVE (unknown values kept)
	DenominationType DenominationType // FIXED (a list of face values) or FLEXIBLE (a range)
	Denominations    []Money          // the allowed face values when FIXED
	MinValue         Money            // smallest face value of one voucher (FLEXIBLE)
	MaxValue         Money            // largest face value of one voucher (FLEXIBLE)
	ImageURL         string           // a logo or card image, when the provider has one
	Raw              json.RawMessage  // the provider's own payload
}

// Active reports whether the product can be ordered now.
func (p Product) Active() bool { return p.Status == ProductActive }
