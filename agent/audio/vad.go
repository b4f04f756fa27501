package audio

import "math"

// VADConfig tunes a VAD. Zero fields take the defaults noted.
type VADConfig struct {
	// ThresholdDB is how far above the noise floor a frame's level must be
	// to count as speech. Default 10 dB.
	ThresholdDB float64
	// NoisyMarginDB is the extra margin a noise-like frame (zero-crossing
	// rate above MaxZeroCrossHz) needs to count as speech. Default 10 dB.
	NoisyMarginDB float64
	// MinLevelDB is the level (dBFS, RMS) below which nothing is speech; the
	// noise floor starts no higher than it. Default -50 dBFS.
	MinLevelDB float64
	// MaxZeroCrossHz is the zero-crossing rate, as the frequency of a sine
	// that crosses as often, above which a frame is noise-like: white noise
	// at 8 kHz sits near 2 kHz, voiced speech under 1 kHz. Default 1500 Hz.
	MaxZeroCrossHz float64
	// OnsetFrames is how many consecutive speech frames start speech.
	// Default 3 (60 ms).
	OnsetFrames int
	// HangoverFrames is how many frames speech stays active after the last
	// speech frame, to bridge the gaps between words. Default 10 (200 ms);
	// negative for none.
	HangoverFrames int
}

func (c VADConfig) withDefaults() VADConfig {
	if c.ThresholdDB == 0 {
		c.ThresholdDB = 10
	}
	if c.NoisyMarginDB == 0 {
		c.NoisyMarginDB = 10
	}
	if c.MinLevelDB == 0 {
		c.MinLevelDB = -50
	}
	if c.MaxZeroCrossHz == 0 {
		c.MaxZeroCrossHz = 1500
	}
	if c.OnsetFrames <= 0 {
		c.OnsetFrames = 3
	}
	if c.HangoverFrames < 0 {
		c.HangoverFrames = 0
	} else if c.HangoverFrames == 0 {
		c.HangoverFrames = 10
	}
	return c
}

// Noise floor adaptation per 20 ms frame.
const (
	noiseFallRate  = 0.3   // fraction of the gap closed per frame when the level is below the floor
	noiseTrackRate = 0.05  // ... when the frame is not speech
	noiseNoisyRate = 0.1   // ... when the frame is loud but noise-like, outside speech
	noiseRiseDB    = 0.05  // dB per frame the floor creeps up under speech (2.5 dB/s)
	noiseMinDB     = -90.0 // the floor never goes below this
	silenceDB      = -100.0
)

// VADState is the VAD's verdict on one frame.
type VADState struct {
	// Speech reports whether speech is active at this frame, after onset
	// and hangover.
	Speech bool
	// Raw reports whether this frame alone looks like speech.
	Raw bool
	// Noisy reports a noise-like frame (high zero-crossing rate): it needs
	// a wider margin to count as speech and cannot complete an onset.
	Noisy bool
	// LevelDB is the frame's RMS level in dBFS; NoiseDB the noise floor
	// estimate after this frame.
	LevelDB, NoiseDB float64
	// ZeroCrossHz is the frame's zero-crossing rate (as a sine frequency).
	ZeroCrossHz float64
}

// VAD is an energy and zero-crossing voice activity detector with an
// adaptive noise floor. A frame is speech when its level clears the floor by
// a threshold, by more when it is noise-like (high zero-crossing rate, as
// white noise or a fricative); a noise-like frame can sustain speech but not
// start it. The floor follows the level down quickly, tracks it in
// non-speech, and creeps up slowly under speech so that a steady noise is
// eventually absorbed. Speech starts after OnsetFrames consecutive speech
// frames, the last of them voiced, and ends HangoverFrames after the last
// speech frame. A VAD is not safe for concurrent use.
type VAD struct {
	cfg     VADConfig
	noise   float64
	started bool
	run     int // consecutive raw speech frames
	hang    int // hangover frames left
	active  bool
}

// NewVAD returns a VAD tuned by cfg.
func NewVAD(cfg VADConfig) *VAD { return &VAD{cfg: cfg.withDefaults()} }

// Reset forgets the noise floor and any speech in progress.
func (v *VAD) Reset() { *v = VAD{cfg: v.cfg} }

// Process classifies the next frame. Frames are expected every 20 ms, at
// any rate; an empty frame counts as silence.
func (v *VAD) Process(f Frame) VADState {
	level, zc := frameStats(f)
	c := &v.cfg
	if !v.started {
		v.started = true
		v.noise = max(noiseMinDB, min(level, c.MinLevelDB))
	}
	noisy := zc > c.MaxZeroCrossHz
	margin := c.ThresholdDB
	if noisy {
		margin += c.NoisyMarginDB
	}
	raw := level >= c.MinLevelDB && level > v.noise+margin

	switch {
	case level < v.noise:
		v.noise += noiseFallRate * (level - v.noise)
	case !raw && level <= v.noise+c.ThresholdDB:
		v.noise += noiseTrackRate * (level - v.noise)
	case noisy && !v.active:
		v.noise += noiseNoisyRate * (level - v.noise)
	default:
		v.noise += min(noiseRiseDB, level-v.noise)
	}
	v.noise = max(v.noise, noiseMinDB)

	if raw {
		v.run++
		if v.run >= c.OnsetFrames && !noisy {
			v.active = true
		}
		if v.active {
			v.hang = c.HangoverFrames
		}
	} else {
		v.run = 0
		if v.active {
			if v.hang == 0 {
				v.active = false
			} else {
				v.hang--
			}
		}
	}
	return VADState{Speech: v.active, Raw: raw, Noisy: noisy, LevelDB: level, NoiseDB: v.noise, ZeroCrossHz: zc}
}

// frameStats returns the RMS level in dBFS and the zero-crossing rate as a
// sine frequency (crossings per second / 2).
func frameStats(f Frame) (levelDB, zcHz float64) {
	s := f.Samples
	if len(s) == 0 {
		return silenceDB, 0
	}
	var sum int64
	crossings := 0
	prev := s[0] >= 0
	for _, x := range s {
		sum += int64(x) * int64(x)
		if pos := x >= 0; pos != prev {
			crossings++
			prev = pos
		}
	}
	mean := float64(sum) / float64(len(s)) / (32768 * 32768)
	levelDB = silenceDB
	if mean > 1e-10 {
		levelDB = 10 * math.Log10(mean)
	}
	rate := f.Rate
	if rate <= 0 {
		rate = len(s) * 50
	}
	zcHz = float64(crossings) * float64(rate) / float64(len(s)) / 2
	return levelDB, zcHz
}
