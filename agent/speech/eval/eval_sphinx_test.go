//go:build sphinx && cgo

package eval

import (
	"os"
	"testing"

	"candor/agent/speech/grammar"
	"candor/agent/speech/sphinx"
	"candor/guardrails"
	"candor/prompts"
)

// TestRecognitionTargets is the figure of offline recognition on phrasings
// close to the grammar: spoken by two synthetic voices through 8 kHz G.711
// they get their intent right at least 90% of the time (the cross-check
// declines a refusal the general pass does not support: it was 95% without
// it), off-topic speech is never taken for an opt-out, and is taken for a
// callback or a survey answer at most 1 time in 6 (it was 1 in 20: its
// general transcript may hold an answer word, "good", "two", "yeah", that
// script.Extract reads).
func TestRecognitionTargets(t *testing.T) {
	if _, err := os.Stat(sphinx.DefaultModelDir); err != nil {
		t.Skipf("pocketsphinx-en-us is not installed: %v", err)
	}
	voices := Voices()
	if len(voices) < 2 {
		t.Skipf("got %d synthetic voices, want espeak-ng and flite", len(voices))
	}
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	m, err := sphinx.SharedModel(true)
	if err != nil {
		t.Fatalf("SharedModel: %v", err)
	}

	cases := append(append(GuardrailCases(), AnswerCases()...), OffTopicCases()...)
	samples, err := Prepare(t.Context(), voices, cases)
	if err != nil {
		t.Fatal(err)
	}
	outs, err := EvaluateParallel(camp, m.Decoders(), func() (Recognizer, error) {
		return sphinx.NewCampaignRecognizer(camp, true)
	}, samples)
	if err != nil {
		t.Fatal(err)
	}
	rep := Summarize(outs)
	literal := map[string]bool{}
	for _, ph := range grammar.Keyphrases(grammar.ForCampaign(camp)) {
		literal[ph] = true
	}
	inGrammar := 0
	for _, c := range GuardrailCases() {
		if literal[grammar.Sanitize(c.Text)] {
			inGrammar++
		}
	}
	for _, o := range rep.Outcomes {
		if !o.Correct {
			t.Logf("miss: %-9s %-20s %q -> %q (rejected %v, confidence %.1f, coverage %.2f, intent %s, answer %q)",
				o.Case.Kind, o.Voice, o.Case.Text, o.Result.Text, o.Result.Rejected, o.Result.Confidence, o.Result.Coverage, o.Intent, o.Answer)
		}
	}
	t.Logf("%d voices, %d guardrail phrasings (%d literally in the grammar): %s", len(voices), len(GuardrailCases()), inGrammar, rep)
	if got := rep.IntentAccuracy(); got < 0.90 {
		t.Errorf("intent accuracy: got %.3f (%d/%d), want >= 0.90", got, rep.GuardrailCorrect, rep.GuardrailTotal)
	}
	if rep.OffTopicTaken*6 > rep.OffTopicTotal {
		t.Errorf("off-topic taken for an opt-out, a callback or an answer: got %d/%d, want <= 1 in 6", rep.OffTopicTaken, rep.OffTopicTotal)
	}
	for _, o := range rep.Outcomes {
		if o.Case.Kind == KindOffTopic && o.Intent == guardrails.IntentOptOut {
			t.Errorf("off-topic %q (%s) taken for %s: heard %q", o.Case.Text, o.Voice, o.Intent, o.Result.Text)
		}
	}
	if got := rep.AnswerAccuracy(); got < 0.9 {
		t.Errorf("answer accuracy: got %.3f (%d/%d), want >= 0.9", got, rep.AnswerCorrect, rep.AnswerTotal)
	}
}
