// Package sip is candor's SIP line: it dials through a SIP trunk (sipgo for
// signalling, pion/sdp for the offer and answer, pion/rtp for the media),
// offering PCMU, PCMA and RFC 4733 telephone-events, authenticating with
// digest, cancelling on the ring timeout and mapping SIP failures to call
// outcomes. Once answered, a Call is the voice line's Transport: it sends the
// agent's paced frames as RTP, reorders the callee's RTP into 20 ms frames,
// and carries DTMF and BYE both ways.
package sip

import (
	"fmt"
	"log/slog"
	"regexp"
	"strings"
)

// Trunk is one named SIP trunk (a PBX, a carrier's elastic SIP).
type Trunk struct {
	Name string
	Host string
	Port int // default 5060
	// Transport is "udp" (default) or "tcp".
	Transport string
	User      string
	Password  string
	// CallerID is the From number: E.164 ("+15551234567") or digits.
	CallerID string
}

var (
	e164RE   = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	digitsRE = regexp.MustCompile(`^[0-9]{3,15}$`)
	hostRE   = regexp.MustCompile(`^[A-Za-z0-9.:\[\]-]+$`)
)

// validCallerID accepts E.164 numbers and the digits a SIP URI user part
// carries for a number.
func validCallerID(s string) bool { return e164RE.MatchString(s) || digitsRE.MatchString(s) }

// withDefaults fills the port and transport.
func (t Trunk) withDefaults() Trunk {
	if t.Port == 0 {
		t.Port = 5060
	}
	if t.Transport == "" {
		t.Transport = "udp"
	}
	t.Transport = strings.ToLower(t.Transport)
	return t
}

// Validate reports what is wrong with the trunk; a valid caller ID is required.
func (t Trunk) Validate() error {
	t = t.withDefaults()
	var problems []string
	if t.Name == "" {
		problems = append(problems, "no name")
	}
	if t.Host == "" || !hostRE.MatchString(t.Host) {
		problems = append(problems, fmt.Sprintf("bad host %q", t.Host))
	}
	if t.Port < 1 || t.Port > 65535 {
		problems = append(problems, fmt.Sprintf("bad port %d", t.Port))
	}
	if t.Transport != "udp" && t.Transport != "tcp" {
		problems = append(problems, fmt.Sprintf("transport %q (want udp or tcp)", t.Transport))
	}
	if t.CallerID == "" {
		problems = append(problems, "no caller ID")
	} else if !validCallerID(t.CallerID) {
		problems = append(problems, "caller ID is neither E.164 nor digits")
	}
	if t.Password != "" && t.User == "" {
		problems = append(problems, "password without user")
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w %q: %s", ErrTrunk, t.Name, strings.Join(problems, "; "))
	}
	return nil
}

// LogValue hides the password and shows only the caller ID's last digits.
func (t Trunk) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("name", t.Name), slog.String("host", t.Host), slog.Int("port", t.Port),
		slog.String("transport", t.Transport), slog.String("user", t.User),
		slog.Bool("password_set", t.Password != ""), slog.String("caller_id", maskNumber(t.CallerID)))
}

// maskNumber keeps the last two digits of a number.
func maskNumber(s string) string {
	if len(s) <= 2 {
		return strings.Repeat("*", len(s))
	}
	return strings.Repeat("*", len(s)-2) + s[len(s)-2:]
}
