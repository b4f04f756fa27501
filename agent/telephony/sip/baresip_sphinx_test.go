//go:build sphinx

package sip

import (
	"context"
	"fmt"
	"math"
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
	"candor/agent/speech/eval"
	"candor/agent/speech/sphinx"
	"candor/agent/voice"
	"candor/prompts"
)

// speak renders text with espeak-ng at 8 kHz, as the recognition eval's
// simulated callers speak.
func speak(t *testing.T, voiceName, text string) []int16 {
	t.Helper()
	v, err := eval.NewEspeak(voiceName)
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.Speak(t.Context(), text)
	if err != nil {
		t.Fatal(err)
	}
	return p.Samples
}

// voicedFrames marks the 20 ms frames of s louder than -40 dBFS.
func voicedFrames(s []int16) []bool {
	var v []bool
	for i := 0; i+160 <= len(s); i += 160 {
		var e float64
		for _, x := range s[i : i+160] {
			e += float64(x) * float64(x)
		}
		rms := math.Sqrt(e / 160)
		v = append(v, rms > 32768*0.01)
	}
	return v
}

// TestBaresipOptOut: candor calls baresip, which auto-answers and, after the
// disclosure, says "please stop calling me". The session records the opt-out,
// and baresip's recording of what it heard holds the disclosure.
func TestBaresipOptOut(t *testing.T) {
	if _, err := exec.LookPath("baresip"); err != nil {
		t.Skip("baresip not installed (Debian package baresip-core): skipping the baresip peer test")
	}
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng not installed")
	}
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	// How long the disclosure takes in candor's voice.
	discSamples := speak(t, "en-us", camp.DisclosureText())
	disc := time.Duration(len(discSamples)) * time.Second / 8000

	// The callee: silence through the disclosure and the first question's
	// start, then the opt-out, then a long silence (baresip hangs up when
	// its file ends).
	dir := t.TempDir()
	var wav []int16
	wav = append(wav, make([]int16, int((disc+3*time.Second).Seconds()*8000))...)
	wav = append(wav, speak(t, "en-us+klatt", "please stop calling me")...)
	wav = append(wav, make([]int16, 90*8000)...)

	number := "+15550123"
	b := startBaresip(t, dir, number, wav)
	port, cmd, done := b.port, b.cmd, b.done

	tts, err := espeak.New(espeak.Config{OutRate: 8000})
	if err != nil {
		t.Fatal(err)
	}
	var call *Call
	d, err := NewDialer(Config{
		Trunk:   Trunk{Name: "baresip", Host: "127.0.0.1", Port: port, CallerID: "+15550100"},
		LocalIP: "127.0.0.1", RingTimeout: MinRingTimeout,
		NewLine: func(c *Call) (AudioLine, error) {
			call = c
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
	t.Logf("outcome %s, end %s, turns %d, disclosure %v, callee sent %+v", rec.Outcome, rec.EndReason, len(rec.Turns), rec.DisclosureEnd.Sub(rec.DisclosureStart), call.Stats())
	for _, tn := range rec.Turns {
		t.Logf("  %s: %s", tn.Speaker, tn.Text)
	}
	if !rec.OptOut || rec.Outcome != agent.OutcomeOptOut {
		t.Errorf("got opt-out %v outcome %s, want the opt-out recorded", rec.OptOut, rec.Outcome)
	}
	if on, _ := store.IsOnDNC(ctx, camp.Business.RegisteredName, number); !on {
		t.Error("number not on the do-not-call list after the opt-out")
	}
	if !rec.DisclosureComplete {
		t.Error("disclosure not played in full")
	}

	// baresip's own recording of what it heard.
	var dec string
	waitFor(t, "baresip's recording", 10*time.Second, func() bool {
		m, _ := filepath.Glob(filepath.Join(dir, "dump-*-dec.wav"))
		if len(m) == 0 {
			return false
		}
		dec = m[0]
		fi, err := os.Stat(dec)
		return err == nil && fi.Size() > 44
	})
	_ = cmd.Process.Kill() // flush: baresip writes the header on close at the latest
	<-done
	fd, err := os.Open(dec)
	if err != nil {
		t.Fatal(err)
	}
	heard, err := audio.ReadWAV(fd)
	fd.Close()
	if err != nil {
		t.Fatalf("reading %s: %v", dec, err)
	}
	s := heard.Samples
	if heard.Rate != 8000 {
		rs, err := audio.NewResampler(heard.Rate, 8000)
		if err != nil {
			t.Fatal(err)
		}
		s = rs.Process(nil, s)
	}
	v := voicedFrames(s)
	first := -1
	for i, on := range v {
		if on {
			first = i
			break
		}
	}
	if first < 0 {
		t.Fatalf("baresip heard only silence (%d frames)", len(v))
	}
	want := int(disc / audio.FrameDuration)
	if len(v)-first < want {
		t.Fatalf("baresip heard %d frames after the first sound, want at least the disclosure's %d", len(v)-first, want)
	}
	// espeak's own disclosure is voiced in about the same share of frames.
	wantVoiced, gotVoiced := 0, 0
	for i, on := range voicedFrames(discSamples) {
		if on {
			wantVoiced++
		}
		if v[first+i] {
			gotVoiced++
		}
	}
	t.Logf("disclosure %v: %d voiced frames in espeak's rendering, %d in what baresip heard", disc, wantVoiced, gotVoiced)
	if gotVoiced < wantVoiced*8/10 || gotVoiced > wantVoiced*12/10+10 {
		t.Errorf("voiced frames over the disclosure: got %d, want about %d", gotVoiced, wantVoiced)
	}
}

// baresip is a running baresip callee.
type baresip struct {
	port int
	cmd  *exec.Cmd
	done chan struct{}
}

// startBaresip runs baresip in dir as an auto-answering callee for number
// whose microphone plays wav (8 kHz mono); it is killed when the test ends
// (its output logged if the test failed).
func startBaresip(t *testing.T, dir, number string, wav []int16) *baresip {
	t.Helper()
	bin, err := exec.LookPath("baresip")
	if err != nil {
		t.Skip("baresip not installed (Debian package baresip-core): skipping the baresip peer test")
	}
	f, err := os.Create(filepath.Join(dir, "callee.wav"))
	if err != nil {
		t.Fatal(err)
	}
	if err := audio.WriteWAV(f, 8000, wav); err != nil {
		t.Fatal(err)
	}
	f.Close()
	port := freePort(t)
	conf := fmt.Sprintf(`poll_method		epoll
sip_listen		127.0.0.1:%d
net_interface		127.0.0.1
audio_player		alsa,null
audio_alert		alsa,null
audio_source		aufile,%s
ausrc_srate		8000
auplay_srate		8000
ausrc_channels		1
auplay_channels		1
module_path		/usr/lib/baresip/modules
module			g711.so
module			aufile.so
module			alsa.so
module			sndfile.so
module_app		account.so
module_app		menu.so
snd_path		%s
`, port, filepath.Join(dir, "callee.wav"), dir)
	if err := os.WriteFile(filepath.Join(dir, "config"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	acct := fmt.Sprintf("<sip:%s@127.0.0.1:%d>;regint=0;answermode=auto;audio_codecs=PCMU/8000/1,PCMA/8000/1\n", number, port)
	if err := os.WriteFile(filepath.Join(dir, "accounts"), []byte(acct), 0o644); err != nil {
		t.Fatal(err)
	}
	out := &lockedBuffer{}
	cmd := exec.Command(bin, "-f", dir)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-done
		if t.Failed() {
			t.Logf("baresip output:\n%s", out)
		}
	})
	time.Sleep(500 * time.Millisecond)
	return &baresip{port: port, cmd: cmd, done: done}
}
