package audio

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

var resamplePairs = []struct{ from, to int }{
	{8000, 16000}, {16000, 8000}, {24000, 8000}, {24000, 16000}, {8000, 24000}, {22050, 8000}, {22050, 16000},
}

// frameLen is the input length of one 20 ms frame at rate (22050 Hz has no
// whole 20 ms frame; 441 samples is 20 ms).
func frameLen(rate int) int { return rate / 50 }

func TestResamplerOutputLengthPerFrame(t *testing.T) {
	tests := []struct {
		from, to, in, want int
	}{
		{8000, 16000, 160, 320},
		{16000, 8000, 320, 160},
		{24000, 8000, 480, 160},
		{24000, 16000, 480, 320},
		{16000, 16000, 320, 320},
		{22050, 8000, 441, 160},
		{8000, 24000, 160, 480},
	}
	for _, tt := range tests {
		r, err := NewResampler(tt.from, tt.to)
		if err != nil {
			t.Fatalf("NewResampler(%d, %d): %v", tt.from, tt.to, err)
		}
		var out []int16
		for i := range 20 {
			in := tone(tt.from, 440, 8000, tt.in, i*tt.in)
			if got := r.OutLen(len(in)); got != tt.want {
				t.Errorf("%d->%d frame %d: OutLen got %d, want %d", tt.from, tt.to, i, got, tt.want)
			}
			out = r.Process(out[:0], in)
			if len(out) != tt.want {
				t.Errorf("%d->%d frame %d: got %d samples, want %d", tt.from, tt.to, i, len(out), tt.want)
			}
		}
	}
}

// amplitude returns the peak amplitude of the freq component of s (sampled
// at rate), by correlation with a complex exponential.
func amplitude(s []int16, rate int, freq float64) float64 {
	var re, im float64
	for i, v := range s {
		ph := 2 * math.Pi * freq * float64(i) / float64(rate)
		re += float64(v) * math.Cos(ph)
		im += float64(v) * math.Sin(ph)
	}
	return 2 * math.Hypot(re, im) / float64(len(s))
}

func db(x float64) float64 { return 20 * math.Log10(x) }

// resampleAll feeds n 20 ms frames of src to a fresh resampler and returns the
// output with the first skip output frames (the filter's start-up) removed.
func resampleAll(t testing.TB, from, to int, src []int16, skip int) []int16 {
	t.Helper()
	r, err := NewResampler(from, to)
	if err != nil {
		t.Fatalf("NewResampler(%d, %d): %v", from, to, err)
	}
	var out []int16
	fl := frameLen(from)
	for i := 0; i < len(src); i += fl {
		out = r.Process(out, src[i:min(i+fl, len(src))])
	}
	return out[skip*frameLen(to):]
}

func TestResamplerPassbandUnityGain(t *testing.T) {
	for _, tt := range resamplePairs {
		for _, freq := range []float64{300, 1000, 3000} {
			t.Run(fmt.Sprintf("%d-%d/%gHz", tt.from, tt.to, freq), func(t *testing.T) {
				const amp = 10000.0
				src := tone(tt.from, freq, amp, tt.from, 0) // 1 s
				out := resampleAll(t, tt.from, tt.to, src, 5)
				out = out[:len(out)/tt.to*tt.to/10*10] // whole periods of 10 Hz
				got := db(amplitude(out, tt.to, freq) / amp)
				if math.Abs(got) > 0.5 {
					t.Errorf("gain at %g Hz: got %.2f dB, want within 0.5 dB of 0", freq, got)
				}
			})
		}
	}
}

func TestResamplerRejectsAliases(t *testing.T) {
	tests := []struct {
		from, to int
		freq     float64 // input tone above the output Nyquist frequency
	}{
		{16000, 8000, 6000},
		{16000, 8000, 4500},
		{24000, 8000, 6000},
		{24000, 8000, 11000},
		{24000, 16000, 10000},
		{22050, 8000, 5000},
	}
	for _, tt := range tests {
		const amp = 10000.0
		src := tone(tt.from, tt.freq, amp, tt.from, 0)
		out := resampleAll(t, tt.from, tt.to, src, 5)
		got := db(rms(out) / (amp / math.Sqrt2))
		if got > -40 {
			t.Errorf("%d->%d, %g Hz tone: got %.1f dB, want <= -40 dB", tt.from, tt.to, tt.freq, got)
		}
	}
}

// Upsampling must suppress the spectral image of a tone (at rate_in - f).
func TestResamplerRejectsImages(t *testing.T) {
	tests := []struct {
		from, to    int
		freq, image float64
	}{
		{8000, 16000, 1000, 7000},
		{8000, 16000, 3000, 5000},
		{8000, 24000, 1000, 7000},
		{8000, 24000, 1000, 9000},
	}
	for _, tt := range tests {
		const amp = 10000.0
		src := tone(tt.from, tt.freq, amp, tt.from, 0)
		out := resampleAll(t, tt.from, tt.to, src, 5)
		out = out[:len(out)/100*100]
		got := db(amplitude(out, tt.to, tt.image) / amp)
		if got > -40 {
			t.Errorf("%d->%d, %g Hz tone: image at %g Hz got %.1f dB, want <= -40 dB", tt.from, tt.to, tt.freq, tt.image, got)
		}
	}
}

func TestResamplerChunkingIsSeamless(t *testing.T) {
	for _, tt := range resamplePairs {
		src := tone(tt.from, 1000, 12000, tt.from, 0)
		whole, err := NewResampler(tt.from, tt.to)
		if err != nil {
			t.Fatal(err)
		}
		want := whole.Process(nil, src)
		for _, chunk := range []int{frameLen(tt.from), 7, 1, 1000} {
			r, _ := NewResampler(tt.from, tt.to)
			var got []int16
			for i := 0; i < len(src); i += chunk {
				got = r.Process(got, src[i:min(i+chunk, len(src))])
			}
			if len(got) != len(want) {
				t.Fatalf("%d->%d in chunks of %d: got %d samples, want %d", tt.from, tt.to, chunk, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%d->%d in chunks of %d: sample %d got %d, want %d", tt.from, tt.to, chunk, i, got[i], want[i])
				}
			}
		}
	}
}

func TestResamplerReset(t *testing.T) {
	r, _ := NewResampler(16000, 8000)
	a := tone(16000, 1000, 9000, 320, 0)
	b := tone(16000, 2500, 9000, 330, 0)
	fresh, _ := NewResampler(16000, 8000)
	want := fresh.Process(nil, b)
	r.Process(nil, a)
	r.Process(nil, a[:17])
	r.Reset()
	got := r.Process(nil, b)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after Reset: got output differing from a fresh resampler (len %d vs %d)", len(got), len(want))
	}
}

func TestResamplerDelayMatchesTone(t *testing.T) {
	// A click at input sample 0 peaks at output sample Delay().
	for _, tt := range resamplePairs {
		r, _ := NewResampler(tt.from, tt.to)
		in := make([]int16, tt.from/10)
		in[0] = 30000
		out := r.Process(nil, in)
		peak := 0
		for i := range out {
			if out[i] > out[peak] {
				peak = i
			}
		}
		if d := r.Delay(); peak < d-1 || peak > d+1 {
			t.Errorf("%d->%d: got impulse peak at %d, want Delay() %d (+-1)", tt.from, tt.to, peak, d)
		}
	}
}

func TestNewResamplerErrors(t *testing.T) {
	tests := []struct {
		from, to int
		ok       bool
	}{
		{8000, 16000, true},
		{44100, 8000, true},
		{0, 8000, false},
		{8000, -1, false},
		{8000, 44101, false},
		{44100, 7, false},
	}
	for _, tt := range tests {
		r, err := NewResampler(tt.from, tt.to)
		if tt.ok {
			if err != nil || r == nil {
				t.Errorf("NewResampler(%d, %d): got error %v, want nil", tt.from, tt.to, err)
			}
			continue
		}
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("NewResampler(%d, %d): got error %v, want ErrUnsupported", tt.from, tt.to, err)
		}
	}
}

func TestResamplerNoAllocsPerFrame(t *testing.T) {
	r, _ := NewResampler(24000, 8000)
	in := tone(24000, 1000, 9000, 480, 0)
	out := make([]int16, 0, 160)
	r.Process(out, in)
	if got := testing.AllocsPerRun(100, func() { out = r.Process(out[:0], in) }); got != 0 {
		t.Errorf("Process per frame: got %v allocs, want 0", got)
	}
}

func BenchmarkResampler(b *testing.B) {
	for _, tt := range resamplePairs {
		b.Run(fmt.Sprintf("%d-%d", tt.from, tt.to), func(b *testing.B) {
			r, err := NewResampler(tt.from, tt.to)
			if err != nil {
				b.Fatal(err)
			}
			in := tone(tt.from, 1000, 9000, frameLen(tt.from), 0)
			out := make([]int16, 0, frameLen(tt.to)+1)
			for b.Loop() {
				out = r.Process(out[:0], in)
			}
		})
	}
}
