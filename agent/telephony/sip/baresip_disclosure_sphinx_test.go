//go:build sphinx

package sip

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/agent/audio"
	"candor/agent/script"
	"candor/agent/speech/espeak"
	"candor/agent/speech/grammar"
	"candor/agent/speech/sphinx"
	"candor/agent/voice"
	"candor/prompts"
)

// fliteLine speaks text with flite's kal16 voice at the 8 kHz line rate.
func fliteLine(t *testing.T, text string) []int16 {
	t.Helper()
	path := filepath.Join(t.TempDir(), "flite.wav")
	if out, err := exec.Command("flite", "-voice", "kal16", "-o", path, "-t", text).CombinedOutput(); err != nil {
		t.Fatalf("flite: %v: %s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := audio.ReadWAV(f)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := audio.NewResampler(p.Rate, 8000)
	if err != nil {
		t.Fatal(err)
	}
	return rs.Process(nil, append(p.Samples, make([]int16, 2*rs.Delay()+1)...))
}

// TestBaresipOptOutOverDisclosure: baresip answers and, two seconds into
// the disclosure, says an opt-out in words that are not a grammar phrase.
// It is heard over the agent's speech, the call ends with the opt-out
// recorded and the number is on the do-not-call list.
func TestBaresipOptOutOverDisclosure(t *testing.T) {
	if _, err := exec.LookPath("flite"); err != nil {
		t.Skip("flite not installed (make deps installs it)")
	}
	if _, err := os.Stat(sphinx.DefaultLM); err != nil {
		t.Skip("pocketsphinx-en-us not installed")
	}
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	const said = "please remove my number from your system"
	for _, ph := range grammar.Keyphrases(grammar.ForCampaign(camp)) {
		if ph == said {
			t.Fatalf("%q is a grammar phrase; the test needs one that is not", said)
		}
	}
	dir := t.TempDir()
	var wav []int16
	wav = append(wav, make([]int16, 2*8000)...)
	wav = append(wav, fliteLine(t, said)...)
	wav = append(wav, make([]int16, 90*8000)...)
	number := "+15550124"
	b := startBaresip(t, dir, number, wav)

	tts, err := espeak.New(espeak.Config{OutRate: 8000})
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDialer(Config{
		Trunk:   Trunk{Name: "baresip", Host: "127.0.0.1", Port: b.port, CallerID: "+15550100"},
		LocalIP: "127.0.0.1", RingTimeout: MinRingTimeout,
		NewLine: func(c *Call) (AudioLine, error) {
			r, err := sphinx.NewCampaignRecognizer(camp, true)
			if err != nil {
				return nil, err
			}
			return voice.NewLine(voice.Config{CompleteAnswer: script.CompleteAnswer(camp)}, c, r)
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	log := &agenttest.Log{}
	store := agenttest.NewStore(log)
	ctl := &agent.Controller{Store: store, Dialer: d, Synth: voice.Synth{Streamer: tts},
		NewResponder: func(c *prompts.Campaign) (agent.Responder, error) { return script.New(c), nil }}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	rec, err := ctl.Call(ctx, agent.CallRequest{Campaign: camp, Number: number})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	t.Logf("outcome %s, end %s, disclosure %v (complete %v)", rec.Outcome, rec.EndReason,
		rec.DisclosureEnd.Sub(rec.DisclosureStart), rec.DisclosureComplete)
	var heardAt time.Time
	for _, tn := range rec.Turns {
		t.Logf("  %s at %v: %s", tn.Speaker, tn.At.Sub(rec.DisclosureStart), tn.Text)
		if tn.Speaker == "callee" && heardAt.IsZero() {
			heardAt = tn.At
		}
	}
	if !rec.OptOut || rec.Outcome != agent.OutcomeOptOut {
		t.Errorf("got opt-out %v outcome %s, want the opt-out recorded", rec.OptOut, rec.Outcome)
	}
	if on, _ := store.IsOnDNC(ctx, camp.Business.RegisteredName, number); !on {
		t.Error("number not on the do-not-call list after the opt-out")
	}
	if heardAt.IsZero() || !heardAt.Before(rec.DisclosureEnd) {
		t.Errorf("the callee's opt-out was heard at %v, disclosure ended at %v: want it heard over the disclosure",
			heardAt.Sub(rec.DisclosureStart), rec.DisclosureEnd.Sub(rec.DisclosureStart))
	}
	for _, tn := range rec.Turns {
		// After the disclosure the agent only confirms the opt-out.
		if tn.Speaker == "agent" && !tn.At.Before(rec.DisclosureEnd) && tn.Text != camp.Lines.OptOutConfirmation {
			t.Errorf("the agent went on after the opt-out: %q", tn.Text)
		}
	}
}
