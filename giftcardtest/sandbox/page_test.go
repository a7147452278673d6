package sandbox_test

import (
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
)

func TestPage(t *testing.T) {
	items := []int{0, 1, 2, 3, 4, 5, 6}
	for _, tc := range []struct {
		name          string
		items         []int
		offset, limit int
		want          []int
	}{
		{"first page", items, 0, 3, []int{0, 1, 2}},
		{"middle page", items, 3, 3, []int{3, 4, 5}},
		{"short last page", items, 6, 3, []int{6}},
		{"exact end", items, 4, 3, []int{4, 5, 6}},
		{"offset at the end", items, 7, 3, []int{}},
		{"offset past the end", items, 100, 3, []int{}},
		{"huge offset", items, math.MaxInt, 3, []int{}},
		{"negative offset", items, -5, 2, []int{0, 1}},
		{"limit past the end", items, 5, 100, []int{5, 6}},
		{"huge limit", items, 5, math.MaxInt, []int{5, 6}},
		{"no limit", items, 2, 0, []int{2, 3, 4, 5, 6}},
		{"negative limit", items, 5, -1, []int{5, 6}},
		{"nil items", nil, 0, 10, []int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, total := sandbox.Page(tc.items, tc.offset, tc.limit)
			if !slices.Equal(page, tc.want) || page == nil || total != len(tc.items) {
				t.Fatalf("Page(%d, %d) = %v (nil %v), %d; want %v, %d", tc.offset, tc.limit, page, page == nil, total, tc.want, len(tc.items))
			}
		})
	}
	// An empty page encodes as [], and a page is a copy.
	page, _ := sandbox.Page(items, 50, 10)
	if b, _ := json.Marshal(page); string(b) != "[]" {
		t.Fatalf("empty page encodes as %s", b)
	}
	page, _ = sandbox.Page(items, 0, 2)
	page[0] = 99
	_ = append(page, 42)
	if items[0] != 0 || items[2] != 2 {
		t.Fatalf("writing to a page changed the items: %v", items)
	}
}

func TestStore(t *testing.T) {
	var s sandbox.Store[string, int] // the zero value is ready
	if _, ok := s.Get("a"); ok || s.Len() != 0 || s.Delete("a") || s.Update("a", func(*int) { t.Fatal("called") }) {
		t.Fatal("empty store")
	}
	for i, k := range []string{"a", "b", "c", "d"} {
		s.Put(k, i)
	}
	s.Put("b", 10) // replaced in place
	if v, ok := s.Get("b"); !ok || v != 10 || s.Len() != 4 || !slices.Equal(s.Values(), []int{0, 10, 2, 3}) {
		t.Fatalf("after replacing b: %v", s.Values())
	}
	if !s.Update("c", func(v *int) { *v += 100 }) || !slices.Equal(s.Values(), []int{0, 10, 102, 3}) {
		t.Fatalf("after Update: %v", s.Values())
	}
	if !s.Delete("b") || s.Delete("b") || s.Len() != 3 {
		t.Fatal("Delete")
	}
	// Deleting re-indexes what follows: every key still finds its value.
	for k, want := range map[string]int{"a": 0, "c": 102, "d": 3} {
		if v, ok := s.Get(k); !ok || v != want {
			t.Fatalf("Get(%s) = %d, %v after a delete", k, v, ok)
		}
	}
	s.Put("e", 4)
	var keys []string
	for k, v := range s.All() {
		keys = append(keys, k)
		if v == 3 {
			break
		}
	}
	if !slices.Equal(keys, []string{"a", "c", "d"}) {
		t.Fatalf("All stopped early gave %v", keys)
	}
	page, total := s.Page(1, 2)
	if !slices.Equal(page, []int{102, 3}) || total != 4 {
		t.Fatalf("Page(1, 2) = %v, %d", page, total)
	}
	vals := s.Values()
	vals[0] = -1
	if v, _ := s.Get("a"); v != 0 {
		t.Fatal("Values shares memory with the store")
	}
}
