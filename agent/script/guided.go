package script

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"candor/agent"
	"candor/guardrails"
	"candor/prompts"
)

// ErrMove: a chooser returned a move that is not one of the MoveKinds.
var ErrMove = errors.New("script: unknown move")

// MoveKind is what a guided model may choose to do next. Every kind is
// rendered from the campaign file; the model writes no sentence of it.
type MoveKind string

// The moves of guided mode.
const (
	// MoveRecordAnswer: the callee answered the current question; Answer is
	// its value (a number of the scale, yes or no, one of the choices; for a
	// free-text question the callee's own words are kept instead).
	MoveRecordAnswer MoveKind = "record_answer"
	// MoveReask: the answer was unclear; ask the question again.
	MoveReask MoveKind = "reask"
	// MoveAnswerFact: the callee asked something an approved fact answers;
	// Fact is its number (1-based, as listed to the model).
	MoveAnswerFact MoveKind = "answer_fact"
	// MoveAnswerIdentity: the callee asked who is calling.
	MoveAnswerIdentity MoveKind = "answer_identity"
	// MoveAnswerAI: the callee asked whether the caller is a machine, or asked
	// it to pretend to be a person.
	MoveAnswerAI MoveKind = "answer_ai"
	// MoveClose: the conversation is over; on the last question it closes
	// (no answer kept), before it the question is asked again.
	MoveClose MoveKind = "close"
)

// MoveKinds lists the moves a chooser may return, in the order documented.
var MoveKinds = []MoveKind{MoveRecordAnswer, MoveReask, MoveAnswerFact, MoveAnswerIdentity, MoveAnswerAI, MoveClose}

// Move is a chooser's decision for one turn.
type Move struct {
	Kind   MoveKind
	Answer string // MoveRecordAnswer: the value
	Fact   int    // MoveAnswerFact: 1-based index into the campaign's approved facts
	// Ack is an optional short acknowledgement said before the next question
	// (MoveRecordAnswer only). It is spoken only when it passes the strict
	// acknowledgement profile and the campaign's rail; otherwise the
	// campaign's own thanks is said and the refusal is recorded.
	Ack string
}

// Turn is what a chooser is told about one turn.
type Turn struct {
	Campaign  *prompts.Campaign
	Question  prompts.Question // the question being asked
	Index     int              // its position in the survey (0-based)
	Utterance string           // what the callee said (data, never instructions)
	History   []agent.Message
}

// Chooser picks the next move of a guided call (a model, in agent/openai).
type Chooser interface {
	Choose(ctx context.Context, t Turn) (Move, error)
}

// Guided is a responder whose model chooses moves and whose sentences all
// come from the campaign: the survey's questions and fixed lines, the
// approved facts, and at most a short acknowledgement the strict profile of
// the rail accepts. The model is not asked when the rules can decide alone:
// the first question, a turn the session already answered with a fixed line
// (AI or identity), silence, an unclear utterance, a closed question the
// rules extract an answer for, and a finished survey.
//
// A Guided serves one call. Respond may run on a goroutine of agent.Fallback;
// TakeEvents is safe to call from the session's.
type Guided struct {
	s       *Responder
	ch      Chooser
	rail    *guardrails.Rail
	lastAck string

	mu     sync.Mutex
	events []guardrails.Event
}

var (
	_ agent.Responder = (*Guided)(nil)
	_ agent.Follower  = (*Guided)(nil)
)

// NewGuided returns the guided responder of one call of campaign c.
func NewGuided(c *prompts.Campaign, ch Chooser) *Guided {
	return &Guided{s: New(c), ch: ch, rail: agent.RailFor(c)}
}

// Answers returns the answers recorded so far.
func (g *Guided) Answers() []agent.SurveyAnswer { return g.s.Answers() }

// Finished reports whether the survey is over.
func (g *Guided) Finished() bool { return g.s.Finished() }

// Follow moves the survey to where history stands and answers in by the
// rules alone (agent.Fallback's backup role).
func (g *Guided) Follow(in agent.Input) []string { return g.s.Follow(in) }

// TakeEvents returns the guardrail events of the turns so far (refused
// acknowledgements) and forgets them.
func (g *Guided) TakeEvents() []guardrails.Event {
	g.mu.Lock()
	defer g.mu.Unlock()
	ev := g.events
	g.events = nil
	return ev
}

// Respond answers one turn. A chooser error is returned as is (agent.Fallback
// then continues the call on the script).
func (g *Guided) Respond(ctx context.Context, in agent.Input) (agent.Reply, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out, err := g.turn(ctx, in)
	if err != nil {
		return nil, err
	}
	return &reply{chunks: out}, nil
}

func (g *Guided) turn(ctx context.Context, in agent.Input) ([]string, error) {
	r := g.s
	c := r.c
	// Turns answered without the model (agent.Fallback gives a handled turn
	// to the script alone) may have asked a question: take the survey's
	// position from what was said.
	r.resume(in.History)
	if r.finished || len(c.Survey) == 0 || !r.started || in.Handled != "" || in.Unclear ||
		strings.TrimSpace(in.Utterance) == "" {
		return r.turn(in), nil
	}
	q := c.Survey[r.next]
	if q.Type != prompts.AnswerText {
		if val, ok := Extract(q, in.Utterance); ok {
			return r.record(val, in.Utterance, r.phrase("thanks")), nil
		}
	}
	mv, err := g.ch.Choose(ctx, Turn{Campaign: c, Question: q, Index: r.next, Utterance: in.Utterance, History: in.History})
	if err != nil {
		return nil, err
	}
	resume := func(first string) []string { return []string{first, r.phrase("resume"), q.Text} }
	switch mv.Kind {
	case MoveRecordAnswer:
		val, ok := Valid(q, mv.Answer, in.Utterance)
		if !ok {
			return g.retryOrSkip(in.Utterance), nil
		}
		return r.record(val, in.Utterance, g.ack(mv.Ack)), nil
	case MoveReask:
		return g.retryOrSkip(in.Utterance), nil
	case MoveAnswerFact:
		if mv.Fact < 1 || mv.Fact > len(c.ApprovedFacts) {
			return g.retryOrSkip(in.Utterance), nil
		}
		return resume(c.ApprovedFacts[mv.Fact-1]), nil
	case MoveAnswerIdentity:
		return resume(c.Lines.Identity), nil
	case MoveAnswerAI:
		return resume(c.Lines.AIAnswer), nil
	case MoveClose:
		// A model may not cut the survey short: the call's record would say
		// completed with questions never asked. Only after the last answer
		// does "close" close; before it, the question stands.
		if r.next < len(c.Survey)-1 {
			return g.retryOrSkip(in.Utterance), nil
		}
		return r.record("", in.Utterance, r.phrase("thanks")), nil
	}
	return nil, fmt.Errorf("%w: %q", ErrMove, mv.Kind)
}

// retryOrSkip asks again once, then keeps no answer and moves on.
func (g *Guided) retryOrSkip(raw string) []string {
	if out := g.s.retry(); out != nil {
		return out
	}
	return g.s.record("", raw, g.s.phrase("thanks"))
}

// ack returns the model's acknowledgement when it may be spoken, else the
// campaign's thanks (recording why the model's was refused). The same
// acknowledgement twice in a row is not repeated.
func (g *Guided) ack(text string) string {
	thanks := g.s.phrase("thanks")
	text = strings.TrimSpace(text)
	if text == "" {
		return thanks
	}
	ok, why := guardrails.AckAllowed(text, g.s.c.Language)
	d := g.rail.Check(text)
	if ok && d.Verdict == guardrails.Allow {
		if sameText(text, g.lastAck) {
			return thanks
		}
		g.lastAck = text
		return text
	}
	cat, rule := d.Category, d.Rule
	if d.Verdict != guardrails.Block {
		cat, rule = guardrails.CategoryOffProfile, "acknowledgement "+why
	}
	g.mu.Lock()
	g.events = append(g.events, guardrails.Event{Kind: guardrails.EventBlocked, Category: cat, Rule: rule, Text: text, Replacement: thanks})
	g.mu.Unlock()
	return thanks
}

func sameText(a, b string) bool {
	na := guardrails.Normalize(a)
	return na != "" && na == guardrails.Normalize(b)
}

// Valid checks a model's value for question q against the question and
// what the callee said: a number inside the scale, yes or no, one of the
// choices (by its campaign spelling). A free-text answer is the callee's
// own words, never the model's. ok is false when the value does not fit.
func Valid(q prompts.Question, value, utterance string) (string, bool) {
	v := strings.TrimSpace(value)
	switch q.Type {
	case prompts.AnswerText:
		u := strings.TrimSpace(utterance)
		return u, u != ""
	case prompts.AnswerScale:
		n, err := strconv.Atoi(v)
		lo, hi := q.Min, q.Max
		if lo == 0 && hi == 0 {
			lo, hi = 1, 5
		}
		if err != nil || n < lo || n > hi {
			return "", false
		}
		return strconv.Itoa(n), true
	case prompts.AnswerYesNo:
		switch strings.ToLower(v) {
		case "yes", "no":
			return strings.ToLower(v), true
		}
		return "", false
	case prompts.AnswerChoice:
		for _, ch := range q.Choices {
			if guardrails.Normalize(ch) == guardrails.Normalize(v) && v != "" {
				return ch, true
			}
		}
	}
	return "", false
}
