package agent_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/openai"
	"candor/guardrails"
)

// sseServer streams the words of reply as chat-completion chunks; stallAfter
// > 0 stops sending after that many chunks and holds the connection, dropAfter
// > 0 cuts the connection.
func sseServer(t *testing.T, reply string, stallAfter, dropAfter int) *httptest.Server {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/chat/completions") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		fl := w.(http.Flusher)
		words := strings.SplitAfter(reply, " ")
		for i, word := range words {
			if stallAfter > 0 && i == stallAfter {
				select {
				case <-release:
				case <-r.Context().Done():
				}
				return
			}
			if dropAfter > 0 && i == dropAfter {
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
				return
			}
			fmt.Fprintf(w, "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":%q}}]}\n\n", word)
			fl.Flush()
		}
		fmt.Fprint(w, "data: [DONE]\n\n")
		fl.Flush()
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	return srv
}

func openaiRig(t *testing.T, srv *httptest.Server) *rig {
	t.Helper()
	r := newRig()
	cfg := openai.Config{BaseURL: srv.URL + "/v1", APIKey: "sk-test", Model: "m", IdleTimeout: 300 * time.Millisecond}
	resp, err := openai.NewResponder(cfg, r.camp.SystemPrompt)
	if err != nil {
		t.Fatal(err)
	}
	r.resp = nil
	r.line.After = func(i int, text string) string {
		if strings.HasSuffix(text, "?") {
			return "stop calling me"
		}
		return ""
	}
	s, err := agent.NewSession(agent.SessionConfig{
		CallID: "c1", Campaign: r.camp, Number: number, Rail: agent.RailFor(r.camp),
		Responder: resp, Synth: fastSynth{}, Store: r.store, Line: r.line, NoInputTimeout: 2 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Run(context.Background())
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	t.Cleanup(func() { _ = rec })
	r.rec = rec
	return r
}

// fastSynth keeps speech short so real-time tests stay quick.
type fastSynth struct{}

func (fastSynth) Synthesize(_ context.Context, text, lang string) (agent.Speech, error) {
	return agent.Speech{Text: text, Lang: lang, Duration: time.Millisecond}, nil
}

func TestOpenAIStreamForbiddenSentencesNeverSpoken(t *testing.T) {
	srv := sseServer(t, "Thanks for your time. I'm a real person, I promise. "+
		"You are guaranteed to save 50% with us. How satisfied were you with the visit?", 0, 0)
	r := openaiRig(t, srv)
	for _, e := range r.log.Entries() {
		if strings.Contains(e, "real person") || strings.Contains(e, "guaranteed") {
			t.Errorf("forbidden sentence reached the line: %q", e)
		}
	}
	if r.log.Index("agent: Thanks for your time.") < 0 || r.log.Index("agent: How satisfied were you with the visit?") < 0 {
		t.Errorf("allowed sentences missing: %q", r.log.Entries())
	}
	var blocked []guardrails.Category
	for _, ev := range r.rec.Events {
		if ev.Kind == guardrails.EventBlocked {
			blocked = append(blocked, ev.Category)
		}
	}
	if len(blocked) != 2 {
		t.Errorf("blocked = %v, want claims_human and guaranteed_outcome", blocked)
	}
	if r.rec.Outcome != agent.OutcomeOptOut {
		t.Errorf("outcome = %q, want %q", r.rec.Outcome, agent.OutcomeOptOut)
	}
}

func TestOpenAIStreamStallsOrDrops(t *testing.T) {
	for _, tc := range []struct {
		name         string
		stall, drop  int
		wantFallback bool
	}{
		{"stall", 4, 0, true},
		{"drop", 0, 4, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := sseServer(t, "Thanks for your time. How satisfied were you with the visit?", tc.stall, tc.drop)
			r := openaiRig(t, srv)
			if r.rec.Outcome != agent.OutcomeFailed || r.rec.EndReason != agent.EndError {
				t.Errorf("outcome %q/%q, want failed/error", r.rec.Outcome, r.rec.EndReason)
			}
			if r.log.Index("agent: Thanks for your time.") < 0 {
				t.Errorf("the sentence completed before the stall was not spoken: %q", r.log.Entries())
			}
			if r.log.Index("agent: "+r.camp.Lines.SafeFallback) < 0 {
				t.Errorf("safe fallback not said: %q", r.log.Entries())
			}
			for _, e := range r.log.Entries() {
				if strings.Contains(e, "How satisfied") {
					t.Errorf("an incomplete sentence was spoken: %q", e)
				}
			}
		})
	}
}
