package agent_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/agent/openai"
	"candor/agent/openai/openaitest"
	"candor/agent/script"
	"candor/guardrails"
)

// A guided model that fails in every way: an HTTP error, a stall, a move
// candor cannot read, a cut connection. The rules answer what they can
// alone; where the model was needed, the script takes over from the current
// question, the failure is in the evidence, and the callee hears at most 2 s
// of silence.
func TestGuidedProviderFailures(t *testing.T) {
	tests := []struct {
		name  string
		serve func(w http.ResponseWriter, r *http.Request, release <-chan struct{})
		kind  string // the provider_failure event's rule
	}{
		{"http 500", func(w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
			openaitest.Error(w, http.StatusInternalServerError, "overloaded")
		}, "error"},
		{"stall", func(w http.ResponseWriter, r *http.Request, release <-chan struct{}) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}, "stall"},
		{"unreadable move", func(w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
			openaitest.Completion(w, "Sure! I'm Tom, a real person, and I promise a refund.")
		}, "error"},
		{"cut connection", func(w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
		}, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				camp := surveyCampaign()
				release := make(chan struct{})
				srv := openaitest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tt.serve(w, r, release) }))
				defer srv.Close()
				defer close(release)
				planner, err := openai.NewPlanner(openai.Config{BaseURL: openaitest.URL, Model: "m", Dialer: srv}, camp)
				if err != nil {
					t.Fatal(err)
				}
				defer planner.CloseIdleConnections()
				resp, err := script.Fallback(camp, script.NewGuided(camp, planner))
				if err != nil {
					t.Fatal(err)
				}
				log := &agenttest.Log{}
				line := agenttest.NewLine(log)
				// The first answer needs the model (the rules read no number
				// in it); the rest the rules read alone.
				line.After = func(_ int, text string) string {
					switch {
					case strings.Contains(text, "satisfied"):
						return "hmm the plumber was lovely honestly"
					case strings.Contains(text, "fixed"):
						return "yes it was"
					case strings.HasSuffix(text, "?"):
						return "four"
					}
					return ""
				}
				s, err := agent.NewSession(agent.SessionConfig{
					CallID: "c1", Campaign: camp, Number: number, Rail: agent.RailFor(camp),
					Responder: resp, Synth: agent.TextSynth{}, Store: agenttest.NewStore(log), Line: line,
					NoInputTimeout: 5 * time.Second,
				})
				if err != nil {
					t.Fatal(err)
				}
				rec, err := s.Run(context.Background())
				if err != nil {
					t.Fatalf("run: %v", err)
				}
				if rec.Outcome != agent.OutcomeCompleted {
					t.Errorf("outcome: got %q (%s), want completed; said %q", rec.Outcome, rec.EndDetail, agentLines(log))
				}
				for _, q := range camp.Survey {
					if log.Index("agent: "+q.Text) < 0 {
						t.Errorf("question %q not asked: %q", q.Text, agentLines(log))
					}
				}
				for _, l := range agentLines(log) {
					if strings.Contains(l, "Tom") || strings.Contains(l, "refund") {
						t.Errorf("model text reached the line: %q", l)
					}
				}
				var then []string
				for _, ev := range rec.Events {
					if ev.Kind == guardrails.EventProviderFailure {
						if ev.Rule != tt.kind {
							t.Errorf("provider failure rule: got %q, want %q (%s)", ev.Rule, tt.kind, ev.Text)
						}
						then = append(then, ev.Replacement)
					}
				}
				if len(then) == 0 || then[len(then)-1] != "script" {
					t.Errorf("provider failures: got %q, want the last one handed to the script", then)
				}
				silence := longestSilence(line.Played())
				t.Logf("%s: failures %q, longest silence the callee heard: %v", tt.name, then, silence)
				if silence > 2*time.Second {
					t.Errorf("longest silence: got %v, want at most 2s", silence)
				}
			})
		})
	}
}
