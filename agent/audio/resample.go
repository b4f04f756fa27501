package audio

import (
	"fmt"
	"math"
	"slices"
)

// Resampler converts a stream of 16-bit samples from one rate to another by
// a rational factor L/M (L = to/g, M = from/g, g = gcd) with a polyphase FIR
// filter: conceptually upsample by L (zero stuffing), low-pass, keep every
// M-th sample, computing only the samples that are kept.
//
// The low-pass is a Kaiser-windowed sinc designed at construction: 80 dB
// stopband, passband flat to 0.78 of the lower Nyquist frequency (3.1 kHz
// at 8 kHz), stopband from that Nyquist frequency. It keeps the last taps of
// input between calls, so a stream cut into frames resamples exactly as in
// one piece. Its delay is Delay() output samples.
//
// A Resampler is not safe for concurrent use.
type Resampler struct {
	from, to int
	l, m     int
	taps     int         // taps per phase
	phases   [][]float32 // phases[p][j] multiplies work[k+j], oldest first
	work     []float32   // taps-1 samples of history, then the current input
	phase    int         // phase of the next output (0..l-1)
	next     int         // index in the current input of the newest sample of the next output
}

// Resampler limits: the interpolation factor bounds the filter bank size.
const (
	maxResampleL     = 512
	resampleStopDB   = 80.0
	resamplePassFrac = 0.78 // passband edge as a fraction of the lower Nyquist
)

// NewResampler returns a resampler from rate from to rate to (samples per
// second). Any pair of positive rates whose reduced ratio has an upsampling
// factor of at most 512 is accepted: 8000, 16000, 24000, 48000 among
// themselves, and 22050 (espeak-ng) to any of them. Equal rates give a
// pass-through copy.
func NewResampler(from, to int) (*Resampler, error) {
	if from <= 0 || to <= 0 {
		return nil, fmt.Errorf("%w: resample %d Hz -> %d Hz: rates must be positive", ErrUnsupported, from, to)
	}
	g := gcd(from, to)
	l, m := to/g, from/g
	if l > maxResampleL || m > 4*maxResampleL {
		return nil, fmt.Errorf("%w: resample %d Hz -> %d Hz: ratio %d/%d too complex", ErrUnsupported, from, to, l, m)
	}
	r := &Resampler{from: from, to: to, l: l, m: m}
	if l == 1 && m == 1 {
		return r, nil
	}
	// Design at the upsampled rate fu = l*from, normalised to fu = 1.
	fu := float64(l * from)
	nyq := 0.5 * float64(min(from, to))
	pass, stop := resamplePassFrac*nyq/fu, nyq/fu
	fc := (pass + stop) / 2 // -6 dB point
	width := stop - pass
	beta := 0.1102 * (resampleStopDB - 8.7)
	n := int(math.Ceil((resampleStopDB-7.95)/(14.36*width))) + 1
	taps := (n + l - 1) / l
	n = taps * l // pad so every phase has the same length
	h := make([]float64, n)
	centre := float64(n-1) / 2
	i0b := besselI0(beta)
	var sum float64
	for i := range h {
		x := float64(i) - centre
		sinc := 2 * fc
		if x != 0 {
			sinc = math.Sin(2*math.Pi*fc*x) / (math.Pi * x)
		}
		ratio := x / centre
		w := besselI0(beta*math.Sqrt(max(0, 1-ratio*ratio))) / i0b
		h[i] = sinc * w
		sum += h[i]
	}
	// Unity DC gain after zero stuffing: every phase sums to about 1.
	scale := float64(l) / sum
	r.taps = taps
	r.phases = make([][]float32, l)
	for p := range l {
		c := make([]float32, taps)
		// Output phase p uses h[p + j*l] on input x[k-j]; store oldest first.
		for j := range taps {
			c[taps-1-j] = float32(h[p+j*l] * scale)
		}
		r.phases[p] = c
	}
	r.work = make([]float32, taps-1, taps-1+SamplesPerFrame(max(from, 8000)))
	return r, nil
}

// From returns the input rate.
func (r *Resampler) From() int { return r.from }

// To returns the output rate.
func (r *Resampler) To() int { return r.to }

// Delay returns the filter's group delay in output samples (rounded down).
func (r *Resampler) Delay() int {
	if r.phases == nil {
		return 0
	}
	return (r.taps*r.l - 1) / 2 / r.m
}

// OutLen returns how many samples the next Process call will produce for n
// input samples.
func (r *Resampler) OutLen(n int) int {
	if r.phases == nil {
		return n
	}
	if n <= r.next {
		return 0
	}
	// Outputs whose newest input index (next + (phase + i*m)/l) is below n.
	span := (n-r.next)*r.l - r.phase // upsampled positions left in this input
	return (span + r.m - 1) / r.m
}

// Reset clears the filter history, as for a new stream.
func (r *Resampler) Reset() {
	if r.phases == nil {
		return
	}
	r.work = r.work[:r.taps-1]
	clear(r.work)
	r.phase, r.next = 0, 0
}

// Process resamples src, appends the output to dst and returns the extended
// slice. A 20 ms frame in gives exactly a 20 ms frame out (when the rates are
// multiples of 50 Hz and the ratio's M divides the frame). It allocates only
// when dst lacks capacity or src is longer than any earlier input.
func (r *Resampler) Process(dst, src []int16) []int16 {
	if r.phases == nil {
		return append(dst, src...)
	}
	dst = slices.Grow(dst, r.OutLen(len(src)))
	h := r.taps - 1
	w := slices.Grow(r.work[:h], len(src))[:h+len(src)]
	for i, s := range src {
		w[h+i] = float32(s)
	}
	k, p := r.next, r.phase
	for k < len(src) {
		dst = append(dst, toInt16(dot(r.phases[p], w[k:k+r.taps])))
		p += r.m
		for p >= r.l {
			p -= r.l
			k++
		}
	}
	r.phase = p
	r.next = k - len(src)
	// Keep the newest taps-1 samples as history.
	copy(w, w[len(src):])
	r.work = w[:h]
	return dst
}

// dot returns the inner product of a and b (len(b) >= len(a)).
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func toInt16(v float32) int16 {
	switch {
	case v >= math.MaxInt16:
		return math.MaxInt16
	case v <= math.MinInt16:
		return math.MinInt16
	case v >= 0:
		return int16(v + 0.5)
	default:
		return int16(v - 0.5)
	}
}

// besselI0 is the zeroth-order modified Bessel function of the first kind,
// by its power series (converges quickly for the betas used here).
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	q := x * x / 4
	for k := 1; k < 200; k++ {
		term *= q / float64(k*k)
		sum += term
		if term < sum*1e-17 {
			break
		}
	}
	return sum
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
