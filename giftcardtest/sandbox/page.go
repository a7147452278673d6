package sandbox

import "iter"

// Page returns the items of one offset/limit page, and len(items). A
// negative offset counts as 0 and an offset past the end gives an empty
// page; a limit of 0 or less means no limit (every item from offset). The
// page is a new, never nil, slice (so it encodes as [] in JSON, not null),
// safe to use after the lock guarding items is released.
//
// A page-number API computes the offset itself, saturating so a huge page
// number cannot overflow into a negative offset:
//
//	offset := min(pageNo, math.MaxInt/size) * size
//	page, total := sandbox.Page(all, offset, size)
//	hasNext := offset+len(page) < total
func Page[T any](items []T, offset, limit int) (page []T, total int) {
	total = len(items)
	offset = min(max(offset, 0), total)
	end := total
	if limit > 0 && limit < total-offset {
		end = offset + limit
	}
	page = make([]T, end-offset)
	copy(page, items[offset:end])
	return page, total
}

// Store is an insertion-ordered map, the usual shape of a sandbox's
// resources: found by id, listed in creation order, paged with offset and
// limit. The zero value is empty and ready to use. A Store is not safe for
// concurrent use: guard it with the sandbox's own lock, which usually has to
// cover several stores (an order and the balance it debits) at once.
type Store[K comparable, V any] struct {
	index map[K]int
	keys  []K
	vals  []V
}

// Put stores v under k: in place when k is present (it keeps its position),
// else at the end.
func (s *Store[K, V]) Put(k K, v V) {
	if i, ok := s.index[k]; ok {
		s.vals[i] = v
		return
	}
	if s.index == nil {
		s.index = map[K]int{}
	}
	s.index[k] = len(s.vals)
	s.keys = append(s.keys, k)
	s.vals = append(s.vals, v)
}

// Get returns the value stored under k.
func (s *Store[K, V]) Get(k K) (V, bool) {
	i, ok := s.index[k]
	if !ok {
		var zero V
		return zero, false
	}
	return s.vals[i], true
}

// Update calls change with the value stored under k, in place, and reports
// whether k was present (change is not called when it was not).
func (s *Store[K, V]) Update(k K, change func(*V)) bool {
	i, ok := s.index[k]
	if ok {
		change(&s.vals[i])
	}
	return ok
}

// Delete removes k, keeping the order of the rest, and reports whether it
// was present.
func (s *Store[K, V]) Delete(k K) bool {
	i, ok := s.index[k]
	if !ok {
		return false
	}
	delete(s.index, k)
	s.keys = append(s.keys[:i], s.keys[i+1:]...)
	s.vals = append(s.vals[:i], s.vals[i+1:]...)
	for j := i; j < len(s.keys); j++ {
		s.index[s.keys[j]] = j
	}
	return true
}

// Len is the number of values stored.
func (s *Store[K, V]) Len() int { return len(s.vals) }

// Values returns every value, oldest first, in a new slice.
func (s *Store[K, V]) Values() []V {
	page, _ := Page(s.vals, 0, 0)
	return page
}

// All yields every key and value, oldest first. The store must not change
// during the iteration.
func (s *Store[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for i, k := range s.keys {
			if !yield(k, s.vals[i]) {
				return
			}
		}
	}
}

// Page returns one offset/limit page of the values, oldest first, and the
// number of values, as the function Page does.
func (s *Store[K, V]) Page(offset, limit int) (page []V, total int) {
	return Page(s.vals, offset, limit)
}
