package webhook_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/webhook"
)

// FuzzVerify: no header or body makes Verify panic; every refusal wraps
// ErrUnverified; Sign's own output verifies; and a header that verifies is,
// up to padding, case (hex) and line breaks, the body's MAC under one of
// the secrets, as a verifier holding that secret alone signs it.
func FuzzVerify(f *testing.F) {
	f.Add(hubbleSig, []byte(hubbleBody))
	f.Add(githubSig, []byte(githubBody))
	f.Add("", []byte{})
	f.Add("sha256=", []byte("x"))
	f.Add("====", []byte{0xff})
	f.Add(strings.Repeat("A", 4096), []byte("{}"))
	secrets := []giftcard.Secret{hubbleSecret, githubSecret}
	type set struct {
		enc    webhook.Encoding
		both   *webhook.HMAC
		single []*webhook.HMAC
	}
	var sets []set
	for _, cfg := range []webhook.HMACConfig{
		{Header: "X-Sig", Encoding: webhook.Base64},
		{Header: "X-Sig", Encoding: webhook.Base64URL},
		{Header: "X-Sig", Encoding: webhook.Hex, Prefix: "sha256="},
	} {
		s := set{enc: cfg.Encoding}
		for _, sec := range secrets {
			cfg.Secrets = []giftcard.Secret{sec}
			s.single = append(s.single, newHMAC(f, cfg))
		}
		cfg.Secrets = secrets
		s.both = newHMAC(f, cfg)
		sets = append(sets, s)
	}
	normalise := func(enc webhook.Encoding, v string) string {
		v = strings.TrimRight(strings.NewReplacer("\r", "", "\n", "").Replace(strings.TrimSpace(v)), "=")
		if enc == webhook.Hex {
			v = strings.ToLower(v)
		}
		return v
	}
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		for _, s := range sets {
			r := httptest.NewRequest(http.MethodPost, "/", nil)
			r.Header["X-Sig"] = []string{header}
			err := s.both.Verify(r, body)
			if err != nil && !errors.Is(err, webhook.ErrUnverified) {
				t.Fatalf("%s: error %v does not wrap ErrUnverified", s.both, err)
			}
			if err == nil {
				got := normalise(s.enc, header)
				if got != normalise(s.enc, s.single[0].Sign(body)) && got != normalise(s.enc, s.single[1].Sign(body)) {
					t.Fatalf("%s: %q verified but is not the body's MAC", s.both, header)
				}
			}
			for _, v := range s.single {
				r.Header["X-Sig"] = []string{v.Sign(body)}
				if err := s.both.Verify(r, body); err != nil {
					t.Fatalf("%s: a signature under one of its secrets was refused: %v", s.both, err)
				}
			}
		}
	})
}

// FuzzClientIP: no RemoteAddr or X-Forwarded-For makes ClientIP panic, and
// an untrusted peer is always its own client whatever XFF says.
func FuzzClientIP(f *testing.F) {
	f.Add("10.0.0.1:1", "198.51.100.1, 10.0.0.2")
	f.Add("192.0.2.1:80", "10.0.0.1")
	f.Add("[::1]:1", ",,,")
	f.Add("x", "")
	trusted := prefixes(f, "10.0.0.0/8", "::1/128")
	f.Fuzz(func(t *testing.T, remote, xff string) {
		r := httptest.NewRequest(http.MethodPost, "/", nil)
		r.RemoteAddr = remote
		r.Header["X-Forwarded-For"] = []string{xff}
		got, ok := webhook.ClientIP(r, trusted)
		if ok && !got.IsValid() {
			t.Fatalf("ok with an invalid address for %q / %q", remote, xff)
		}
		none, okNone := webhook.ClientIP(r, nil)
		if okNone && ok && !trusted[0].Contains(none) && !trusted[1].Contains(none) && got != none {
			t.Fatalf("untrusted peer %s reported as %s because of XFF %q", none, got, xff)
		}
	})
}
