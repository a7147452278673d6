package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/giftcard-go/giftcard"
	"github.com/giftcard-go/giftcard/giftcardtest/sandbox"
	"github.com/giftcard-go/giftcard/hubble/hubbletest"
	"github.com/giftcard-go/giftcard/loyalty/loyaltytest"
	"github.com/giftcard-go/giftcard/orbt"
	"github.com/giftcard-go/giftcard/orbt/orbttest"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// shutdownTimeout bounds the wait for the requests in progress when the
// command stops; the connections still open after it are closed.
const shutdownTimeout = 5 * time.Second

// listenFunc opens a listener (net.Listen; a test gives its own).
type listenFunc func(network, address string) (net.Listener, error)

// run is the command: it parses args, serves until ctx ends and returns
// nil after a clean stop. The environment goes to stdout, logs and usage to
// stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	return serve(ctx, o, stdout, stderr, net.Listen)
}

// serve runs the sandboxes with options o (or, for -print-env, only prints
// their environment).
func serve(ctx context.Context, o options, stdout, stderr io.Writer, listen listenFunc) error {
	if o.printEnv {
		return writeEnv(stdout, o.format, environment(defaultConfigs(o, fixedURLs(o))), false)
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))

	s := &servers{log: log}
	defer s.close()
	if err := s.start(o, listen); err != nil {
		return err
	}
	if err := writeEnv(stdout, o.format, environment(s.configs()), true); err != nil {
		return fmt.Errorf("writing the environment: %w", err)
	}
	for _, p := range providers {
		log.Info("serving", "provider", p, "url", s.urls[p])
	}
	log.Info("serving", "controls", s.urls["control"]+"/_sandbox/")

	select {
	case <-ctx.Done():
		log.Info("stopping", "cause", context.Cause(ctx))
	case err := <-s.failed:
		log.Error("a server failed; stopping", "err", err)
		s.close()
		return err
	}
	s.close()
	log.Info("stopped")
	return nil
}

// fixedURLs are the URLs options with every port fixed give.
func fixedURLs(o options) map[string]string {
	urls := map[string]string{}
	if o.addr != "" {
		host, port, _ := net.SplitHostPort(o.addr)
		base := "http://" + net.JoinHostPort(publicHost(host), port)
		for _, p := range providers {
			urls[p] = base + "/" + p
		}
		urls["control"] = base
		return urls
	}
	for p, n := range o.ports {
		urls[p] = "http://" + net.JoinHostPort(loopback, strconv.Itoa(n))
	}
	return urls
}

// servers are the running sandboxes and the command's own HTTP servers (the
// control server and the proxies in front of fixed ports).
type servers struct {
	log *slog.Logger

	hubble  *hubbletest.Server
	orbt    *orbttest.Server
	wolfe   *wolfetest.Server
	loyalty *loyaltytest.Server
	signing orbt.SigningScheme       // the scheme the ORBT sandbox accepts
	bases   map[string]*sandbox.Base // by provider
	urls    map[string]string        // public URLs by provider, and "control"

	https      []*http.Server
	transports []*http.Transport
	failed     chan error // a server that stopped serving by itself
	serving    sync.WaitGroup
	closeOnce  sync.Once
}

// start starts the sandboxes, then the listeners o asks for. On an error
// what was started is left for close.
func (s *servers) start(o options, listen listenFunc) error {
	s.failed = make(chan error, len(providers)+1)
	hopts := []hubbletest.Option{}
	if o.hubbleHook != "" {
		hopts = append(hopts, hubbletest.WithWebhook(o.hubbleHook, hubbleWebhookSecret, nil))
	}
	s.hubble = hubbletest.NewServer(hopts...)
	s.signing = o.orbtSigning
	s.orbt = orbttest.NewServer(orbttest.WithSigning(o.orbtSigning))
	s.wolfe = wolfetest.NewServer()
	s.loyalty = loyaltytest.NewServer()
	s.bases = map[string]*sandbox.Base{
		"hubble": s.hubble.Base, "orbt": s.orbt.Base, "wolfe": s.wolfe.Base, "loyalty": s.loyalty.Base,
	}
	s.urls = map[string]string{}
	ctl := &control{bases: s.bases, urls: s.urls, log: s.log}

	if o.addr != "" {
		ln, err := listen("tcp", o.addr)
		if err != nil {
			return fmt.Errorf("-addr: %w", err)
		}
		base := "http://" + publicAddr(ln.Addr())
		mux := http.NewServeMux()
		for _, p := range providers {
			mux.Handle("/"+p+"/", http.StripPrefix("/"+p, s.proxy(s.bases[p].URL)))
			s.urls[p] = base + "/" + p
		}
		mux.Handle("/_sandbox/", ctl.handler())
		s.urls["control"] = base
		s.serve(ln, mux)
		return nil
	}
	for _, p := range providers {
		if o.ports[p] == 0 {
			s.urls[p] = s.bases[p].URL // the sandbox's own listener
			continue
		}
		ln, err := listen("tcp", net.JoinHostPort(loopback, strconv.Itoa(o.ports[p])))
		if err != nil {
			return fmt.Errorf("-%s-port: %w", p, err)
		}
		s.urls[p] = "http://" + publicAddr(ln.Addr())
		s.serve(ln, s.proxy(s.bases[p].URL))
	}
	ln, err := listen("tcp", net.JoinHostPort(loopback, strconv.Itoa(o.ports["control"])))
	if err != nil {
		return fmt.Errorf("-control-port: %w", err)
	}
	s.urls["control"] = "http://" + publicAddr(ln.Addr())
	s.serve(ln, ctl.handler())
	return nil
}

// publicAddr is host:port of a listener's address as a URL should name it.
func publicAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return net.JoinHostPort(publicHost(host), port)
}

// serve serves h on ln in the background until close.
func (s *servers) serve(ln net.Listener, h http.Handler) {
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	s.https = append(s.https, hs)
	s.serving.Add(1)
	go func() {
		defer s.serving.Done()
		if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			s.failed <- fmt.Errorf("serving %s: %w", ln.Addr(), err)
		}
	}()
}

// proxy forwards every request to a sandbox's own listener, as it came
// (path, query, headers, body), and its answer back. A fault that resets
// the connection or drops the answer closes the client's connection too.
// It opens a connection per request: a transport reusing connections would
// resend a GET whose connection the sandbox reset (as net/http does for a
// request that may be replayed), and the client would never see the fault.
func (s *servers) proxy(target string) http.Handler {
	u, err := url.Parse(target)
	if err != nil {
		panic("giftcard-sandbox: a sandbox URL does not parse: " + err.Error())
	}
	tr := &http.Transport{DisableKeepAlives: true, DisableCompression: true}
	s.transports = append(s.transports, tr)
	return &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(u)
			pr.Out.Header["User-Agent"] = pr.In.Header["User-Agent"] // none stays none
		},
		Transport: tr,
		ErrorHandler: func(http.ResponseWriter, *http.Request, error) {
			panic(http.ErrAbortHandler) // the sandbox closed the connection: so do we
		},
	}
}

// configs are the client configurations for the running sandboxes: their
// Config methods', at the URLs the command serves them on.
func (s *servers) configs() configs {
	c := configs{hubble: s.hubble.Config(), orbt: s.orbt.Config(), wolfe: s.wolfe.Config(),
		loyalty: s.loyalty.Config(), control: s.urls["control"]}
	c.hubble.BaseURL, c.orbt.BaseURL = s.urls["hubble"], s.urls["orbt"]
	c.wolfe.BaseURL, c.loyalty.BaseURL = s.urls["wolfe"], s.urls["loyalty"]
	c.hubble.WebhookSecret = giftcard.Secret(hubbleWebhookSecret)
	c.orbt.Signing = s.signing
	return c
}

// close stops accepting connections, closes the sandboxes (which releases
// the requests a delay fault holds and waits for those in progress), then
// waits for the command's servers to finish their requests, at most
// shutdownTimeout, and closes what is left. Calling it again does nothing.
func (s *servers) close() {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		var shut sync.WaitGroup
		for _, hs := range s.https {
			shut.Add(1)
			go func() {
				defer shut.Done()
				if err := hs.Shutdown(ctx); err != nil {
					s.log.Warn("closing connections still open", "err", err)
					_ = hs.Close()
				}
			}()
		}
		for _, p := range providers {
			if b := s.bases[p]; b != nil {
				b.Close()
			}
		}
		shut.Wait()
		s.serving.Wait()
		for _, tr := range s.transports {
			tr.CloseIdleConnections()
		}
	})
}
