//go:build sphinx && cgo

package eval

import (
	"os"
	"testing"

	"candor/agent/speech/grammar"
	"candor/agent/speech/sphinx"
	"candor/prompts"
)

// TestRecognitionTargets is the acceptance figure of offline recognition:
// guardrail phrasings spoken by two synthetic voices through 8 kHz G.711 get
// their intent right at least 95% of the time, and off-topic speech is taken
// for an opt-out, a callback request or a survey answer at most 1 time in 20.
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
	r, err := sphinx.NewCampaignRecognizer(camp, true)
	if err != nil {
		t.Fatalf("NewCampaignRecognizer: %v", err)
	}
	defer r.Close()

	cases := append(append(GuardrailCases(), AnswerCases()...), OffTopicCases()...)
	samples, err := Prepare(t.Context(), voices, cases)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Evaluate(camp, r, samples)
	if err != nil {
		t.Fatal(err)
	}
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
	if got := rep.IntentAccuracy(); got < 0.95 {
		t.Errorf("intent accuracy: got %.3f (%d/%d), want >= 0.95", got, rep.GuardrailCorrect, rep.GuardrailTotal)
	}
	if rep.OffTopicTaken*20 > rep.OffTopicTotal {
		t.Errorf("off-topic taken for an opt-out, a callback or an answer: got %d/%d, want <= 1 in 20", rep.OffTopicTaken, rep.OffTopicTotal)
	}
	if got := rep.AnswerAccuracy(); got < 0.9 {
		t.Errorf("answer accuracy: got %.3f (%d/%d), want >= 0.9", got, rep.AnswerCorrect, rep.AnswerTotal)
	}
}
