//go:build sphinx && cgo

package sphinx

import (
	"errors"
	"sync"
	"testing"
	"time"

	"candor/prompts"
)

// TestPooledCallsShareOneModel: several calls decode at once on a Model of
// two decoders; each gets what it alone would get, the rating forced onto
// an opt-out phrase by the grammar does not come out as one, and a closed
// Recognizer says so.
func TestPooledCallsShareOneModel(t *testing.T) {
	needModel(t)
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewModel(ModelConfig{Telephone: true, Decoders: 2, MaxWait: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	texts := []string{"please stop calling me", "i would say a four", "who is calling", "yes it was"}
	audio := make([][]int16, len(texts))
	for i, tx := range texts {
		audio[i] = withSilence(telephone(t, fliteVoice(t, tx)))
	}
	alone := make([]Result, len(texts))
	r, err := NewCampaignRecognizerModel(m, camp)
	if err != nil {
		t.Fatal(err)
	}
	for i := range texts {
		alone[i] = decode(t, r, audio[i])
		t.Logf("%q -> %q (%s; grammar %q, general %q)", texts[i], alone[i].Text, alone[i].Source, alone[i].Grammar, alone[i].General)
	}
	if alone[0].Text == "" || !alone[0].OptOut {
		t.Errorf("%q: got %+v, want an opt-out", texts[0], alone[0])
	}
	if alone[1].OptOut {
		t.Errorf("%q: taken for an opt-out: %+v", texts[1], alone[1])
	}
	var wg sync.WaitGroup
	got := make([][]Result, 4)
	for c := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rc, err := NewCampaignRecognizerModel(m, camp)
			if err != nil {
				t.Error(err)
				return
			}
			defer rc.Close()
			for i := range texts {
				got[c] = append(got[c], decode(t, rc, audio[i]))
			}
		}()
	}
	wg.Wait()
	for c := range got {
		for i, res := range got[c] {
			if res.Text != alone[i].Text || res.OptOut != alone[i].OptOut {
				t.Errorf("call %d, %q: got %q (opt-out %v), want %q (opt-out %v) as alone", c, texts[i], res.Text, res.OptOut, alone[i].Text, alone[i].OptOut)
			}
		}
	}
	r.Close()
	if err := r.Start(); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Close: got %v, want ErrClosed", err)
	}
}
