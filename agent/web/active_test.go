package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/agent/dialer"
	"candor/agent/metrics"
	"candor/agent/script"
	"candor/prompts"
)

// blockingLine answers and then plays nothing until released; the callee
// hangs up then.
type blockingLine struct {
	playing, release chan struct{}
	events           chan agent.CalleeEvent
	once, hang       sync.Once
}

func newBlockingLine() *blockingLine {
	return &blockingLine{playing: make(chan struct{}), release: make(chan struct{}), events: make(chan agent.CalleeEvent)}
}

func (l *blockingLine) Play(ctx context.Context, s agent.Speech) (agent.Played, error) {
	l.once.Do(func() { close(l.playing) })
	select {
	case <-l.release:
		return agent.Played{Start: time.Now()}, agent.ErrHungUp
	case <-ctx.Done():
		return agent.Played{Start: time.Now()}, nil
	}
}

func (l *blockingLine) Events() <-chan agent.CalleeEvent { return l.events }

func (l *blockingLine) Hangup(context.Context) error {
	l.hang.Do(func() { close(l.events) })
	return nil
}

type textSynth struct{}

func (textSynth) Synthesize(_ context.Context, text, _ string) (agent.Speech, error) {
	return agent.Speech{Text: text, Duration: time.Second}, nil
}

func scrapeActive(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "candor_active_calls "); ok {
			return v
		}
	}
	t.Fatalf("got no candor_active_calls in %q", b)
	return ""
}

// TestActiveCallsGauge: /metrics counts a call placed through dialer.Counted
// (as `candor call` and the dialer place theirs) while it runs, and not after.
func TestActiveCallsGauge(t *testing.T) {
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	var g metrics.Gauge
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	ts := httptest.NewServer(WithMetrics(app, &metrics.Handler{Active: &g}, true, nil))
	defer ts.Close()
	if got := scrapeActive(t, ts.URL); got != "0" {
		t.Fatalf("before the call: got candor_active_calls %s, want 0", got)
	}
	line := newBlockingLine()
	ctrl := &agent.Controller{Store: agenttest.NewStore(&agenttest.Log{}), Synth: textSynth{},
		Dialer:       agent.DialerFunc(func(context.Context, string) (agent.Line, error) { return line, nil }),
		NewResponder: func(c *prompts.Campaign) (agent.Responder, error) { return script.New(c), nil }}
	done := make(chan error, 1)
	go func() {
		_, err := dialer.Counted{Caller: ctrl, Active: &g}.Call(context.Background(), agent.CallRequest{Campaign: camp, Number: "+15551230050"})
		done <- err
	}()
	select {
	case <-line.playing:
	case <-time.After(10 * time.Second):
		t.Fatal("the call never started playing")
	}
	if got := scrapeActive(t, ts.URL); got != "1" {
		t.Errorf("during the call: got candor_active_calls %s, want 1", got)
	}
	close(line.release)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the call did not end")
	}
	if got := scrapeActive(t, ts.URL); got != "0" {
		t.Errorf("after the call: got candor_active_calls %s, want 0", got)
	}
}
