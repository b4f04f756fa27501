// Package voice puts the agent on an audio line: it turns callee audio into
// utterances (voice activity detection, endpointing, recognition) and plays
// synthesized sentences through a drift-free pacer, pausing on sustained
// callee speech (barge-in) and resuming after a mere backchannel.
//
// Audio is a synchronous chain of frame writers: the transport's receive
// goroutine pushes each callee frame through the input chain, and Play pushes
// each synthesized frame through the pacer to the transport. Only utterance
// events cross to the session, over a channel.
package voice

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"candor/agent"
	"candor/agent/audio"
)

// Streamer renders text as frames written to w as they are produced
// (espeak-ng does this).
type Streamer interface {
	Stream(ctx context.Context, text, lang string, w audio.FrameWriter) (time.Duration, error)
}

// Recognizer turns one utterance of 16 kHz frames into text. Final returns
// "" when nothing usable was recognised.
type Recognizer interface {
	Start() error
	WriteFrame(audio.Frame) error
	Partial() string
	Final() (string, error)
}

// Transport is the telephone side of a call: it takes the agent's 8 kHz
// frames (already paced) and delivers the callee's frames to the Line's
// Inbound writer from its own receive goroutine.
type Transport interface {
	audio.FrameWriter
	// Clear drops audio queued on the far side (Twilio's clear); may be a no-op.
	Clear()
	Close() error
}

// Observer is told what the line plays, for simulated callees and live views.
type Observer interface {
	PlayStarted(text string)
	PlayEnded(text string, complete bool)
}

// Synth adapts a Streamer to agent.Synthesizer: the audio is rendered while it
// plays, so the first frame goes out as soon as the synthesizer makes it.
type Synth struct {
	Streamer Streamer
	// WordsPerMinute estimates a sentence's length for transcripts of speech
	// cut short (default 175, espeak-ng's default rate).
	WordsPerMinute int
}

var _ agent.Synthesizer = Synth{}

// rendering is the Speech.Audio of a voice Synth.
type rendering struct {
	s    Streamer
	text string
	lang string
}

// Synthesize prepares text for playing.
func (s Synth) Synthesize(ctx context.Context, text, lang string) (agent.Speech, error) {
	if err := ctx.Err(); err != nil {
		return agent.Speech{}, err
	}
	wpm := s.WordsPerMinute
	if wpm <= 0 {
		wpm = 175
	}
	return agent.Speech{Text: text, Lang: lang, Duration: agent.SpeakingTime(text, wpm),
		Audio: &rendering{s: s.Streamer, text: text, lang: lang}}, nil
}

// Config tunes a Line.
type Config struct {
	// Rate of the transport's frames (default 8000).
	Rate int
	// BargeInFrames of sustained callee speech pause the agent (default 5 = 100 ms,
	// on top of the VAD's 60 ms onset: audio stops within 200 ms of speech onset).
	BargeInFrames int
	// BackchannelFrames: an utterance at most this long whose text is a
	// backchannel ("uh-huh", "yeah", 嗯) lets the agent go on (default 40 = 800 ms).
	BackchannelFrames int
	// Preroll frames kept before speech onset for the recogniser (default 10).
	Preroll int
	// MinUnclearFrames: speech at least this long that is not recognised is
	// reported as an unclear utterance (default 25 = 500 ms).
	MinUnclearFrames int
	// CompleteAnswer, when set, tells whether the recogniser's partial result
	// is already a complete answer (to a closed question, or an intent such as
	// an opt-out): the endpoint then waits only the endpointer's ShortSilence.
	CompleteAnswer func(partial string) bool
	// FinalTimeout bounds the wait for a recogniser's result (default 8 s: a
	// pooled recogniser may queue an utterance behind other calls' for up to
	// its own MaxWait, then decode it).
	FinalTimeout time.Duration
	// Machine, when set, turns on answering-machine detection: the line
	// reports agent.CalleeMachine for a long greeting at answer and
	// agent.CalleeBeep at the end of a beep.
	Machine  *MachineConfig
	VAD      audio.VADConfig
	Endpoint audio.EndpointConfig
	Clock    audio.Clock
	Observer Observer
}

func (c *Config) defaults() {
	if c.Rate == 0 {
		c.Rate = 8000
	}
	if c.BargeInFrames <= 0 {
		c.BargeInFrames = 5
	}
	if c.BackchannelFrames <= 0 {
		c.BackchannelFrames = 40
	}
	if c.Preroll <= 0 {
		c.Preroll = 10
	}
	if c.MinUnclearFrames <= 0 {
		c.MinUnclearFrames = 25
	}
	if c.FinalTimeout <= 0 {
		c.FinalTimeout = 8 * time.Second
	}
	if c.Clock == nil {
		c.Clock = audio.RealClock{}
	}
}

// Line is an agent.Line over an audio Transport.
type Line struct {
	cfg Config
	tr  Transport
	rec Recognizer
	// recBusy is closed when the last Final call returns (nil: none ran).
	// A Final given up on by FinalTimeout may still be decoding: the
	// recogniser is released only after it (see Hangup).
	recBusy chan struct{}
	pacer   *audio.Pacer

	events chan agent.CalleeEvent
	// queue holds events for the forwarding goroutine (under mu).
	queue                 []agent.CalleeEvent
	wake, stop, forwarded chan struct{}

	// Input chain state: used only by the transport's receive goroutine.
	up       *audio.Resampler
	machine  *MachineDetector
	vad      *audio.VAD
	ep       *audio.Endpointer
	buf16    []int16
	preroll  []audio.Frame
	inSpeech bool
	speechN  int // frames of the current utterance
	paused   bool
	complete bool // the partial result is a complete answer
	recErr   error

	mu        sync.Mutex
	recorder  audio.FrameWriter
	played    [][]int16 // agent frames sent since the last callee frame, for the recording
	playing   bool
	protected bool
	pause     chan struct{} // closed to resume; nil when not paused
	closed    bool
	closeOnce sync.Once
}

var _ agent.Line = (*Line)(nil)

// NewLine connects the agent to a transport with a recogniser.
func NewLine(cfg Config, tr Transport, rec Recognizer) (*Line, error) {
	cfg.defaults()
	if cfg.Rate != 8000 && cfg.Rate != 16000 {
		return nil, fmt.Errorf("%w: voice line rate %d (want 8000 or 16000)", audio.ErrRate, cfg.Rate)
	}
	l := &Line{cfg: cfg, tr: tr, rec: rec, events: make(chan agent.CalleeEvent, 32),
		vad: audio.NewVAD(cfg.VAD), ep: audio.NewEndpointer(cfg.Endpoint)}
	if cfg.Rate != 16000 {
		up, err := audio.NewResampler(cfg.Rate, 16000)
		if err != nil {
			return nil, err
		}
		l.up = up
	}
	if cfg.Machine != nil {
		l.machine = NewMachineDetector(*cfg.Machine)
	}
	l.pacer = audio.NewPacer(cfg.Clock, tr)
	l.wake, l.stop, l.forwarded = make(chan struct{}, 1), make(chan struct{}), make(chan struct{})
	go l.forward()
	return l, nil
}

// maxQueued bounds the events waiting for the session; past it, partial
// results are dropped (never utterances, keys, hang-ups or failures).
const maxQueued = 256

// forward hands queued events to the session in order, so the audio path
// never blocks on a slow session and no utterance or hang-up is lost.
func (l *Line) forward() {
	defer close(l.forwarded)
	for {
		l.mu.Lock()
		var ev agent.CalleeEvent
		ok := len(l.queue) > 0
		if ok {
			ev = l.queue[0]
			l.queue = l.queue[1:]
		}
		l.mu.Unlock()
		if !ok {
			select {
			case <-l.wake:
				continue
			case <-l.stop:
				return
			}
		}
		select {
		case l.events <- ev:
		case <-l.stop:
			return
		}
	}
}

// Events delivers the callee's utterances.
func (l *Line) Events() <-chan agent.CalleeEvent { return l.events }

func (l *Line) emit(ev agent.CalleeEvent) {
	l.mu.Lock()
	if l.closed || (ev.Kind == agent.CalleePartial && len(l.queue) >= maxQueued) {
		l.mu.Unlock()
		return
	}
	l.queue = append(l.queue, ev)
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default: // already woken
	}
}

// Inbound returns the writer the transport pushes callee frames into.
func (l *Line) Inbound() audio.FrameWriter { return inbound{l} }

type inbound struct{ l *Line }

func (in inbound) WriteFrame(f audio.Frame) error { return in.l.hear(f) }

// Record makes the line write the call's audio, both directions mixed, at
// the line's rate, one frame per callee frame. Set it before the call starts.
func (l *Line) Record(w audio.FrameWriter) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recorder = w
}

// record mixes the agent's audio sent since the last callee frame into the
// callee frame and writes it to the recorder.
func (l *Line) record(f audio.Frame) {
	l.mu.Lock()
	w := l.recorder
	var out []int16
	if w != nil && len(l.played) > 0 {
		out = l.played[0]
		l.played = l.played[1:]
	}
	l.mu.Unlock()
	if w == nil {
		return
	}
	mixed := audio.Frame{Rate: f.Rate, Samples: make([]int16, len(f.Samples))}
	for i, v := range f.Samples {
		m := int32(v)
		if i < len(out) {
			m += int32(out[i])
		}
		mixed.Samples[i] = int16(max(min(m, 32767), -32768))
	}
	if err := w.WriteFrame(mixed); err != nil {
		l.mu.Lock()
		l.recorder = nil // a failing recording never stops the call
		l.mu.Unlock()
	}
}

// keepPlayed queues an agent frame for the recording.
func (l *Line) keepPlayed(f audio.Frame) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.recorder == nil {
		return
	}
	if len(l.played) >= 50 {
		l.played = l.played[1:]
	}
	l.played = append(l.played, append([]int16(nil), f.Samples...))
}

// hear runs one callee frame through the input chain.
func (l *Line) hear(f audio.Frame) error {
	if f.Rate != l.cfg.Rate {
		return fmt.Errorf("%w: callee frame at %d Hz on a %d Hz line", audio.ErrRate, f.Rate, l.cfg.Rate)
	}
	l.record(f)
	wide := f
	if l.up != nil {
		l.buf16 = l.up.Process(l.buf16[:0], f.Samples)
		wide = audio.Frame{Rate: 16000, Samples: l.buf16}
	}
	st := l.vad.Process(wide)
	ev, ok := l.ep.Process(st)
	now := l.cfg.Clock.Now()
	if l.machine != nil {
		switch l.machine.Process(f, st.Speech) {
		case MachineGreeting:
			l.emit(agent.CalleeEvent{Kind: agent.CalleeMachine, Text: "long greeting at answer", At: now})
		case MachineBeep:
			l.emit(agent.CalleeEvent{Kind: agent.CalleeBeep, Text: "beep", At: now})
		}
	}
	if ok && ev.Kind == audio.SpeechStart {
		l.startUtterance()
	}
	if l.inSpeech {
		l.speechN++
		if l.recErr == nil {
			if err := l.rec.WriteFrame(wide); err != nil {
				l.recErr = err
			}
		}
		if l.speechN == l.cfg.BargeInFrames {
			l.maybePause()
		}
		if l.cfg.CompleteAnswer != nil && l.speechN%5 == 0 && l.recErr == nil {
			// Every 100 ms: a complete short answer needs no long pause after it.
			l.complete = l.cfg.CompleteAnswer(l.rec.Partial())
			l.ep.SetExpectShort(l.paused || l.complete)
		}
	} else {
		l.keepPreroll(wide)
	}
	if ok && ev.Kind == audio.SpeechEnd {
		l.endUtterance(now, l.ep.Frames()-1-ev.Frame)
	}
	return nil
}

// keepPreroll keeps the last cfg.Preroll frames heard outside speech; once
// full, the oldest frame's buffer takes the new one.
func (l *Line) keepPreroll(f audio.Frame) {
	if l.cfg.Preroll <= 0 {
		return
	}
	var buf []int16
	if len(l.preroll) >= l.cfg.Preroll {
		buf = l.preroll[0].Samples[:0]
		copy(l.preroll, l.preroll[1:])
		l.preroll = l.preroll[:len(l.preroll)-1]
	}
	l.preroll = append(l.preroll, audio.Frame{Rate: f.Rate, Samples: append(buf, f.Samples...)})
}

func (l *Line) startUtterance() {
	l.inSpeech, l.speechN = true, 0
	if l.recErr == nil {
		l.recErr = l.rec.Start()
	}
	for _, p := range l.preroll {
		if l.recErr == nil {
			l.recErr = l.rec.WriteFrame(p)
		}
	}
	l.preroll = l.preroll[:0]
}

// maybePause stops the agent's audio when the callee talks over it.
func (l *Line) maybePause() {
	l.mu.Lock()
	if !l.playing || l.protected || l.pause != nil {
		l.mu.Unlock()
		return
	}
	l.pause = make(chan struct{})
	l.paused = true
	l.mu.Unlock()
	// Decide quickly whether it was only a backchannel.
	l.ep.SetExpectShort(true)
	l.pacer.Reset() // drop the frame waiting for its slot
	l.tr.Clear()
	l.emit(agent.CalleeEvent{Kind: agent.CalleePartial, Text: l.rec.Partial(), At: l.cfg.Clock.Now()})
}

// endUtterance finishes recognition; silentFrames of silence followed the
// last speech frame before the endpoint was decided.
func (l *Line) endUtterance(now time.Time, silentFrames int) {
	l.inSpeech = false
	n := l.speechN
	speechEnd := now.Add(-time.Duration(silentFrames) * audio.FrameDuration)
	var text string
	var heard bool
	err := l.recErr
	if err == nil {
		text, heard, err = l.final()
	}
	l.recErr = nil
	final := l.cfg.Clock.Now()
	if err != nil {
		l.emit(agent.CalleeEvent{Kind: agent.CalleeError, Text: fmt.Sprintf("%v: %v", ErrRecognizer, err), At: final})
		return
	}
	// A short backchannel, or a short sound not recognised, lets a paused
	// agent go on; anything else is left for the session to act on.
	short := n <= l.cfg.BackchannelFrames && (text == "" || agent.IsBackchannel(text))
	resumed := l.paused && short
	if resumed {
		l.resume()
	}
	if l.paused || l.complete {
		l.ep.SetExpectShort(false)
	}
	l.paused, l.complete = false, false
	if text == "" && (resumed || n < l.cfg.MinUnclearFrames) {
		return // a cough or a click, not an utterance
	}
	l.emit(agent.CalleeEvent{Kind: agent.CalleeSpeech, Text: text, At: speechEnd.Add(-time.Duration(n) * audio.FrameDuration),
		SpeechEnd: speechEnd, EndpointAt: now, FinalAt: final, HeardOptOut: heard})
}

// optOutHearer is a Recognizer that can say its last Final heard the words
// that carry an opt-out in speech whose text does not read as one.
type optOutHearer interface {
	HeardOptOut() bool
}

// final asks the recogniser for its result, giving up after FinalTimeout: a
// hung recogniser ends the call instead of stalling it.
func (l *Line) final() (string, bool, error) {
	type result struct {
		text  string
		heard bool
		err   error
	}
	ch := make(chan result, 1)
	done := make(chan struct{})
	l.mu.Lock()
	l.recBusy = done
	l.mu.Unlock()
	go func() {
		defer close(done)
		t, err := l.rec.Final()
		h, ok := l.rec.(optOutHearer)
		ch <- result{t, ok && h.HeardOptOut(), err}
	}()
	timer := time.NewTimer(l.cfg.FinalTimeout)
	defer timer.Stop()
	select {
	case r := <-ch:
		return r.text, r.heard, r.err
	case <-timer.C:
		return "", false, fmt.Errorf("no result after %v", l.cfg.FinalTimeout)
	}
}

func (l *Line) resume() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pause != nil {
		close(l.pause)
		l.pause = nil
	}
}

// Play streams a sentence to the callee at real-time pace. It returns when
// the sentence has been sent, or when ctx ends (barge-in, opt-out), reporting
// the part actually played by the pacer's count.
func (l *Line) Play(ctx context.Context, s agent.Speech) (agent.Played, error) {
	requested := l.cfg.Clock.Now()
	p := agent.Played{Requested: requested, Start: requested}
	r, ok := s.Audio.(*rendering)
	if !ok || r.s == nil {
		return p, ErrNoAudio
	}
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return p, agent.ErrLineClosed
	}
	l.playing, l.protected, l.pause = true, s.Protected, nil
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.playing, l.protected = false, false
		if l.pause != nil {
			close(l.pause)
			l.pause = nil
		}
		l.mu.Unlock()
	}()
	if l.cfg.Observer != nil {
		l.cfg.Observer.PlayStarted(s.Text)
	}
	w := &playWriter{l: l, ctx: ctx}
	_, err := r.s.Stream(ctx, r.text, r.lang, w)
	if ctx.Err() != nil {
		// Barge-in or the session's stop: nothing more goes out.
		l.pacer.Reset()
		l.tr.Clear()
		err = nil
	}
	played := time.Duration(w.n) * audio.FrameDuration
	p.Duration = played
	if !w.first.IsZero() {
		p.Start = w.first
	}
	p.Complete = err == nil && ctx.Err() == nil
	if p.Complete {
		p.Text = s.Text
	} else if s.Duration > 0 {
		p.Text = agent.PlayedPrefix(s.Text, float64(played)/float64(max(s.Duration, played)))
	}
	if l.cfg.Observer != nil {
		l.cfg.Observer.PlayEnded(p.Text, p.Complete)
	}
	if err != nil {
		return p, fmt.Errorf("play: %w", err)
	}
	return p, nil
}

// playWriter paces the synthesizer's frames onto the line, holding them
// while the line is paused for the callee.
type playWriter struct {
	l     *Line
	ctx   context.Context
	n     int
	first time.Time
	buf   []int16
	down  *audio.Resampler
}

func (w *playWriter) WriteFrame(f audio.Frame) error {
	for {
		w.l.mu.Lock()
		pause := w.l.pause
		w.l.mu.Unlock()
		if pause == nil {
			break
		}
		select {
		case <-pause:
		case <-w.ctx.Done():
			return w.ctx.Err()
		}
	}
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if f.Rate != w.l.cfg.Rate {
		if w.down == nil {
			d, err := audio.NewResampler(f.Rate, w.l.cfg.Rate)
			if err != nil {
				return err
			}
			w.down = d
		}
		w.buf = w.down.Process(w.buf[:0], f.Samples)
		f = audio.Frame{Rate: w.l.cfg.Rate, Samples: w.buf}
	}
	if err := w.l.pacer.WriteFrame(f); err != nil {
		if errors.Is(err, audio.ErrPacerReset) {
			// A pause dropped this frame; it is sent again after resuming.
			return w.WriteFrame(f)
		}
		return err
	}
	if w.n == 0 {
		w.first = w.l.cfg.Clock.Now()
	}
	w.n++
	w.l.keepPlayed(f)
	return nil
}

// Hangup ends the call; idempotent.
func (l *Line) Hangup(context.Context) error {
	var err error
	l.closeOnce.Do(func() {
		l.mu.Lock()
		l.closed = true
		l.mu.Unlock()
		close(l.stop)
		<-l.forwarded
		l.mu.Lock()
		close(l.events)
		if l.pause != nil {
			close(l.pause)
			l.pause = nil
		}
		l.mu.Unlock()
		l.pacer.Close()
		// The transport's receive goroutine is done once Close returns, so the
		// recogniser can be released.
		err = l.tr.Close()
		if c, ok := l.rec.(io.Closer); ok {
			l.mu.Lock()
			busy := l.recBusy
			l.mu.Unlock()
			if decoding(busy) {
				// A Final given up on is still decoding: release the
				// recogniser when it returns, not under it.
				go func() {
					<-busy
					c.Close()
				}()
				return
			}
			err = errors.Join(err, c.Close())
		}
	})
	return err
}

// decoding reports whether a Final call is still running (busy is open).
func decoding(busy chan struct{}) bool {
	if busy == nil {
		return false
	}
	select {
	case <-busy:
		return false
	default:
		return true
	}
}

// Now is the line's clock (the session times the call with it).
func (l *Line) Now() time.Time { return l.cfg.Clock.Now() }

// FarEndHangup reports that the callee hung up (transports call it).
func (l *Line) FarEndHangup() {
	l.emit(agent.CalleeEvent{Kind: agent.CalleeHangup, At: l.cfg.Clock.Now()})
}

// ReportMachine reports an answering machine the carrier detected after the
// call started (transports call it). how says who detected it; greetingOver
// says the machine's greeting has ended, so the message can start now.
func (l *Line) ReportMachine(how string, greetingOver bool) {
	kind := agent.CalleeMachine
	if greetingOver {
		kind = agent.CalleeBeep
	}
	l.emit(agent.CalleeEvent{Kind: kind, Text: how, At: l.cfg.Clock.Now()})
}

// DTMF reports a key the callee pressed (transports call it).
func (l *Line) DTMF(digit string) {
	l.emit(agent.CalleeEvent{Kind: agent.CalleeDTMF, Text: digit, At: l.cfg.Clock.Now()})
}

// Fail reports a transport failure; the call ends with an error.
func (l *Line) Fail(err error) {
	l.emit(agent.CalleeEvent{Kind: agent.CalleeError, Text: err.Error(), At: l.cfg.Clock.Now()})
}
