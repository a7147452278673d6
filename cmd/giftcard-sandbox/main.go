// Command giftcard-sandbox runs the SDK's wire-level sandbox of every
// provider (Hubble, ORBT, Wolfe and the loyalty API) on localhost with fixed
// test credentials, so that any program, in any language, can be pointed at
// them: the stripe-mock of this SDK.
//
//	go run ./cmd/giftcard-sandbox
//
// starts the four sandboxes (hubbletest, orbttest, wolfetest and
// loyaltytest, each on a port the OS chooses) and a control server, then
// writes to standard output the environment that points a program at them,
// in the variables the SDK's examples read (README.md, "Environment
// variables"):
//
//	export HUBBLE_BASE_URL='http://127.0.0.1:41623'
//	export HUBBLE_CLIENT_ID='hubbletest-client'
//	…
//	export LOYALTY_JWT_TOKEN='X24BMAPMHGCCDYQXTAQYSAXZ6TJ09JIX'
//	export GIFTCARD_POLL_INTERVAL='100ms'
//	export GIFTCARD_SANDBOX_URL='http://127.0.0.1:41627'
//	# giftcard-sandbox: ready
//
// The last line says every server is listening. Logs go to standard error.
// It serves until it receives SIGINT or SIGTERM, then closes every server
// (requests held by a delay fault are released) and exits 0.
//
// The variables are all of the providers': HUBBLE_BASE_URL,
// HUBBLE_CLIENT_ID, HUBBLE_CLIENT_SECRET, HUBBLE_WEBHOOK_SECRET,
// ORBT_BASE_URL, ORBT_API_KEY, ORBT_CLIENT_ID, ORBT_HMAC_SECRET,
// ORBT_SIGNING, WOLFE_BASE_URL, WOLFE_PARTNER_KEY, WOLFE_COMPANY_ID,
// WOLFE_TENANT_ID (empty: the sandbox requires no tenant), LOYALTY_BASE_URL,
// LOYALTY_CLIENT_ID, LOYALTY_CLIENT_SECRET and LOYALTY_JWT_TOKEN; then
// GIFTCARD_POLL_INTERVAL, the examples' order polling delay (a sandbox
// settles a PROCESSING order after two reads, however soon they come), and
// GIFTCARD_SANDBOX_URL, the control server. The credentials are the
// sandboxes' defaults (hubbletest.DefaultClientID and so on), the same on
// every run.
//
// In a shell:
//
//	giftcard-sandbox > sandbox.env &
//	until grep -q '^# giftcard-sandbox: ready' sandbox.env; do sleep 0.1; done
//	. ./sandbox.env
//	go run ./examples/quickstart   # or any program reading those variables
//	kill %1
//
// # Ports
//
// By default every server listens on 127.0.0.1 on a port the OS chooses,
// and the output says which. Flags fix them:
//
//	-hubble-port, -orbt-port, -wolfe-port, -loyalty-port, -control-port N
//	        serve that provider (or the control server) on 127.0.0.1:N.
//	-addr host:port
//	        serve everything on one address instead: the providers under
//	        /hubble, /orbt, /wolfe and /loyalty (HUBBLE_BASE_URL is then
//	        http://host:port/hubble), the controls under /_sandbox/. Use
//	        -addr 0.0.0.0:8080 to serve other machines (a container's
//	        host); the printed URLs say 127.0.0.1 for an unspecified host.
//
// With every port fixed (-addr with a port, or all five -X-port flags),
// -print-env writes the environment those flags give and exits without
// starting anything, so that a script can read it before or while starting
// the servers:
//
//	eval "$(giftcard-sandbox -print-env -addr 127.0.0.1:8080)"
//	giftcard-sandbox -addr 127.0.0.1:8080 &
//
// A fixed port is served by a reverse proxy in front of the sandbox (the
// sandboxes listen only on a port the OS chooses); faults pass through it
// unchanged: a reset or a dropped answer closes the client's connection.
//
// # Other flags
//
//	-format sh|env       sh (default): export NAME='value' lines, for eval or
//	                     the shell's "."; env: NAME=value lines, for a .env
//	                     file or docker run --env-file.
//	-orbt-signing any|body|body-hash
//	                     the ORBT signing scheme the sandbox accepts (default
//	                     any: both) and ORBT_SIGNING says (body-hash for any).
//	-hubble-webhook-url URL
//	                     where the Hubble sandbox posts its order webhook when
//	                     a PROCESSING order settles, signed in X-Verify with
//	                     HUBBLE_WEBHOOK_SECRET. The Wolfe sandbox posts to the
//	                     callback URL set through its own webhook API, signed
//	                     (hex HMAC-SHA256 in wolfe.DefaultSignatureHeader) with
//	                     wolfetest.WebhookSecret.
//
// # Controls
//
// The control server (GIFTCARD_SANDBOX_URL) speaks JSON. {provider} is
// hubble, orbt, wolfe or loyalty; a path in a fault or a journal filter is
// the provider's own API path (/v1/partners/orders), without the /hubble
// prefix of -addr.
//
//	GET    /_sandbox/providers
//	       [{"provider":"hubble","url":"http://127.0.0.1:41623"}, …]
//	GET    /_sandbox/{provider}/journal[?method=POST&path=/v1/partners/orders]
//	       {"count":1,"entries":[{"time":…,"method":"POST","path":…,"query":…,
//	       "header":{…},"body":"…","status":200,"fault":""}]}: every request
//	       received (oldest first; method and path, a prefix, filter it).
//	       "body" is the raw body as a string, or "bodyBase64" when it is not
//	       UTF-8; "status" is 0 when the answer was reset or dropped, and
//	       "fault" names the fault that shaped it (status, delay, reset,
//	       drop-after-commit).
//	DELETE /_sandbox/{provider}/journal
//	       forget every entry.
//	POST   /_sandbox/{provider}/faults
//	       queue a fault (a sandbox.Fault) for the requests it matches:
//	       {"method":"POST","path":"/v1/partners/orders","status":503,
//	       "body":"{…}","header":{"Retry-After":["1"]},"delay":"2s",
//	       "reset":false,"dropAfterCommit":false,"times":1}. Every member is
//	       optional; "delay" is a Go duration (negative: hold the request
//	       until the client gives up or the sandbox stops), "times" 0 means
//	       once and a negative value every matching request until cleared.
//	       Answers 201 with the fault queued.
//	DELETE /_sandbox/{provider}/faults
//	       remove every pending fault.
//	GET    /_sandbox/{provider}/webhooks
//	       {"count":n,"deliveries":[{"time","url","header","body","status",
//	       "error"}]}: the webhooks the sandbox sent.
//
// An error answers {"error":"…"} with a 4xx status.
//
// The sandboxes journal request headers and bodies as received, credentials
// included: they are test credentials, and the journal is there to check
// what a program sent. Point nothing but test programs at it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return // -h: the usage went to standard error
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "giftcard-sandbox:", err)
		os.Exit(2)
	}
}
