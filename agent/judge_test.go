package agent_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"candor/agent"
	"candor/guardrails"
)

// fakeJudge blocks the sentences holding block, fails on those holding
// fail, and takes delay to answer; it records what it was asked.
type fakeJudge struct {
	block, fail string
	delay       time.Duration

	mu    sync.Mutex
	asked []string
}

func (j *fakeJudge) Judge(ctx context.Context, sentence, _ string) (guardrails.Decision, error) {
	j.mu.Lock()
	j.asked = append(j.asked, sentence)
	j.mu.Unlock()
	select {
	case <-time.After(j.delay):
	case <-ctx.Done():
		return guardrails.Decision{}, ctx.Err()
	}
	switch {
	case j.fail != "" && strings.Contains(sentence, j.fail):
		return guardrails.Decision{}, errors.New("judge down")
	case j.block != "" && strings.Contains(sentence, j.block):
		return guardrails.Decision{Verdict: guardrails.Block, Category: guardrails.CategoryUnapprovedClaim, Rule: "model judge"}, nil
	}
	return guardrails.Decision{Verdict: guardrails.Allow}, nil
}

// In a call, the judge sees the generated sentences the rail allowed (not
// the campaign's own text), its blocks replace a sentence with the safe
// fallback, and a judge that fails or is late keeps the sentence off the line.
func TestSessionJudge(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig([]string{
			"Thanks for taking the time. ",
			"Your feedback goes to the service team. ",
			"We are the oldest plumbers around. ",
			"I'm a real person. ",
			"Your visit was on the third. ",
			"How satisfied were you, from one to five?",
		})
		r.line.After = func(_ int, text string) string {
			if strings.HasSuffix(text, "?") {
				return "stop calling me"
			}
			return ""
		}
		j := &fakeJudge{block: "service team", fail: "oldest", delay: 100 * time.Millisecond}
		slow := &slowJudge{inner: j, slow: "third", by: 2 * time.Second}
		s, err := agent.NewSession(agent.SessionConfig{
			CallID: "c1", Campaign: r.camp, Number: number, Rail: agent.RailFor(r.camp),
			Responder: r.resp, Synth: agent.TextSynth{}, Store: r.store, Line: r.line,
			NoInputTimeout: 5 * time.Second, Judge: slow, JudgeTimeout: time.Second,
		})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := s.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		said := strings.Join(agentLines(r.log), "\n")
		for _, bad := range []string{"service team", "oldest", "real person", "on the third"} {
			if strings.Contains(said, bad) {
				t.Errorf("%q reached the line:\n%s", bad, said)
			}
		}
		for _, good := range []string{"Thanks for taking the time.", "How satisfied were you, from one to five?"} {
			if !strings.Contains(said, good) {
				t.Errorf("%q did not reach the line:\n%s", good, said)
			}
		}
		var rules []string
		for _, ev := range rec.Events {
			if ev.Kind == guardrails.EventBlocked {
				rules = append(rules, ev.Rule)
			}
		}
		if len(rules) != 4 || !strings.HasPrefix(rules[0], "judge") || !strings.HasPrefix(rules[1], "judge unavailable") ||
			strings.HasPrefix(rules[2], "judge") || !strings.HasPrefix(rules[3], "judge unavailable") {
			t.Errorf("blocked rules: got %q, want judge, judge unavailable, the rail's, judge unavailable", rules)
		}
		j.mu.Lock()
		defer j.mu.Unlock()
		for _, a := range j.asked {
			if a == "I'm a real person." || a == r.camp.Survey[0].Text {
				t.Errorf("the judge was asked about %q: the rail's blocks and the campaign's text are not judged", a)
			}
		}
	})
}

// slowJudge delays the answers about sentences holding slow.
type slowJudge struct {
	inner *fakeJudge
	slow  string
	by    time.Duration
}

func (s *slowJudge) Judge(ctx context.Context, sentence, lang string) (guardrails.Decision, error) {
	if strings.Contains(sentence, s.slow) {
		select {
		case <-time.After(s.by):
		case <-ctx.Done():
			return guardrails.Decision{}, ctx.Err()
		}
	}
	return s.inner.Judge(ctx, sentence, lang)
}
