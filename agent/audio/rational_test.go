package audio

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func rationalSine(rate int, freq, amp float64, n int) []int16 {
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(math.Round(amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate))))
	}
	return out
}

// rationalToneLevel returns the amplitude of the component at freq in x, by
// projection on sine and cosine (x should hold many periods).
func rationalToneLevel(x []int16, rate int, freq float64) float64 {
	var s, c float64
	for i, v := range x {
		ph := 2 * math.Pi * freq * float64(i) / float64(rate)
		s += float64(v) * math.Sin(ph)
		c += float64(v) * math.Cos(ph)
	}
	n := float64(len(x))
	return 2 * math.Hypot(s, c) / n
}

func rationalRMS(x []int16) float64 {
	var sum float64
	for _, v := range x {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum / float64(len(x)))
}

func TestRationalResamplerTones(t *testing.T) {
	const amp = 10000.0
	tests := []struct {
		name     string
		from, to int
		freq     float64
		wantPass bool // true: tone inside both bands, must survive
	}{
		{"22050->8000 1kHz passes", 22050, 8000, 1000, true},
		{"22050->8000 3kHz passes", 22050, 8000, 3000, true},
		{"22050->8000 6kHz is removed", 22050, 8000, 6000, false},
		{"22050->8000 9kHz is removed", 22050, 8000, 9000, false},
		{"22050->16000 1kHz passes", 22050, 16000, 1000, true},
		{"22050->16000 6.5kHz passes", 22050, 16000, 6500, true},
		{"22050->16000 10kHz is removed", 22050, 16000, 10000, false},
		{"8000->16000 440Hz passes", 8000, 16000, 440, true},
		{"16000->8000 5kHz is removed", 16000, 8000, 5000, false},
		{"44100->48000 15kHz passes", 44100, 48000, 15000, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewRationalResampler(tc.from, tc.to)
			if err != nil {
				t.Fatalf("NewRationalResampler(%d, %d): got error %v, want nil", tc.from, tc.to, err)
			}
			in := rationalSine(tc.from, tc.freq, amp, tc.from) // one second
			out := r.Process(nil, in)
			wantLen := tc.to
			if d := len(out) - wantLen; d < -1 || d > 1 {
				t.Fatalf("output length: got %d, want %d±1", len(out), wantLen)
			}
			// Skip the filter's start-up and judge the steady state.
			steady := out[tc.to/10:]
			if tc.wantPass {
				got := rationalToneLevel(steady, tc.to, tc.freq)
				if math.Abs(20*math.Log10(got/amp)) > 0.5 {
					t.Errorf("pass-band tone level: got %.0f, want %.0f within 0.5 dB", got, amp)
				}
			} else {
				rms := rationalRMS(steady)
				if db := 20 * math.Log10(rms*math.Sqrt2/amp+1e-12); db > -50 {
					t.Errorf("stop-band tone: got %.1f dB, want below -50 dB (aliasing)", db)
				}
			}
		})
	}
}

func TestRationalResamplerChunked(t *testing.T) {
	pairs := [][2]int{{22050, 8000}, {22050, 16000}, {8000, 16000}, {16000, 8000}, {24000, 8000}}
	rng := rand.New(rand.NewPCG(1, 2))
	in := make([]int16, 30000)
	for i := range in {
		in[i] = int16(rng.IntN(20000) - 10000)
	}
	for _, p := range pairs {
		whole, err := NewRationalResampler(p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		want := whole.Process(nil, in)
		pieces, _ := NewRationalResampler(p[0], p[1])
		var got []int16
		for rest := in; len(rest) > 0; {
			n := min(len(rest), rng.IntN(700))
			got = pieces.Process(got, rest[:n])
			rest = rest[n:]
		}
		if len(got) != len(want) {
			t.Fatalf("%d->%d chunked length: got %d, want %d", p[0], p[1], len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%d->%d chunked sample %d: got %d, want %d", p[0], p[1], i, got[i], want[i])
			}
		}
		// Reset makes it behave like a new resampler.
		pieces.Reset()
		again := pieces.Process(nil, in)
		if len(again) != len(want) || again[len(again)/2] != want[len(want)/2] {
			t.Errorf("%d->%d after Reset: got a different output, want the same as a new resampler", p[0], p[1])
		}
	}
}

func TestRationalResamplerErrorsAndIdentity(t *testing.T) {
	bad := [][2]int{{0, 8000}, {8000, 0}, {-1, 8000}, {10007, 10009}}
	for _, b := range bad {
		if _, err := NewRationalResampler(b[0], b[1]); !errors.Is(err, ErrRationalRatio) {
			t.Errorf("NewRationalResampler(%d, %d): got %v, want ErrRationalRatio", b[0], b[1], err)
		}
	}
	r, err := NewRationalResampler(8000, 8000)
	if err != nil {
		t.Fatal(err)
	}
	in := []int16{1, -2, 3, 32767, -32768}
	out := r.Process(nil, in)
	if len(out) != len(in) {
		t.Fatalf("identity length: got %d, want %d", len(out), len(in))
	}
	for i := range in {
		if out[i] != in[i] {
			t.Errorf("identity sample %d: got %d, want %d", i, out[i], in[i])
		}
	}
}

func TestRationalResamplerClipsFullScale(t *testing.T) {
	// A full-scale square wave overshoots after filtering (Gibbs): samples must
	// saturate instead of wrapping around.
	in := make([]int16, 22050)
	for i := range in {
		if (i/50)%2 == 0 {
			in[i] = math.MaxInt16
		} else {
			in[i] = math.MinInt16
		}
	}
	r, _ := NewRationalResampler(22050, 16000)
	out := r.Process(nil, in)
	clipped := 0
	for j, v := range out {
		// Input position of output j, less the filter delay (about 18 samples).
		pos := j*22050/16000 - 18
		if pos < 100 || pos%50 < 15 || pos%50 > 35 {
			continue // near an edge of the square wave
		}
		want := in[pos]
		if (want > 0) != (v > 0) || math.Abs(float64(v)) < 25000 {
			t.Fatalf("sample %d: got %d, want near %d (saturation, not wrap-around)", j, v, want)
		}
		if v == math.MaxInt16 || v == math.MinInt16 {
			clipped++
		}
	}
	if clipped == 0 {
		t.Errorf("clipped samples: got 0, want some (the filtered square wave overshoots full scale)")
	}
}

func BenchmarkRationalResampler22050To8000(b *testing.B) {
	r, _ := NewRationalResampler(22050, 8000)
	in := rationalSine(22050, 440, 8000, 441) // 20 ms
	out := make([]int16, 0, 200)
	b.ReportAllocs()
	for b.Loop() {
		out = r.Process(out[:0], in)
	}
}

func BenchmarkRationalResampler22050To16000(b *testing.B) {
	r, _ := NewRationalResampler(22050, 16000)
	in := rationalSine(22050, 440, 8000, 441) // 20 ms
	out := make([]int16, 0, 400)
	b.ReportAllocs()
	for b.Loop() {
		out = r.Process(out[:0], in)
	}
}
