package audio

import (
	"math"
	"math/rand/v2"
	"testing"
)

// voiced returns n samples of a voiced-speech-like signal: a harmonic
// complex (f0 with harmonics falling 6 dB per octave up to 3.4 kHz),
// amplitude-modulated at a syllable rate of 4 Hz, with RMS about rmsLevel.
func voiced(rate int, f0, rmsLevel float64, n, start int) []int16 {
	out := make([]int16, n)
	var norm float64
	for k := 1; float64(k)*f0 < 3400; k++ {
		norm += 1 / float64(k*k) / 2
	}
	scale := rmsLevel / math.Sqrt(norm)
	for i := range out {
		t := float64(start+i) / float64(rate)
		var v float64
		for k := 1; float64(k)*f0 < 3400; k++ {
			v += math.Sin(2*math.Pi*float64(k)*f0*t) / float64(k)
		}
		env := 0.7 + 0.3*math.Sin(2*math.Pi*4*t)
		out[i] = int16(max(-32768, min(32767, math.Round(scale*env*v))))
	}
	return out
}

func dbfs(db float64) float64 { return 32768 * math.Pow(10, db/20) }

// run feeds frames of signal to v and returns the per-frame states.
func runVAD(v *VAD, rate int, signal []int16) []VADState {
	n := SamplesPerFrame(rate)
	var out []VADState
	for i := 0; i+n <= len(signal); i += n {
		out = append(out, v.Process(Frame{Rate: rate, Samples: signal[i : i+n]}))
	}
	return out
}

func countSpeech(st []VADState) int {
	n := 0
	for _, s := range st {
		if s.Speech {
			n++
		}
	}
	return n
}

func TestVADSyntheticSignals(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cat := func(parts ...[]int16) []int16 {
		var s []int16
		for _, p := range parts {
			s = append(s, p...)
		}
		return s
	}
	const sec = 8000
	tests := []struct {
		name      string
		signal    []int16
		from, to  int // frame range checked
		minSpeech float64
		maxSpeech float64 // fraction of checked frames with Speech
	}{
		{"digital silence", make([]int16, 2*sec), 0, 100, 0, 0},
		{"steady white noise -40 dBFS", noise(r, dbfs(-40), 5*sec), 0, 250, 0, 0},
		{"loud white noise -25 dBFS", noise(r, dbfs(-25), 5*sec), 0, 250, 0, 0},
		{"white noise -35 dBFS after silence", cat(make([]int16, sec), noise(r, dbfs(-35), 5*sec)), 0, 300, 0, 0},
		{"noise stepping up 15 dB", cat(noise(r, dbfs(-55), sec), noise(r, dbfs(-40), 9*sec)), 0, 500, 0, 0},
		{"voiced signal in line noise", cat(noise(r, dbfs(-60), sec), addNoise(r, voiced(sec, 140, dbfs(-20), 2*sec, 0), -60)), 55, 150, 1, 1},
		{"quiet voiced signal in line noise", cat(noise(r, dbfs(-65), sec), addNoise(r, voiced(sec, 220, dbfs(-38), 2*sec, 0), -65)), 55, 150, 1, 1},
		{"voiced signal from the first frame", voiced(sec, 110, dbfs(-18), 2*sec, 0), 3, 100, 1, 1},
		{"too quiet to be speech", cat(make([]int16, sec), voiced(sec, 140, dbfs(-55), 2*sec, 0)), 0, 150, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := runVAD(NewVAD(VADConfig{}), sec, tt.signal)
			got := float64(countSpeech(st[tt.from:tt.to])) / float64(tt.to-tt.from)
			if got < tt.minSpeech || got > tt.maxSpeech {
				first := -1
				for i := tt.from; i < tt.to; i++ {
					if st[i].Speech != (tt.minSpeech > 0) {
						first = i
						break
					}
				}
				t.Errorf("frames %d..%d: got speech fraction %.2f, want %.2f..%.2f (first wrong frame %d: %+v)",
					tt.from, tt.to, got, tt.minSpeech, tt.maxSpeech, first, st[max(first, 0)])
			}
		})
	}
}

func addNoise(r *rand.Rand, s []int16, db float64) []int16 {
	n := noise(r, dbfs(db), len(s))
	for i := range s {
		s[i] = int16(max(-32768, min(32767, int(s[i])+int(n[i]))))
	}
	return s
}

// Bursts of voiced signal separated by gaps: speech starts OnsetFrames into
// each burst and ends HangoverFrames after it, exactly.
func TestVADOnsetAndHangover(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	tests := []struct {
		onset, hangover int
		burst, gap      int // frames
	}{
		{3, 10, 20, 30},
		{1, 0, 5, 5},
		{5, 4, 12, 20},
		{3, 10, 2, 30}, // shorter than the onset: never speech
	}
	for _, tt := range tests {
		cfg := VADConfig{OnsetFrames: tt.onset, HangoverFrames: tt.hangover}
		if tt.hangover == 0 {
			cfg.HangoverFrames = -1
		}
		v := NewVAD(cfg)
		runVAD(v, 8000, noise(r, dbfs(-60), 8000)) // settle on the line noise
		for b := range 3 {
			sig := append(addNoise(r, voiced(8000, 150, dbfs(-20), tt.burst*160, 0), -60), noise(r, dbfs(-60), tt.gap*160)...)
			st := runVAD(v, 8000, sig)
			for i, s := range st {
				want := i >= tt.onset-1 && i < tt.burst+tt.hangover && tt.burst >= tt.onset
				if s.Speech != want {
					t.Errorf("onset %d hangover %d burst %d frame %d: got speech %v, want %v (%+v)", tt.onset, tt.hangover, b, i, s.Speech, want, s)
				}
				if s.Raw != (i < tt.burst) {
					t.Errorf("onset %d hangover %d burst %d frame %d: got raw %v, want %v (%+v)", tt.onset, tt.hangover, b, i, s.Raw, i < tt.burst, s)
				}
			}
		}
	}
}

func TestVADNoiseFloorTracksLevel(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, level := range []float64{-70, -55, -40} {
		v := NewVAD(VADConfig{})
		st := runVAD(v, 16000, noise(r, dbfs(level), 3*16000))
		got := st[len(st)-1].NoiseDB
		if math.Abs(got-level) > 1.5 {
			t.Errorf("white noise at %g dBFS: got noise floor %.1f, want within 1.5 dB", level, got)
		}
	}
	if got := NewVAD(VADConfig{}).Process(Frame{Rate: 8000}); got.Speech || got.LevelDB != silenceDB {
		t.Errorf("empty frame: got %+v, want silence", got)
	}
}

func TestVADZeroCrossRate(t *testing.T) {
	for _, tt := range []struct {
		rate int
		freq float64
	}{{8000, 500}, {8000, 1000}, {16000, 250}, {16000, 3000}} {
		_, zc := frameStats(Frame{Rate: tt.rate, Samples: tone(tt.rate, tt.freq, 10000, SamplesPerFrame(tt.rate), 1)})
		if math.Abs(zc-tt.freq) > 50 {
			t.Errorf("%g Hz tone at %d Hz: got zero-cross rate %.0f Hz, want about %g", tt.freq, tt.rate, zc, tt.freq)
		}
	}
}

// A real utterance (espeak-ng, through the phone path: 8 kHz and mu-law) in
// line noise is speech from shortly after it starts until shortly after it
// ends, and not before.
func TestVADOnEspeakUtterance(t *testing.T) {
	p := espeak(t, "Hello, I am calling from the clinic about your appointment. Do you have a minute?")
	rs, err := NewResampler(p.Rate, 8000)
	if err != nil {
		t.Fatal(err)
	}
	speech := rs.Process(nil, p.Samples)
	speech = DecodeMulaw(nil, EncodeMulaw(nil, Frame{Rate: 8000, Samples: speech}))
	r := rand.New(rand.NewPCG(7, 8))
	lead := 50 // frames of line noise before
	sig := append(noise(r, dbfs(-60), lead*160), addNoise(r, speech, -60)...)
	sig = append(sig, noise(r, dbfs(-60), 100*160)...)
	// Reference segmentation from the clean signal: frames louder than -35 dBFS.
	first, last := -1, -1
	for i := 0; i+160 <= len(speech); i += 160 {
		if rms(speech[i:i+160]) > dbfs(-35) {
			if first < 0 {
				first = i / 160
			}
			last = i / 160
		}
	}
	first += lead
	last += lead
	st := runVAD(NewVAD(VADConfig{}), 8000, sig)
	if n := countSpeech(st[:first]); n > 0 {
		t.Errorf("before the utterance (frames 0..%d): got %d speech frames, want 0", first, n)
	}
	onset := -1
	for i := first; i < len(st); i++ {
		if st[i].Speech {
			onset = i
			break
		}
	}
	if onset < 0 || onset > first+5 {
		t.Errorf("onset: got frame %d, want within 5 frames of %d", onset, first)
	}
	if got := float64(countSpeech(st[first:last+1])) / float64(last+1-first); got < 0.9 {
		t.Errorf("during the utterance (frames %d..%d): got speech fraction %.2f, want >= 0.9", first, last, got)
	}
	// The utterance fades out below -35 dBFS: speech may last until its
	// last frame above -50 dBFS plus the hangover (10 frames).
	end := lead
	for i := 0; i+160 <= len(speech); i += 160 {
		if rms(speech[i:i+160]) > dbfs(-50) {
			end = lead + i/160
		}
	}
	if n := countSpeech(st[end+11:]); n > 0 || end-last > 20 {
		t.Errorf("after the utterance (from frame %d, loud until %d): got %d speech frames, want 0", end+11, last, n)
	}
}

func BenchmarkVAD(b *testing.B) {
	for _, rate := range []int{8000, 16000} {
		b.Run(map[int]string{8000: "8k", 16000: "16k"}[rate], func(b *testing.B) {
			v := NewVAD(VADConfig{})
			f := Frame{Rate: rate, Samples: voiced(rate, 140, 3000, SamplesPerFrame(rate), 0)}
			for b.Loop() {
				v.Process(f)
			}
		})
	}
}

func TestVADNoisyFramesSustainButDoNotStart(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	v := NewVAD(VADConfig{OnsetFrames: 3, HangoverFrames: 5})
	runVAD(v, 8000, noise(r, dbfs(-60), 8000))
	// A loud noise burst alone: raw speech-like frames, never speech.
	st := runVAD(v, 8000, append(noise(r, dbfs(-20), 10*160), noise(r, dbfs(-60), 20*160)...))
	for i, s := range st {
		if s.Speech || (i < 3 && (!s.Raw || !s.Noisy)) {
			t.Errorf("noise burst frame %d: got %+v, want non-speech (raw and noisy in frames 0..2)", i, s)
		}
	}
	// A voiced stretch then a fricative-like burst: speech carries through
	// the burst and ends 5 frames after it.
	sig := addNoise(r, voiced(8000, 150, dbfs(-20), 10*160, 0), -60)
	sig = append(sig, noise(r, dbfs(-30), 12*160)...)
	sig = append(sig, noise(r, dbfs(-60), 20*160)...)
	st = runVAD(v, 8000, sig)
	for i, s := range st {
		want := i >= 2 && i < 10+12+5
		if s.Speech != want {
			t.Errorf("voiced+fricative frame %d: got speech %v, want %v (%+v)", i, s.Speech, want, s)
		}
	}
}
