package audio

import (
	"errors"
	"fmt"
	"math"
)

// ErrRationalRatio reports a sample-rate pair the rational resampler does not
// accept (non-positive rates, or a reduced ratio too large for a filter table).
var ErrRationalRatio = errors.New("audio: unsupported resampling ratio")

const (
	// rationalZeroCrossings is the number of sinc zero crossings kept on each
	// side of the filter centre, measured at the lower of the two rates.
	rationalZeroCrossings = 12
	// rationalMaxFactor bounds the reduced interpolation and decimation
	// factors, which keeps the coefficient table under a few hundred KB.
	rationalMaxFactor = 4096
	// rationalKaiserBeta gives about 80 dB of stop-band attenuation.
	rationalKaiserBeta = 8.0
	// rationalPassband places the cut-off just below the lower Nyquist frequency
	// so that the transition band ends near it.
	rationalPassband = 0.92
)

// RationalResampler converts 16-bit mono PCM between any two sample rates whose
// ratio reduces to L/M (for example 22050 -> 8000 is 160/441). It is a polyphase
// windowed-sinc FIR: conceptually the input is upsampled by L, low-pass filtered
// below the lower Nyquist frequency, and decimated by M, but only the needed
// products are computed.
//
// It is stateful: consecutive calls to Process continue the same signal, so a
// stream may be fed in pieces of any size with the same result as one call.
// The filter delays the signal by about rationalZeroCrossings samples of the
// lower rate. A RationalResampler is not safe for concurrent use.
type RationalResampler struct {
	from, to int
	up, down int         // reduced L and M
	taps     int         // coefficients per phase
	phases   [][]float32 // phases[p][k] multiplies x[base-k]

	buf []float32 // recent input; buf[0] is the oldest sample still needed
	// pos is the position of the next output on the upsampled time axis,
	// relative to buf[0] (in units of 1/up input samples).
	pos int64
}

// NewRationalResampler returns a resampler from rate from to rate to (Hz).
// Equal rates give a pass-through that copies samples.
func NewRationalResampler(from, to int) (*RationalResampler, error) {
	if from <= 0 || to <= 0 {
		return nil, fmt.Errorf("%w: %d Hz -> %d Hz", ErrRationalRatio, from, to)
	}
	g := rationalGCD(from, to)
	up, down := to/g, from/g
	if up > rationalMaxFactor || down > rationalMaxFactor {
		return nil, fmt.Errorf("%w: %d Hz -> %d Hz reduces to %d/%d", ErrRationalRatio, from, to, up, down)
	}
	r := &RationalResampler{from: from, to: to, up: up, down: down}
	if up == 1 && down == 1 {
		return r, nil
	}
	// The cut-off, as a fraction of the upsampled Nyquist frequency, is the
	// lower of the two Nyquist frequencies.
	wider := max(up, down)
	cutoff := rationalPassband / float64(wider)
	// Filter length on the upsampled axis: zero crossings of the cut-off sinc
	// fall every 1/cutoff samples.
	half := int(math.Ceil(float64(rationalZeroCrossings) / cutoff))
	taps := (2*half + up - 1) / up // per phase, rounded up
	if taps < 2 {
		taps = 2
	}
	total := taps * up
	centre := float64(total-1) / 2
	proto := make([]float64, total)
	i0beta := rationalBesselI0(rationalKaiserBeta)
	for m := range proto {
		x := float64(m) - centre
		s := cutoff * rationalSinc(cutoff*x)
		// Kaiser window over the whole table.
		ratio := x / (centre + 1)
		w := rationalBesselI0(rationalKaiserBeta*math.Sqrt(max(0, 1-ratio*ratio))) / i0beta
		// The factor up restores the gain lost to zero stuffing.
		proto[m] = float64(up) * s * w
	}
	r.taps = taps
	r.phases = make([][]float32, up)
	for p := range up {
		ph := make([]float32, taps)
		for k := range taps {
			ph[k] = float32(proto[k*up+p])
		}
		r.phases[p] = ph
	}
	r.Reset()
	return r, nil
}

// Reset forgets the signal seen so far, as if the resampler were new.
func (r *RationalResampler) Reset() {
	if r.taps == 0 {
		return
	}
	// taps-1 zeros of history so the first outputs see a silent past.
	r.buf = append(r.buf[:0], make([]float32, r.taps-1)...)
	r.pos = int64(r.taps-1) * int64(r.up)
}

// Rates returns the input and output rates.
func (r *RationalResampler) Rates() (from, to int) { return r.from, r.to }

// Process resamples src, appends the output samples to dst and returns the
// extended slice. The number of output samples per call varies by at most one
// from len(src)*to/from; over a stream it follows the exact ratio.
func (r *RationalResampler) Process(dst, src []int16) []int16 {
	if r.taps == 0 { // equal rates
		return append(dst, src...)
	}
	for _, s := range src {
		r.buf = append(r.buf, float32(s))
	}
	up := int64(r.up)
	n := int64(len(r.buf))
	for {
		base := r.pos / up
		if base >= n {
			break
		}
		ph := r.phases[r.pos%up]
		// x[base-k] for k = 0..taps-1; base >= taps-1 always holds because the
		// buffer keeps taps-1 samples of history before pos.
		x := r.buf[base-int64(r.taps)+1 : base+1]
		var acc float32
		last := len(x) - 1
		for k, c := range ph {
			acc += c * x[last-k]
		}
		dst = append(dst, rationalClip(acc))
		r.pos += int64(r.down)
	}
	// Drop input that no future output needs.
	keepFrom := r.pos/up - int64(r.taps) + 1
	if keepFrom > 0 {
		if keepFrom > n {
			keepFrom = n
		}
		k := copy(r.buf, r.buf[keepFrom:])
		r.buf = r.buf[:k]
		r.pos -= keepFrom * up
	}
	return dst
}

func rationalClip(v float32) int16 {
	v = float32(math.Round(float64(v)))
	switch {
	case v > math.MaxInt16:
		return math.MaxInt16
	case v < math.MinInt16:
		return math.MinInt16
	}
	return int16(v)
}

func rationalSinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	px := math.Pi * x
	return math.Sin(px) / px
}

// rationalBesselI0 is the zeroth-order modified Bessel function of the first
// kind, by its power series (converges quickly for the arguments used here).
func rationalBesselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	q := x * x / 4
	for k := 1; k < 64; k++ {
		term *= q / float64(k*k)
		sum += term
		if term < sum*1e-12 {
			break
		}
	}
	return sum
}

func rationalGCD(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
