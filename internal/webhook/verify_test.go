package webhook_test

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/internal/webhook"
)

// Hubble's documented X-Verify: base64(HMAC-SHA256(body, secret)).
const (
	hubbleBody   = `{"id":"01KJB2EXAMPLE0PROCESSING01","status":"SUCCESS"}`
	hubbleSecret = "hubble-webhook-secret"
	hubbleSig    = "Km+UXJfy28y8VwMoEXT6NGWVoIYlIjEyX8Lq7Cw8kis="
)

// GitHub's documented X-Hub-Signature-256 example: "sha256=" + hex.
const (
	githubBody   = "Hello, World!"
	githubSecret = "It's a Secret to Everybody"
	githubSig    = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
)

func newHMAC(t testing.TB, cfg webhook.HMACConfig) *webhook.HMAC {
	t.Helper()
	v, err := webhook.NewHMAC(cfg)
	if err != nil {
		t.Fatalf("NewHMAC: %v", err)
	}
	return v
}

func signedRequest(header, value, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
	if value != "" {
		r.Header.Set(header, value)
	}
	return r
}

func TestHMACDocumentedVectors(t *testing.T) {
	hub := newHMAC(t, webhook.HMACConfig{Header: "X-Verify", Secrets: []giftcard.Secret{hubbleSecret}})
	if got := hub.Sign([]byte(hubbleBody)); got != hubbleSig {
		t.Errorf("Sign = %s, want Hubble's %s", got, hubbleSig)
	}
	if err := hub.Verify(signedRequest("X-Verify", hubbleSig, ""), []byte(hubbleBody)); err != nil {
		t.Errorf("Hubble's vector refused: %v", err)
	}
	gh := newHMAC(t, webhook.HMACConfig{Header: "x-hub-signature-256", Encoding: webhook.Hex, Prefix: "sha256=",
		Secrets: []giftcard.Secret{githubSecret}})
	if got := gh.Sign([]byte(githubBody)); got != githubSig {
		t.Errorf("Sign = %s, want GitHub's %s", got, githubSig)
	}
	if gh.Header() != "X-Hub-Signature-256" {
		t.Errorf("Header() = %q, want the canonical form", gh.Header())
	}
	for _, sig := range []string{githubSig, strings.ToUpper(githubSig), "SHA256=" + githubSig[7:], "  " + githubSig + " "} {
		if err := gh.Verify(signedRequest("X-Hub-Signature-256", sig, ""), []byte(githubBody)); err != nil {
			t.Errorf("%q refused: %v", sig, err)
		}
	}
}

func TestHMACEncodings(t *testing.T) {
	body := []byte(hubbleBody)
	std := hubbleSig
	url := strings.NewReplacer("+", "-", "/", "_").Replace(hubbleSig)
	if url == std {
		t.Fatal("the vector must contain a character base64 and base64url spell differently")
	}
	cases := []struct {
		enc    webhook.Encoding
		prefix string
		accept []string
		refuse []string
	}{
		{webhook.Base64, "", []string{std, strings.TrimRight(std, "=")}, []string{url, strings.TrimRight(url, "="), "not base64!", std[:len(std)-4] + "AAA="}},
		{webhook.Base64URL, "", []string{url, strings.TrimRight(url, "=")}, []string{std, strings.TrimRight(std, "=")}},
		{webhook.Hex, "", []string{"2a6f945c97f2dbccbc5703281174fa346595a086252231325fc2eaec2c3c922b",
			"2A6F945C97F2DBCCBC5703281174FA346595A086252231325FC2EAEC2C3C922B"}, []string{std, "2a6f", "zz"}},
		{webhook.Hex, "v1=", []string{"v1=2a6f945c97f2dbccbc5703281174fa346595a086252231325fc2eaec2c3c922b"},
			[]string{"2a6f945c97f2dbccbc5703281174fa346595a086252231325fc2eaec2c3c922b", "v2=2a6f945c97f2dbccbc5703281174fa346595a086252231325fc2eaec2c3c922b", "v1="}},
	}
	for _, tc := range cases {
		v := newHMAC(t, webhook.HMACConfig{Header: "Sig", Encoding: tc.enc, Prefix: tc.prefix, Secrets: []giftcard.Secret{hubbleSecret}})
		if got := v.Sign(body); got != tc.accept[0] {
			t.Errorf("%s%s: Sign = %s, want %s", tc.prefix, tc.enc, got, tc.accept[0])
		}
		for _, sig := range tc.accept {
			if err := v.Verify(signedRequest("Sig", sig, ""), body); err != nil {
				t.Errorf("%s%s: %q refused: %v", tc.prefix, tc.enc, sig, err)
			}
		}
		for _, sig := range tc.refuse {
			if err := v.Verify(signedRequest("Sig", sig, ""), body); !errors.Is(err, webhook.ErrUnverified) {
				t.Errorf("%s%s: %q gave %v, want ErrUnverified", tc.prefix, tc.enc, sig, err)
			}
		}
	}
}

func TestHMACRefusals(t *testing.T) {
	v := newHMAC(t, webhook.HMACConfig{Header: "X-Verify", Secrets: []giftcard.Secret{hubbleSecret}})
	body := []byte(hubbleBody)
	other := newHMAC(t, webhook.HMACConfig{Header: "X-Verify", Secrets: []giftcard.Secret{"other"}}).Sign(body)
	for name, r := range map[string]*http.Request{
		"missing header":   signedRequest("X-Verify", "", ""),
		"wrong header":     signedRequest("X-Signature", hubbleSig, ""),
		"other secret":     signedRequest("X-Verify", other, ""),
		"truncated":        signedRequest("X-Verify", hubbleSig[:20], ""),
		"empty after trim": signedRequest("X-Verify", "   ", ""),
	} {
		err := v.Verify(r, body)
		if !errors.Is(err, webhook.ErrUnverified) || !errors.Is(err, giftcard.ErrUnauthorized) {
			t.Errorf("%s: %v, want ErrUnverified and giftcard.ErrUnauthorized", name, err)
		}
		if err != nil && (strings.Contains(err.Error(), hubbleSig[:8]) || strings.Contains(err.Error(), other[:8])) {
			t.Errorf("%s: the error %q carries the signature", name, err)
		}
	}
	if err := v.Verify(nil, body); !errors.Is(err, webhook.ErrUnverified) {
		t.Errorf("nil request: %v", err)
	}
	// Every single-byte change of the body is refused.
	for i := range body {
		b := bytes.Clone(body)
		b[i] ^= 0x01
		if err := v.Verify(signedRequest("X-Verify", hubbleSig, ""), b); !errors.Is(err, webhook.ErrUnverified) {
			t.Fatalf("body altered at byte %d: %v", i, err)
		}
	}
}

func TestHMACRotation(t *testing.T) {
	body := []byte(`{"event":"x"}`)
	oldSig := newHMAC(t, webhook.HMACConfig{Header: "S", Secrets: []giftcard.Secret{"old"}}).Sign(body)
	newSig := newHMAC(t, webhook.HMACConfig{Header: "S", Secrets: []giftcard.Secret{"new"}}).Sign(body)
	v := newHMAC(t, webhook.HMACConfig{Header: "S", Secrets: []giftcard.Secret{"", "new", "old"}})
	if v.Sign(body) != newSig {
		t.Error("Sign must use the first non-empty secret")
	}
	for _, sig := range []string{oldSig, newSig} {
		if err := v.Verify(signedRequest("S", sig, ""), body); err != nil {
			t.Errorf("rotation: %v", err)
		}
	}
	third := newHMAC(t, webhook.HMACConfig{Header: "S", Secrets: []giftcard.Secret{"third"}}).Sign(body)
	if err := v.Verify(signedRequest("S", third, ""), body); !errors.Is(err, webhook.ErrUnverified) {
		t.Errorf("a secret not listed verified: %v", err)
	}
}

// Verify computes the MAC under every secret whichever one matches (or
// none), so its work, and so its timing, does not depend on which matched.
func TestHMACComputesEverySecret(t *testing.T) {
	var built atomic.Int64
	counting := func() hash.Hash { built.Add(1); return sha256.New() }
	secrets := []giftcard.Secret{"s1", "s2", "s3"}
	v := newHMAC(t, webhook.HMACConfig{Header: "S", Hash: counting, Secrets: secrets})
	body := []byte("payload")
	work := func(sig string) int64 {
		built.Store(0)
		_ = v.Verify(signedRequest("S", sig, ""), body)
		return built.Load()
	}
	var counts []int64
	for _, s := range secrets {
		counts = append(counts, work(newHMAC(t, webhook.HMACConfig{Header: "S", Secrets: []giftcard.Secret{s}}).Sign(body)))
	}
	counts = append(counts, work(newHMAC(t, webhook.HMACConfig{Header: "S", Secrets: []giftcard.Secret{"none"}}).Sign(body)))
	for i, c := range counts {
		if c != counts[0] || c < int64(len(secrets)) {
			t.Fatalf("hash constructions per Verify %v: case %d differs, or fewer than one per secret", counts, i)
		}
	}
}

func TestHMACCustomHash(t *testing.T) {
	v := newHMAC(t, webhook.HMACConfig{Header: "S", Encoding: webhook.Hex, Hash: sha1.New, Secrets: []giftcard.Secret{"k"}})
	// HMAC-SHA1("k", "abc"), computed independently.
	const want = "f9bef091fe00d9f5128593836dba99e193f08174"
	if got := v.Sign([]byte("abc")); got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
	// A SHA-256 length MAC is refused by a SHA-1 verifier.
	long := newHMAC(t, webhook.HMACConfig{Header: "S", Encoding: webhook.Hex, Secrets: []giftcard.Secret{"k"}}).Sign([]byte("abc"))
	if err := v.Verify(signedRequest("S", long, ""), []byte("abc")); !errors.Is(err, webhook.ErrUnverified) {
		t.Fatalf("a MAC of another length verified: %v", err)
	}
}

func TestNewHMACRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		cfg   webhook.HMACConfig
		field string
	}{
		"no header":     {webhook.HMACConfig{Secrets: []giftcard.Secret{"k"}}, "Header"},
		"no secret":     {webhook.HMACConfig{Header: "S"}, "Secrets"},
		"empty secrets": {webhook.HMACConfig{Header: "S", Secrets: []giftcard.Secret{"", ""}}, "Secrets"},
		"bad encoding":  {webhook.HMACConfig{Header: "S", Encoding: 7, Secrets: []giftcard.Secret{"k"}}, "Encoding"},
	} {
		v, err := webhook.NewHMAC(tc.cfg)
		ve, ok := errors.AsType[*giftcard.ValidationError](err)
		if v != nil || !ok || ve.Field != tc.field || !errors.Is(err, giftcard.ErrInvalidRequest) {
			t.Errorf("%s: NewHMAC = %v, %v; want a ValidationError for %s", name, v, err, tc.field)
		}
	}
}

func TestHMACNeverPrintsSecrets(t *testing.T) {
	const secret = "whsec-very-secret-value"
	v := newHMAC(t, webhook.HMACConfig{Header: "X-Verify", Secrets: []giftcard.Secret{secret, "second-secret-value"}})
	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		out = append(out, fmt.Sprintf(verb, v), fmt.Sprintf(verb, *v), fmt.Sprintf(verb, []any{v}))
	}
	out = append(out, fmt.Sprint(v), fmt.Sprintln(struct{ V webhook.Verifier }{v}))
	var logs bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&logs, nil), slog.NewJSONHandler(&logs, nil)} {
		slog.New(h).Info("verifier", "v", v, "any", any(v))
	}
	out = append(out, logs.String())
	for _, s := range out {
		if strings.Contains(s, "very-secret") || strings.Contains(s, "second-secret") ||
			strings.Contains(s, fmt.Sprintf("%x", "whsec")) {
			t.Fatalf("a secret leaked: %s", s)
		}
	}
	if !strings.Contains(fmt.Sprint(v), "X-Verify") || !strings.Contains(fmt.Sprint(v), "Secrets: 2") {
		t.Errorf("String() = %s, want the header and the secret count", v)
	}
}
