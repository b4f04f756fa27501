package sphinx

import (
	"testing"

	"candor/agent/speech/grammar"
)

func TestRejectCampaign(t *testing.T) {
	tests := []struct {
		name string
		res  Result
		kind phraseKind
		want bool
	}{
		{"no confidence", Result{Text: "stop calling", Confidence: -50}, phraseOptOut, false},
		{"opt-out confident", Result{Text: "stop calling", HasConfidence: true, Confidence: -3, Coverage: 0.1}, phraseOptOut, false},
		{"opt-out weak", Result{Text: "stop calling", HasConfidence: true, Confidence: -8, Coverage: 1}, phraseOptOut, true},
		{"answer confident", Result{Text: "five", HasConfidence: true, Confidence: 2, Coverage: 0.9}, phraseAnswer, false},
		{"answer weak", Result{Text: "five", HasConfidence: true, Confidence: -5.5, Coverage: 0.9}, phraseAnswer, true},
		{"answer low coverage", Result{Text: "five", HasConfidence: true, Confidence: 10, Coverage: 0.5}, phraseAnswer, true},
		{"callback confident", Result{Text: "call me back later", HasConfidence: true, Confidence: 4.3, Coverage: 0.69}, phraseCallback, false},
		{"callback weak", Result{Text: "try again later", HasConfidence: true, Confidence: -3.8, Coverage: 1}, phraseCallback, true},
		{"callback low coverage", Result{Text: "i can't talk right now", HasConfidence: true, Confidence: 9.9, Coverage: 0.57}, phraseCallback, true},
		{"other intent never", Result{Text: "who is this", HasConfidence: true, Confidence: -40, Coverage: 0.1}, phraseOther, false},
	}
	for _, tc := range tests {
		if got := rejectCampaign(tc.res, tc.kind); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCampaignConfig(t *testing.T) {
	p := grammar.Phrases{
		Answers: []string{"five"},
		Intents: []grammar.Rule{{Name: grammar.RuleOptOut, Phrases: []string{"stop calling"}}, {Name: grammar.RuleUnsure, Phrases: []string{"no opinion"}},
			{Name: grammar.RuleCallback, Phrases: []string{"call me later"}}, {Name: grammar.RuleAskIdentity, Phrases: []string{"who is this"}}},
	}
	cfg := campaignConfig(p, true)
	if !cfg.Telephone || cfg.Grammar == "" || cfg.Reference == "" || cfg.Reject == nil {
		t.Fatalf("campaignConfig: got %+v, want telephone, grammar, reference and a rejection rule", cfg)
	}
	weak := Result{HasConfidence: true, Confidence: -20, Coverage: 0.1}
	for text, want := range map[string]bool{"five": true, "stop calling": true, "no opinion": true, "call me later": true, "who is this": false, "unknown": false} {
		weak.Text = text
		if got := cfg.Reject(weak); got != want {
			t.Errorf("Reject(%q, weak): got %v, want %v", text, got, want)
		}
	}
}

func TestCoverage(t *testing.T) {
	e := []float64{10, 10, 80, 80, 80, 80, 60, 10}
	if got := coverage(e, 4); got != 0.8 {
		t.Errorf("coverage(5 loud, 4 in words): got %v, want 0.8", got)
	}
	if got := coverage(e, 50); got != 1 {
		t.Errorf("coverage capped: got %v, want 1", got)
	}
	if got := coverage(nil, 0); got != 1 {
		t.Errorf("coverage of nothing: got %v, want 1", got)
	}
	var tail []int16
	got := appendEnergy(nil, &tail, make([]int16, 250))
	got = appendEnergy(got, &tail, make([]int16, 100))
	if len(got) != 2 || len(tail) != 30 {
		t.Errorf("appendEnergy: got %d frames, %d left, want 2, 30", len(got), len(tail))
	}
}
