// Package agenttest holds hand-written fakes of the agent's interfaces for
// unit tests of the layers above them: a scriptable Line, an in-memory Store
// and a Responder that streams fixed chunks. Each records what happened in a
// shared Log so tests can check the order of events across them.
package agenttest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"candor/agent"
	"candor/prompts"
)

// Log is an ordered record of what the fakes saw.
type Log struct {
	mu      sync.Mutex
	entries []string
}

// Add appends an entry.
func (l *Log) Add(format string, a ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, fmt.Sprintf(format, a...))
}

// Entries returns a copy of the log.
func (l *Log) Entries() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.entries...)
}

// Index returns the position of the first entry equal to s, or -1.
func (l *Log) Index(s string) int {
	for i, e := range l.Entries() {
		if e == s {
			return i
		}
	}
	return -1
}

// Line is a scriptable line. Play takes the speech's Duration on the clock
// (use testing/synctest for fake time).
type Line struct {
	Log *Log
	// During is called as sentence i starts playing; a non-empty reply is said
	// by the callee at the given fraction of the sentence.
	During func(i int, text string) (reply string, at float64)
	// After is called when sentence i played in full; a non-empty reply is
	// said by the callee right after it ("<hangup>" hangs up).
	After func(i int, text string) string
	// Fail, when it returns an error for a sentence, makes Play fail halfway
	// through it (a synthesizer or line that dies mid-sentence).
	Fail func(text string) error
	// Machine makes AnsweredByMachine report that a machine picked up (as
	// Twilio's answering machine detection does).
	Machine bool
	// GreetingOver makes MachineGreetingOver report that the machine's
	// greeting has ended (Twilio's machine_end_* results).
	GreetingOver bool

	mu     sync.Mutex
	n      int
	events chan agent.CalleeEvent
	closed bool
	played []agent.Played
}

var _ agent.Line = (*Line)(nil)

// NewLine returns a line logging to log.
func NewLine(log *Log) *Line {
	return &Line{Log: log, events: make(chan agent.CalleeEvent, 64)}
}

// Played returns what was played, in order.
func (l *Line) Played() []agent.Played {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]agent.Played(nil), l.played...)
}

// AnsweredByMachine reports the Machine field.
func (l *Line) AnsweredByMachine() bool { return l.Machine }

// MachineGreetingOver reports the GreetingOver field.
func (l *Line) MachineGreetingOver() bool { return l.GreetingOver }

// Say makes the callee say text now ("<hangup>" hangs up, "#:9" presses 9,
// "<machine>" reports an answering machine, "<beep>" its beep; text after
// HeardOptOut is speech in which a recogniser heard an opt-out's words).
func (l *Line) Say(text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	now := time.Now()
	if text == "<hangup>" {
		l.events <- agent.CalleeEvent{Kind: agent.CalleeHangup, At: now}
		return
	}
	switch text {
	case "<machine>":
		l.Log.Add("callee: <machine>")
		l.events <- agent.CalleeEvent{Kind: agent.CalleeMachine, Text: "long greeting", At: now}
		return
	case "<beep>":
		l.Log.Add("callee: <beep>")
		l.events <- agent.CalleeEvent{Kind: agent.CalleeBeep, At: now}
		return
	}
	if len(text) > 2 && text[:2] == "#:" {
		l.events <- agent.CalleeEvent{Kind: agent.CalleeDTMF, Text: text[2:], At: now}
		return
	}
	heard := strings.HasPrefix(text, HeardOptOut)
	text = strings.TrimPrefix(text, HeardOptOut)
	l.Log.Add("callee: %s", text)
	l.events <- agent.CalleeEvent{Kind: agent.CalleeSpeech, Text: text, At: now, SpeechEnd: now, HeardOptOut: heard}
}

// HeardOptOut marks a Say as speech whose opt-out words the recogniser heard
// (agent.CalleeEvent.HeardOptOut).
const HeardOptOut = "<heard-opt-out>"

// Play plays s, taking s.Duration unless ctx is cancelled first.
func (l *Line) Play(ctx context.Context, s agent.Speech) (agent.Played, error) {
	start := time.Now()
	if ctx.Err() != nil {
		return agent.Played{Start: start}, nil
	}
	l.mu.Lock()
	i := l.n
	l.n++
	closed := l.closed
	l.mu.Unlock()
	if closed {
		return agent.Played{Start: start}, agent.ErrLineClosed
	}
	if l.Fail != nil {
		if err := l.Fail(s.Text); err != nil {
			time.Sleep(s.Duration / 2)
			p := agent.Played{Start: start, Duration: s.Duration / 2, Text: agent.PlayedPrefix(s.Text, 0.5)}
			l.record(p)
			return p, err
		}
	}
	var during <-chan time.Time
	var reply string
	if l.During != nil {
		var at float64
		if reply, at = l.During(i, s.Text); reply != "" {
			t := time.NewTimer(time.Duration(float64(s.Duration) * at))
			defer t.Stop()
			during = t.C
		}
	}
	done := time.NewTimer(s.Duration)
	defer done.Stop()
	for {
		select {
		case <-during:
			during = nil
			l.Say(reply)
		case <-done.C:
			p := agent.Played{Start: start, Duration: s.Duration, Complete: true, Text: s.Text}
			l.record(p)
			if l.After != nil {
				if r := l.After(i, s.Text); r != "" {
					l.Say(r)
				}
			}
			return p, nil
		case <-ctx.Done():
			el := time.Since(start)
			frac := 1.0
			if s.Duration > 0 {
				frac = float64(el) / float64(s.Duration)
			}
			p := agent.Played{Start: start, Duration: el, Text: agent.PlayedPrefix(s.Text, frac)}
			l.record(p)
			return p, nil
		}
	}
}

func (l *Line) record(p agent.Played) {
	l.mu.Lock()
	l.played = append(l.played, p)
	l.mu.Unlock()
	if p.Complete {
		l.Log.Add("agent: %s", p.Text)
	} else {
		l.Log.Add("agent (cut): %s", p.Text)
	}
}

// Events delivers the callee's events.
func (l *Line) Events() <-chan agent.CalleeEvent { return l.events }

// Hangup closes the line; idempotent.
func (l *Line) Hangup(context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		l.closed = true
		close(l.events)
		l.Log.Add("hangup")
	}
	return nil
}

// ErrInjected is returned by a Store told to fail.
var ErrInjected = errors.New("injected failure")

// Store is an in-memory store.
type Store struct {
	Log *Log
	// FailOptOut makes AddOptOut fail.
	FailOptOut bool

	mu    sync.Mutex
	dnc   map[string]agent.OptOut
	calls map[string]*agent.CallRecord
}

// NewStore returns an empty store logging to log.
func NewStore(log *Log) *Store {
	return &Store{Log: log, dnc: map[string]agent.OptOut{}, calls: map[string]*agent.CallRecord{}}
}

// IsOnDNC reports whether number is on business's list.
func (s *Store) IsOnDNC(_ context.Context, business, number string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.dnc[scope(business)+"|"+number]
	return ok, nil
}

// scope keys a business as the real stores do (store.BusinessKey): by its
// id, so that the registered name and the id find the same list.
func scope(business string) string {
	if id := prompts.BusinessID(business); id != "" {
		return id
	}
	return business
}

// AddOptOut records an opt-out.
func (s *Store) AddOptOut(_ context.Context, o agent.OptOut) error {
	if s.FailOptOut {
		return ErrInjected
	}
	s.mu.Lock()
	s.dnc[scope(o.Business)+"|"+o.Number] = o
	s.mu.Unlock()
	s.Log.Add("dnc: %s", o.Number)
	return nil
}

// SaveCall stores a copy of rec.
func (s *Store) SaveCall(_ context.Context, rec *agent.CallRecord) error {
	c := *rec
	s.mu.Lock()
	s.calls[rec.ID] = &c
	s.mu.Unlock()
	s.Log.Add("save: %s", rec.Outcome)
	return nil
}

// Call returns a stored call.
func (s *Store) Call(id string) *agent.CallRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[id]
}

// Responder streams Chunks[i] for turn i (the last entry repeats).
type Responder struct {
	Turns [][]string
	// Err, when set, is returned by Next after the chunks of each turn.
	Err error
	n   int
	// Inputs records what the responder was asked.
	Inputs []agent.Input
}

// Respond streams the next turn's chunks.
func (r *Responder) Respond(ctx context.Context, in agent.Input) (agent.Reply, error) {
	r.Inputs = append(r.Inputs, in)
	i := min(r.n, len(r.Turns)-1)
	r.n++
	var chunks []string
	if i >= 0 {
		chunks = r.Turns[i]
	}
	return &reply{chunks: chunks, err: r.Err}, nil
}

type reply struct {
	chunks []string
	err    error
	i      int
}

func (p *reply) Next() (string, error) {
	if p.i < len(p.chunks) {
		p.i++
		return p.chunks[p.i-1], nil
	}
	if p.err != nil {
		return "", p.err
	}
	return "", io.EOF
}

func (p *reply) Close() error { return nil }
