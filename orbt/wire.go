package orbt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/transport"
	"github.com/giftcard-go/giftcard/internal/wire"
)

// listWire is the list envelope {content, page, size, hasNext}; each item
// keeps its own JSON text.
type listWire[W any] struct {
	Content []withRaw[W] `json:"content"`
	Page    wire.Int     `json:"page"`
	Size    wire.Int     `json:"size"`
	HasNext wire.Bool    `json:"hasNext"`
}

// withRaw is a W decoded together with its own JSON text (a list item's
// Raw).
//
// KIT-CANDIDATE: wire.WithRaw[T]: every provider keeps the raw JSON of the
// items of its lists, and would otherwise write this again.
type withRaw[W any] struct {
	V   W
	Raw json.RawMessage
}

// UnmarshalJSON decodes b into V and keeps a copy of b in Raw.
func (x *withRaw[W]) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &x.V); err != nil {
		return err
	}
	x.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// MarshalJSON writes V.
func (x withRaw[W]) MarshalJSON() ([]byte, error) { return json.Marshal(x.V) }

// checked is a pointer to a wire item that can tell whether an answer
// carries what every such item has.
type checked[W any] interface {
	*W
	check() error
}

// checkList refuses a list answer without a content array, or with an item
// lacking a required field: an invalid answer, never an empty page.
func checkList[W any, P checked[W]](l *listWire[W]) error {
	if l.Content == nil {
		return missing("content")
	}
	for i := range l.Content {
		if err := P(&l.Content[i].V).check(); err != nil {
			return fmt.Errorf("content[%d]: %w", i, err)
		}
	}
	return nil
}

// listPage fetches the page opts selects with r and converts its items.
func listPage[W any, P checked[W], T any](ctx context.Context, c *Client, r *transport.Request, opts ListOptions, conv func(W, json.RawMessage) T) (Page[T], error) {
	q, err := opts.query()
	if err != nil {
		return Page[T]{}, err
	}
	r.Query = q
	l, _, err := transport.CallChecked(ctx, c.tr(), r, checkList[W, P])
	if err != nil {
		return Page[T]{}, err
	}
	p := Page[T]{Items: make([]T, 0, len(l.Content)), Page: int(l.Page), Size: int(l.Size), HasNext: bool(l.HasNext)}
	for _, it := range l.Content {
		p.Items = append(p.Items, conv(it.V, it.Raw))
	}
	return p, nil
}

// missing is the check failure for an answer without field.
func missing(field string) error { return fmt.Errorf("the answer has no %q", field) }

// upperCurrency normalises a currency the API sent ("usd" → "USD"),
// keeping it as sent when it is not a three-letter code.
func upperCurrency(c string) string {
	c = strings.TrimSpace(c)
	if len(c) == 3 {
		return strings.ToUpper(c)
	}
	return c
}

// asAPIError returns err's *giftcard.Error, if any.
func asAPIError(err error) (*giftcard.Error, bool) {
	var e *giftcard.Error
	ok := errors.As(err, &e)
	return e, ok
}
