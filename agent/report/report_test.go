package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/dialer"
	"candor/agent/store"
	"candor/guardrails"
)

func TestPercentilesOf(t *testing.T) {
	if got := PercentilesOf(nil); got != nil {
		t.Errorf("no values: got %+v, want nil", got)
	}
	xs := []float64{9, 1, 5, 3, 7, 2, 8, 4, 6, 10}
	got := PercentilesOf(xs)
	if got.N != 10 || got.P50 != 6 || got.P95 != 10 {
		t.Errorf("got %+v, want n 10, p50 6, p95 10", *got)
	}
}

func TestDemoAdd(t *testing.T) {
	s := Demo{Interventions: map[string]int{}, Mode: "text"}
	s.Add(&agent.CallRecord{Outcome: agent.OutcomeSkippedDNC})
	s.Add(&agent.CallRecord{Outcome: agent.OutcomeOptOut, DisclosureComplete: true,
		Events: []guardrails.Event{{Kind: guardrails.EventIntent, Intent: guardrails.IntentOptOut},
			{Kind: guardrails.EventBlocked, Category: guardrails.CategoryClaimsHuman}}})
	s.Add(&agent.CallRecord{Outcome: agent.OutcomeCompleted, Answers: make([]agent.SurveyAnswer, 3)})
	s.Finish()
	if s.SkippedDNC != 1 || s.Dialed != 2 || s.OptOuts != 1 || s.Completed != 1 || s.DisclosuresFull != 1 ||
		s.ClaimsBlocked != 1 || s.AnswersCollected != 3 {
		t.Errorf("got %+v, want 1 skipped, 2 dialled (1 opt-out, 1 completed), 1 disclosure, 1 block, 3 answers", s)
	}
	if s.Interventions["opt_out"] != 1 || s.Interventions[string(guardrails.CategoryClaimsHuman)] != 1 {
		t.Errorf("interventions: got %v, want one opt-out and one claims_human", s.Interventions)
	}
	if s.VoiceToVoiceMS != nil {
		t.Errorf("text mode: got voice-to-voice %+v, want none", s.VoiceToVoiceMS)
	}
	var b bytes.Buffer
	s.WriteTable(&b)
	if !strings.Contains(b.String(), "opt-outs") || !strings.Contains(b.String(), "claims blocked") {
		t.Errorf("table lacks rows: %q", b.String())
	}
}

func TestDialLine(t *testing.T) {
	s := dialer.Stats{Dialled: 4, Completed: 2, OptedOut: 1, Refused: 1, Skipped: map[string]int{"window": 2, "dnc": 1}}
	got := DialLine(s, 8, 40*time.Second)
	for _, want := range []string{"dialled 4", "skipped [dnc 1, window 2]", "ETA 40s"} {
		if !strings.Contains(got, want) {
			t.Errorf("got %q, want it to contain %q", got, want)
		}
	}
	if got := DialLine(dialer.Stats{Completed: 3}, 3, time.Second); !strings.HasSuffix(got, "ETA 0s") {
		t.Errorf("done: got %q, want ETA 0s", got)
	}
}

func TestRows(t *testing.T) {
	c := Compute(store.CampaignFacts{Campaign: "c", Skipped: map[string]int{"window": 1}, Calls: []store.CallFact{
		{Outcome: agent.OutcomeCompleted, Answers: []agent.SurveyAnswer{{QuestionID: "q1", Value: "yes"}}},
		{Outcome: agent.OutcomeCompleted, Answers: []agent.SurveyAnswer{{QuestionID: "q1", Value: "yes"}}},
		{Outcome: agent.OutcomeCompleted, Answers: []agent.SurveyAnswer{{QuestionID: "q1", Value: "yes"}}},
		{Outcome: agent.OutcomeNoAnswer, Answers: []agent.SurveyAnswer{{QuestionID: "q1", Value: "no"}}},
	}})
	var shares []float64
	for _, row := range Rows(c) {
		if row.Section == "outcome" || row.Section == "answer" || row.Section == "skipped" {
			shares = append(shares, row.Share)
		}
	}
	want := []float64{0.75, 0.25, 0.75, 0.25, 1}
	if len(shares) != len(want) {
		t.Fatalf("got shares %v, want %v", shares, want)
	}
	for i := range want {
		if shares[i] != want[i] {
			t.Errorf("share %d: got %v, want %v", i, shares[i], want[i])
		}
	}
}
