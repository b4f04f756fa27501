package audio

import "time"

// EndpointConfig tunes an Endpointer. Zero fields take the defaults noted.
type EndpointConfig struct {
	// MinSilence is how long the callee must be silent after speech for the
	// utterance to end. Default 500 ms.
	MinSilence time.Duration
	// ShortSilence replaces MinSilence while the endpointer expects a short
	// answer (SetExpectShort), e.g. after a yes/no question or when the
	// recogniser reports a complete answer. Default 250 ms.
	ShortSilence time.Duration
}

func (c EndpointConfig) withDefaults() EndpointConfig {
	if c.MinSilence <= 0 {
		c.MinSilence = 500 * time.Millisecond
	}
	if c.ShortSilence <= 0 {
		c.ShortSilence = 250 * time.Millisecond
	}
	return c
}

// EventKind says what an endpointer event marks.
type EventKind int

// Endpointer events.
const (
	// SpeechStart: the first frame the VAD reported as speech.
	SpeechStart EventKind = iota + 1
	// SpeechEnd: the utterance ended; the event names its last speech frame.
	SpeechEnd
)

func (k EventKind) String() string {
	switch k {
	case SpeechStart:
		return "SpeechStart"
	case SpeechEnd:
		return "SpeechEnd"
	}
	return "EventKind(?)"
}

// Event is an utterance boundary. Frame counts the 20 ms frames given to the
// endpointer since it was created or reset, from 0. For SpeechStart, Frame is
// the first speech frame and At its start; for SpeechEnd, Frame is the last
// speech frame and At its end, both as offsets from the stream's start.
type Event struct {
	Kind  EventKind
	Frame int
	At    time.Duration
}

// Endpointer turns per-frame VAD states into utterance boundaries: speech
// starts when the VAD reports speech and ends after a run of silence of
// MinSilence (ShortSilence when a short answer is expected), counted from
// the last frame the VAD heard as speech by itself (State.Raw), so that VAD
// hangover is part of the silence, not added to it. It counts frames and
// never reads a clock. An Endpointer is not safe for concurrent use.
type Endpointer struct {
	cfg         EndpointConfig
	frame       int // index of the next frame
	inSpeech    bool
	last        int // last speech frame of the current utterance
	expectShort bool
}

// NewEndpointer returns an endpointer tuned by cfg.
func NewEndpointer(cfg EndpointConfig) *Endpointer {
	return &Endpointer{cfg: cfg.withDefaults()}
}

// SetExpectShort selects the short silence (true) or the normal one (false)
// for ending the current and later utterances. It takes effect at the next
// frame, also for a silence already under way.
func (e *Endpointer) SetExpectShort(short bool) { e.expectShort = short }

// InSpeech reports whether an utterance is under way.
func (e *Endpointer) InSpeech() bool { return e.inSpeech }

// Frames returns how many frames have been processed.
func (e *Endpointer) Frames() int { return e.frame }

// Reset forgets any utterance under way and restarts frame counting at 0.
// The expect-short setting is kept.
func (e *Endpointer) Reset() {
	*e = Endpointer{cfg: e.cfg, expectShort: e.expectShort}
}

// Process consumes the VAD state of the next frame and returns the event it
// completes, if any.
func (e *Endpointer) Process(s VADState) (Event, bool) {
	i := e.frame
	e.frame++
	if s.Speech {
		if !e.inSpeech {
			e.inSpeech = true
			e.last = i
			return Event{Kind: SpeechStart, Frame: i, At: time.Duration(i) * FrameDuration}, true
		}
		if s.Raw {
			e.last = i
		}
	}
	if !e.inSpeech {
		return Event{}, false
	}
	need := e.cfg.MinSilence
	if e.expectShort {
		need = e.cfg.ShortSilence
	}
	if time.Duration(i-e.last)*FrameDuration >= need {
		e.inSpeech = false
		return Event{Kind: SpeechEnd, Frame: e.last, At: time.Duration(e.last+1) * FrameDuration}, true
	}
	return Event{}, false
}
