package hubble_test

import (
	"errors"
	"testing"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
)

func TestConfigFromLookup(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if _, err := hubble.ConfigFromLookup(env(nil)); !errors.Is(err, hubble.ErrNoEnvironment) {
		t.Fatalf("none set: %v", err)
	}
	_, err := hubble.ConfigFromLookup(env(map[string]string{"HUBBLE_CLIENT_ID": "id"}))
	var ve *giftcard.ValidationError
	if !errors.As(err, &ve) || ve.Field != "HUBBLE_CLIENT_SECRET" {
		t.Fatalf("half set: %v", err)
	}
	_, err = hubble.ConfigFromLookup(env(map[string]string{"HUBBLE_BASE_URL": "https://x.example"}))
	if !errors.As(err, &ve) || ve.Field != "HUBBLE_CLIENT_ID, HUBBLE_CLIENT_SECRET" {
		t.Fatalf("only the URL: %v", err)
	}
	cfg, err := hubble.ConfigFromLookup(env(map[string]string{"HUBBLE_CLIENT_ID": "id", "HUBBLE_CLIENT_SECRET": "s3cret-value"}))
	if err != nil || cfg.BaseURL != hubble.StagingURL || cfg.ClientID != "id" || cfg.ClientSecret.Reveal() != "s3cret-value" {
		t.Fatalf("%v %v", cfg, err)
	}
}
