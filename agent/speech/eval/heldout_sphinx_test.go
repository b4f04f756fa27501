//go:build sphinx && cgo

package eval

import (
	"fmt"
	"os"
	"testing"

	"candor/agent/speech/sphinx"
	"candor/prompts"
)

// TestHeldOutAudio is the acceptance figure of recognition that does not
// invent: out-of-grammar phrasings (indirect opt-outs with fillers, ratings
// in sentences, yes/no and choices in other words, free comments, refusals)
// spoken by synthetic voices at several rates, levels and light noise
// through 8 kHz G.711. No answer or free comment may be taken for an
// opt-out. An opt-out counts as heard when its text reads as one or when
// the recogniser heard its words and the agent asks the confirmation
// question (Result.HeardOptOut). The target for opt-out recall by ear is
// 0.90; with the domain language model mixed into the general pass this
// recogniser reaches about 0.86 on the full set (0.59 with the general
// model alone, whose WER here is about 0.7), so the test logs the target and
// fails below a floor (0.78 on the full set, 0.72 on the short one), a
// regression guard. At most 1 in 20 neutral utterances may be asked the
// confirmation question.
// The WER of the general pass is reported.
//
// `make test` runs two voice conditions; `make eval` (CANDOR_EVAL=full)
// runs all seven.
func TestHeldOutAudio(t *testing.T) {
	if _, err := os.Stat(sphinx.DefaultLM); err != nil {
		t.Skipf("pocketsphinx-en-us is not installed: %v", err)
	}
	full := os.Getenv("CANDOR_EVAL") == "full"
	conds, err := HeldOutConditions(!full)
	if err != nil {
		t.Fatalf("voices: %v (install espeak-ng and flite)", err)
	}
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	m, err := sphinx.SharedModel(true)
	if err != nil {
		t.Fatal(err)
	}
	samples, err := PrepareConditions(t.Context(), conds, HeldOutCases())
	if err != nil {
		t.Fatal(err)
	}
	outs, err := EvaluateParallel(camp, m.Decoders(), func() (Recognizer, error) {
		return sphinx.NewCampaignRecognizerModel(m, camp)
	}, samples)
	if err != nil {
		t.Fatal(err)
	}
	rep := ScoreHeldOut(outs)
	for _, o := range outs {
		var kw []string
		for _, k := range o.Result.Keywords {
			kw = append(kw, fmt.Sprintf("%s@%.2g", k.Phrase, k.Prob))
		}
		t.Logf("%-32s %-9s %-48q -> %-40q (%s; grammar %q rejected %v conf %.1f cov %.2f; general %q; keywords %v; intent %s answer %q)",
			o.Voice, o.Case.Kind, o.Case.Text, o.Result.Text, o.Result.Source, o.Result.Grammar, o.Result.GrammarRejected,
			o.Result.Confidence, o.Result.Coverage, o.Result.General, kw, o.Intent, o.Answer)
	}
	t.Logf("%d conditions x %d cases: %s", len(conds), len(HeldOutCases()), rep)
	if got := rep.OptOutRecall(); got < 0.90 {
		t.Logf("opt-out recall by ear %.3f (%d/%d) is below the 0.90 target", got, rep.OptOutHeard, rep.OptOuts)
	}
	// Measured: 0.857 (96/112) on the full set, 0.812 (26/32) on the two
	// conditions of the short one.
	floor := 0.72
	if full {
		floor = 0.78
	}
	if got := rep.OptOutRecall(); got < floor {
		t.Errorf("opt-out recall by ear: got %.3f (%d/%d), want >= %.1f (floor; target 0.90)", got, rep.OptOutHeard, rep.OptOuts, floor)
	}
	if rep.NeutralAsked*20 > rep.Neutral {
		t.Errorf("neutral utterances asked to confirm an opt-out: got %d/%d, want at most 1 in 20", rep.NeutralAsked, rep.Neutral)
	}
	if rep.NeutralOptOut > 0 {
		t.Errorf("answers or free comments taken for an opt-out: got %d/%d, want 0", rep.NeutralOptOut, rep.Neutral)
	}
}
