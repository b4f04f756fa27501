package agent

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"candor/guardrails"
)

// Default budgets of a Fallback. With the callee's end of turn, synthesis
// and the line on top, they keep the first audio of a turn within about 2 s.
const (
	DefaultFallbackBudget = 1500 * time.Millisecond
	DefaultFallbackGap    = 1500 * time.Millisecond
)

// maxFailureText bounds the error text kept in a provider_failure event.
const maxFailureText = 200

// Follower is a responder that can take over a call another responder
// started (the campaign script). Follow takes the survey's position from
// the questions asked so far in in.History, by whoever asked them, then
// answers in and returns the sentences it would say.
type Follower interface {
	Follow(in Input) []string
	Answers() []SurveyAnswer
	Finished() bool
}

// FallbackConfig configures a Fallback.
type FallbackConfig struct {
	// Primary is the responder that speaks while it works (a model).
	Primary Responder
	// Backup continues the call once Primary has failed (the campaign script).
	Backup Follower
	// Budget bounds the wait for a turn's first sentence, one retry of
	// Primary included (default DefaultFallbackBudget).
	Budget time.Duration
	// Gap bounds the wait for each later sentence of a turn: the silence the
	// callee hears between two sentences (default DefaultFallbackGap).
	Gap time.Duration
	// Closing is the campaign's closing line: once Primary has said it, the
	// survey is over.
	Closing string
}

// Fallback is a Responder that gives its primary (a model) a bounded chance
// on every turn and continues the call on its backup (the campaign script)
// from where the survey stands when the primary fails: an error, no first
// sentence within the budget, or a silence longer than the gap. A failed
// start is retried once while the budget allows. From the first failure on,
// the backup has the call. Each failure is reported as a provider_failure
// guardrail event of the call.
//
// A Fallback serves one call, from the session goroutine.
type Fallback struct {
	cfg     FallbackConfig
	closing string // the closing line's last sentence
	failed  bool   // the backup has the call
	closed  bool   // the primary said the closing line
	report  func(guardrails.Event)
}

var (
	_ Responder = (*Fallback)(nil)
	_ Reply     = (*fallbackReply)(nil)
)

// NewFallback returns a Fallback for cfg with its defaults applied.
func NewFallback(cfg FallbackConfig) (*Fallback, error) {
	if cfg.Primary == nil || cfg.Backup == nil {
		return nil, fmt.Errorf("%w: fallback needs a primary and a backup responder", ErrConfig)
	}
	if cfg.Budget <= 0 {
		cfg.Budget = DefaultFallbackBudget
	}
	if cfg.Gap <= 0 {
		cfg.Gap = DefaultFallbackGap
	}
	f := &Fallback{cfg: cfg}
	var split Splitter
	sents := split.Push(cfg.Closing)
	if last := split.Flush(); last != "" {
		sents = append(sents, last)
	}
	if len(sents) > 0 {
		f.closing = sents[len(sents)-1]
	}
	return f, nil
}

// ReportEvents makes the Fallback report its failures to fn (the session
// does this; fn is called on the goroutine that calls Next).
func (f *Fallback) ReportEvents(fn func(guardrails.Event)) { f.report = fn }

// Failed reports whether the backup has taken over the call.
func (f *Fallback) Failed() bool { return f.failed }

// Answers returns the primary's answers (when it extracts any), completed
// by the backup's for the questions the primary has none for.
func (f *Fallback) Answers() []SurveyAnswer {
	var out []SurveyAnswer
	seen := map[string]bool{}
	if a, ok := f.cfg.Primary.(answerer); ok {
		for _, x := range a.Answers() {
			out = append(out, x)
			seen[x.QuestionID] = true
		}
	}
	for _, x := range f.cfg.Backup.Answers() {
		if !seen[x.QuestionID] {
			out = append(out, x)
		}
	}
	return out
}

// Finished reports whether the survey is over: the backup's flow, once it
// has the call; the primary's own word, or its closing line, before.
func (f *Fallback) Finished() bool {
	if f.failed {
		return f.cfg.Backup.Finished()
	}
	if fin, ok := f.cfg.Primary.(finisher); ok && fin.Finished() {
		return true
	}
	return f.closed
}

// Respond starts a turn. The backup follows every turn (so that it knows
// where the survey stands); while the primary works, its sentences are the
// ones spoken.
func (f *Fallback) Respond(ctx context.Context, in Input) (Reply, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	script := f.cfg.Backup.Follow(in)
	r := &fallbackReply{f: f, ctx: ctx, in: in, script: script, start: time.Now()}
	// A turn the session answered with a fixed line (the AI or identity
	// answer) goes on from the script: the model is not asked, so nothing it
	// might make of the callee's words follows the fixed answer.
	if f.failed || in.Handled != "" {
		r.ready, r.eof = script, true
		return r, nil
	}
	r.startAttempt()
	return r, nil
}

// item is what an attempt's pump hands over: a chunk or the end.
type item struct {
	text string
	err  error
}

// attempt is one call of the primary, pumped by its own goroutine.
type attempt struct {
	cancel context.CancelFunc
	items  chan item
	done   chan struct{}
}

func (a *attempt) stop() {
	a.cancel()
	<-a.done
}

// fallbackReply is one turn of a Fallback: it re-cuts the primary's chunks
// into sentences, so that it can bound the wait for each of them.
type fallbackReply struct {
	f      *Fallback
	ctx    context.Context
	in     Input
	script []string // the backup's sentences for this turn
	start  time.Time

	att      *attempt
	attempts int
	split    Splitter
	ready    []string // sentences to hand out, in order
	said     []string // sentences handed out this turn
	eof      bool     // nothing follows ready
	once     sync.Once
}

// startAttempt calls the primary in a goroutine that pumps its chunks.
func (r *fallbackReply) startAttempt() {
	r.attempts++
	actx, cancel := context.WithCancel(r.ctx)
	a := &attempt{cancel: cancel, items: make(chan item), done: make(chan struct{})}
	r.att = a
	primary, in := r.f.cfg.Primary, r.in
	go func() {
		defer close(a.done)
		send := func(it item) bool {
			select {
			case a.items <- it:
				return true
			case <-actx.Done():
				return false
			}
		}
		rep, err := primary.Respond(actx, in)
		if err != nil {
			send(item{err: err})
			return
		}
		defer rep.Close()
		for {
			s, err := rep.Next()
			if !send(item{text: s, err: err}) || err != nil {
				return
			}
		}
	}()
}

// eventSource is a primary that keeps guardrail events of its own (a guided
// model's refused acknowledgements) for the session to collect.
type eventSource interface {
	TakeEvents() []guardrails.Event
}

// passEvents hands the primary's pending events to the session. It runs on
// the session goroutine (from Next).
func (f *Fallback) passEvents() {
	src, ok := f.cfg.Primary.(eventSource)
	if !ok || f.report == nil {
		return
	}
	for _, e := range src.TakeEvents() {
		f.report(e)
	}
}

// Next returns the next sentence (with a trailing space), or io.EOF. The
// wait for a sentence is bounded: by the budget for the turn's first one, by
// the gap for each later one.
func (r *fallbackReply) Next() (string, error) {
	deadline := time.Now().Add(r.f.cfg.Gap)
	for {
		if len(r.ready) > 0 {
			s := r.ready[0]
			r.ready = r.ready[1:]
			r.said = append(r.said, s)
			if !r.f.failed && r.f.closing != "" && sameSentence(s, r.f.closing) {
				r.f.closed = true
			}
			return s + " ", nil
		}
		if r.eof || r.att == nil {
			return "", io.EOF
		}
		if err := r.ctx.Err(); err != nil {
			r.att.stop()
			r.att = nil
			return "", err
		}
		limit := deadline
		if len(r.said) == 0 {
			limit = r.start.Add(r.f.cfg.Budget)
		}
		timer := time.NewTimer(max(time.Until(limit), 0))
		select {
		case it := <-r.att.items:
			timer.Stop()
			r.f.passEvents()
			switch {
			case errors.Is(it.err, io.EOF):
				r.ready = append(r.ready, r.split.Push(it.text)...)
				if last := r.split.Flush(); last != "" {
					r.ready = append(r.ready, last)
				}
				r.finishAttempt()
				r.eof = true
			case it.err != nil:
				if r.ctx.Err() != nil {
					continue // the turn was cancelled: reported above
				}
				r.fail(it.err, "error")
			default:
				r.ready = append(r.ready, r.split.Push(it.text)...)
			}
		case <-timer.C:
			what := fmt.Errorf("no sentence within %v", r.f.cfg.Gap)
			if len(r.said) == 0 {
				what = fmt.Errorf("no first sentence within the %v budget", r.f.cfg.Budget)
			}
			r.fail(what, "stall")
		case <-r.ctx.Done():
			timer.Stop()
		}
	}
}

// finishAttempt waits for the attempt's pump after its last item.
func (r *fallbackReply) finishAttempt() {
	if r.att != nil {
		r.att.stop()
		r.att = nil
	}
}

// fail ends the current attempt. Before any sentence, the primary is tried
// once more while a quarter of the budget is left; otherwise the backup takes
// over the call, here and for the turns after.
func (r *fallbackReply) fail(err error, kind string) {
	r.finishAttempt()
	left := r.f.cfg.Budget - time.Since(r.start)
	if len(r.said) == 0 && len(r.ready) == 0 && r.attempts < 2 && left > r.f.cfg.Budget/4 {
		r.f.event(kind, err, "retry")
		r.split = Splitter{}
		r.startAttempt()
		return
	}
	r.f.event(kind, err, "script")
	r.f.failed = true
	// A sentence complete but for the end of the stream is spoken; a cut
	// one is not.
	if rest := r.split.Flush(); rest != "" && endsSentence(rest) {
		r.ready = append(r.ready, rest)
	}
	r.ready = append(r.ready, r.continuation()...)
	r.eof = true
}

// continuation is what the backup adds to the turn: all of its sentences
// when the primary said nothing, else only its last one (the question it
// would ask), unless the primary already asked it.
func (r *fallbackReply) continuation() []string {
	if len(r.script) == 0 {
		return nil
	}
	spoken := append(append([]string(nil), r.said...), r.ready...)
	if len(spoken) == 0 {
		return r.script
	}
	last := r.script[len(r.script)-1]
	for _, s := range spoken {
		if sameSentence(s, last) {
			return nil
		}
	}
	return []string{last}
}

// Close stops the primary's attempt, if one is running. It is idempotent.
func (r *fallbackReply) Close() error {
	r.once.Do(r.finishAttempt)
	return nil
}

// event reports one failure of the primary.
func (f *Fallback) event(kind string, err error, then string) {
	if f.report == nil {
		return
	}
	text := err.Error()
	if len(text) > maxFailureText {
		text = strings.ToValidUTF8(text[:maxFailureText], "") + "..."
	}
	f.report(guardrails.Event{Kind: guardrails.EventProviderFailure, Rule: kind, Text: text, Replacement: then})
}

// sameSentence compares two sentences as spoken (case, spacing and
// punctuation aside).
func sameSentence(a, b string) bool {
	na, nb := guardrails.Normalize(a), guardrails.Normalize(b)
	return na != "" && na == nb
}

// endsSentence reports whether s ends with a sentence terminator (closing
// quotes aside).
func endsSentence(s string) bool {
	s = strings.TrimRight(strings.TrimSpace(s), "\"')”’」）")
	for _, t := range []string{".", "!", "?", "。", "！", "？", "；"} {
		if strings.HasSuffix(s, t) {
			return true
		}
	}
	return false
}

// eventReporter is implemented by responders that report guardrail events
// of their own (a Fallback's provider failures).
type eventReporter interface {
	ReportEvents(func(guardrails.Event))
}

// hookResponder lets the call's responder add events to its evidence.
func (s *Session) hookResponder() {
	if r, ok := s.cfg.Responder.(eventReporter); ok {
		r.ReportEvents(s.event)
	}
}

// fallbackLine is what replaces a blocked sentence: the campaign's safe
// fallback, but never twice in a row. A second block in the same reply says
// nothing more (""); a block right after the callee answered the fallback
// closes the call with the closing line.
func (s *Session) fallbackLine() string {
	c := s.cfg.Campaign
	calleeSince := false
	for i := len(s.history) - 1; i >= 0; i-- {
		m := s.history[i]
		if m.Role != "agent" {
			calleeSince = true
			continue
		}
		if m.Text != c.Lines.SafeFallback && !s.replaced[i] {
			break
		}
		if !calleeSince {
			return ""
		}
		s.end(OutcomeIncomplete, EndResponderDone, "blocked again after the safe fallback: closed the call")
		return c.Lines.Closing
	}
	return c.Lines.SafeFallback
}

// aiAnswerOr is the campaign's AI answer in place of a blocked self-
// description, or instead when the AI answer is the last thing the agent
// said with the callee silent since (it is not said twice in a row).
func (s *Session) aiAnswerOr(instead string) string {
	ai := s.cfg.Campaign.Lines.AIAnswer
	if ai == "" {
		return instead
	}
	for i := len(s.history) - 1; i >= 0; i-- {
		m := s.history[i]
		if m.Role != "agent" {
			break
		}
		if m.Text == ai {
			return ""
		}
	}
	return ai
}
