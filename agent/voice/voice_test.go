package voice_test

import (
	"context"
	"errors"
	"math"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"candor/agent"
	"candor/agent/audio"
	"candor/agent/voice"
)

// transport records when each agent frame reached the line.
type transport struct {
	mu     sync.Mutex
	sent   []time.Time
	clears int
	closed bool
}

func (t *transport) WriteFrame(f audio.Frame) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(f.Samples) != 160 || f.Rate != 8000 {
		return errors.New("bad frame")
	}
	t.sent = append(t.sent, time.Now())
	return nil
}
func (t *transport) Clear() { t.mu.Lock(); t.clears++; t.mu.Unlock() }
func (t *transport) Close() error {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	return nil
}
func (t *transport) frames() []time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]time.Time(nil), t.sent...)
}

// tone writes n frames of a steady tone; failAfter > 0 makes it die there.
type tone struct {
	n, failAfter int
}

var errTTSDied = errors.New("synthesizer died")

func (s tone) Stream(ctx context.Context, text, lang string, w audio.FrameWriter) (time.Duration, error) {
	for i := 0; i < s.n; i++ {
		if s.failAfter > 0 && i == s.failAfter {
			return time.Duration(i) * audio.FrameDuration, errTTSDied
		}
		f := audio.Frame{Rate: 8000, Samples: make([]int16, 160)}
		for j := range f.Samples {
			f.Samples[j] = int16(3000 * math.Sin(float64(i*160+j)*2*math.Pi*440/8000))
		}
		if err := w.WriteFrame(f); err != nil {
			return time.Duration(i) * audio.FrameDuration, err
		}
	}
	return time.Duration(s.n) * audio.FrameDuration, nil
}

// recognizer returns a fixed text; hang blocks Final until released.
type recognizer struct {
	text string
	err  error
	hang chan struct{}
	n    int
}

func (r *recognizer) Start() error                 { r.n = 0; return nil }
func (r *recognizer) WriteFrame(audio.Frame) error { r.n++; return nil }
func (r *recognizer) Partial() string              { return r.text }
func (r *recognizer) Final() (string, error) {
	if r.hang != nil {
		<-r.hang
	}
	return r.text, r.err
}

// voiced is a speech-like signal: harmonics of 140 Hz, amplitude-modulated.
func voiced(i int) audio.Frame {
	f := audio.Frame{Rate: 8000, Samples: make([]int16, 160)}
	for j := range f.Samples {
		t := float64(i*160+j) / 8000
		v := 0.0
		for k := 1; k <= 8; k++ {
			v += math.Sin(2*math.Pi*140*float64(k)*t) / float64(k)
		}
		f.Samples[j] = int16(5000 * v * (0.6 + 0.4*math.Sin(2*math.Pi*4*t)))
	}
	return f
}

func quiet() audio.Frame {
	f := audio.Frame{Rate: 8000, Samples: make([]int16, 160)}
	for j := range f.Samples {
		f.Samples[j] = int16((j*7919)%9 - 4)
	}
	return f
}

// callee feeds the line one frame every 20 ms: speech between from and to.
func callee(ctx context.Context, l *voice.Line, from, to time.Duration) {
	start := time.Now()
	for i := 0; ; i++ {
		at := time.Duration(i) * audio.FrameDuration
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(start.Add(at))):
		}
		f := quiet()
		if at >= from && at < to {
			f = voiced(i)
		}
		_ = l.Inbound().WriteFrame(f)
	}
}

type rig struct {
	tr   *transport
	rec  *recognizer
	line *voice.Line
}

func newRig(t *testing.T, text string) *rig {
	t.Helper()
	r := &rig{tr: &transport{}, rec: &recognizer{text: text}}
	l, err := voice.NewLine(voice.Config{FinalTimeout: time.Second}, r.tr, r.rec)
	if err != nil {
		t.Fatal(err)
	}
	r.line = l
	return r
}

// play plays a 5 s sentence with a callee talking from..to, cutting the
// sentence when the callee's utterance is not a backchannel (as the session does).
func (r *rig) play(t *testing.T, sp agent.Speech, from, to time.Duration) (agent.Played, error, time.Time) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cctx, stopCallee := context.WithCancel(context.Background())
	defer stopCallee()
	t0 := time.Now()
	go callee(cctx, r.line, from, to)
	pctx, cut := context.WithCancel(ctx)
	defer cut()
	go func() {
		for ev := range r.line.Events() {
			if ev.Kind == agent.CalleeSpeech && !agent.IsBackchannel(ev.Text) {
				cut()
			}
		}
	}()
	p, err := r.line.Play(pctx, sp)
	stopCallee()
	_ = r.line.Hangup(context.Background())
	return p, err, t0
}

func speech(text string, s voice.Synth, protected bool) agent.Speech {
	sp, _ := s.Synthesize(context.Background(), text, "en")
	sp.Protected = protected
	return sp
}

const long = "Before we begin let me explain in some detail how this survey works and why your answers matter to the team."

func TestBargeInStopsAudioWithin200ms(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, "wait i have a question")
		p, err, t0 := r.play(t, speech(long, voice.Synth{Streamer: tone{n: 250}}, false), time.Second, 2500*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		sent := r.tr.frames()
		onset := t0.Add(time.Second)
		last := sent[len(sent)-1]
		if gap := last.Sub(onset); gap > 200*time.Millisecond {
			t.Errorf("agent audio went on %v after the callee started; want <= 200ms", gap)
		}
		if p.Complete || p.Text == long || p.Text == "" {
			t.Errorf("played = %+v, want an incomplete prefix", p)
		}
		if got, want := p.Duration, time.Duration(len(sent))*audio.FrameDuration; got != want {
			t.Errorf("played duration %v, want %v (frames sent)", got, want)
		}
		if r.tr.clears == 0 {
			t.Error("queued far-end audio was not cleared")
		}
	})
}

func TestBackchannelDoesNotStopSentence(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, "uh huh")
		p, err, _ := r.play(t, speech(long, voice.Synth{Streamer: tone{n: 250}}, false), time.Second, 1400*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Complete || p.Text != long {
			t.Errorf("played = %+v, want the whole sentence", p)
		}
		if got := len(r.tr.frames()); got != 250 {
			t.Errorf("frames sent = %d, want all 250", got)
		}
	})
}

func TestProtectedSpeechIsNotPaused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, "hello who is this")
		ctx := context.Background()
		cctx, stop := context.WithCancel(ctx)
		go callee(cctx, r.line, time.Second, 2500*time.Millisecond)
		t0 := time.Now()
		p, err := r.line.Play(ctx, speech(long, voice.Synth{Streamer: tone{n: 250}}, true))
		stop()
		_ = r.line.Hangup(ctx)
		if err != nil || !p.Complete {
			t.Fatalf("played %+v, %v; want complete", p, err)
		}
		// No drift: 250 frames paced at 20 ms take 5 s minus one frame.
		sent := r.tr.frames()
		if got := sent[len(sent)-1].Sub(t0); got != 249*audio.FrameDuration {
			t.Errorf("last frame at %v, want %v", got, 249*audio.FrameDuration)
		}
	})
}

func TestLineFailures(t *testing.T) {
	t.Run("synthesizer dies mid-sentence", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := newRig(t, "")
			_, err := r.line.Play(context.Background(), speech(long, voice.Synth{Streamer: tone{n: 250, failAfter: 40}}, false))
			if !errors.Is(err, errTTSDied) {
				t.Errorf("err = %v, want the synthesizer's error", err)
			}
			_ = r.line.Hangup(context.Background())
		})
	})
	for _, tc := range []struct {
		name string
		rec  *recognizer
	}{
		{"recognizer fails", &recognizer{err: errors.New("decoder broke")}},
		{"recognizer hangs", &recognizer{text: "yes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				if tc.rec.err == nil {
					tc.rec.hang = make(chan struct{}) // made in the bubble: blocking on it is durable
				}
				tr := &transport{}
				l, err := voice.NewLine(voice.Config{FinalTimeout: time.Second}, tr, tc.rec)
				if err != nil {
					t.Fatal(err)
				}
				ctx, stop := context.WithCancel(context.Background())
				go callee(ctx, l, 100*time.Millisecond, time.Second)
				ev := <-l.Events()
				for ev.Kind == agent.CalleePartial {
					ev = <-l.Events()
				}
				stop()
				if ev.Kind != agent.CalleeError {
					t.Errorf("event %+v, want a line error", ev)
				}
				_ = l.Hangup(context.Background())
				if tc.rec.hang != nil {
					close(tc.rec.hang)
				}
			})
		})
	}
	t.Run("wrong rate", func(t *testing.T) {
		r := newRig(t, "")
		if err := r.line.Inbound().WriteFrame(audio.Frame{Rate: 16000, Samples: make([]int16, 320)}); !errors.Is(err, audio.ErrRate) {
			t.Errorf("err = %v, want ErrRate", err)
		}
		if _, err := r.line.Play(context.Background(), agent.Speech{Text: "x"}); !errors.Is(err, voice.ErrNoAudio) {
			t.Errorf("text-only speech: err = %v, want ErrNoAudio", err)
		}
	})
}

func TestUtteranceEvents(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, "yes it was")
		ctx, stop := context.WithCancel(context.Background())
		t0 := time.Now()
		go callee(ctx, r.line, 200*time.Millisecond, 1200*time.Millisecond)
		ev := <-r.line.Events()
		stop()
		if ev.Kind != agent.CalleeSpeech || ev.Text != "yes it was" {
			t.Fatalf("event %+v, want the final text", ev)
		}
		if d := ev.SpeechEnd.Sub(t0); d < 1100*time.Millisecond || d > 1300*time.Millisecond {
			t.Errorf("speech end at %v, want about 1.2s", d)
		}
		if w := ev.EndpointAt.Sub(ev.SpeechEnd); w < 400*time.Millisecond || w > 600*time.Millisecond {
			t.Errorf("endpointing took %v, want about the 500 ms minimum silence", w)
		}
		_ = r.line.Hangup(context.Background())
	})
}

func TestCompleteAnswerShortensTheEndpoint(t *testing.T) {
	for _, tc := range []struct {
		name     string
		complete bool
		min, max time.Duration
	}{
		{"open answer waits the full silence", false, 450 * time.Millisecond, 550 * time.Millisecond},
		{"complete closed answer ends sooner", true, 200 * time.Millisecond, 300 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				tr := &transport{}
				l, err := voice.NewLine(voice.Config{CompleteAnswer: func(p string) bool { return tc.complete && p == "four" }},
					tr, &recognizer{text: "four"})
				if err != nil {
					t.Fatal(err)
				}
				ctx, stop := context.WithCancel(context.Background())
				go callee(ctx, l, 200*time.Millisecond, 800*time.Millisecond)
				ev := <-l.Events()
				for ev.Kind == agent.CalleePartial {
					ev = <-l.Events()
				}
				stop()
				if w := ev.EndpointAt.Sub(ev.SpeechEnd); w < tc.min || w > tc.max {
					t.Errorf("endpoint after %v of silence, want %v..%v", w, tc.min, tc.max)
				}
				_ = l.Hangup(context.Background())
			})
		})
	}
}

type frames struct {
	mu sync.Mutex
	fs []audio.Frame
}

func (r *frames) WriteFrame(f audio.Frame) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fs = append(r.fs, f)
	return nil
}

func TestRecordingMixesBothDirections(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t, "")
		var rec frames
		r.line.Record(&rec)
		ctx, stop := context.WithCancel(context.Background())
		go callee(ctx, r.line, 0, 0) // quiet callee, one frame every 20 ms
		if _, err := r.line.Play(context.Background(), speech(long, voice.Synth{Streamer: tone{n: 50}}, false)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		stop()
		_ = r.line.Hangup(context.Background())
		rec.mu.Lock()
		defer rec.mu.Unlock()
		loud := 0
		for _, f := range rec.fs {
			peak := 0
			for _, v := range f.Samples {
				peak = max(peak, int(v), -int(v))
			}
			if peak > 2000 {
				loud++
			}
		}
		if len(rec.fs) < 50 || loud < 45 {
			t.Errorf("recorded %d frames, %d with the agent's tone; want >= 50 and about 50", len(rec.fs), loud)
		}
	})
}

func TestNoKeyOrHangupIsLostToASlowSession(t *testing.T) {
	r := newRig(t, "")
	for range 100 {
		r.line.DTMF("1") // nobody reads yet
	}
	r.line.FarEndHangup()
	keys, hung := 0, false
	for !hung {
		ev := <-r.line.Events()
		switch ev.Kind {
		case agent.CalleeDTMF:
			keys++
		case agent.CalleeHangup:
			hung = true
		}
	}
	if keys != 100 {
		t.Errorf("got %d key presses before the hang-up, want all 100 in order", keys)
	}
	_ = r.line.Hangup(context.Background())
	if _, ok := <-r.line.Events(); ok {
		t.Error("events still open after Hangup")
	}
}

// hearingRecognizer also says whether its last Final heard an opt-out's words.
type hearingRecognizer struct {
	recognizer
	heard bool
}

func (r *hearingRecognizer) HeardOptOut() bool { return r.heard }

// A recogniser's heard-opt-out flag reaches the session with the text.
func TestHeardOptOutReachesTheEvent(t *testing.T) {
	for _, heard := range []bool{true, false} {
		synctest.Test(t, func(t *testing.T) {
			rec := &hearingRecognizer{recognizer: recognizer{text: "i told you the rooftop"}, heard: heard}
			l, err := voice.NewLine(voice.Config{FinalTimeout: time.Second}, &transport{}, rec)
			if err != nil {
				t.Fatal(err)
			}
			ctx, stop := context.WithCancel(context.Background())
			go callee(ctx, l, 200*time.Millisecond, 1200*time.Millisecond)
			ev := <-l.Events()
			stop()
			if ev.Kind != agent.CalleeSpeech || ev.HeardOptOut != heard {
				t.Errorf("event %+v: got HeardOptOut %v, want %v", ev, ev.HeardOptOut, heard)
			}
			_ = l.Hangup(context.Background())
		})
	}
}
