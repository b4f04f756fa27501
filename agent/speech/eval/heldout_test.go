package eval

import (
	"testing"

	"candor/agent/audio"
	"candor/agent/speech/grammar"
	"candor/prompts"
)

// TestHeldOutNotInGrammar: no out-of-grammar case is a phrase of the
// campaign grammar, so recognising one is never a grammar match.
func TestHeldOutNotInGrammar(t *testing.T) {
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	literal := map[string]bool{}
	for _, ph := range grammar.Keyphrases(grammar.ForCampaignDict(camp, nil)) {
		literal[ph] = true
	}
	for _, c := range HeldOutCases() {
		if literal[grammar.Sanitize(c.Text)] {
			t.Errorf("%q is a grammar phrase", c.Text)
		}
		if c.Kind == KindAnswer && question(camp, c.Question) == nil {
			t.Errorf("%q answers %q, not a question of the campaign", c.Text, c.Question)
		}
	}
}

func TestDegrade(t *testing.T) {
	p := &audio.PCM{Rate: 8000, Samples: []int16{1000, -1000, 30000, 0}}
	got := Degrade(p, 2, 0, 1)
	want := []int16{2000, -2000, 32767, 0}
	for i := range want {
		if got.Samples[i] != want[i] {
			t.Errorf("sample %d: got %d, want %d", i, got.Samples[i], want[i])
		}
	}
	n := Degrade(&audio.PCM{Rate: 8000, Samples: make([]int16, 8000)}, 1, -40, 1)
	var e float64
	for _, v := range n.Samples {
		e += float64(v) * float64(v)
	}
	// -40 dBFS white noise: sigma 327.7, mean power about 107,000.
	if pw := e / 8000; pw < 0.8*107374 || pw > 1.2*107374 {
		t.Errorf("noise power at -40 dBFS: got %.0f, want about 107374", pw)
	}
	if a, b := Degrade(p, 1, -40, 7), Degrade(p, 1, -40, 7); a.Samples[0] != b.Samples[0] {
		t.Error("noise differs for one seed")
	}
}
