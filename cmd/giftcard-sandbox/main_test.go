package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/hubble"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
	"github.com/giftcard-go/giftcard/loyalty"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/wolfe"
)

// designVariables are the providers' variables (the design's and README's
// "Environment variables"), every one of which the command must print.
var designVariables = []string{
	"HUBBLE_BASE_URL", "HUBBLE_CLIENT_ID", "HUBBLE_CLIENT_SECRET", "HUBBLE_WEBHOOK_SECRET",
	"ORBT_BASE_URL", "ORBT_API_KEY", "ORBT_CLIENT_ID", "ORBT_HMAC_SECRET", "ORBT_SIGNING",
	"WOLFE_BASE_URL", "WOLFE_PARTNER_KEY", "WOLFE_COMPANY_ID", "WOLFE_TENANT_ID",
	"LOYALTY_BASE_URL", "LOYALTY_CLIENT_ID", "LOYALTY_CLIENT_SECRET", "LOYALTY_JWT_TOKEN",
}

// instance is the command running in-process.
type instance struct {
	env    map[string]string
	output string // standard output up to the ready line
	stderr *syncBuffer
	cancel context.CancelFunc
	done   chan error // run's result
}

// syncBuffer is a bytes.Buffer safe for the command's logger and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs the command with args (listening through listen; nil means
// net.Listen) and returns once it printed its ready line. The command is
// stopped when the test ends, if the test did not stop it.
func start(t *testing.T, listen listenFunc, args ...string) *instance {
	t.Helper()
	if listen == nil {
		listen = net.Listen
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	in := &instance{stderr: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() {
		o, err := parseOptions(args, in.stderr)
		if err == nil {
			err = serve(ctx, o, pw, in.stderr, listen)
		}
		pw.CloseWithError(errors.Join(err, io.EOF))
		in.done <- err
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-in.done:
		case <-time.After(30 * time.Second):
			t.Errorf("the command did not stop within 30s; stderr:\n%s", in.stderr)
		}
	})

	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	var out strings.Builder
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("the command ended before its ready line; stdout:\n%s\nstderr:\n%s", out.String(), in.stderr)
			}
			out.WriteString(line + "\n")
			if line == readyLine {
				in.output = out.String()
				in.env = parseEnv(t, in.output)
				go func() { // keep draining, so a stray write could not block the command
					for range lines {
					}
				}()
				return in
			}
		case <-timeout:
			t.Fatalf("no ready line within 30s; stdout:\n%s\nstderr:\n%s", out.String(), in.stderr)
		}
	}
}

// stop cancels the command's context and returns run's result.
func (in *instance) stop(t *testing.T) error {
	t.Helper()
	in.cancel()
	select {
	case err := <-in.done:
		in.done <- err // for the cleanup
		return err
	case <-time.After(30 * time.Second):
		t.Fatalf("the command did not stop within 30s; stderr:\n%s", in.stderr)
		return nil
	}
}

// parseEnv reads the sh or env format (the two are told apart by "export ").
func parseEnv(t *testing.T, out string) map[string]string {
	t.Helper()
	env := map[string]string{}
	for line := range strings.Lines(out) {
		line = strings.TrimSuffix(line, "\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		quoted := strings.HasPrefix(line, "export ")
		name, value, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if !ok {
			t.Fatalf("not a variable line: %q", line)
		}
		if quoted {
			if len(value) < 2 || value[0] != '\'' || value[len(value)-1] != '\'' {
				t.Fatalf("not single-quoted: %q", line)
			}
			value = strings.ReplaceAll(value[1:len(value)-1], `'\''`, "'")
		}
		if _, dup := env[name]; dup {
			t.Fatalf("%s printed twice", name)
		}
		env[name] = value
	}
	return env
}

// getenv reads in's environment as os.Getenv reads the process's.
func (in *instance) getenv(name string) string { return in.env[name] }

// call makes one real call with each provider's client, configured from
// the printed environment only.
func (in *instance) call(ctx context.Context, provider string, opts ...giftcard.Option) error {
	switch provider {
	case "hubble":
		c, err := hubble.New(hubble.Config{BaseURL: in.env["HUBBLE_BASE_URL"], ClientID: in.env["HUBBLE_CLIENT_ID"],
			ClientSecret:  giftcard.Secret(in.env["HUBBLE_CLIENT_SECRET"]),
			WebhookSecret: giftcard.Secret(in.env["HUBBLE_WEBHOOK_SECRET"])}, opts...)
		if err != nil {
			return err
		}
		_, err = c.GetBalance(ctx)
		return err
	case "orbt":
		scheme, err := orbt.ParseSigningScheme(in.env["ORBT_SIGNING"])
		if err != nil {
			return err
		}
		c, err := orbt.New(orbt.Config{BaseURL: in.env["ORBT_BASE_URL"], APIKey: giftcard.Secret(in.env["ORBT_API_KEY"]),
			ClientID: in.env["ORBT_CLIENT_ID"], HMACSecret: giftcard.Secret(in.env["ORBT_HMAC_SECRET"]), Signing: scheme}, opts...)
		if err != nil {
			return err
		}
		return c.Ping(ctx)
	case "wolfe":
		cfg, err := wolfe.ConfigFromLookup(in.getenv)
		if err != nil {
			return err
		}
		c, err := wolfe.New(cfg, opts...)
		if err != nil {
			return err
		}
		_, err = c.GetBalance(ctx)
		return err
	case "loyalty":
		cfg, err := loyalty.ConfigFrom(in.getenv)
		if err != nil {
			return err
		}
		c, err := loyalty.New(cfg, opts...)
		if err != nil {
			return err
		}
		_, err = c.Query(ctx, loyalty.QueryRequest{AccountID: loyaltytest.CardActive, EntryType: loyalty.EntryKeyed})
		return err
	}
	return fmt.Errorf("no provider %q", provider)
}

// controlDo calls a control endpoint and decodes its JSON answer into out
// (when not nil), failing the test unless the status is want.
func (in *instance) controlDo(t *testing.T, method, path, body string, want int, out any) {
	t.Helper()
	req, err := http.NewRequest(method, in.env["GIFTCARD_SANDBOX_URL"]+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
}

// journal reads a provider's journal through the control server.
func (in *instance) journal(t *testing.T, provider, query string) journalJSON {
	t.Helper()
	var j journalJSON
	in.controlDo(t, "GET", "/_sandbox/"+provider+"/journal"+query, "", http.StatusOK, &j)
	if j.Count != len(j.Entries) {
		t.Fatalf("journal count %d for %d entries", j.Count, len(j.Entries))
	}
	return j
}

// preopened is a listenFunc handing out listeners opened beforehand on
// 127.0.0.1, by port: the command listens on fixed ports no other process
// can take in between.
type preopened struct {
	mu  sync.Mutex
	lns map[string]net.Listener
}

// preopen opens n listeners and returns them with their ports.
func preopen(t *testing.T, n int) (*preopened, []int) {
	t.Helper()
	p := &preopened{lns: map[string]net.Listener{}}
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ln.Close() })
		p.lns[ln.Addr().String()] = ln
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return p, ports
}

func (p *preopened) listen(network, address string) (net.Listener, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ln, ok := p.lns[address]
	if !ok || network != "tcp" {
		return nil, fmt.Errorf("test: no listener opened for %s %s", network, address)
	}
	delete(p.lns, address)
	return ln, nil
}

// portArgs are the flags fixing every port to ports (in providers' order,
// then control).
func portArgs(ports []int) []string {
	var args []string
	for i, name := range append(providers[:len(providers):len(providers)], "control") {
		args = append(args, "-"+name+"-port", strconv.Itoa(ports[i]))
	}
	return args
}

// The three ways of listening: each sandbox on its own port (direct), every
// port fixed (a proxy in front of each sandbox), one -addr (one proxy, path
// prefixes). In each: every variable printed, a real call per provider with
// the printed settings, a 503 injected and seen by the client and in the
// journal, the faults cleared, and after the stop nothing listening.
func TestEveryProviderThroughThePrintedEnvironment(t *testing.T) {
	modes := []struct {
		name   string
		listen func(t *testing.T) (listenFunc, []string)
		prefix bool // base URLs carry /{provider}
	}{
		{"own-ports", func(*testing.T) (listenFunc, []string) { return nil, nil }, false},
		{"fixed-ports", func(t *testing.T) (listenFunc, []string) {
			p, ports := preopen(t, 5)
			return p.listen, portArgs(ports)
		}, false},
		{"one-addr", func(*testing.T) (listenFunc, []string) { return nil, []string{"-addr", "127.0.0.1:0"} }, true},
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			listen, args := m.listen(t)
			in := start(t, listen, args...)
			for _, v := range designVariables {
				if _, ok := in.env[v]; !ok {
					t.Errorf("%s not printed", v)
				}
			}
			for _, p := range providers {
				u := in.env[strings.ToUpper(p)+"_BASE_URL"]
				if m.prefix != strings.HasSuffix(u, "/"+p) {
					t.Errorf("%s base URL %q: path prefix /%s expected %v", p, u, p, m.prefix)
				}
			}
			if strings.Contains(in.output, "****") {
				t.Errorf("a credential printed masked:\n%s", in.output)
			}

			var listed []providerJSON
			in.controlDo(t, "GET", "/_sandbox/providers", "", http.StatusOK, &listed)
			if len(listed) != len(providers) {
				t.Fatalf("providers: %+v", listed)
			}
			for i, p := range providers {
				if listed[i].Provider != p || listed[i].URL != in.env[strings.ToUpper(p)+"_BASE_URL"] {
					t.Errorf("providers[%d] = %+v, want %s at its printed URL", i, listed[i], p)
				}
			}

			ctx := context.Background()
			for _, p := range providers {
				if err := in.call(ctx, p); err != nil {
					t.Fatalf("%s with the printed settings: %v", p, err)
				}
				j := in.journal(t, p, "")
				if j.Count == 0 || j.Entries[j.Count-1].Status != http.StatusOK {
					t.Fatalf("%s journal after a successful call: %+v", p, j)
				}

				// Every request of the provider answered 503 until cleared.
				in.controlDo(t, "POST", "/_sandbox/"+p+"/faults", `{"status":503,"body":"{}","times":-1}`, http.StatusCreated, nil)
				before := j.Count
				err := in.call(ctx, p, giftcard.WithNoRetries())
				if !errors.Is(err, giftcard.ErrProviderUnavailable) {
					t.Fatalf("%s under a 503 fault: %v, want ErrProviderUnavailable", p, err)
				}
				j = in.journal(t, p, "")
				if j.Count <= before {
					t.Fatalf("%s: the refused call is not in the journal", p)
				}
				for _, e := range j.Entries[before:] {
					if e.Status != http.StatusServiceUnavailable || e.Fault != "status" {
						t.Errorf("%s journal entry under the fault: status %d fault %q", p, e.Status, e.Fault)
					}
				}
				in.controlDo(t, "DELETE", "/_sandbox/"+p+"/faults", "", http.StatusNoContent, nil)
				if err := in.call(ctx, p); err != nil {
					t.Fatalf("%s after clearing the faults: %v", p, err)
				}
			}

			if err := in.stop(t); err != nil {
				t.Fatalf("run after the stop: %v", err)
			}
			for _, name := range []string{"HUBBLE_BASE_URL", "ORBT_BASE_URL", "WOLFE_BASE_URL", "LOYALTY_BASE_URL", "GIFTCARD_SANDBOX_URL"} {
				u := in.env[name]
				hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
				if resp, err := hc.Get(u + "/"); err == nil {
					resp.Body.Close()
					t.Errorf("%s %s still answers after the stop: %s", name, u, resp.Status)
				}
			}
			if !strings.Contains(in.stderr.String(), "msg=stopped") {
				t.Errorf("no stop logged:\n%s", in.stderr)
			}
		})
	}
}

// The journal's filters, its reset, and the control server's refusals.
func TestControls(t *testing.T) {
	in := start(t, nil)
	ctx := context.Background()
	if err := in.call(ctx, "hubble"); err != nil { // a login (POST) and a balance (GET)
		t.Fatal(err)
	}
	all := in.journal(t, "hubble", "")
	posts := in.journal(t, "hubble", "?method=post")
	logins := in.journal(t, "hubble", "?path=/v1/partners/auth/")
	if all.Count != 2 || posts.Count != 1 || logins.Count != 1 || posts.Entries[0].Path != "/v1/partners/auth/login" {
		t.Fatalf("journal: all %d, POST %d, login path %d: %+v", all.Count, posts.Count, logins.Count, all.Entries)
	}
	e := posts.Entries[0]
	if e.Body == nil || !strings.Contains(*e.Body, `"clientId":"hubbletest-client"`) || e.Header["Content-Type"][0] != "application/json" {
		t.Errorf("login entry: body %v, header %v", e.Body, e.Header)
	}
	in.controlDo(t, "DELETE", "/_sandbox/hubble/journal", "", http.StatusNoContent, nil)
	if j := in.journal(t, "hubble", ""); j.Count != 0 {
		t.Errorf("journal after its reset: %d entries", j.Count)
	}

	// A fault limited by method and path, and counted.
	in.controlDo(t, "POST", "/_sandbox/wolfe/faults", `{"method":"get","path":"/partner/","status":429,"header":{"Retry-After":["7"]},"times":2}`, http.StatusCreated, nil)
	hc := &http.Client{}
	for i, want := range []int{429, 429, 401} {
		resp, err := hc.Get(in.env["WOLFE_BASE_URL"] + "/partner/x/balance")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want || (want == 429 && resp.Header.Get("Retry-After") != "7") {
			t.Errorf("request %d: %s (Retry-After %q), want %d", i, resp.Status, resp.Header.Get("Retry-After"), want)
		}
	}

	var webhooks webhooksJSON
	in.controlDo(t, "GET", "/_sandbox/wolfe/webhooks", "", http.StatusOK, &webhooks)
	if webhooks.Count != 0 || webhooks.Deliveries == nil {
		t.Errorf("webhooks of a fresh sandbox: %+v", webhooks)
	}

	for _, c := range []struct{ method, path, body, want string }{
		{"GET", "/_sandbox/acme/journal", "", `no provider \"acme\"`},
		{"POST", "/_sandbox/hubble/faults", `{"stat":503}`, `unknown field \"stat\"`},
		{"POST", "/_sandbox/hubble/faults", `{"status":503}{}`, "more than one JSON value"},
		{"POST", "/_sandbox/hubble/faults", `{"status":42}`, "not an HTTP status"},
		{"POST", "/_sandbox/hubble/faults", `{"delay":"soon"}`, "not a Go duration"},
		{"POST", "/_sandbox/hubble/faults", `{"path":"v1","status":500}`, "does not start with /"},
		{"POST", "/_sandbox/hubble/faults", `{"times":3}`, "does nothing"},
		{"GET", "/_sandbox/", "", "no control endpoint"},
	} {
		var got map[string]string
		status := http.StatusBadRequest
		if strings.HasPrefix(c.want, "no ") {
			status = http.StatusNotFound
		}
		in.controlDo(t, c.method, c.path, c.body, status, &got)
		raw, _ := json.Marshal(got)
		if !strings.Contains(string(raw), c.want) {
			t.Errorf("%s %s %s: %s, want %q", c.method, c.path, c.body, raw, c.want)
		}
	}
	// None of the refused faults was queued.
	if err := in.call(ctx, "hubble", giftcard.WithNoRetries()); err != nil {
		t.Errorf("a refused fault applies: %v", err)
	}
}

// A fixed port is a proxy in front of the sandbox: a reset there must reach
// the client as a reset, once, and not be retried by the proxy (as
// net/http retries a GET on a reused connection), and a request the client
// gives up on must still reach the sandbox, as it would without the proxy.
func TestProxyPassesFaultsThrough(t *testing.T) {
	p, ports := preopen(t, 5)
	in := start(t, p.listen, portArgs(ports)...)
	u := in.env["HUBBLE_BASE_URL"] + "/v1/partners/wallet/balance"
	hc := &http.Client{Timeout: 10 * time.Second}
	resp, err := hc.Get(u) // warms the proxy's connection to the sandbox, if it kept one
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	in.controlDo(t, "POST", "/_sandbox/hubble/faults", `{"reset":true}`, http.StatusCreated, nil)
	resp, err = (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Get(u)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("a reset fault answered %s through the proxy", resp.Status)
	}
	j := in.journal(t, "hubble", "")
	if j.Count != 2 || j.Entries[1].Fault != "reset" {
		t.Fatalf("journal after the reset: %+v", j.Entries)
	}

	in.controlDo(t, "POST", "/_sandbox/hubble/faults", `{"dropAfterCommit":true}`, http.StatusCreated, nil)
	resp, err = (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Get(u)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("a dropped answer arrived as %s through the proxy", resp.Status)
	}
	j = in.journal(t, "hubble", "")
	if j.Count != 3 || j.Entries[2].Fault != "drop-after-commit" {
		t.Fatalf("journal after the drop: %+v", j.Entries)
	}
}

// Stopping releases a request a delay fault holds indefinitely, closes
// every server and returns nil, well within the shutdown timeout.
func TestStopReleasesHeldRequests(t *testing.T) {
	for _, mode := range []struct {
		name string
		args func(t *testing.T) (listenFunc, []string)
	}{
		{"own-ports", func(*testing.T) (listenFunc, []string) { return nil, nil }},
		{"one-addr", func(*testing.T) (listenFunc, []string) { return nil, []string{"-addr", "127.0.0.1:0"} }},
	} {
		t.Run(mode.name, func(t *testing.T) {
			listen, args := mode.args(t)
			in := start(t, listen, args...)
			in.controlDo(t, "POST", "/_sandbox/loyalty/faults", `{"delay":"-1s"}`, http.StatusCreated, nil)
			held := make(chan error, 1)
			go func() {
				resp, err := http.Post(in.env["LOYALTY_BASE_URL"]+"/ovstrade/openLoyaltyPay/query", "application/json", strings.NewReader("{}"))
				if err == nil {
					resp.Body.Close()
				}
				held <- err
			}()
			// Wait until the sandbox holds it (it is journaled on arrival).
			deadline := time.Now().Add(10 * time.Second)
			for in.journal(t, "loyalty", "").Count == 0 {
				if time.Now().After(deadline) {
					t.Fatal("the request never reached the sandbox")
				}
				time.Sleep(5 * time.Millisecond)
			}
			began := time.Now()
			if err := in.stop(t); err != nil {
				t.Fatalf("run: %v", err)
			}
			if took := time.Since(began); took >= shutdownTimeout {
				t.Errorf("the stop took %s: the held request was not released", took)
			}
			select {
			case <-held:
			case <-time.After(10 * time.Second):
				t.Fatal("the held request is still held after the stop")
			}
		})
	}
}

// -print-env prints, without listening, exactly what the command prints
// when it runs on the same fixed ports (bar the ready line).
func TestPrintEnvMatchesTheRunningCommand(t *testing.T) {
	p, ports := preopen(t, 5)
	args := portArgs(ports)
	for _, format := range []string{"sh", "env"} {
		t.Run(format, func(t *testing.T) {
			var printed bytes.Buffer
			o, err := parseOptions(append([]string{"-print-env", "-format", format, "-orbt-signing", "body"}, args...), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			noListen := func(string, string) (net.Listener, error) {
				t.Error("-print-env listened")
				return nil, errors.New("no")
			}
			if err := serve(context.Background(), o, &printed, io.Discard, noListen); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(printed.String(), readyLine) {
				t.Errorf("-print-env says ready:\n%s", printed.String())
			}
			if format == "env" && strings.Contains(printed.String(), "export ") {
				t.Errorf("env format has export:\n%s", printed.String())
			}
			if format == "sh" {
				// The fixed ports are served once: only the sh case runs it.
				in := start(t, p.listen, append([]string{"-format", format, "-orbt-signing", "body"}, args...)...)
				if in.output != printed.String()+readyLine+"\n" {
					t.Errorf("-print-env:\n%s\nrunning:\n%s", printed.String(), in.output)
				}
				if in.env["ORBT_SIGNING"] != "body" {
					t.Errorf("ORBT_SIGNING=%q with -orbt-signing body", in.env["ORBT_SIGNING"])
				}
				if err := in.call(context.Background(), "orbt"); err != nil {
					t.Errorf("orbt signing the raw body: %v", err)
				}
			}
			env := parseEnv(t, printed.String())
			if got, want := env["HUBBLE_BASE_URL"], "http://127.0.0.1:"+strconv.Itoa(ports[0]); got != want {
				t.Errorf("HUBBLE_BASE_URL=%q, want %q", got, want)
			}
		})
	}

	var out bytes.Buffer
	o, err := parseOptions([]string{"-print-env", "-addr", "0.0.0.0:8080", "-format", "env"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := serve(context.Background(), o, &out, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"HUBBLE_BASE_URL=http://127.0.0.1:8080/hubble", "LOYALTY_BASE_URL=http://127.0.0.1:8080/loyalty",
		"GIFTCARD_SANDBOX_URL=http://127.0.0.1:8080", "WOLFE_TENANT_ID=", "GIFTCARD_POLL_INTERVAL=100ms"} {
		if !strings.Contains(out.String(), "\n"+line+"\n") {
			t.Errorf("-addr 0.0.0.0:8080 -print-env lacks %q:\n%s", line, out.String())
		}
	}
}

// The sh format is what a POSIX shell reads back, quotes included.
func TestShellReadsTheOutput(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh:", err)
	}
	vars := append(environment(defaultConfigs(options{}, map[string]string{"hubble": "http://127.0.0.1:1/x"})),
		variable{"ODD_VALUE", `it's "$HOME" and \n; rm -rf / #`})
	var b bytes.Buffer
	if err := writeEnv(&b, "sh", vars, true); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "sandbox.env")
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sh, "-c", `. "$1" && env`, "sh", file)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sh: %v", err)
	}
	got := map[string]string{}
	for line := range strings.Lines(string(out)) {
		k, v, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "=")
		got[k] = v
	}
	for _, v := range vars {
		if g, ok := got[v.name]; !ok || g != v.value {
			t.Errorf("sh exported %s=%q, want %q", v.name, g, v.value)
		}
	}
}

func TestRefusesBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-addr", "127.0.0.1:0", "-hubble-port", "9000"}, "-addr and -hubble-port exclude each other"},
		{[]string{"-addr", "localhost"}, "is not host:port"},
		{[]string{"-addr", ":http"}, "has no port number"},
		{[]string{"-wolfe-port", "70000"}, "-wolfe-port 70000 is not a port"},
		{[]string{"-format", "json"}, `-format "json" is neither sh nor env`},
		{[]string{"-orbt-signing", "hmac"}, `-orbt-signing "hmac"`},
		{[]string{"-hubble-webhook-url", "localhost:9000/hooks"}, "is not an http(s) URL"},
		{[]string{"-print-env"}, "-print-env needs every port fixed"},
		{[]string{"-print-env", "-addr", "127.0.0.1:0"}, "-print-env needs every port fixed"},
		{[]string{"-print-env", "-hubble-port", "9000"}, "-print-env needs every port fixed"},
		{[]string{"serve"}, `unexpected argument "serve"`},
		{[]string{"-no-such-flag"}, "flag provided but not defined"},
	} {
		var stderr bytes.Buffer
		err := run(context.Background(), c.args, io.Discard, &stderr)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want an error saying %q", c.args, err, c.want)
		}
	}
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"-h"}, io.Discard, &stderr); !errors.Is(err, flag.ErrHelp) ||
		!strings.Contains(stderr.String(), "-hubble-port") {
		t.Errorf("-h: %v, usage:\n%s", err, stderr.String())
	}
}

// A port another process holds is an error naming the flag.
func TestBusyPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	var stderr syncBuffer
	err = run(context.Background(), []string{"-orbt-port", port}, io.Discard, &stderr)
	if err == nil || !strings.Contains(err.Error(), "-orbt-port") {
		t.Fatalf("a busy port: %v", err)
	}
}

// With -hubble-webhook-url, a settled order's webhook reaches the URL signed
// with the printed HUBBLE_WEBHOOK_SECRET (the SDK's own handler verifies
// it), and the control server lists the delivery.
func TestHubbleWebhookSignedWithThePrintedSecret(t *testing.T) {
	// The receiver's handler is built from the printed secret, once printed.
	var hook http.Handler
	built := make(chan struct{})
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-built
		hook.ServeHTTP(w, r)
	}))
	defer receiver.Close()
	in := start(t, nil, "-hubble-webhook-url", receiver.URL+"/hubble")
	if in.env["HUBBLE_WEBHOOK_SECRET"] == "" {
		t.Fatal("HUBBLE_WEBHOOK_SECRET empty")
	}
	events := make(chan hubble.OrderEvent, 1)
	hook, err := hubble.NewWebhookHandler(hubble.WebhookHandlers{Order: func(_ context.Context, ev hubble.OrderEvent) error {
		events <- ev
		return nil
	}}, hubble.WithWebhookSecret(giftcard.Secret(in.env["HUBBLE_WEBHOOK_SECRET"])))
	if err != nil {
		t.Fatal(err)
	}
	close(built)

	ctx := context.Background()
	c, err := hubble.New(hubble.Config{BaseURL: in.env["HUBBLE_BASE_URL"], ClientID: in.env["HUBBLE_CLIENT_ID"],
		ClientSecret: giftcard.Secret(in.env["HUBBLE_CLIENT_SECRET"])})
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.PlaceOrder(ctx, giftcard.OrderRequest{ProductID: hubbletest.AmazonID,
		Items: []giftcard.OrderItem{{Denomination: giftcard.MustParseMoney("500", "INR"), Quantity: 10}}})
	if err != nil || o.Status != giftcard.OrderProcessing {
		t.Fatalf("a large Amazon order: %s, %v; want PROCESSING", o.Status, err)
	}
	for range hubbletest.DefaultProcessingPolls {
		if o, err = c.GetOrder(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
	}
	if o.Status != giftcard.OrderSuccess {
		t.Fatalf("after %d reads the order is %s", hubbletest.DefaultProcessingPolls, o.Status)
	}
	select {
	case ev := <-events:
		if ev.ID != o.ID || ev.Status != hubble.StatusSuccess {
			t.Errorf("webhook event %+v, want order %s SUCCESS", ev, o.ID)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no verified webhook within 10s")
	}
	var got webhooksJSON
	for deadline := time.Now().Add(10 * time.Second); got.Count == 0 && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		in.controlDo(t, "GET", "/_sandbox/hubble/webhooks", "", http.StatusOK, &got)
	}
	if got.Count != 1 || got.Deliveries[0].Status != http.StatusOK || got.Deliveries[0].URL != receiver.URL+"/hubble" ||
		!strings.Contains(got.Deliveries[0].Body, o.ID) {
		t.Errorf("webhooks listed: %+v", got)
	}
}
