package orbt

import (
	"errors"
	"os"
	"strings"

	"github.com/giftcard-go/giftcard"
)

// The environment variables ConfigFromEnv reads.
const (
	EnvBaseURL    = "ORBT_BASE_URL"    // optional: UAT when unset
	EnvAPIKey     = "ORBT_API_KEY"     // required
	EnvClientID   = "ORBT_CLIENT_ID"   // required
	EnvHMACSecret = "ORBT_HMAC_SECRET" // required
	EnvSigning    = "ORBT_SIGNING"     // optional: body | body-hash; default follows the environment
)

// ErrNoEnvironment is what ConfigFromEnv returns when none of the ORBT_*
// variables is set: the caller decides what that means (the examples run
// against orbttest).
var ErrNoEnvironment = errors.New("orbt: none of ORBT_BASE_URL, ORBT_API_KEY, ORBT_CLIENT_ID, ORBT_HMAC_SECRET, ORBT_SIGNING is set")

// ConfigFromEnv reads a Config from the ORBT_* variables. With none set it
// returns ErrNoEnvironment; with some set but a credential not, a
// *giftcard.ValidationError naming every missing variable (never a silent
// fall-back to a sandbox). Without ORBT_BASE_URL the environment is UAT, so
// production is never reached by omission. New itself never reads the
// environment.
func ConfigFromEnv() (Config, error) { return ConfigFromLookup(os.Getenv) }

// ConfigFromLookup is ConfigFromEnv reading variables through getenv (a
// test's map, or os.Getenv).
func ConfigFromLookup(getenv func(string) string) (Config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	vals := map[string]string{}
	set := false
	for _, k := range []string{EnvBaseURL, EnvAPIKey, EnvClientID, EnvHMACSecret, EnvSigning} {
		vals[k] = get(k)
		set = set || vals[k] != ""
	}
	if !set {
		return Config{}, ErrNoEnvironment
	}
	var missing []string
	for _, k := range []string{EnvAPIKey, EnvClientID, EnvHMACSecret} {
		if vals[k] == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return Config{}, &giftcard.ValidationError{Provider: providerName, Field: strings.Join(missing, ", "),
			Reason: "not set, while other ORBT_* variables are: set ORBT_API_KEY, ORBT_CLIENT_ID and ORBT_HMAC_SECRET, or none to use a sandbox"}
	}
	scheme, err := ParseSigningScheme(vals[EnvSigning])
	if err != nil {
		return Config{}, &giftcard.ValidationError{Provider: providerName, Field: EnvSigning, Reason: err.Error()}
	}
	cfg := Config{APIKey: giftcard.Secret(vals[EnvAPIKey]), ClientID: vals[EnvClientID], HMACSecret: giftcard.Secret(vals[EnvHMACSecret]),
		Signing: scheme, BaseURL: vals[EnvBaseURL]}
	if cfg.BaseURL == "" {
		cfg.Environment = UAT
	}
	return cfg, nil
}
