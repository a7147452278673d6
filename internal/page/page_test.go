package page_test

import (
	"context"
	"errors"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/page"
)

func collect[T any](t *testing.T, seq func(func(T, error) bool)) ([]T, error) {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

func TestSeqWalksEveryPageLazily(t *testing.T) {
	fetched := 0
	seq := page.Seq(context.Background(), "p", "List", 1, func(_ context.Context, c int) ([]int, int, bool, error) {
		fetched++
		return []int{c * 10, c*10 + 1}, c + 1, c < 3, nil
	})
	got, err := collect(t, seq)
	if err != nil || len(got) != 6 || got[5] != 31 || fetched != 3 {
		t.Fatalf("got %v, %v after %d fetches", got, err, fetched)
	}
	fetched = 0
	for v := range seq {
		if v == 11 {
			break
		}
	}
	if fetched != 1 {
		t.Fatalf("stopping in page 1 fetched %d pages", fetched)
	}
}

func TestSeqYieldsAnErrorOnceAndStops(t *testing.T) {
	boom := errors.New("boom")
	calls := 0
	seq := page.Seq(context.Background(), "p", "List", 0, func(_ context.Context, c int) ([]int, int, bool, error) {
		calls++
		if c == 1 {
			return nil, 0, false, boom
		}
		return []int{c}, c + 1, true, nil
	})
	got, err := collect(t, seq)
	if !errors.Is(err, boom) || len(got) != 1 || calls != 2 {
		t.Fatalf("got %v, %v, %d calls", got, err, calls)
	}
}

func TestSeqStopsOnAStalledCursor(t *testing.T) {
	calls := 0
	seq := page.Seq(context.Background(), "p", "List", "a", func(_ context.Context, c string) ([]string, string, bool, error) {
		calls++
		if c == "a" {
			return []string{"x"}, "b", true, nil
		}
		return []string{"y"}, "a", true, nil // back to a page already seen
	})
	got, err := collect(t, seq)
	if !errors.Is(err, giftcard.ErrInvalidResponse) || len(got) != 2 || calls != 2 {
		t.Fatalf("got %v, %v, %d calls", got, err, calls)
	}
}

func TestSeqStopsOnAnEmptyPageClaimingMore(t *testing.T) {
	calls := 0
	seq := page.Seq(context.Background(), "p", "List", 0, func(_ context.Context, c int) ([]int, int, bool, error) {
		calls++
		return nil, c + 1, true, nil
	})
	got, err := collect(t, seq)
	if err != nil || len(got) != 0 || calls != 1 {
		t.Fatalf("got %v, %v, %d calls", got, err, calls)
	}
}

func TestOffset(t *testing.T) {
	data := make([]int, 23)
	for i := range data {
		data[i] = i
	}
	for _, tc := range []struct {
		name      string
		withTotal bool
		wantCalls int
	}{{"total", true, 3}, {"short page", false, 3}} {
		t.Run(tc.name, func(t *testing.T) {
			var offsets []int
			seq := page.Offset(context.Background(), "p", "List", 10, func(_ context.Context, off, lim int) ([]int, int, error) {
				offsets = append(offsets, off)
				end := min(off+lim, len(data))
				total := -1
				if tc.withTotal {
					total = len(data)
				}
				return data[off:end], total, nil
			})
			got, err := collect(t, seq)
			if err != nil || len(got) != 23 || got[22] != 22 || len(offsets) != tc.wantCalls || offsets[2] != 20 {
				t.Fatalf("got %d items, %v, offsets %v", len(got), err, offsets)
			}
		})
	}
	// A total that is a multiple of the limit ends without an extra request.
	calls := 0
	seq := page.Offset(context.Background(), "p", "List", 5, func(_ context.Context, off, lim int) ([]int, int, error) {
		calls++
		return data[off : off+lim], 10, nil
	})
	if got, err := collect(t, seq); err != nil || len(got) != 10 || calls != 2 {
		t.Fatalf("got %d, %v, %d calls", len(got), err, calls)
	}
}
