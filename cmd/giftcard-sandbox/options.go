package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/giftcard-go/giftcard/orbt"
)

// providers are the sandboxes the command runs, in the order it prints them.
var providers = []string{"hubble", "orbt", "wolfe", "loyalty"}

// loopback is the host of every listener but -addr's.
const loopback = "127.0.0.1"

// options are the command line's settings.
type options struct {
	addr        string         // -addr: one listener for everything; "" = one per server
	ports       map[string]int // -X-port by provider, and "control"; 0 = chosen by the OS
	format      string         // sh | env
	printEnv    bool
	orbtSigning orbt.SigningScheme
	hubbleHook  string // -hubble-webhook-url
}

// parseOptions reads the command line; flag errors and usage go to stderr.
func parseOptions(args []string, stderr io.Writer) (options, error) {
	o := options{ports: map[string]int{}}
	fs := flag.NewFlagSet("giftcard-sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: giftcard-sandbox [flags]\n\n"+
			"Runs the Hubble, ORBT, Wolfe and loyalty sandboxes on localhost with fixed test credentials,\n"+
			"prints the environment that points a program at them, and serves until SIGINT or SIGTERM.\n"+
			"See `go doc github.com/giftcard-go/giftcard/cmd/giftcard-sandbox` for the control endpoints.\n\nflags:")
		fs.PrintDefaults()
	}
	fs.StringVar(&o.addr, "addr", "", "serve everything on this `host:port`: providers under /hubble, /orbt, /wolfe, /loyalty; controls under /_sandbox/")
	ports := map[string]*int{}
	for _, p := range append(providers[:len(providers):len(providers)], "control") {
		what := "the " + p + " sandbox"
		if p == "control" {
			what = "the control server"
		}
		ports[p] = fs.Int(p+"-port", 0, "serve "+what+" on 127.0.0.1 at this `port` (0: chosen by the OS)")
	}
	fs.StringVar(&o.format, "format", "sh", "output `format`: sh (export NAME='value') or env (NAME=value)")
	fs.BoolVar(&o.printEnv, "print-env", false, "print the environment of the fixed ports given and exit without serving")
	signing := fs.String("orbt-signing", "any", "ORBT signing `scheme` the sandbox accepts: any, body or body-hash")
	fs.StringVar(&o.hubbleHook, "hubble-webhook-url", "", "`URL` the Hubble sandbox posts its order webhook to")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q (flags only; -h lists them)", fs.Arg(0))
	}

	var problems []string
	for p, n := range ports {
		if *n < 0 || *n > 65535 {
			problems = append(problems, fmt.Sprintf("-%s-port %d is not a port (0..65535)", p, *n))
		}
		o.ports[p] = *n
	}
	if o.addr != "" {
		for _, p := range append(providers[:len(providers):len(providers)], "control") {
			if o.ports[p] != 0 {
				problems = append(problems, fmt.Sprintf("-addr and -%s-port exclude each other", p))
			}
		}
		if _, port, err := net.SplitHostPort(o.addr); err != nil {
			problems = append(problems, fmt.Sprintf("-addr %q is not host:port", o.addr))
		} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			problems = append(problems, fmt.Sprintf("-addr %q has no port number (0..65535)", o.addr))
		}
	}
	if o.format != "sh" && o.format != "env" {
		problems = append(problems, fmt.Sprintf("-format %q is neither sh nor env", o.format))
	}
	switch *signing {
	case "any":
		o.orbtSigning = orbt.SigningDefault
	case "body":
		o.orbtSigning = orbt.SignRawBody
	case "body-hash":
		o.orbtSigning = orbt.SignBodyHash
	default:
		problems = append(problems, fmt.Sprintf("-orbt-signing %q is not any, body or body-hash", *signing))
	}
	if o.hubbleHook != "" {
		if u, err := url.Parse(o.hubbleHook); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			problems = append(problems, fmt.Sprintf("-hubble-webhook-url %q is not an http(s) URL", o.hubbleHook))
		}
	}
	if len(problems) == 0 && o.printEnv && !o.fixed() {
		problems = append(problems, "-print-env needs every port fixed: -addr with a port, or all of -hubble-port, -orbt-port, -wolfe-port, -loyalty-port and -control-port")
	}
	if len(problems) > 0 {
		slices.Sort(problems) // the flag map's order is random; a message's should not be
		return o, errors.New(strings.Join(problems, "; "))
	}
	return o, nil
}

// fixed reports whether every URL is known before anything listens.
func (o options) fixed() bool {
	if o.addr != "" {
		_, port, _ := net.SplitHostPort(o.addr)
		n, _ := strconv.Atoi(port)
		return n != 0
	}
	for _, n := range o.ports {
		if n == 0 {
			return false
		}
	}
	return true
}

// publicHost is the host a URL names for a listener on host: loopback for
// an unspecified one ("", 0.0.0.0, ::).
func publicHost(host string) string {
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		return loopback
	}
	return host
}
