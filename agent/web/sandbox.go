package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"candor/agent"
	"candor/agent/carrier"
	"candor/agent/store"
	"candor/agent/voice"
	"candor/prompts"
)

// sandboxNumber is the fictional callee number recorded for sandbox calls.
const sandboxNumber = "+15555550100"

// maxCampaignUpload bounds an uploaded campaign file.
const maxCampaignUpload = 256 << 10

// sandboxCall is one designer's sandbox call.
type sandboxCall struct {
	id       string
	owner    int64
	campaign *prompts.Campaign
	voice    bool

	mu      sync.Mutex
	started bool
	ended   bool
	created time.Time
	// active is when the callee last said something (or the call began).
	active time.Time
	text   *textLine
	cancel context.CancelFunc
}

// Sandbox limits: a designer's idle sandbox calls are ended, and only so
// many run at once per designer.
const (
	DefaultSandboxIdle      = 2 * time.Minute
	MaxSandboxCallsPerOwner = 3
)

// touch notes callee activity at t.
func (sc *sandboxCall) touch(t time.Time) {
	sc.mu.Lock()
	sc.active = t
	sc.mu.Unlock()
}

// live reports whether the call counts against its owner's limit at now:
// running, or created and not yet connected for less than idle.
func (sc *sandboxCall) live(now time.Time, idle time.Duration) bool {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.ended {
		return false
	}
	return sc.started || now.Sub(sc.created) < idle
}

// hangup ends the call from the callee's side.
func (sc *sandboxCall) hangup() {
	sc.mu.Lock()
	cancel := sc.cancel
	sc.mu.Unlock()
	if sc.text != nil {
		_ = sc.text.say(agent.CalleeEvent{Kind: agent.CalleeHangup})
	}
	if cancel != nil && sc.text == nil {
		cancel()
	}
}

// sandboxData is the sandbox page's model.
type sandboxData struct {
	Examples []string
	Selected string
	Upload   string
	Errors   []string
	Voice    bool
	// Preview is what the chosen campaign's agent will say, shown before
	// the call starts.
	Preview *campaignPreview
}

// campaignPreview is a campaign's fixed text: the disclosure as it will be
// said, the survey questions and the fixed lines.
type campaignPreview struct {
	Name, Business, Disclosure string
	Questions                  []previewQuestion
	Lines                      []previewLine
}

type previewQuestion struct {
	ID, Text, Answers string
}

type previewLine struct {
	When, Text string
}

// previewOf is c's preview.
func previewOf(c *prompts.Campaign) *campaignPreview {
	p := &campaignPreview{Name: c.Name, Business: c.Business.DisplayName, Disclosure: c.DisclosureText()}
	for _, q := range c.Survey {
		ans := string(q.Type)
		switch q.Type {
		case prompts.AnswerScale:
			ans = fmt.Sprintf("a number from %d to %d", q.Min, q.Max)
		case prompts.AnswerYesNo:
			ans = "yes or no"
		case prompts.AnswerText:
			ans = "free text"
		}
		if len(q.Choices) > 0 {
			ans = "one of: " + strings.Join(q.Choices, ", ")
		}
		p.Questions = append(p.Questions, previewQuestion{q.ID, q.Text, ans})
	}
	for _, l := range []previewLine{
		{"asked who is calling", c.Lines.Identity},
		{"asked whether it is an AI", c.Lines.AIAnswer},
		{"after an opt-out", c.Lines.OptOutConfirmation},
		{"after a weak opt-out or refusal", c.ConfirmOptOut()},
		{"when the callee declines", c.Lines.RefusalClose},
		{"after a callback request", c.Lines.CallbackClose},
		{"in place of a blocked sentence", c.Lines.SafeFallback},
		{"at the end of the survey", c.Lines.Closing},
	} {
		if l.Text != "" {
			p.Lines = append(p.Lines, l)
		}
	}
	return p
}

// sandboxCallData is a sandbox call page's model.
type sandboxCallData struct {
	ID       string
	Campaign string
	Business string
	Voice    bool
	// Ended: the call is over; its controls are not shown.
	Ended bool
	// IdleMinutes is how long an idle call lasts.
	IdleMinutes float64
}

func (p *principal) designer() bool {
	return p.User.Role == store.RoleDesigner || p.User.Role == store.RoleAdmin
}

// designer wraps a handler that designers and admins may use.
func (s *Server) designer(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if p := who(r); p == nil || !p.designer() {
			s.fail(w, r, http.StatusForbidden, "the sandbox needs the designer or admin role")
			return
		}
		h(w, r)
	}
}

func (s *Server) sandboxPage(w http.ResponseWriter, r *http.Request) {
	d := sandboxData{Examples: prompts.Examples(), Selected: "service-followup-en", Voice: s.cfg.Voice != nil}
	if c, err := prompts.Example(d.Selected); err == nil {
		d.Preview = previewOf(c)
	}
	s.render(w, r, http.StatusOK, "sandbox", "Sandbox", d)
}

// parseCampaignUpload validates an uploaded campaign file. The name is only
// used in error messages (its base name, cleaned).
func parseCampaignUpload(name string, data []byte) (*prompts.Campaign, []string) {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" || name == "" {
		name = "campaign.yaml"
	}
	if len(data) > maxCampaignUpload {
		return nil, []string{name + ": the file is larger than 256 KiB"}
	}
	c, err := prompts.Parse(name, data)
	if err == nil {
		return c, nil
	}
	var list prompts.ErrorList
	var one *prompts.Error
	switch {
	case errors.As(err, &list):
		out := make([]string, 0, len(list))
		for _, e := range list {
			out = append(out, e.Error())
		}
		return nil, out
	case errors.As(err, &one):
		return nil, []string{one.Error()}
	}
	return nil, []string{err.Error()}
}

// sandboxName refuses an uploaded campaign the name of a production
// campaign: sandbox calls live apart, and a sandbox copy under a real
// campaign's name would read as that campaign in the call list.
func (s *Server) sandboxName(ctx context.Context, name string) ([]string, error) {
	prod, err := s.cfg.Store.ProductionCampaigns(ctx)
	if err != nil {
		return nil, err
	}
	if slices.Contains(prod, name) {
		return []string{fmt.Sprintf("name: %q is a production campaign's name; give the sandbox copy its own name (for example %q)", name, name+"-draft")}, nil
	}
	return nil, nil
}

// sandboxStart picks or uploads a campaign and opens a sandbox call.
func (s *Server) sandboxStart(w http.ResponseWriter, r *http.Request) {
	d := sandboxData{Examples: prompts.Examples(), Voice: s.cfg.Voice != nil}
	var camp *prompts.Campaign
	text := r.PostFormValue("upload")
	name := "pasted.yaml"
	if f, hdr, err := r.FormFile("file"); err == nil {
		b, rerr := io.ReadAll(io.LimitReader(f, maxCampaignUpload+1))
		f.Close()
		if rerr != nil {
			s.fail(w, r, http.StatusBadRequest, "could not read the uploaded file")
			return
		}
		if len(b) > 0 {
			text, name = string(b), hdr.Filename
		}
	}
	if strings.TrimSpace(text) != "" {
		var errs []string
		camp, errs = parseCampaignUpload(name, []byte(text))
		if errs == nil {
			errs, err := s.sandboxName(r.Context(), camp.Name)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			if errs != nil {
				d.Upload, d.Errors = text, errs
				s.render(w, r, http.StatusUnprocessableEntity, "sandbox", "Sandbox", d)
				return
			}
		}
		if errs != nil {
			d.Upload, d.Errors = text, errs
			s.render(w, r, http.StatusUnprocessableEntity, "sandbox", "Sandbox", d)
			return
		}
	} else {
		d.Selected = r.PostFormValue("campaign")
		c, err := prompts.Example(d.Selected)
		if err != nil {
			d.Errors = []string{"no such embedded campaign: " + d.Selected}
			s.render(w, r, http.StatusUnprocessableEntity, "sandbox", "Sandbox", d)
			return
		}
		camp = c
	}
	if r.PostFormValue("action") == "preview" {
		d.Upload, d.Preview = text, previewOf(camp)
		if d.Selected == "" {
			d.Selected = "service-followup-en"
		}
		s.render(w, r, http.StatusOK, "sandbox", "Sandbox", d)
		return
	}
	mode := r.PostFormValue("mode")
	if mode == "voice" && s.cfg.Voice == nil {
		s.fail(w, r, http.StatusBadRequest, "spoken sandbox calls are not available on this server")
		return
	}
	now := s.cfg.Now()
	sc := &sandboxCall{id: agent.NewCallID(), owner: who(r).User.ID, campaign: camp, voice: mode == "voice", created: now, active: now}
	s.sbMu.Lock()
	running := 0
	for id, other := range s.sandboxes {
		other.mu.Lock()
		abandoned := !other.started && now.Sub(other.created) >= 10*time.Minute
		other.mu.Unlock()
		if abandoned { // a spoken call never connected
			delete(s.sandboxes, id)
			continue
		}
		if other.owner == sc.owner && other.live(now, s.cfg.SandboxIdle) {
			running++
		}
	}
	if running >= MaxSandboxCallsPerOwner {
		s.sbMu.Unlock()
		d.Errors = []string{fmt.Sprintf("You have %d sandbox calls running, the most at once: hang one up first (an idle call ends by itself after %s).",
			running, s.cfg.SandboxIdle)}
		s.render(w, r, http.StatusTooManyRequests, "sandbox", "Sandbox", d)
		return
	}
	s.sandboxes[sc.id] = sc
	s.sbMu.Unlock()
	if !sc.voice {
		sc.text = newTextLine(s.cfg.Now)
		if err := s.startSandbox(sc, carrier.Connected(sc.text, agent.TextSynth{})); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.Redirect(w, r, "/sandbox/"+sc.id, http.StatusSeeOther)
}

// sandboxOf finds the request's sandbox call; only its owner may use it.
func (s *Server) sandboxOf(w http.ResponseWriter, r *http.Request) *sandboxCall {
	id := r.PathValue("id")
	s.sbMu.Lock()
	sc := s.sandboxes[id]
	s.sbMu.Unlock()
	if sc == nil || (sc.owner != who(r).User.ID) {
		s.fail(w, r, http.StatusNotFound, "no such sandbox call (it may have ended; see the call list)")
		return nil
	}
	return sc
}

func (s *Server) sandboxCallPage(w http.ResponseWriter, r *http.Request) {
	sc := s.sandboxOf(w, r)
	if sc == nil {
		return
	}
	sc.mu.Lock()
	ended := sc.ended
	sc.mu.Unlock()
	s.render(w, r, http.StatusOK, "sandbox_call", "Sandbox call", sandboxCallData{ID: sc.id,
		Campaign: sc.campaign.Name, Business: sc.campaign.Business.DisplayName, Voice: sc.voice, Ended: ended,
		IdleMinutes: s.cfg.SandboxIdle.Minutes()})
}

// sandboxSay is one typed callee utterance.
func (s *Server) sandboxSay(w http.ResponseWriter, r *http.Request) {
	sc := s.sandboxOf(w, r)
	if sc == nil {
		return
	}
	text := strings.TrimSpace(r.PostFormValue("text"))
	if sc.text == nil || text == "" || len(text) > 2000 {
		s.fail(w, r, http.StatusBadRequest, "type one utterance of at most 2000 bytes")
		return
	}
	if err := sc.text.say(agent.CalleeEvent{Kind: agent.CalleeSpeech, Text: text}); err != nil {
		s.fail(w, r, http.StatusConflict, err.Error())
		return
	}
	sc.touch(s.cfg.Now())
	w.WriteHeader(http.StatusNoContent)
}

// sandboxHangup ends the call from the callee's side.
func (s *Server) sandboxHangup(w http.ResponseWriter, r *http.Request) {
	sc := s.sandboxOf(w, r)
	if sc == nil {
		return
	}
	sc.hangup()
	w.WriteHeader(http.StatusNoContent)
}

// sandboxOffer answers the browser's WebRTC offer (complete, non-trickle)
// and starts the spoken sandbox call.
func (s *Server) sandboxOffer(w http.ResponseWriter, r *http.Request) {
	sc := s.sandboxOf(w, r)
	if sc == nil {
		return
	}
	if !sc.voice || s.cfg.Voice == nil {
		s.fail(w, r, http.StatusBadRequest, "this sandbox call is typed, not spoken")
		return
	}
	offer := r.PostFormValue("sdp")
	if offer == "" || len(offer) > 64<<10 {
		s.fail(w, r, http.StatusBadRequest, "missing or oversized SDP offer")
		return
	}
	sc.mu.Lock()
	already := sc.started
	sc.mu.Unlock()
	if already {
		s.fail(w, r, http.StatusConflict, "this sandbox call is already connected")
		return
	}
	car, err := carrier.New(carrier.Config{Kind: carrier.WebRTC, Campaign: sc.campaign, Speech: *s.cfg.Voice, WebRTC: s.cfg.WebRTC})
	if err != nil {
		s.cfg.Logger.Error("sandbox voice", "err", err)
		s.fail(w, r, http.StatusServiceUnavailable, "speech is not available: "+err.Error())
		return
	}
	line, answer, err := car.Answer(r.Context(), offer)
	var recErr *voice.RecognizerError
	switch {
	case errors.As(err, &recErr):
		s.fail(w, r, http.StatusServiceUnavailable, "speech recognition is not available: "+recErr.Err.Error())
		return
	case errors.Is(err, carrier.ErrOffer):
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	if err := s.startSandbox(sc, carrier.Connected(line, car.Synth())); err != nil {
		_ = line.Hangup(r.Context())
		s.fail(w, r, http.StatusConflict, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/sdp")
	_, _ = io.WriteString(w, answer)
}

var errStarted = errors.New("this sandbox call has already started")

// startSandbox runs a sandbox call on car (its one connected line) in the
// background: stored marked sandbox, observed by the live hub.
func (s *Server) startSandbox(sc *sandboxCall, car *carrier.Carrier) error {
	if s.cfg.CallStore == nil {
		return errors.New("web: no call store for sandbox calls")
	}
	// The controller's sandbox call skips the do-not-call list and "dials"
	// the line the browser (or the typed page) already connected.
	ctrl := car.Controller(s.cfg.CallStore)
	observe := s.hub.Observer(sc.campaign.Name, true)
	ctrl.Sandbox, ctrl.NoInputTimeout = true, s.cfg.SandboxNoInput
	ctrl.Observe = func(o agent.Observation) {
		if o.Speaker == "callee" {
			sc.touch(s.cfg.Now())
		}
		observe(o)
	}
	if s.cfg.NewResponder != nil {
		resp, err := s.cfg.NewResponder(sc.campaign)
		if err != nil {
			return err
		}
		ctrl.NewResponder = func(*prompts.Campaign) (agent.Responder, error) { return resp, nil }
	}
	req := agent.CallRequest{ID: sc.id, Campaign: sc.campaign, Number: sandboxNumber, ContactRef: "sandbox"}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.started {
		return errStarted
	}
	ctx, cancel := context.WithCancel(context.Background())
	sc.started, sc.cancel, sc.active = true, cancel, s.cfg.Now()
	s.hub.Start(sc.id, sc.campaign.Name, true)
	done := func() {}
	if s.cfg.Active != nil {
		done = s.cfg.Active.Start()
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer done()
		defer cancel()
		stop := context.AfterFunc(s.ctx, cancel)
		defer stop()
		idleDone := make(chan struct{})
		defer close(idleDone)
		go s.endWhenIdle(sc, idleDone)
		rec, err := ctrl.Call(ctx, req)
		sc.mu.Lock()
		sc.ended = true
		sc.mu.Unlock()
		if err != nil {
			s.cfg.Logger.Error("sandbox call", "call", sc.id, "err", err)
		}
		out := agent.OutcomeFailed
		if rec != nil {
			out = rec.Outcome
		}
		s.hub.End(sc.id, out)
		// Keep the page usable a while (late SSE viewers get the backlog).
		time.AfterFunc(10*time.Minute, func() {
			s.sbMu.Lock()
			delete(s.sandboxes, sc.id)
			s.sbMu.Unlock()
		})
	}()
	return nil
}

// endWhenIdle hangs sc up once its callee has been silent for
// Config.SandboxIdle (checked every idleTick), until done is closed.
func (s *Server) endWhenIdle(sc *sandboxCall, done <-chan struct{}) {
	t := time.NewTicker(s.idleTick)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			sc.mu.Lock()
			idle := s.cfg.Now().Sub(sc.active)
			sc.mu.Unlock()
			if idle >= s.cfg.SandboxIdle {
				s.cfg.Logger.Info("sandbox call idle: hanging up", "call", sc.id, "idle", idle.Round(time.Second))
				sc.hangup()
				return
			}
		}
	}
}

// textLine is a typed sandbox call's Line: the agent's sentences are played
// at once (the live hub shows them), typed utterances arrive as events.
type textLine struct {
	now    func() time.Time
	mu     sync.Mutex
	closed bool
	events chan agent.CalleeEvent
}

func newTextLine(now func() time.Time) *textLine {
	return &textLine{now: now, events: make(chan agent.CalleeEvent, 16)}
}

var errLineClosed = errors.New("the sandbox call has ended")

func (l *textLine) say(ev agent.CalleeEvent) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return errLineClosed
	}
	t := l.now()
	ev.At, ev.SpeechEnd = t, t
	select {
	case l.events <- ev:
		return nil
	default:
		return errors.New("too many utterances waiting: let the agent answer first")
	}
}

func (l *textLine) Play(ctx context.Context, sp agent.Speech) (agent.Played, error) {
	t := l.now()
	if ctx.Err() != nil {
		return agent.Played{Start: t, Requested: t}, nil
	}
	return agent.Played{Start: t, Requested: t, Duration: sp.Duration, Complete: true, Text: sp.Text}, nil
}

func (l *textLine) Events() <-chan agent.CalleeEvent { return l.events }

func (l *textLine) Hangup(context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		l.closed = true
		close(l.events)
	}
	return nil
}
