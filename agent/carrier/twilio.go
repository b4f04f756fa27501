package carrier

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"candor/agent"
	"candor/agent/telephony/twilio"
	"candor/agent/voice"
)

// openTwilio connects to cfg's Twilio account and serves its media streams
// and status callbacks on cfg.Listen.
func (c *Carrier) openTwilio(cfg Config) error {
	tc := cfg.Twilio
	tc.RingTimeout, tc.Logger, tc.Lines = cfg.Ring, cfg.Logger, *c.lines
	d, err := twilio.New(tc)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: d, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	var mu sync.Mutex
	var last *twilio.Call
	c.dialer = agent.DialerFunc(func(ctx context.Context, n string) (agent.Line, error) {
		l, err := d.Dial(ctx, n)
		if tc, ok := l.(*twilio.Call); ok {
			mu.Lock()
			last = tc
			mu.Unlock()
		}
		return l, err
	})
	c.answeredBy = func() string {
		mu.Lock()
		defer mu.Unlock()
		if last == nil {
			return ""
		}
		return last.AnsweredBy()
	}
	c.close = func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
		d.Wait()
	}
	return nil
}

// CheckTwilio validates a Twilio account's configuration before anything is
// set up (the voice is checked apart).
func CheckTwilio(tc twilio.Config) error {
	tc.Lines.NewRecognizer = func() (voice.Recognizer, error) { return nil, errors.New("unused") }
	return tc.Validate()
}

// errNoServeCalls: a Twilio webhook server places no calls of its own, so
// its Dialer never needs a recogniser (streams of calls it did not place are
// refused before one is made).
var errNoServeCalls = errors.New("candor serve places no Twilio calls of its own")

// NewTwilioWebhooks is the Twilio Dialer a web server mounts without placing
// calls itself: its status webhook verifies X-Twilio-Signature, its media
// endpoint the per-call token.
func NewTwilioWebhooks(tc twilio.Config, logger *slog.Logger) (*twilio.Dialer, error) {
	tc.Logger = logger
	tc.Lines = voice.Factory{Config: voice.Config{Machine: &voice.MachineConfig{}},
		NewRecognizer: func() (voice.Recognizer, error) { return nil, errNoServeCalls }}
	return twilio.New(tc)
}

// WithTwilio serves Twilio's media stream and status callbacks from d (they
// authenticate themselves: the per-call token, the request signature) and
// everything else from app, with its own login.
func WithTwilio(app, d http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case twilio.MediaPath, twilio.StatusPath:
			d.ServeHTTP(w, r)
		default:
			app.ServeHTTP(w, r)
		}
	})
}
