package loopback

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"candor/agent"
	"candor/agent/audio"
	"candor/agent/voice"
)

// AudioConfig makes a Network carry audio: 8 kHz G.711 both ways, the agent
// heard through a recogniser, simulated callees speaking with a synthetic voice.
type AudioConfig struct {
	// CalleeVoice speaks the simulated callees' words (8 kHz frames).
	CalleeVoice Synthesizer
	// Lines makes the agent's voice line of each call (the network sets its
	// Clock and Observer).
	Lines voice.Factory
}

// Synthesizer renders callee speech as frames.
type Synthesizer interface {
	Synthesize(ctx context.Context, text, lang string) ([]audio.Frame, error)
}

// ScaledClock runs Speed times faster than real time.
type ScaledClock struct {
	Speed float64
	t0    time.Time
	once  sync.Once
}

// Now returns the scaled time.
func (c *ScaledClock) Now() time.Time {
	c.once.Do(func() { c.t0 = time.Now() })
	el := time.Since(c.t0)
	return c.t0.Add(time.Duration(float64(el) * c.speed()))
}

func (c *ScaledClock) speed() float64 {
	if c.Speed <= 0 {
		return 1
	}
	return c.Speed
}

// SleepUntil sleeps until the scaled time t.
func (c *ScaledClock) SleepUntil(ctx context.Context, t time.Time) error {
	return audio.Sleep(ctx, time.Duration(float64(t.Sub(c.Now()))/c.speed()))
}

// audioCall is the far end of one simulated audio call: it hears the agent
// through G.711 and speaks the persona's words, one frame every 20 ms.
type audioCall struct {
	callee *Callee
	lang   string
	voice  Synthesizer
	clock  audio.Clock
	line   *voice.Line

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	queue   []audio.Frame // callee speech waiting to be sent
	pending []scheduled
	hangup  bool
	once    sync.Once
	rng     *rand.Rand
}

type scheduled struct {
	at   time.Time
	text string
}

// dialAudio connects a persona over audio.
func (n *Network) dialAudio(persona string) (agent.Line, error) {
	a := n.Audio
	if a.CalleeVoice == nil || a.Lines.NewRecognizer == nil {
		return nil, fmt.Errorf("%w: audio network needs a callee voice and a recognizer", agent.ErrConfig)
	}
	clock := audio.Clock(&ScaledClock{Speed: n.Speed})
	c := &audioCall{callee: NewCallee(persona, n.Campaign), lang: n.Campaign.Language, voice: a.CalleeVoice,
		clock: clock, done: make(chan struct{}), rng: rand.New(rand.NewPCG(1, seedOf(persona)))}
	line, err := a.Lines.NewLine(c, func(cfg *voice.Config) { cfg.Clock, cfg.Observer = clock, c })
	if err != nil {
		return nil, err
	}
	c.line = line
	c.ctx, c.cancel = context.WithCancel(context.Background())
	go c.run()
	return line, nil
}

// run sends one callee frame every 20 ms: speech when there is some, else
// quiet line noise.
func (c *audioCall) run() {
	defer close(c.done)
	t0 := c.clock.Now()
	silence := make([]int16, 160)
	for n := 0; ; n++ {
		if err := c.clock.SleepUntil(c.ctx, t0.Add(time.Duration(n)*audio.FrameDuration)); err != nil {
			return
		}
		now := c.clock.Now()
		f, hang := c.next(now, silence)
		if hang {
			c.line.FarEndHangup()
			return
		}
		// The phone network: G.711 both ways.
		var enc [160]byte
		b := audio.EncodeMulaw(enc[:0], f)
		out := audio.DecodeMulaw(make([]int16, 0, 160), b)
		_ = c.line.Inbound().WriteFrame(audio.Frame{Rate: 8000, Samples: out})
	}
}

// next returns the callee's frame for this tick.
func (c *audioCall) next(now time.Time, silence []int16) (audio.Frame, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hangup && len(c.queue) == 0 {
		return audio.Frame{}, true
	}
	for len(c.queue) == 0 && len(c.pending) > 0 && !c.pending[0].at.After(now) {
		text := c.pending[0].text
		c.pending = c.pending[1:]
		if text == HangUp {
			c.hangup = true
			continue
		}
		c.mu.Unlock()
		frames, err := c.voice.Synthesize(c.ctx, text, c.lang)
		c.mu.Lock()
		if err == nil {
			c.queue = append(c.queue, frames...)
		}
	}
	if len(c.queue) > 0 {
		f := c.queue[0]
		c.queue = c.queue[1:]
		return f, false
	}
	for i := range silence {
		silence[i] = int16(c.rng.IntN(17) - 8) // line noise around -70 dBFS
	}
	return audio.Frame{Rate: 8000, Samples: silence}, false
}

func (c *audioCall) say(at time.Time, text string) {
	if text == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = append(c.pending, scheduled{at: at, text: text})
}

// PlayStarted: the callee starts hearing a sentence; it may talk over it.
func (c *audioCall) PlayStarted(text string) {
	if words, at := c.callee.Hearing(text); words != "" {
		d := agent.SpeakingTime(text, 175)
		c.say(c.clock.Now().Add(time.Duration(float64(d)*at)), words)
	}
}

// PlayEnded: the callee heard a sentence; it answers after a short pause.
func (c *audioCall) PlayEnded(text string, complete bool) {
	if !complete {
		return
	}
	c.say(c.clock.Now().Add(400*time.Millisecond), c.callee.Heard(text))
}

// WriteFrame receives the agent's (paced) audio.
func (c *audioCall) WriteFrame(f audio.Frame) error {
	if f.Rate != 8000 || len(f.Samples) != 160 {
		return fmt.Errorf("%w: loopback carries 8 kHz 20 ms frames, got %d Hz x %d", audio.ErrRate, f.Rate, len(f.Samples))
	}
	return nil
}

// Clear drops queued agent audio (nothing is queued on a loopback line).
func (c *audioCall) Clear() {}

// Close ends the far end; idempotent.
func (c *audioCall) Close() error {
	c.once.Do(func() {
		c.cancel()
		<-c.done
	})
	return nil
}

// seedOf makes the line noise of a persona's calls repeatable.
func seedOf(s string) uint64 {
	var h uint64 = 14695981039346656037
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}
