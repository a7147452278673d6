package webhook

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/giftcard-go/giftcard"
)

// ParsePrefixes parses IP addresses ("35.200.156.199", "2001:db8::1") and
// CIDR prefixes ("10.0.0.0/8") into prefixes, a bare address becoming a
// single-address prefix. Host bits are masked off, zones dropped and
// IPv4-mapped IPv6 forms turned into IPv4. Any entry that does not parse
// fails the whole list with a *giftcard.ValidationError naming it, so a typo
// in an allow-list is refused rather than silently ignored.
func ParsePrefixes(ips ...string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(ips))
	for i, s := range ips {
		p, ok := parsePrefix(strings.TrimSpace(s))
		if !ok {
			return nil, giftcard.Invalid("", fmt.Sprintf("ips[%d]", i), fmt.Sprintf("%q is not an IP address or CIDR prefix", s))
		}
		out = append(out, p)
	}
	return out, nil
}

func parsePrefix(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		a, bits := p.Addr(), p.Bits()
		if a.Is4In6() && bits >= 96 {
			a, bits = a.Unmap(), bits-96
		}
		p, err = a.Prefix(bits)
		return p, err == nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	a = normalise(a)
	return netip.PrefixFrom(a, a.BitLen()), true
}

// normalise drops a zone and unmaps an IPv4-mapped IPv6 address, so it can
// be matched against prefixes.
func normalise(a netip.Addr) netip.Addr { return a.WithZone("").Unmap() }

// parseAddr reads "host:port", "[v6]:port" or a bare address.
func parseAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return normalise(a), true
}

func contains(list []netip.Prefix, a netip.Addr) bool {
	for _, p := range list {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientIP returns the address of the client that sent r. It is the
// connection's peer (RemoteAddr), unless the peer is one of the trusted
// proxies: then X-Forwarded-For (every such header, joined) is read from
// the right, skipping trusted proxies, and the first address that is not a
// trusted proxy is the client (when every hop is trusted, the left-most
// one). X-Forwarded-For from an untrusted peer is ignored, since anyone can
// send it. ok is false when the peer address or an X-Forwarded-For entry
// that had to be read does not parse.
func ClientIP(r *http.Request, trusted []netip.Prefix) (addr netip.Addr, ok bool) {
	peer, ok := parseAddr(r.RemoteAddr)
	if !ok {
		return netip.Addr{}, false
	}
	if !contains(trusted, peer) {
		return peer, true
	}
	xff := r.Header.Values("X-Forwarded-For")
	if len(xff) == 0 {
		return peer, true
	}
	hops := strings.Split(strings.Join(xff, ","), ",")
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseAddr(hops[i])
		if !ok {
			return netip.Addr{}, false
		}
		client = a
		if !contains(trusted, a) {
			break
		}
	}
	return client, true
}
