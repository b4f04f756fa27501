// Package loopback is an in-process telephone network of simulated callees
// (personas). It carries text with a playout clock, so a whole campaign runs
// offline and fast, with barge-in and timing behaving as on a real line.
package loopback

import (
	"context"
	"fmt"
	"sync"
	"time"

	"candor/agent"
	"candor/prompts"
)

// Network maps numbers to personas.
type Network struct {
	Campaign *prompts.Campaign
	// Speed is how much faster than real time calls run (default 1; 0 = 1).
	Speed float64
	// Audio, when set, makes calls carry audio instead of text.
	Audio *AudioConfig

	mu       sync.Mutex
	personas map[string]string
}

// NewNetwork returns a network for one campaign.
func NewNetwork(c *prompts.Campaign, speed float64) *Network {
	if speed <= 0 {
		speed = 1
	}
	return &Network{Campaign: c, Speed: speed, personas: map[string]string{}}
}

// Add places a persona at a number.
func (n *Network) Add(number, persona string) error {
	if _, ok := personas[persona]; !ok {
		return fmt.Errorf("%w: %q (known: %v)", ErrUnknownPersona, persona, PersonaNames())
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.personas[number] = persona
	return nil
}

// Dial connects to the persona at number.
func (n *Network) Dial(ctx context.Context, number string) (agent.Line, error) {
	n.mu.Lock()
	p, ok := n.personas[number]
	n.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("%w", ErrUnknownNumber)
	}
	if p == "no_answer" {
		return nil, agent.ErrNoAnswer
	}
	if n.Audio != nil {
		return n.dialAudio(p)
	}
	return NewLine(NewCallee(p, n.Campaign), n.Speed), nil
}

// Line is one simulated call. Its clock is virtual: speech advances it by its
// speaking time, and real time passes Speed times faster.
type Line struct {
	callee *Callee
	speed  float64

	mu     sync.Mutex
	vt     time.Time // virtual now
	events chan agent.CalleeEvent
	closed bool
	// Heard is everything the callee heard, in order (for tests).
	heard []string
}

var _ agent.Line = (*Line)(nil)

// NewLine connects a callee.
func NewLine(c *Callee, speed float64) *Line {
	if speed <= 0 {
		speed = 1
	}
	return &Line{callee: c, speed: speed, vt: time.Now(), events: make(chan agent.CalleeEvent, 64)}
}

// Now is the line's virtual clock.
func (l *Line) Now() time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.vt
}

func (l *Line) advance(d time.Duration) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.vt = l.vt.Add(d)
	return l.vt
}

// Heard returns what the callee heard so far.
func (l *Line) Heard() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.heard...)
}

// Events delivers the callee's speech.
func (l *Line) Events() <-chan agent.CalleeEvent { return l.events }

func (l *Line) push(ev agent.CalleeEvent) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	select {
	case l.events <- ev:
	default:
	}
}

// say makes the callee speak: the clock advances by the utterance's length.
func (l *Line) say(text string) {
	if text == "" {
		return
	}
	if text == HangUp {
		l.push(agent.CalleeEvent{Kind: agent.CalleeHangup, At: l.Now()})
		return
	}
	start := l.Now()
	end := l.advance(agent.SpeakingTime(text, 0))
	l.push(agent.CalleeEvent{Kind: agent.CalleeSpeech, Text: text, At: start, SpeechEnd: end})
}

// Play plays a sentence to the callee, who may interrupt it.
func (l *Line) Play(ctx context.Context, s agent.Speech) (agent.Played, error) {
	start := l.Now()
	if err := ctx.Err(); err != nil {
		return agent.Played{Start: start}, nil
	}
	l.mu.Lock()
	closed := l.closed
	l.mu.Unlock()
	if closed {
		return agent.Played{Start: start}, agent.ErrLineClosed
	}
	interject, at := l.callee.Hearing(s.Text)
	real := time.Duration(float64(s.Duration) / l.speed)
	t0 := time.Now()
	done := time.NewTimer(real)
	defer done.Stop()
	var interC <-chan time.Time
	if interject != "" {
		it := time.NewTimer(time.Duration(float64(real) * at))
		defer it.Stop()
		interC = it.C
	}
	for {
		select {
		case <-done.C:
			l.advance(s.Duration)
			l.mu.Lock()
			l.heard = append(l.heard, s.Text)
			l.mu.Unlock()
			l.say(l.callee.Heard(s.Text))
			return agent.Played{Start: start, Duration: s.Duration, Complete: true, Text: s.Text}, nil
		case <-interC:
			interC = nil
			// The callee starts talking at this point of the sentence.
			frac := at
			l.mu.Lock()
			l.vt = start.Add(time.Duration(float64(s.Duration) * frac))
			l.mu.Unlock()
			l.say(interject)
		case <-ctx.Done():
			frac := float64(time.Since(t0)) / float64(real)
			if frac > 1 {
				frac = 1
			}
			played := time.Duration(float64(s.Duration) * frac)
			prefix := agent.PlayedPrefix(s.Text, frac)
			l.mu.Lock()
			l.heard = append(l.heard, prefix)
			if l.vt.Before(start.Add(played)) {
				l.vt = start.Add(played)
			}
			l.mu.Unlock()
			return agent.Played{Start: start, Duration: played, Complete: false, Text: prefix}, nil
		}
	}
}

// Hangup ends the call; idempotent.
func (l *Line) Hangup(context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		l.closed = true
		close(l.events)
	}
	return nil
}
