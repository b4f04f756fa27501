package carrier

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"candor/agent/phone"
	"candor/agent/telephony/sip"
)

// openSIP connects to cfg's SIP trunk.
func (c *Carrier) openSIP(cfg Config) error {
	ip := cfg.LocalIP
	if ip == "" {
		ip = RouteIP(cfg.Trunk)
	}
	d, err := sip.NewDialer(sip.Config{Trunk: cfg.Trunk, LocalIP: ip, RingTimeout: cfg.Ring, Logger: cfg.Logger, Lines: c.lines})
	if err != nil {
		return err
	}
	c.dialer, c.close = d, func() { d.Close() }
	return nil
}

// RouteIP is the local address the system routes to the trunk's host through
// (connecting a UDP socket sends nothing), 127.0.0.1 when unknown.
func RouteIP(t sip.Trunk) string {
	c, err := net.Dial("udp", net.JoinHostPort(t.Host, strconv.Itoa(max(t.Port, 1))))
	if err != nil {
		return "127.0.0.1"
	}
	defer c.Close()
	if a, ok := c.LocalAddr().(*net.UDPAddr); ok {
		return a.IP.String()
	}
	return "127.0.0.1"
}

// Target returns the E.164 number to check and record, and what to dial:
// the number (national numbers in region), or a SIP URI (sipOK only) whose
// user part must be that number, so that the do-not-call list and the
// records always apply.
func Target(to, region string, sipOK bool) (number, target string, err error) {
	if !strings.HasPrefix(strings.ToLower(to), "sip:") {
		number, err = phone.Normalize(to, region)
		return number, number, err
	}
	if !sipOK {
		return "", "", errors.New("a SIP URI needs --trunk")
	}
	user, _, ok := strings.Cut(to[len("sip:"):], "@")
	if !ok || user == "" {
		return "", "", errors.New("SIP URI without a user part (the number)")
	}
	user, _, _ = strings.Cut(user, ";") // user parameters
	number, err = phone.Normalize(user, region)
	if err != nil {
		return "", "", fmt.Errorf("the SIP URI's user part must be the callee's phone number: %w", err)
	}
	return number, "sip:" + to[len("sip:"):], nil
}
