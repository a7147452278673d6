package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// hubbleWebhookSecret signs the Hubble sandbox's webhooks (hubbletest has
// no default: the command fixes one so HUBBLE_WEBHOOK_SECRET is the same on
// every run).
const hubbleWebhookSecret = "giftcard-sandbox-hubble-webhook-secret"

// pollInterval is GIFTCARD_POLL_INTERVAL: the examples otherwise wait
// Hubble's documented minute before their first poll of a PROCESSING order.
const pollInterval = "100ms"

// readyLine is the last line written to standard output, once every server
// listens.
const readyLine = "# giftcard-sandbox: ready"

// variable is one environment line.
type variable struct{ name, value string }

// configs are the client configurations a program is pointed at.
type configs struct {
	hubble  hubble.Config
	orbt    orbt.Config
	wolfe   wolfe.Config
	loyalty loyalty.Config
	control string // the control server's URL
}

// defaultConfigs are the configurations of sandboxes started with the
// command's options, at the given URLs (by provider, and "control"). They
// are what the running sandboxes' Config methods give (a test checks it),
// known without starting them, for -print-env.
func defaultConfigs(o options, urls map[string]string) configs {
	return configs{
		hubble: hubble.Config{BaseURL: urls["hubble"], ClientID: hubbletest.DefaultClientID,
			ClientSecret: hubbletest.DefaultClientSecret, WebhookSecret: hubbleWebhookSecret},
		orbt: orbt.Config{BaseURL: urls["orbt"], APIKey: orbttest.DefaultAPIKey, ClientID: orbttest.DefaultClientID,
			HMACSecret: orbttest.DefaultHMACSecret, Signing: o.orbtSigning},
		wolfe: wolfe.Config{BaseURL: urls["wolfe"], PartnerKey: wolfetest.PartnerKey, CompanyID: wolfetest.CompanyID},
		loyalty: loyalty.Config{BaseURL: urls["loyalty"], ClientID: loyaltytest.DefaultClientID,
			ClientSecret: loyaltytest.DefaultClientSecret, JWTToken: loyaltytest.DefaultJWTToken},
		control: urls["control"],
	}
}

// signingName is ORBT_SIGNING's value for a scheme: body-hash, the current
// scheme, when the sandbox accepts either.
func signingName(s orbt.SigningScheme) string {
	if s == orbt.SignRawBody {
		return "body"
	}
	return "body-hash"
}

// environment lists every variable of the four providers (README.md,
// "Environment variables"), then the examples' polling delay and the control
// server.
func environment(c configs) []variable {
	reveal := func(s giftcard.Secret) string { return s.Reveal() }
	return []variable{
		{"HUBBLE_BASE_URL", c.hubble.BaseURL},
		{"HUBBLE_CLIENT_ID", c.hubble.ClientID},
		{"HUBBLE_CLIENT_SECRET", reveal(c.hubble.ClientSecret)},
		{"HUBBLE_WEBHOOK_SECRET", reveal(c.hubble.WebhookSecret)},
		{"ORBT_BASE_URL", c.orbt.BaseURL},
		{"ORBT_API_KEY", reveal(c.orbt.APIKey)},
		{"ORBT_CLIENT_ID", c.orbt.ClientID},
		{"ORBT_HMAC_SECRET", reveal(c.orbt.HMACSecret)},
		{"ORBT_SIGNING", signingName(c.orbt.Signing)},
		{wolfe.EnvBaseURL, c.wolfe.BaseURL},
		{wolfe.EnvPartnerKey, reveal(c.wolfe.PartnerKey)},
		{wolfe.EnvCompanyID, c.wolfe.CompanyID},
		{wolfe.EnvTenantID, c.wolfe.TenantID},
		{loyalty.EnvBaseURL, c.loyalty.BaseURL},
		{loyalty.EnvClientID, c.loyalty.ClientID},
		{loyalty.EnvClientSecret, reveal(c.loyalty.ClientSecret)},
		{loyalty.EnvJWTToken, reveal(c.loyalty.JWTToken)},
		{"GIFTCARD_POLL_INTERVAL", pollInterval},
		{"GIFTCARD_SANDBOX_URL", c.control},
	}
}

// writeEnv writes the variables in format (sh or env) in one write, so a
// reader never sees half of them; ready adds readyLine.
func writeEnv(w io.Writer, format string, vars []variable, ready bool) error {
	var b strings.Builder
	b.WriteString("# giftcard-sandbox: Hubble, ORBT, Wolfe and loyalty sandboxes (test credentials)\n")
	for _, v := range vars {
		if format == "env" {
			fmt.Fprintf(&b, "%s=%s\n", v.name, v.value)
		} else {
			fmt.Fprintf(&b, "export %s=%s\n", v.name, shellQuote(v.value))
		}
	}
	if ready {
		b.WriteString(readyLine + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// shellQuote quotes s for a POSIX shell: single quotes, each ' inside
// written '\”.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
