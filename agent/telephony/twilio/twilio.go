// Package twilio places calls through Twilio: the REST Calls API starts a call
// whose TwiML connects it to a bidirectional Media Streams WebSocket served
// here, and the stream becomes a voice line (agent audio out as base64 mu-law
// media frames, callee audio in, `clear` on barge-in, DTMF, marks). Status
// callbacks are verified (X-Twilio-Signature) and mapped to dial outcomes.
//
// The Dialer is both the agent.Dialer and the http.Handler Twilio reaches at
// the public base URL: MediaPath (WebSocket) and StatusPath (webhooks).
package twilio

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"candor/agent"
	"candor/agent/phone"
	"candor/agent/voice"
)

// Paths served by the Dialer, under the public base URL.
const (
	MediaPath  = "/twilio/media"
	StatusPath = "/twilio/status"
)

// MinRingTimeout is the shortest ring time allowed (COMPLIANCE: ring at least 15 s).
const MinRingTimeout = 15 * time.Second

// Config configures a Dialer.
type Config struct {
	AccountSID string
	AuthToken  string
	// From is the caller ID: a Twilio number of the account (E.164).
	From string
	// PublicURL is this server's base URL as Twilio reaches it
	// ("https://candor.example.com"); the stream URL is its wss:// form.
	PublicURL string
	// APIBase is the REST API's base URL (default https://api.twilio.com).
	APIBase string
	// RingTimeout is how long the callee's phone rings (default 30 s, at least 15 s).
	RingTimeout time.Duration
	// AnswerTimeout bounds the wait from placing the call to the stream's
	// start (default RingTimeout + 60 s: queueing, answering-machine detection).
	AnswerTimeout time.Duration
	// MachineDetection is passed to the Calls API ("Enable",
	// "DetectMessageEndpoint"; empty: off). AnsweredBy is then reported on the Call.
	MachineDetection string
	// OutQueue bounds the outbound frames waiting for the network (default 100 = 2 s);
	// frames beyond it are dropped and counted.
	OutQueue int
	// Lines makes each call's voice line (the stream sets its rate and
	// chains its Observer).
	Lines      voice.Factory
	HTTPClient *http.Client
	Logger     *slog.Logger
}

func (c *Config) defaults() {
	if c.APIBase == "" {
		c.APIBase = "https://api.twilio.com"
	}
	c.APIBase = strings.TrimRight(c.APIBase, "/")
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	if c.RingTimeout == 0 {
		c.RingTimeout = 30 * time.Second
	}
	if c.AnswerTimeout == 0 {
		c.AnswerTimeout = c.RingTimeout + time.Minute
	}
	if c.OutQueue <= 0 {
		c.OutQueue = 100
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Validate reports what is missing or wrong.
func (c Config) Validate() error {
	var errs []error
	if c.AccountSID == "" {
		errs = append(errs, errors.New("account SID is required"))
	}
	if c.AuthToken == "" {
		errs = append(errs, errors.New("auth token is required"))
	}
	if c.From == "" {
		errs = append(errs, errors.New("a From number (caller ID) is required"))
	}
	if u, err := url.Parse(c.PublicURL); c.PublicURL == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		errs = append(errs, errors.New("public base URL must be an http(s) URL Twilio can reach"))
	}
	if c.RingTimeout != 0 && c.RingTimeout < MinRingTimeout {
		errs = append(errs, fmt.Errorf("ring timeout %v is shorter than %v", c.RingTimeout, MinRingTimeout))
	}
	if c.RingTimeout > 600*time.Second {
		errs = append(errs, fmt.Errorf("ring timeout %v is longer than Twilio's 600 s", c.RingTimeout))
	}
	if c.Lines.NewRecognizer == nil {
		errs = append(errs, errors.New("a recogniser is required"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%w: twilio: %w", agent.ErrConfig, err)
	}
	return nil
}

// Dialer places calls through Twilio and serves their media streams and
// status callbacks.
type Dialer struct {
	cfg Config

	mu    sync.Mutex
	calls map[string]*pending
	wg    sync.WaitGroup
}

var (
	_ agent.Dialer                          = (*Dialer)(nil)
	_ http.Handler                          = (*Dialer)(nil)
	_ agent.Line                            = (*Call)(nil)
	_ interface{ AnsweredByMachine() bool } = (*Call)(nil)
	_ voice.Transport                       = (*stream)(nil)
)

// pending is a placed call, from Dial until its stream ends.
type pending struct {
	id, token string
	number    phone.Number

	started chan *Call  // the stream started (cap 1)
	status  chan string // terminal statuses before the start (cap 1)

	mu         sync.Mutex
	sid        string
	answeredBy string
	lastStatus string
	call       *Call
}

// New makes a Dialer.
func New(cfg Config) (*Dialer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.defaults()
	return &Dialer{cfg: cfg, calls: map[string]*pending{}}, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// StreamURL is the WebSocket URL put in the TwiML.
func (d *Dialer) StreamURL() string {
	u := d.cfg.PublicURL
	switch {
	case strings.HasPrefix(u, "https://"):
		u = "wss://" + strings.TrimPrefix(u, "https://")
	case strings.HasPrefix(u, "http://"):
		u = "ws://" + strings.TrimPrefix(u, "http://")
	}
	return u + MediaPath
}

// Dial places a call to number (E.164) and returns its line once the media
// stream has started. Unanswered calls return an error wrapping
// agent.ErrNoAnswer (and ErrBusy or ErrCanceled); failures wrap ErrCallFailed,
// ErrNoStream or ErrAPI.
func (d *Dialer) Dial(ctx context.Context, number string) (agent.Line, error) {
	p := &pending{id: randomHex(8), token: randomHex(16), number: phone.Number(number),
		started: make(chan *Call, 1), status: make(chan string, 1)}
	d.mu.Lock()
	d.calls[p.id] = p
	d.mu.Unlock()
	forget := func() {
		d.mu.Lock()
		delete(d.calls, p.id)
		d.mu.Unlock()
	}
	req := callRequest{
		To: number, From: d.cfg.From, StreamURL: d.StreamURL(),
		Params:         map[string]string{"call": p.id, "token": p.token},
		StatusCallback: d.cfg.PublicURL + StatusPath + "?call=" + p.id,
		Timeout:        int(d.cfg.RingTimeout / time.Second), Machine: d.cfg.MachineDetection,
	}
	sid, err := d.createCall(ctx, req)
	if err != nil {
		forget()
		return nil, err
	}
	p.mu.Lock()
	p.sid = sid
	p.mu.Unlock()
	d.cfg.Logger.Info("twilio call placed", "call", p.id, "to", p.number)
	timer := time.NewTimer(d.cfg.AnswerTimeout)
	defer timer.Stop()
	select {
	case c := <-p.started:
		return c, nil
	case st := <-p.status:
		d.abandon(p)
		return nil, statusError(st)
	case <-timer.C:
		d.abandon(p)
		d.cancel(sid)
		return nil, fmt.Errorf("%w: no media stream within %v", agent.ErrNoAnswer, d.cfg.AnswerTimeout)
	case <-ctx.Done():
		d.abandon(p)
		d.cancel(sid)
		return nil, ctx.Err()
	}
}

// abandon forgets a call Dial gives up on, hanging up a stream that raced in.
func (d *Dialer) abandon(p *pending) {
	d.forget(p.id)
	p.mu.Lock()
	c := p.call
	p.mu.Unlock()
	if c != nil {
		go func() { _ = c.Hangup(context.Background()) }()
	}
}

// cancel ends a call that will not be used (best effort).
func (d *Dialer) cancel(sid string) {
	ctx, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	if err := d.updateCall(ctx, sid, "completed"); err != nil {
		d.cfg.Logger.Warn("twilio: ending an unused call", "err", err)
	}
}

// statusError maps a terminal call status reached before the stream started.
func statusError(st string) error {
	switch st {
	case "busy":
		return fmt.Errorf("%w: %w", agent.ErrNoAnswer, ErrBusy)
	case "no-answer":
		return fmt.Errorf("%w: twilio status no-answer", agent.ErrNoAnswer)
	case "canceled":
		return fmt.Errorf("%w: %w", agent.ErrNoAnswer, ErrCanceled)
	case "completed":
		return ErrNoStream
	default:
		return fmt.Errorf("%w: status %q", ErrCallFailed, clip(st))
	}
}

// OutcomeOf maps a Dial error to the call outcome it stands for.
func OutcomeOf(err error) agent.Outcome {
	switch {
	case err == nil:
		return agent.OutcomeCompleted
	case errors.Is(err, ErrBusy):
		return agent.OutcomeBusy
	case errors.Is(err, agent.ErrNoAnswer):
		return agent.OutcomeNoAnswer
	default:
		return agent.OutcomeFailed
	}
}

// ServeHTTP serves MediaPath and StatusPath.
func (d *Dialer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case MediaPath:
		d.serveMedia(w, r)
	case StatusPath:
		d.serveStatus(w, r)
	default:
		http.NotFound(w, r)
	}
}

// Wait blocks until every media stream the Dialer served has ended.
func (d *Dialer) Wait() { d.wg.Wait() }

func (d *Dialer) lookup(id string) *pending {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.calls[id]
}

func (d *Dialer) forget(id string) {
	d.mu.Lock()
	delete(d.calls, id)
	d.mu.Unlock()
}

// serveStatus handles a status callback: verified, then mapped.
func (d *Dialer) serveStatus(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	full := d.cfg.PublicURL + r.URL.RequestURI()
	if !ValidSignature(d.cfg.AuthToken, full, r.PostForm, r.Header.Get("X-Twilio-Signature")) {
		d.cfg.Logger.Warn("twilio: status callback with a bad signature refused")
		http.Error(w, ErrBadSignature.Error(), http.StatusForbidden)
		return
	}
	p := d.lookup(r.URL.Query().Get("call"))
	if p == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	st := r.PostForm.Get("CallStatus")
	p.mu.Lock()
	ab := r.PostForm.Get("AnsweredBy")
	first := ab != "" && p.answeredBy == "" // later callbacks repeat it
	if first {
		p.answeredBy = ab
	}
	late := first && p.call != nil
	p.lastStatus = st
	c := p.call
	p.mu.Unlock()
	if late && isMachine(ab) {
		// The stream had started: the session hears of it as an event.
		c.ReportMachine("reported by Twilio: "+ab, greetingOver(ab))
	}
	switch st {
	case "busy", "no-answer", "canceled", "failed", "completed":
		if c != nil {
			if st == "completed" {
				c.FarEndHangup()
			}
			break
		}
		select {
		case p.status <- st:
		default:
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// matchToken compares a stream's token with the dial's, in constant time.
func matchToken(p *pending, token string) bool {
	return subtle.ConstantTimeCompare([]byte(p.token), []byte(token)) == 1
}

func sortStrings(s []string) { sort.Strings(s) }
