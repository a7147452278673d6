package orbt_test

import (
	"errors"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/orbt"
)

func TestConfigFromLookup(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if _, err := orbt.ConfigFromLookup(env(nil)); !errors.Is(err, orbt.ErrNoEnvironment) {
		t.Fatalf("none set: %v", err)
	}
	_, err := orbt.ConfigFromLookup(env(map[string]string{"ORBT_BASE_URL": "https://x.example", "ORBT_API_KEY": "k"}))
	var ve *giftcard.ValidationError
	if !errors.As(err, &ve) || ve.Field != "ORBT_CLIENT_ID, ORBT_HMAC_SECRET" {
		t.Fatalf("some set: %v", err)
	}
	full := map[string]string{"ORBT_API_KEY": "k", "ORBT_CLIENT_ID": "c", "ORBT_HMAC_SECRET": "h", "ORBT_SIGNING": "nonsense"}
	if _, err := orbt.ConfigFromLookup(env(full)); !errors.As(err, &ve) || ve.Field != "ORBT_SIGNING" {
		t.Fatalf("bad signing: %v", err)
	}
	full["ORBT_SIGNING"] = "body-hash"
	cfg, err := orbt.ConfigFromLookup(env(full))
	if err != nil || cfg.Environment != orbt.UAT || cfg.Signing != orbt.SignBodyHash || cfg.ClientID != "c" {
		t.Fatalf("%v %v", cfg, err)
	}
}
