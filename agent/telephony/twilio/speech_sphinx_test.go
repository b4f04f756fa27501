//go:build sphinx

package twilio

import (
	"context"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/audio"
	"candor/agent/script"
	"candor/agent/speech/sphinx"
	"candor/agent/store/sqlite"
	"candor/agent/voice"
	"candor/prompts"
)

// TestSpokenOptOut: the callee says "please stop calling me" as mu-law media
// frames in real time; pocketsphinx hears it and the opt-out is written to
// the real SQLite store.
func TestSpokenOptOut(t *testing.T) {
	agentVoice, callee := espeakVoices(t)
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	f := newFakeTwilio(t, func(c *Config) {
		c.NewRecognizer = func() (voice.Recognizer, error) {
			r, err := sphinx.NewCampaignRecognizer(camp, true)
			if err != nil {
				return nil, err
			}
			return r, nil
		}
		c.Line = voice.Config{CompleteAnswer: script.CompleteAnswer(camp)}
	})
	st, err := sqlite.Open(context.Background(), t.TempDir()+"/candor.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	speech, err := callee.Synthesize(context.Background(), "please stop calling me", "en")
	if err != nil {
		t.Fatal(err)
	}
	silence := make([]audio.Frame, 50)
	for i := range silence {
		silence[i] = audio.Frame{Rate: 8000, Samples: make([]int16, 160)}
	}
	const number = "+15551230050"
	res, _, c := runCall(t, f, st, voice.Synth{Streamer: agentVoice}, number)
	chunk := c.speak(silence, 1)
	mark, _ := c.waitFor("mark", 60*time.Second) // the disclosure has played
	if mark.Mark.Name != "sentence-1" {
		t.Fatalf("first mark %q, want sentence-1", mark.Mark.Name)
	}
	go func() {
		n := c.speak(speech, chunk)
		for range 10 {
			n = c.speak(silence, n)
		}
	}()
	r := waitResult(t, res)
	if r.err != nil {
		t.Fatalf("call error: %v", r.err)
	}
	if r.rec.EndReason != agent.EndOptOut || !r.rec.OptOut {
		t.Errorf("got end %q opt-out %v (utterance %q), want opt_out true", r.rec.EndReason, r.rec.OptOut, r.rec.OptOutUtterance)
	}
	if on, err := st.IsOnDNC(context.Background(), camp.Business.RegisteredName, number); err != nil || !on {
		t.Errorf("on the do-not-call list: %v %v, want true", on, err)
	}
}
