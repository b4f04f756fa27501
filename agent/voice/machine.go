package voice

import (
	"math"
	"time"

	"candor/agent/audio"
)

// MachineConfig tunes answering-machine detection on a line. The zero value
// of each field takes its default.
type MachineConfig struct {
	// Greeting is how much uninterrupted speech right at answer marks a
	// machine's greeting (default 3.5 s; people say "hello?" and wait).
	Greeting time.Duration
	// GreetingStart: the greeting must start within this time of answer (default 2 s).
	GreetingStart time.Duration
	// MaxGap is the longest pause inside one greeting (default 400 ms).
	MaxGap time.Duration
	// Beep is how long a steady pure tone must last to be a beep (default 300 ms).
	Beep time.Duration
	// BeepMinHz and BeepMaxHz bound the beep's pitch (default 700 to 1500 Hz, around 1 kHz).
	BeepMinHz, BeepMaxHz float64
	// BeepWindow: beeps are listened for this long after answer (default 60 s).
	BeepWindow time.Duration
	// MinLevel is the lowest RMS level of a beep, in 16-bit sample units (default 300).
	MinLevel float64
}

func (c *MachineConfig) defaults() {
	if c.Greeting <= 0 {
		c.Greeting = 3500 * time.Millisecond
	}
	if c.GreetingStart <= 0 {
		c.GreetingStart = 2 * time.Second
	}
	if c.MaxGap <= 0 {
		c.MaxGap = 400 * time.Millisecond
	}
	if c.Beep <= 0 {
		c.Beep = 300 * time.Millisecond
	}
	if c.BeepMinHz <= 0 {
		c.BeepMinHz = 700
	}
	if c.BeepMaxHz <= c.BeepMinHz {
		c.BeepMaxHz = 1500
	}
	if c.BeepWindow <= 0 {
		c.BeepWindow = time.Minute
	}
	if c.MinLevel <= 0 {
		c.MinLevel = 300
	}
}

// MachineSignal is what a MachineDetector heard in one frame.
type MachineSignal int

// Machine signals.
const (
	MachineNone     MachineSignal = iota
	MachineGreeting               // a long uninterrupted greeting at answer
	MachineBeep                   // a beep has just ended
)

// maxBeep caps a tone: a beep is reported after this long even if it goes on.
const maxBeep = 2 * time.Second

// MachineDetector hears answering machines in the callee's audio from the
// moment of answer: a long uninterrupted greeting, and a beep (a steady pure
// tone, found by the spacing of zero crossings and the stability of pitch and
// level). It is a synchronous frame consumer, not safe for concurrent use.
type MachineDetector struct {
	cfg MachineConfig
	t   time.Duration // audio heard since answer

	// greeting
	greetDone  bool
	greetStart time.Duration // -1 until speech starts
	lastSpeech time.Duration

	// beep
	toneDur   time.Duration
	toneHz    float64
	toneLevel float64
	beepSaid  bool // the current tone was already reported
	cross     []float64
}

// NewMachineDetector returns a detector; feed it every callee frame from answer on.
func NewMachineDetector(cfg MachineConfig) *MachineDetector {
	cfg.defaults()
	return &MachineDetector{cfg: cfg, greetStart: -1}
}

// Process takes one callee frame and whether the VAD hears speech in it, and
// reports a greeting (once) or the end of a beep.
func (d *MachineDetector) Process(f audio.Frame, speech bool) MachineSignal {
	if f.Rate <= 0 || len(f.Samples) == 0 {
		return MachineNone
	}
	dur := time.Duration(len(f.Samples)) * time.Second / time.Duration(f.Rate)
	at := d.t
	d.t += dur
	sig := d.beep(f, dur, at)
	if g := d.greeting(speech, at); g != MachineNone && sig == MachineNone {
		sig = g
	}
	return sig
}

func (d *MachineDetector) greeting(speech bool, at time.Duration) MachineSignal {
	if d.greetDone {
		return MachineNone
	}
	c := &d.cfg
	if d.greetStart < 0 {
		if !speech {
			if at >= c.GreetingStart {
				d.greetDone = true // nobody spoke at answer
			}
			return MachineNone
		}
		d.greetStart, d.lastSpeech = at, at
	}
	if !speech {
		if at-d.lastSpeech > c.MaxGap {
			d.greetDone = true // a pause: a person waiting for an answer
		}
		return MachineNone
	}
	d.lastSpeech = at
	if d.t-d.greetStart > c.Greeting {
		d.greetDone = true
		return MachineGreeting
	}
	return MachineNone
}

func (d *MachineDetector) beep(f audio.Frame, dur, at time.Duration) MachineSignal {
	c := &d.cfg
	if at >= c.BeepWindow {
		return MachineNone
	}
	hz, level, pure := d.toneOf(f)
	steady := pure && hz >= c.BeepMinHz && hz <= c.BeepMaxHz && level >= c.MinLevel
	if steady && d.toneDur > 0 {
		steady = math.Abs(hz-d.toneHz) <= 0.03*d.toneHz &&
			level >= 0.6*d.toneLevel && level <= 1.6*d.toneLevel
	}
	if steady {
		if d.toneDur == 0 {
			d.toneHz, d.toneLevel = hz, level
		}
		d.toneDur += dur
		if d.toneDur >= maxBeep && !d.beepSaid {
			d.beepSaid = true
			return MachineBeep
		}
		return MachineNone
	}
	long := d.toneDur > c.Beep && !d.beepSaid
	d.toneDur, d.beepSaid = 0, false
	if pure && hz >= c.BeepMinHz && hz <= c.BeepMaxHz && level >= c.MinLevel {
		// A pure tone of another pitch or level starts a new run.
		d.toneHz, d.toneLevel, d.toneDur = hz, level, dur
	}
	if long {
		return MachineBeep
	}
	return MachineNone
}

// toneOf estimates a frame's pitch from the mean spacing of its zero
// crossings (interpolated between samples), its RMS level, and whether it is
// a pure tone: evenly spaced crossings (speech, with its harmonics and noise,
// crosses zero irregularly).
func (d *MachineDetector) toneOf(f audio.Frame) (hz, level float64, pure bool) {
	s := f.Samples
	var sum float64
	for _, v := range s {
		sum += float64(v) * float64(v)
	}
	level = math.Sqrt(sum / float64(len(s)))
	d.cross = d.cross[:0]
	for i := 1; i < len(s); i++ {
		a, b := float64(s[i-1]), float64(s[i])
		if (a < 0) != (b < 0) && a != b {
			d.cross = append(d.cross, float64(i-1)+a/(a-b))
		}
	}
	n := len(d.cross) - 1
	if n < 4 {
		return 0, level, false
	}
	mean := (d.cross[n] - d.cross[0]) / float64(n)
	if mean <= 0 {
		return 0, level, false
	}
	var v float64
	for i := 1; i <= n; i++ {
		x := d.cross[i] - d.cross[i-1] - mean
		v += x * x
	}
	cv := math.Sqrt(v/float64(n)) / mean
	return float64(f.Rate) / (2 * mean), level, cv < 0.1
}
