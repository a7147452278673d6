// Package page turns a provider's page-fetch function into a lazy
// iter.Seq2, the one way every provider package pages.
//
// Naming rule for every provider: ListX(ctx, opts) returns one page; X(ctx,
// opts) (or AllX) returns the lazy sequence built here.
package page

import (
	"context"
	"fmt"
	"iter"

	"github.com/giftcard-go/giftcard"
)

// Fetch fetches the page at cursor. It returns the page's items, the cursor
// of the next page and whether there is one.
type Fetch[T any, C comparable] func(ctx context.Context, cursor C) (items []T, next C, more bool, err error)

// Seq walks every page from start, fetching a page only when the previous one
// is used up; stop ranging to stop fetching. An error is yielded once and
// ends the sequence. Two guards keep a misbehaving server from looping
// forever: a page with no items ends the walk, and a next cursor that was
// already visited ends it with an error matching giftcard.ErrInvalidResponse
// (the listing is incomplete, and the caller should know).
func Seq[T any, C comparable](ctx context.Context, provider, op string, start C, fetch Fetch[T, C]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		seen := map[C]struct{}{}
		cur := start
		for {
			seen[cur] = struct{}{}
			items, next, more, err := fetch(ctx, cur)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if !more || len(items) == 0 {
				return
			}
			if _, loop := seen[next]; loop {
				yield(zero, &giftcard.Error{Provider: provider, Op: op, Kind: giftcard.ErrInvalidResponse,
					Message: fmt.Sprintf("the next-page cursor %v was already visited; listing stopped", next)})
				return
			}
			cur = next
		}
	}
}

// Offset walks an offset/limit listing: it asks for limit items from offset
// 0 and moves on by the number of items each page returned, until a page is
// short, empty, or total (when the provider reports one, else pass -1 from
// fetch) is reached.
func Offset[T any](ctx context.Context, provider, op string, limit int, fetch func(ctx context.Context, offset, limit int) (items []T, total int, err error)) iter.Seq2[T, error] {
	return Seq(ctx, provider, op, 0, func(ctx context.Context, offset int) ([]T, int, bool, error) {
		items, total, err := fetch(ctx, offset, limit)
		if err != nil {
			return nil, 0, false, err
		}
		next := offset + len(items)
		more := len(items) > 0 && len(items) >= limit
		if total >= 0 {
			more = len(items) > 0 && next < total
		}
		return items, next, more, nil
	})
}
