package loopback

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"candor/agent"
)

var _ agent.Line = (*Terminal)(nil)

// Terminal is a Line (and its Dialer) on a terminal, where a person plays
// the callee: agent speech is printed, each typed
// line is one callee utterance. Input is handed to the agent once it has
// been quiet for a moment, so a piped script converses turn by turn.
type Terminal struct {
	out    io.Writer
	quiet  time.Duration
	events chan agent.CalleeEvent
	once   sync.Once

	mu       sync.Mutex
	closed   bool
	playing  int
	lastPlay time.Time
}

// NewTerminal reads the callee's lines from in and prints the agent on out
// ("/quit" hangs up, "/dtmf 9" presses a key).
func NewTerminal(in io.Reader, out io.Writer) *Terminal {
	l := &Terminal{out: out, quiet: 150 * time.Millisecond, events: make(chan agent.CalleeEvent, 16)}
	lines := make(chan agent.CalleeEvent, 64)
	go l.read(in, lines)
	go l.dispatch(lines)
	return l
}

// Dial returns the terminal itself.
func (l *Terminal) Dial(context.Context, string) (agent.Line, error) { return l, nil }

func (l *Terminal) read(in io.Reader, lines chan<- agent.CalleeEvent) {
	defer close(lines)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		t := strings.TrimSpace(sc.Text())
		switch {
		case t == "":
			continue
		case t == "/quit" || t == "/hangup":
			lines <- agent.CalleeEvent{Kind: agent.CalleeHangup}
			return
		case strings.HasPrefix(t, "/dtmf"):
			lines <- agent.CalleeEvent{Kind: agent.CalleeDTMF, Text: strings.TrimSpace(strings.TrimPrefix(t, "/dtmf"))}
		default:
			lines <- agent.CalleeEvent{Kind: agent.CalleeSpeech, Text: t}
		}
	}
	lines <- agent.CalleeEvent{Kind: agent.CalleeHangup}
}

// dispatch hands each input line over once the agent has gone quiet.
func (l *Terminal) dispatch(lines <-chan agent.CalleeEvent) {
	for ev := range lines {
		for {
			l.mu.Lock()
			closed := l.closed
			wait := l.lastPlay.IsZero() || l.playing > 0 || time.Since(l.lastPlay) < l.quiet
			l.mu.Unlock()
			if closed {
				return
			}
			if !wait {
				break
			}
			time.Sleep(l.quiet / 3)
		}
		now := time.Now()
		ev.At, ev.SpeechEnd = now, now
		l.mu.Lock()
		l.lastPlay = now // the agent's answer comes next: wait for it
		if !l.closed {
			select {
			case l.events <- ev:
			default:
			}
		}
		l.mu.Unlock()
	}
}

// Play prints the agent's sentence.
func (l *Terminal) Play(ctx context.Context, s agent.Speech) (agent.Played, error) {
	start := time.Now()
	if ctx.Err() != nil {
		return agent.Played{Start: start}, nil
	}
	l.mu.Lock()
	l.playing++
	l.mu.Unlock()
	fmt.Fprintf(l.out, "agent> %s\n", s.Text)
	l.mu.Lock()
	l.playing--
	l.lastPlay = time.Now()
	l.mu.Unlock()
	return agent.Played{Start: start, Duration: s.Duration, Complete: true, Text: s.Text}, nil
}

// Events are the typed utterances and keys.
func (l *Terminal) Events() <-chan agent.CalleeEvent { return l.events }

// Hangup ends the call; it is idempotent.
func (l *Terminal) Hangup(context.Context) error {
	l.once.Do(func() {
		l.mu.Lock()
		l.closed = true
		close(l.events)
		l.mu.Unlock()
	})
	return nil
}
