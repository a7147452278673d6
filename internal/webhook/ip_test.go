package webhook_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/webhook"
)

func TestParsePrefixes(t *testing.T) {
	got, err := webhook.ParsePrefixes("35.200.156.199", " 10.1.2.3/8 ", "2001:db8::1", "2001:db8::ff/32",
		"::ffff:192.0.2.7", "::ffff:192.0.2.0/120", "fe80::1%eth0")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"35.200.156.199/32", "10.0.0.0/8", "2001:db8::1/128", "2001:db8::/32",
		"192.0.2.7/32", "192.0.2.0/24", "fe80::1/128"}
	var s []string
	for _, p := range got {
		s = append(s, p.String())
	}
	if !slices.Equal(s, want) {
		t.Fatalf("ParsePrefixes = %v, want %v", s, want)
	}
	for _, bad := range []string{"", "34.47.147.2444", "10.0.0.0/33", "example.com", "1.2.3.4:80"} {
		_, err := webhook.ParsePrefixes("35.200.156.199", bad)
		ve, ok := errors.AsType[*giftcard.ValidationError](err)
		if !ok || ve.Field != "ips[1]" {
			t.Errorf("ParsePrefixes(%q) = %v, want a ValidationError for ips[1]", bad, err)
		}
	}
	if got, err := webhook.ParsePrefixes(); err != nil || len(got) != 0 {
		t.Errorf("ParsePrefixes() = %v, %v", got, err)
	}
}

func TestClientIP(t *testing.T) {
	trusted := prefixes(t, "10.0.0.0/8")
	for _, tc := range []struct {
		remote string
		xff    []string
		want   string // "" = not ok
	}{
		{"192.0.2.1:1234", nil, "192.0.2.1"},
		{"192.0.2.1", nil, "192.0.2.1"},
		{"[2001:db8::1]:443", nil, "2001:db8::1"},
		{"[::ffff:192.0.2.1]:443", nil, "192.0.2.1"},
		{"[fe80::1%eth0]:443", nil, "fe80::1"},
		{"192.0.2.1:1", []string{"198.51.100.1"}, "192.0.2.1"}, // untrusted peer: XFF ignored
		{"10.0.0.1:1", []string{"198.51.100.1"}, "198.51.100.1"},
		{"10.0.0.1:1", []string{"198.51.100.1, 10.2.2.2 , 10.3.3.3"}, "198.51.100.1"},
		{"10.0.0.1:1", []string{"10.9.9.9, 10.2.2.2"}, "10.9.9.9"},
		{"10.0.0.1:1", nil, "10.0.0.1"},
		{"10.0.0.1:1", []string{"nonsense"}, ""},
		{"", nil, ""},
		{"unix-socket", nil, ""},
	} {
		r := httptest.NewRequest(http.MethodPost, "/", nil)
		r.RemoteAddr = tc.remote
		for _, x := range tc.xff {
			r.Header.Add("X-Forwarded-For", x)
		}
		got, ok := webhook.ClientIP(r, trusted)
		if tc.want == "" {
			if ok {
				t.Errorf("ClientIP(%q, %q) = %s, want not ok", tc.remote, tc.xff, got)
			}
			continue
		}
		if !ok || got != netip.MustParseAddr(tc.want) {
			t.Errorf("ClientIP(%q, %q) = %s %v, want %s", tc.remote, tc.xff, got, ok, tc.want)
		}
	}
}
