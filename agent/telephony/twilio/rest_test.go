package twilio

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/voice"
)

func TestOriginationRequest(t *testing.T) {
	f := newFakeTwilio(t, func(c *Config) { c.MachineDetection = "Enable" })
	errc := make(chan error, 1)
	go func() {
		_, err := f.d.Dial(context.Background(), "+15551230000")
		errc <- err
	}()
	p := f.nextPlaced()
	if p.user != testSID || p.pass != testToken {
		t.Errorf("basic auth = %q:%q, want the account SID and auth token", p.user, p.pass)
	}
	checks := map[string]string{"To": "+15551230000", "From": testFrom, "MachineDetection": "Enable", "StatusCallbackMethod": "POST"}
	for k, want := range checks {
		if got := p.form.Get(k); got != want {
			t.Errorf("form %s = %q, want %q", k, got, want)
		}
	}
	if n, err := strconv.Atoi(p.form.Get("Timeout")); err != nil || n < 15 {
		t.Errorf("Timeout = %q, want a ring time of at least 15 s", p.form.Get("Timeout"))
	}
	if want := "ws" + strings.TrimPrefix(f.app.URL, "http") + MediaPath; p.streamURL != want {
		t.Errorf("stream url = %q, want %q", p.streamURL, want)
	}
	if p.params["call"] == "" || len(p.params["token"]) < 32 {
		t.Errorf("stream parameters = %v, want a call id and a 128-bit token", p.params)
	}
	if cb := p.form.Get("StatusCallback"); !strings.HasPrefix(cb, f.app.URL+StatusPath+"?call="+p.params["call"]) {
		t.Errorf("StatusCallback = %q, want the status path with the call id", cb)
	}
	// Finish the dial: a busy callee.
	if code := f.callback(p, url.Values{"CallSid": {p.sid}, "CallStatus": {"busy"}}, true); code != http.StatusNoContent {
		t.Errorf("status callback answered %d, want 204", code)
	}
	if err := <-errc; !errors.Is(err, ErrBusy) || !errors.Is(err, agent.ErrNoAnswer) {
		t.Errorf("Dial err = %v, want ErrBusy wrapping agent.ErrNoAnswer", err)
	}
}

func TestStatusOutcomes(t *testing.T) {
	tests := []struct {
		status  string
		want    error
		outcome agent.Outcome
	}{
		{"busy", ErrBusy, agent.OutcomeBusy},
		{"no-answer", agent.ErrNoAnswer, agent.OutcomeNoAnswer},
		{"canceled", ErrCanceled, agent.OutcomeNoAnswer},
		{"failed", ErrCallFailed, agent.OutcomeFailed},
		{"completed", ErrNoStream, agent.OutcomeFailed},
	}
	f := newFakeTwilio(t, nil)
	for _, tc := range tests {
		errc := make(chan error, 1)
		go func() {
			_, err := f.d.Dial(context.Background(), "+15551230001")
			errc <- err
		}()
		p := f.nextPlaced()
		// Unsigned and wrongly signed callbacks are refused and change nothing.
		form := url.Values{"CallSid": {p.sid}, "CallStatus": {tc.status}}
		if code := f.callback(p, form, false); code != http.StatusForbidden {
			t.Errorf("%s: unsigned callback answered %d, want 403", tc.status, code)
		}
		u := p.form.Get("StatusCallback")
		req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Twilio-Signature", refSignature("wrong-token", u, form))
		if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: wrongly signed callback: %v %v, want 403", tc.status, resp, err)
		} else {
			resp.Body.Close()
		}
		select {
		case err := <-errc:
			t.Fatalf("%s: Dial returned %v on an unsigned callback", tc.status, err)
		case <-time.After(50 * time.Millisecond):
		}
		f.callback(p, url.Values{"CallSid": {p.sid}, "CallStatus": {"ringing"}}, true)
		if code := f.callback(p, form, true); code != http.StatusNoContent {
			t.Errorf("%s: signed callback answered %d, want 204", tc.status, code)
		}
		err := <-errc
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: Dial err = %v, want %v", tc.status, err, tc.want)
		}
		if got := OutcomeOf(err); got != tc.outcome {
			t.Errorf("%s: OutcomeOf = %q, want %q", tc.status, got, tc.outcome)
		}
	}
}

func TestOriginationAPIError(t *testing.T) {
	f := newFakeTwilio(t, nil)
	f.reply = func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"code":21211,"message":"The 'To' number is not a valid phone number.","status":400}`))
	}
	_, err := f.d.Dial(context.Background(), "+15551230002")
	if !errors.Is(err, ErrAPI) || !strings.Contains(err.Error(), "21211") {
		t.Errorf("Dial err = %v, want ErrAPI with Twilio's code 21211", err)
	}
}

func TestConfigValidate(t *testing.T) {
	good := Config{AccountSID: "AC1", AuthToken: "t", From: "+15005550006", PublicURL: "https://x.example",
		Lines: voice.Factory{NewRecognizer: func() (voice.Recognizer, error) { return &silentRecognizer{}, nil }}}
	tests := []struct {
		name string
		mod  func(*Config)
		ok   bool
	}{
		{"valid", func(*Config) {}, true},
		{"no recogniser", func(c *Config) { c.Lines.NewRecognizer = nil }, false},
		{"short ring", func(c *Config) { c.RingTimeout = 10 * time.Second }, false},
		{"no public URL", func(c *Config) { c.PublicURL = "" }, false},
		{"no caller ID", func(c *Config) { c.From = "" }, false},
	}
	for _, tc := range tests {
		c := good
		tc.mod(&c)
		if err := c.Validate(); (err == nil) != tc.ok || (err != nil && !errors.Is(err, agent.ErrConfig)) {
			t.Errorf("%s: Validate = %v, want ok=%v (ErrConfig otherwise)", tc.name, err, tc.ok)
		}
	}
}
