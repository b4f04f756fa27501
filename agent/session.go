package agent

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"candor/guardrails"
	"candor/prompts"
)

// Unintelligible stands in the transcript for speech that was heard but not
// recognised.
const Unintelligible = "(unintelligible)"

// Store is what a call needs from storage.
type Store interface {
	IsOnDNC(ctx context.Context, business, number string) (bool, error)
	AddOptOut(ctx context.Context, o OptOut) error
	SaveCall(ctx context.Context, rec *CallRecord) error
}

// answerer is implemented by responders that extract survey answers.
type answerer interface {
	Answers() []SurveyAnswer
}

// finisher is implemented by responders that know when their flow is over.
type finisher interface {
	Finished() bool
}

// Observer receives a call's events as they happen (terminal sandbox, live view).
// It must not block.
type Observer func(Observation)

// Observation is one thing that happened on a call, for display.
type Observation struct {
	CallID  string
	Speaker string // "agent", "callee" or "guard"
	Text    string
	Intent  guardrails.Intent
	Event   *guardrails.Event
}

// SessionConfig is everything one call's Session needs.
type SessionConfig struct {
	CallID    string
	Campaign  *prompts.Campaign
	Number    string // E.164
	Rail      *guardrails.Rail
	Responder Responder
	Synth     Synthesizer
	Store     Store
	Line      Line
	// TimeZone is the contact's stated IANA zone ("": the number's own).
	TimeZone string
	// Sandbox calls are stored as such and never write the real do-not-call list.
	Sandbox bool
	// MaxTurns bounds the number of callee turns (default 30).
	MaxTurns int
	// MaxDuration bounds the whole call (default 15 min).
	MaxDuration time.Duration
	// NoInputTimeout is how long the agent waits for the callee before asking
	// once whether they are there, and then ending the call (default 12 s).
	NoInputTimeout time.Duration
	// OptOutDigit is the key that opts out (default "9").
	OptOutDigit string
	Now         func() time.Time
	Observe     Observer
	// Judge, when set, is a second opinion on every generated sentence the
	// rail allowed (see VetSentence); JudgeTimeout bounds it.
	Judge        Judge
	JudgeTimeout time.Duration
	// Classify reads callee utterances (default guardrails.ClassifyResult).
	// A clear opt-out or refusal ends the call at once; a weak one is
	// confirmed with the campaign's confirm_opt_out question (see confirm.go),
	// which waits ConfirmTimeout for an answer (default DefaultConfirmTimeout).
	Classify       Classifier
	ConfirmTimeout time.Duration
	// IntentJudge, when set, is a second opinion on callee utterances the
	// rules are not sure of; IntentTimeout bounds it (DefaultIntentTimeout).
	IntentJudge   IntentJudge
	IntentTimeout time.Duration
}

func (c *SessionConfig) defaults() error {
	if c.Campaign == nil || c.Line == nil || c.Responder == nil || c.Synth == nil || c.Store == nil || c.Rail == nil {
		return fmt.Errorf("%w: session needs campaign, line, responder, synthesizer, store and rail", ErrConfig)
	}
	if c.MaxTurns <= 0 {
		c.MaxTurns = 30
	}
	if c.MaxDuration <= 0 {
		c.MaxDuration = 15 * time.Minute
	}
	if c.NoInputTimeout <= 0 {
		c.NoInputTimeout = 12 * time.Second
	}
	if c.OptOutDigit == "" {
		c.OptOutDigit = "9"
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Observe == nil {
		c.Observe = func(Observation) {}
	}
	c.confirmDefaults()
	return nil
}

// Session runs one answered call: disclosure, turn loop, end. Its Run
// goroutine owns all of the call's state; the speaking goroutine of a turn
// only reports back over a channel.
type Session struct {
	cfg SessionConfig
	rec *CallRecord

	history []Message
	// replaced marks the history entries that replaced a blocked sentence,
	// so that a replacement is never said twice in a row.
	replaced  map[int]bool
	turnIndex int
	// pending is a callee utterance heard while the agent could not be
	// interrupted (the disclosure), answered right after it.
	pending *CalleeEvent
	// lat times the agent's answer to the callee's last utterance.
	lat   *latencyMark
	ended bool
	// machine is set when the line reported an answering machine during the disclosure.
	machine *CalleeEvent
	// campaignText holds the campaign's own sentences, normalized (not judged).
	campaignText map[string]bool
}

// latencyMark holds the times of one callee utterance's way to an answer.
type latencyMark struct {
	speechEnd, endpointAt, finalAt, heardAt, sentenceAt time.Time
}

// NewSession prepares a call's session.
func NewSession(cfg SessionConfig) (*Session, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	c := cfg.Campaign
	rec := &CallRecord{
		ID:             cfg.CallID,
		Campaign:       c.Name,
		Business:       c.Business.Key(),
		Number:         cfg.Number,
		Sandbox:        cfg.Sandbox,
		DisclosureText: c.DisclosureText(),
		Turns:          []Turn{},
		Events:         []guardrails.Event{},
		Answers:        []SurveyAnswer{},
	}
	s := &Session{cfg: cfg, rec: rec}
	s.hookResponder()
	return s, nil
}

// Record returns the call's evidence record (complete once Run has returned).
func (s *Session) Record() *CallRecord { return s.rec }

// Run runs the call until it ends, saves its evidence record and returns it.
// A returned error is also reflected in the record's end reason.
func (s *Session) Run(ctx context.Context) (*CallRecord, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.MaxDuration)
	defer cancel()
	now := s.cfg.Now()
	s.rec.StartedAt, s.rec.AnsweredAt = now, now

	err := s.converse(ctx)
	if err != nil && s.rec.EndReason == "" {
		switch {
		case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
			s.end(OutcomeIncomplete, EndTimeLimit, "")
			err = nil
		case errors.Is(err, ErrHungUp):
			s.end(OutcomeHungUp, EndCalleeHangup, "")
			err = nil
		default:
			s.end(OutcomeFailed, EndError, err.Error())
		}
	}
	hangCtx, hcancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer hcancel()
	if herr := s.cfg.Line.Hangup(hangCtx); herr != nil && err == nil && s.rec.EndReason != EndCalleeHangup {
		err = fmt.Errorf("hang up: %w", herr)
	}
	s.rec.EndedAt = s.cfg.Now()
	// Turns are noted when each ends (agent) or is heard (callee); order them
	// by when they started, so talk-over reads in the order it happened.
	sort.SliceStable(s.rec.Turns, func(i, j int) bool { return s.rec.Turns[i].At.Before(s.rec.Turns[j].At) })
	for i := range s.rec.Turns {
		s.rec.Turns[i].Index = i
	}
	if a, ok := s.cfg.Responder.(answerer); ok {
		s.rec.Answers = append(s.rec.Answers[:0], a.Answers()...)
	}
	if serr := s.cfg.Store.SaveCall(hangCtx, s.rec); serr != nil {
		err = errors.Join(err, fmt.Errorf("save call: %w", serr))
	}
	return s.rec, err
}

func (s *Session) end(o Outcome, r EndReason, detail string) {
	if s.rec.EndReason != "" {
		return
	}
	s.rec.Outcome, s.rec.EndReason, s.rec.EndDetail = o, r, detail
	s.ended = true
}

// converse is the call's course: disclosure, then turns until something ends it.
func (s *Session) converse(ctx context.Context) error {
	if s.answeredByMachine() {
		return s.voicemail(ctx, "reported by the line", s.machineGreetingOver())
	}
	if err := s.disclose(ctx); err != nil || s.ended {
		return err
	}
	// The first agent turn opens the survey.
	next := &CalleeEvent{}
	if s.pending != nil {
		next, s.pending = s.pending, nil
	}
	for calleeTurns := 0; !s.ended; calleeTurns++ {
		if calleeTurns > s.cfg.MaxTurns {
			s.end(OutcomeIncomplete, EndTurnLimit, "")
			return nil
		}
		var err error
		next, err = s.handle(ctx, next)
		if err != nil || s.ended {
			return err
		}
		if next == nil {
			if next, err = s.waitCallee(ctx); err != nil || s.ended {
				return err
			}
		}
	}
	return nil
}

// disclose plays the campaign's fixed disclosure in full. The callee cannot
// talk over it, but an opt-out or refusal heard meanwhile still wins.
func (s *Session) disclose(ctx context.Context) error {
	text := s.rec.DisclosureText
	played, interrupted, err := s.speak(ctx, text, true, true, func(ev CalleeEvent) bool {
		switch ev.Kind {
		case CalleeMachine, CalleeBeep:
			s.machine = &ev
			return true
		case CalleeSpeech:
			s.noteCallee(ev)
			if s.endsAtOnce(ev.Text) {
				s.pending = &ev
				return true
			}
			// Heard; answered once the disclosure is done.
			s.pending = &ev
		case CalleeDTMF:
			if ev.Text == s.cfg.OptOutDigit {
				s.pending = &ev
				return true
			}
		}
		return false
	})
	s.rec.DisclosureStart = played.Start
	s.rec.DisclosureEnd = played.Start.Add(played.Duration)
	s.rec.DisclosureComplete = played.Complete
	if played.Complete {
		s.event(guardrails.Event{Kind: guardrails.EventDisclose, Text: text})
	}
	if err != nil {
		return err
	}
	if m := s.machine; m != nil {
		s.pending = nil
		return s.voicemail(ctx, machineHow(*m), m.Kind == CalleeBeep)
	}
	if interrupted && s.pending != nil {
		ev := *s.pending
		s.pending = nil
		_, err := s.handle(ctx, &ev)
		return err
	}
	return nil
}

// waitCallee waits for the callee's next utterance or key, asking once
// whether they are still there when they stay silent.
func (s *Session) waitCallee(ctx context.Context) (*CalleeEvent, error) {
	asked := false
	for {
		timer := time.NewTimer(s.cfg.NoInputTimeout)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		case ev, ok := <-s.cfg.Line.Events():
			timer.Stop()
			if !ok {
				return nil, ErrHungUp
			}
			switch ev.Kind {
			case CalleeHangup:
				return nil, ErrHungUp
			case CalleeError:
				return nil, fmt.Errorf("%w: %s", ErrLineFailed, ev.Text)
			case CalleeMachine, CalleeBeep:
				return nil, s.voicemail(ctx, machineHow(ev), ev.Kind == CalleeBeep)
			case CalleeSpeech, CalleeDTMF:
				// Speech with no text is speech the recogniser could not make
				// out: the responder asks again (or takes it as a free answer).
				s.noteCallee(ev)
				return &ev, nil
			}
		case <-timer.C:
			if asked {
				s.end(OutcomeIncomplete, EndTimeLimit, "no response from the callee")
				return nil, nil
			}
			asked = true
			next, _, err := s.speakFixed(ctx, stillThere(s.cfg.Campaign.Language))
			if err != nil || next != nil {
				return next, err
			}
		}
	}
}

func stillThere(lang string) string {
	if lang == "zh" {
		return "您好，请问您还在吗？"
	}
	return "Hello, are you still there?"
}

// noteCallee adds a callee utterance to the transcript.
func (s *Session) noteCallee(ev CalleeEvent) {
	if ev.Kind != CalleeSpeech {
		return
	}
	at := ev.At
	if at.IsZero() {
		at = s.cfg.Now()
	}
	m := &latencyMark{speechEnd: ev.SpeechEnd, endpointAt: ev.EndpointAt, finalAt: ev.FinalAt, heardAt: s.cfg.Now()}
	if m.speechEnd.IsZero() {
		m.speechEnd = at
	}
	s.lat = m
	text := ev.Text
	if strings.TrimSpace(text) == "" {
		text = Unintelligible
	}
	s.addTurn(Turn{Speaker: "callee", Text: text, At: at})
	s.history = append(s.history, Message{Role: "callee", Text: text})
	s.cfg.Observe(Observation{CallID: s.rec.ID, Speaker: "callee", Text: text})
}

func (s *Session) addTurn(t Turn) {
	t.Index = s.turnIndex
	s.turnIndex++
	s.rec.Turns = append(s.rec.Turns, t)
}

func (s *Session) event(e guardrails.Event) {
	e.Turn = s.turnIndex
	s.rec.Events = append(s.rec.Events, e)
	s.cfg.Observe(Observation{CallID: s.rec.ID, Speaker: "guard", Event: &e, Intent: e.Intent})
}

// handle acts on one callee event (nil Kind = open the conversation). It
// returns the next event when the callee interrupted the agent's reply.
func (s *Session) handle(ctx context.Context, ev *CalleeEvent) (*CalleeEvent, error) {
	intent := guardrails.IntentNone
	if ev.Kind == CalleeDTMF {
		if ev.Text != s.cfg.OptOutDigit {
			return nil, nil
		}
		s.event(guardrails.Event{Kind: guardrails.EventDTMF, Text: ev.Text, Intent: guardrails.IntentOptOut})
		return nil, s.optOut(ctx, guardrails.IntentOptOut, "dtmf "+ev.Text)
	}
	if ev.Kind == CalleeSpeech {
		res := s.hear(ctx, ev.Text)
		if ev.HeardOptOut && !ending(res.Intent) {
			// The recogniser heard the words of an opt-out the text does
			// not read as: ask rather than go on as if nothing was said.
			res = guardrails.IntentResult{Intent: guardrails.IntentOptOut, Weak: true}
		}
		if ending(res.Intent) && res.Weak {
			return s.confirm(ctx, ev, res)
		}
		intent = res.Intent
	}
	c := s.cfg.Campaign
	switch intent {
	case guardrails.IntentOptOut, guardrails.IntentRefusal:
		s.event(guardrails.Event{Kind: guardrails.EventIntent, Intent: intent, Text: ev.Text})
		return nil, s.optOut(ctx, intent, ev.Text)
	case guardrails.IntentCallback:
		s.event(guardrails.Event{Kind: guardrails.EventIntent, Intent: intent, Text: ev.Text})
		s.rec.CallbackText = ev.Text
		// "Tomorrow morning" is the callee's morning, not the server's.
		s.rec.CallbackAt = CallbackTime(ev.Text, s.cfg.Now().In(CalleeLocation(s.cfg.Number, s.cfg.TimeZone)))
		if _, _, err := s.speakFixed(ctx, c.Lines.CallbackClose); err != nil {
			return nil, err
		}
		s.end(OutcomeCallback, EndCallback, "")
		return nil, nil
	case guardrails.IntentAskIfAI, guardrails.IntentAskIdentity:
		s.event(guardrails.Event{Kind: guardrails.EventIntent, Intent: intent, Text: ev.Text})
		line := c.Lines.AIAnswer
		if intent == guardrails.IntentAskIdentity {
			line = c.Lines.Identity
		}
		next, _, err := s.speakFixed(ctx, line)
		if err != nil || next != nil || s.ended {
			return next, err
		}
		return s.respond(ctx, Input{Utterance: ev.Text, History: s.history, Handled: intent})
	}
	unclear := ev.Kind == CalleeSpeech && strings.TrimSpace(ev.Text) == ""
	return s.respond(ctx, Input{Utterance: ev.Text, History: s.history, Unclear: unclear})
}

// optOut records the opt-out durably, then confirms and ends the call. Nothing
// else is said after it.
func (s *Session) optOut(ctx context.Context, intent guardrails.Intent, utterance string) error {
	line := s.cfg.Campaign.Lines.OptOutConfirmation
	if intent == guardrails.IntentRefusal {
		line = s.cfg.Campaign.Lines.RefusalClose
	}
	recErr := s.recordOptOut(ctx, intent, utterance)
	// The confirmation is said even if the callee talks over it; a hang-up ends it.
	_, _, err := s.speak(ctx, line, true, true, func(CalleeEvent) bool { return false })
	if errors.Is(err, ErrHungUp) {
		err = nil
	}
	return errors.Join(recErr, err)
}

// recordOptOut writes the opt-out durably and ends the call's record.
func (s *Session) recordOptOut(ctx context.Context, intent guardrails.Intent, utterance string) error {
	c := s.cfg.Campaign
	at := s.cfg.Now()
	s.rec.OptOut, s.rec.OptOutUtterance, s.rec.OptOutAt = true, utterance, at
	reason, outcome, endReason := "opt_out", OutcomeOptOut, EndOptOut
	if intent == guardrails.IntentRefusal {
		reason, outcome, endReason = "refusal", OutcomeRefused, EndRefusal
	}
	var recErr error
	if !s.cfg.Sandbox {
		// Durable before anything else happens on the call.
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		recErr = s.cfg.Store.AddOptOut(wctx, OptOut{
			Number: s.cfg.Number, Business: c.Business.Key(), Campaign: c.Name,
			Reason: reason, Utterance: utterance, CallID: s.rec.ID, At: at,
		})
		cancel()
	}
	s.event(guardrails.Event{Kind: guardrails.EventOptOut, Intent: intent, Text: utterance})
	s.end(outcome, endReason, "")
	if recErr != nil {
		s.rec.EndDetail = recErr.Error()
		recErr = fmt.Errorf("%w: %w", ErrOptOutNotRecorded, recErr)
	}
	return recErr
}

// speakFixed says a fixed campaign line; the callee can interrupt it.
func (s *Session) speakFixed(ctx context.Context, text string) (*CalleeEvent, Played, error) {
	s.markSentence()
	var next *CalleeEvent
	played, _, err := s.speak(ctx, text, true, false, func(ev CalleeEvent) bool {
		if s.interrupts(ev) {
			next = &ev
			return true
		}
		return false
	})
	if err != nil || next == nil {
		return nil, played, err
	}
	return s.interrupted(ctx, next)
}

// interrupts decides whether a callee event during agent speech is a barge-in.
// Backchannels ("uh-huh", "yeah", 嗯) are not.
func (s *Session) interrupts(ev CalleeEvent) bool {
	switch ev.Kind {
	case CalleeDTMF:
		return ev.Text == s.cfg.OptOutDigit
	case CalleeSpeech:
		if strings.TrimSpace(ev.Text) == "" {
			return true // sustained speech the line could not make out
		}
		if s.classify(ev.Text).Intent != guardrails.IntentNone {
			return true
		}
		return !IsBackchannel(ev.Text)
	}
	// Partial results do not cut the agent off: the line pauses its audio on
	// sustained speech, and the final result decides.
	return false
}

// markSentence notes when the first sentence of the answer to the callee's
// last utterance was ready.
func (s *Session) markSentence() {
	if s.lat != nil && s.lat.sentenceAt.IsZero() {
		s.lat.sentenceAt = s.cfg.Now()
	}
}

// interrupted records a barge-in and hands back the callee's utterance.
func (s *Session) interrupted(ctx context.Context, ev *CalleeEvent) (*CalleeEvent, Played, error) {
	s.noteCallee(*ev)
	return ev, Played{}, ctx.Err()
}

// speak synthesizes and plays one sentence, watching callee events with
// watch; watch returns true to cut the sentence short. Protected speech is
// not paused by the line when the callee talks.
func (s *Session) speak(ctx context.Context, text string, fixed, protected bool, watch func(CalleeEvent) bool) (Played, bool, error) {
	return s.speakSpeech(ctx, text, nil, fixed, protected, watch)
}

// speakSpeech is speak with the sentence already synthesized (pre, when not nil).
func (s *Session) speakSpeech(ctx context.Context, text string, pre *Speech, fixed, protected bool, watch func(CalleeEvent) bool) (Played, bool, error) {
	var sp Speech
	if pre != nil {
		sp = *pre
	} else {
		var err error
		if sp, err = s.cfg.Synth.Synthesize(ctx, text, s.cfg.Campaign.Language); err != nil {
			return Played{}, false, fmt.Errorf("synthesize: %w", err)
		}
	}
	sp.Protected = protected
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		p   Played
		err error
	}
	done := make(chan result, 1)
	go func() {
		p, err := s.cfg.Line.Play(pctx, sp)
		done <- result{p, err}
	}()
	interrupted := false
	var lineErr error
	for {
		select {
		case r := <-done:
			s.notePlayed(text, r.p, fixed)
			if interrupted && !r.p.Complete && !protected {
				s.rec.BargeIns++
			}
			if lineErr != nil {
				return r.p, interrupted, lineErr
			}
			return r.p, interrupted, r.err
		case ev, ok := <-s.cfg.Line.Events():
			if !ok || ev.Kind == CalleeHangup {
				lineErr = ErrHungUp
				cancel()
				continue
			}
			if ev.Kind == CalleeError {
				lineErr = fmt.Errorf("%w: %s", ErrLineFailed, ev.Text)
				cancel()
				continue
			}
			if !interrupted && watch(ev) {
				interrupted = true
				cancel()
			}
		}
	}
}

// notePlayed adds what was actually played to the transcript and history.
func (s *Session) notePlayed(text string, p Played, fixed bool) {
	said := p.Text
	if p.Complete {
		said = text
	}
	if said == "" {
		return
	}
	if s.lat != nil && !p.Start.IsZero() {
		s.recordLatency(s.lat, p)
		s.lat = nil
	}
	s.addTurn(Turn{Speaker: "agent", Text: said, At: p.Start, Interrupted: !p.Complete, Fixed: fixed})
	s.history = append(s.history, Message{Role: "agent", Text: said})
	s.cfg.Observe(Observation{CallID: s.rec.ID, Speaker: "agent", Text: said})
}

// recordLatency stores the voice-to-voice time of one answer, by stage.
func (s *Session) recordLatency(m *latencyMark, p Played) {
	ms := func(a, b time.Time) float64 {
		if a.IsZero() || b.IsZero() || b.Before(a) {
			return 0
		}
		return float64(b.Sub(a).Microseconds()) / 1000
	}
	l := TurnLatency{Turn: s.turnIndex, VoiceToVoice: ms(m.speechEnd, p.Start)}
	l.Endpointing = ms(m.speechEnd, m.endpointAt)
	l.Recognizer = ms(m.endpointAt, m.finalAt)
	l.Responder = ms(m.heardAt, m.sentenceAt)
	l.Synthesizer = ms(p.Requested, p.Start)
	l.Overhead = max(l.VoiceToVoice-l.Endpointing-l.Recognizer-l.Responder-l.Synthesizer, 0)
	s.rec.LatenciesMS = append(s.rec.LatenciesMS, int64(l.VoiceToVoice))
	s.rec.Latency = append(s.rec.Latency, l)
}

// respond runs one responder turn: tokens -> sentences -> output rail ->
// synthesizer -> line. It returns the callee's utterance if they interrupted.
func (s *Session) respond(ctx context.Context, in Input) (*CalleeEvent, error) {
	tctx, cancel := context.WithCancel(ctx)
	defer cancel()
	reply, err := s.cfg.Responder.Respond(tctx, in)
	if err != nil {
		return nil, fmt.Errorf("responder: %w", err)
	}
	defer reply.Close()
	var split Splitter
	eof := false
	for !eof {
		chunk, err := reply.Next()
		if errors.Is(err, io.EOF) {
			eof = true
		} else if err != nil {
			// A broken responder: say the safe fallback rather than nothing, then end.
			next, _, serr := s.speakFixed(ctx, s.cfg.Campaign.Lines.SafeFallback)
			if next != nil || serr != nil {
				return next, serr
			}
			s.end(OutcomeFailed, EndError, "responder: "+err.Error())
			return nil, nil
		}
		sentences := split.Push(chunk)
		if eof {
			if last := split.Flush(); last != "" {
				sentences = append(sentences, last)
			}
		}
		for _, sent := range sentences {
			next, err := s.say(ctx, sent)
			if err != nil || next != nil || s.ended {
				return next, err
			}
		}
	}
	if f, ok := s.cfg.Responder.(finisher); ok && f.Finished() {
		s.end(OutcomeCompleted, EndCompleted, "")
	}
	return nil, nil
}

// say passes one generated sentence through the output rail and plays it, or
// the campaign's safe fallback in its place.
func (s *Session) say(ctx context.Context, sentence string) (*CalleeEvent, error) {
	s.markSentence()
	d, sp := VetSentence(ctx, s.cfg.Rail, s.judgeFor(sentence), s.cfg.JudgeTimeout, s.cfg.Synth, sentence, s.cfg.Campaign.Language)
	text, fixed := sentence, false
	if d.Verdict == guardrails.Block {
		sp = nil
		text, fixed = s.fallbackLine(), true
		if d.Category == guardrails.CategoryClaimsHuman && text == s.cfg.Campaign.Lines.SafeFallback {
			// A model describing itself as a person is answered by the
			// campaign's own AI answer, unless that was just said.
			text = s.aiAnswerOr(text)
		}
		s.event(guardrails.Event{
			Kind: guardrails.EventBlocked, Category: d.Category, Rule: d.Rule,
			Text: sentence, Replacement: text,
		})
		if text == "" {
			return nil, nil // the fallback was just said: not again
		}
	}
	var next *CalleeEvent
	before := len(s.history)
	_, _, err := s.speakSpeech(ctx, text, sp, fixed, false, func(ev CalleeEvent) bool {
		if s.interrupts(ev) {
			next = &ev
			return true
		}
		return false
	})
	if err != nil {
		return nil, err
	}
	if d.Verdict == guardrails.Block && len(s.history) > before {
		if s.replaced == nil {
			s.replaced = map[int]bool{}
		}
		s.replaced[len(s.history)-1] = true
	}
	if next != nil {
		s.noteCallee(*next)
	}
	return next, nil
}
