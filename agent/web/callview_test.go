package web

import (
	"context"
	"reflect"
	"testing"
	"time"

	"candor/agent"
	"candor/guardrails"
)

func TestAnswerViews(t *testing.T) {
	turns := []agent.Turn{
		{Index: 0, Speaker: "agent", Text: "How satisfied were you, 1 to 5?"},
		{Index: 1, Speaker: "callee", Text: "Four, I'd say."},
		{Index: 2, Speaker: "agent", Text: "Would you recommend us?"},
		{Index: 3, Speaker: "callee", Text: "mmhrm"},
		{Index: 4, Speaker: "callee", Text: "yes"},
	}
	for _, tc := range []struct {
		name    string
		answers []agent.SurveyAnswer
		want    []int // turns
		unint   []bool
	}{
		{"contained words", []agent.SurveyAnswer{{QuestionID: "sat", Value: "4", Raw: "four"}}, []int{1}, []bool{false}},
		{"exact beats contained, in order", []agent.SurveyAnswer{{QuestionID: "sat", Value: "4", Raw: "Four, I'd say"},
			{QuestionID: "rec", Value: "yes", Raw: "yes"}}, []int{1, 4}, []bool{false, false}},
		{"unintelligible named", []agent.SurveyAnswer{{QuestionID: "rec", Value: agent.Unintelligible, Raw: "mmhrm"}}, []int{3}, []bool{true}},
		{"not found", []agent.SurveyAnswer{{QuestionID: "sat", Value: "2", Raw: "two"}}, []int{-1}, []bool{false}},
		{"empty raw", []agent.SurveyAnswer{{QuestionID: "sat", Value: ""}}, []int{-1}, []bool{true}},
	} {
		got := answerViews(&agent.CallRecord{Turns: turns, Answers: tc.answers}, nil)
		var gotTurns []int
		var gotUnint []bool
		for _, a := range got {
			gotTurns, gotUnint = append(gotTurns, a.Turn), append(gotUnint, a.Unintelligible)
		}
		if !reflect.DeepEqual(gotTurns, tc.want) || !reflect.DeepEqual(gotUnint, tc.unint) {
			t.Errorf("%s: got turns %v unintelligible %v, want %v %v", tc.name, gotTurns, gotUnint, tc.want, tc.unint)
		}
	}
}

func TestEventKinds(t *testing.T) {
	evs := []guardrails.Event{
		{Kind: guardrails.EventDisclose},
		{Kind: guardrails.EventBlocked, Category: guardrails.CategoryClaimsHuman},
		{Kind: guardrails.EventIntent, Intent: "opt_out"},
		{Kind: guardrails.EventBlocked, Category: guardrails.CategoryClaimsHuman},
		{Kind: guardrails.EventConfirmAsked},
		{Kind: guardrails.EventOptOut},
	}
	if got, want := kindsText(eventKinds(evs)), "2 blocked: claims human, 1 intent: opt out, 1 confirmation asked, 1 opt-out"; got != want {
		t.Errorf("kinds: got %q, want %q", got, want)
	}
	if got := kindsText(eventKinds(nil)); got != "" {
		t.Errorf("no events: got %q, want empty", got)
	}
}

func TestTurnLatencies(t *testing.T) {
	rec := &agent.CallRecord{Latency: []agent.TurnLatency{{Turn: 2, VoiceToVoice: 0}, {Turn: 4, VoiceToVoice: 412.4}, {Turn: 4, VoiceToVoice: 900}}}
	got := turnLatencies(rec)
	if want := map[int]int64{4: 412}; !reflect.DeepEqual(got, want) {
		t.Errorf("latencies: got %v, want %v (untimed turns absent, first timing of a turn kept)", got, want)
	}
}

// TestCallPageAnswersAndConfirm: the call page puts each answer on its turn,
// names the event kinds, shows the confirmation question and answer where
// they happened, and no latency for a turn that was not timed.
func TestCallPageAnswersAndConfirm(t *testing.T) {
	a := newTestApp(t)
	t0 := time.Date(2025, 6, 3, 15, 0, 0, 0, time.UTC)
	rec := &agent.CallRecord{ID: "00c0ffee00000003", Campaign: "service-followup-en", Business: "B", Number: rawNumber,
		StartedAt: t0, AnsweredAt: t0, EndedAt: t0.Add(time.Minute), Outcome: agent.OutcomeOptOut, OptOut: true,
		Turns: []agent.Turn{
			{Index: 0, Speaker: "agent", Text: "On a scale from 1 to 5?", At: t0.Add(time.Second)},
			{Index: 1, Speaker: "callee", Text: "mmhrm", At: t0.Add(3 * time.Second)},
			{Index: 2, Speaker: "agent", Text: "Was it fixed?", At: t0.Add(5 * time.Second)},
			{Index: 3, Speaker: "callee", Text: "I don't want this", At: t0.Add(7 * time.Second)},
			{Index: 4, Speaker: "agent", Text: "Do you want us to stop calling?", At: t0.Add(8 * time.Second)},
			{Index: 5, Speaker: "callee", Text: "yes", At: t0.Add(10 * time.Second)},
		},
		Events: []guardrails.Event{
			{Kind: guardrails.EventConfirmAsked, Turn: 4, Intent: "opt_out", Text: "I don't want this", Question: "Do you want us to stop calling?"},
			{Kind: guardrails.EventConfirmAnswered, Turn: 6, Intent: "opt_out", Text: "yes", Rule: "yes", Question: "Do you want us to stop calling?"},
			{Kind: guardrails.EventOptOut, Turn: 6, Text: "yes"},
		},
		Answers: []agent.SurveyAnswer{{QuestionID: "satisfaction", Value: agent.Unintelligible, Raw: "mmhrm"}},
		Latency: []agent.TurnLatency{{Turn: 2, VoiceToVoice: 0}, {Turn: 4, VoiceToVoice: 640}},
	}
	if err := a.st.SaveCall(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	_, body, _ := a.get(a.login("rita", reviewerPW), "/calls/"+rec.ID)
	for _, want := range []string{
		`id="event-kinds"`, "1 confirmation asked", "1 confirmation answered", "1 opt-out",
		`Asked: “Do you want us to stop calling?”`, `Answer: “yes”`, "read as yes",
		`<div class="answer" data-question="satisfaction">`, `unintelligible`,
		`>640 ms</small>`,
	} {
		if !contains(body, want) {
			t.Errorf("call page lacks %q", want)
		}
	}
	if contains(body, ">0 ms<") {
		t.Error("call page shows 0 ms for an untimed turn")
	}
}
