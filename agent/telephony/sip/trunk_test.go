package sip

import (
	sipmsg "github.com/emiago/sipgo/sip"

	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"candor/agent"
)

func TestTrunkValidate(t *testing.T) {
	good := Trunk{Name: "pbx", Host: "pbx.example.com", User: "u", Password: "p", CallerID: "+15551234567"}
	tests := []struct {
		name   string
		mod    func(*Trunk)
		wantOK bool
		want   string
	}{
		{"good", func(*Trunk) {}, true, ""},
		{"digits caller ID", func(t *Trunk) { t.CallerID = "5551234" }, true, ""},
		{"tcp", func(t *Trunk) { t.Transport = "TCP" }, true, ""},
		{"no caller ID", func(t *Trunk) { t.CallerID = "" }, false, "no caller ID"},
		{"caller ID letters", func(t *Trunk) { t.CallerID = "ACME" }, false, "caller ID"},
		{"caller ID plus zero", func(t *Trunk) { t.CallerID = "+0123456789" }, false, "caller ID"},
		{"no host", func(t *Trunk) { t.Host = "" }, false, "bad host"},
		{"host with space", func(t *Trunk) { t.Host = "a b" }, false, "bad host"},
		{"port", func(t *Trunk) { t.Port = 70000 }, false, "bad port"},
		{"transport", func(t *Trunk) { t.Transport = "sctp" }, false, "transport"},
		{"password without user", func(t *Trunk) { t.User = "" }, false, "password without user"},
		{"no name", func(t *Trunk) { t.Name = "" }, false, "no name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := good
			tt.mod(&tr)
			err := tr.Validate()
			if tt.wantOK {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrTrunk) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want ErrTrunk mentioning %q", err, tt.want)
			}
		})
	}
}

func TestTrunkLogValueHidesSecrets(t *testing.T) {
	var buf bytes.Buffer
	tr := Trunk{Name: "pbx", Host: "h", User: "u", Password: "hunter2secret", CallerID: "+15551234567"}
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "trunk", tr)
	out := buf.String()
	for _, secret := range []string{"hunter2secret", "5551234567"} {
		if strings.Contains(out, secret) {
			t.Errorf("log shows %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, "password_set=true") || !strings.Contains(out, "caller_id=**********67") {
		t.Errorf("log lacks the masked fields: %s", out)
	}
}

func TestStatusError(t *testing.T) {
	tests := []struct {
		code    int
		want    error
		outcome agent.Outcome
	}{
		{486, ErrBusy, agent.OutcomeBusy}, {600, ErrBusy, agent.OutcomeBusy},
		{408, agent.ErrNoAnswer, agent.OutcomeNoAnswer}, {480, agent.ErrNoAnswer, agent.OutcomeNoAnswer}, {487, agent.ErrNoAnswer, agent.OutcomeNoAnswer},
		{403, ErrRejected, agent.OutcomeFailed}, {603, ErrRejected, agent.OutcomeFailed},
		{404, ErrUnavailable, agent.OutcomeFailed}, {410, ErrUnavailable, agent.OutcomeFailed},
		{484, ErrUnavailable, agent.OutcomeFailed}, {503, ErrUnavailable, agent.OutcomeFailed},
		{500, ErrFailed, agent.OutcomeFailed}, {488, ErrFailed, agent.OutcomeFailed},
	}
	for _, tt := range tests {
		err := statusError(tt.code, "x")
		if !errors.Is(err, tt.want) {
			t.Errorf("%d: got %v, want %v", tt.code, err, tt.want)
		}
		if got := err.Outcome(); got != tt.outcome {
			t.Errorf("%d: outcome got %s, want %s", tt.code, got, tt.outcome)
		}
	}
}

func TestDialerConfig(t *testing.T) {
	trunk := Trunk{Name: "t", Host: "127.0.0.1", CallerID: "+15550100"}
	if _, err := NewDialer(Config{Trunk: trunk, RingTimeout: 5e9}); !errors.Is(err, agent.ErrConfig) {
		t.Errorf("5 s ring: got %v, want ErrConfig (under the 15 s minimum)", err)
	}
	bad := trunk
	bad.CallerID = ""
	if _, err := NewDialer(Config{Trunk: bad}); !errors.Is(err, ErrTrunk) {
		t.Errorf("no caller ID: got %v, want ErrTrunk", err)
	}
	d, err := NewDialer(Config{Trunk: trunk})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.cfg.RingTimeout != DefaultRingTimeout {
		t.Errorf("default ring: got %v, want %v", d.cfg.RingTimeout, DefaultRingTimeout)
	}
	if _, err := d.Dial(t.Context(), "+15550199"); !errors.Is(err, agent.ErrConfig) {
		t.Errorf("Dial without NewLine: got %v, want ErrConfig", err)
	}
	d.cfg.NewLine = func(*Call) (AudioLine, error) { return nil, errors.New("unused") }
	for _, n := range []string{"5550199", "tel:+15550199", "sip:", ""} {
		if _, err := d.Dial(t.Context(), n); !errors.Is(err, ErrNumber) {
			t.Errorf("Dial(%q): got %v, want ErrNumber", n, err)
		}
	}
}

// TestSipgoDefaultLoggerRedacted: what sipgo logs through its package-level
// logger reaches slog's default logger without the message text.
func TestSipgoDefaultLoggerRedacted(t *testing.T) {
	var buf bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	defer slog.SetDefault(prev)
	sipmsg.DefaultLogger().Warn("Unhandled sip request", "caller", "transactionLayer", "msg", "INVITE sip:+15551234567@x SIP/2.0")
	out := buf.String()
	if strings.Contains(out, "555") || !strings.Contains(out, "caller=transactionLayer") {
		t.Errorf("got log %q, want the record without the request text", out)
	}
}

func TestRedactedSipLog(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(redacted{slog.NewTextHandler(&buf, nil)})
	l.Debug("debug dropped")
	l.With("data", "From: <sip:+15551234567@x>").Error("failed to parse", "data", "To: <sip:+15557654321@x>", "error", "bad")
	out := buf.String()
	if strings.Contains(out, "555") || strings.Contains(out, "debug dropped") {
		t.Errorf("log shows message text or debug: %s", out)
	}
	if !strings.Contains(out, "failed to parse") || !strings.Contains(out, "error=bad") {
		t.Errorf("log lost the error: %s", out)
	}
}
