// Package webhook is the provider-independent front of every webhook
// handler: method check, source-IP allow-list (optionally behind trusted
// proxies), the body read once with a size cap and a read deadline,
// verification before any user code runs, replay protection, and the
// user's function. A provider package adds only its payload types and its
// signature scheme (usually an HMAC verifier configured for its header).
//
// Handlers fail closed: New refuses a configuration without a Verifier
// unless Insecure is set on purpose.
//
// A provider package builds one like this:
//
//	v, err := webhook.NewHMAC(webhook.HMACConfig{Header: "X-Verify", Secrets: secrets})
//	if err != nil { ... }
//	h, err := webhook.New(webhook.Config{Provider: "hubble", Verifier: v, AllowedIPs: allow},
//		func(ctx context.Context, body []byte, r *http.Request) error {
//			ev, err := parse(body)
//			if err != nil {
//				return webhook.WithStatus(http.StatusBadRequest, err)
//			}
//			return userFn(ctx, ev)
//		})
package webhook
