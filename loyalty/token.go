package loyalty

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/check"
	"github.com/giftcard-go/giftcard/internal/token"
)

func (c *Client) accessTokens(ctx context.Context, merchantID, channelName string) ([]AccessToken, error) {
	if err := check.First(ck.ID("merchantId", merchantID), ck.ID("channelName", channelName)); err != nil {
		return nil, err
	}
	r := c.request(routeAccessToken, &tokenBody{ClientID: c.clientID, ClientSecret: c.secret.Reveal(), MerchantID: merchantID, ChannelName: channelName})
	r.NoAuth = true
	v, _, err := call[[]AccessToken](ctx, c, r, nil)
	return v, err
}

// fetchToken is the token source's fetch: the eCommerce token of the
// merchant and channel. A token that "will not expire" (expiryTime -1) is
// still re-fetched once a day (the token source's maximum lifetime), and
// whenever the server refuses it.
func (c *Client) fetchToken(merchantID, channelName string) token.FetchFunc {
	return func(ctx context.Context) (token.Token, error) {
		list, err := c.accessTokens(ctx, merchantID, channelName)
		if err != nil {
			return token.Token{}, err
		}
		for _, t := range list {
			if strings.EqualFold(strings.TrimSpace(t.Type), TokenTypeECommerce) && !t.Token.IsZero() {
				if err := ck.Header("token", t.Token.Reveal()); err != nil {
					return token.Token{}, &giftcard.Error{Provider: providerName, Op: routeAccessToken.Op, Kind: giftcard.ErrInvalidResponse,
						Message: "the eCommerce token cannot be sent in a header"}
				}
				life := time.Duration(math.MaxInt64) // capped by the source
				if t.ExpiryTime > 0 {
					life = token.Seconds(t.ExpiryTime)
				}
				return token.Token{Value: t.Token.Reveal(), Lifetime: life}, nil
			}
		}
		return token.Token{}, &giftcard.Error{Provider: providerName, Op: routeAccessToken.Op, Kind: giftcard.ErrUnauthorized,
			Message: "the token endpoint lists no eCommerce token for this merchant and channel"}
	}
}
