package audio

import (
	"math"
	"math/rand/v2"
)

// tone returns n samples of a sine of freq Hz and peak amplitude amp at rate,
// starting at sample index start (so consecutive calls continue the phase).
func tone(rate int, freq, amp float64, n, start int) []int16 {
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(math.Round(amp * math.Sin(2*math.Pi*freq*float64(start+i)/float64(rate))))
	}
	return out
}

// noise returns n samples of uniform white noise with the given RMS level.
func noise(r *rand.Rand, rms float64, n int) []int16 {
	out := make([]int16, n)
	a := rms * math.Sqrt(3) // uniform in [-a, a] has RMS a/sqrt(3)
	for i := range out {
		out[i] = int16(math.Round((r.Float64()*2 - 1) * a))
	}
	return out
}

// rms returns the root mean square of s.
func rms(s []int16) float64 {
	if len(s) == 0 {
		return 0
	}
	var sum float64
	for _, v := range s {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum / float64(len(s)))
}
