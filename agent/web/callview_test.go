package web

import (
	"reflect"
	"testing"

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
