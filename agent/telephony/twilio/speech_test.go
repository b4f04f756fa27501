package twilio

import (
	"context"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/agent/audio"
	"candor/agent/speech/espeak"
	"candor/agent/voice"
)

// espeakVoices returns the agent's voice and a callee voice, or skips.
func espeakVoices(t *testing.T) (*espeak.Synth, *espeak.Synth) {
	t.Helper()
	agentVoice, err := espeak.New(espeak.Config{OutRate: 8000})
	if err != nil {
		t.Skipf("espeak-ng is not available: %v", err)
	}
	callee, err := espeak.New(espeak.Config{OutRate: 8000, Voices: map[string]string{"en": "en-us+klatt"}})
	if err != nil {
		t.Skipf("espeak-ng is not available: %v", err)
	}
	return agentVoice, callee
}

// speak sends frames as media, paced in real time, from chunk on.
func (c *client) speak(frames []audio.Frame, chunk int) int {
	t0 := time.Now()
	for i, f := range frames {
		time.Sleep(time.Until(t0.Add(time.Duration(i) * audio.FrameDuration)))
		c.media(f, chunk)
		chunk++
	}
	return chunk
}

// TestSpokenCallBargeIn: real speech both ways. The disclosure's audio comes
// first and in full (the callee's talking over it does not cut it), talking
// over the next sentence produces a clear, and DTMF 9 ends the call with the
// opt-out recorded.
func TestSpokenCallBargeIn(t *testing.T) {
	agentVoice, callee := espeakVoices(t)
	speech, err := callee.Synthesize(context.Background(), "hello who is this calling me today", "en")
	if err != nil {
		t.Fatal(err)
	}
	silence := make([]audio.Frame, 25)
	for i := range silence {
		silence[i] = audio.Frame{Rate: 8000, Samples: make([]int16, 160)}
	}
	f := newFakeTwilio(t, nil)
	st := agenttest.NewStore(&agenttest.Log{})
	res, _, c := runCall(t, f, st, voice.Synth{Streamer: agentVoice}, "+15551230040")
	chunk := c.speak(silence, 1)
	// The disclosure is protected: talking over it produces no clear.
	chunk = c.speak(speech, chunk)
	mark, seen := c.waitFor("mark", 60*time.Second)
	media := 0
	for _, m := range seen {
		switch m.Event {
		case "media":
			media++
		case "clear":
			t.Errorf("clear during the disclosure")
		}
	}
	if mark.Mark.Name != "sentence-1" || media < 150 {
		t.Fatalf("first mark %q after %d media frames, want sentence-1 after the whole disclosure (>3 s)", mark.Mark.Name, media)
	}
	// Wait for the next sentence's audio, then talk over it.
	c.waitFor("media", 20*time.Second)
	go c.speak(append(speech, silence...), chunk)
	c.waitFor("clear", 10*time.Second)
	time.Sleep(2 * time.Second)
	c.send(Message{Event: "dtmf", DTMF: &DTMF{Digit: "9"}})
	r := waitResult(t, res)
	if r.err != nil {
		t.Fatalf("call error: %v", r.err)
	}
	if !r.rec.DisclosureComplete || r.rec.EndReason != agent.EndOptOut || r.rec.BargeIns < 1 {
		t.Errorf("got disclosure %v end %q barge-ins %d, want true opt_out >=1", r.rec.DisclosureComplete, r.rec.EndReason, r.rec.BargeIns)
	}
	// The disclosure's recorded duration matches the audio that reached the client.
	d := r.rec.DisclosureEnd.Sub(r.rec.DisclosureStart)
	if sent := time.Duration(media) * audio.FrameDuration; d < sent-time.Second || d > sent+time.Second {
		t.Errorf("disclosure recorded as %v, the client received %v of audio before its mark", d, sent)
	}
	if on, _ := st.IsOnDNC(context.Background(), r.rec.Business, "+15551230040"); !on {
		t.Error("number not on the do-not-call list after the opt-out")
	}
}
