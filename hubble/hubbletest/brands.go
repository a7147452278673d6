package hubbletest

import (
	"crypto/sha256"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/giftcard-go/giftcard/hubble"
)

// The brands of Hubble's own examples, with the ids the docs use.
const (
	// FlipkartID is FIXED [100, 250, 500, 1000, 2000, 5000]; orders succeed.
	FlipkartID = "01GMMNJECTDZAG2YS61K58HVG8"
	// JiomartID is configured to fail, as on Hubble's staging: every order
	// ends FAILED with "Brand not available".
	JiomartID = "01J1W4D2KRHMJZKPAQWXCEMF4M"
	// AmazonID (the id of "Amazon shopping" in Hubble's webhook docs): an
	// order of 5000 or more (say 10 × 500) is PROCESSING and turns SUCCESS
	// after a few polls; smaller ones succeed at once.
	AmazonID = "01GMAVS2CHXR0XP1BZSTA9A44K"
	// DocExampleID is the productId of the guide's first order example
	// (2 × 500); here it is "Swiggy", CARD_NUMBER_SECURED.
	DocExampleID = "01GMAW822RPDJ5C50XK24QC2C4"
)

// The sandbox's fixture brands (not Hubble's): each shows one failure.
const (
	// MyntraID fails like Jiomart ("Brand not available").
	MyntraID = "01H1Z21BVCFFWDSNCXM62RGZ7S"
	// VoucherFailureID accepts orders that end FAILED with "Voucher
	// generation failed".
	VoucherFailureID = "01HHDPTC9YESA9X9WXXVAGAAHS"
	// TemporarilyDisabledID refuses orders with E100.
	TemporarilyDisabledID = "01HWGFPEGRGD8JWFC9CFA4NP13"
	// NotEnabledID refuses orders with E101.
	NotEnabledID = "01H3WD4RX3G3Q1MK8TJ68QCERJ"
)

// AmazonProcessingThreshold is the order amount (rupees) from which an
// Amazon order goes PROCESSING.
const AmazonProcessingThreshold = 5000

// GeneratedBrands is how many brands the sandbox generates besides the
// named ones.
const GeneratedBrands = 460

// Categories are the categories of the generated catalog.
func Categories() []string {
	return []string{"FOOD", "FASHION", "ELECTRONICS", "TRAVEL", "ENTERTAINMENT", "GROCERY",
		"HEALTH", "HOME", "JEWELLERY", "SPORTS", "BOOKS", "GAMING"}
}

func categoryNoun(cat string) string {
	return map[string]string{
		"FOOD": "Kitchen", "FASHION": "Threads", "ELECTRONICS": "Circuits", "TRAVEL": "Journeys",
		"ENTERTAINMENT": "Cinemas", "GROCERY": "Pantry", "HEALTH": "Wellness", "HOME": "Living",
		"JEWELLERY": "Gems", "SPORTS": "Athletics", "BOOKS": "Pages", "GAMING": "Arcade",
	}[cat]
}

func namePrefixes() []string {
	return []string{
		"Saffron", "Monsoon", "Lotus", "Peacock", "Banyan", "Coral", "Indigo", "Marigold", "Jasmine", "Teak",
		"Cobalt", "Ember", "Harbor", "Summit", "Velvet", "Cedar", "Nimbus", "Orchid", "Pebble", "Quartz",
		"Rustic", "Sapphire", "Tandoor", "Urban", "Vista", "Willow", "Zephyr", "Amber", "Bodhi", "Chai",
		"Deccan", "Everest", "Falcon", "Ganga", "Himalaya", "Ivory", "Jaipur", "Kerala", "Lagoon",
	}
}

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// brandID derives a stable 26-character ULID-like id from a name (the
// fixture ids above were made with it).
func brandID(name string) string {
	sum := sha256.Sum256([]byte("hubbletest/" + name))
	var b strings.Builder
	b.WriteString("01H")
	for i := 0; b.Len() < 26; i++ {
		b.WriteByte(crockford[sum[i%len(sum)]%32])
	}
	return b.String()
}

func decs(vs ...int64) []decimal.Decimal {
	out := make([]decimal.Decimal, len(vs))
	for i, v := range vs {
		out[i] = decimal.NewFromInt(v)
	}
	return out
}

func d(v int64) decimal.Decimal { return decimal.NewFromInt(v) }

func slug(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "-")) }

func howTo(name string, mode hubble.RedemptionType) []hubble.HowToUse {
	var out []hubble.HowToUse
	if mode == hubble.Online || mode == hubble.OnlineAndOffline {
		out = append(out, hubble.HowToUse{RetailMode: "ONLINE", RetailModeName: "Online",
			Instructions: []string{"Visit the " + name + " website or app", "Enter the card number and PIN at checkout"}})
	}
	if mode == hubble.Offline || mode == hubble.OnlineAndOffline {
		out = append(out, hubble.HowToUse{RetailMode: "OFFLINE", RetailModeName: "In-Store",
			Instructions: []string{"Show the voucher at the billing counter of any " + name + " store"}})
	}
	return out
}

func brand(id, name, desc string, cats []string, dt hubble.DenominationType, ct hubble.CardType,
	rt hubble.RedemptionType, r hubble.AmountRestrictions) hubble.Brand {
	return hubble.Brand{
		ID: id, Status: hubble.BrandActive, Title: name, BrandDescription: desc, Category: cats,
		Tags: []string{strings.ToLower(cats[0])}, DenominationType: dt, CardType: ct, RedemptionType: rt,
		AmountRestrictions:   &r,
		ThumbnailURL:         "https://cdn.example.com/hubbletest/" + slug(name) + "/thumb.png",
		LogoURL:              "https://cdn.example.com/hubbletest/" + slug(name) + "/logo.png",
		TncURL:               "https://cdn.example.com/hubbletest/" + slug(name) + "/tnc.html",
		TermsAndConditions:   []string{"Valid for 12 months from the date of issue", "Cannot be exchanged for cash"},
		HowToUseInstructions: howTo(name, rt),
	}
}

// namedBrands are the docs' brands and the sandbox fixtures.
func namedBrands() []hubble.Brand {
	fixed := func(ds ...int64) hubble.AmountRestrictions {
		return hubble.AmountRestrictions{
			MinOrderAmount: d(ds[0]), MaxOrderAmount: d(100000), MinVoucherAmount: d(ds[0]), MaxVoucherAmount: d(ds[len(ds)-1]),
			MaxVouchersPerOrder: 20, MaxVouchersPerDenomination: 10, MaxDenominationsPerOrder: len(ds), Denominations: decs(ds...),
		}
	}
	return []hubble.Brand{
		brand(FlipkartID, "Flipkart", "India's online marketplace for electronics, fashion and more",
			[]string{"SHOPPING", "ELECTRONICS", "FASHION"}, hubble.Fixed, hubble.CardAndPinNoSecured, hubble.Online,
			fixed(100, 250, 500, 1000, 2000, 5000)),
		brand(AmazonID, "Amazon shopping", "Shop millions of products on Amazon.in",
			[]string{"SHOPPING", "ELECTRONICS"}, hubble.Fixed, hubble.CardAndPinNoSecured, hubble.Online,
			fixed(100, 250, 500, 1000, 2000, 5000, 10000)),
		brand(JiomartID, "Jiomart", "Groceries and daily essentials delivered",
			[]string{"GROCERY"}, hubble.Fixed, hubble.CardAndPinNoSecured, hubble.OnlineAndOffline,
			fixed(100, 250, 500, 1000, 2000)),
		brand(MyntraID, "Myntra", "Fashion and lifestyle shopping",
			[]string{"FASHION"}, hubble.Fixed, hubble.CardNumberSecured, hubble.Online,
			fixed(250, 500, 1000, 2000, 5000)),
		brand(DocExampleID, "Swiggy", "Food delivery and quick commerce",
			[]string{"FOOD"}, hubble.Fixed, hubble.CardNumberSecured, hubble.Online,
			fixed(250, 500, 1000, 2000)),
		brand(VoucherFailureID, "Sandbox Voucher Failure", "Sandbox fixture: orders end FAILED (Voucher generation failed)",
			[]string{"SANDBOX"}, hubble.Fixed, hubble.PinNoSecured, hubble.Offline, fixed(100, 500)),
		brand(TemporarilyDisabledID, "Sandbox Temporarily Disabled", "Sandbox fixture: orders are refused with E100",
			[]string{"SANDBOX"}, hubble.Fixed, hubble.CardAndPinNoSecured, hubble.Online, fixed(100, 500)),
		brand(NotEnabledID, "Sandbox Not Enabled", "Sandbox fixture: orders are refused with E101",
			[]string{"SANDBOX"}, hubble.Fixed, hubble.CardAndPinNoSecured, hubble.Online, fixed(100, 500)),
	}
}

// generatedBrands are GeneratedBrands deterministic brands over
// Categories(): two thirds FIXED, one third FLEXIBLE, about one in
// seventeen INACTIVE, every card and redemption type, and some that still
// carry only the deprecated iconImageUrl / minAmount / maxAmount /
// usageInstructions fields.
func generatedBrands() []hubble.Brand {
	cats := Categories()
	prefixes := namePrefixes()
	cards := []hubble.CardType{hubble.CardAndPinNoSecured, hubble.CardNumberSecured, hubble.PinNoSecured}
	modes := []hubble.RedemptionType{hubble.Online, hubble.Offline, hubble.OnlineAndOffline}
	fixedSets := [][]int64{{100, 250, 500, 1000, 2000, 5000}, {250, 500, 1000}, {500, 1000, 2000, 5000, 10000}, {100, 200, 500}}
	flexRanges := [][2]int64{{100, 10000}, {50, 5000}, {10, 25000}}
	out := make([]hubble.Brand, 0, GeneratedBrands)
	for i := 0; i < GeneratedBrands; i++ {
		cat := cats[i%len(cats)]
		prefix := prefixes[(i/len(cats))%len(prefixes)]
		name := prefix + " " + categoryNoun(cat)
		var r hubble.AmountRestrictions
		dt := hubble.Fixed
		if i%3 == 0 {
			dt = hubble.Flexible
			rg := flexRanges[(i/3)%len(flexRanges)]
			r = hubble.AmountRestrictions{MinOrderAmount: d(rg[0]), MaxOrderAmount: d(rg[1] * 2), MinVoucherAmount: d(rg[0]),
				MaxVoucherAmount: d(rg[1]), MaxVouchersPerOrder: 5, MaxVouchersPerDenomination: 5, MaxDenominationsPerOrder: 2}
		} else {
			set := fixedSets[i%len(fixedSets)]
			r = hubble.AmountRestrictions{MinOrderAmount: d(set[0]), MaxOrderAmount: d(50000), MinVoucherAmount: d(set[0]),
				MaxVoucherAmount: d(set[len(set)-1]), MaxVouchersPerOrder: 10, MaxVouchersPerDenomination: 5 + i%6,
				MaxDenominationsPerOrder: 1 + i%len(set), Denominations: decs(set...)}
		}
		b := brand(brandID(name), name, "Gift card for "+name+" ("+strings.ToLower(cat)+")",
			[]string{cat}, dt, cards[i%len(cards)], modes[(i/2)%len(modes)], r)
		b.Tags = append(b.Tags, strings.ToLower(prefix))
		if i%17 == 5 {
			b.Status = hubble.BrandInactive
		}
		if i%29 == 3 { // an older record: only the deprecated fields
			//lint:ignore SA1019 the sandbox serves old-style records on purpose
			b.IconImageURL, b.ThumbnailURL = b.ThumbnailURL, ""
			//lint:ignore SA1019 the sandbox serves old-style records on purpose
			b.AmountRestrictions.MinAmount, b.AmountRestrictions.MinOrderAmount = r.MinOrderAmount, decimal.Decimal{}
			//lint:ignore SA1019 the sandbox serves old-style records on purpose
			b.AmountRestrictions.MaxAmount, b.AmountRestrictions.MaxOrderAmount = r.MaxOrderAmount, decimal.Decimal{}
			//lint:ignore SA1019 the sandbox serves old-style records on purpose
			b.UsageInstructions = []byte(`{"online":["Redeem at checkout on the ` + name + ` website"]}`)
			b.HowToUseInstructions = nil
		}
		out = append(out, b)
	}
	return out
}

// Catalog returns the brands a new Server serves (before WithBrands): the
// docs' brands, the fixtures and the generated ones, in listing order.
func Catalog() []hubble.Brand { return append(namedBrands(), generatedBrands()...) }
