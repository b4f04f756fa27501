package loopback

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"candor/agent"
)

// lockedBuffer is the terminal's output, read while the line writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestTerminal: typed lines reach the agent one at a time once it has
// spoken, "/dtmf 9" is a key, the end of the input hangs up, and the agent's
// sentences are printed.
func TestTerminal(t *testing.T) {
	out := &lockedBuffer{}
	l := NewTerminal(strings.NewReader("yes please\n\n/dtmf 9\n"), out)
	defer func() { _ = l.Hangup(context.Background()) }()
	want := []agent.CalleeEvent{
		{Kind: agent.CalleeSpeech, Text: "yes please"},
		{Kind: agent.CalleeDTMF, Text: "9"},
		{Kind: agent.CalleeHangup},
	}
	timeout := time.After(10 * time.Second)
	for i, w := range want {
		p, err := l.Play(context.Background(), agent.Speech{Text: "Question " + string(rune('1'+i))})
		if err != nil || !p.Complete {
			t.Fatalf("Play: got %+v, %v; want complete", p, err)
		}
		select {
		case ev := <-l.Events():
			if ev.Kind != w.Kind || ev.Text != w.Text || ev.At.IsZero() {
				t.Errorf("event %d: got %v %q at %v, want %v %q", i, ev.Kind, ev.Text, ev.At, w.Kind, w.Text)
			}
		case <-timeout:
			t.Fatalf("event %d: got none, want %v", i, w.Kind)
		}
	}
	if got := out.String(); !strings.Contains(got, "agent> Question 1\n") || !strings.Contains(got, "agent> Question 3\n") {
		t.Errorf("printed %q, want every agent sentence", got)
	}
	if err := l.Hangup(context.Background()); err != nil {
		t.Errorf("second Hangup: got %v, want nil (idempotent)", err)
	}
}
