package hubble

import (
	"errors"
	"os"
	"strings"

	"github.com/giftcard-go/giftcard"
)

// The environment variables ConfigFromEnv reads.
const (
	EnvBaseURL       = "HUBBLE_BASE_URL"       // optional: StagingURL when unset
	EnvClientID      = "HUBBLE_CLIENT_ID"      // required
	EnvClientSecret  = "HUBBLE_CLIENT_SECRET"  // required
	EnvWebhookSecret = "HUBBLE_WEBHOOK_SECRET" // optional
)

// ErrNoEnvironment is what ConfigFromEnv returns when none of the HUBBLE_*
// variables is set: the caller decides what that means (the examples run
// against hubbletest).
var ErrNoEnvironment = errors.New("hubble: none of HUBBLE_BASE_URL, HUBBLE_CLIENT_ID, HUBBLE_CLIENT_SECRET, HUBBLE_WEBHOOK_SECRET is set")

// ConfigFromEnv reads a Config from the HUBBLE_* variables. With none set it
// returns ErrNoEnvironment; with some set but the client id or secret not, a
// *giftcard.ValidationError naming every missing variable (never a silent
// fall-back to a sandbox). HUBBLE_BASE_URL defaults to StagingURL, so real
// money is never spent by omission. New itself never reads the environment.
func ConfigFromEnv() (Config, error) { return ConfigFromLookup(os.Getenv) }

// ConfigFromLookup is ConfigFromEnv reading variables through getenv (a
// test's map, or os.Getenv).
func ConfigFromLookup(getenv func(string) string) (Config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	cfg := Config{
		BaseURL:       get(EnvBaseURL),
		ClientID:      get(EnvClientID),
		ClientSecret:  giftcard.Secret(get(EnvClientSecret)),
		WebhookSecret: giftcard.Secret(get(EnvWebhookSecret)),
	}
	if cfg.BaseURL == "" && cfg.ClientID == "" && cfg.ClientSecret.IsZero() && cfg.WebhookSecret.IsZero() {
		return Config{}, ErrNoEnvironment
	}
	var missing []string
	if cfg.ClientID == "" {
		missing = append(missing, EnvClientID)
	}
	if cfg.ClientSecret.IsZero() {
		missing = append(missing, EnvClientSecret)
	}
	if len(missing) > 0 {
		return Config{}, &giftcard.ValidationError{Provider: providerName, Field: strings.Join(missing, ", "),
			Reason: "not set, while other HUBBLE_* variables are: set HUBBLE_CLIENT_ID and HUBBLE_CLIENT_SECRET, or none to use a sandbox"}
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = StagingURL
	}
	return cfg, nil
}
