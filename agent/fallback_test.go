package agent_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/agent/openai"
	"candor/agent/openai/openaitest"
	"candor/agent/script"
	"candor/guardrails"
	"candor/prompts"
)

// surveyCampaign is testCampaign with a three-question survey.
func surveyCampaign() *prompts.Campaign {
	c := testCampaign()
	c.Survey = []prompts.Question{
		{ID: "q1", Text: "How satisfied were you with the visit, from one to five?", Type: prompts.AnswerScale},
		{ID: "q2", Text: "Was the problem fixed?", Type: prompts.AnswerYesNo},
		{ID: "q3", Text: "How likely are you to recommend us, from one to five?", Type: prompts.AnswerScale},
	}
	return c
}

// surveyModel is a well-behaved model: it asks the campaign's next question
// (the first one not yet in the assistant messages), then says the closing
// line. fault, when it returns true for request n (1-based), lets the test
// answer that request instead.
type surveyModel struct {
	c     *prompts.Campaign
	fault func(n int, w http.ResponseWriter, r *http.Request, reply []string) bool

	mu sync.Mutex
	n  int
}

func (m *surveyModel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req, err := openaitest.ReadRequest(r)
	if err != nil {
		openaitest.Error(w, http.StatusBadRequest, err.Error())
		return
	}
	m.mu.Lock()
	m.n++
	n := m.n
	m.mu.Unlock()
	asked := map[string]bool{}
	for _, msg := range req.Messages {
		if msg.Role == "assistant" {
			asked[msg.Content] = true
		}
	}
	reply := []string{m.c.Lines.Closing}
	for i, q := range m.c.Survey {
		if !asked[q.Text] {
			lead := "Thank you."
			if i == 0 {
				lead = "Thanks for taking the survey."
			}
			reply = []string{lead, q.Text}
			break
		}
	}
	if m.fault != nil && m.fault(n, w, r, reply) {
		return
	}
	openaitest.Start(w)
	for _, s := range reply {
		for _, word := range strings.SplitAfter(s+" ", " ") {
			if word != "" {
				openaitest.Chunk(w, word)
			}
		}
	}
	openaitest.Done(w)
}

// words streams the words of text as chunks.
func words(w http.ResponseWriter, text string) {
	for _, word := range strings.SplitAfter(text, " ") {
		if word != "" {
			openaitest.Chunk(w, word)
		}
	}
}

// calleeAnswers answers the survey model's questions on an agenttest line.
func calleeAnswers(_ int, text string) string {
	switch {
	case strings.Contains(text, "fixed"):
		return "yes it was"
	case strings.HasSuffix(text, "?"):
		return "four"
	}
	return ""
}

// longestSilence is the longest time the callee heard nothing from the
// agent between two sentences, on the line's clock. The scripted callee
// answers the moment a sentence ends, so this includes the agent's time to
// answer them.
func longestSilence(played []agent.Played) time.Duration {
	var worst time.Duration
	for i := 1; i < len(played); i++ {
		prevEnd := played[i-1].Start.Add(played[i-1].Duration)
		worst = max(worst, played[i].Start.Sub(prevEnd))
	}
	return worst
}

// The provider fails in every way it can; the call goes on with the script
// from where the survey stands, every question reaches the line, the failure
// is in the evidence and the callee never hears more than 2 s of silence.
func TestFallbackContinuesOnScript(t *testing.T) {
	const failFrom = 2 // the model answers the first turn, then fails
	hold := func(r *http.Request) { <-r.Context().Done() }
	tests := []struct {
		name  string
		fault func(n int, w http.ResponseWriter, r *http.Request, reply []string) bool
		// wantThen is the Replacement of the last provider_failure event
		// ("" for no failure at all).
		wantThen string
		// wantSaid must reach the line.
		wantSaid []string
	}{
		{
			name: "http 500",
			fault: func(n int, w http.ResponseWriter, _ *http.Request, _ []string) bool {
				if n < failFrom {
					return false
				}
				openaitest.Error(w, http.StatusInternalServerError, "overloaded")
				return true
			},
			wantThen: "script",
		},
		{
			name: "http 500 from the first turn",
			fault: func(_ int, w http.ResponseWriter, _ *http.Request, _ []string) bool {
				openaitest.Error(w, http.StatusInternalServerError, "overloaded")
				return true
			},
			wantThen: "script",
		},
		{
			name: "http 500 once, then the retry works",
			fault: func(n int, w http.ResponseWriter, _ *http.Request, _ []string) bool {
				if n != failFrom {
					return false
				}
				openaitest.Error(w, http.StatusInternalServerError, "overloaded")
				return true
			},
			wantThen: "retry",
			wantSaid: []string{"Thank you."},
		},
		{
			name: "no answer headers",
			fault: func(n int, _ http.ResponseWriter, r *http.Request, _ []string) bool {
				if n < failFrom {
					return false
				}
				hold(r)
				return true
			},
			wantThen: "script",
		},
		{
			name: "stall before the first token",
			fault: func(n int, w http.ResponseWriter, r *http.Request, _ []string) bool {
				if n < failFrom {
					return false
				}
				openaitest.Start(w)
				hold(r)
				return true
			},
			wantThen: "script",
		},
		{
			name: "stall inside the second sentence",
			fault: func(n int, w http.ResponseWriter, r *http.Request, reply []string) bool {
				if n < failFrom {
					return false
				}
				openaitest.Start(w)
				words(w, "Thanks for that answer. "+reply[1][:12])
				hold(r)
				return true
			},
			wantThen: "script",
			wantSaid: []string{"Thanks for that answer."},
		},
		{
			name: "tokens trickle slower than a sentence a gap",
			fault: func(n int, w http.ResponseWriter, r *http.Request, reply []string) bool {
				if n < failFrom {
					return false
				}
				openaitest.Start(w)
				for _, word := range strings.SplitAfter(reply[1], " ") {
					openaitest.Chunk(w, word)
					select {
					case <-time.After(700 * time.Millisecond):
					case <-r.Context().Done():
						return true
					}
				}
				openaitest.Done(w)
				return true
			},
			wantThen: "script",
		},
		{
			name: "stream cut after a sentence",
			fault: func(n int, w http.ResponseWriter, r *http.Request, reply []string) bool {
				if n < failFrom {
					return false
				}
				openaitest.Start(w)
				words(w, "Thanks for that answer. How sat")
				if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
					conn.Close()
				}
				return true
			},
			wantThen: "script",
			wantSaid: []string{"Thanks for that answer."},
		},
		{
			name: "close-delimited stream without [DONE] ends on a complete question",
			fault: func(n int, w http.ResponseWriter, r *http.Request, reply []string) bool {
				if n < failFrom {
					return false
				}
				conn, buf, err := w.(http.Hijacker).Hijack()
				if err != nil {
					return true
				}
				defer conn.Close()
				buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
				for _, word := range strings.SplitAfter("Thanks for that answer. "+reply[1], " ") {
					buf.WriteString("data: " + openaitest.ChunkJSON(word, "") + "\n\n")
				}
				buf.Flush()
				return true
			},
			// The question held at the end of the cut stream is spoken once,
			// by the model's stream; the script asks the questions after it.
			wantThen: "script",
			wantSaid: []string{"Thanks for that answer."},
		},
		{
			name: "chunked stream without [DONE]",
			fault: func(n int, w http.ResponseWriter, r *http.Request, reply []string) bool {
				openaitest.Start(w)
				words(w, strings.Join(reply, " ")) // no terminator-held loss, no marker
				return true
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				camp := surveyCampaign()
				model := &surveyModel{c: camp, fault: tt.fault}
				srv := openaitest.NewServer(model)
				defer srv.Close()
				primary, err := openai.NewResponder(openai.Config{BaseURL: openaitest.URL, Model: "m", Dialer: srv}, camp.SystemPrompt)
				if err != nil {
					t.Fatal(err)
				}
				defer primary.CloseIdleConnections()
				resp, err := script.Fallback(camp, primary)
				if err != nil {
					t.Fatal(err)
				}
				log := &agenttest.Log{}
				line := agenttest.NewLine(log)
				line.After = calleeAnswers
				st := agenttest.NewStore(log)
				s, err := agent.NewSession(agent.SessionConfig{
					CallID: "c1", Campaign: camp, Number: number, Rail: agent.RailFor(camp),
					Responder: resp, Synth: agent.TextSynth{}, Store: st, Line: line,
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
				last := -1
				for _, q := range camp.Survey {
					i := log.Index("agent: " + q.Text)
					if i < 0 || i < last {
						t.Errorf("question %q: at %d after %d, want it on the line in order; log %q", q.Text, i, last, log.Entries())
					}
					last = i
				}
				if !strings.Contains(strings.Join(agentLines(log), " "), "agent: That's all, thank you. agent: Goodbye.") {
					t.Errorf("closing line not said: %q", agentLines(log))
				}
				for _, w := range tt.wantSaid {
					if log.Index("agent: "+w) < 0 {
						t.Errorf("%q did not reach the line: %q", w, agentLines(log))
					}
				}
				asked := map[string]int{}
				for _, l := range agentLines(log) {
					if strings.HasPrefix(l, "agent (cut)") || strings.Contains(l, "How sat") && !strings.HasSuffix(l, "?") {
						t.Errorf("an incomplete sentence reached the line: %q", l)
					}
					asked[l]++
				}
				for _, q := range camp.Survey {
					if asked["agent: "+q.Text] != 1 {
						t.Errorf("question %q asked %d times, want once", q.Text, asked["agent: "+q.Text])
					}
				}
				var then string
				for _, ev := range rec.Events {
					if ev.Kind == guardrails.EventProviderFailure {
						then = ev.Replacement
						if ev.Text == "" || ev.Rule == "" {
							t.Errorf("failure event %+v: want its kind and what happened", ev)
						}
					}
				}
				if then != tt.wantThen {
					t.Errorf("last provider failure: got %q, want %q; events %+v", then, tt.wantThen, rec.Events)
				}
				if len(rec.Answers) != len(camp.Survey) {
					t.Errorf("answers: got %+v, want one per question", rec.Answers)
				}
				silence := longestSilence(line.Played())
				t.Logf("longest silence the callee heard: %v", silence)
				if silence > 2*time.Second {
					t.Errorf("longest silence: got %v, want at most 2s", silence)
				}
			})
		})
	}
}

// A model whose sentences are all blocked: the fallback line is said once
// per reply, and when the callee has answered it and the model is blocked
// again, the call closes with the closing line: never the same line twice.
func TestFallbackLineNeverTwiceInARow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(
			[]string{"I'm a real person. ", "You are guaranteed to save 50%. ", "I am a real person, honestly. "},
			[]string{"Trust me, I'm a human. "},
		)
		r.line.After = func(_ int, text string) string {
			if text == r.camp.Lines.SafeFallback || text == r.camp.Lines.AIAnswer {
				return "what survey"
			}
			return ""
		}
		rec, err := r.run(t)
		if err != nil {
			t.Fatal(err)
		}
		said := agentLines(r.log)
		for i := 1; i < len(said); i++ {
			if said[i] == said[i-1] {
				t.Errorf("said %q twice in a row: %q", said[i], said)
			}
		}
		if n := len(said); n == 0 || said[n-1] != "agent: "+r.camp.Lines.Closing {
			t.Errorf("last line: got %q, want the closing line; events %+v; log %q", said, rec.Events, r.log.Entries())
		}
		if rec.Outcome != agent.OutcomeIncomplete {
			t.Errorf("outcome: got %q, want incomplete", rec.Outcome)
		}
	})
}

// BenchmarkFallbackFirstSentence times a turn's first sentence through the
// Fallback on the real clock, with the real client against a local TCP
// server: a healthy model, and one answering 500 to both tries (the script
// answers).
func BenchmarkFallbackFirstSentence(b *testing.B) {
	camp := surveyCampaign()
	for _, tc := range []struct {
		name   string
		status int
	}{{"model-ok", 0}, {"model-500-then-script", http.StatusInternalServerError}} {
		b.Run(tc.name, func(b *testing.B) {
			model := &surveyModel{c: camp}
			if tc.status != 0 {
				model.fault = func(_ int, w http.ResponseWriter, _ *http.Request, _ []string) bool {
					openaitest.Error(w, tc.status, "overloaded")
					return true
				}
			}
			srv := httptest.NewServer(model)
			defer srv.Close()
			primary, err := openai.NewResponder(openai.Config{BaseURL: srv.URL + "/v1", Model: "m"}, "")
			if err != nil {
				b.Fatal(err)
			}
			defer primary.CloseIdleConnections()
			for b.Loop() {
				resp, err := script.Fallback(camp, primary)
				if err != nil {
					b.Fatal(err)
				}
				rep, err := resp.Respond(context.Background(), agent.Input{})
				if err != nil {
					b.Fatal(err)
				}
				if s, err := rep.Next(); err != nil || s == "" {
					b.Fatalf("first sentence: %q, %v", s, err)
				}
				rep.Close()
			}
		})
	}
}

// A final sentence without a terminator at the end of a finished stream is
// railed and spoken, with or without [DONE], with the model alone or behind
// the Fallback; at the end of a stream that may have been cut it is not.
func TestStreamEndSpeaksLastSentence(t *testing.T) {
	const last = "One more question before you go"
	body := func(w http.ResponseWriter, done bool) {
		openaitest.Start(w)
		words(w, "Thanks for your time. "+last)
		if done {
			openaitest.Done(w)
		}
	}
	tests := []struct {
		name     string
		h        http.HandlerFunc
		wantLast bool
	}{
		{"with [DONE]", func(w http.ResponseWriter, r *http.Request) { body(w, true) }, true},
		{"chunked, no [DONE]", func(w http.ResponseWriter, r *http.Request) { body(w, false) }, true},
		{"close-delimited, no [DONE], cut or not", func(w http.ResponseWriter, r *http.Request) {
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
			buf.WriteString("data: " + openaitest.ChunkJSON("Thanks for your time. "+last, "") + "\n\n")
			buf.Flush()
		}, false},
	}
	for _, tt := range tests {
		for _, wrapped := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/fallback=%v", tt.name, wrapped), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					camp := surveyCampaign()
					srv := openaitest.NewServer(tt.h)
					defer srv.Close()
					primary, err := openai.NewResponder(openai.Config{BaseURL: openaitest.URL, Model: "m", Dialer: srv}, "")
					if err != nil {
						t.Fatal(err)
					}
					defer primary.CloseIdleConnections()
					var resp agent.Responder = primary
					if wrapped {
						if resp, err = script.Fallback(camp, primary); err != nil {
							t.Fatal(err)
						}
					}
					log := &agenttest.Log{}
					line := agenttest.NewLine(log)
					line.After = func(_ int, text string) string {
						if text == last || strings.HasSuffix(text, "?") {
							return "<hangup>"
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
					if _, err := s.Run(context.Background()); err != nil && !wrapped && tt.wantLast {
						t.Fatalf("run: %v", err)
					}
					if got := log.Index("agent: "+last) >= 0; got != tt.wantLast {
						t.Errorf("last sentence spoken: got %v, want %v; said %q", got, tt.wantLast, agentLines(log))
					}
					if log.Index("agent: Thanks for your time.") < 0 {
						t.Errorf("first sentence not spoken: %q", agentLines(log))
					}
				})
			})
		}
	}
}
